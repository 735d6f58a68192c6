//===--- UncancellableThreadCheck.h - leak-uncancellable-thread -----------===//

#ifndef LEAKGUARD_CHECKS_UNCANCELLABLETHREADCHECK_H
#define LEAKGUARD_CHECKS_UNCANCELLABLETHREADCHECK_H

#include "ClangTidyCheck.h"
#include "analysis/FunctionScope.h"
#include "analysis/Summarize.h"
#include "analysis/ThreadModel.h"
#include "utils/IncludeInserter.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include <optional>

namespace clang::tidy::leak {

/// Finds threads that nobody can stop or join: endless thread bodies without
/// a stop condition, detached work that is unbounded or holds request-scoped
/// objects by reference, and threads that are never joined.
///
/// For the user-facing documentation see:
/// docs/checks/leak-uncancellable-thread.md
struct PoolWait;

class UncancellableThreadCheck : public ClangTidyCheck {
public:
  UncancellableThreadCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  struct Start;
  void analyzeConstruct(const CXXConstructExpr &Construct,
                        const FunctionDecl *Function, const ParentMap &Parents,
                        ASTContext &Context);
  void analyzeEmplace(const CXXMemberCallExpr &Emplace,
                      const FunctionDecl &Function, ASTContext &Context);
  void finishStart(Start &S, ASTContext &Context);
  void analyzeStart(const Start &S, ASTContext &Context);
  void analyzePthreadCreate(const CallExpr &Call, const FunctionDecl &Function,
                            ASTContext &Context);
  void analyzeTask(const CallExpr &Call, const FunctionDecl &Function,
                   const ParentMap &Parents, ASTContext &Context);
  void analyzeField(const FieldDecl &Field, ASTContext &Context);
  // A thread member (or a container of them) that nothing joins: in C++20
  // a std::jthread, before a destructor that joins.
  bool unjoinedMemberFix(const FieldDecl &Field, bool Container,
                         llvm::ArrayRef<const Expr *> Values,
                         std::vector<FixItHint> &Fixes, ASTContext &Context);
  bool reportEndless(const Start &S, ASTContext &Context);
  // The endless loop's fix: in C++20 a std::jthread and its stop token
  // (stopTokenFix), before a std::atomic<bool> stop flag (stopFlagFix); both
  // rewrite the loop's condition (loopConditionFix).
  bool endlessFix(const Start &S, const leakguard::analysis::EndlessLoop &Loop,
                  const FunctionDecl *LoopFunction, bool InContainer,
                  std::vector<FixItHint> &Fixes, std::string &NoFix,
                  ASTContext &Context);
  bool stopTokenFix(const Start &S,
                    const leakguard::analysis::EndlessLoop &Loop,
                    std::vector<FixItHint> &Fixes, ASTContext &Context,
                    std::string *TokenName = nullptr);
  // Workers kept in a member container (a pool) and waiting for work on a
  // condition variable: stopped, woken and joined when the object goes.
  bool poolFix(const Start &S, const leakguard::analysis::EndlessLoop &Loop,
               std::vector<FixItHint> &Fixes, std::string &NoFix,
               ASTContext &Context);
  std::optional<PoolWait>
  poolToStop(const Start &S, const leakguard::analysis::EndlessLoop &Loop,
             std::string &NoFix, ASTContext &Context);
  bool poolJthreadFix(const Start &S,
                      const leakguard::analysis::EndlessLoop &Loop,
                      const PoolWait &Wait, std::vector<FixItHint> &Fixes,
                      ASTContext &Context);
  bool poolStopFlagFix(const Start &S,
                       const leakguard::analysis::EndlessLoop &Loop,
                       const PoolWait &Wait, std::vector<FixItHint> &Fixes,
                       std::string &NoFix, ASTContext &Context);
  bool stopFlagFix(const Start &S, const leakguard::analysis::EndlessLoop &Loop,
                   std::vector<FixItHint> &Fixes, std::string &NoFix,
                   ASTContext &Context);
  bool loopConditionFix(const leakguard::analysis::EndlessLoop &Loop,
                        StringRef Stop, std::vector<FixItHint> &Fixes,
                        ASTContext &Context);
  // A thread detached by a member function becomes a new member of its
  // class (detachedToMember); before C++20 with a stop flag and a join in
  // the destructor (detachedStopFlagFix).
  const CXXRecordDecl *detachedToMember(const Start &S, bool Cxx20,
                                        std::string &Name,
                                        std::vector<FixItHint> &Fixes,
                                        std::string &NoFix, ASTContext &Context,
                                        StringRef Flag = "");
  bool detachedStopFlagFix(const Start &S,
                           const leakguard::analysis::EndlessLoop &Loop,
                           std::vector<FixItHint> &Fixes, std::string &NoFix,
                           ASTContext &Context);
  // Before C++20, a local thread: a local std::atomic<bool> stop flag the
  // lambda holds by reference, set before each join.
  bool localStopFlagFix(const Start &S,
                        const leakguard::analysis::EndlessLoop &Loop,
                        std::vector<FixItHint> &Fixes, std::string &NoFix,
                        ASTContext &Context);
  // The sleeps of a loop that a stop token ends early.
  void sleepFixes(const leakguard::analysis::EndlessLoop &Loop, StringRef Token,
                  std::vector<FixItHint> &Fixes, ASTContext &Context);
  void noteLoop(const leakguard::analysis::EndlessLoop &Loop);
  bool addMemberFixes(const Start &S, const SourceManager &SM,
                      const LangOptions &LangOpts,
                      std::vector<FixItHint> &Fixes);
  bool reportReferences(
      llvm::ArrayRef<leakguard::analysis::ReferenceCapture> References,
      const Stmt *At, StringRef What, StringRef AtNote);
  void reportJoinable(const Start &S, ASTContext &Context);
  void reportLocalContainer(const Start &S);
  /// How many calls of \p Body are given \p Var and only ask it (a
  /// callee that borrows the thread); \p DetachedBy is set to one that
  /// detaches it.
  unsigned borrowingCalls(const Stmt *Body, const VarDecl *Var,
                          const CallExpr **DetachedBy = nullptr,
                          llvm::DenseSet<const Expr *> *Borrowed = nullptr);
  std::optional<leakguard::analysis::EndlessLoop>
  endlessLoopOf(const leakguard::analysis::ThreadBody &Body,
                ASTContext &Context, const FunctionDecl *&LoopFunction);
  bool isStopFlag(QualType T) const;
  bool isThreadClass(const CXXRecordDecl *Record, bool &Joining) const;

