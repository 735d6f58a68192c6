//===--- LargeCaptureCheck.h - leak-large-capture -------------------------===//

#ifndef LEAKGUARD_CHECKS_LARGECAPTURECHECK_H
#define LEAKGUARD_CHECKS_LARGECAPTURECHECK_H

#include "ClangTidyCheck.h"
#include "analysis/CallbackSinks.h"
#include "utils/IncludeInserter.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <optional>

namespace clang {
class ParentMap;
} // namespace clang

namespace clang::tidy::leak {

/// Finds a large object, or one that owns a heap buffer, copied by value
/// into a lambda that outlives its creation (a stored callback, a route
/// handler, a thread).
///
/// For the user-facing documentation see:
/// docs/checks/leak-large-capture.md
class LargeCaptureCheck : public ClangTidyCheck {
public:
  LargeCaptureCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  struct Candidate;
  /// Why a value of type \p T is expensive to keep: "owns a heap buffer",
  /// "holds a heap buffer in 'items'", "4096 bytes"; nothing when it is not.
  std::optional<std::string> costOf(QualType T, const ASTContext &Context,
                                    bool &OwnsHeap) const;
  bool ownsHeap(QualType T, std::string &Where, unsigned Depth) const;
  /// The one member or entry of the capture the lambda uses, if only one.
  std::optional<std::string> onlyPartUsed(const LambdaExpr &Lambda,
                                          const Candidate &C,
                                          const ParentMap &Parents,
                                          const Stmt *&PartAt,
                                          ASTContext &Context) const;
  /// The edits that share the capture through a std::shared_ptr<const T>
  /// declared before \p Statement, or before \p OuterLoop when the loop
  /// only reads it; made from `std::move(v)` when \p Movable and nothing
  /// uses it afterwards. Empty when that is not safe.
  std::vector<FixItHint> sharedFix(const LambdaExpr &Lambda, const Candidate &C,
                                   const Stmt *Statement, StringRef TypeName,
                                   const ParentMap &Parents,
                                   const Stmt *OuterLoop, bool Movable,
                                   SourceLocation &RefusedAt,
                                   std::string &Refusal, ASTContext &Context);
  /// The edits that share the member the capture is a snapshot of, through
  /// a std::shared_ptr<const T>; empty when it is none or that is not safe
  /// (\p Refusal then says why).
  std::vector<FixItHint>
  snapshotFix(const LambdaExpr &Lambda, const Candidate &C,
              const FieldDecl *&Member, SourceLocation &RefusedAt,
              std::string &Refusal, bool &SharedBefore, ASTContext &Context);
  /// The notes of a capture without a fix: why it cannot be moved, and
  /// what to do instead.
  void noteNoFix(const LambdaExpr &Lambda, const Candidate &C,
                 const Stmt *RunsUntilStopped, const DeclRefExpr *LaterUse,
                 const Stmt *OuterLoop, StringRef TypeName,
                 SourceLocation SharedRefusedAt, StringRef SharedRefusal,
                 const ParentMap &Parents, ASTContext &Context);
  /// The fix that moves the captured local into the capture.
  std::vector<FixItHint> moveFix(const LambdaExpr &Lambda, const Candidate &C,
                                 bool &ImplicitFixUsed, ASTContext &Context);
  void report(const LambdaExpr &Lambda, const Candidate &C,
              const leakguard::analysis::CallbackSink &Sink,
              bool InInstantiation, bool &ImplicitFixUsed, ASTContext &Context);

  const unsigned SizeThreshold;
  const std::string RawHeapOwningTypes;
  const std::vector<std::string> HeapOwningTypes;
  const std::string RawCallbackSinks;
  leakguard::analysis::CallbackSinks Sinks;
  utils::IncludeInserter Inserter;
  /// Captures already reported (a template's lambda in each instantiation).
  llvm::DenseSet<unsigned> Reported;
  /// Names the shared fix gave in each function (one per capture).
  llvm::DenseMap<const FunctionDecl *, llvm::StringSet<>> SharedNames;
  /// Members the snapshot fix made shared (one fix per member).
  llvm::DenseSet<const FieldDecl *> SharedMembers;
  /// The snapshots those fixes turned into copies of the pointer.
  llvm::DenseMap<const VarDecl *, const FieldDecl *> SharedSnapshots;
};

} // namespace clang::tidy::leak

#endif // LEAKGUARD_CHECKS_LARGECAPTURECHECK_H
