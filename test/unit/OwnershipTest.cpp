//===--- OwnershipTest.cpp ------------------------------------------------===//

#include "analysis/Ownership.h"
#include "AnnotatedCode.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

// The C library's declarations, as if from a system header.
const char *const Prelude = R"cpp(
# 1 "/usr/include/leakguard-test-libc.h" 1 3
  extern "C" {
  void *malloc(unsigned long);
  void free(void *);
  char *strcpy(char *, const char *);
  struct FILE;
  FILE *fopen(const char *, const char *);
  int fclose(FILE *);
  int fputs(const char *, FILE *);
  int open(const char *, int);
  int close(int);
  }
# 1 "main.cpp" 2
  void keep(void *);
  void keepFd(int);
)cpp";

/// Follows the acquisition at $acquire^ in the function `f`.
struct Followed {
  AnnotatedCode Code;
  std::unique_ptr<CFG> Cfg;
  std::unique_ptr<ParentMap> Parents;
  ResourceModel Model = ResourceModel::builtin();
  ResourceModel Heap = ResourceModel::heap();
  CalleeFacts Facts{Model};
  OwnershipEngine Engine{Model, Heap, nullptr, Facts};
  Acquired What;
  OwnershipResult Result;

  explicit Followed(llvm::StringRef Annotated, FollowPolicy Policy = {})
      : Code((llvm::Twine(Prelude) + Annotated).str()) {
    const FunctionDecl *F = Code.function("f");
    EXPECT_NE(F, nullptr);
    Cfg = CFG::buildCFG(F, F->getBody(), &Code.context(), CFG::BuildOptions());
    Parents = std::make_unique<ParentMap>(F->getBody());
    if (const auto *New = Code.nodeAt<CXXNewExpr>("acquire")) {
      static ResourceApi NewApi;
      NewApi.Failure = FailureTest::None;
      What.K = Acquired::New;
      What.Acquire = New;
      What.Site = {nullptr, &NewApi, heldIn(New, *Parents), nullptr};
    } else {
      const auto *Call = Code.nodeAt<CallExpr>("acquire");
      EXPECT_NE(Call, nullptr);
      const ResourceApi *Api = Engine.acquiredBy(Call->getDirectCallee());
      EXPECT_NE(Api, nullptr);
      What.K = Heap.acquiredBy(Call->getDirectCallee()) ? Acquired::Memory
                                                        : Acquired::Handle;
      What.Acquire = Call;
      What.Site = acquisitionSite(Call, *Api, *Parents);
    }
    EXPECT_NE(What.Site.Handle, nullptr);
    Result = Engine.follow(What, *Cfg, *Parents, F->getBody(), Code.context(),
                           Policy);
    EXPECT_TRUE(Result.Complete);
  }
};

TEST(OwnershipTest, NeverReleasedMemory) {
  Followed F(R"cpp(
    void f() {
      char *p = (char *)$acquire^malloc(100);
      if (!p) return;
      strcpy(p, "x");
    }
  )cpp");
  // The failed branch holds nothing; strcpy borrows (the C library).
  EXPECT_TRUE(F.Result.neverReleased());
  EXPECT_EQ(F.Result.Exits.size(), 1u);
  EXPECT_TRUE(F.Result.Lent.empty());
}

TEST(OwnershipTest, NewNeverDeleted) {
  Followed F(R"cpp(
    struct S { int a; };
    void f() { S *s = $acquire^new S; s->a = 1; }
  )cpp");
  EXPECT_TRUE(F.Result.neverReleased());
}

TEST(OwnershipTest, DeleteAndFreeRelease) {
  Followed F(R"cpp(
    void f(bool c) {
      int *p = $acquire^new int[10];
      if (c) { delete[] p; return; }
      p[0] = 1;
    }
  )cpp");
  EXPECT_EQ(F.Result.Releases.size(), 1u);
  ASSERT_EQ(F.Result.Exits.size(), 1u);
  EXPECT_EQ(F.Result.Exits[0].Kind, ExitKind::FunctionEnd);
}

TEST(OwnershipTest, LentThenReleasedIsABorrow) {
  // keep() is not known, but the release that follows says it lent.
  Followed F(R"cpp(
    void f() {
      char *p = (char *)$acquire^malloc(10);
      keep(p);
      free(p);
    }
  )cpp");
  EXPECT_EQ(F.Result.Lent.size(), 1u);
  EXPECT_EQ(F.Result.Releases.size(), 1u);
  EXPECT_TRUE(F.Result.Exits.empty());
}

