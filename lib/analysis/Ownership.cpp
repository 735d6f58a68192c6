//===--- Ownership.cpp - One engine for acquire/release pairs -------------===//

#include "analysis/Ownership.h"
#include "analysis/FunctionScope.h"
#include "analysis/ObjectKey.h"
#include "analysis/OwnershipPolicy.h"
#include "analysis/Summarize.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include <functional>

using namespace clang;

namespace leakguard::analysis {

//===----------------------------------------------------------------------===//
// Callee facts
//===----------------------------------------------------------------------===//

void CalleeFacts::clear() {
  Wrappers.clear();
  NewWrappers.clear();
  Releasing.clear();
  Borrowing.clear();
  PassesOn.clear();
  Kept.clear();
  KeptAlways.clear();
  ParentMaps.clear();
  Cfgs.clear();
}

const FunctionSummary *CalleeFacts::summaryOf(const FunctionDecl *Callee,
                                              StringRef Facet) const {
  // (No USR is computed when no summary is read or written.)
  if (!Callee || (!Summaries && !SummaryRecorder::get().enabled()) ||
      Callee->hasBody() ||
      Callee->getASTContext().getSourceManager().isInSystemHeader(
          Callee->getLocation()))
    return nullptr;
  std::string Key = summaryKey(Callee);
  if (Key.empty())
    return nullptr;
  SummaryRecorder::get().ask(Key, Facet, Summaries.get());
  return Summaries ? Summaries->find(Key) : nullptr;
}

/// The API of \p Model a summary's resource name stands for.
static const ResourceApi *apiNamed(const ResourceModel &Model, StringRef Name) {
  for (const ResourceApi &Api : Model.apis())
    if (!Api.Acquirers.empty() && Api.Acquirers.front() == Name)
      return &Api;
  return nullptr;
}

const ResourceApi *CalleeFacts::acquiredBy(const FunctionDecl *Callee) {
  return acquiredBy(Callee, Model);
}

const ResourceApi *CalleeFacts::acquiredBy(const FunctionDecl *Callee,
                                           const ResourceModel &In) {
  if (const ResourceApi *Api = In.acquiredBy(Callee))
    return Api;
  if (!Callee || !Callee->getReturnType()->isPointerType())
    return nullptr;
  if (const FunctionSummary *S = summaryOf(Callee, "acquires")) {
    const ResourceApi *Api = apiNamed(In, S->Acquires);
    return Api && Api->OutParam < 0 ? Api : nullptr;
  }
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition))
    return nullptr;
  auto [It, Inserted] = Wrappers.try_emplace({Definition, &In}, nullptr);
  if (!Inserted)
    return It->second;
  // Every return gives either an acquired handle of one API (a call, or a
  // local initialized from one: a modelled function, or another wrapper of
  // this file, or of another unit as its summary says) or a null pointer;
  // at least one gives a handle.
  const ResourceApi *Found = nullptr;
  bool Every = everyReturnedValue(*Definition, [&](const Expr *Value) {
    const auto *Call = dyn_cast<CallExpr>(Value);
    const ResourceApi *Api =
        Call ? acquiredBy(Call->getDirectCallee(), In) : nullptr;
    if (!Api || Api->OutParam >= 0 || (Found && Found != Api))
      return false;
    Found = Api;
    return true;
  });
  return Wrappers[{Definition, &In}] = Every ? Found : nullptr;
}

std::optional<bool> CalleeFacts::returnsNew(const FunctionDecl *Callee) {
  if (!Callee || !Callee->getReturnType()->isPointerType() ||
      Callee->isOverloadedOperator())
    return std::nullopt;
  if (const FunctionSummary *S = summaryOf(Callee, "acquires")) {
    if (S->Acquires == "new" || S->Acquires == "new[]")
      return S->Acquires == "new[]";
    return std::nullopt;
  }
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition))
    return std::nullopt;
  auto [It, Inserted] = NewWrappers.try_emplace(Definition, std::nullopt);
  if (!Inserted)
    return It->second;
  // Every return gives a fresh object of one form of `new`, from a
  // new-expression or another such wrapper, or a null pointer.
  std::optional<bool> Found;
  bool Every = everyReturnedValue(*Definition, [&](const Expr *Value) {
    bool Array = false;
    std::optional<bool> Form;
    if (isFreshNew(Value, Array))
      Form = Array;
    else if (const auto *Call = dyn_cast<CallExpr>(Value))
      Form = returnsNew(Call->getDirectCallee());
    if (!Form || (Found && *Found != *Form))
      return false;
    Found = Form;
    return true;
  });
  return NewWrappers[Definition] = Every ? Found : std::nullopt;
}

bool CalleeFacts::releasesAnything(const FunctionDecl *Callee) const {
  static const ResourceModel Heap = ResourceModel::heap();
  return Model.releasesAny(Callee) || Heap.releasesAny(Callee);
}

bool CalleeFacts::storesParameter(const FunctionDecl *Callee, unsigned Index) {
  const FunctionSummary *S = summaryOf(Callee, ("param" + Twine(Index)).str());
  return S && Index < S->Params.size() &&
         S->Params[Index].Use == summary::ParamUse::Stores;
}

