//===--- ManualLockCheck.cpp - leak-manual-lock ---------------------------===//

#include "ManualLockCheck.h"
#include "analysis/FixItBuilders.h"
#include "analysis/FunctionScope.h"
#include "analysis/IncludePlacement.h"
#include "analysis/OptionLists.h"
#include "analysis/PathExplorer.h"
#include "utils/ASTUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"
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

/// The statement of its block that runs \p E: the expression statement, or
/// the declaration, assignment or `if`/`switch` whose condition holds it
/// (`int rc = lock(&m);`, `if ((rc = lock(&m)) != 0) return rc;`).
const Stmt *blockStatement(const Expr *E, const ParentMap &Parents) {
  const Stmt *S = E;
  while (const Stmt *P = Parents.getParent(S)) {
    if (isa<CompoundStmt>(P))
      break;
    const auto *If = dyn_cast<IfStmt>(P);
    const auto *Switch = dyn_cast<SwitchStmt>(P);
    if (!isa<Expr, DeclStmt>(P) && !(If && If->getCond() == S) &&
        !(Switch && Switch->getCond() == S))
      return asStatement(E, Parents); // in a loop's header, a return's value
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
  /// Names given to the guards of this function's fixes so far.
  mutable llvm::StringSet<> GuardNames;
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
      RawWaitFunctions(Options.get(
          "WaitFunctions",
          leakguard::analysis::joinList(
              leakguard::analysis::LockModel::defaults().WaitFunctions))),
      AllocationFailuresThrow(
          Options.getLocalOrGlobal("AllocationFailuresThrow", false)),
      Oracle(UnknownCallsMayThrow, AllocationFailuresThrow),
      Summaries(Options.getLocalOrGlobal("LeakSummaries", ""),
                Options.getLocalOrGlobal("LeakResources", "")),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  Model.MutexTypes = leakguard::analysis::splitList(RawMutexTypes);
  Model.WaitFunctions = leakguard::analysis::splitList(RawWaitFunctions);
  std::vector<std::string> Bad;
  Model.Functions =
      leakguard::analysis::parseLockFunctionPairs(RawLockFunctions, Bad);
  for (const std::string &Entry : Bad)
    configurationDiag("invalid entry '%0' in option 'LockFunctions' of check "
                      "'%1': expected 'lock_function:unlock_function'")
        << Entry << Name;
  if (!Summaries.error().empty())
    configurationDiag("%0 (option 'LeakSummaries')") << Summaries.error();
  LockFacts.setSummaries(Summaries.index());
  Oracle.setSummaries(Summaries.index());
}

void ManualLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MutexTypes", RawMutexTypes);
  Options.store(Opts, "LockFunctions", RawLockFunctions);
  Options.store(Opts, "StrictMode", StrictMode);
  Options.store(Opts, "UnknownCallsMayThrow", UnknownCallsMayThrow);
  Options.store(Opts, "AllocationFailuresThrow", AllocationFailuresThrow);
  Options.store(Opts, "UseScopedLock", UseScopedLock);
  Options.store(Opts, "WaitFunctions", RawWaitFunctions);
  Options.store(Opts, "LeakSummaries", Summaries.option());
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
  const auto LockFunction = callExpr(callee(
      functionDecl(leakguard::analysis::hasLastNameIn(
                       leakguard::analysis::lastNameComponents(LockFunctions)),
                   hasAnyName(LockFunctions))));
  // Functions and lambdas of the user's with a lock() call in their body;
  // each is analyzed as a whole, once.
  Bodies = leakguard::analysis::addFunctionMatchers(
      Finder, callExpr(anyOf(LockMember, LockFunction)), this);
  Summaries.addMatchers(Finder, this);
}

void ManualLockCheck::check(const MatchFinder::MatchResult &Result) {
  if (Summaries.onMatch(Result))
    return;
  if (const FunctionDecl *Function =
          leakguard::analysis::functionToAnalyze(Result, Analyzed))
    analyzeFunction(*Function, *Result.Context);
}