TEST(OwnershipTest, APathThatLentAndLeftMayHaveHandedOver) {
  Followed F(R"cpp(
    void f(bool c, bool d) {
      char *p = (char *)$acquire^malloc(10);
      if (c) { keep(p); return; }
      if (d) return;
      free(p);
    }
  )cpp");
  // Only the path that never met keep() leaks.
  ASSERT_EQ(F.Result.Exits.size(), 1u);
  EXPECT_TRUE(F.Result.MaybeHandedOver);
  EXPECT_FALSE(F.Result.neverReleased());
}

TEST(OwnershipTest, ReturnedIsHandedOff) {
  Followed F(R"cpp(
    char *f() {
      char *p = (char *)$acquire^malloc(10);
      return p;
    }
  )cpp");
  EXPECT_EQ(F.Result.HandOffs.size(), 1u);
  EXPECT_TRUE(F.Result.Exits.empty());
}

TEST(OwnershipTest, NullTestedReleaseHoldsNothingElse) {
  Followed F(R"cpp(
    void f() {
      FILE *h = $acquire^fopen("x", "r");
      fputs("a", h);
      if (h) fclose(h);
    }
  )cpp");
  // fputs borrows a typed handle of the C library; the null branch holds
  // nothing.
  EXPECT_TRUE(F.Result.Exits.empty());
  EXPECT_TRUE(F.Result.Lent.empty());
}

TEST(OwnershipTest, ADescriptorGivenToAnUnknownCallIsLent) {
  Followed F(R"cpp(
    void f(bool c) {
      int fd = $acquire^open("x", 0);
      if (fd < 0) return;
      keepFd(fd);
    }
  )cpp");
  EXPECT_EQ(F.Result.Lent.size(), 1u);
  EXPECT_TRUE(F.Result.Exits.empty());
  // Unless unknown calls are known not to keep anything.
  FollowPolicy Strict;
  Strict.UnknownCallsEscape = false;
  Followed G(R"cpp(
    void f(bool c) {
      int fd = $acquire^open("x", 0);
      if (fd < 0) return;
      keepFd(fd);
    }
  )cpp",
             Strict);
  EXPECT_EQ(G.Result.Exits.size(), 1u);
}

TEST(OwnershipTest, OverwrittenWhileHeld) {
  Followed F(R"cpp(
    void f() {
      FILE *h = $acquire^fopen("a", "r");
      h = fopen("b", "r");
      fclose(h);
    }
  )cpp");
  EXPECT_EQ(F.Result.Overwrites.size(), 1u);
}

TEST(OwnershipTest, FunctionsOfTheFileThatReleaseOrBorrow) {
  Followed F(R"cpp(
    void dispose(char *q) { if (q) free(q); }
    int length(char *q) { return q ? 1 : 0; }
    void f() {
      char *p = (char *)$acquire^malloc(10);
      length(p);
      dispose(p);
    }
  )cpp");
  EXPECT_TRUE(F.Result.Lent.empty());
  EXPECT_EQ(F.Result.Releases.size(), 1u);
  EXPECT_TRUE(F.Result.Exits.empty());
}

TEST(OwnershipTest, WrappersAcquire) {
  AnnotatedCode Code((llvm::Twine(Prelude) + R"cpp(
    FILE *openLog() { FILE *f = fopen("log", "a"); return f; }
    FILE *maybe(bool c) { if (c) return nullptr; return fopen("x", "r"); }
    FILE *mixed(bool c, FILE *other) { if (c) return other; return fopen("x", "r"); }
  )cpp")
                         .str());
  ResourceModel Model = ResourceModel::builtin();
  CalleeFacts Facts(Model);
  const ResourceApi *Fopen = Facts.acquiredBy(Code.function("openLog"));
  ASSERT_NE(Fopen, nullptr);
  EXPECT_EQ(Fopen->Releasers.front(), "fclose");
  EXPECT_EQ(Facts.acquiredBy(Code.function("openLog")), Fopen);
  EXPECT_EQ(Facts.acquiredBy(Code.function("maybe")), Fopen);
  EXPECT_EQ(Facts.acquiredBy(Code.function("mixed")), nullptr);
}

