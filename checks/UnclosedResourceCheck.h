//===--- UnclosedResourceCheck.h - leak-unclosed-resource -----------------===//

#ifndef LEAKGUARD_CHECKS_UNCLOSEDRESOURCECHECK_H
#define LEAKGUARD_CHECKS_UNCLOSEDRESOURCECHECK_H

#include "ClangTidyCheck.h"
#include "analysis/FunctionScope.h"
#include "analysis/HandleUses.h"
#include "analysis/Ownership.h"
#include "analysis/ResourceModel.h"
#include "analysis/Summarize.h"
#include "utils/IncludeInserter.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::leak {

/// Finds a handle acquired from a C API (a file, a socket, an HTTP or
/// database response) that some path to the function's exit neither releases
/// nor hands off.
///
/// For the user-facing documentation see:
/// docs/checks/leak-unclosed-resource.md
class UnclosedResourceCheck : public ClangTidyCheck {
public:
  UnclosedResourceCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  using Acquisition = leakguard::analysis::AcquisitionSite;

private:
  void analyzeFunction(const FunctionDecl &Function, ASTContext &Context);
  void analyzeAcquisition(const Acquisition &Acq, const CFG &Cfg,
                          const ParentMap &Parents, const Stmt *Body,
                          ASTContext &Context);

  const std::string RawResources;
  /// Whether a call of unknown effect that takes the handle may keep it.
  const bool UnknownCallsEscape;
  /// Whether acquisitions spelled inside macros are skipped.
  const bool IgnoreMacros;
  /// Where the fixed project keeps leakguard's helpers (LeakHelpersDir).
  const std::string HelpersDir;
  leakguard::analysis::ResourceModel Model;
  utils::IncludeInserter Inserter;
  llvm::DenseSet<const FunctionDecl *> Analyzed;
  /// The walk of function bodies this check shares with the others.
  std::shared_ptr<leakguard::analysis::FunctionBodies> Bodies;
  /// What this translation unit's functions do with handles, and the
  /// engine that follows each acquisition.
  leakguard::analysis::CheckSummaries Summaries;
  leakguard::analysis::CalleeFacts Facts{Model};
  leakguard::analysis::ResourceModel Heap =
      leakguard::analysis::ResourceModel::heap();
  leakguard::analysis::OwnershipEngine Engine{Model, Heap, nullptr, Facts};
};

} // namespace clang::tidy::leak

#endif // LEAKGUARD_CHECKS_UNCLOSEDRESOURCECHECK_H
