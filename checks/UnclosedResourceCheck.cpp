//===--- UnclosedResourceCheck.cpp - leak-unclosed-resource ---------------===//

#include "UnclosedResourceCheck.h"
#include "analysis/FixItBuilders.h"
#include "analysis/FunctionScope.h"
#include "analysis/HandleUses.h"
#include "analysis/OwnerRewriter.h"
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
using leakguard::analysis::deleterFunction;
using leakguard::analysis::ResourceApi;

namespace clang::tidy::leak {

UnclosedResourceCheck::UnclosedResourceCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawResources(Options.getLocalOrGlobal("LeakResources", "")),
      UnknownCallsEscape(Options.getLocalOrGlobal("UnknownCallsEscape", true)),
      IgnoreMacros(Options.get("IgnoreMacros", false)),
      HelpersDir(Options.getLocalOrGlobal("LeakHelpersDir", "")),
      Model(leakguard::analysis::ResourceModel::builtin()),
      Summaries(Options.getLocalOrGlobal("LeakSummaries", "")),
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
  if (!Summaries.error().empty())
    configurationDiag("%0 (option 'LeakSummaries')") << Summaries.error();
  Facts.setSummaries(Summaries.index());
}

void UnclosedResourceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LeakResources", RawResources);
  Options.store(Opts, "UnknownCallsEscape", UnknownCallsEscape);
  Options.store(Opts, "LeakSummaries", Summaries.option());
  Options.store(Opts, "IgnoreMacros", IgnoreMacros);
  Options.store(Opts, "LeakHelpersDir", HelpersDir);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void UnclosedResourceCheck::registerPPCallbacks(
    const SourceManager &SM, Preprocessor *PP, Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void UnclosedResourceCheck::registerMatchers(MatchFinder *Finder) {
  // The modelled acquiring functions, and those of other units that
  // return what one acquired.
  const auto Acquire =
      callExpr(callee(functionDecl(leakguard::analysis::isAcquirerIn(
          Summaries.acquirerNames(Model.acquirerNames())))));
  // A wrapper of this file that returns what an acquiring function gave
  // (`return fopen(...)`, or a local initialized from it).
  const auto ReturnsAcquired = returnStmt(hasReturnValue(ignoringParenImpCasts(
      anyOf(Acquire, declRefExpr(to(varDecl(
                         hasInitializer(ignoringParenImpCasts(Acquire)))))))));
  // (The standard library's inline functions are no wrappers: their bodies
  // are not searched.)
  const auto CallsWrapper = callExpr(callee(functionDecl(
      unless(isExpansionInSystemHeader()),
      hasBody(leakguard::analysis::hasStatementBelow(ReturnsAcquired)))));
  // Functions and lambdas of the user's that call an acquiring function or
  // such a wrapper; each is analyzed once, as a whole.
  Bodies = leakguard::analysis::addFunctionMatchers(
      Finder, callExpr(anyOf(Acquire, CallsWrapper)), this);
  Summaries.addMatchers(Finder, this);
}

void UnclosedResourceCheck::check(const MatchFinder::MatchResult &Result) {
  if (Summaries.onMatch(Result, Model, Heap))
    return;
  if (const FunctionDecl *Function =
          leakguard::analysis::functionToAnalyze(Result, Analyzed))
    analyzeFunction(*Function, *Result.Context);
}

void UnclosedResourceCheck::onEndOfTranslationUnit() {
  Analyzed.clear();
  Facts.clear();
  Summaries.flush();
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
          leakguard::analysis::allocatesHandle(*Api, Call) &&
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
  const bool Descriptor = LangOpts.CPlusPlus &&
                          leakguard::analysis::isDescriptorHandle(&Api, Handle);
  std::string Advice;
  if (Descriptor)
    Advice = "own it with 'leakguard::unique_fd'";
  else if (Releaser.empty())
    Advice = "call '" + Api.ReleaseMethods.front() + "()' on it on every path";
  else if (LangOpts.CPlusPlus && Handle->getType()->isPointerType())
    Advice = "wrap it in 'std::unique_ptr' with '" + Releaser + "'";
  else
    Advice = "release it with '" + Releaser + "' on every path";
  // (This check's note gives the declaration to write instead of a reason.)
  std::string Why;
  leakguard::analysis::OwnerRewritePolicy OwnerPolicy;
  OwnerPolicy.HelpersDir = HelpersDir;
  std::vector<FixItHint> Fixes = leakguard::analysis::rewriteAsUniquePtr(
      What, Paths, Engine, Body, Parents, Context, OwnerPolicy, Inserter, Why);
  {
    auto Warning = diag(Acq.Call->getBeginLoc(),
                        "'%0' from '%1' is not released on every path; %2")
                   << Handle->getName()
                   << Acq.Call->getDirectCallee()->getName() << Advice;
    for (const FixItHint &Fix : Fixes)
      Warning << Fix;
  }
  // Without a fix, why, and the code to write.
  if (Fixes.empty() && Descriptor && !Why.empty())
    diag(Acq.Call->getBeginLoc(),
         "no automatic fix: %0; own it with 'leakguard::unique_fd' and let "
         "the owner close it",
         DiagnosticIDs::Note)
        << Why;
  if (Fixes.empty() && LangOpts.CPlusPlus11 && deleterFunction(Api, Context) &&
      Handle->getType()->isPointerType()) {
    std::string Pointee = Handle->getType()->getPointeeType().getAsString(
        PrintingPolicy(LangOpts));
    // An out-parameter's owner is declared before the call and filled by it.
    if (Api.OutParam >= 0)
      diag(Acq.Call->getBeginLoc(),
           "no automatic fix%0; declare "
           "'std::unique_ptr<%1, decltype(&%2)> %3(nullptr, &%2);' before the "
           "call, give it 'leakguard::out_ptr(%3)' and let the owner release "
           "it",
           DiagnosticIDs::Note)
          << (Why.empty() ? std::string() : ": " + Why) << Pointee << Releaser
          << Handle->getName();
    else
      diag(Acq.Call->getBeginLoc(),
           "no automatic fix; once acquired, own it with "
           "'std::unique_ptr<%0, decltype(&%1)> owner(%2, &%1);' and let the "
           "owner release it",
           DiagnosticIDs::Note)
          << Pointee << Releaser << Handle->getName();
  }

  if (!Paths.Exits.empty())
    for (const CallExpr *Keeper : Paths.KeptOnSuccess)
      diag(Keeper->getBeginLoc(), "'%0' keeps '%1' only when it succeeds",
           DiagnosticIDs::Note)
          << Keeper->getDirectCallee()->getName() << Handle->getName();
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

} // namespace clang::tidy::leak
