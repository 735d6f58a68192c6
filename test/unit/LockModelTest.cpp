//===--- LockModelTest.cpp ------------------------------------------------===//

#include "analysis/LockModel.h"
#include "AnnotatedCode.h"
#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

TEST(LockModelTest, ParsesFunctionPairs) {
  std::vector<std::string> Bad;
  auto Pairs = parseLockFunctionPairs(
      " my_lock : my_unlock ;broken; a:b:c ;;x_lock:x_unlock", Bad);
  ASSERT_EQ(Pairs.size(), 2u);
  EXPECT_EQ(Pairs[0].Lock, "my_lock");
  EXPECT_EQ(Pairs[0].Unlock, "my_unlock");
  EXPECT_EQ(Pairs[1].Lock, "x_lock");
  EXPECT_EQ(Bad, (std::vector<std::string>{"broken", "a:b:c"}));
  EXPECT_EQ(formatLockFunctionPairs(Pairs),
            "my_lock:my_unlock;x_lock:x_unlock");
}

TEST(LockModelTest, ClassifiesMemberAndFunctionCalls) {
  AnnotatedCode Code(R"cpp(
    namespace std { inline namespace __1 {
      struct mutex { void lock(); void unlock(); bool try_lock(); };
      struct shared_mutex { void lock_shared(); void unlock_shared(); };
    } }
    struct Derived : std::mutex {};
    struct Other { void lock(); };
    extern "C" int pthread_mutex_lock(int *);
    extern "C" int pthread_mutex_unlock(int *);
    std::mutex m; std::shared_mutex s; Derived d; Other o; int pm;
    void f() {
      $lock^m.lock(); $try^m.try_lock(); $unlock^m.unlock();
      $shared^s.lock_shared(); $derived^d.lock(); $other^o.lock();
      $plock^pthread_mutex_lock(&pm); $punlock^pthread_mutex_unlock(&pm);
    }
  )cpp");
  LockModel Model = LockModel::defaults();
  auto Classify = [&](llvm::StringRef Point) {
    return classifyLockCall(Code.nodeAt<CallExpr>(Point), Model);
  };
  auto Lock = Classify("lock");
  auto Unlock = Classify("unlock");
  ASSERT_TRUE(Lock && Unlock);
  EXPECT_EQ(Lock->Op, LockOp::Lock);
  EXPECT_EQ(Unlock->Op, LockOp::Unlock);
  EXPECT_TRUE(Lock->isUndoneBy(*Unlock));
  EXPECT_FALSE(Classify("try"));
  auto Shared = Classify("shared");
  ASSERT_TRUE(Shared);
  EXPECT_TRUE(Shared->Shared);
  EXPECT_FALSE(Shared->isUndoneBy(*Unlock));
  EXPECT_TRUE(Classify("derived"));
  EXPECT_FALSE(Classify("other"));
  auto PLock = Classify("plock");
  auto PUnlock = Classify("punlock");
  ASSERT_TRUE(PLock && PUnlock);
  EXPECT_TRUE(PLock->isUndoneBy(*PUnlock));
  EXPECT_FALSE(Lock->isUndoneBy(*PUnlock));
}

TEST(LockModelTest, ALockFunctionThatFailedHoldsNothing) {
  AnnotatedCode Code(R"cpp(
    extern "C" int pthread_mutex_lock(int *);
    extern "C" void uv_mutex_lock(int *);
    int pm;
    void f() {
      if ($nonzero^pthread_mutex_lock(&pm)) return;
      if (!$negated^pthread_mutex_lock(&pm)) return;
      if ($ne^pthread_mutex_lock(&pm) != 0) return;
      if (0 == $eq^pthread_mutex_lock(&pm)) return;
      if (__builtin_expect(!!($expect^pthread_mutex_lock(&pm)), 0)) return;
    }
  )cpp");
  LockModel Model = LockModel::defaults();
  const FunctionDecl *F = Code.function("f");
  ASSERT_NE(F, nullptr);
  auto Conditions = llvm::SmallVector<const Expr *, 5>();
  for (const Stmt *S : llvm::cast<CompoundStmt>(F->getBody())->body())
    Conditions.push_back(llvm::cast<IfStmt>(S)->getCond());
  const char *Points[] = {"nonzero", "negated", "ne", "eq", "expect"};
  // The value of each condition on the branch where the lock failed.
  const bool FailedWhen[] = {true, false, true, false, true};
  for (unsigned I = 0; I < 5; ++I) {
    auto Lock = classifyLockCall(Code.nodeAt<CallExpr>(Points[I]), Model);
    ASSERT_TRUE(Lock.has_value()) << Points[I];
    EXPECT_TRUE(
        lockFailedOn(Conditions[I], FailedWhen[I], *Lock, Code.context()))
        << Points[I];
    EXPECT_FALSE(
        lockFailedOn(Conditions[I], !FailedWhen[I], *Lock, Code.context()))
        << Points[I];
  }
}

TEST(LockModelTest, QualifiedNamesIgnoreInlineNamespaces) {
  AnnotatedCode Code(R"cpp(
    namespace std { inline namespace __1 { struct mutex {}; } }
    namespace app { struct mutex {}; }
    std::mutex a; app::mutex b;
    void f() { (void)$a^a; (void)$b^b; }
  )cpp");
  auto TypeOf = [&](llvm::StringRef Point) {
    return Code.nodeAt<DeclRefExpr>(Point)->getType()->getAsCXXRecordDecl();
  };
  EXPECT_TRUE(hasQualifiedName(TypeOf("a"), "std::mutex"));
  EXPECT_TRUE(hasQualifiedName(TypeOf("a"), "::std::mutex"));
  EXPECT_FALSE(hasQualifiedName(TypeOf("b"), "std::mutex"));
  EXPECT_TRUE(hasQualifiedName(TypeOf("b"), "app::mutex"));
  EXPECT_FALSE(hasQualifiedName(TypeOf("b"), "mutex"));
}

} // namespace
} // namespace leakguard::test
