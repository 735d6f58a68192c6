//===--- AstHelpers.h - general questions about the AST -------------------===//
//
// Small questions every part of the analysis asks, whatever its topic: a
// declaration's qualified name, a statement's ancestors, a walk over a
// subtree, an expression seen through the nodes that only carry a value
// along, a call to the standard library.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_ASTHELPERS_H
#define LEAKGUARD_LIB_ASTHELPERS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <initializer_list>

namespace leakguard::analysis {

/// Whether \p D has the qualified name \p Name (a leading `::` and inline
/// namespaces such as libc++'s `std::__1` are ignored).
bool hasQualifiedName(const clang::NamedDecl *D, llvm::StringRef Name);

/// Whether \p Ancestor contains \p S.
bool isAncestor(const clang::Stmt *Ancestor, const clang::Stmt *S,
                const clang::ParentMap &Parents);

/// Calls \p Visit on \p Root and every statement below it, parents first;
/// when \p Visit returns false, the children of that statement are skipped.
void forEachStatement(const clang::Stmt *Root,
                      llvm::function_ref<bool(const clang::Stmt *)> Visit);

/// \p E without parentheses, implicit nodes, casts, `std::move` and
/// `std::forward`, and the copy, move or converting constructions that only
/// carry their one argument along.
const clang::Expr *stripTransparent(const clang::Expr *E);

/// Whether \p Call calls one of the functions \p Names of namespace `std`.
bool isStdCall(const clang::CallExpr *Call,
               std::initializer_list<llvm::StringRef> Names);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_ASTHELPERS_H
