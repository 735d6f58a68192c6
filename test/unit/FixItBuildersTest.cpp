//===--- FixItBuildersTest.cpp --------------------------------------------===//

#include "analysis/FixItBuilders.h"
#include "AnnotatedCode.h"
#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

/// Applies one removal to the code, for checking what is left.
std::string applyRemoval(AnnotatedCode &Code, const FixItHint &Fix) {
  unsigned Begin = Code.offsetOf(Fix.RemoveRange.getBegin());
  unsigned End = Code.offsetOf(Fix.RemoveRange.getEnd());
  std::string Result = Code.code();
  Result.replace(Begin, End - Begin, Fix.CodeToInsert);
  return Result;
}

TEST(FixItBuildersTest, RemovesAStatementAloneOnItsLine) {
  AnnotatedCode Code("void g();\nvoid f() {\n  g();\n  $call^g();\n  g();\n}\n");
  auto Fix = removeStatement(Code.nodeAt<CallExpr>("call"),
                             Code.sourceManager(), Code.context().getLangOpts());
  ASSERT_TRUE(Fix);
  EXPECT_EQ(applyRemoval(Code, *Fix),
            "void g();\nvoid f() {\n  g();\n  g();\n}\n");
}

TEST(FixItBuildersTest, RemovesOnlyTheStatementWhenTheLineHasMore) {
  AnnotatedCode Code("void g();\nvoid f() { $call^g(); g(); }\n");
  auto Fix = removeStatement(Code.nodeAt<CallExpr>("call"),
                             Code.sourceManager(), Code.context().getLangOpts());
  ASSERT_TRUE(Fix);
  EXPECT_EQ(applyRemoval(Code, *Fix), "void g();\nvoid f() {  g(); }\n");
}

TEST(FixItBuildersTest, NothingInsideMacros) {
  AnnotatedCode Code("void g();\n#define CALL() g()\nvoid f() { $call^CALL(); }\n");
  const auto *Call = Code.nodeAt<CallExpr>("call");
  ASSERT_NE(Call, nullptr);
  EXPECT_FALSE(removeStatement(Call, Code.sourceManager(),
                               Code.context().getLangOpts()));
  EXPECT_FALSE(spelledText(Call, Code.sourceManager(),
                           Code.context().getLangOpts()));
}

TEST(FixItBuildersTest, FreshNameAvoidsIdentifiersInUse) {
  AnnotatedCode Code(R"cpp(
    struct M { void lock(); };
    void lock(M &, M &);
    void f(M &a, M &b) {
      int guard = 0;
      a.lock();
      lock(a, b);
      (void)guard;
    }
  )cpp");
  const FunctionDecl *F = Code.function("f");
  ASSERT_NE(F, nullptr);
  // `lock` is called unqualified and `guard` is a local: both are taken;
  // `a.lock()` alone would not take `lock`.
  EXPECT_EQ(freshName({"lock", "guard"}, F->getBody(), Code.sourceManager(),
                      Code.context().getLangOpts()),
            "lock2");
  EXPECT_EQ(freshName({"lock", "guard", "mutex_lock"}, F->getBody(),
                      Code.sourceManager(), Code.context().getLangOpts()),
            "mutex_lock");
}

TEST(FixItBuildersTest, MemberNamesDoNotCount) {
  AnnotatedCode Code(R"cpp(
    struct M { void lock(); };
    void f(M &a) { a.lock(); }
  )cpp");
  EXPECT_EQ(freshName({"lock"}, Code.function("f")->getBody(),
                      Code.sourceManager(), Code.context().getLangOpts()),
            "lock");
}

} // namespace
} // namespace leakguard::test