/// Follows the lock taken at $lock^ in the function `f`.
struct FollowedLock {
  AnnotatedCode Code;
  std::unique_ptr<CFG> Cfg;
  std::unique_ptr<ParentMap> Parents;
  ResourceModel Model;
  CalleeFacts Facts{Model};
  OwnershipEngine Engine{Model, Model, nullptr, Facts};
  LockModel Locks = LockModel::defaults();
  LockFacts LockFacts{Locks};
  std::optional<LockCall> Lock;
  Acquired What;
  OwnershipResult Result;

  explicit FollowedLock(llvm::StringRef Annotated)
      : Code((llvm::Twine(R"cpp(
    namespace std {
      struct mutex { void lock(); void unlock(); };
      struct adopt_lock_t {}; constexpr adopt_lock_t adopt_lock{};
      template <class M> struct lock_guard {
        lock_guard(M &, adopt_lock_t); ~lock_guard();
      };
      struct condition_variable { void wait(mutex &); };
    }
    extern "C" int pthread_mutex_lock(int *);
    extern "C" int pthread_mutex_unlock(int *);
    void unlockLater(std::mutex &);
    std::mutex m;
    std::condition_variable cv;
    int pm;
  )cpp") + Annotated)
                 .str()) {
    const FunctionDecl *F = Code.function("f");
    EXPECT_NE(F, nullptr);
    Cfg = CFG::buildCFG(F, F->getBody(), &Code.context(), CFG::BuildOptions());
    Parents = std::make_unique<ParentMap>(F->getBody());
    Lock = classifyLockCall(Code.nodeAt<CallExpr>("lock"), Locks);
    EXPECT_TRUE(Lock);
    What.K = Acquired::Lock;
    What.Acquire = Lock->Call;
    What.Locking = &*Lock;
    What.Locks = &LockFacts;
    Result = Engine.follow(What, *Cfg, *Parents, F->getBody(), Code.context(),
                           FollowPolicy());
    EXPECT_TRUE(Result.Complete);
  }
};

TEST(OwnershipTest, ALockIsReleasedByItsUnlock) {
  FollowedLock F(R"cpp(
    int f(bool c) {
      $lock^m.lock();
      if (c) return 1;
      cv.wait(m);
      m.unlock();
      return 0;
    }
  )cpp");
  EXPECT_EQ(F.Result.Releases.size(), 1u);
  EXPECT_EQ(F.Result.Borrows.size(), 1u);
  ASSERT_EQ(F.Result.Exits.size(), 1u);
  EXPECT_EQ(F.Result.Exits[0].Kind, ExitKind::Return);
}

TEST(OwnershipTest, ALockAdoptedOrHandedOff) {
  FollowedLock Adopted(R"cpp(
    void f() {
      $lock^m.lock();
      std::lock_guard<std::mutex> g(m, std::adopt_lock);
    }
  )cpp");
  EXPECT_EQ(Adopted.Result.Releases.size(), 1u);
  EXPECT_TRUE(Adopted.Result.Exits.empty());
  FollowedLock Handed(R"cpp(
    void f() {
      $lock^m.lock();
      unlockLater(m);
    }
  )cpp");
  EXPECT_EQ(Handed.Result.HandOffs.size(), 1u);
  EXPECT_TRUE(Handed.Result.Exits.empty());
}

TEST(OwnershipTest, ALockFunctionThatFailedOrAFunctionThatUnlocks) {
  FollowedLock F(R"cpp(
    void done() { pthread_mutex_unlock(&pm); }
    int f(bool c) {
      if ($lock^pthread_mutex_lock(&pm) != 0) return -1;
      if (c) { done(); return 1; }
      pthread_mutex_unlock(&pm);
      return 0;
    }
  )cpp");
  EXPECT_EQ(F.Result.HandOffs.size(), 1u);
  EXPECT_EQ(F.Result.Releases.size(), 1u);
  EXPECT_TRUE(F.Result.Exits.empty());
}

TEST(OwnershipTest, AReturnThatLeavesTheLockToTheCaller) {
  FollowedLock F(R"cpp(
    struct Out { int v; };
    int f(Out *out, bool c) {
      $lock^pthread_mutex_lock(&pm);
      if (c) {
        out->v = 1;
        return 0;
      }
      pthread_mutex_unlock(&pm);
      return 1;
    }
  )cpp");
  EXPECT_EQ(F.Result.HandOffs.size(), 1u);
  EXPECT_TRUE(F.Result.Exits.empty());
}

} // namespace
} // namespace leakguard::test