void ManualLockCheck::onEndOfTranslationUnit() {
  Analyzed.clear();
  LockFacts.clear();
  Facts.clear();
  Oracle.reset();
  Summaries.flush();
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

/// What the ownership engine found along the paths from one lock: the
/// exits that leave it locked, the unlocks (and adopting guards) that give
/// it back, the calls it is handed to (code that may unlock it, a return
/// that leaves it to the caller), the waits that borrow it, the statements
/// that may throw while it is held.
struct ManualLockCheck::Analysis {
  std::vector<const LockCall *> Unlocks;
  leakguard::analysis::OwnershipResult Paths;
  /// Paths.Releases, each once, in the order the walk met them.
  llvm::SmallVector<const Stmt *, 4> Releases;
};

/// The fix for one lock: the edits, the guard they declare (for the
/// message), or why there is none.
struct ManualLockCheck::LockFix {
  std::vector<FixItHint> Edits;
  std::string Guard;
  std::string Header;
  std::string Why; // when Edits is empty: the "no fix" note, if any
  const Stmt *WhyAt = nullptr;
};

bool ManualLockCheck::isOwnPair(const LockCall &Lock, const Region &Fn,
                                ASTContext &Context,
                                std::vector<const LockCall *> &Unlocks) {
  const ParentMap &Parents = Fn.Parents;
  for (const LockCall &Unlock : Fn.Unlocks)
    if (Lock.isUndoneBy(Unlock))
      Unlocks.push_back(&Unlock);
  // Unlocked in another function (Lock()/Unlock() wrappers, hand-over-hand
  // protocols): not a pair this function owns.
  if (Unlocks.empty())
    return false;

  // Path conditions this analysis does not follow: the same condition on the
  // lock and on an unlock, or an unlock under a local flag. Stay quiet.
  const CompoundStmt *LockCompound =
      directCompound(blockStatement(Lock.Call, Parents), Parents);
  bool UnlocksOnlyToBailOut = true;
  for (const LockCall *Unlock : Unlocks) {
    if (underCorrelatedConditions(Lock.Call, Unlock->Call, Parents, Context))
      return false;
    if (const VarDecl *Flag = guardingLocalFlag(Unlock->Call, Parents);
        Flag && flagRecordsLock(Flag, Fn.Body, Lock, Model, Parents))
      return false;
    const Stmt *UnlockStmt = blockStatement(Unlock->Call, Parents);
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
    return false;

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
  return Entry.Releases.empty() && Entry.Complete;
}

void ManualLockCheck::analyzeLock(const LockCall &Lock, const Region &Fn,
                                  ASTContext &Context) {
  const LangOptions &LangOpts = Context.getLangOpts();
  Analysis A;
  if (!isOwnPair(Lock, Fn, Context, A.Unlocks))
    return;

  leakguard::analysis::Acquired What;
  What.K = leakguard::analysis::Acquired::Lock;
  What.Acquire = Lock.Call;
  What.Locking = &Lock;
  What.Locks = &LockFacts;
  What.LockStatus =
      leakguard::analysis::statusVariable(Lock.Call, Fn.Parents, Fn.Body);
  leakguard::analysis::FollowPolicy Policy;
  Policy.TrackThrows = LangOpts.CPlusPlus && LangOpts.CXXExceptions;
  A.Paths = Engine.follow(What, Fn.Cfg, Fn.Parents, Fn.Body, Context, Policy);
  if (!A.Paths.Complete)
    return; // Too many paths to be sure of anything.
  for (const Stmt *Release : A.Paths.Releases)
    if (!llvm::is_contained(A.Releases, Release))
      A.Releases.push_back(Release);

  // No path from this lock reaches an unlock or code that may unlock it:
  // the unlocks of the function belong to other branches (`case PAUSE:
  // lock(); break; case RESUME: unlock(); break;`), a protocol that spans
  // calls. Not a pair to judge.
  if (A.Releases.empty() &&
      llvm::all_of(A.Paths.HandOffs, llvm::IsaPred<ReturnStmt>))
    return;

  Finding Kind;
  if (!A.Paths.Exits.empty())
    Kind = Finding::Path;
  else if (!A.Paths.ThrowSites.empty())
    Kind = Finding::Exception;
  else if (StrictMode && A.Paths.HandOffs.empty() && LangOpts.CPlusPlus)
    Kind = Finding::Style;
  else
    return;

  // Notes in source order, whatever order the paths were walked in.
  leakguard::analysis::sortExits(A.Paths.Exits, Context.getSourceManager());
  LockFix Fix = buildFix(Lock, Fn, A, Context);
  report(Lock, Fn, A, Kind, Fix, Context);
}

/// The guard type and header that hold \p Lock; \p Unique asks for one that
/// can be unlocked early (`std::unique_lock`).
static std::pair<std::string, std::string>
guardType(const LockCall &Lock, bool Unique, bool UseScopedLock,
          const LangOptions &LangOpts) {
  if (Lock.Pair)
    return {"std::unique_ptr", "<memory>"};
  if (Lock.Shared)
    return {"std::shared_lock", "<shared_mutex>"};
  if (Unique)
    return {"std::unique_lock", "<mutex>"};
  return {UseScopedLock && LangOpts.CPlusPlus17 ? "std::scoped_lock"
                                                : "std::lock_guard",
          "<mutex>"};
}

std::optional<std::string>
ManualLockCheck::guardDeclaration(const LockCall &Lock, StringRef Guard,
                                  StringRef Name, ASTContext &Context) const {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  std::string Declaration = Guard.str();
  if (Lock.Pair)
    return std::nullopt; // see pairDeclaration()
  const Expr *MutexExpr = Lock.Mutex->IgnoreParenImpCasts();
  std::string Object;
  if (isa<CXXThisExpr>(MutexExpr)) {
    Object = "*this";
  } else {
    auto Text = leakguard::analysis::spelledText(Lock.Mutex, SM, LangOpts);
    if (!Text)
      return std::nullopt;
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
    std::string TypeName =
        MutexType.getUnqualifiedType().getAsString(PrintingPolicy(LangOpts));
    if (StringRef(TypeName).contains('('))
      return std::nullopt; // Anonymous or local types cannot be spelled.
    Declaration += "<" + TypeName + ">";
  }
  return Declaration + " " + Name.str() + "(" + Object + ")";
}

std::optional<std::string>
ManualLockCheck::pairDeclaration(const LockCall &Lock,
                                 const FunctionDecl *UnlockCallee,
                                 StringRef Name, ASTContext &Context) const {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  // A deleter: one overload (decltype), the mutex alone.
  if (!UnlockCallee || !UnlockCallee->isExternC() ||
      UnlockCallee->getNumParams() != 1)
    return std::nullopt;
  QualType MutexType = Lock.Mutex->getType()->getPointeeType();
  auto Arg = leakguard::analysis::spelledText(Lock.Mutex, SM, LangOpts);
  if (MutexType.isNull() || !Arg)
    return std::nullopt;
  std::string Unlocker = UnlockCallee->getNameAsString();
  return "std::unique_ptr<" +
         MutexType.getUnqualifiedType().getAsString(PrintingPolicy(LangOpts)) +
         ", decltype(&" + Unlocker + ")> " + Name.str() + "(" + *Arg + ", &" +
         Unlocker + ")";
}

std::string ManualLockCheck::guardName(const Region &Fn,
                                       ASTContext &Context) const {
  // Two guards of one function must not share a name in one scope.
  static constexpr StringRef Names[] = {"lock",  "guard", "mutex_lock",
                                        "lock2", "lock3", "lock4",
                                        "lock5", "lock6", "lock7"};
  llvm::SmallVector<StringRef, 9> Free;
  for (StringRef Name : Names)
    if (!Fn.GuardNames.contains(Name))
      Free.push_back(Name);
  if (Free.empty())
    Free.push_back("lock8");
  return leakguard::analysis::freshName(
      Free, Fn.Body, Context.getSourceManager(), Context.getLangOpts());
}

ManualLockCheck::LockFix ManualLockCheck::buildFix(const LockCall &Lock,
                                                   const Region &Fn,
                                                   const Analysis &A,
                                                   ASTContext &Context) {
  const LangOptions &LangOpts = Context.getLangOpts();
  LockFix Fix;
  std::tie(Fix.Guard, Fix.Header) =
      guardType(Lock, false, UseScopedLock, LangOpts);
  const FunctionDecl *UnlockCallee = A.Unlocks.front()->Call->getDirectCallee();
  if (!LangOpts.CPlusPlus || (Lock.Pair && !UnlockCallee))
    return Fix;
  if (!A.Paths.HandOffs.empty() || Lock.Call->getBeginLoc().isMacroID())
    return Fix;
  const Stmt *LockStmt = asStatement(Lock.Call, Fn.Parents);
  const CompoundStmt *Compound = directCompound(LockStmt, Fn.Parents);
  if (!Compound)
    return Fix;
  std::string Name = guardName(Fn, Context);
  // The waits of a member guard need to name it: that is a unique_lock.
  bool MemberWaits = !A.Paths.Borrows.empty() && !Lock.Pair;
  if (!MemberWaits && regionFix(Lock, Fn, A, Name, Fix, Context)) {
    Fn.GuardNames.insert(Name);
    return Fix;
  }
  Fix.Edits.clear();
  std::tie(Fix.Guard, Fix.Header) =
      guardType(Lock, true, UseScopedLock, LangOpts);
  if (uniqueLockFix(Lock, Fn, A, Name, Fix, Context)) {
    Fn.GuardNames.insert(Name);
    return Fix;
  }
  Fix.Edits.clear();
  if (!Fix.Why.empty())
    return Fix;
  std::tie(Fix.Guard, Fix.Header) =
      guardType(Lock, false, UseScopedLock, LangOpts);
  return Fix;
}

bool ManualLockCheck::regionFix(const LockCall &Lock, const Region &Fn,
                                const Analysis &A, StringRef Name, LockFix &Fix,
                                ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  const ParentMap &Parents = Fn.Parents;
  const Stmt *LockStmt = asStatement(Lock.Call, Parents);
  const CompoundStmt *Compound = directCompound(LockStmt, Parents);
  // The unlock that closes the region: the first one after the lock in the
  // same compound statement.
  auto LockIt = llvm::find(Compound->body(), LockStmt);
  const Stmt *UnlockStmt = nullptr;
  const LockCall *FinalUnlock = nullptr;
  for (auto It = std::next(LockIt); It != Compound->body_end() && !UnlockStmt;
       ++It)
    for (const LockCall *Unlock : A.Unlocks)
      if (asStatement(Unlock->Call, Parents) == *It) {
        UnlockStmt = *It;
        FinalUnlock = Unlock;
      }
  if (!UnlockStmt || !llvm::is_contained(A.Releases, FinalUnlock->Call))
    return false;
  SourceLocation RegionBegin = LockStmt->getBeginLoc();
  SourceLocation RegionEnd = UnlockStmt->getBeginLoc();
  auto InRegion = [&](const Stmt *S) {
    return SM.isBeforeInTranslationUnit(RegionBegin, S->getBeginLoc()) &&
           SM.isBeforeInTranslationUnit(S->getBeginLoc(), RegionEnd);
  };
  if (!regionIsClosed(Lock, Fn, A, InRegion))
    return false;
  std::vector<const Stmt *> EarlyUnlocks;
  if (!earlyUnlocks(Lock, Fn, A, FinalUnlock, Compound, InRegion, EarlyUnlocks,
                    Context))
    return false;

  // The guard can simply replace the pair when the unlock ends the
  // compound statement, or only a return of a value computed without side
  // effects follows it (computing it under the lock changes nothing).
  auto UnlockPos = llvm::find(Compound->body(), UnlockStmt);
  bool EndsCompound = std::next(UnlockPos) == Compound->body_end();
  if (!EndsCompound && std::next(UnlockPos, 2) == Compound->body_end())
    if (const auto *Return = dyn_cast<ReturnStmt>(*std::next(UnlockPos)))
      EndsCompound = returnsWithoutEffects(Return, Context);
  if (!EndsCompound && hidesDeclarations(Compound, LockIt, UnlockPos))
    return false;

  std::optional<std::string> Declaration =
      Lock.Pair
          ? pairDeclaration(Lock, A.Unlocks.front()->Call->getDirectCallee(),
                            Name, Context)
          : guardDeclaration(Lock, Fix.Guard, Name, Context);
  if (!Declaration)
    return false;
  CharSourceRange LockRange =
      CharSourceRange::getTokenRange(Lock.Call->getSourceRange());
  if (EndsCompound) {
    Fix.Edits.push_back(FixItHint::CreateReplacement(LockRange, *Declaration));
    auto Removal =
        leakguard::analysis::removeStatement(UnlockStmt, SM, LangOpts);
    if (!Removal)
      return false;
    Fix.Edits.push_back(*Removal);
  } else {
    std::string Indent =
        leakguard::analysis::indentationOf(LockStmt->getBeginLoc(), SM);
    Fix.Edits.push_back(
        FixItHint::CreateReplacement(LockRange, "{\n" + Indent + *Declaration));
    CharSourceRange UnlockRange =
        leakguard::analysis::statementWithSemicolon(UnlockStmt, SM, LangOpts);
    if (UnlockRange.isInvalid())
      return false;
    Fix.Edits.push_back(FixItHint::CreateReplacement(UnlockRange, "}"));
  }
  for (const Stmt *Early : EarlyUnlocks) {
    auto Removal = leakguard::analysis::removeStatement(Early, SM, LangOpts);
    if (!Removal)
      return false;
    Fix.Edits.push_back(*Removal);
  }
  addInclude(Lock, Fix, Context);
  return true;
}

bool ManualLockCheck::regionIsClosed(
    const LockCall &Lock, const Region &Fn, const Analysis &A,
    llvm::function_ref<bool(const Stmt *)> InRegion) const {
  // Any other lock or unlock of this mutex inside the region must be an
  // early unlock right before a jump that leaves the region.
  for (const LockCall &Other : Fn.Locks)
    if (Other.Key == Lock.Key && Other.Call != Lock.Call &&
        InRegion(Other.Call))
      return false;
  for (const LockCall &Other : Fn.Unlocks)
    if (Other.Key == Lock.Key && InRegion(Other.Call) &&
        !llvm::is_contained(A.Releases, Other.Call))
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
  return true;
}

bool ManualLockCheck::earlyUnlocks(
    const LockCall &Lock, const Region &Fn, const Analysis &A,
    const LockCall *FinalUnlock, const CompoundStmt *Compound,
    llvm::function_ref<bool(const Stmt *)> InRegion,
    std::vector<const Stmt *> &EarlyUnlocks, ASTContext &Context) const {
  const ParentMap &Parents = Fn.Parents;
  for (const Stmt *Release : A.Releases) {
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
      if (!returnsWithoutEffects(Return, Context))
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
  return true;
}

/// Whether returning \p Return under the lock changes nothing: no value, a
/// value computed without side effects, or a local variable (moved or
/// copied into the result; its copy touches no shared state).
bool ManualLockCheck::returnsWithoutEffects(const ReturnStmt *Return,
                                            ASTContext &Context) {
  const Expr *Value = Return->getRetValue();
  if (!Value || !Value->HasSideEffects(Context))
    return true;
  Value = Value->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Value);
      Construct && Construct->getNumArgs() == 1)
    Value = Construct->getArg(0)->IgnoreImplicit();
  const auto *Ref = dyn_cast<DeclRefExpr>(Value->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
         !Var->getType().isVolatileQualified();
}

bool ManualLockCheck::hidesDeclarations(
    const CompoundStmt *Compound, CompoundStmt::const_body_iterator LockIt,
    CompoundStmt::const_body_iterator UnlockIt) {
  // Wrapping the region in a block must not hide a declaration used after
  // it, nor a label jumped to from outside.
  llvm::SmallPtrSet<const Decl *, 8> RegionDecls;
  for (auto It = std::next(LockIt); It != UnlockIt; ++It) {
    if (const auto *DS = dyn_cast<DeclStmt>(*It))
      for (const Decl *D : DS->decls())
        RegionDecls.insert(D);
    if (isa<LabelStmt, SwitchCase>(*It))
      return true;
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
  for (auto It = std::next(UnlockIt); It != Compound->body_end(); ++It)
    Scan(*It);
  return UsedAfter;
}

bool ManualLockCheck::uniqueLockFix(const LockCall &Lock, const Region &Fn,
                                    const Analysis &A, StringRef Name,
                                    LockFix &Fix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const ParentMap &Parents = Fn.Parents;
  const Stmt *LockStmt = asStatement(Lock.Call, Parents);
  const CompoundStmt *Compound = directCompound(LockStmt, Parents);
  auto After = [&](const Stmt *S) {
    return SM.isBeforeInTranslationUnit(Lock.Call->getBeginLoc(),
                                        S->getBeginLoc()) &&
           SM.isBeforeInTranslationUnit(S->getBeginLoc(),
                                        Compound->getEndLoc());
  };
  // The guard lives from the lock to the end of its block: every unlock of
  // the mutex there must be one this lock reaches, run at most once per
  // lock (not in a loop of the block), and none may lock it again.
  for (const LockCall &Other : Fn.Locks)
    if (Other.Key == Lock.Key && Other.Call != Lock.Call && After(Other.Call)) {
      Fix.Why = "the mutex is locked again in the same block";
      Fix.WhyAt = Other.Call;
      return false;
    }
  std::vector<const CallExpr *> Unlocks;
  for (const LockCall &Other : Fn.Unlocks) {
    if (!Lock.isUndoneBy(Other) || !After(Other.Call))
      continue;
    if (!llvm::is_contained(A.Releases, Other.Call))
      return false;
    for (const Stmt *P = Parents.getParent(Other.Call); P && P != Compound;
         P = Parents.getParent(P))
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P)) {
        Fix.Why = "the mutex is unlocked in a loop inside the locked block";
        Fix.WhyAt = Other.Call;
        return false;
      }
    if (Other.Call->getBeginLoc().isMacroID())
      return false;
    Unlocks.push_back(Other.Call);
  }
  for (const Stmt *Release : A.Releases)
    if (!llvm::is_contained(Unlocks, Release)) {
      Fix.Why = "the mutex is unlocked outside the block that locks it, "
                "where no guard can follow it";
      Fix.WhyAt = Release;
      return false;
    }
  // A declaration jumped over by a label or a case of the block does not
  // compile.
  bool Jumped = false;
  std::function<void(const Stmt *)> Scan = [&](const Stmt *S) {
    if (!S || Jumped)
      return;
    if (isa<LabelStmt, SwitchCase>(S) && After(S))
      Jumped = true;
    for (const Stmt *Child : S->children())
      Scan(Child);
  };
  Scan(Compound);
  if (Jumped) {
    Fix.Why = "a label or a case in the block could jump over the guard";
    return false;
  }
  std::optional<std::string> Declaration =
      Lock.Pair
          ? pairDeclaration(Lock, A.Unlocks.front()->Call->getDirectCallee(),
                            Name, Context)
          : guardDeclaration(Lock, Fix.Guard, Name, Context);
  if (!Declaration)
    return false;
  return uniqueLockEdits(Lock, Fn, A, Unlocks, Name, *Declaration, Fix,
                         Context);
}

bool ManualLockCheck::uniqueLockEdits(const LockCall &Lock, const Region &Fn,
                                      const Analysis &A,
                                      ArrayRef<const CallExpr *> Unlocks,
                                      StringRef Name, StringRef Declaration,
                                      LockFix &Fix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  const ParentMap &Parents = Fn.Parents;
  const CompoundStmt *Compound =
      directCompound(asStatement(Lock.Call, Parents), Parents);
  Fix.Edits.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Lock.Call->getSourceRange()),
      Declaration));
  // An unlock that ends the block goes (the guard unlocks right there); the
  // others unlock through the guard, which then knows it holds nothing.
  std::string Release = Name.str() + (Lock.Pair ? ".reset()" : ".unlock()");
  for (const CallExpr *Unlock : Unlocks) {
    const Stmt *UnlockStmt = asStatement(Unlock, Parents);
    if (directCompound(UnlockStmt, Parents) == Compound &&
        Compound->body_back() == UnlockStmt) {
      auto Removal =
          leakguard::analysis::removeStatement(UnlockStmt, SM, LangOpts);
      if (!Removal)
        return false;
      Fix.Edits.push_back(*Removal);
      continue;
    }
    Fix.Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Unlock->getSourceRange()), Release));
  }
  // `cv.wait(mu)` waits through the guard: `cv.wait(lock)`.
  for (const Stmt *Wait : A.Paths.Borrows) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(Wait);
    if (Lock.Pair || !Call)
      continue;
    for (const Expr *Arg : Call->arguments())
      if (leakguard::analysis::namesMutex(Arg, Lock.Key)) {
        if (Arg->getBeginLoc().isMacroID())
          return false;
        Fix.Edits.push_back(FixItHint::CreateReplacement(
            CharSourceRange::getTokenRange(Arg->getSourceRange()), Name));
      }
  }
  addInclude(Lock, Fix, Context);
  return true;
}

