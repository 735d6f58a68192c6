//===--- UnclosedResourceCheck.cpp - leak-unclosed-resource ---------------===//

#include "UnclosedResourceCheck.h"
#include "analysis/FixItBuilders.h"
#include "analysis/FunctionScope.h"
#include "analysis/HandleUses.h"
#include "analysis/OwnershipPolicy.h"
#include "analysis/PathExplorer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;
using leakguard::analysis::acquisitionFailedOn;
using leakguard::analysis::carriesHandle;
using leakguard::analysis::deleterFunction;
using leakguard::analysis::FailureTest;
using leakguard::analysis::isConstParameter;
using leakguard::analysis::isHandleOrAddress;
using leakguard::analysis::isNullConstant;
using leakguard::analysis::localVariable;
using leakguard::analysis::mentions;
using leakguard::analysis::refersTo;
using leakguard::analysis::releasesIn;
using leakguard::analysis::ResourceApi;
using leakguard::analysis::StepVerdict;

namespace clang::tidy::leak {

namespace {} // namespace

UnclosedResourceCheck::UnclosedResourceCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawResources(Options.getLocalOrGlobal("LeakResources", "")),
      UnknownCallsEscape(Options.getLocalOrGlobal("UnknownCallsEscape", true)),
      IgnoreMacros(Options.get("IgnoreMacros", false)),
      Model(leakguard::analysis::ResourceModel::builtin()),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  std::vector<std::string> Errors;
  for (ResourceApi &Api :
       leakguard::analysis::parseResourceApis(RawResources, Errors))
    Model.add(std::move(Api));
  for (const std::string &Error : Errors)
    configurationDiag("invalid entry %0 in option 'LeakResources' of check "
                      "'%1'")
        << Error << Name;
}

void UnclosedResourceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LeakResources", RawResources);
  Options.store(Opts, "UnknownCallsEscape", UnknownCallsEscape);
  Options.store(Opts, "IgnoreMacros", IgnoreMacros);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void UnclosedResourceCheck::registerPPCallbacks(
    const SourceManager &SM, Preprocessor *PP, Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void UnclosedResourceCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<std::string> Names = Model.acquirerNames();
  std::vector<StringRef> NameRefs(Names.begin(), Names.end());
  const auto Acquire = callExpr(callee(functionDecl(hasAnyName(NameRefs))));
  // A wrapper of this file that returns what an acquiring function gave
  // (`return fopen(...)`, or a local initialized from it).
  const auto ReturnsAcquired = returnStmt(hasReturnValue(ignoringParenImpCasts(
      anyOf(Acquire, declRefExpr(to(varDecl(
                         hasInitializer(ignoringParenImpCasts(Acquire)))))))));
  const auto CallsWrapper =
      callExpr(callee(functionDecl(hasBody(hasDescendant(ReturnsAcquired)))));
  // Functions and lambdas of the user's that call an acquiring function or
  // such a wrapper; each is analyzed once, as a whole.
  leakguard::analysis::addFunctionMatchers(
      Finder, callExpr(anyOf(Acquire, CallsWrapper)), this);
}

void UnclosedResourceCheck::check(const MatchFinder::MatchResult &Result) {
  if (const FunctionDecl *Function =
          leakguard::analysis::functionToAnalyze(Result, Analyzed))
    analyzeFunction(*Function, *Result.Context);
}

void UnclosedResourceCheck::onEndOfTranslationUnit() {
  Analyzed.clear();
  Wrappers.clear();
  ReleasingParameters.clear();
  BorrowingParameters.clear();
}

