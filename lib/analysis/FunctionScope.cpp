//===--- FunctionScope.cpp - checks that analyze whole functions ----------===//

#include "analysis/FunctionScope.h"
#include "analysis/DeclContexts.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Builtins.h"
#include <mutex>

using namespace clang;
using namespace clang::ast_matchers;

namespace leakguard::analysis {

void forEachCallOrReturn(const Stmt &Root, bool WithRoot,
                         llvm::function_ref<bool(const Stmt &)> Visit) {
  llvm::SmallVector<const Stmt *, 32> Work;
  auto PushChildren = [&Work](const Stmt &S) {
    for (const Stmt *Child : S.children())
      if (Child)
        Work.push_back(Child);
  };
  if (WithRoot)
    Work.push_back(&Root);
  else
    PushChildren(Root);
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (isCallOrReturn(*S) && !Visit(*S))
      return;
    PushChildren(*S);
  }
}

/// The checks of one MatchFinder that analyze whole functions, and the
/// matches of the function last walked. The MatchFinder runs the callback
/// of a match right after its matcher, on the same node: the matcher
/// records which checks want the node, the callback hands it to them.
class FunctionBodies : public MatchFinder::MatchCallback {
public:
  struct Entry {
    clang::ast_matchers::internal::Matcher<Stmt> Contains;
    MatchFinder::MatchCallback *Callback;
    FunctionMatchOptions Options;
  };

  void add(const clang::ast_matchers::internal::Matcher<Stmt> &Contains,
           MatchFinder::MatchCallback *Callback,
           const FunctionMatchOptions &Options) {
    Entries.push_back({Contains, Callback, Options});
  }

  /// Walks \p Function's body (and its constructor initializers for the
  /// entries that ask for them) once, or the lambda \p Lambda's, testing
  /// each entry's matcher until it matches; true when one did.
  bool walk(const FunctionDecl *Function, const LambdaExpr *Lambda,
            clang::ast_matchers::internal::ASTMatchFinder *Finder,
            clang::ast_matchers::internal::BoundNodesTreeBuilder *Builder) {
    Walked = Function ? static_cast<const void *>(Function) : Lambda;
    Wanted.assign(Entries.size(), false);
    // The entries still to decide; an entry with a filter on the function
    // is not asked about lambdas (their call operators are functions too).
    llvm::SmallVector<unsigned, 8> Open;
    bool Initializers = false;
    for (unsigned I = 0; I < Entries.size(); ++I) {
      const FunctionMatchOptions &Options = Entries[I].Options;
      if (Options.Where &&
          (!Function || !Options.Where->matches(*Function, Finder, Builder)))
        continue;
      Open.push_back(I);
      Initializers |= Options.ConstructorInitializers;
    }
    if (Initializers)
      if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function))
        for (const CXXCtorInitializer *Init : Constructor->inits())
          if (const Expr *E = Init->getInit())
            test(*E, Open, /*InInitializer=*/true, Finder, Builder);
    const Stmt *Body = Function ? Function->getBody() : Lambda;
    if (Body)
      test(*Body, Open, /*InInitializer=*/false, Finder, Builder);
    return llvm::is_contained(Wanted, true);
  }

  void run(const MatchFinder::MatchResult &Result) override {
    const void *Node = Result.Nodes.getNodeAs<FunctionDecl>("function");
    if (!Node)
      Node = Result.Nodes.getNodeAs<LambdaExpr>("lambda");
    if (!Node || Node != Walked)
      return;
    for (unsigned I = 0; I < Entries.size(); ++I)
      if (Wanted[I])
        Entries[I].Callback->run(Result);
  }

  llvm::StringRef getID() const override { return "leak-function-bodies"; }

private:
  /// Tests the statements below \p Root (\p Root itself too when it is an
  /// initializer's expression) against the open entries, closing those
  /// that match.
  void test(const Stmt &Root, llvm::SmallVectorImpl<unsigned> &Open,
            bool InInitializer,
            clang::ast_matchers::internal::ASTMatchFinder *Finder,
            clang::ast_matchers::internal::BoundNodesTreeBuilder *Builder) {
    if (Open.empty())
      return;
    forEachCallOrReturn(Root, InInitializer, [&](const Stmt &S) {
      for (unsigned K = 0; K < Open.size();) {
        unsigned I = Open[K];
        clang::ast_matchers::internal::BoundNodesTreeBuilder Result(*Builder);
        if ((!InInitializer || Entries[I].Options.ConstructorInitializers) &&
            Entries[I].Contains.matches(S, Finder, &Result)) {
          Wanted[I] = true;
          Open.erase(Open.begin() + K);
        } else {
          ++K;
        }
      }
      return !Open.empty();
    });
  }

  std::vector<Entry> Entries;
  const void *Walked = nullptr;
  std::vector<bool> Wanted;
};

