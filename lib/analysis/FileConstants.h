//===--- FileConstants.h - variables whose value the file never changes ---===//
//
// A variable with internal linkage (`static` at namespace scope, or in an
// anonymous namespace, or a static local) that nothing in the translation
// unit writes keeps its initial value for the whole run: no assignment, no
// increment, no address taken, no binding to a non-const reference. Path
// walks read such a variable in a condition (`if (staticFalse)`) as the
// constant it is, like a `const` global.
//
// The answer is computed once per translation unit, by one walk over it,
// and only when some condition names such a variable. A variable written
// through a pointer obtained some other way (a `memcpy` over the whole
// data segment, a debugger) is beyond it.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_FILECONSTANTS_H
#define LEAKGUARD_LIB_FILECONSTANTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/APSInt.h"
#include <optional>

namespace leakguard::analysis {

/// The value \p Var always has, if it is an integer, enum, bool or pointer
/// variable with internal linkage, a constant (or no, that is zero)
/// initializer, and nothing in the translation unit writes it.
std::optional<llvm::APSInt> fileConstantValue(const clang::VarDecl *Var,
                                              clang::ASTContext &Context);

/// The value of \p E when it is an integer constant expression or names a
/// variable fileConstantValue() knows (through parentheses and casts).
std::optional<llvm::APSInt> knownIntegerValue(const clang::Expr *E,
                                              clang::ASTContext &Context);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_FILECONSTANTS_H