bool CalleeFacts::keepingStatements(const FunctionDecl *Definition,
                                    unsigned Index,
                                    llvm::SmallPtrSetImpl<const Stmt *> &Keeps,
                                    const ParentMap &Parents, unsigned Depth) {
  static const ResourceApi NoApi{};
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  bool Clear = true;
  forEachStatement(Definition->getBody(), [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (!Clear || !Ref || Ref->getDecl() != Param)
      return Clear;
    const Stmt *User =
        Parents.getParentIgnoreParenImpCasts(const_cast<DeclRefExpr *>(Ref));
    if (onlyTests(User))
      return true;
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(User);
        Member && Member->isArrow())
      return true;
    if (const auto *Deref = dyn_cast_or_null<UnaryOperator>(User);
        Deref && Deref->getOpcode() == UO_Deref)
      return true;
    // `n->content = content;`: kept by what outlives the call (a local
    // pointer that takes it only aliases it: not followed).
    if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(User);
        Assign && Assign->getOpcode() == BO_Assign &&
        Assign->getRHS()->IgnoreParenCasts() == Ref &&
        !localVariable(Assign->getLHS())) {
      Keeps.insert(Assign);
      return true;
    }
    if (const auto *Call = dyn_cast_or_null<CallExpr>(User)) {
      const FunctionDecl *Inner = Call->getDirectCallee();
      for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I) {
        if (Call->getArg(I)->IgnoreParenImpCasts() != Ref)
          continue;
        // A callee that keeps it on every path (this file's, or another
        // unit's whose summary says it stores it, unconditionally).
        const FunctionSummary *Summary =
            summaryOf(Inner, ("param" + Twine(I)).str());
        const FunctionDecl *InnerDefinition = nullptr;
        bool KeepsIt =
            Summary ? I < Summary->Params.size() &&
                          Summary->Params[I].Use == summary::ParamUse::Stores &&
                          !Summary->Params[I].Kept
                    : Inner && Inner->hasBody(InnerDefinition) && Depth < 3 &&
                          I < InnerDefinition->getNumParams() &&
                          !InnerDefinition->isVariadic() &&
                          keepsOnEveryPath(InnerDefinition, I, Depth + 1);
        if (KeepsIt) {
          Keeps.insert(Call);
          continue;
        }
        if (isConstParameter(Inner, I) ||
            (isCLibraryCall(Call, Definition->getASTContext()) &&
             !releasesAnything(Inner) && !takesOwnership(Call, I, nullptr)) ||
            onlyBorrows(Inner, I, NoApi, Depth + 1))
          continue;
        Clear = false;
      }
      return Clear;
    }
    Clear = false;
    return false;
  });
  return Clear;
}

const ParentMap &CalleeFacts::parentsOf(const FunctionDecl *Definition) {
  std::unique_ptr<ParentMap> &Map = ParentMaps[Definition];
  if (!Map)
    Map = std::make_unique<ParentMap>(Definition->getBody());
  return *Map;
}

const CFG *CalleeFacts::cfgOf(const FunctionDecl *Definition) {
  auto [It, New] = Cfgs.try_emplace(Definition);
  if (New)
    It->second =
        CFG::buildCFG(Definition, Definition->getBody(),
                      &Definition->getASTContext(), CFG::BuildOptions());
  return It->second.get();
}

/// The paths of \p Cfg from its entry that pass none of \p Keeps.
static PathResult
pathsNotPassing(const CFG &Cfg,
                const llvm::SmallPtrSetImpl<const Stmt *> &Keeps,
                ASTContext &Context) {
  ExploreOptions Explore;
  Explore.Context = &Context;
  return explorePathsFromEntry(
      Cfg,
      [&](const Stmt *S) {
        return Keeps.contains(S) ? StepVerdict::Released
                                 : StepVerdict::Continue;
      },
      Explore);
}

bool CalleeFacts::keepsOnEveryPath(const FunctionDecl *Definition,
                                   unsigned Index, unsigned Depth) {
  auto Key = std::make_pair(Definition, Index);
  if (auto It = KeptAlways.find(Key); It != KeptAlways.end())
    return It->second;
  KeptAlways[Key] = false; // Recursion: not proven.
  ASTContext &Context = Definition->getASTContext();
  if (Context.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return false;
  llvm::SmallPtrSet<const Stmt *, 4> Keeps;
  const ParentMap &Parents = parentsOf(Definition);
  if (!keepingStatements(Definition, Index, Keeps, Parents, Depth) ||
      Keeps.empty())
    return false;
  const CFG *Cfg = cfgOf(Definition);
  if (!Cfg)
    return false;
  PathResult Paths = pathsNotPassing(*Cfg, Keeps, Context);
  return KeptAlways[Key] = Paths.Complete && Paths.Exits.empty();
}

/// Whether \p Body writes \p Var after its declaration (an assignment, an
/// increment) or takes its address.
static bool isWrittenAfterInit(const VarDecl *Var, const Stmt *Body) {
  bool Written = false;
  forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *Op = dyn_cast<BinaryOperator>(S))
      Written |= Op->isAssignmentOp() && refersTo(Op->getLHS(), Var);
    else if (const auto *Op = dyn_cast<UnaryOperator>(S))
      Written |=
          (Op->isIncrementDecrementOp() || Op->getOpcode() == UO_AddrOf) &&
          refersTo(Op->getSubExpr(), Var);
    return !Written;
  });
  return Written;
}

/// Whether the branch of the if statements around \p S that leads to it
/// finds \p Var not null (`if (n) keep(n, p);`).
static bool underNonNullTest(const Stmt *S, const VarDecl *Var,
                             const ParentMap &Parents) {
  return llvm::any_of(assumptionsAround(S, Parents), [&](const Assumption &A) {
    auto Test = nullTest(A.Condition, A.Value, Var->getASTContext());
    return Test && Test->first == Var && !Test->second;
  });
}

