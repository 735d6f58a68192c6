//===--- LockModel.cpp - which calls lock and unlock which mutex ----------===//

#include "analysis/LockModel.h"
#include "analysis/FunctionScope.h"
#include "analysis/HandleUses.h"
#include "analysis/ObjectKey.h"
#include "analysis/OptionLists.h"
#include "analysis/Summarize.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
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
  Model.WaitFunctions = {"pthread_cond_wait", "pthread_cond_timedwait"};
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
                  ASTContext &Context, const VarDecl *Status) {
  if (Lock.Call->getType()->isVoidType())
    return false;
  // The call, `(rc = call)`, or the variable that keeps its status.
  auto IsStatus = [&](const Expr *X) {
    X = X->IgnoreParenImpCasts();
    if (const auto *Assign = dyn_cast<BinaryOperator>(X);
        Assign && Assign->getOpcode() == BO_Assign)
      X = Assign->getRHS()->IgnoreParenImpCasts();
    return X == Lock.Call || (Status && refersTo(X, Status));
  };
  const Expr *E = stripLogicalNots(Condition, Value);
  bool FailsWhenTrue = true;
  if (const auto *Compare = dyn_cast<BinaryOperator>(E);
      Compare && Compare->isEqualityOp()) {
    const Expr *Other = Compare->getRHS();
    E = Compare->getLHS();
    if (!IsStatus(E)) {
      Other = Compare->getLHS();
      E = Compare->getRHS();
    }
    std::optional<llvm::APSInt> Zero = integerValue(Other, Context);
    if (!Zero || !Zero->isZero())
      return false;
    FailsWhenTrue = Compare->getOpcode() == BO_NE;
  }
  return IsStatus(E) && Value == FailsWhenTrue;
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

//===----------------------------------------------------------------------===//
// The steps of a held lock's life
//===----------------------------------------------------------------------===//

bool namesMutex(const Expr *Arg, llvm::StringRef Key) {
  if (auto K = objectKey(Arg); K && *K == Key)
    return true;
  if (Arg->getType()->isPointerType())
    if (auto K = pointeeKey(Arg); K && *K == Key)
      return true;
  return false;
}

/// Whether \p Arg is, or points to, an object that contains the mutex with
/// key \p Key (`group` for `group->mutex`).
static bool namesMutexOwner(const Expr *Arg, llvm::StringRef Key) {
  for (auto K : {objectKey(Arg), pointeeKey(Arg)})
    if (K && Key.starts_with(*K + "."))
      return true;
  return false;
}

bool adoptsLock(const Stmt *S, const LockCall &Lock) {
  const auto *Construct = dyn_cast<CXXConstructExpr>(S);
  if (!Construct)
    return false;
  auto Args = Construct->arguments();
  return llvm::any_of(
             Args,
             [&](const Expr *Arg) { return namesMutex(Arg, Lock.Key); }) &&
         llvm::any_of(Args, [](const Expr *Arg) {
           const auto *Record = Arg->getType()->getAsCXXRecordDecl();
           return Record && hasQualifiedName(Record, "std::adopt_lock_t");
         });
}

bool isWaitCall(const CallExpr *Call, const LockModel &Model) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  if (isa<CXXMethodDecl>(Callee) &&
      llvm::is_contained({"wait", "wait_for", "wait_until"}, Callee->getName()))
    return true;
  return llvm::any_of(Model.WaitFunctions, [&](const std::string &Name) {
    return hasQualifiedName(Callee, Name);
  });
}

/// Whether \p S assigns through a pointer parameter (`out->field = ...`,
/// `*out = ...`): a result handed to the caller.
static bool assignsThroughPointerParameter(const Stmt *S) {
  const auto *Assign = dyn_cast<BinaryOperator>(S);
  if (!Assign || !Assign->isAssignmentOp())
    return false;
  const Expr *Target = Assign->getLHS()->IgnoreParenImpCasts();
  while (const auto *Member = dyn_cast<MemberExpr>(Target)) {
    Target = Member->getBase()->IgnoreParenImpCasts();
    if (Member->isArrow())
      break;
  }
  if (const auto *Deref = dyn_cast<UnaryOperator>(Target);
      Deref && Deref->getOpcode() == UO_Deref)
    Target = Deref->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(Target);
  return Ref && isa<ParmVarDecl>(Ref->getDecl()) &&
         Ref->getType()->isPointerType();
}