void ManualLockCheck::addInclude(const LockCall &Lock, LockFix &Fix,
                                 ASTContext &Context) {
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, Context.getSourceManager(),
          Context.getSourceManager().getFileID(Lock.Call->getBeginLoc()),
          Fix.Header, getLangOpts()))
    Fix.Edits.push_back(*Include);
}

void ManualLockCheck::report(const LockCall &Lock, const Region &Fn,
                             const Analysis &A, Finding Kind,
                             const LockFix &Fix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  const FunctionDecl *UnlockCallee = A.Unlocks.front()->Call->getDirectCallee();
  std::string Advice;
  if (!LangOpts.CPlusPlus)
    Advice = "unlock it before the exits shown in the notes";
  else if (Lock.Pair && UnlockCallee && UnlockCallee->getNumParams() == 1)
    Advice = "hold it with a 'std::unique_ptr' whose deleter is '" +
             UnlockCallee->getNameAsString() + "'";
  else if (Lock.Pair)
    Advice = "unlock it before the exits shown in the notes";
  else
    Advice = "hold it with '" + Fix.Guard + "'";

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
    for (const FixItHint &Edit : Fix.Edits)
      Diagnostic << Edit;
  }

  if (Fix.Edits.empty() && !Fix.Why.empty())
    diag(Fix.WhyAt ? Fix.WhyAt->getBeginLoc() : Lock.Call->getBeginLoc(),
         "no fix: %0", DiagnosticIDs::Note)
        << Fix.Why;
  for (const leakguard::analysis::LeakExit &Exit : A.Paths.Exits) {
    SourceLocation Loc =
        Exit.At ? Exit.At->getBeginLoc() : Fn.Body->getEndLoc();
    diag(Loc,
         leakguard::analysis::exitNote(Exit.Kind, "is still locked",
                                       "is locked again here while still held"),
         DiagnosticIDs::Note)
        << MutexName;
  }
  // One note per throwing statement, in source order.
  llvm::SmallVector<const Stmt *, 4> OuterThrowSites =
      leakguard::analysis::outermostSites(A.Paths.ThrowSites.getArrayRef(),
                                          Fn.Parents, SM);
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
