//===--- FunctionScope.cpp - checks that analyze whole functions ----------===//

#include "analysis/FunctionScope.h"
#include "analysis/DeclContexts.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace leakguard::analysis {

void addFunctionMatchers(MatchFinder *Finder,
                         const internal::Matcher<Stmt> &Contains,
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

const Expr *stripLogicalNots(const Expr *E, bool &Value) {
  E = E->IgnoreParenImpCasts();
  while (const auto *Not = dyn_cast<UnaryOperator>(E)) {
    if (Not->getOpcode() != UO_LNot)
      break;
    Value = !Value;
    E = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  return E;
}

} // namespace leakguard::analysis