void UnclosedResourceCheck::analyzeFunction(const FunctionDecl &Function,
                                            ASTContext &Context) {
  const Stmt *Body = Function.getBody();
  if (!Body)
    return;
  std::unique_ptr<CFG> Cfg =
      leakguard::analysis::buildStatementCfg(Function, Context);
  if (!Cfg)
    return;
  ParentMap Parents(const_cast<Stmt *>(Body));
  const SourceManager &SM = Context.getSourceManager();

  llvm::DenseSet<const CallExpr *> Seen;
  std::vector<Acquisition> Found;
  for (const CFGBlock *Block : *Cfg)
    for (const CFGElement &Element : *Block) {
      auto CS = Element.getAs<CFGStmt>();
      const auto *Call = CS ? dyn_cast<CallExpr>(CS->getStmt()) : nullptr;
      if (!Call || !Seen.insert(Call).second ||
          SM.isInSystemHeader(Call->getBeginLoc()) ||
          (IgnoreMacros && Call->getBeginLoc().isMacroID()))
        continue;
      const ResourceApi *Api = acquiredBy(Call->getDirectCallee());
      if (!Api)
        continue;

      // Where the handle goes; dropped on the floor, it is never released.
      Acquisition Acq =
          leakguard::analysis::acquisitionSite(Call, *Api, Parents);
      if (!Acq.Handle && Api->OutParam < 0 &&
          isa_and_nonnull<CompoundStmt>(
              leakguard::analysis::valueUser(Call, Parents))) {
        diag(Call->getBeginLoc(),
             "the handle returned by '%0' is discarded and never released")
            << Call->getDirectCallee()->getName();
        continue;
      }
      if (Acq.Handle)
        Found.push_back(Acq);
    }

  // In source order; a list grown by `list = curl_slist_append(list, ...)`
  // is followed from its first append only.
  llvm::sort(Found, [&](const Acquisition &A, const Acquisition &B) {
    return SM.isBeforeInTranslationUnit(A.Call->getBeginLoc(),
                                        B.Call->getBeginLoc());
  });
  llvm::DenseSet<const VarDecl *> Growing;
  for (const Acquisition &Acq : Found) {
    if (Acq.Api->Accumulates && !Growing.insert(Acq.Handle).second)
      continue;
    analyzeAcquisition(Acq, *Cfg, Parents, Body, Context);
  }
}

