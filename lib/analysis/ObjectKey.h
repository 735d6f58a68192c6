//===--- ObjectKey.h - identity of the object an expression names ---------===//
//
// Two expressions that name the same object (`mu_`, `this->mu_`, `*p` and
// `p[0]`-free paths of members) get the same key, so that a release can be
// matched with its acquisition without any alias analysis.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_OBJECTKEY_H
#define LEAKGUARD_LIB_OBJECTKEY_H

#include "clang/AST/Expr.h"
#include <optional>
#include <string>

namespace leakguard::analysis {

/// The key of the object the lvalue \p E designates, or std::nullopt when
/// \p E is not a plain path of variables, members and dereferences.
std::optional<std::string> objectKey(const clang::Expr *E);

/// The key of the object a pointer-valued \p E points to (`&m` -> key of `m`,
/// `p` -> key of `*p`), or std::nullopt.
std::optional<std::string> pointeeKey(const clang::Expr *E);

/// The variable at the root of an object or pointer expression (`g` in
/// `&g->mu`, `locks` in `locks[i]`, `p` in `*p`), or null when the path
/// goes through a call or anything else.
const clang::ValueDecl *rootDecl(const clang::Expr *E);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_OBJECTKEY_H
