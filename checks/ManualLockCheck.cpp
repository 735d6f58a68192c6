//===--- ManualLockCheck.cpp - leak-manual-lock ---------------------------===//

#include "ManualLockCheck.h"
#include "analysis/FixItBuilders.h"
#include "analysis/FunctionScope.h"
#include "analysis/HandleUses.h"
#include "analysis/ObjectKey.h"
#include "analysis/OptionLists.h"
#include "analysis/OwnershipPolicy.h"
#include "analysis/PathExplorer.h"
#include "utils/ASTUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"

using namespace clang::ast_matchers;
using leakguard::analysis::LockCall;
using leakguard::analysis::LockOp;

namespace clang::tidy::leak {

namespace {

/// At most this many "stays locked if an exception is thrown here" notes per
/// warning: the first ones say enough.
constexpr unsigned MaxThrowNotes = 3;

/// The statement that stands for \p E in its parent: the expression itself
/// or the ExprWithCleanups around it.
const Stmt *asStatement(const Expr *E, const ParentMap &Parents) {
  const Stmt *S = E;
  while (const Stmt *P = Parents.getParent(S)) {
    if (!isa<ExprWithCleanups, ParenExpr, ImplicitCastExpr>(P))
      break;
    S = P;
  }
  return S;
}

/// The compound statement \p S is a direct child of, or null.
const CompoundStmt *directCompound(const Stmt *S, const ParentMap &Parents) {
  return dyn_cast_or_null<CompoundStmt>(Parents.getParent(S));
}

/// The statement right after \p S in its compound statement, or null.
const Stmt *nextSibling(const Stmt *S, const ParentMap &Parents) {
  const CompoundStmt *Compound = directCompound(S, Parents);
  if (!Compound)
    return nullptr;
  for (auto It = Compound->body_begin(); It != Compound->body_end(); ++It)
    if (*It == S)
      return std::next(It) == Compound->body_end() ? nullptr : *std::next(It);
  return nullptr;
}

/// The if statements that control whether \p S runs (it is in their then
/// or else branch), innermost first.
llvm::SmallVector<const IfStmt *, 4> controllingIfs(const Stmt *S,
                                                    const ParentMap &Parents) {
  llvm::SmallVector<const IfStmt *, 4> Ifs;
  const Stmt *Child = S;
  for (const Stmt *P = Parents.getParent(S); P;
       Child = P, P = Parents.getParent(P))
    if (const auto *If = dyn_cast<IfStmt>(P);
        If && (Child == If->getThen() || Child == If->getElse()))
      Ifs.push_back(If);
  return Ifs;
}

/// Whether the lock and the unlock each sit under an if of its own (not one
/// that controls both) with the same condition: `if (need) m.lock(); ...
/// if (need) m.unlock();`. The conditions are compared as trees, so macros
/// such as NULL in them do not matter.
bool underCorrelatedConditions(const Stmt *Lock, const Stmt *Unlock,
                               const ParentMap &Parents,
                               const ASTContext &Context) {
  auto LockIfs = controllingIfs(Lock, Parents);
  auto UnlockIfs = controllingIfs(Unlock, Parents);
  for (const IfStmt *LockIf : LockIfs) {
    if (llvm::is_contained(UnlockIfs, LockIf))
      continue; // Controls both: the pair is simply inside it.
    for (const IfStmt *UnlockIf : UnlockIfs)
      if (!llvm::is_contained(LockIfs, UnlockIf) &&
          utils::areStatementsIdentical(LockIf->getCond(), UnlockIf->getCond(),
                                        Context, /*Canonical=*/true))
        return true;
  }
  return false;
}

/// Whether the statements after \p S in its compound statement end with a
/// return, without locking or unlocking anything on the way: `unlock();
/// cleanup(); return false;` bails out.
bool endsInReturn(const Stmt *S, const ParentMap &Parents,
                  const leakguard::analysis::LockModel &Model) {
  const CompoundStmt *Compound = directCompound(S, Parents);
  if (!Compound)
    return false;
  auto It = llvm::find(Compound->body(), S);
  for (++It; It != Compound->body_end(); ++It) {
    if (isa<ReturnStmt>(*It))
      return true;
    if (leakguard::analysis::classifyLockCall(*It, Model))
      return false;
  }
  return false;
}

/// Whether some value given to the local \p Flag records the lock \p Lock:
/// it comes from a call that tries to lock (`locked = m.try_lock()`,
/// `pthread_mutex_trylock(&m) == 0`), or the flag is set in the statement
/// right after the lock (`m.lock(); locked = true;`). A flag decided before
/// an unconditional lock (`bool empty = q.empty(); m.lock();`) records
/// something else.
bool flagRecordsLock(const VarDecl *Flag, const Stmt *Body,
                     const leakguard::analysis::LockCall &Lock,
                     const leakguard::analysis::LockModel &Model,
                     const ParentMap &Parents) {
  auto TriesToLock = [](const Expr *Value) {
    llvm::SmallVector<const Stmt *, 8> Work = {Value};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (const auto *Call = dyn_cast<CallExpr>(S))
        if (const FunctionDecl *Callee = Call->getDirectCallee();
            Callee && Callee->getIdentifier() &&
            Callee->getName().contains_insensitive("lock"))
          return true;
      llvm::append_range(Work, S->children());
    }
    return false;
  };
  auto RightAfterTheLock = [&](const Stmt *Set) {
    const auto *Compound =
        dyn_cast_or_null<CompoundStmt>(Parents.getParent(Set));
    if (!Compound)
      return false;
    auto It = llvm::find(Compound->body(), Set);
    if (It == Compound->body_begin())
      return false;
    auto Previous =
        leakguard::analysis::classifyLockCall(*std::prev(It), Model);
    return Previous && Previous->Op == LockOp::Lock &&
           Previous->Key == Lock.Key;
  };
  if (Flag->getInit() && TriesToLock(Flag->getInit()))
    return true;
  llvm::SmallVector<const Stmt *, 32> Work = {Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->getOpcode() == BO_Assign) {
      const auto *Ref =
          dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts());
      if (Ref && Ref->getDecl() == Flag &&
          (TriesToLock(Assign->getRHS()) || RightAfterTheLock(Assign)))
        return true;
    }
    llvm::append_range(Work, S->children());
  }
  return false;
}