void UnclosedResourceCheck::analyzeAcquisition(const Acquisition &Acq,
                                               const CFG &Cfg,
                                               const ParentMap &Parents,
                                               const Stmt *Body,
                                               ASTContext &Context) {
  const VarDecl *Handle = Acq.Handle;
  const ResourceApi &Api = *Acq.Api;
  llvm::SmallVector<const Stmt *, 2> Overwrites;

  auto Step = [&](const Stmt *S) -> StepVerdict {
    // `reply->deleteLater()`, `delete reply`.
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
        Member && Member->getMethodDecl() &&
        Member->getMethodDecl()->getIdentifier() &&
        llvm::is_contained(Api.ReleaseMethods,
                           Member->getMethodDecl()->getName()) &&
        refersTo(Member->getImplicitObjectArgument(), Handle))
      return StepVerdict::Released;
    if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S);
        Delete && refersTo(Delete->getArgument(), Handle))
      return StepVerdict::Released;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Call == Acq.Call)
        return StepVerdict::Continue;
      // (`regfree(&re)` takes the handle's address.)
      if (leakguard::analysis::isReleaser(Api, Callee) &&
          Api.ReleaseArg < Call->getNumArgs() &&
          isHandleOrAddress(Call->getArg(Api.ReleaseArg), Handle))
        return StepVerdict::Released;
      // A function of this file that releases its parameter on every path.
      for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
        if (refersTo(Call->getArg(I), Handle) &&
            releasesParameter(Callee, I, Api))
          return StepVerdict::Released;
      // Acquiring into the same variable again while it is open.
      if (const ResourceApi *Again = Model.acquiredBy(Callee);
          Again == &Api && Api.OutParam >= 0 &&
          static_cast<unsigned>(Api.OutParam) < Call->getNumArgs() &&
          isHandleOrAddress(Call->getArg(Api.OutParam), Handle)) {
        Overwrites.push_back(Call);
        return StepVerdict::Stop;
      }
      for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I) {
        if (!isHandleOrAddress(Call->getArg(I), Handle))
          continue;
        // `SSL_set_bio(ssl, rbio, wbio)`, `sqlite3_bind_text(..., p, n,
        // sqlite3_free)`: a new owner.
        if (leakguard::analysis::takesOwnership(Call, I, &Api))
          return StepVerdict::Released;
        if (leakguard::analysis::isBorrower(Api, Callee) ||
            isConstParameter(Callee, I) ||
            (Api.Accumulates && Model.acquiredBy(Callee) == &Api) ||
            onlyBorrows(Callee, I, Api))
          continue;
        // With UnknownCallsEscape off, only functions of this file (whose
        // bodies are known) may take ownership.
        if (!UnknownCallsEscape && Callee && !Callee->hasBody())
          continue;
        // Handed to code that may take ownership: not ours to judge.
        return StepVerdict::Released;
      }
      return StepVerdict::Continue;
    }
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->isAssignmentOp()) {
      const Expr *RHS = Assign->getRHS()->IgnoreParenImpCasts();
      if (refersTo(Assign->getLHS(), Handle) && RHS != Acq.Call) {
        // `list = curl_slist_append(list, ...)` keeps the same list.
        if (const auto *Grow = dyn_cast<CallExpr>(RHS);
            Grow && Api.Accumulates &&
            Model.acquiredBy(Grow->getDirectCallee()) == &Api)
          return StepVerdict::Continue;
        // `b = BIO_push(b, next)`, `s = sdscat(s, t)`: a call that takes
        // the handle first and returns one of its type gives back the
        // same object, grown or chained.
        if (const auto *Chain = dyn_cast<CallExpr>(RHS);
            Chain && Chain->getNumArgs() > 0 &&
            refersTo(Chain->getArg(0), Handle) &&
            Context.hasSameUnqualifiedType(Chain->getType(), Handle->getType()))
          return StepVerdict::Continue;
        Overwrites.push_back(S);
        return StepVerdict::Stop;
      }
    }
    // Returned, stored elsewhere, captured, cast to void: a new owner (or
    // left open on purpose).
    if (leakguard::analysis::handsOn(S, Handle))
      return StepVerdict::Released;
    return StepVerdict::Continue;
  };

  // What the if statements around the acquisition already decided
  // (`if (!permanent) fd = open(...); ... if (!permanent) close(fd);`).
  llvm::SmallVector<leakguard::analysis::Assumption, 4> Assumed =
      leakguard::analysis::assumptionsAround(Acq.Call, Parents);
  leakguard::analysis::ExploreOptions Explore;
  Explore.Context = &Context;
  Explore.Assumed = Assumed;
  auto OnBranch = [&](const Expr *Condition, bool Value) {
    if (acquisitionFailedOn(Condition, Value, Acq, Context))
      return StepVerdict::Released;
    // `if (fd > STDERR_FILENO) close(fd);`: a release the code guards by a
    // test of the handle itself; the other branch keeps it on purpose.
    if (const auto *If = dyn_cast_or_null<IfStmt>(Parents.getParent(Condition));
        If && If->getCond()->IgnoreParens() == Condition &&
        mentions(Condition, Handle)) {
      const Stmt *Other = Value ? If->getElse() : If->getThen();
      if (Other && releasesIn(Other, Api, Handle))
        return StepVerdict::Released;
    }
    return StepVerdict::Continue;
  };
  Explore.OnBranch = OnBranch;
  leakguard::analysis::PathResult Paths =
      leakguard::analysis::explorePaths(Cfg, Acq.Call, Step, Explore);
  if (!Paths.Complete || (Paths.Exits.empty() && Overwrites.empty()))
    return;

  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  std::string Releaser =
      Api.Releasers.empty() ? std::string() : Api.Releasers.front();
  std::string Advice;
  if (Releaser.empty())
    Advice = "call '" + Api.ReleaseMethods.front() + "()' on it on every path";
  else if (LangOpts.CPlusPlus && Handle->getType()->isPointerType())
    Advice = "wrap it in 'std::unique_ptr' with '" + Releaser + "'";
  else
    Advice = "release it with '" + Releaser + "' on every path";
  std::vector<FixItHint> Fixes = ownerFix(Acq, Parents, Body, Context);
  {
    auto Warning = diag(Acq.Call->getBeginLoc(),
                        "'%0' from '%1' is not released on every path; %2")
                   << Handle->getName()
                   << Acq.Call->getDirectCallee()->getName() << Advice;
    for (const FixItHint &Fix : Fixes)
      Warning << Fix;
  }
  // Without a fix, the code to write.
  if (Fixes.empty() && LangOpts.CPlusPlus11 && deleterFunction(Api, Context) &&
      Handle->getType()->isPointerType()) {
    std::string Pointee = Handle->getType()->getPointeeType().getAsString(
        PrintingPolicy(LangOpts));
    diag(Acq.Call->getBeginLoc(),
         "no automatic fix; once acquired, own it with "
         "'std::unique_ptr<%0, decltype(&%1)> owner(%2, &%1);' and let the "
         "owner release it",
         DiagnosticIDs::Note)
        << Pointee << Releaser << Handle->getName();
  }

  leakguard::analysis::sortExits(Paths.Exits, SM);
  for (const leakguard::analysis::LeakExit &Exit : Paths.Exits)
    diag(Exit.At ? Exit.At->getBeginLoc() : Body->getEndLoc(),
         leakguard::analysis::exitNote(
             Exit.Kind, "leaks",
             "is acquired again here while the previous "
             "one is still open"),
         DiagnosticIDs::Note)
        << Handle->getName();
  for (const Stmt *Overwrite : Overwrites)
    diag(Overwrite->getBeginLoc(), "'%0' is overwritten here while still open",
         DiagnosticIDs::Note)
        << Handle->getName();
}

