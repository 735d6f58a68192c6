//===--- ThreadModelTest.cpp ----------------------------------------------===//

#include "analysis/ThreadModel.h"
#include "AnnotatedCode.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

bool noStopFlags(QualType) { return false; }

/// The offset of the endless loop of `f`, or ~0u.
unsigned endlessLoopOffset(AnnotatedCode &Code) {
  const FunctionDecl *F = Code.function("f");
  EXPECT_NE(F, nullptr);
  auto Loop = findEndlessLoop(*F, Code.context(), noStopFlags);
  return Loop ? Code.offsetOf(Loop->Loop->getBeginLoc()) : ~0u;
}

TEST(ThreadModelTest, ConstantConditionWithoutExitIsEndless) {
  AnnotatedCode Code(R"cpp(
    void work();
    void f() { work(); $loop^while (1) { work(); } }
  )cpp");
  EXPECT_EQ(endlessLoopOffset(Code), Code.point("loop"));
}

TEST(ThreadModelTest, ExitsEndTheLoop) {
  for (const char *Body :
       {"if (work()) break;", "if (work()) return;", "if (work()) throw 1;",
        "if (work()) die();", "if (work()) helper();", "if (stop) continue;"}) {
    AnnotatedCode Code(std::string(R"cpp(
      bool work(); [[noreturn]] void die(); void helper() { die(); }
      volatile bool stop;
      void f() { for (;;) { )cpp") +
                       Body + " } }");
    EXPECT_EQ(endlessLoopOffset(Code), ~0u) << Body;
  }
}

TEST(ThreadModelTest, LibraryErrorPathsDoNotEndTheLoop) {
  // A system header's inline function that reports a failure through a
  // noreturn call (libstdc++'s std::mutex::lock() and
  // __throw_system_error) is not a way out of the caller's loop; the same
  // function in the user's code is.
  const char *Library = R"cpp(
# 1 "mutex.h" 1 3
[[noreturn]] void throw_error(int);
struct mutex { int impl(); void lock() { if (int e = impl()) throw_error(e); } };
# 5 "input.cc" 2
)cpp";
  AnnotatedCode Code(std::string(Library) + R"cpp(
    mutex m; void work();
    void f() { $loop^for (;;) { m.lock(); work(); } }
  )cpp");
  EXPECT_EQ(endlessLoopOffset(Code), Code.point("loop"));
  AnnotatedCode User(R"cpp(
    [[noreturn]] void throw_error(int);
    struct mutex { int impl(); void lock() { if (int e = impl()) throw_error(e); } };
    mutex m; void work();
    void f() { for (;;) { m.lock(); work(); } }
  )cpp");
  EXPECT_EQ(endlessLoopOffset(User), ~0u);
}

TEST(ThreadModelTest, WaitingForWorkIsNoWayOut) {
  // A condition-variable wait whose predicate may test a stop flag ends the
  // loop; one that only waits for work (a pool's queue) does not.
  const char *Prelude = R"cpp(
    struct lock {};
    struct cv { template <class P> void wait(lock &, P); };
    struct queue { bool empty() const; unsigned size() const; };
    struct Pool {
      cv c; lock l; queue tasks; bool stop = false; void run();
      void f();
    };
  )cpp";
  AnnotatedCode Waits(std::string(Prelude) + R"cpp(
    void Pool::f() { $loop^for (;;) { c.wait(l, [this] { return !tasks.empty(); }); run(); } }
  )cpp");
  EXPECT_EQ(endlessLoopOffset(Waits), Waits.point("loop"));
  AnnotatedCode Sized(std::string(Prelude) + R"cpp(
    void Pool::f() { $loop^for (;;) { c.wait(l, [this] { return tasks.size() > 0; }); run(); } }
  )cpp");
  EXPECT_EQ(endlessLoopOffset(Sized), Sized.point("loop"));
  AnnotatedCode Stops(std::string(Prelude) + R"cpp(
    void Pool::f() { for (;;) { c.wait(l, [this] { return stop || !tasks.empty(); }); run(); } }
  )cpp");
  EXPECT_EQ(endlessLoopOffset(Stops), ~0u);
}