  const std::vector<std::string> ThreadTypes;
  const std::vector<std::string> JoiningThreadTypes;
  const std::vector<std::string> StopFlagTypes;
  const std::vector<std::string> TaskFunctions;
  const bool ReportProcessLifetimeThreads;
  /// Where the fixed project keeps leakguard's helpers (LeakHelpersDir).
  const std::string HelpersDir;
  /// The summaries of the other units (LeakSummaries): what their functions
  /// do to the threads they are given.
  leakguard::analysis::CheckSummaries Summaries;
  /// What the functions a thread is handed to do with it (this file's read,
  /// others' from the summaries), per translation unit.
  leakguard::analysis::ThreadCalleeFacts Callees;
  utils::IncludeInserter Inserter;
  /// The starts of a thread, built in registerMatchers().
  std::optional<ast_matchers::StatementMatcher> StartMatcher;
  /// Functions and starts already analyzed in this translation unit.
  llvm::DenseSet<const FunctionDecl *> Analyzed;
  llvm::DenseSet<const Stmt *> Seen;
  llvm::DenseSet<unsigned> SeenLocations;
  /// Local containers of threads already judged.
  llvm::DenseSet<const VarDecl *> ReportedContainers;
  /// Thread members seen in this translation unit, analyzed at its end when
  /// every member function has been seen.
  llvm::SetVector<const FieldDecl *> Fields;
  /// Endless pthread_create threads, reported at the end of the file unless
  /// it calls pthread_cancel.
  struct PendingPthread {
    const CallExpr *Call;
    leakguard::analysis::EndlessLoop Loop;
    bool Detached;
  };
  std::vector<PendingPthread> PendingPthreads;
  bool CancelsThreads = false;
  /// Notes a pthread_cancel call in a function of the user's.
  struct CancelCall : ast_matchers::MatchFinder::MatchCallback {
    explicit CancelCall(bool &Seen) : Seen(Seen) {}
    void run(const ast_matchers::MatchFinder::MatchResult &) override {
      Seen = true;
    }
    bool &Seen;
  } Cancels{CancelsThreads};
  /// The walk of function bodies this check shares with the others.
  std::shared_ptr<leakguard::analysis::FunctionBodies> Bodies;
  /// Members whose start was already reported (an endless body).
  llvm::DenseSet<const FieldDecl *> ReportedFields;
};

} // namespace clang::tidy::leak

#endif // LEAKGUARD_CHECKS_UNCANCELLABLETHREADCHECK_H
