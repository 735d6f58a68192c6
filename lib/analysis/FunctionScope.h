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

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <memory>

namespace leakguard::analysis {

/// Registers \p Callback for every function definition and lambda of the
/// user's (not in a system header) with a descendant matching \p Contains.
void addFunctionMatchers(clang::ast_matchers::MatchFinder *Finder,
                         const clang::ast_matchers::internal::Matcher<
                             clang::Stmt> &Contains,
                         clang::ast_matchers::MatchFinder::MatchCallback
                             *Callback);

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

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_FUNCTIONSCOPE_H