const summary::KeptWhen *CalleeFacts::keptOnSuccess(const FunctionDecl *Callee,
                                                    unsigned Index) {
  if (const FunctionSummary *S =
          summaryOf(Callee, ("param" + Twine(Index)).str()))
    return Index < S->Params.size() &&
                   S->Params[Index].Use == summary::ParamUse::Stores &&
                   S->Params[Index].Kept
               ? &*S->Params[Index].Kept
               : nullptr;
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) ||
      Index >= Definition->getNumParams() || Definition->isVariadic() ||
      !Definition->getParamDecl(Index)->getType()->isPointerType())
    return nullptr;
  QualType Result = Definition->getReturnType();
  const bool Pointer = Result->isPointerType();
  if (!Pointer && !Result->isIntegralOrEnumerationType())
    return nullptr;
  auto Key = std::make_pair(Definition, Index);
  if (auto It = Kept.find(Key); It != Kept.end())
    return It->second ? &*It->second : nullptr;
  std::optional<summary::KeptWhen> &Fact = Kept[Key];
  ASTContext &Context = Definition->getASTContext();
  if (Context.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return nullptr;
  // Most parameters are never stored nor given to a call: answered without
  // a parent map.
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  bool Given = false;
  forEachStatement(Definition->getBody(), [&](const Stmt *S) {
    if (const auto *Assign = dyn_cast<BinaryOperator>(S))
      Given |=
          Assign->getOpcode() == BO_Assign && refersTo(Assign->getRHS(), Param);
    else if (const auto *Call = dyn_cast<CallExpr>(S))
      Given |= llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
        return refersTo(Arg, Param);
      });
    return !Given;
  });
  if (!Given)
    return nullptr;
  llvm::SmallPtrSet<const Stmt *, 4> Keeps;
  const ParentMap &Parents = parentsOf(Definition);
  if (!keepingStatements(Definition, Index, Keeps, Parents, 0) || Keeps.empty())
    return nullptr;
  const CFG *Cfg = cfgOf(Definition);
  if (!Cfg)
    return nullptr;
  ExploreOptions Explore;
  Explore.Context = &Context;
  summary::KeptWhen When;
  When.NonNull = Pointer;
  // The value one return gives on a path that keeps the parameter (or
  // not); false when it cannot tell.
  auto Classify = [&](const LeakExit &Exit, bool Keeping,
                      const Stmt *Keep) -> bool {
    const auto *Return = dyn_cast_or_null<ReturnStmt>(Exit.At);
    if (Exit.Kind != ExitKind::Return || !Return || !Return->getRetValue())
      return false;
    const Expr *Value = Return->getRetValue()->IgnoreParenCasts();
    if (Value->isValueDependent())
      return false;
    if (Pointer) {
      if (Value->isNullPointerConstant(Context,
                                       Expr::NPC_ValueDependentIsNotNull))
        return !Keeping;
      if (!Keeping)
        return true; // Not known null: at worst a kept parameter missed.
      // `return n;` where the keep happened under `if (n)`, and nothing
      // writes n after.
      const auto *Ref = dyn_cast<DeclRefExpr>(Value);
      const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
             underNonNullTest(Keep, Var, Parents) &&
             !isWrittenAfterInit(Var, Definition->getBody());
    }
    Expr::EvalResult Constant;
    if (!Value->EvaluateAsInt(Constant, Context))
      return !Keeping; // A failure result that is not a constant: left out.
    int64_t V = Constant.Val.getInt().getExtValue();
    std::vector<int64_t> &Into = Keeping ? When.Success : When.Failure;
    if (!llvm::is_contained(Into, V))
      Into.push_back(V);
    return true;
  };
  // The paths that do not keep it, from the entry.
  PathResult NotKept = pathsNotPassing(*Cfg, Keeps, Context);
  if (!NotKept.Complete || NotKept.Exits.empty())
    return nullptr; // Kept on every path: a plain store.
  for (const LeakExit &Exit : NotKept.Exits)
    if (!Classify(Exit, false, nullptr))
      return nullptr;
  // The paths on from each statement that keeps it.
  for (const Stmt *Keep : Keeps) {
    PathResult After = explorePaths(
        *Cfg, Keep, [](const Stmt *) { return StepVerdict::Continue; },
        Explore);
    if (!After.Complete || After.Exits.empty())
      return nullptr;
    for (const LeakExit &Exit : After.Exits)
      if (!Classify(Exit, true, Keep))
        return nullptr;
  }
  llvm::sort(When.Success);
  llvm::sort(When.Failure);
  if (!Pointer &&
      (When.Success.empty() || llvm::any_of(When.Success, [&](int64_t V) {
         return llvm::is_contained(When.Failure, V);
       })))
    return nullptr;
  Fact = When;
  return &*Fact;
}

bool CalleeFacts::onlyBorrows(const FunctionDecl *Callee, unsigned Index,
                              const ResourceApi &Api, unsigned Depth) {
  if (const FunctionSummary *S =
          summaryOf(Callee, ("param" + Twine(Index)).str()))
    return Index < S->Params.size() &&
           S->Params[Index].Use == summary::ParamUse::Borrows;
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) ||
      Index >= Definition->getNumParams() || Definition->isVariadic())
    return false;
  ParamKey Key{Definition, Index, &Api};
  if (auto It = Borrowing.find(Key); It != Borrowing.end())
    return It->second;
  Borrowing[Key] = false; // Recursion: not proven.
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  const ParentMap &Parents = parentsOf(Definition);
  // Every use of the parameter: a test, a member access, or an argument
  // that only borrows (recursively, a few calls deep).
  bool Borrows = true;
  std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S || !Borrows)
      return;
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (!Ref || Ref->getDecl() != Param) {
      for (const Stmt *Child : S->children())
        Visit(Child);
      return;
    }
    const Stmt *User =
        Parents.getParentIgnoreParenImpCasts(const_cast<DeclRefExpr *>(Ref));
    if (onlyTests(User))
      return;
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(User);
        Member && Member->isArrow())
      return;
    if (const auto *Call = dyn_cast_or_null<CallExpr>(User)) {
      const FunctionDecl *Inner = Call->getDirectCallee();
      for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
        if (Call->getArg(I)->IgnoreParenImpCasts() == Ref &&
            (isBorrower(Api, Inner) || isConstParameter(Inner, I) ||
             // The C library uses a pointer it gets, as the engine reads it,
             // but for the API's releases and adoptions.
             (!Param->getType()->isIntegralOrEnumerationType() &&
              isCLibraryCall(Call, Definition->getASTContext()) &&
              !releasesAnything(Inner) && !isReleaser(Api, Inner) &&
              !takesOwnership(Call, I, &Api)) ||
             (Depth < 3 && onlyBorrows(Inner, I, Api, Depth + 1))))
          return;
    }
    Borrows = false;
  };
  Visit(Definition->getBody());
  Borrowing[Key] = Borrows;
  return Borrows;
}