/// The local boolean read by an if that \p S runs under, or null:
/// `if (Locked) M.unlock();` may track the lock in a flag that this
/// path-blind analysis cannot follow (see flagRecordsLock()).
const VarDecl *guardingLocalFlag(const Stmt *S, const ParentMap &Parents) {
  const Stmt *Child = S;
  for (const Stmt *P = Parents.getParent(S); P;
       Child = P, P = Parents.getParent(P)) {
    const auto *If = dyn_cast<IfStmt>(P);
    if (!If || (Child != If->getThen() && Child != If->getElse()))
      continue;
    const Expr *Cond = If->getCond()->IgnoreParenImpCasts();
    if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
        Not && Not->getOpcode() == UO_LNot)
      Cond = Not->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Cond))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
          Var && !isa<ParmVarDecl>(Var) && Var->hasLocalStorage() &&
          Var->getType()->isBooleanType())
        return Var;
  }
  return nullptr;
}

/// Whether \p S assigns through a pointer parameter of \p Function
/// (`out->field = ...`, `*out = ...`): a result handed to the caller.
bool assignsThroughPointerParameter(const Stmt *S) {
  const auto *Assign = dyn_cast<BinaryOperator>(S);
  if (!Assign || !Assign->isAssignmentOp())
    return false;
  const Expr *Target = Assign->getLHS()->IgnoreParenImpCasts();
  while (const auto *Member = dyn_cast<MemberExpr>(Target)) {
    if (Member->isArrow()) {
      Target = Member->getBase()->IgnoreParenImpCasts();
      break;
    }
    Target = Member->getBase()->IgnoreParenImpCasts();
  }
  if (const auto *Deref = dyn_cast<UnaryOperator>(Target);
      Deref && Deref->getOpcode() == UO_Deref)
    Target = Deref->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(Target);
  return Ref && isa<ParmVarDecl>(Ref->getDecl()) &&
         Ref->getType()->isPointerType();
}

/// Whether the return \p Exit hands the locked mutex to the caller on
/// purpose: right before it, in its block, results are written through a
/// pointer parameter (`io->buf = ...; return 0;  // leaves p locked`).
bool isLockHandOver(const ReturnStmt *Exit, const ParentMap &Parents) {
  const auto *Compound = dyn_cast_or_null<CompoundStmt>(Parents.getParent(Exit));
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

/// Whether \p Call waits on a condition variable: a member wait(),
/// wait_for() or wait_until(), or one of \p WaitFunctions.
bool isWaitCall(const CallExpr *Call,
                const std::vector<std::string> &WaitFunctions) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  if (isa<CXXMethodDecl>(Callee) &&
      llvm::is_contained({"wait", "wait_for", "wait_until"}, Callee->getName()))
    return true;
  return llvm::any_of(WaitFunctions, [&](const std::string &Name) {
    return leakguard::analysis::hasQualifiedName(Callee, Name);
  });
}

/// Whether \p Arg is, or points to, an object that contains the mutex with
/// key \p Key (`group` for `group->mutex`).
bool namesMutexOwner(const Expr *Arg, StringRef Key) {
  for (auto K : {leakguard::analysis::objectKey(Arg),
                 leakguard::analysis::pointeeKey(Arg)})
    if (K && Key.starts_with(*K + "."))
      return true;
  return false;
}

