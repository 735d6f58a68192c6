//===--- UnclosedResourceCheck.cpp - leak-unclosed-resource ---------------===//

#include "UnclosedResourceCheck.h"
#include "analysis/FixItBuilders.h"
#include "analysis/FunctionScope.h"
#include "analysis/HandleUses.h"
#include "analysis/Ownership.h"
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
  Facts.clear();
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
      const ResourceApi *Api = Facts.acquiredBy(Call->getDirectCallee());
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
  leakguard::analysis::Acquired What;
  What.K = leakguard::analysis::Acquired::Handle;
  What.Acquire = Acq.Call;
  What.Site = Acq;
  leakguard::analysis::FollowPolicy Policy;
  Policy.UnknownCallsEscape = UnknownCallsEscape;
  leakguard::analysis::OwnershipResult Paths =
      Engine.follow(What, Cfg, Parents, Body, Context, Policy);
  const auto &Overwrites = Paths.Overwrites;
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