bool CalleeFacts::releasesParameter(const FunctionDecl *Callee, unsigned Index,
                                    const ResourceApi &Api, bool Deletes,
                                    const CallExpr *Call) {
  if (const FunctionSummary *S =
          summaryOf(Callee, ("param" + Twine(Index)).str())) {
    if (Index >= S->Params.size() ||
        S->Params[Index].Use != summary::ParamUse::Releases)
      return false;
    StringRef Resource = S->Params[Index].Resource;
    return Resource == resourceName(Api) || (Deletes && Resource == "delete");
  }
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) ||
      Index >= Definition->getNumParams())
    return false;
  // A function of a system header releases what the model says it does,
  // nothing more: the bodies of the standard library's templates are not
  // walked.
  ASTContext &Context = Definition->getASTContext();
  if (Context.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return false;
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  auto IsParam = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
    return Ref && Ref->getDecl() == Param;
  };
  // Only a body that gives the parameter to a call or to `delete` can
  // release it; most do not, and are answered without a walk.
  auto Memo = PassesOn.try_emplace({Definition, Index}, false);
  bool &Passes = Memo.first->second; // (The walk adds no entry.)
  if (Memo.second)
    forEachStatement(Definition->getBody(), [&](const Stmt *S) {
      if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S))
        Passes |= IsParam(Delete->getArgument());
      else if (const auto *Call = dyn_cast<CallExpr>(S))
        Passes |= llvm::any_of(Call->arguments(), IsParam);
      return !Passes;
    });
  if (!Passes)
    return false;
  // The integer parameters the call gives constants.
  llvm::SmallVector<std::pair<const VarDecl *, llvm::APSInt>, 2> Constants;
  std::string ConstantsKey;
  if (Call)
    for (unsigned I = 0, E = std::min<unsigned>(Call->getNumArgs(),
                                                Definition->getNumParams());
         I < E; ++I) {
      const ParmVarDecl *P = Definition->getParamDecl(I);
      if (I == Index || !P->getType()->isIntegralOrEnumerationType() ||
          Call->getArg(I)->isValueDependent())
        continue;
      Expr::EvalResult Value;
      if (!Call->getArg(I)->EvaluateAsInt(Value, Context))
        continue;
      Constants.emplace_back(P, Value.Val.getInt());
      ConstantsKey += std::to_string(I) + "=" +
                      llvm::toString(Value.Val.getInt(), 10) + ";";
    }
  auto Key = std::make_tuple(Definition, Index, &Api, Deletes, ConstantsKey);
  if (auto It = Releasing.find(Key); It != Releasing.end())
    return It->second;
  Releasing[Key] = false; // Recursion ends here.
  // A statement that releases the parameter: `delete` (when it counts), the
  // release call, or a call of another function that releases it (a
  // wrapper of a wrapper; the memo ends a recursion).
  auto ReleasesHere = [&](const Stmt *S) {
    if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S))
      return Deletes && IsParam(Delete->getArgument());
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return false;
    if (isReleaser(Api, Call->getDirectCallee()) &&
        Api.ReleaseArg < Call->getNumArgs() &&
        IsParam(Call->getArg(Api.ReleaseArg)))
      return true;
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
      if (IsParam(Call->getArg(I)) &&
          releasesParameter(Call->getDirectCallee(), I, Api, Deletes, Call))
        return true;
    return false;
  };
  // A body with no such statement releases it on no path: its paths are
  // not walked (a long function that only lends the parameter to its
  // callees would cost the walk its whole step budget).
  bool AnyRelease = false;
  forEachStatement(Definition->getBody(), [&](const Stmt *S) {
    AnyRelease = AnyRelease || ReleasesHere(S);
    return !AnyRelease;
  });
  if (!AnyRelease)
    return false;
  const CFG *Cfg = cfgOf(Definition);
  if (!Cfg)
    return false;
  // Every path from the entry releases the parameter (or finds it null),
  // given the constants the call passes for the other parameters (`if (n
  // < 0) goto bail;` before `freeaddrinfo((struct addrinfo *)r)`, for a
  // caller that passes 0).
  ExploreOptions Explore;
  Explore.Context = &Context;
  Explore.KnownValues = Constants;
  auto OnBranch = [&](const Expr *Condition, bool Value) {
    // `if (p)`, `if (p == NULL) return;`: nothing to release.
    auto Test = nullTest(Condition, Value, Context);
    return Test && Test->first == Param && Test->second ? StepVerdict::Released
                                                        : StepVerdict::Continue;
  };
  Explore.OnBranch = OnBranch;
  PathResult Paths = explorePathsFromEntry(
      *Cfg,
      [&](const Stmt *S) {
        return ReleasesHere(S) ? StepVerdict::Released : StepVerdict::Continue;
      },
      Explore);
  bool Releases =
      Paths.Complete && Paths.Exits.empty() && !Paths.Releases.empty();
  Releasing[Key] = Releases;
  return Releases;
}

//===----------------------------------------------------------------------===//
// The engine's named pieces
//===----------------------------------------------------------------------===//

const ResourceApi *
OwnershipEngine::acquiredBy(const FunctionDecl *Callee) const {
  if (const ResourceApi *Api = Heap.acquiredBy(Callee))
    return Api;
  return Model.acquiredBy(Callee);
}

/// The key of the object a member function is called on (`pool.` or
/// `pool->`), or nothing.
static std::optional<std::string> keyOfObject(const Expr *Object) {
  if (!Object)
    return std::nullopt;
  std::optional<std::string> Key = objectKey(Object->IgnoreParenImpCasts());
  if (!Key && Object->getType()->isPointerType())
    Key = pointeeKey(Object->IgnoreParenImpCasts());
  return Key;
}

/// Whether \p E chooses between the handle and something else (`ok ? old :
/// fresh`): a release of it may give back the handle, and which one goes
/// on a path is not known. Counted as a release of the handle: the
/// analysis stays quiet when it cannot tell.
static bool mayChooseHandle(const Expr *E, const VarDecl *Handle) {
  const auto *Choice = dyn_cast_or_null<AbstractConditionalOperator>(
      E ? E->IgnoreParenCasts() : nullptr);
  if (!Choice)
    return false;
  return llvm::any_of(
      std::initializer_list<const Expr *>{Choice->getTrueExpr(),
                                          Choice->getFalseExpr()},
      [&](const Expr *Result) {
        return isHandleOrAddress(Result, Handle) ||
               mayChooseHandle(Result, Handle);
      });
}