namespace {

AST_MATCHER_P(FunctionDecl, functionWantedByChecks, FunctionBodies *, Bodies) {
  return Bodies->walk(&Node, nullptr, Finder, Builder);
}

AST_MATCHER_P(LambdaExpr, lambdaWantedByChecks, FunctionBodies *, Bodies) {
  return Bodies->walk(nullptr, &Node, Finder, Builder);
}

AST_MATCHER(FunctionDecl, isUserDefinition) {
  if (!Node.isThisDeclarationADefinition())
    return false;
  const SourceManager &SM = Finder->getASTContext().getSourceManager();
  return !SM.isInSystemHeader(SM.getExpansionLoc(Node.getBeginLoc()));
}

/// The registry of each MatchFinder, while a check that uses it lives.
std::mutex RegistryMutex;
llvm::DenseMap<const MatchFinder *, std::weak_ptr<FunctionBodies>> Registry;

} // namespace

std::shared_ptr<FunctionBodies> addFunctionMatchers(
    MatchFinder *Finder,
    const clang::ast_matchers::internal::Matcher<Stmt> &Contains,
    MatchFinder::MatchCallback *Callback, const FunctionMatchOptions &Options) {
  std::shared_ptr<FunctionBodies> Bodies;
  {
    std::lock_guard<std::mutex> Lock(RegistryMutex);
    for (auto It = Registry.begin(); It != Registry.end();)
      if (It->second.expired())
        Registry.erase(It++);
      else
        ++It;
    std::weak_ptr<FunctionBodies> &Slot = Registry[Finder];
    Bodies = Slot.lock();
    if (!Bodies) {
      // A finder of an earlier translation unit may have had this address:
      // its registry went with its checks.
      Bodies = std::make_shared<FunctionBodies>();
      Slot = Bodies;
      Finder->addMatcher(
          functionDecl(isUserDefinition(), functionWantedByChecks(Bodies.get()))
              .bind("function"),
          Bodies.get());
      Finder->addMatcher(lambdaExpr(unless(isExpansionInSystemHeader()),
                                    lambdaWantedByChecks(Bodies.get()))
                             .bind("lambda"),
                         Bodies.get());
    }
  }
  Bodies->add(Contains, Callback, Options);
  return Bodies;
}

const FunctionDecl *
functionToAnalyze(const MatchFinder::MatchResult &Result,
                  llvm::DenseSet<const FunctionDecl *> &Seen) {
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    Function = Lambda->getCallOperator();
  if (!Function || !Seen.insert(Function).second ||
      isInTemplateInstantiation(Function))
    return nullptr;
  return Function;
}

std::unique_ptr<CFG> buildStatementCfg(const FunctionDecl &Function,
                                       ASTContext &Context) {
  if (!Function.getBody())
    return nullptr;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  return CFG::buildCFG(&Function, Function.getBody(), &Context, Options);
}

NameSet lastNameComponents(llvm::ArrayRef<llvm::StringRef> Names) {
  auto Set = std::make_shared<llvm::StringSet<>>();
  for (llvm::StringRef Name : Names)
    Set->insert(Name.rsplit("::").second.empty() ? Name
                                                 : Name.rsplit("::").second);
  return Set;
}

const Expr *stripLogicalNots(const Expr *E, bool &Value) {
  E = E->IgnoreParenImpCasts();
  while (true) {
    if (const auto *Not = dyn_cast<UnaryOperator>(E);
        Not && Not->getOpcode() == UO_LNot) {
      Value = !Value;
      E = Not->getSubExpr()->IgnoreParenImpCasts();
      continue;
    }
    // `__builtin_expect(!!(x), 0)` (LIKELY/UNLIKELY) tests x.
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() >= 1 &&
        (Call->getBuiltinCallee() == Builtin::BI__builtin_expect ||
         Call->getBuiltinCallee() ==
             Builtin::BI__builtin_expect_with_probability)) {
      E = Call->getArg(0)->IgnoreParenImpCasts();
      continue;
    }
    return E;
  }
}

} // namespace leakguard::analysis
