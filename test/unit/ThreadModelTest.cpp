//===--- ThreadModelTest.cpp ----------------------------------------------===//

#include "analysis/ThreadModel.h"
#include "AnnotatedCode.h"
#include "analysis/Summarize.h"
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

/// Enough of <thread>, <vector> and <pthread.h> for the handed-over tests.
const char *ThreadDecls = R"cpp(
  namespace std {
  class thread {
  public:
    thread();
    thread(thread &&);
    void join(); void detach(); bool joinable() const; int get_id() const;
  };
  template <typename T> T &&move(T &t) { return static_cast<T &&>(t); }
  template <typename T> struct vector {
    T *begin(); T *end(); void clear(); unsigned size() const;
  };
  }
  typedef unsigned long pthread_t;
  int pthread_join(pthread_t, void **);
  int pthread_detach(pthread_t);
  int pthread_cancel(pthread_t);
  void keep(std::thread &&);
)cpp";

/// What each parameter 0 of the functions \p Names does to its thread.
std::vector<ThreadUse> threadUses(AnnotatedCode &Code,
                                  std::vector<const char *> Names) {
  std::vector<ThreadUse> Uses;
  for (const char *Name : Names) {
    const FunctionDecl *F = Code.function(Name);
    EXPECT_NE(F, nullptr) << Name;
    ThreadParamUses Walk(*F);
    forEachStatement(F->getBody(), [&](const Stmt *S) {
      Walk.add(S);
      return true;
    });
    Uses.push_back(Walk.use(0));
  }
  return Uses;
}

TEST(ThreadModelTest, WhatAFunctionDoesToTheThreadsItIsGiven) {
  AnnotatedCode Code(std::string(ThreadDecls) + R"cpp(
    void joins(std::thread t) { if (t.joinable()) t.join(); }
    void detaches(std::thread &t) { t.detach(); }
    void asks(const std::thread &t) { (void)t.get_id(); }
    void both(std::thread &t, bool wait) { if (wait) t.join(); else t.detach(); }
    void moves_on(std::thread &t) { keep(std::move(t)); }
    void drops(std::thread t) { (void)t.joinable(); }
    void joins_all(std::vector<std::thread> &v) {
      for (std::thread &t : v) t.join();
      v.clear();
    }
    unsigned counts(const std::vector<std::thread> &v) { return v.size(); }
    void reaps(pthread_t tid) { pthread_cancel(tid); pthread_join(tid, 0); }
    void reaps_all(pthread_t *tids, int n) {
      for (int i = 0; i < n; ++i) pthread_join(tids[i], 0);
    }
    void lets_go(pthread_t tid) { pthread_detach(tid); }
    void no_thread(int n) { (void)n; }
  )cpp");
  EXPECT_EQ(threadUses(Code, {"joins", "detaches", "asks", "both", "moves_on",
                              "drops", "joins_all", "counts", "reaps",
                              "reaps_all", "lets_go", "no_thread"}),
            (std::vector<ThreadUse>{
                ThreadUse::Joins, ThreadUse::Detaches, ThreadUse::Borrows,
                ThreadUse::Unknown, ThreadUse::Unknown,
                // A thread taken by value: the caller's is moved from.
                ThreadUse::Unknown, ThreadUse::Joins, ThreadUse::Borrows,
                ThreadUse::Joins, ThreadUse::Joins, ThreadUse::Detaches,
                ThreadUse::Unknown}));
}

TEST(ThreadModelTest, CallsGivenAThread) {
  AnnotatedCode Code(std::string(ThreadDecls) + R"cpp(
    void take(std::thread); void look(const std::thread &);
    void reap(pthread_t); void start(pthread_t *);
    void f() {
      std::thread t;
      look(t);
      take(std::move(t));
      pthread_t tid;
      start(&tid);
      reap(tid);
    }
  )cpp");
  const FunctionDecl *F = Code.function("f");
  ASSERT_NE(F, nullptr);
  std::vector<std::string> Seen;
  forEachStatement(F->getBody(), [&](const Stmt *S) {
    if (const auto *Decl = dyn_cast<DeclStmt>(S))
      if (const auto *Var = dyn_cast<VarDecl>(Decl->getSingleDecl()))
        for (auto [Call, Index] : callsGiven(F->getBody(), Var))
          Seen.push_back(Var->getName().str() + ":" +
                         Call->getDirectCallee()->getName().str() + "#" +
                         std::to_string(Index));
    return true;
  });
  llvm::sort(Seen);
  EXPECT_EQ(Seen, (std::vector<std::string>{"t:look#0", "t:take#0",
                                            "tid:reap#0", "tid:start#0"}));
}

// The unit's summary carries the same facts, gathered by the one walk that
// finds the functions to summarize, and what a function unlocks for its
// caller.
TEST(ThreadModelTest, SummariesSayWhatFunctionsDoToThreadsAndMutexes) {
  AnnotatedCode Code(std::string(ThreadDecls) + R"cpp(
    namespace std { struct mutex { void lock(); void unlock(); }; }
    struct Conn { std::mutex m; int n; };
    std::mutex table_lock;
    void joins(std::thread t) { t.join(); }
    void asks(const std::thread &t, int) { (void)t.joinable(); }
    void unlock_conn(int n, Conn *c) { c->n = n; c->m.unlock(); }
    void relock_conn(Conn *c) { c->m.unlock(); c->m.lock(); }
    void table_done() { table_lock.unlock(); }
    void in_lambda(Conn *c) {
      auto f = [](Conn *d) { d->m.unlock(); };
      f(c);
    }
  )cpp");
  ResourceModel Model = ResourceModel::builtin(), Heap = ResourceModel::heap();
  SummaryFile Unit = summarizeUnit(Code.context(), Model, Heap);
  auto Param = [&](const char *Key, unsigned Index) -> ParamSummary {
    const FunctionSummary &F = Unit.Functions[Key];
    return Index < F.Params.size() ? F.Params[Index] : ParamSummary();
  };
  EXPECT_EQ(Param("c:@F@joins#$@N@std@S@thread#", 0).Thread, ThreadUse::Joins);
  EXPECT_EQ(Param("c:@F@asks#&1$@N@std@S@thread#I#", 0).Thread,
            ThreadUse::Borrows);
  EXPECT_FALSE(Param("c:@F@unlock_conn#I#*$@S@Conn#", 0).Unlocks);
  EXPECT_TRUE(Param("c:@F@unlock_conn#I#*$@S@Conn#", 1).Unlocks);
  // It locks what it unlocks: not for its caller.
  EXPECT_FALSE(Param("c:@F@relock_conn#*$@S@Conn#", 0).Unlocks);
  EXPECT_EQ(Unit.Functions["c:@F@table_done#"].UnlocksGlobals,
            std::vector<std::string>{"c:@table_lock"});
  // A lambda's parameter is not the function's.
  EXPECT_FALSE(Param("c:@F@in_lambda#*$@S@Conn#", 0).Unlocks);
}

} // namespace
} // namespace leakguard::test