bool returnHandsLockOver(const ReturnStmt *Exit, const ParentMap &Parents) {
  const auto *Compound =
      dyn_cast_or_null<CompoundStmt>(Parents.getParent(Exit));
  if (!Compound)
    return false;
  for (const Stmt *S : Compound->body()) {
    if (S == Exit)
      break;
    if (assignsThroughPointerParameter(S))
      return true;
  }
  return false;
}

const LockFacts::Releaser &
LockFacts::releaserInfo(const FunctionDecl *Function) {
  static const Releaser None;
  const FunctionDecl *Definition = nullptr;
  if (!Function->hasBody(Definition))
    return None;
  auto [It, Inserted] = Releasers.try_emplace(Definition);
  if (!Inserted)
    return It->second;
  // Roots the body unlocks, and roots it locks: a releaser unlocks what it
  // did not lock itself.
  UnlockScan Scan;
  llvm::SmallVector<const Stmt *, 32> Work = {Definition->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    Scan.add(S, Model);
    llvm::append_range(Work, S->children());
  }
  Releaser &Info = Releasers[Definition];
  for (const ValueDecl *Root : Scan.unlockedForCaller()) {
    if (isa<ParmVarDecl>(Root))
      Info.ThroughParameter = true;
    else
      Info.Globals.insert(Root);
  }
  return Info;
}

void UnlockScan::add(const Stmt *S, const LockModel &Model) {
  if (auto Call = classifyLockCall(S, Model))
    if (const ValueDecl *Root = rootDecl(Call->Mutex))
      (Call->Op == LockOp::Unlock ? Unlocked : Locked)
          .insert(cast<ValueDecl>(Root->getCanonicalDecl()));
}

llvm::SmallVector<const ValueDecl *, 4> UnlockScan::unlockedForCaller() const {
  llvm::SmallVector<const ValueDecl *, 4> Result;
  for (const ValueDecl *Root : Unlocked) {
    if (Locked.contains(Root))
      continue;
    if (isa<ParmVarDecl>(Root))
      Result.push_back(Root);
    else if (const auto *Var = dyn_cast<VarDecl>(Root);
             Var && Var->hasGlobalStorage())
      Result.push_back(Root);
  }
  return Result;
}

bool LockFacts::unlocksForBySummary(const CallExpr *Call,
                                    const FunctionDecl *Callee,
                                    const LockCall &Lock) {
  // Asked only when the answer could matter: the call is given the
  // mutex's owner, or the mutex is a global.
  const ValueDecl *Root = rootDecl(Lock.Mutex);
  const auto *Global = dyn_cast_or_null<VarDecl>(Root);
  if (Global && !Global->hasGlobalStorage())
    Global = nullptr;
  bool GivenOwner = llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
    return namesMutexOwner(Arg, Lock.Key);
  });
  if (!GivenOwner && !Global)
    return false;
  if (Callee->getASTContext().getSourceManager().isInSystemHeader(
          Callee->getLocation()))
    return false;
  std::string Key = summaryKey(Callee);
  if (Key.empty())
    return false;
  SummaryRecorder::get().ask(Key, "unlocks", Summaries.get());
  const summary::FunctionSummary *Summary =
      Summaries ? Summaries->find(Key) : nullptr;
  if (!Summary)
    return false; // Unknown: it may only use the mutex's owner.
  // (As for a function of this file: any parameter.)
  if (GivenOwner &&
      llvm::any_of(Summary->Params,
                   [](const summary::ParamSummary &P) { return P.Unlocks; }))
    return true;
  std::string GlobalKey = Global ? containerKey(Global) : "";
  return !GlobalKey.empty() &&
         llvm::is_contained(Summary->UnlocksGlobals, GlobalKey);
}

bool LockFacts::unlocksFor(const CallExpr *Call, const LockCall &Lock) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (!Callee->hasBody())
    return unlocksForBySummary(Call, Callee, Lock);
  const Releaser &Info = releaserInfo(Callee);
  if (Info.ThroughParameter &&
      llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
        return namesMutexOwner(Arg, Lock.Key);
      }))
    return true;
  const ValueDecl *Root = rootDecl(Lock.Mutex);
  return Root &&
         Info.Globals.contains(cast<ValueDecl>(Root->getCanonicalDecl()));
}

} // namespace leakguard::analysis
