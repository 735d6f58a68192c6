//===--- OwnerRewriterTest.cpp --------------------------------------------===//

#include "analysis/OwnerRewriter.h"
#include "AnnotatedCode.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;
using namespace clang;

namespace leakguard::test {
namespace {

TEST(OwnerRewriterTest, WhichHandlesAreDescriptors) {
  AnnotatedCode Code(R"cpp(
    void f() {
      $fd^int fd = 0;
      $wide^long wide = 0;
      $ptr^int *ptr = nullptr;
      $pair^int pair[2];
      $three^int three[3];
    }
  )cpp");
  auto Var = [&](llvm::StringRef Point) {
    const auto *Decl = Code.nodeAt<DeclStmt>(Point);
    return Decl ? dyn_cast<VarDecl>(Decl->getSingleDecl()) : nullptr;
  };
  ResourceApi Close;
  Close.Releasers = {"close"};
  ResourceApi Pipe = Close;
  Pipe.OutParam = 0;
  ResourceApi Stream;
  Stream.Releasers = {"fclose"};
  ResourceApi SecondArg = Close;
  SecondArg.ReleaseArg = 1;

  EXPECT_TRUE(isDescriptorHandle(&Close, Var("fd")));
  // An integer, not an int: the rewriter refuses it with its reason.
  EXPECT_TRUE(isDescriptorHandle(&Close, Var("wide")));
  EXPECT_FALSE(isDescriptorHandle(&Close, Var("ptr")));
  EXPECT_FALSE(isDescriptorHandle(&Close, Var("pair")));
  EXPECT_TRUE(isDescriptorHandle(&Pipe, Var("pair")));
  EXPECT_FALSE(isDescriptorHandle(&Pipe, Var("three")));
  EXPECT_FALSE(isDescriptorHandle(&Pipe, Var("fd")));
  EXPECT_FALSE(isDescriptorHandle(&Stream, Var("fd")));
  EXPECT_FALSE(isDescriptorHandle(&SecondArg, Var("fd")));
  EXPECT_FALSE(isDescriptorHandle(nullptr, Var("fd")));
}

} // namespace
} // namespace leakguard::test
