//===--- UnboundedCacheCheck.h - leak-unbounded-cache ---------------------===//

#ifndef LEAKGUARD_CHECKS_UNBOUNDEDCACHECHECK_H
#define LEAKGUARD_CHECKS_UNBOUNDEDCACHECHECK_H

#include "ClangTidyCheck.h"
#include "analysis/Summarize.h"
#include "utils/IncludeInserter.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include <map>
#include <memory>
#include <optional>

namespace clang {
class ParentMap;
} // namespace clang

namespace clang::tidy::leak {

/// Finds containers with program lifetime (globals, statics, `thread_local`s
/// and members of singletons) that only grow, and offers a bounded cache
/// instead.
///
/// For the user-facing documentation see:
/// docs/checks/leak-unbounded-cache.md
class UnboundedCacheCheck : public ClangTidyCheck {
public:
  UnboundedCacheCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  /// The class of \p T (through references and pointers), or one of its
  /// bases, that is in ContainerTypes; null when there is none.
  const CXXRecordDecl *listedContainer(QualType T) const;
  const CXXRecordDecl *listedContainer(const CXXRecordDecl *Record) const;
  /// Whether \p Record has a member of a container type.
  bool holdsContainer(const CXXRecordDecl *Record) const;
  /// What a reference to \p D may be, for the walk of the user's code (cached
  /// per declaration): a container of static storage or a member, outside the
  /// system headers (RefersToTarget); a function other units cannot call
  /// (RefersToInternal); nothing of interest (RefersToNothing).
  enum RefKind : unsigned char {
    RefersToNothing,
    RefersToTarget,
    RefersToInternal
  };
  RefKind refKind(const ValueDecl *D) const;
  /// What a call to \p Callee may be, for the walk of the user's code (cached):
  /// a user function returning a container by reference (CallsAccessor), a
  /// call-once function (CallsOnce), nothing of interest.
  enum CallKind : unsigned char { CallsNothing, CallsAccessor, CallsOnce };
  CallKind callKind(const FunctionDecl *Callee) const;

  /// What a use of a container does to its size.
  enum class Effect { Grows, Bounds, Neutral, SizeTest, Escapes };
  /// The kinds of container, by what grows them and what the fix can be.
  enum class Family { Map, Set, Sequence, String };

private:
  class Collector;
  /// Records \p Ref, a reference to the candidate \p D.
  void addUse(const Expr *Ref, const ValueDecl *D);
  /// Records the callables given to \p Once, a call-once function.
  void addOnceCall(const CallExpr &Once);

  /// One reference to a candidate container.
  struct Use {
    const Expr *Ref;            // the DeclRefExpr or MemberExpr
    const Expr *Call = nullptr; // the member or operator call on it, if any
    StringRef Member;           // the called member's name
    Effect What = Effect::Escapes;
    /// For `return m;` in a function that hands out a static `m` by
    /// reference: that function, whose calls are uses of `m`.
    const FunctionDecl *Accessor = nullptr;
  };
  struct Candidate {
    llvm::SmallVector<Use, 8> Uses;
    /// For a static data member of a class template (the candidate is the
    /// template's member): one of its instantiations, whose type is not
    /// dependent.
    const ValueDecl *Instance = nullptr;
  };
  /// The statement a location of the file lies in, with the parent map of
  /// the function body or initializer around it.
  struct Root {
    const Stmt *Body = nullptr;
    const Decl *Owner = nullptr; // the function or variable
    std::shared_ptr<ParentMap> Parents;
  };

