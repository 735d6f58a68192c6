//===--- ManualLockCheck.h - leak-manual-lock -----------------------------===//

#ifndef LEAKGUARD_CHECKS_MANUALLOCKCHECK_H
#define LEAKGUARD_CHECKS_MANUALLOCKCHECK_H

#include "ClangTidyCheck.h"
#include "analysis/FunctionScope.h"
#include "analysis/LockModel.h"
#include "analysis/Ownership.h"
#include "analysis/Summarize.h"
#include "analysis/ThrowOracle.h"
#include "utils/IncludeInserter.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <optional>

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
  using LockCall = leakguard::analysis::LockCall;
  struct Region;
  struct Analysis;
  struct LockFix;
  enum class Finding { Path, Exception, Style };

  // Match: the functions and their lock calls.
  void analyzeFunction(const FunctionDecl &Function, ASTContext &Context);
  // Analyze: whether the pair is this function's, and what the ownership
  // engine finds along the paths from the lock.
  void analyzeLock(const LockCall &Lock, const Region &Fn, ASTContext &Context);
  bool isOwnPair(const LockCall &Lock, const Region &Fn, ASTContext &Context,
                 std::vector<const LockCall *> &Unlocks);
  // Fix: a guard for the region (a block with a scoped_lock), or else a
  // unique_lock unlocked where the code unlocked.
  LockFix buildFix(const LockCall &Lock, const Region &Fn, const Analysis &A,
                   ASTContext &Context);
  bool regionFix(const LockCall &Lock, const Region &Fn, const Analysis &A,
                 StringRef Name, LockFix &Fix, ASTContext &Context);
  bool regionIsClosed(const LockCall &Lock, const Region &Fn, const Analysis &A,
                      llvm::function_ref<bool(const Stmt *)> InRegion) const;
  bool earlyUnlocks(const LockCall &Lock, const Region &Fn, const Analysis &A,
                    const LockCall *FinalUnlock, const CompoundStmt *Compound,
                    llvm::function_ref<bool(const Stmt *)> InRegion,
                    std::vector<const Stmt *> &EarlyUnlocks,
                    ASTContext &Context) const;
  static bool returnsWithoutEffects(const ReturnStmt *Return,
                                    ASTContext &Context);
  static bool hidesDeclarations(const CompoundStmt *Compound,
                                CompoundStmt::const_body_iterator LockIt,
                                CompoundStmt::const_body_iterator UnlockIt);
  bool uniqueLockFix(const LockCall &Lock, const Region &Fn, const Analysis &A,
                     StringRef Name, LockFix &Fix, ASTContext &Context);
  bool uniqueLockEdits(const LockCall &Lock, const Region &Fn,
                       const Analysis &A, ArrayRef<const CallExpr *> Unlocks,
                       StringRef Name, StringRef Declaration, LockFix &Fix,
                       ASTContext &Context);
  std::optional<std::string> guardDeclaration(const LockCall &Lock,
                                              StringRef Guard, StringRef Name,
                                              ASTContext &Context) const;
  std::optional<std::string> pairDeclaration(const LockCall &Lock,
                                             const FunctionDecl *UnlockCallee,
                                             StringRef Name,
                                             ASTContext &Context) const;
  std::string guardName(const Region &Fn, ASTContext &Context) const;
  void addInclude(const LockCall &Lock, LockFix &Fix, ASTContext &Context);
  // Report: the warning, the fix or why there is none, the notes.
  void report(const LockCall &Lock, const Region &Fn, const Analysis &A,
              Finding Kind, const LockFix &Fix, ASTContext &Context);

  const std::string RawMutexTypes;
  const std::string RawLockFunctions;
  const bool StrictMode;
  const bool UnknownCallsMayThrow;
  const bool UseScopedLock;
  const std::string RawWaitFunctions;
  leakguard::analysis::LockModel Model;
  const bool AllocationFailuresThrow;
  leakguard::analysis::ThrowOracle Oracle;
  /// The summaries of the other units (LeakSummaries): the functions that
  /// unlock for their caller, and those that cannot throw.
  leakguard::analysis::CheckSummaries Summaries;
  utils::IncludeInserter Inserter;
  /// Functions already analyzed in this translation unit: a function with
  /// several lock calls is matched once per call but analyzed once.
  llvm::DenseSet<const FunctionDecl *> Analyzed;
  /// The walk of function bodies this check shares with the others.
  std::shared_ptr<leakguard::analysis::FunctionBodies> Bodies;
  /// The ownership engine, for locks only (no resource API to follow), and
  /// what it learns of the file's functions, per translation unit.
  leakguard::analysis::LockFacts LockFacts{Model};
  leakguard::analysis::ResourceModel NoResources;
  leakguard::analysis::CalleeFacts Facts{NoResources};
  leakguard::analysis::OwnershipEngine Engine{NoResources, NoResources, &Oracle,
                                              Facts};
};

} // namespace clang::tidy::leak

#endif // LEAKGUARD_CHECKS_MANUALLOCKCHECK_H