const ResourceApi *
UnclosedResourceCheck::acquiredBy(const FunctionDecl *Callee) {
  if (const ResourceApi *Api = Model.acquiredBy(Callee))
    return Api;
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) ||
      !Callee->getReturnType()->isPointerType())
    return nullptr;
  auto [It, Inserted] = Wrappers.try_emplace(Definition, nullptr);
  if (!Inserted)
    return It->second;
  // Every return gives either an acquired handle of one API (a call, or a
  // local initialized from one) or a null pointer; at least one gives a
  // handle.
  const ResourceApi *Found = nullptr;
  bool Consistent = true;
  std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S || !Consistent || isa<LambdaExpr>(S))
      return;
    if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
      const Expr *Value = Return->getRetValue();
      if (!Value || isNullConstant(Value, Definition->getASTContext()))
        return;
      Value = Value->IgnoreParenImpCasts();
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Value))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
            Var && Var->hasLocalStorage() && Var->getInit())
          Value = Var->getInit()->IgnoreParenImpCasts();
      const auto *Call = dyn_cast<CallExpr>(Value);
      const ResourceApi *Api =
          Call ? Model.acquiredBy(Call->getDirectCallee()) : nullptr;
      if (!Api || Api->OutParam >= 0 || (Found && Found != Api))
        Consistent = false;
      else
        Found = Api;
      return;
    }
    for (const Stmt *Child : S->children())
      Visit(Child);
  };
  Visit(Definition->getBody());
  return Wrappers[Definition] = Consistent ? Found : nullptr;
}

