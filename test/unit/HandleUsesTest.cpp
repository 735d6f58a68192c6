//===--- HandleUsesTest.cpp -----------------------------------------------===//

#include "analysis/HandleUses.h"
#include "AnnotatedCode.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

TEST(HandleUsesTest, ConstParametersBorrow) {
  AnnotatedCode Code(R"cpp(
    struct T {};
    void f(const T *, T *, const T &, T *const &, const T *&, T *&,
           const T *const &) {}
  )cpp");
  const FunctionDecl *F = Code.function("f");
  ASSERT_NE(F, nullptr);
  EXPECT_TRUE(isConstParameter(F, 0));  // const T *
  EXPECT_FALSE(isConstParameter(F, 1)); // T *
  EXPECT_TRUE(isConstParameter(F, 2));  // const T &
  // A reference to a pointer: push_back's `T *const &` keeps the pointer,
  // `const T *&` and `T *&` may reseat the caller's.
  EXPECT_FALSE(isConstParameter(F, 3));
  EXPECT_FALSE(isConstParameter(F, 4));
  EXPECT_FALSE(isConstParameter(F, 5));
  EXPECT_TRUE(isConstParameter(F, 6));  // const T *const &
  EXPECT_FALSE(isConstParameter(F, 7)); // No such parameter.
}

TEST(HandleUsesTest, WhereTheHandleGoes) {
  AnnotatedCode Code(R"cpp(
    extern "C" void *get();
    extern "C" int open_into(int, void **);
    extern "C" int pipe(int *);
    void keep(void *);
    void f() {
      char *cast = (char *)$cast^get();
      void *assigned;
      assigned = $assigned^get();
      void *out;
      int rc = $out^open_into(1, &out);
      int fds[2];
      $pipe^pipe(fds);
      keep($passed^get());
    }
  )cpp");
  const FunctionDecl *F = Code.function("f");
  ASSERT_NE(F, nullptr);
  ParentMap Parents(F->getBody());
  ResourceApi Returned;
  ResourceApi Out;
  Out.OutParam = 1;
  ResourceApi Pipe;
  Pipe.OutParam = 0;
  auto HandleName = [&](llvm::StringRef Point, const ResourceApi &Api) {
    AcquisitionSite Site =
        acquisitionSite(Code.nodeAt<CallExpr>(Point), Api, Parents);
    return Site.Handle ? Site.Handle->getName().str() : std::string("-");
  };
  EXPECT_EQ(HandleName("cast", Returned), "cast");
  EXPECT_EQ(HandleName("assigned", Returned), "assigned");
  EXPECT_EQ(HandleName("out", Out), "out");
  EXPECT_EQ(HandleName("pipe", Pipe), "fds");
  EXPECT_EQ(HandleName("passed", Returned), "-");
  // An out-parameter API keeps its own result to test for failure.
  AcquisitionSite Site =
      acquisitionSite(Code.nodeAt<CallExpr>("out"), Out, Parents);
  ASSERT_NE(Site.Result, nullptr);
  EXPECT_EQ(Site.Result->getName(), "rc");
}

TEST(HandleUsesTest, AddressesOfLocalObjects) {
  AnnotatedCode Code(R"cpp(
    struct S { int x; int a[4]; };
    S global;
    void f(char *param, S &ref) {
      char buf[8];
      S local;
      static char kept[8];
      char *p = buf;
      bool b[] = {
        $array^buf == p, $plus^buf + 2 == p, $element^&buf[1] == p,
        $local^&local == nullptr, $field^&local.x == nullptr,
        $nested^&local.a[1] == nullptr, $cast^(void *)&local == nullptr,
        $param^&param == nullptr,
        $pointer^p == p, $through^&param[1] == p, $ref^&ref == nullptr,
        $global^&global == nullptr, $static^kept == p,
        $arrow^&(&local)->x == nullptr};
    }
  )cpp");
  auto Left = [&](llvm::StringRef Point) {
    return isAddressOfLocalObject(Code.nodeAt<BinaryOperator>(Point)->getLHS());
  };
  EXPECT_TRUE(Left("array"));
  EXPECT_TRUE(Left("plus"));
  EXPECT_TRUE(Left("element"));
  EXPECT_TRUE(Left("local"));
  EXPECT_TRUE(Left("field"));
  EXPECT_TRUE(Left("nested"));
  EXPECT_TRUE(Left("cast"));
  EXPECT_TRUE(Left("param"));    // The parameter's own address.
  EXPECT_FALSE(Left("pointer")); // What a pointer holds is not known.
  EXPECT_FALSE(Left("through"));
  EXPECT_FALSE(Left("ref"));
  EXPECT_FALSE(Left("global"));
  EXPECT_FALSE(Left("static"));
  EXPECT_FALSE(Left("arrow"));
}

} // namespace
} // namespace leakguard::test
