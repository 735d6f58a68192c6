//===--- ObjectKeyTest.cpp ------------------------------------------------===//

#include "analysis/ObjectKey.h"
#include "AnnotatedCode.h"
#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

TEST(ObjectKeyTest, SameObjectSameKey) {
  AnnotatedCode Code(R"cpp(
    struct M { void lock(); int x; };
    struct S {
      M m;
      void f() { $implicit^m.lock(); $explicit^this->m.lock(); }
    };
    M g;
    void h(M *p) {
      $global^g.lock();
      $arrow^p->lock();
      $deref^(*p).lock();
    }
  )cpp");
  auto Key = [&](llvm::StringRef Point) -> std::optional<std::string> {
    const auto *Call = Code.nodeAt<CXXMemberCallExpr>(Point);
    EXPECT_NE(Call, nullptr) << Point.str();
    if (!Call)
      return std::nullopt;
    const auto *Callee = cast<MemberExpr>(Call->getCallee());
    return Callee->isArrow() ? pointeeKey(Callee->getBase())
                             : objectKey(Callee->getBase());
  };
  ASSERT_TRUE(Key("implicit"));
  EXPECT_EQ(Key("implicit"), Key("explicit"));
  EXPECT_NE(Key("implicit"), Key("global"));
  EXPECT_EQ(Key("arrow"), Key("deref"));
  EXPECT_NE(Key("arrow"), Key("global"));
}

TEST(ObjectKeyTest, AddressOfIsTheObject) {
  AnnotatedCode Code(R"cpp(
    int m;
    void take(int *);
    void f() { take($addr^&m); int $use^k = m; (void)k; }
  )cpp");
  const auto *AddrOf = Code.nodeAt<UnaryOperator>("addr");
  ASSERT_NE(AddrOf, nullptr);
  auto ViaPointer = pointeeKey(AddrOf);
  auto Direct = objectKey(AddrOf->getSubExpr());
  ASSERT_TRUE(ViaPointer);
  EXPECT_EQ(ViaPointer, Direct);
}

TEST(ObjectKeyTest, NoKeyForComputedObjects) {
  AnnotatedCode Code(R"cpp(
    struct M { void lock(); };
    M &pick(int);
    void f() { $call^pick(1).lock(); }
  )cpp");
  const auto *Call = Code.nodeAt<CXXMemberCallExpr>("call");
  ASSERT_NE(Call, nullptr);
  EXPECT_FALSE(objectKey(Call->getImplicitObjectArgument()));
}

} // namespace
} // namespace leakguard::test