bool UnclosedResourceCheck::onlyBorrows(const FunctionDecl *Callee,
                                        unsigned Index, const ResourceApi &Api,
                                        unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) ||
      Index >= Definition->getNumParams() || Definition->isVariadic())
    return false;
  auto Key = std::make_tuple(Definition, Index, &Api);
  if (auto It = BorrowingParameters.find(Key); It != BorrowingParameters.end())
    return It->second;
  BorrowingParameters[Key] = false; // Recursion: not proven.
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  ParentMap Parents(Definition->getBody());
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
    if (isa_and_nonnull<IfStmt, WhileStmt, ConditionalOperator>(User))
      return;
    if (const auto *Op = dyn_cast_or_null<UnaryOperator>(User);
        Op && Op->getOpcode() == UO_LNot)
      return;
    if (const auto *Op = dyn_cast_or_null<BinaryOperator>(User);
        Op && (Op->isComparisonOp() || Op->isLogicalOp()))
      return;
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(User);
        Member && Member->isArrow())
      return;
    if (const auto *Call = dyn_cast_or_null<CallExpr>(User)) {
      const FunctionDecl *Inner = Call->getDirectCallee();
      for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
        if (Call->getArg(I)->IgnoreParenImpCasts() == Ref &&
            (leakguard::analysis::isBorrower(Api, Inner) ||
             isConstParameter(Inner, I) ||
             (Depth < 3 && onlyBorrows(Inner, I, Api, Depth + 1))))
          return;
    }
    Borrows = false;
  };
  Visit(Definition->getBody());
  BorrowingParameters[Key] = Borrows;
  return Borrows;
}

bool UnclosedResourceCheck::releasesParameter(const FunctionDecl *Callee,
                                              unsigned Index,
                                              const ResourceApi &Api) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) ||
      Index >= Definition->getNumParams())
    return false;
  auto Key = std::make_tuple(Definition, Index, &Api);
  if (auto It = ReleasingParameters.find(Key); It != ReleasingParameters.end())
    return It->second;
  ReleasingParameters[Key] = false; // Recursion ends here.
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  ASTContext &Context = Definition->getASTContext();
  std::unique_ptr<CFG> Cfg = CFG::buildCFG(Definition, Definition->getBody(),
                                           &Context, CFG::BuildOptions());
  if (!Cfg)
    return false;
  // Every path from the entry releases the parameter (or finds it null).
  leakguard::analysis::ExploreOptions Explore;
  Explore.Context = &Context;
  auto OnBranch = [&](const Expr *Condition, bool Value) {
    const Expr *E = leakguard::analysis::stripLogicalNots(Condition, Value);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E);
        Ref && Ref->getDecl() == Param && !Value)
      return StepVerdict::Released; // `if (p)`: nothing to release.
    return StepVerdict::Continue;
  };
  Explore.OnBranch = OnBranch;
  leakguard::analysis::PathResult Paths =
      leakguard::analysis::explorePathsFromEntry(
          *Cfg,
          [&](const Stmt *S) {
            const auto *Call = dyn_cast<CallExpr>(S);
            if (Call &&
                leakguard::analysis::isReleaser(Api, Call->getDirectCallee()) &&
                Api.ReleaseArg < Call->getNumArgs()) {
              const auto *Ref = dyn_cast<DeclRefExpr>(
                  Call->getArg(Api.ReleaseArg)->IgnoreParenImpCasts());
              if (Ref && Ref->getDecl() == Param)
                return StepVerdict::Released;
            }
            return StepVerdict::Continue;
          },
          Explore);
  bool Releases =
      Paths.Complete && Paths.Exits.empty() && !Paths.Releases.empty();
  ReleasingParameters[Key] = Releases;
  return Releases;
}