bool isAdoptLockArgument(const Expr *Arg) {
  const auto *Record = Arg->getType()->getAsCXXRecordDecl();
  return Record &&
         leakguard::analysis::hasQualifiedName(Record, "std::adopt_lock_t");
}

/// The arguments of a call or construction, for the escape test.
ArrayRef<const Expr *> argumentsOf(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return {Call->getArgs(), Call->getNumArgs()};
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return {Construct->getArgs(), Construct->getNumArgs()};
  return {};
}

/// Whether \p Arg names the mutex with key \p Key, as an object or through
/// a pointer.
bool namesMutex(const Expr *Arg, StringRef Key) {
  if (auto K = leakguard::analysis::objectKey(Arg); K && *K == Key)
    return true;
  if (Arg->getType()->isPointerType())
    if (auto K = leakguard::analysis::pointeeKey(Arg); K && *K == Key)
      return true;
  return false;
}

bool isSimpleObjectExpression(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  return isa<DeclRefExpr, MemberExpr, CXXThisExpr>(E);
}

} // namespace

/// Everything known about the function being analyzed.
struct ManualLockCheck::Region {
  const FunctionDecl &Function;
  const Stmt *Body;
  const CFG &Cfg;
  const ParentMap &Parents;
  std::vector<LockCall> Locks;
  std::vector<LockCall> Unlocks;
};

ManualLockCheck::ManualLockCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawMutexTypes(Options.get(
          "MutexTypes",
          leakguard::analysis::joinList(
              leakguard::analysis::LockModel::defaults().MutexTypes))),
      RawLockFunctions(Options.get(
          "LockFunctions",
          leakguard::analysis::formatLockFunctionPairs(
              leakguard::analysis::LockModel::defaults().Functions))),
      StrictMode(Options.get("StrictMode", false)),
      UnknownCallsMayThrow(
          Options.getLocalOrGlobal("UnknownCallsMayThrow", true)),
      UseScopedLock(Options.get("UseScopedLock", true)),
      RawWaitFunctions(Options.get("WaitFunctions",
                                   "pthread_cond_wait;pthread_cond_timedwait")),
      WaitFunctions(leakguard::analysis::splitList(RawWaitFunctions)),
      Oracle(UnknownCallsMayThrow),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  Model.MutexTypes = leakguard::analysis::splitList(RawMutexTypes);
  std::vector<std::string> Bad;
  Model.Functions =
      leakguard::analysis::parseLockFunctionPairs(RawLockFunctions, Bad);
  for (const std::string &Entry : Bad)
    configurationDiag("invalid entry '%0' in option 'LockFunctions' of check "
                      "'%1': expected 'lock_function:unlock_function'")
        << Entry << Name;
}

void ManualLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MutexTypes", RawMutexTypes);
  Options.store(Opts, "LockFunctions", RawLockFunctions);
  Options.store(Opts, "StrictMode", StrictMode);
  Options.store(Opts, "UnknownCallsMayThrow", UnknownCallsMayThrow);
  Options.store(Opts, "UseScopedLock", UseScopedLock);
  Options.store(Opts, "WaitFunctions", RawWaitFunctions);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void ManualLockCheck::registerPPCallbacks(const SourceManager &SM,
                                          Preprocessor *PP,
                                          Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void ManualLockCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<StringRef> MutexTypes(Model.MutexTypes.begin(),
                                    Model.MutexTypes.end());
  std::vector<StringRef> LockFunctions;
  for (const leakguard::analysis::LockFunctionPair &Pair : Model.Functions)
    LockFunctions.push_back(Pair.Lock);

  const auto MutexClass =
      cxxRecordDecl(isSameOrDerivedFrom(hasAnyName(MutexTypes)));
  const auto LockMember = cxxMemberCallExpr(callee(cxxMethodDecl(
      hasAnyName("lock", "lock_shared"), parameterCountIs(0),
      ofClass(MutexClass))));
  const auto LockFunction =
      callExpr(callee(functionDecl(hasAnyName(LockFunctions))));
  // Functions and lambdas of the user's with a lock() call in their body;
  // each is analyzed as a whole, once.
  leakguard::analysis::addFunctionMatchers(
      Finder, callExpr(anyOf(LockMember, LockFunction)), this);
}

void ManualLockCheck::check(const MatchFinder::MatchResult &Result) {
  if (const FunctionDecl *Function =
          leakguard::analysis::functionToAnalyze(Result, Analyzed))
    analyzeFunction(*Function, *Result.Context);
}