  bool isSingleton(const CXXRecordDecl *Record) const;
  /// Whether the summaries say every object of \p Record lives for the
  /// process (of static storage, or made once in `main`), and there is one.
  bool livesForProcess(const CXXRecordDecl *Record) const;
  bool isCandidate(const ValueDecl *D, const Candidate &C) const;
  bool classReachableElsewhere(const CXXRecordDecl *Record,
                               AccessSpecifier Access) const;
  bool reachableElsewhere(const ValueDecl *D) const;
  bool functionReachableElsewhere(const FunctionDecl *Fn) const;
  const FunctionDecl *accessorOf(const ValueDecl *D, const Use &U,
                                 const Root &R) const;
  Root rootOf(const Expr *E);
  Effect classifyInContext(const Expr *Ref, const Root &R, Family F) const;
  bool isStartUp(const Expr *Growth, const Root &R) const;
  bool calledOnceByMain(const Expr *Growth, const Root &R);
  /// Whether the summaries say \p Fn runs once, at start-up (the one
  /// reference the program makes to it is a call outside loops and lambdas
  /// in `main`, or in another such function).
  bool runsOnceAtStartUp(const FunctionDecl *Fn) const;
  bool isGuarded(const Expr *Growth, const Root &R,
                 llvm::ArrayRef<const Expr *> SizeTests);
  /// Judges the candidate \p D; with \p Report false, only notes whether
  /// this unit bounds it (for the summaries).
  void analyze(const ValueDecl *D, Candidate &C, bool Report = true);
  /// Whether \p D, not a candidate here, may be one in another unit that
  /// would ask whether this one bounds it: a member of container type of a
  /// class other units can name (a singleton there).
  bool mayBeCandidateElsewhere(const ValueDecl *D, const Candidate &C) const;
  /// Notes, for the summaries, that this unit bounds \p D.
  void noteBounded(const ValueDecl *D, const Candidate &C);
  /// Whether the summaries say another unit bounds \p D.
  bool boundedElsewhere(const ValueDecl *D, const Candidate &C) const;
  /// The bounded type of the cache header that can stand in for \p Listed
  /// (ttl_cache, ttl_set, bounded_log, bounded_string); empty when none.
  std::string boundedType(const CXXRecordDecl *Listed, Family F) const;
  /// How many template arguments the bounded type of \p F takes.
  static unsigned boundedArguments(Family F) {
    return F == Family::Map ? 2 : F == Family::String ? 0 : 1;
  }
  /// The edits that make \p D a \p Bounded, or where and why not.
  std::optional<std::pair<SourceLocation, std::string>>
  boundedFix(const ValueDecl *D, Family F, const CXXRecordDecl *Listed,
             const Candidate &C, StringRef Bounded,
             llvm::SmallVectorImpl<FixItHint> &Fixes);
  /// Why \p Bounded cannot stand in for the container at \p U; \p Ordered
  /// for a std::map or std::set, whose order the bounded type does not keep.
  std::optional<std::string> unsupportedUse(const Use &U, Family F,
                                            bool Ordered, StringRef Bounded);
  /// The edits that declare \p D as \p Bounded, or why not.
  std::optional<std::string>
  declarationFix(const ValueDecl *D, Family F, StringRef Bounded,
                 llvm::SmallVectorImpl<FixItHint> &Fixes);
  /// `{MaxEntries}`, with the time to live when \p Timed.
  std::string constructorArguments(bool Timed) const;
  std::string boundedDeclaration(const ValueDecl *D, StringRef Bounded,
                                 unsigned NumArgs) const;
  void report(const ValueDecl *D, Family F, const CXXRecordDecl *Listed,
              const Candidate &C, llvm::ArrayRef<const Use *> Growth,
              const ParmVarDecl *FromParameter);

  const std::string RawContainerTypes;
  const std::vector<std::string> ContainerTypes;
  const std::string CacheType;
  const std::string CacheHeader;
  /// Where the user's project keeps leakguard's helpers (LeakHelpersDir).
  const std::string HelpersDir;
  const unsigned MaxEntries;
  const unsigned TimeToLive;
  const bool ReportExternallyVisible;
  const bool ReportProgramLifetimeMembers;
  const bool ReportPointerElements;
  const unsigned MaxGrowthNotes;
  utils::IncludeInserter Inserter;
  /// The summaries of the other units (LeakSummaries): the containers they
  /// bound.
  leakguard::analysis::CheckSummaries Summaries;

  // Per translation unit.
  /// listedContainer() and holdsContainer() answers.
  mutable llvm::DenseMap<const CXXRecordDecl *, const CXXRecordDecl *>
      ListedCache;
  mutable llvm::DenseMap<const CXXRecordDecl *, bool> HolderCache;
  /// refKind() and callKind() answers.
  mutable llvm::DenseMap<const ValueDecl *, RefKind> RefKinds;
  mutable llvm::DenseMap<const FunctionDecl *, CallKind> CallKinds;
  ASTContext *Context = nullptr;
  llvm::MapVector<const ValueDecl *, Candidate> Candidates;
  /// Member and operator calls on candidates, by the referencing expression.
  llvm::DenseMap<const Expr *, std::pair<const Expr *, StringRef>> CallsOn;
  /// Classes with an instance of static storage duration, and how many.
  llvm::DenseMap<const CXXRecordDecl *, unsigned> StaticInstances;
  /// How many times each class with a container member is constructed.
  llvm::DenseMap<const CXXRecordDecl *, unsigned> Constructions;
  /// Calls of user functions returning a reference to a container, by
  /// callee: the uses of a static that such a function hands out.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const Expr *, 4>>
      AccessorCalls;
  /// References to functions other files cannot call (`static`, in an
  /// anonymous namespace), by function: is its one caller `main`?
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const Expr *, 2>>
      InternalFunctionRefs;
  /// Calls of std::call_once and the like, and functions they are given.
  llvm::DenseSet<const Expr *> OnceArguments;
  llvm::DenseSet<const Decl *> OnceFunctions;
  llvm::DenseMap<const Stmt *, std::shared_ptr<ParentMap>> ParentMaps;
  /// Where warnings were given (a template's static is one per
  /// instantiation).
  llvm::DenseSet<unsigned> Reported;
  /// Storage for member names built from operators.
  llvm::StringSet<> Names;
  /// The containers this unit bounds, by USR, when the unit is summarized.
  std::map<std::string, leakguard::summary::ContainerSummary> Bounded;
};

} // namespace clang::tidy::leak

#endif // LEAKGUARD_CHECKS_UNBOUNDEDCACHECHECK_H
