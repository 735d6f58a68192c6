//===--- ThrowOracleTest.cpp ----------------------------------------------===//

#include "AnnotatedCode.h"
#include "ThrowOracle.h"
#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

using namespace clang;

namespace leakguard::test {
namespace {

constexpr const char *Source = R"cpp(
  extern "C" int c_function(int);
  void unknown();
  void quiet() noexcept;
  void thrower() { throw 1; }
  void safe() { quiet(); }
  struct Trivial { int x; };
  struct Heavy { Heavy(); };
  void (*pointer)();
  [[noreturn]] void fatal(const char *);
  [[noreturn]] void raise_error() { throw 2; }
  void f() {
    $fatal^fatal("x"); $raise^raise_error();
    $c^c_function(1); $unknown^unknown(); $quiet^quiet();
    $thrower^thrower(); $safe^safe(); Trivial $trivial^t{}; (void)t;
    $heavy^Heavy(); $pointer^pointer();
  }
)cpp";

TEST(ThrowOracleTest, KnowsWhatCannotThrow) {
  AnnotatedCode Code(Source);
  ThrowOracle Oracle(/*UnknownCallsMayThrow=*/true);
  EXPECT_FALSE(Oracle.mayThrow(Code.nodeAt<CallExpr>("c")));
  EXPECT_FALSE(Oracle.mayThrow(Code.nodeAt<CallExpr>("quiet")));
  EXPECT_FALSE(Oracle.mayThrow(Code.nodeAt<CallExpr>("safe")));
  EXPECT_TRUE(Oracle.mayThrow(Code.nodeAt<CallExpr>("thrower")));
  EXPECT_TRUE(Oracle.mayThrow(Code.nodeAt<CallExpr>("unknown")));
  EXPECT_TRUE(Oracle.mayThrow(Code.nodeAt<CXXConstructExpr>("heavy")));
  EXPECT_TRUE(Oracle.mayThrow(Code.nodeAt<CallExpr>("pointer")));
  // Abort-like: noreturn and defined elsewhere. A visible body that throws
  // is analyzed like any other.
  EXPECT_FALSE(Oracle.mayThrow(Code.nodeAt<CallExpr>("fatal")));
  EXPECT_TRUE(Oracle.mayThrow(Code.nodeAt<CallExpr>("raise")));
}

TEST(ThrowOracleTest, UnknownCallsFollowTheOption) {
  AnnotatedCode Code(Source);
  ThrowOracle Oracle(/*UnknownCallsMayThrow=*/false);
  EXPECT_FALSE(Oracle.mayThrow(Code.nodeAt<CallExpr>("unknown")));
  EXPECT_FALSE(Oracle.mayThrow(Code.nodeAt<CallExpr>("pointer")));
  EXPECT_TRUE(Oracle.mayThrow(Code.nodeAt<CallExpr>("thrower")));
}

} // namespace
} // namespace leakguard::test