const ManualLockCheck::Releaser &
ManualLockCheck::releaserInfo(const FunctionDecl *Function) {
  static const Releaser None;
  const FunctionDecl *Definition = nullptr;
  if (!Function->hasBody(Definition))
    return None;
  auto [It, Inserted] = Releasers.try_emplace(Definition);
  if (!Inserted)
    return It->second;
  // Roots the body unlocks, and roots it locks: a releaser unlocks what it
  // did not lock itself.
  llvm::SmallPtrSet<const ValueDecl *, 4> Unlocked, Locked;
  llvm::SmallVector<const Stmt *, 32> Work = {Definition->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (auto Call = leakguard::analysis::classifyLockCall(S, Model))
      if (const ValueDecl *Root = leakguard::analysis::rootDecl(Call->Mutex))
        (Call->Op == LockOp::Unlock ? Unlocked : Locked)
            .insert(cast<ValueDecl>(Root->getCanonicalDecl()));
    llvm::append_range(Work, S->children());
  }
  Releaser &Info = Releasers[Definition];
  for (const ValueDecl *Root : Unlocked) {
    if (Locked.contains(Root))
      continue;
    if (isa<ParmVarDecl>(Root))
      Info.ThroughParameter = true;
    else if (const auto *Var = dyn_cast<VarDecl>(Root);
             Var && Var->hasGlobalStorage())
      Info.Globals.insert(Root);
  }
  return Info;
}

void ManualLockCheck::onEndOfTranslationUnit() {
  Analyzed.clear();
  Releasers.clear();
  Oracle.reset();
}

void ManualLockCheck::analyzeFunction(const FunctionDecl &Function,
                                      ASTContext &Context) {
  const Stmt *Body = Function.getBody();
  if (!Body)
    return;
  CFG::BuildOptions Options;
  std::unique_ptr<CFG> Cfg = CFG::buildCFG(&Function, const_cast<Stmt *>(Body),
                                           &Context, Options);
  if (!Cfg)
    return;
  ParentMap Parents(const_cast<Stmt *>(Body));
  Region Fn{Function, Body, *Cfg, Parents, {}, {}};

  llvm::DenseSet<const CallExpr *> Seen;
  for (const CFGBlock *Block : *Cfg)
    for (const CFGElement &Element : *Block)
      if (auto CS = Element.getAs<CFGStmt>())
        if (auto Call =
                leakguard::analysis::classifyLockCall(CS->getStmt(), Model);
            Call && Seen.insert(Call->Call).second)
          (Call->Op == LockOp::Lock ? Fn.Locks : Fn.Unlocks).push_back(*Call);

  const SourceManager &SM = Context.getSourceManager();
  for (const LockCall &Lock : Fn.Locks)
    if (!SM.isInSystemHeader(Lock.Call->getBeginLoc()))
      analyzeLock(Lock, Fn, Context);
}