bool OwnershipEngine::releases(const Acquired &What, const Stmt *S) const {
  // A lock: an unlock of its pair, or a guard that adopts it.
  if (What.K == Acquired::Lock) {
    if (auto Call = classifyLockCall(S, What.Locks->model()))
      return What.Locking->isUndoneBy(*Call);
    return adoptsLock(S, *What.Locking);
  }
  const VarDecl *Handle = What.Site.Handle;
  if (What.K == Acquired::Pair) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
    if (!Member || !Member->getMethodDecl() ||
        !Member->getMethodDecl()->getIdentifier() ||
        Member->getMethodDecl()->getName() != What.PairRelease)
      return false;
    std::optional<std::string> Key =
        keyOfObject(Member->getImplicitObjectArgument());
    if (!Key || *Key != What.ObjectKey)
      return false;
    return !Handle || llvm::any_of(Member->arguments(), [&](const Expr *A) {
      return refersTo(A, Handle);
    });
  }
  if (!Handle)
    return false;
  if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S))
    return refersTo(Delete->getArgument(), Handle) ||
           mayChooseHandle(Delete->getArgument(), Handle);
  const ResourceApi *Api = What.Site.Api;
  if (What.K == Acquired::New || !Api)
    return false;
  // `reply->deleteLater()`.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
      Member && Member->getMethodDecl() &&
      Member->getMethodDecl()->getIdentifier() &&
      llvm::is_contained(Api->ReleaseMethods,
                         Member->getMethodDecl()->getName()) &&
      refersTo(Member->getImplicitObjectArgument(), Handle))
    return true;
  // (`regfree(&re)` takes the handle's address.)
  const auto *Call = dyn_cast<CallExpr>(S);
  return Call && isReleaser(*Api, Call->getDirectCallee()) &&
         Api->ReleaseArg < Call->getNumArgs() &&
         (isHandleOrAddress(Call->getArg(Api->ReleaseArg), Handle) ||
          mayChooseHandle(Call->getArg(Api->ReleaseArg), Handle));
}

const Expr *OwnershipEngine::releasedOperand(const Stmt *S) const {
  if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S))
    return Delete->getArgument();
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->getIdentifier())
      for (const ResourceApi &Api : Model.apis())
        if (llvm::is_contained(Api.ReleaseMethods, Method->getName()))
          return Member->getImplicitObjectArgument();
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return nullptr;
  for (const ResourceModel *Table : {&Heap, &Model})
    for (const ResourceApi *Api : Table->releasedBy(Call->getDirectCallee()))
      if (Api->ReleaseArg < Call->getNumArgs())
        return Call->getArg(Api->ReleaseArg);
  return nullptr;
}

/// The outermost statement above \p S: the body the parent map was built
/// over.
static const Stmt *enclosingBody(const Stmt *S, const ParentMap &Parents) {
  while (const Stmt *Parent = Parents.getParent(S))
    S = Parent;
  return S;
}

bool OwnershipEngine::branchHoldsNothing(
    const Acquired &What, const Expr *Condition, bool Value,
    const ParentMap &Parents, ASTContext &Context,
    llvm::DenseMap<const VarDecl *, bool> *Others) const {
  // `if (pthread_mutex_lock(&m) != 0) return;`: the lock failed there.
  if (What.K == Acquired::Lock)
    return lockFailedOn(Condition, Value, *What.Locking, Context,
                        What.LockStatus);
  const VarDecl *Handle = What.Site.Handle;
  if (!Handle)
    return false;
  const ResourceApi *Api = What.Site.Api;
  if (Api && What.K != Acquired::Pair &&
      acquisitionFailedOn(Condition, Value, What.Site, Context))
    return true;
  // `if (c) pool.checkin(c);`, `if (p) delete p;`: a null pointer has
  // nothing to give back. (A descriptor's value is not a truth value.)
  if (Handle->getType()->isPointerType()) {
    bool Holds = Value;
    const Expr *E = stripLogicalNots(Condition, Holds);
    if (!Holds && refersTo(E, Handle))
      return true;
    // The same for a handle equal to the address of a local object: what
    // a call acquired is never one (`char *out = buffer; if (n > sizeof
    // buffer) out = malloc(n); ... if (out != buffer) free(out);`).
    // And for one equal to another pointer variable that was never given
    // the handle: it holds an older object, so both would be null.
    auto IsOtherPointer = [&](const Expr *Other) {
      const auto *Ref = dyn_cast<DeclRefExpr>(Other->IgnoreParenCasts());
      const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      if (!Var)
        return false;
      if (Others)
        if (auto It = Others->find(Var); It != Others->end())
          return It->second;
      bool Answer = isOtherPointerVariable(
          Other, Handle, enclosingBody(What.Acquire, Parents));
      if (Others)
        (*Others)[Var] = Answer;
      return Answer;
    };
    auto HoldsNothingThen = [&](const Expr *Other) {
      return isNullConstant(Other, Context) || isAddressOfLocalObject(Other) ||
             (What.K != Acquired::Pair && IsOtherPointer(Other));
    };
    if (const auto *Compare = dyn_cast<BinaryOperator>(E);
        Compare && Compare->isEqualityOp() &&
        ((refersTo(Compare->getLHS(), Handle) &&
          HoldsNothingThen(Compare->getRHS())) ||
         (refersTo(Compare->getRHS(), Handle) &&
          HoldsNothingThen(Compare->getLHS()))) &&
        (Compare->getOpcode() == BO_EQ) == Holds)
      return true;
  }
  // `if (fd > STDERR_FILENO) close(fd);`: a release the code guards by a
  // test of the handle itself; the other branch keeps it on purpose.
  if (Api && What.K == Acquired::Handle)
    if (const auto *If = dyn_cast_or_null<IfStmt>(Parents.getParent(Condition));
        If && If->getCond()->IgnoreParens() == Condition &&
        mentions(Condition, Handle)) {
      const Stmt *Other = Value ? If->getElse() : If->getThen();
      if (Other && releasesIn(Other, *Api, Handle))
        return true;
    }
  return false;
}

//===----------------------------------------------------------------------===//
// The walk
//===----------------------------------------------------------------------===//

