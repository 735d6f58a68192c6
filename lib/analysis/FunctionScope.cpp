//===--- FunctionScope.cpp - checks that analyze whole functions ----------===//

#include "analysis/FunctionScope.h"
#include "analysis/DeclContexts.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Builtins.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace leakguard::analysis {

void addFunctionMatchers(
    MatchFinder *Finder,
    const clang::ast_matchers::internal::Matcher<Stmt> &Contains,
    MatchFinder::MatchCallback *Callback) {
  const auto Has = hasDescendant(Contains);
  Finder->addMatcher(functionDecl(isDefinition(),
                                  unless(isExpansionInSystemHeader()),
                                  hasBody(Has))
                         .bind("function"),
                     Callback);
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader()), Has).bind("lambda"),
      Callback);
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