void ManualLockCheck::analyzeLock(const LockCall &Lock, const Region &Fn,
                                  ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  const ParentMap &Parents = Fn.Parents;

  std::vector<const LockCall *> Unlocks;
  for (const LockCall &Unlock : Fn.Unlocks)
    if (Lock.isUndoneBy(Unlock))
      Unlocks.push_back(&Unlock);
  // Unlocked in another function (Lock()/Unlock() wrappers, hand-over-hand
  // protocols): not a pair this function owns.
  if (Unlocks.empty())
    return;

  // Path conditions this analysis does not follow: the same condition on the
  // lock and on an unlock, or an unlock under a local flag. Stay quiet.
  const CompoundStmt *LockCompound =
      directCompound(asStatement(Lock.Call, Parents), Parents);
  bool UnlocksOnlyToBailOut = true;
  for (const LockCall *Unlock : Unlocks) {
    if (underCorrelatedConditions(Lock.Call, Unlock->Call, Parents, Context))
      return;
    if (const VarDecl *Flag = guardingLocalFlag(Unlock->Call, Parents);
        Flag && flagRecordsLock(Flag, Fn.Body, Lock, Model, Parents))
      return;
    const Stmt *UnlockStmt = asStatement(Unlock->Call, Parents);
    const CompoundStmt *UnlockCompound = directCompound(UnlockStmt, Parents);
    bool OnLockLevel = UnlockCompound && LockCompound &&
                       (UnlockCompound == LockCompound ||
                        leakguard::analysis::isAncestor(UnlockCompound,
                                                        LockCompound, Parents));
    if (OnLockLevel || !endsInReturn(UnlockStmt, Parents, Model))
      UnlocksOnlyToBailOut = false;
  }
  // `lock(); if (failed) { unlock(); return false; } return true;` hands the
  // locked mutex to the caller on purpose.
  if (UnlocksOnlyToBailOut)
    return;

  // A function that unlocks the mutex before it ever locks it runs with the
  // mutex held by its caller: its locks take it back after a pause
  // (`unlock(); sleep(); lock();`) and are not its own to release.
  leakguard::analysis::ExploreOptions FromEntry;
  FromEntry.Context = &Context;
  leakguard::analysis::PathResult Entry =
      leakguard::analysis::explorePathsFromEntry(
          Fn.Cfg,
          [&](const Stmt *S) {
            if (auto Call = leakguard::analysis::classifyLockCall(S, Model);
                Call && Call->Key == Lock.Key)
              return Call->Op == LockOp::Unlock
                         ? leakguard::analysis::StepVerdict::Released
                         : leakguard::analysis::StepVerdict::Stop;
            return leakguard::analysis::StepVerdict::Continue;
          },
          FromEntry);
  if (!Entry.Releases.empty() || !Entry.Complete)
    return;

  // What the if statements around the lock already decided.
  llvm::SmallVector<leakguard::analysis::Assumption, 4> Assumed =
      leakguard::analysis::assumptionsAround(Lock.Call, Parents);
  leakguard::analysis::ExploreOptions Explore;
  Explore.Context = &Context;
  Explore.Assumed = Assumed;
  // `if (pthread_mutex_lock(&m) != 0) { log(); continue; }`: a lock
  // function whose result is tested holds nothing on the branch where it
  // returned non-zero.
  auto LockFailedOn = [&](const Expr *Condition, bool Value) {
    return leakguard::analysis::lockFailedOn(Condition, Value, Lock, Context)
               ? leakguard::analysis::StepVerdict::Released
               : leakguard::analysis::StepVerdict::Continue;
  };
  Explore.OnBranch = LockFailedOn;

  const bool Exceptions = LangOpts.CPlusPlus && LangOpts.CXXExceptions;
  llvm::SetVector<const Stmt *> ThrowSites;
  llvm::SmallVector<const Stmt *, 2> Waits;
  llvm::SmallVector<const Stmt *, 2> Escapes;
  leakguard::analysis::PathResult Paths = leakguard::analysis::explorePaths(
      Fn.Cfg, Lock.Call,
      [&](const Stmt *S) {
        if (auto Call = leakguard::analysis::classifyLockCall(S, Model)) {
          if (Lock.isUndoneBy(*Call))
            return leakguard::analysis::StepVerdict::Released;
          // Locked twice (recursive mutexes): the counting is beyond us.
          if (Call->Op == LockOp::Lock && Call->Key == Lock.Key)
            return leakguard::analysis::StepVerdict::Stop;
          return leakguard::analysis::StepVerdict::Continue;
        }
        ArrayRef<const Expr *> Args = argumentsOf(S);
        if (llvm::any_of(Args,
                         [&](const Expr *A) { return namesMutex(A, Lock.Key); })) {
          const auto *Call = dyn_cast<CallExpr>(S);
          if (Call && isWaitCall(Call, WaitFunctions)) {
            Waits.push_back(S);
          } else if (isa<CXXConstructExpr>(S) &&
                     llvm::any_of(Args, isAdoptLockArgument)) {
            // A guard adopts the lock: it is released by RAII from here on.
            return leakguard::analysis::StepVerdict::Released;
          } else if (leakguard::analysis::isCLibraryCall(Call, Context)) {
            // The C library only uses what it gets (`fputs(s, f)` under
            // `flockfile(f)`); its unlocks are the model's, seen above.
          } else {
            // Handed to code that may unlock it: no longer ours to judge.
            Escapes.push_back(S);
            return leakguard::analysis::StepVerdict::Released;
          }
        }
        // A function of this file that unlocks what it did not lock
        // releases for us: `unlock_and_destroy(group)` for `group->mutex`,
        // `class_done(i)` that unlocks the global `locks[i]`.
        if (const auto *Call = dyn_cast<CallExpr>(S))
          if (const FunctionDecl *Callee = Call->getDirectCallee()) {
            const Releaser &Info = releaserInfo(Callee);
            const ValueDecl *Root = leakguard::analysis::rootDecl(Lock.Mutex);
            if ((Info.ThroughParameter &&
                 llvm::any_of(Args, [&](const Expr *A) {
                   return namesMutexOwner(A, Lock.Key);
                 })) ||
                (Root && Info.Globals.contains(
                                 cast<ValueDecl>(Root->getCanonicalDecl())))) {
              Escapes.push_back(S);
              return leakguard::analysis::StepVerdict::Released;
            }
          }
        if (Exceptions && Oracle.mayThrow(S) &&
            !leakguard::analysis::isInTryBlock(S, Parents))
          ThrowSites.insert(S);
        return leakguard::analysis::StepVerdict::Continue;
      },
      Explore);
  if (!Paths.Complete)
    return; // Too many paths to be sure of anything.

  // Notes in source order, whatever order the paths were walked in.
  leakguard::analysis::sortExits(Paths.Exits, SM);
  // Returns that hand the lock over to the caller are the protocol, not a
  // leak.
  llvm::erase_if(Paths.Exits, [&](const leakguard::analysis::LeakExit &Exit) {
    const auto *Return = dyn_cast_or_null<ReturnStmt>(Exit.At);
    return Exit.Kind == leakguard::analysis::ExitKind::Return && Return &&
           isLockHandOver(Return, Parents);
  });

  // No path from this lock reaches an unlock: the unlocks of the function
  // belong to other branches (`case PAUSE: lock(); break; case RESUME:
  // unlock(); break;`), a protocol that spans calls. Not a pair to judge.
  if (Paths.Releases.empty())
    return;

  // One note per throwing statement, in source order.
  llvm::SmallVector<const Stmt *, 4> OuterThrowSites =
      leakguard::analysis::outermostSites(ThrowSites.getArrayRef(), Parents,
                                          SM);

  enum class Finding { Path, Exception, Style };
  Finding Kind;
  if (!Paths.Exits.empty())
    Kind = Finding::Path;
  else if (!ThrowSites.empty())
    Kind = Finding::Exception;
  else if (StrictMode && Escapes.empty() && LangOpts.CPlusPlus)
    Kind = Finding::Style;
  else
    return;

  // How the fix would hold the mutex, for the message and the fix itself.
  const FunctionDecl *UnlockCallee = Unlocks.front()->Call->getDirectCallee();
  std::string Guard;
  std::string Header;
  if (!Lock.Pair) {
    if (Lock.Shared) {
      Guard = "std::shared_lock";
      Header = "<shared_mutex>";
    } else {
      Guard = UseScopedLock && LangOpts.CPlusPlus17 ? "std::scoped_lock"
                                                    : "std::lock_guard";
      Header = "<mutex>";
    }
  } else if (UnlockCallee) {
    Guard = "std::unique_ptr";
    Header = "<memory>";
  }
  std::string Advice;
  if (!LangOpts.CPlusPlus)
    Advice = "unlock it before the exits shown in the notes";
  else if (Lock.Pair && UnlockCallee && UnlockCallee->getNumParams() == 1)
    Advice = "hold it with a 'std::unique_ptr' whose deleter is '" +
             UnlockCallee->getNameAsString() + "'";
  else if (Lock.Pair)
    Advice = "unlock it before the exits shown in the notes";
  else
    Advice = "hold it with '" + Guard + "'";

  std::string MutexName;
  const Expr *MutexExpr = Lock.Mutex->IgnoreParenImpCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(MutexExpr);
      Lock.Pair && AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    MutexName = leakguard::analysis::textForMessage(AddrOf->getSubExpr(), SM,
                                                    LangOpts, "mutex");
  else if (isa<CXXThisExpr>(MutexExpr) &&
           cast<CXXThisExpr>(MutexExpr)->isImplicit())
    MutexName = "*this";
  else if (Lock.Pair || Lock.Arrow)
    MutexName = "*" + leakguard::analysis::textForMessage(MutexExpr, SM,
                                                          LangOpts, "mutex");
  else
    MutexName =
        leakguard::analysis::textForMessage(MutexExpr, SM, LangOpts, "mutex");
  const FunctionDecl *LockCallee = Lock.Call->getDirectCallee();
  std::string LockName =
      LockCallee ? LockCallee->getNameAsString() : std::string("lock");

  // The fix: turn the lock statement into a guard declaration.
  std::vector<FixItHint> Fixes;
  bool NoteWait = false;
  auto BuildFix = [&]() -> bool {
    if (!LangOpts.CPlusPlus || Guard.empty())
      return false;
    if (!Waits.empty()) {
      NoteWait = true;
      return false;
    }
    if (!Escapes.empty() || Lock.Call->getBeginLoc().isMacroID())
      return false;
    const Stmt *LockStmt = asStatement(Lock.Call, Parents);
    const CompoundStmt *Compound = directCompound(LockStmt, Parents);
    if (!Compound)
      return false;
    // The unlock that closes the region: the first one after the lock in
    // the same compound statement.
    auto LockIt = llvm::find(Compound->body(), LockStmt);
    const Stmt *UnlockStmt = nullptr;
    const LockCall *FinalUnlock = nullptr;
    for (auto It = std::next(LockIt); It != Compound->body_end() && !UnlockStmt;
         ++It)
      for (const LockCall *Unlock : Unlocks)
        if (asStatement(Unlock->Call, Parents) == *It) {
          UnlockStmt = *It;
          FinalUnlock = Unlock;
        }
    if (!UnlockStmt || !llvm::is_contained(Paths.Releases, FinalUnlock->Call))
      return false;
    SourceLocation RegionBegin = LockStmt->getBeginLoc();
    SourceLocation RegionEnd = UnlockStmt->getBeginLoc();
    auto InRegion = [&](const Stmt *S) {
      return SM.isBeforeInTranslationUnit(RegionBegin, S->getBeginLoc()) &&
             SM.isBeforeInTranslationUnit(S->getBeginLoc(), RegionEnd);
    };
    // Any other lock or unlock of this mutex inside the region must be an
    // early unlock right before a jump that leaves the region.
    for (const LockCall &Other : Fn.Locks)
      if (Other.Key == Lock.Key && Other.Call != Lock.Call &&
          InRegion(Other.Call))
        return false;
    for (const LockCall &Other : Fn.Unlocks)
      if (Other.Key == Lock.Key && InRegion(Other.Call) &&
          !llvm::is_contained(Paths.Releases, Other.Call))
        return false;
    // Other mutexes locked in the region must be unlocked in it too, and the
    // other way round: crossed pairs (`a.lock(); b.lock(); a.unlock();
    // b.unlock();`) cannot both become scopes.
    for (const LockCall &Other : Fn.Locks) {
      if (Other.Key == Lock.Key || !InRegion(Other.Call))
        continue;
      if (llvm::none_of(Fn.Unlocks, [&](const LockCall &U) {
            return Other.isUndoneBy(U) && InRegion(U.Call);
          }))
        return false;
    }
    for (const LockCall &Other : Fn.Unlocks) {
      if (Other.Key == Lock.Key || !InRegion(Other.Call))
        continue;
      if (llvm::none_of(Fn.Locks, [&](const LockCall &L) {
            return L.isUndoneBy(Other) && InRegion(L.Call);
          }))
        return false;
    }
    std::vector<const Stmt *> EarlyUnlocks;
    for (const Stmt *Release : Paths.Releases) {
      if (Release == FinalUnlock->Call)
        continue;
      const auto *ReleaseCall = dyn_cast<CallExpr>(Release);
      if (!ReleaseCall || !InRegion(Release))
        return false;
      const Stmt *ReleaseStmt = asStatement(ReleaseCall, Parents);
      if (!directCompound(ReleaseStmt, Parents) ||
          ReleaseCall->getBeginLoc().isMacroID())
        return false;
      const Stmt *Jump = nextSibling(ReleaseStmt, Parents);
      if (const auto *Return = dyn_cast_or_null<ReturnStmt>(Jump)) {
        // The returned value would now be computed under the lock.
        if (Return->getRetValue() &&
            Return->getRetValue()->HasSideEffects(Context))
          return false;
      } else if (isa_and_nonnull<BreakStmt, ContinueStmt>(Jump)) {
        // The jump must leave the guard's scope, not a loop inside it.
        for (const Stmt *P = Parents.getParent(Jump); P != Compound;
             P = Parents.getParent(P))
          if (!P || isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P) ||
              (isa<BreakStmt>(Jump) && isa<SwitchStmt>(P)))
            return false;
      } else {
        return false;
      }
      EarlyUnlocks.push_back(ReleaseStmt);
    }

    // The guard can simply replace the pair when the unlock ends the
    // compound statement, or only a return of a value computed without side
    // effects follows it (computing it under the lock changes nothing).
    auto UnlockPos = llvm::find(Compound->body(), UnlockStmt);
    bool EndsCompound = std::next(UnlockPos) == Compound->body_end();
    if (!EndsCompound && std::next(UnlockPos, 2) == Compound->body_end())
      if (const auto *Return = dyn_cast<ReturnStmt>(*std::next(UnlockPos)))
        EndsCompound = !Return->getRetValue() ||
                       !Return->getRetValue()->HasSideEffects(Context);
    if (!EndsCompound) {
      // Wrapping the region in a block must not hide a declaration used
      // after it, nor a label jumped to from outside.
      llvm::SmallPtrSet<const Decl *, 8> RegionDecls;
      for (auto It = std::next(LockIt); *It != UnlockStmt; ++It) {
        if (const auto *DS = dyn_cast<DeclStmt>(*It))
          for (const Decl *D : DS->decls())
            RegionDecls.insert(D);
        if (isa<LabelStmt, SwitchCase>(*It))
          return false;
      }
      bool UsedAfter = false;
      std::function<void(const Stmt *)> Scan = [&](const Stmt *S) {
        if (!S || UsedAfter)
          return;
        if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
          UsedAfter |= RegionDecls.contains(Ref->getDecl());
        for (const Stmt *Child : S->children())
          Scan(Child);
      };
      for (auto It = std::next(UnlockPos); It != Compound->body_end(); ++It)
        Scan(*It);
      if (UsedAfter)
        return false;
    }

    // The guard declaration.
    std::string Declaration = Guard;
    std::string Name = leakguard::analysis::freshName(
        {"lock", "guard", "mutex_lock"}, Fn.Body, SM, LangOpts);
    if (Lock.Pair) {
      if (!UnlockCallee->isExternC() || UnlockCallee->getNumParams() != 1)
        return false; // A deleter: one overload (decltype), the mutex alone.
      QualType MutexType = Lock.Mutex->getType()->getPointeeType();
      auto Arg = leakguard::analysis::spelledText(Lock.Mutex, SM, LangOpts);
      if (MutexType.isNull() || !Arg)
        return false;
      std::string Unlocker = UnlockCallee->getNameAsString();
      Declaration += "<" +
                     MutexType.getUnqualifiedType().getAsString(
                         PrintingPolicy(LangOpts)) +
                     ", decltype(&" + Unlocker + ")> " + Name + "(" + *Arg +
                     ", &" + Unlocker + ")";
    } else {
      std::string Object;
      if (isa<CXXThisExpr>(MutexExpr)) {
        Object = "*this";
      } else {
        auto Text = leakguard::analysis::spelledText(Lock.Mutex, SM, LangOpts);
        if (!Text)
          return false;
        if (Lock.Arrow)
          Object = isSimpleObjectExpression(MutexExpr) ? "*" + *Text
                                                       : "*(" + *Text + ")";
        else
          Object = *Text;
      }
      if (!LangOpts.CPlusPlus17) {
        QualType MutexType = MutexExpr->getType();
        if (Lock.Arrow)
          MutexType = MutexType->getPointeeType();
        std::string TypeName = MutexType.getUnqualifiedType().getAsString(
            PrintingPolicy(LangOpts));
        if (StringRef(TypeName).contains('('))
          return false; // Anonymous or local types cannot be spelled.
        Declaration += "<" + TypeName + ">";
      }
      Declaration += " " + Name + "(" + Object + ")";
    }

    CharSourceRange LockRange =
        CharSourceRange::getTokenRange(Lock.Call->getSourceRange());
    if (EndsCompound) {
      Fixes.push_back(FixItHint::CreateReplacement(LockRange, Declaration));
      auto Removal =
          leakguard::analysis::removeStatement(UnlockStmt, SM, LangOpts);
      if (!Removal)
        return false;
      Fixes.push_back(*Removal);
    } else {
      std::string Indent =
          leakguard::analysis::indentationOf(LockStmt->getBeginLoc(), SM);
      Fixes.push_back(FixItHint::CreateReplacement(
          LockRange, "{\n" + Indent + Declaration));
      CharSourceRange UnlockRange =
          leakguard::analysis::statementWithSemicolon(UnlockStmt, SM, LangOpts);
      if (UnlockRange.isInvalid())
        return false;
      Fixes.push_back(FixItHint::CreateReplacement(UnlockRange, "}"));
    }
    for (const Stmt *Early : EarlyUnlocks) {
      auto Removal = leakguard::analysis::removeStatement(Early, SM, LangOpts);
      if (!Removal)
        return false;
      Fixes.push_back(*Removal);
    }
    if (auto Include = Inserter.createIncludeInsertion(
            SM.getFileID(Lock.Call->getBeginLoc()), Header))
      Fixes.push_back(*Include);
    return true;
  };
  if (!BuildFix())
    Fixes.clear();

  StringRef Message;
  switch (Kind) {
  case Finding::Path:
    Message = "mutex '%0' locked by '%1' is not unlocked on every path; %2";
    break;
  case Finding::Exception:
    Message =
        "mutex '%0' locked by '%1' stays locked if an exception is thrown; %2";
    break;
  case Finding::Style:
    Message = "mutex '%0' locked by '%1' is unlocked by hand; %2";
    break;
  }
  {
    auto Diagnostic = diag(Lock.Call->getBeginLoc(), Message)
                      << MutexName << LockName << Advice;
    for (const FixItHint &Fix : Fixes)
      Diagnostic << Fix;
  }

  if (NoteWait)
    diag(Waits.front()->getBeginLoc(),
         "no fix: the locked region waits on a condition variable, which "
         "needs 'std::unique_lock'",
         DiagnosticIDs::Note);
  for (const leakguard::analysis::LeakExit &Exit : Paths.Exits) {
    SourceLocation Loc =
        Exit.At ? Exit.At->getBeginLoc() : Fn.Body->getEndLoc();
    diag(Loc,
         leakguard::analysis::exitNote(Exit.Kind, "is still locked",
                                       "is locked again here while still held"),
         DiagnosticIDs::Note)
        << MutexName;
  }
  unsigned ThrowNotes = 0;
  for (const Stmt *Site : OuterThrowSites) {
    if (ThrowNotes++ == MaxThrowNotes)
      break;
    diag(Site->getBeginLoc(), "'%0' stays locked if an exception is thrown here",
         DiagnosticIDs::Note)
        << MutexName;
  }
}

} // namespace clang::tidy::leak