/// One walk over the paths from the acquisition: the verdict on each
/// statement, and what was seen.
struct OwnershipEngine::Walk {
  const OwnershipEngine &Engine;
  const Acquired &What;
  const FollowPolicy &Policy;
  const ParentMap &Parents;
  const Stmt *Body;
  ASTContext &Context;
  OwnershipResult &Result;
  /// The second walk ends a path at its first lent call.
  bool LentEndsThePath = false;
  /// Whether an exception can leave the function walked to a handler
  /// (asked at the first statement that may throw).
  std::optional<bool> ExceptionsLeave;

  /// Whether an exception thrown in the function walked may reach a
  /// handler: not when it escapes a thread's entry function or a noexcept
  /// function (std::terminate). The function is the one that declares the
  /// handle, when \c Body is its body.
  bool exceptionsLeave() {
    if (!ExceptionsLeave) {
      const auto *Function =
          handle() ? dyn_cast<FunctionDecl>(handle()->getDeclContext())
                   : nullptr;
      ExceptionsLeave = !(Function && Function->getBody() == Body &&
                          exceptionsEndTheProcess(Function));
    }
    return *ExceptionsLeave;
  }

  const VarDecl *handle() const { return What.Site.Handle; }
  const ResourceApi *api() const { return What.Site.Api; }

  /// A call that keeps the handle only when it succeeds, and the local
  /// that keeps its result (`n = ListAppend(l, p); if (!n) ...`).
  struct Conditional {
    const CallExpr *Call;
    const summary::KeptWhen *Kept;
    const VarDecl *Result;
  };
  llvm::SmallVector<Conditional, 1> Conditionals;

  /// The value \p Condition has when the result of \p C is \p V (an
  /// integer, or nullopt for a pointer that is not null); nullopt when it
  /// cannot tell.
  std::optional<bool> valueWith(const Expr *Condition, const Conditional &C,
                                std::optional<int64_t> V) const {
    auto IsResult = [&](const Expr *E) {
      E = E->IgnoreParenCasts();
      if (E == C.Call)
        return true;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
        return C.Result && Ref->getDecl() == C.Result;
      const auto *Assign = dyn_cast<BinaryOperator>(E);
      return Assign && Assign->getOpcode() == BO_Assign &&
             Assign->getRHS()->IgnoreParenCasts() == C.Call;
    };
    const Expr *E = Condition->IgnoreParenImpCasts();
    if (IsResult(E))
      return !V || *V != 0;
    if (const auto *Not = dyn_cast<UnaryOperator>(E);
        Not && Not->getOpcode() == UO_LNot) {
      std::optional<bool> Inner = valueWith(Not->getSubExpr(), C, V);
      return Inner ? std::optional<bool>(!*Inner) : std::nullopt;
    }
    const auto *Compare = dyn_cast<BinaryOperator>(E);
    if (!Compare || !Compare->isComparisonOp())
      return std::nullopt;
    BinaryOperatorKind Op = Compare->getOpcode();
    const Expr *Other = Compare->getRHS();
    if (!IsResult(Compare->getLHS())) {
      if (!IsResult(Compare->getRHS()))
        return std::nullopt;
      Other = Compare->getLHS();
      Op = BinaryOperator::reverseComparisonOp(Op);
    }
    Other = Other->IgnoreParenCasts();
    Expr::EvalResult K;
    if (Other->isValueDependent() ||
        (!Other->isNullPointerConstant(Context,
                                       Expr::NPC_ValueDependentIsNotNull) &&
         !Other->EvaluateAsInt(K, Context)))
      return std::nullopt;
    int64_t Against = K.Val.isInt() ? K.Val.getInt().getExtValue() : 0;
    if (!V) { // Not null, against null (or 0).
      if (Against != 0 || !Compare->isEqualityOp())
        return std::nullopt;
      return Op == BO_NE;
    }
    switch (Op) {
    case BO_EQ:
      return *V == Against;
    case BO_NE:
      return *V != Against;
    case BO_LT:
      return *V < Against;
    case BO_LE:
      return *V <= Against;
    case BO_GT:
      return *V > Against;
    case BO_GE:
      return *V >= Against;
    default:
      return std::nullopt;
    }
  }

  /// Whether the branch where \p Condition is \p Value finds the result
  /// of a call that keeps the handle only on success a success, and not a
  /// failure: the handle is handed on there.
  bool keptOnBranch(const Expr *Condition, bool Value) {
    for (const Conditional &C : Conditionals) {
      auto Gives = [&](std::optional<int64_t> V, bool Expected) {
        std::optional<bool> Holds = valueWith(Condition, C, V);
        return Holds && (*Holds == Value) == Expected;
      };
      bool Success =
          C.Kept->NonNull
              ? Gives(std::nullopt, true) && Gives(0, false)
              : llvm::all_of(C.Kept->Success,
                             [&](int64_t V) { return Gives(V, true); }) &&
                    llvm::all_of(C.Kept->Failure,
                                 [&](int64_t V) { return Gives(V, false); });
      if (Success) {
        if (!llvm::is_contained(Result.HandOffs, C.Call))
          Result.HandOffs.push_back(C.Call);
        return true;
      }
    }
    return false;
  }

  StepVerdict lend(const Stmt *S) {
    if (LentEndsThePath)
      return StepVerdict::Released;
    Result.Lent.push_back(S);
    return StepVerdict::Continue;
  }

  StepVerdict handOff(const Stmt *S) {
    Result.HandOffs.push_back(S);
    return StepVerdict::Released;
  }

  /// An assignment to the handle: the same object grown or chained, or a
  /// new value while the old one is held.
  StepVerdict onAssignment(const BinaryOperator *Assign) {
    const Expr *RHS = Assign->getRHS()->IgnoreParenCasts();
    if (RHS == What.Acquire)
      return StepVerdict::Continue;
    if (const auto *Call = dyn_cast<CallExpr>(RHS)) {
      // `p = realloc(p, n)`, `list = curl_slist_append(list, s)`.
      if (api() && api()->Accumulates &&
          Engine.acquiredBy(Call->getDirectCallee()) == api())
        return StepVerdict::Continue;
      // `b = BIO_push(b, next)`, `s = sdscat(s, t)`: a call that takes the
      // handle first and returns one of its type gives back the same
      // object, grown or chained.
      if (Call->getNumArgs() > 0 && refersTo(Call->getArg(0), handle()) &&
          Context.hasSameUnqualifiedType(Call->getType(), handle()->getType()))
        return StepVerdict::Continue;
    }
    Result.Overwrites.push_back(Assign);
    return StepVerdict::Stop;
  }

