//===--- SelfCaptureCycleCheck.h - leak-self-capture-cycle ----------------===//

#ifndef LEAKGUARD_CHECKS_SELFCAPTURECYCLECHECK_H
#define LEAKGUARD_CHECKS_SELFCAPTURECYCLECHECK_H

#include "ClangTidyCheck.h"
#include "analysis/CallbackSinks.h"
#include "analysis/FunctionScope.h"
#include "utils/IncludeInserter.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include <set>

namespace clang::tidy::leak {

/// Finds ownership cycles that are never freed: a lambda holding a
/// `std::shared_ptr` to its own object (`shared_from_this()`) stored in a
/// member of that same object, and `std::shared_ptr` members of classes that
/// hold each other.
///
/// For the user-facing documentation see:
/// docs/checks/leak-self-capture-cycle.md
class SelfCaptureCycleCheck : public ClangTidyCheck {
public:
  SelfCaptureCycleCheck(StringRef Name, ClangTidyContext *Context);
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
  struct Edge {
    const FieldDecl *Field;
    const CXXRecordDecl *Target;
  };
  struct SelfCapture;
  struct WeakPlan;
  // A lambda stored on the object whose std::shared_ptr it captures: the
  // captures (match), the suppressions, the weak capture that would break
  // the cycle (fix), the warning and its notes (report).
  void checkLambda(const LambdaExpr &Lambda, ASTContext &Context);
  static llvm::SmallVector<SelfCapture, 1>
  selfCaptures(const LambdaExpr &Lambda);
  static std::optional<WeakPlan> weakPlan(const LambdaExpr &Lambda,
                                          const SelfCapture &Self,
                                          ASTContext &Context);
  std::vector<FixItHint>
  weakCaptureFix(const LambdaExpr &Lambda, const SelfCapture &Self,
                 const WeakPlan &Plan, const char *&NoFix, ASTContext &Context);
  void reportSelfCapture(const LambdaExpr &Lambda, const SelfCapture &Self,
                         unsigned Captures, bool InInstantiation,
                         const leakguard::analysis::CallbackSink &Sink,
                         StringRef ClassName, ASTContext &Context);
  void checkBinds(const CXXMethodDecl &Method, ASTContext &Context);
  void noteSharedCaptures(const LambdaExpr &Lambda,
                          const leakguard::analysis::CallbackSink &Sink);
  void reportTwoObjectCycles();
  void reportMemberCycles();
  void reportCycle(llvm::ArrayRef<const Edge *> Cycle, const SourceManager &SM);

  const bool MemberCycles;
  const std::string RawCallbackSinks;
  leakguard::analysis::CallbackSinks Sinks;
  /// The walk of function bodies this check shares with the others.
  std::shared_ptr<leakguard::analysis::FunctionBodies> Bodies;
  utils::IncludeInserter Inserter;
  llvm::DenseSet<unsigned> Reported;
  /// The `std::shared_ptr` members of the translation unit's classes, by
  /// class, in the order they were seen.
  llvm::MapVector<const CXXRecordDecl *, std::vector<Edge>> Edges;
  /// A lambda stored on its object that captures a std::shared_ptr to an
  /// object of another class: a cycle if that class holds this one.
  struct SharedCapture {
    SourceLocation Location;
    const VarDecl *Var;
    const CXXRecordDecl *Other;
    const CXXRecordDecl *This;
    leakguard::analysis::CallbackSink Sink;
  };
  std::vector<SharedCapture> SharedCaptures;
  /// The cycles reported, by their members (sorted).
  std::set<llvm::SmallVector<const FieldDecl *, 4>> ReportedCycles;
  ASTContext *Context = nullptr;
};

} // namespace clang::tidy::leak

#endif // LEAKGUARD_CHECKS_SELFCAPTURECYCLECHECK_H
