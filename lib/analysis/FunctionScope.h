//===--- FunctionScope.h - checks that analyze whole functions ------------===//
//
// The checks that follow paths analyze a function as a whole, once. They
// find their functions from the top down (a function or lambda whose body
// contains a call of interest) so that no parent map of the whole
// translation unit is ever built, and skip template instantiations (the
// template itself is analyzed, and fixed, once).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_FUNCTIONSCOPE_H
#define LEAKGUARD_LIB_FUNCTIONSCOPE_H

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <optional>

namespace leakguard::analysis {

class FunctionBodies;

/// What else addFunctionMatchers() asks of a function.
struct FunctionMatchOptions {
  /// Only functions this matches (and no lambda).
  std::optional<clang::ast_matchers::internal::Matcher<clang::FunctionDecl>>
      Where;
  /// A constructor's member initializers count as its body (the statement
  /// may be an initializer's expression itself).
  bool ConstructorInitializers = false;
};

/// Registers \p Callback for every function definition and lambda of the
/// user's (not in a system header) with a statement matching \p Contains
/// below it (see hasStatementBelow()). The callback gets the function bound
/// as "function", or the lambda as "lambda".
///
/// The checks registered on one MatchFinder share one matcher on functions,
/// one on lambdas and one walk of each body, which tests every check's
/// \p Contains: the MatchFinder tries a matcher on every function of the
/// translation unit (those of the standard library's headers included), so
/// a matcher per check would cost that many times over. The returned
/// registry is shared by those checks: each keeps it for as long as it
/// lives.
std::shared_ptr<FunctionBodies> addFunctionMatchers(
    clang::ast_matchers::MatchFinder *Finder,
    const clang::ast_matchers::internal::Matcher<clang::Stmt> &Contains,
    clang::ast_matchers::MatchFinder::MatchCallback *Callback,
    const FunctionMatchOptions &Options = {});

/// The function a match of addFunctionMatchers() stands for (a lambda's call
/// operator for a lambda), or null when it was seen already (recorded in
/// \p Seen) or is inside a template instantiation.
const clang::FunctionDecl *
functionToAnalyze(const clang::ast_matchers::MatchFinder::MatchResult &Result,
                  llvm::DenseSet<const clang::FunctionDecl *> &Seen);

/// The CFG of \p Function with every statement and subexpression as an
/// element, so that a handle stored by a nested assignment (`*w = *r = fd`)
/// or passed deep in a call is seen; null when it cannot be built.
std::unique_ptr<clang::CFG> buildStatementCfg(const clang::FunctionDecl &Function,
                                              clang::ASTContext &Context);

/// \p E without parentheses, implicit casts, `!`s and `__builtin_expect`
/// (LIKELY/UNLIKELY macros); \p Value is flipped once per `!` stripped.
const clang::Expr *stripLogicalNots(const clang::Expr *E, bool &Value);

/// The last components of qualified names (`close` for `::close`, `get` for
/// `QNetworkAccessManager::get`), as a set.
using NameSet = std::shared_ptr<const llvm::StringSet<>>;
NameSet lastNameComponents(llvm::ArrayRef<llvm::StringRef> Names);

/// A declaration whose own name is in \p Names: one hash lookup, the cheap
/// filter to put before `hasAnyName` (which compares every name in turn)
/// on matchers tried at every call of the translation unit.
AST_MATCHER_P(clang::NamedDecl, hasLastNameIn, NameSet, Names) {
  const clang::IdentifierInfo *Id = Node.getIdentifier();
  return Id && Names->contains(Id->getName());
}

/// The statements a search of a body for acquisitions, starts and wrappers
/// tests: calls (of any kind), `new`, constructions and `return`s. The
/// others (most of a body: references, casts, operators, literals) are only
/// walked through.
inline bool isCallOrReturn(const clang::Stmt &S) {
  return llvm::isa<clang::CallExpr, clang::CXXNewExpr, clang::CXXConstructExpr,
                   clang::ReturnStmt>(S);
}

/// Calls \p Visit on each statement below \p Root (and \p Root itself when
/// \p WithRoot) that isCallOrReturn() accepts, following the statements'
/// children only, until \p Visit returns false.
void forEachCallOrReturn(const clang::Stmt &Root, bool WithRoot,
                         llvm::function_ref<bool(const clang::Stmt &)> Visit);

/// A statement below \p Node (not \p Node itself) that \p Inner matches,
/// among those isCallOrReturn() accepts: `hasDescendant` for function
/// bodies, at a fraction of its cost. It follows the statements' children
/// only (lambda bodies and variable initializers included; types,
/// declarations of local classes and default arguments are not looked
/// into), keeps no memo and runs \p Inner on the few statements that can
/// match, so it costs one visit and a kind test per statement. The bindings
/// of the first match are kept.
AST_MATCHER_P(clang::Stmt, hasStatementBelow,
              clang::ast_matchers::internal::Matcher<clang::Stmt>, Inner) {
  bool Found = false;
  forEachCallOrReturn(Node, /*WithRoot=*/false, [&](const clang::Stmt &S) {
    clang::ast_matchers::internal::BoundNodesTreeBuilder Result(*Builder);
    if (Inner.matches(S, Finder, &Result)) {
      *Builder = std::move(Result);
      Found = true;
    }
    return !Found;
  });
  return Found;
}

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_FUNCTIONSCOPE_H