TEST(ThreadModelTest, LongRunningLoops) {
  // An endless loop, a loop on a stop flag (also in a function the body
  // calls), and a loop that ends by itself.
  auto Loop = [](llvm::StringRef Source) {
    AnnotatedCode Code(Source);
    const FunctionDecl *F = Code.function("f");
    const Stmt *Found =
        F ? longRunningLoop(*F, Code.context(), noStopFlags) : nullptr;
    return Found ? Code.offsetOf(Found->getBeginLoc()) : ~0u;
  };
  AnnotatedCode Endless("void work(); void f() { $l^for (;;) work(); }");
  EXPECT_EQ(Loop(Endless.code()), Endless.point("l"));
  AnnotatedCode Flag(R"cpp(
    void work(); volatile bool stop;
    void run() { $l^while (!stop) work(); }
    void f() { run(); }
  )cpp");
  EXPECT_EQ(Loop(Flag.code()), Flag.point("l"));
  EXPECT_EQ(Loop("bool work(); void f() { for (int i = 0; i < 3; ++i) "
                 "work(); while (work()) {} }"),
            ~0u);
}

TEST(ThreadModelTest, NeverDestroyedObjects) {
  AnnotatedCode Code(R"cpp(
    [[noreturn]] void abort();
    void log();
    struct Aborts { ~Aborts() { log(); abort(); } };
    struct Deleted { ~Deleted() = delete; };
    struct MayAbort { bool bad; ~MayAbort() { if (bad) abort(); } };
    struct Plain { ~Plain() { log(); } };
    struct Implicit {};
    Aborts a; MayAbort m; Plain p; Implicit i;
  )cpp");
  auto Never = [&](llvm::StringRef Name) {
    auto Found = Code.context().getTranslationUnitDecl()->lookup(
        &Code.context().Idents.get(Name));
    const auto *Record =
        Found.empty() ? nullptr : dyn_cast<CXXRecordDecl>(Found.front());
    EXPECT_NE(Record, nullptr) << Name.str();
    return Record && neverDestroyed(*Record);
  };
  EXPECT_TRUE(Never("Aborts"));
  EXPECT_TRUE(Never("Deleted"));
  EXPECT_FALSE(Never("MayAbort"));
  EXPECT_FALSE(Never("Plain"));
  EXPECT_FALSE(Never("Implicit"));
}

TEST(ThreadModelTest, LoopsInTryBlocksMayEndByExceptions) {
  AnnotatedCode Code(R"cpp(
    void work();
    void f() {
      try { for (;;) work(); } catch (...) { $loop^while (true) work(); }
    }
  )cpp",
                     {"-fexceptions", "-fcxx-exceptions"});
  EXPECT_EQ(endlessLoopOffset(Code), Code.point("loop"));
}

TEST(ThreadModelTest, BreakOfAnInnerLoopDoesNotEndIt) {
  AnnotatedCode Code(R"cpp(
    bool work();
    void f() { $loop^for (;;) { while (work()) { break; } } }
  )cpp");
  EXPECT_EQ(endlessLoopOffset(Code), Code.point("loop"));
}

TEST(ThreadModelTest, UnchangedLocalFlag) {
  AnnotatedCode Code(R"cpp(
    void work();
    void f() { bool run = true; $loop^while (run) work(); }
  )cpp");
  EXPECT_EQ(endlessLoopOffset(Code), Code.point("loop"));
  AnnotatedCode Changed(R"cpp(
    bool work();
    void f() { bool run = true; while (run) run = work(); }
  )cpp");
  EXPECT_EQ(endlessLoopOffset(Changed), ~0u);
}

TEST(ThreadModelTest, ResolvesLambdasAndFunctions) {
  AnnotatedCode Code(R"cpp(
    void body() {}
    template <typename F> void take(F) {}
    void f() {
      auto named = [] {};
      take($lambda^[] {});
      take($named^named);
      take($function^&body);
    }
  )cpp");
  auto Lambda = resolveThreadBody(Code.nodeAt<Expr>("lambda"));
  ASSERT_TRUE(Lambda);
  EXPECT_NE(Lambda->Lambda, nullptr);
  auto Named = resolveThreadBody(Code.nodeAt<Expr>("named"));
  ASSERT_TRUE(Named);
  EXPECT_NE(Named->Lambda, nullptr);
  auto Function = resolveThreadBody(Code.nodeAt<Expr>("function"));
  ASSERT_TRUE(Function);
  EXPECT_EQ(Function->Function->getName(), "body");
}

} // namespace
} // namespace leakguard::test
