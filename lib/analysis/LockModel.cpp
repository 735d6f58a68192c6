//===--- LockModel.cpp - which calls lock and unlock which mutex ----------===//

#include "analysis/LockModel.h"
#include "analysis/FunctionScope.h"
#include "analysis/HandleUses.h"
#include "analysis/ObjectKey.h"
#include "analysis/OptionLists.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace leakguard::analysis {

LockModel LockModel::defaults() {
  LockModel Model;
  Model.MutexTypes = {"std::mutex",
                      "std::recursive_mutex",
                      "std::timed_mutex",
                      "std::recursive_timed_mutex",
                      "std::shared_mutex",
                      "std::shared_timed_mutex"};
  Model.Functions = {{"pthread_mutex_lock", "pthread_mutex_unlock"},
                     {"pthread_rwlock_rdlock", "pthread_rwlock_unlock"},
                     {"pthread_rwlock_wrlock", "pthread_rwlock_unlock"},
                     {"pthread_spin_lock", "pthread_spin_unlock"},
                     // C11 threads and stdio's own lock.
                     {"mtx_lock", "mtx_unlock"},
                     {"flockfile", "funlockfile"},
                     // libuv.
                     {"uv_mutex_lock", "uv_mutex_unlock"},
                     {"uv_rwlock_rdlock", "uv_rwlock_rdunlock"},
                     {"uv_rwlock_wrlock", "uv_rwlock_wrunlock"},
                     // GLib.
                     {"g_mutex_lock", "g_mutex_unlock"},
                     {"g_rec_mutex_lock", "g_rec_mutex_unlock"},
                     {"g_rw_lock_writer_lock", "g_rw_lock_writer_unlock"},
                     {"g_rw_lock_reader_lock", "g_rw_lock_reader_unlock"},
                     // APR.
                     {"apr_thread_mutex_lock", "apr_thread_mutex_unlock"},
                     {"apr_thread_rwlock_rdlock", "apr_thread_rwlock_unlock"},
                     {"apr_thread_rwlock_wrlock", "apr_thread_rwlock_unlock"},
                     {"apr_proc_mutex_lock", "apr_proc_mutex_unlock"},
                     {"apr_global_mutex_lock", "apr_global_mutex_unlock"},
                     // SDL 2 and 3.
                     {"SDL_LockMutex", "SDL_UnlockMutex"},
                     {"SDL_LockRWLockForReading", "SDL_UnlockRWLock"},
                     {"SDL_LockRWLockForWriting", "SDL_UnlockRWLock"},
                     // Windows critical sections and slim reader/writer locks.
                     {"EnterCriticalSection", "LeaveCriticalSection"},
                     {"AcquireSRWLockExclusive", "ReleaseSRWLockExclusive"},
                     {"AcquireSRWLockShared", "ReleaseSRWLockShared"}};
  return Model;
}

std::vector<LockFunctionPair>
parseLockFunctionPairs(llvm::StringRef Text, std::vector<std::string> &Bad) {
  std::vector<LockFunctionPair> Pairs;
  for (auto &[Lock, Unlock] : splitPairs(Text, Bad))
    Pairs.push_back({std::move(Lock), std::move(Unlock)});
  return Pairs;
}

std::string formatLockFunctionPairs(const std::vector<LockFunctionPair> &Pairs) {
  std::vector<std::pair<std::string, std::string>> Entries;
  for (const LockFunctionPair &Pair : Pairs)
    Entries.emplace_back(Pair.Lock, Pair.Unlock);
  return joinPairs(Entries);
}

bool lockFailedOn(const Expr *Condition, bool Value, const LockCall &Lock,
                  ASTContext &Context) {
  const Expr *E = stripLogicalNots(Condition, Value);
  bool FailsWhenTrue = true;
  if (const auto *Compare = dyn_cast<BinaryOperator>(E);
      Compare && Compare->isEqualityOp()) {
    const Expr *Other = Compare->getRHS();
    E = Compare->getLHS()->IgnoreParenImpCasts();
    if (E != Lock.Call) {
      Other = Compare->getLHS();
      E = Compare->getRHS()->IgnoreParenImpCasts();
    }
    std::optional<llvm::APSInt> Zero = integerValue(Other, Context);
    if (!Zero || !Zero->isZero())
      return false;
    FailsWhenTrue = Compare->getOpcode() == BO_NE;
  }
  return E == Lock.Call && !Lock.Call->getType()->isVoidType() &&
         Value == FailsWhenTrue;
}


/// Whether \p RD, or one of its bases, is one of \p Names.
static bool isMutexClass(const CXXRecordDecl *RD,
                         const std::vector<std::string> &Names) {
  if (!RD)
    return false;
  for (const std::string &Name : Names)
    if (hasQualifiedName(RD, Name))
      return true;
  if (!RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (isMutexClass(Base.getType()->getAsCXXRecordDecl(), Names))
      return true;
  return false;
}

bool LockCall::isUndoneBy(const LockCall &Unlock) const {
  if (Op != LockOp::Lock || Unlock.Op != LockOp::Unlock || Key != Unlock.Key)
    return false;
  if (Pair || Unlock.Pair)
    return Pair && Unlock.Pair && Pair->Unlock == Unlock.Pair->Unlock;
  return Shared == Unlock.Shared;
}

std::optional<LockCall> classifyLockCall(const Stmt *S,
                                         const LockModel &Model) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  if (!E)
    return std::nullopt;
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
    Call = dyn_cast<CallExpr>(Cleanups->getSubExpr()->IgnoreParenImpCasts());
  if (!Call)
    return std::nullopt;

  if (const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = MemberCall->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return std::nullopt;
    llvm::StringRef Name = Method->getName();
    LockCall Result{LockOp::Lock, false, Call, "", nullptr, false, nullptr};
    if (Name == "lock" || Name == "lock_shared")
      Result.Op = LockOp::Lock;
    else if (Name == "unlock" || Name == "unlock_shared")
      Result.Op = LockOp::Unlock;
    else
      return std::nullopt;
    Result.Shared = Name.ends_with("_shared");
    if (Method->getNumParams() != 0 ||
        !isMutexClass(Method->getParent(), Model.MutexTypes))
      return std::nullopt;
    const auto *Callee =
        dyn_cast<MemberExpr>(MemberCall->getCallee()->IgnoreParens());
    if (!Callee)
      return std::nullopt;
    Result.Arrow = Callee->isArrow();
    Result.Mutex = Callee->getBase();
    std::optional<std::string> Key = Result.Arrow
                                         ? pointeeKey(Result.Mutex)
                                         : objectKey(Result.Mutex);
    if (!Key)
      return std::nullopt;
    Result.Key = std::move(*Key);
    return Result;
  }

  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Call->getNumArgs() < 1)
    return std::nullopt;
  for (const LockFunctionPair &Pair : Model.Functions) {
    bool IsLock = hasQualifiedName(Callee, Pair.Lock);
    bool IsUnlock = !IsLock && hasQualifiedName(Callee, Pair.Unlock);
    if (!IsLock && !IsUnlock)
      continue;
    std::optional<std::string> Key = pointeeKey(Call->getArg(0));
    if (!Key)
      return std::nullopt;
    return LockCall{IsLock ? LockOp::Lock : LockOp::Unlock,
                    false,
                    Call,
                    std::move(*Key),
                    Call->getArg(0),
                    true,
                    &Pair};
  }
  return std::nullopt;
}

} // namespace leakguard::analysis
