//===--- SharedReadOnly.h - one read-only copy behind shared_ptr<const T> -===//
//
// The fix builders of leak-large-capture's shared form: an object of class
// type T that its users only read is held once, in a
// `std::shared_ptr<const T>`, and every use reads through the pointer:
//
//   v.x, v.f()       ->  p->x, p->f()       (f const, x only read)
//   f(v), T c = v    ->  f(*p), T c = *p    (bound to `const T &`, copied)
//   v[i], v(a)       ->  (*p)[i], (*p)(a)
//   &v               ->  p.get()            (v already const)
//
// A use that changes the object (a non-const member function, a non-const
// reference), one bound to a reference that could outlive a replacement of
// the pointer (a returned `const T &`, a reference variable), `sizeof`, or a
// use spelled by a macro refuses the whole rewrite, with the reason.
//
// shareSnapshotMember() rewrites the member a lambda's capture is a
// snapshot of (`T t; { lock; t = member_; } keep([t] { read(t); });`, or the
// init-capture `keep([t = member_] { read(t); })`): the
// member becomes the `std::shared_ptr<const T>`, each value given to it
// whole becomes `std::make_shared<const T>(value)`, and the snapshot local a
// copy of the pointer. The member must be private and only read or replaced
// whole, every member function of its class defined in the translation
// unit (no friends, templates or nested classes: uses the rewrite cannot
// see), and every constructor must give it a value. Code the rewrite cannot
// see through (`decltype(v)`) is not looked at.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_SHAREDREADONLY_H
#define LEAKGUARD_LIB_SHAREDREADONLY_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Basic/Diagnostic.h"
#include <string>
#include <vector>

namespace leakguard::analysis {

/// Appends to \p Fixes the edits that make \p Use (a DeclRefExpr or a
/// MemberExpr naming the object) read through a pointer: spelled
/// \p Pointer, or, when empty, with the use's own spelling. False, with the
/// reason in \p Why ("is changed here"), when the use is not a read the
/// rewrite can express.
bool readThroughPointer(const clang::Expr *Use, const clang::ParentMap &Parents,
                        llvm::StringRef Pointer,
                        const clang::ASTContext &Context,
                        std::vector<clang::FixItHint> &Fixes, std::string &Why);

/// What shareSnapshotMember() found.
struct SnapshotRewrite {
  /// The member the local is a snapshot of; null when it is none.
  const clang::FieldDecl *Member = nullptr;
  /// The edits; empty when the rewrite was refused.
  std::vector<clang::FixItHint> Fixes;
  /// The snapshots of the member the edits turn into copies of the pointer
  /// (the one asked about, and those of other member functions).
  std::vector<const clang::VarDecl *> Snapshots;
  /// Why it was refused, and where (a use, a declaration).
  std::string Refusal;
  clang::SourceLocation RefusedAt;
};

/// The rewrite that shares the member \p Snapshot copies in \p Method
/// (by its initializer, or by `snapshot = member_;` in a block every path
/// to \p Lambda runs through) as a `std::shared_ptr<const T>`; \p Lambda
/// (not mutable) captures \p Snapshot by copy, or \p Snapshot is its
/// init-capture `[snapshot = member_]`.
SnapshotRewrite shareSnapshotMember(const clang::VarDecl &Snapshot,
                                    const clang::LambdaExpr &Lambda,
                                    const clang::CXXMethodDecl &Method,
                                    clang::ASTContext &Context);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_SHAREDREADONLY_H