std::vector<FixItHint> UnclosedResourceCheck::ownerFix(const Acquisition &Acq,
                                                       const ParentMap &Parents,
                                                       const Stmt *Body,
                                                       ASTContext &Context) {
  const LangOptions &LangOpts = Context.getLangOpts();
  const SourceManager &SM = Context.getSourceManager();
  const ResourceApi &Api = *Acq.Api;
  const VarDecl *Handle = Acq.Handle;
  // A pointer from a return value, held in a declaration of its own; or a
  // list grown from null (`list = curl_slist_append(list, s)`).
  const bool Growing = Api.Accumulates;
  if (!LangOpts.CPlusPlus11 || Api.OutParam >= 0 || Api.Releasers.empty() ||
      !Handle->getType()->isPointerType() ||
      Handle->getType()->getPointeeType().isNull())
    return {};
  const DeclStmt *Decl = nullptr;
  if (Growing) {
    // The declaration that starts the list empty.
    std::function<void(const Stmt *)> Find = [&](const Stmt *S) {
      if (!S || Decl)
        return;
      if (const auto *D = dyn_cast<DeclStmt>(S);
          D && D->isSingleDecl() && D->getSingleDecl() == Handle)
        Decl = D;
      for (const Stmt *Child : S->children())
        Find(Child);
    };
    Find(Body);
    if (!Decl || !Handle->getInit() ||
        !isNullConstant(Handle->getInit(), Context))
      return {};
  } else {
    Decl = dyn_cast_or_null<DeclStmt>(
        Parents.getParentIgnoreParenImpCasts(const_cast<CallExpr *>(Acq.Call)));
  }
  if (!Decl || !Decl->isSingleDecl() || Decl->getBeginLoc().isMacroID())
    return {};

  // Every use of the variable must keep working on a std::unique_ptr.
  std::vector<FixItHint> Edits;
  std::string Deleter;
  bool Safe = true;
  std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S || !Safe)
      return;
    // `list = curl_slist_append(list, s)` becomes
    // `list.reset(curl_slist_append(list.release(), s))`: the grown list
    // (or null, when appending fails) is owned again.
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Growing && Assign && Assign->getOpcode() == BO_Assign &&
        refersTo(Assign->getLHS(), Handle)) {
      const auto *Grow =
          dyn_cast<CallExpr>(Assign->getRHS()->IgnoreParenImpCasts());
      const auto *First =
          Grow && Grow->getNumArgs() > 0
              ? dyn_cast<DeclRefExpr>(Grow->getArg(0)->IgnoreParenImpCasts())
              : nullptr;
      if (!Grow || Model.acquiredBy(Grow->getDirectCallee()) != &Api ||
          !First || First->getDecl() != Handle ||
          Assign->getBeginLoc().isMacroID() || Grow->getEndLoc().isMacroID() ||
          First->getEndLoc().isMacroID()) {
        Safe = false;
        return;
      }
      Edits.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(Assign->getBeginLoc(),
                                        Grow->getBeginLoc()),
          (Handle->getName() + ".reset(").str()));
      Edits.push_back(FixItHint::CreateInsertion(
          Lexer::getLocForEndOfToken(First->getEndLoc(), 0, SM, LangOpts),
          ".release()"));
      Edits.push_back(FixItHint::CreateInsertion(
          Lexer::getLocForEndOfToken(Grow->getEndLoc(), 0, SM, LangOpts), ")"));
      for (unsigned I = 1, E = Grow->getNumArgs(); I < E; ++I)
        Visit(Grow->getArg(I));
      return;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (!Ref || Ref->getDecl() != Handle) {
      for (const Stmt *Child : S->children())
        Visit(Child);
      return;
    }
    // Inside a macro only as a macro argument (`curl_easy_setopt(h, ...)` is
    // a macro that repeats its arguments): the edit goes where it is spelled.
    SourceLocation RefEnd = Ref->getEndLoc();
    if (RefEnd.isMacroID()) {
      if (!SM.isMacroArgExpansion(RefEnd)) {
        Safe = false;
        return;
      }
      RefEnd = SM.getSpellingLoc(RefEnd);
    }
    const Stmt *User =
        Parents.getParentIgnoreParenImpCasts(const_cast<DeclRefExpr *>(Ref));
    // `if (f)`, `if (!f)`, `f == nullptr`: a unique_ptr tests the same way.
    if (const auto *Not = dyn_cast_or_null<UnaryOperator>(User);
        Not && Not->getOpcode() == UO_LNot)
      return;
    if (const auto *Compare = dyn_cast_or_null<BinaryOperator>(User);
        Compare && Compare->isEqualityOp()) {
      const Expr *Other = Compare->getLHS()->IgnoreParenImpCasts() == Ref
                              ? Compare->getRHS()
                              : Compare->getLHS();
      if (isNullConstant(Other, Context))
        return;
      Safe = false;
      return;
    }
    if (isa_and_nonnull<IfStmt, WhileStmt, ConditionalOperator>(User) ||
        (isa_and_nonnull<BinaryOperator>(User) &&
         cast<BinaryOperator>(User)->isLogicalOp()))
      return; // Truthiness.
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(User);
        Member && Member->isArrow())
      return;
    const auto *Call = dyn_cast_or_null<CallExpr>(User);
    if (!Call || Call == Acq.Call) {
      Safe = false;
      return;
    }
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (leakguard::analysis::isReleaser(Api, Callee) &&
        Api.ReleaseArg < Call->getNumArgs() &&
        refersTo(Call->getArg(Api.ReleaseArg), Handle)) {
      // `fclose(f);` as a statement becomes `f.reset();`, at the same place.
      auto Name =
          leakguard::analysis::spelledText(Call->getCallee(), SM, LangOpts);
      // The deleter is called with the handle alone: `munmap(p, size)`
      // cannot be one.
      if (!isa_and_nonnull<CompoundStmt>(Parents.getParent(Call)) || !Name ||
          Call->getBeginLoc().isMacroID() || !Callee->isExternC() ||
          Callee->getNumParams() != 1 || Api.ReleaseArg != 0 ||
          (!Deleter.empty() && Deleter != *Name)) {
        Safe = false;
        return;
      }
      Deleter = *Name;
      Edits.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(Call->getSourceRange()),
          (Handle->getName() + ".reset()").str()));
      return;
    }
    // Borrowed: the raw pointer.
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
      if (Call->getArg(I)->IgnoreParenImpCasts() == Ref &&
          (leakguard::analysis::isBorrower(Api, Callee) ||
           isConstParameter(Callee, I))) {
        Edits.push_back(FixItHint::CreateInsertion(
            Lexer::getLocForEndOfToken(RefEnd, 0, SM, LangOpts), ".get()"));
        return;
      }
    Safe = false;
  };
  Visit(Body);
  if (!Safe)
    return {};
  if (Deleter.empty()) {
    // Never released here: the model's release function, if it is declared
    // as a C function of the handle alone.
    if (!deleterFunction(Api, Context))
      return {};
    Deleter = Api.Releasers.front();
  }
  auto Init = Growing
                  ? std::optional<std::string>("nullptr")
                  : leakguard::analysis::spelledText(Acq.Call, SM, LangOpts);
  if (!Init)
    return {};
  std::string Pointee =
      Handle->getType()->getPointeeType().getAsString(PrintingPolicy(LangOpts));
  if (StringRef(Pointee).contains('('))
    return {};
  std::string Declaration = "std::unique_ptr<" + Pointee + ", decltype(&" +
                            Deleter + ")> " + Handle->getName().str() + "(" +
                            *Init + ", &" + Deleter + ")";
  CharSourceRange DeclRange = CharSourceRange::getTokenRange(
      Decl->getBeginLoc(), Handle->getInit()->getEndLoc());
  Edits.insert(Edits.begin(),
               FixItHint::CreateReplacement(DeclRange, Declaration));
  if (auto Include = Inserter.createIncludeInsertion(
          SM.getFileID(Acq.Call->getBeginLoc()), "<memory>"))
    Edits.push_back(*Include);
  return Edits;
}

} // namespace clang::tidy::leak
