//===--- ManualLockCheck.h - leak-manual-lock -----------------------------===//

#ifndef LEAKGUARD_CHECKS_MANUALLOCKCHECK_H
#define LEAKGUARD_CHECKS_MANUALLOCKCHECK_H

#include "ClangTidyCheck.h"
#include "analysis/LockModel.h"
#include "analysis/ThrowOracle.h"
#include "utils/IncludeInserter.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::leak {

/// Finds a mutex locked and unlocked by hand where an early return, a jump or
/// an exception can leave it locked, and rewrites the pair into a lock guard.
///
/// For the user-facing documentation see:
/// docs/checks/leak-manual-lock.md
class ManualLockCheck : public ClangTidyCheck {
public:
  ManualLockCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  struct Region;
  void analyzeFunction(const FunctionDecl &Function, ASTContext &Context);
  void analyzeLock(const leakguard::analysis::LockCall &Lock, const Region &Fn,
                   ASTContext &Context);
  /// What a function of this file releases: mutexes it unlocks without
  /// locking them, reached through a parameter or a global variable.
  struct Releaser {
    bool ThroughParameter = false;
    llvm::SmallPtrSet<const ValueDecl *, 4> Globals;
  };
  const Releaser &releaserInfo(const FunctionDecl *Function);

  const std::string RawMutexTypes;
  const std::string RawLockFunctions;
  const bool StrictMode;
  const bool UnknownCallsMayThrow;
  const bool UseScopedLock;
  const std::string RawWaitFunctions;
  const std::vector<std::string> WaitFunctions;
  leakguard::analysis::LockModel Model;
  leakguard::analysis::ThrowOracle Oracle;
  utils::IncludeInserter Inserter;
  /// Functions already analyzed in this translation unit: a function with
  /// several lock calls is matched once per call but analyzed once.
  llvm::DenseSet<const FunctionDecl *> Analyzed;
  /// releaserInfo() answers, per translation unit.
  llvm::DenseMap<const FunctionDecl *, Releaser> Releasers;
};

} // namespace clang::tidy::leak

#endif // LEAKGUARD_CHECKS_MANUALLOCKCHECK_H