  /// A use of the handle as argument \p I of \p Call.
  std::optional<StepVerdict> onArgument(const CallExpr *Call, unsigned I) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const Expr *Arg = Call->getArg(I);
    // `parent.AddChild(*node)` keeps a reference to the object.
    if (const auto *Deref = dyn_cast<UnaryOperator>(Arg->IgnoreParenImpCasts());
        Deref && Deref->getOpcode() == UO_Deref &&
        refersTo(Deref->getSubExpr(), handle()) && Callee &&
        I < Callee->getNumParams() &&
        Callee->getParamDecl(I)->getType()->isReferenceType() &&
        !Callee->getParamDecl(I)
             ->getType()
             ->getPointeeType()
             .isConstQualified())
      return lend(Call);
    // The object itself, or a part of it (`list_add(&e->link, &q)` hands the
    // whole object to an intrusive list).
    if (!isHandleOrAddress(Arg, handle()) && !isAddressOfPart(Arg, handle()))
      return std::nullopt;
    // `SSL_set_bio(ssl, rbio, wbio)`, `sqlite3_bind_text(..., p, n, free)`.
    if (takesOwnership(Call, I, api()))
      return handOff(Call);
    // `if (!ListAppend(l, p)) free(p);`: kept where the call succeeds (see
    // keptOnBranch()), still held where it fails.
    if (const summary::KeptWhen *Kept = Engine.Facts.keptOnSuccess(Callee, I)) {
      if (!llvm::is_contained(Result.KeptOnSuccess, Call)) {
        Result.KeptOnSuccess.push_back(Call);
        Conditionals.push_back(
            {Call, Kept, resultVariable(Call, Parents, Body)});
      }
      return std::nullopt;
    }
    // A function of another unit whose summary says it keeps it.
    if (Engine.Facts.storesParameter(Callee, I))
      return handOff(Call);
    if (api() && api()->Accumulates && Engine.acquiredBy(Callee) == api()) {
      // `q = realloc(p, n)`: the block moves to q. An append gives back the
      // same list.
      const auto *Assign =
          dyn_cast_or_null<BinaryOperator>(valueUser(Call, Parents));
      if (What.K == Acquired::Memory &&
          (!Assign || !refersTo(Assign->getLHS(), handle())))
        return handOff(Call);
      return std::nullopt;
    }
    if ((api() && isBorrower(*api(), Callee)) || isConstParameter(Callee, I) ||
        isBufferParameter(Callee, I) ||
        (api() && Engine.Facts.onlyBorrows(Callee, I, *api())))
      return std::nullopt;
    // The C library (memcpy, strlen, fwrite, fputs) uses what it is given,
    // but for the releases, adoptions and reallocations seen above. A
    // descriptor is a number any API may adopt: not assumed borrowed. Nor
    // is a handle given to a function of its type from another library (a
    // wrapper of the release function).
    if (!handle()->getType()->isIntegralOrEnumerationType() &&
        isCLibraryCall(Call, Context) &&
        !(What.K == Acquired::Handle && What.Site.Call &&
          takesHandleFromAnotherLibrary(Callee, I, handle()->getType(),
                                        What.Site.Call->getDirectCallee())))
      return std::nullopt;
    // With UnknownCallsEscape off, only functions of this file (whose bodies
    // are known) may take ownership.
    if (!Policy.UnknownCallsEscape && Callee && !Callee->hasBody())
      return std::nullopt;
    // Lent: kept track of, the walk goes on (the release usually follows);
    // a path that ends without a release after it may have handed the
    // handle over.
    return lend(Call);
  }

  StepVerdict onCall(const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const ResourceApi *Api = api();
    if (Api) {
      // A function of this file that releases its parameter on every path.
      for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
        if (refersTo(Call->getArg(I), handle()) &&
            Engine.Facts.releasesParameter(Callee, I, *Api,
                                           What.K != Acquired::Handle, Call)) {
          Result.Releases.push_back(Call);
          return StepVerdict::Released;
        }
      // Acquiring into the same variable again while it is held.
      if (Api->OutParam >= 0 &&
          static_cast<unsigned>(Api->OutParam) < Call->getNumArgs() &&
          Engine.acquiredBy(Callee) == Api &&
          isHandleOrAddress(Call->getArg(Api->OutParam), handle())) {
        Result.Overwrites.push_back(Call);
        return StepVerdict::Stop;
      }
    }
    // Each argument that carries the handle; a lend goes on to the next.
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
      if (std::optional<StepVerdict> Use = onArgument(Call, I);
          Use && *Use != StepVerdict::Continue)
        return *Use;
    return StepVerdict::Continue;
  }

  /// A held lock met by \p S (which does not unlock it): locked again,
  /// lent to a wait, handed to code that may unlock it; nothing when the
  /// statement does not concern it.
  std::optional<StepVerdict> onLockUse(const Stmt *S) {
    const LockCall &Lock = *What.Locking;
    if (auto Call = classifyLockCall(S, What.Locks->model())) {
      // Locked twice (recursive mutexes): the counting is beyond us.
      if (Call->Op == LockOp::Lock && Call->Key == Lock.Key) {
        Result.Overwrites.push_back(S);
        return StepVerdict::Stop;
      }
      return StepVerdict::Continue; // (Not a statement that may throw.)
    }
    const auto *Call = dyn_cast<CallExpr>(S);
    llvm::ArrayRef<const Expr *> Args;
    if (Call)
      Args = {Call->getArgs(), Call->getNumArgs()};
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
      Args = {Construct->getArgs(), Construct->getNumArgs()};
    if (llvm::any_of(
            Args, [&](const Expr *Arg) { return namesMutex(Arg, Lock.Key); })) {
      if (Call && isWaitCall(Call, What.Locks->model()))
        Result.Borrows.push_back(S);
      // The C library only uses what it gets (`fputs(s, f)` under
      // `flockfile(f)`); other code given the mutex may unlock it.
      else if (!Call || !isCLibraryCall(Call, Context))
        return handOff(S);
    }
    // A function of this file that unlocks what it did not lock releases
    // for the caller.
    if (Call && What.Locks->unlocksFor(Call, Lock))
      return handOff(S);
    return std::nullopt;
  }

  StepVerdict step(const Stmt *S) {
    if (S == What.Acquire)
      return StepVerdict::Continue;
    if (Engine.releases(What, S)) {
      Result.Releases.push_back(S);
      return StepVerdict::Released;
    }
    if (What.K == Acquired::Lock) {
      if (std::optional<StepVerdict> Verdict = onLockUse(S))
        return *Verdict;
    } else if (const VarDecl *Handle = handle()) {
      if (const auto *Assign = dyn_cast<BinaryOperator>(S);
          Assign && Assign->isAssignmentOp() &&
          refersTo(Assign->getLHS(), Handle))
        return onAssignment(Assign);
      if (handsOn(S, Handle)) {
        // `char *q = p;` that only walks over the block: the same handle.
        if (const auto *Decl = dyn_cast<DeclStmt>(S);
            Decl && Decl->isSingleDecl() &&
            isLocalAlias(dyn_cast<VarDecl>(Decl->getSingleDecl()), Body,
                         Parents, Context))
          return StepVerdict::Continue;
        return handOff(S);
      }
      // `job->start()` may register the object somewhere (or delete it):
      // lent, like a call that may keep it.
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
          Member && What.K == Acquired::New &&
          refersTo(Member->getImplicitObjectArgument(), Handle) &&
          mayPublishThis(Member->getMethodDecl()))
        if (lend(S) == StepVerdict::Released)
          return StepVerdict::Released;
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        StepVerdict Verdict = onCall(Call);
        if (Verdict != StepVerdict::Continue)
          return Verdict;
      }
    }
    if (Policy.TrackThrows && Engine.Oracle && !LentEndsThePath &&
        Engine.Oracle->mayThrow(S) && !isInTryBlock(S, Parents) &&
        exceptionsLeave())
      Result.ThrowSites.insert(S);
    return StepVerdict::Continue;
  }
};

