//===--- ThrowOracleTest.cpp ----------------------------------------------===//

#include "analysis/ThrowOracle.h"
#include "AnnotatedCode.h"
#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

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

TEST(ThrowOracleTest, ContainersOnlyFailToAllocate) {
  AnnotatedCode Code(R"cpp(
    namespace std {
    template <typename T> struct vector {
      void push_back(const T &);
      T &at(unsigned);
    };
    template <typename C> struct basic_string {
      basic_string &append(const C *);
    };
    template <typename C>
    basic_string<C> operator+(const basic_string<C> &, const C *);
    }
    void f(std::vector<int> &v, std::basic_string<char> &s) {
      $push^v.push_back(1); $at^v.at(0); $append^s.append("x");
      (void)($plus^s + "y");
    }
  )cpp");
  ThrowOracle Oracle(/*UnknownCallsMayThrow=*/true);
  EXPECT_FALSE(Oracle.mayThrow(Code.nodeAt<CallExpr>("push")));
  EXPECT_FALSE(Oracle.mayThrow(Code.nodeAt<CallExpr>("append")));
  EXPECT_FALSE(Oracle.mayThrow(Code.nodeAt<CallExpr>("plus")));
  // The checked accessor throws std::out_of_range.
  EXPECT_TRUE(Oracle.mayThrow(Code.nodeAt<CallExpr>("at")));
}

TEST(ThrowOracleTest, ExceptionsEndTheProcessInThreadEntries) {
  AnnotatedCode Code(R"cpp(
    namespace std {
    struct thread {
      template <class F, class... A> explicit thread(F &&, A &&...);
      void join();
    };
    template <class F> int async(F &&);
    }
    void work();
    void flush() noexcept { work(); }
    void plain() { work(); }
    void f(int n) {
      auto task = $task^[&](int id) { work(); };
      std::thread a(task, 1), b(task, 2);
      std::thread c($inline^[] { work(); });
      auto called = $called^[] { work(); };
      std::thread d(called);
      called();
      std::async($async^[] { work(); });
    }
  )cpp");
  auto Operator = [&](llvm::StringRef Name) -> const FunctionDecl * {
    const auto *Lambda = Code.nodeAt<LambdaExpr>(Name);
    return Lambda ? Lambda->getCallOperator() : nullptr;
  };
  EXPECT_TRUE(exceptionsEndTheProcess(Code.function("flush")));
  EXPECT_FALSE(exceptionsEndTheProcess(Code.function("plain")));
  // Only ever a thread's callable: nothing can catch what it throws.
  EXPECT_TRUE(exceptionsEndTheProcess(Operator("task")));
  EXPECT_TRUE(exceptionsEndTheProcess(Operator("inline")));
  // Called directly too, or run by std::async: the caller may catch.
  EXPECT_FALSE(exceptionsEndTheProcess(Operator("called")));
  EXPECT_FALSE(exceptionsEndTheProcess(Operator("async")));
}

} // namespace
} // namespace leakguard::test
