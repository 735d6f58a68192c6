//===--- MissingRaiiCheck.h - leak-missing-raii ---------------------------===//

#ifndef LEAKGUARD_CHECKS_MISSINGRAIICHECK_H
#define LEAKGUARD_CHECKS_MISSINGRAIICHECK_H

#include "ClangTidyCheck.h"
#include "analysis/FunctionScope.h"
#include "analysis/HandleUses.h"
#include "analysis/Ownership.h"
#include "analysis/Protocols.h"
#include "analysis/ResourceModel.h"
#include "analysis/Summarize.h"
#include "analysis/ThrowOracle.h"
#include "utils/IncludeInserter.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::leak {

/// Finds ownership managed by hand (`new`/`delete`, `malloc`/`free`, the
/// resource model's acquire/release pairs, semaphores and pools) that an
/// early return or an exception can skip, and classes that own a raw
/// resource without releasing it in their destructor or while keeping the
/// implicit copy operations; rewrites it to RAII.
///
/// For the user-facing documentation see:
/// docs/checks/leak-missing-raii.md
class MissingRaiiCheck : public ClangTidyCheck {
public:
  MissingRaiiCheck(StringRef Name, ClangTidyContext *Context);
  // C too: malloc and its family (the C++ parts never match there).
  bool isLanguageVersionSupported(const LangOptions &) const override {
    return true;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  /// A pair of member functions on one object where the second undoes the
  /// first (`acquire`/`release`, `checkout`/`checkin`).
  struct MethodPair {
    std::string Acquire;
    std::string Release;
  };
  struct Ownership;
  struct MemberFacts;

private:
  void analyzeFunction(const FunctionDecl &Function, ASTContext &Context);
  // Match: whether an acquisition is one to follow, filling \p Own.
  bool newCandidate(const CXXNewExpr *New, const ParentMap &Parents,
                    Ownership &Own);
  bool pairCandidate(const CXXMemberCallExpr *Member, const ParentMap &Parents,
                     ASTContext &Context, Ownership &Own);
  bool callCandidate(const CallExpr *Call, const ParentMap &Parents,
                     Ownership &Own);
  /// `p = realloc(p, n)` whose failure is not fatal: the old block is lost.
  void reportLostOnFailure(const Ownership &Own, const ParentMap &Parents,
                           ASTContext &Context);
  void analyzeOwnership(const Ownership &Own, const CFG &Cfg,
                        const ParentMap &Parents, const Stmt *Body,
                        ASTContext &Context);
  std::vector<FixItHint> guardFix(const Ownership &Own,
                                  llvm::ArrayRef<const Stmt *> Releases,
                                  const ParentMap &Parents, ASTContext &Context,
                                  std::string &Why);
  /// The pair whose first half \p Method is, or null.
  const MethodPair *pairOf(const CXXMethodDecl *Method) const;
  bool isIgnoredType(QualType Type) const;
  /// The class part: members that own a raw resource.
  void analyzeRecord(const CXXRecordDecl &Record, ASTContext &Context);
  /// The private pointer members of \p Record to follow and the bodies of
  /// its member functions; false when the class is not judged.
  bool collectMembers(const CXXRecordDecl &Record, ASTContext &Context,
                      llvm::MapVector<const FieldDecl *, MemberFacts> &Members,
                      llvm::SmallVectorImpl<const FunctionDecl *> &Bodies);
  /// Whether every destruction of an object of \p Record in the program
  /// (this unit's, and the summaries' of the others) calls one of
  /// \p Releasers on it first.
  bool destroyedAfterRelease(const CXXRecordDecl &Record,
                             llvm::ArrayRef<const CXXMethodDecl *> Releasers,
                             ASTContext &Context);
  void reportMember(const CXXRecordDecl &Record, const FieldDecl *Field,
                    const MemberFacts &Facts, bool DtorReleases,
                    llvm::ArrayRef<const FunctionDecl *> Bodies,
                    const FunctionDecl *DtorBody, ASTContext &Context);
  /// The edits that turn the member \p Field, given memory from `new` (or
  /// `new[]` when \p Array) in \p Bodies, into a std::unique_ptr.
  std::vector<FixItHint> memberFix(const CXXRecordDecl &Record,
                                   const FieldDecl *Field, bool Array,
                                   llvm::ArrayRef<const FunctionDecl *> Bodies,
                                   const FunctionDecl *Dtor,
                                   ASTContext &Context, std::string &Why);

  const std::string RawResources;
  const std::string RawMethodPairs;
  const std::string RawIgnoredTypes;
  const bool UnknownCallsMayThrow;
  const bool IgnoreMacros;
  leakguard::analysis::ResourceModel Model;
  /// malloc and its family, which only this check follows.
  leakguard::analysis::ResourceModel Memory;
  std::vector<MethodPair> Pairs;
  std::vector<std::string> IgnoredTypes;
  const bool AllocationFailuresThrow;
  leakguard::analysis::ThrowOracle Oracle;
  leakguard::analysis::CheckSummaries Summaries;
  /// Where the user's project keeps leakguard's helpers (LeakHelpersDir).
  const std::string HelpersDir;
  leakguard::analysis::CalleeFacts Facts{Model};
  leakguard::analysis::OwnershipEngine Engine{Model, Memory, &Oracle, Facts};
  utils::IncludeInserter Inserter;
  llvm::DenseSet<const FunctionDecl *> Analyzed;
  /// The walk of function bodies this check shares with the others.
  std::shared_ptr<leakguard::analysis::FunctionBodies> Bodies;
  /// How this unit destroys objects, read when a class first needs it.
  std::optional<leakguard::analysis::UnitProtocols> LocalProtocols;
};

} // namespace clang::tidy::leak

#endif // LEAKGUARD_CHECKS_MISSINGRAIICHECK_H