OwnershipResult OwnershipEngine::follow(const Acquired &What, const CFG &Cfg,
                                        const ParentMap &Parents,
                                        const Stmt *Body, ASTContext &Context,
                                        const FollowPolicy &Policy) const {
  OwnershipResult Result;
  Walk W{*this, What, Policy, Parents, Body, Context, Result};
  // What the if statements around the acquisition already decided
  // (`if (!permanent) fd = open(...); ... if (!permanent) close(fd);`).
  llvm::SmallVector<Assumption, 4> Assumed =
      assumptionsAround(What.Acquire, Parents);
  ExploreOptions Explore;
  Explore.Context = &Context;
  Explore.Assumed = Assumed;
  llvm::DenseMap<const VarDecl *, bool> Others;
  // Asked at each visit of a branch; what the acquisition and the
  // condition alone decide is the same each time.
  llvm::DenseMap<std::pair<const Expr *, unsigned>, bool> HoldsNothing;
  auto OnBranch = [&](const Expr *Condition, bool Value) {
    if (W.keptOnBranch(Condition, Value))
      return StepVerdict::Released;
    auto [It, New] = HoldsNothing.try_emplace({Condition, unsigned(Value)});
    if (New)
      It->second =
          branchHoldsNothing(What, Condition, Value, Parents, Context, &Others);
    return It->second ? StepVerdict::Released : StepVerdict::Continue;
  };
  Explore.OnBranch = OnBranch;
  // `switch (len) { case -1: ... }` over a status that says the
  // acquisition failed.
  auto OnCase = [&](const Expr *Subject, const llvm::APSInt &Value) {
    return What.K == Acquired::Handle && What.Site.Api &&
                   acquisitionFailedOnCase(Subject, Value, What.Site)
               ? StepVerdict::Released
               : StepVerdict::Continue;
  };
  Explore.OnCase = OnCase;
  auto Step = [&](const Stmt *S) { return W.step(S); };
  PathResult Paths = explorePaths(Cfg, What.Acquire, Step, Explore);
  Result.Complete = Paths.Complete;
  Result.Exits = std::move(Paths.Exits);
  // A return that leaves the mutex locked for the caller, its results
  // written through a pointer parameter, hands the lock over.
  if (What.K == Acquired::Lock)
    llvm::erase_if(Result.Exits, [&](const LeakExit &E) {
      const auto *Return = dyn_cast_or_null<ReturnStmt>(E.At);
      if (E.Kind != ExitKind::Return || !Return ||
          !returnHandsLockOver(Return, Parents))
        return false;
      Result.HandOffs.push_back(Return);
      return true;
    });
  Result.AnyPathHeld = !Result.Exits.empty();
  if (!Result.Complete || Result.Lent.empty() ||
      (Result.Exits.empty() && Result.Overwrites.empty()))
    return Result;

  // A path that lent the handle to a call that may keep it, then left
  // without releasing it, may well have handed it over: such a path counts
  // as a hand-off. The leaks are the exits of a second walk that ends each
  // path at its first lent call.
  size_t AllExits = Result.Exits.size();
  auto FirstReleases = Result.Releases;
  auto FirstHandOffs = Result.HandOffs;
  Result.Overwrites.clear();
  W.LentEndsThePath = true;
  PathResult Unlent = explorePaths(Cfg, What.Acquire, Step, Explore);
  Result.Releases = std::move(FirstReleases);
  Result.HandOffs = std::move(FirstHandOffs);
  Result.Complete = Unlent.Complete;
  Result.Exits = std::move(Unlent.Exits);
  Result.MaybeHandedOver = Result.Exits.size() != AllExits;
  return Result;
}

} // namespace leakguard::analysis
