//===--- OwnerRewriter.h - a raw local handle becomes an owner ------------===//
//
// The one rewriter behind the owner fixes of leak-missing-raii and
// leak-unclosed-resource: the declaration that acquires becomes an owner
// (`std::make_unique`, `std::unique_ptr<T[]>`, or `std::unique_ptr<T,
// decltype(&release)>` for a C handle; `leakguard::unique_fd` for a
// descriptor in an `int`), each use keeps working on it (`.get()` where the
// raw value is read, `.reset()` where it was released, the release that ends
// the declaring block dropped; for a descriptor, `close(fd.release())` where
// close's result is used and `return fd.release();` where it is handed to
// the caller), or nothing is changed and the reason is given.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_OWNERREWRITER_H
#define LEAKGUARD_LIB_OWNERREWRITER_H

#include "analysis/Ownership.h"
#include "utils/IncludeInserter.h"
#include "clang/AST/ParentMap.h"
#include "clang/Basic/Diagnostic.h"
#include <string>
#include <vector>

namespace leakguard::analysis {

/// The explicit choices of the rewrite.
struct OwnerRewritePolicy {
  /// `new T(args)` becomes `auto p = std::make_unique<T>(args)` where that
  /// compiles (C++14, a public constructor, the pointer's own type);
  /// otherwise `std::unique_ptr<T> p(new T(args))`.
  bool MakeUnique = true;
  /// A release that is the last statement of the block declaring the
  /// handle is removed (the owner releases right there); other releases
  /// become `.reset()`.
  bool DropFinalRelease = true;
  /// The global option LeakHelpersDir: where the fixed project keeps
  /// leakguard's helpers. The owner's helper headers (`unique_fd.h`,
  /// `out_ptr.h`) are then included by their path from the fixed file (see
  /// HelperHeaders.h); empty, as `<leakguard/NAME.h>`. Standard headers keep
  /// the angle form.
  std::string HelpersDir;
};

/// The edits that make the local handle of \p What (acquired in \p Body)
/// an owner, given what the engine found (\p Paths). Empty, with the
/// reason in \p Why (unless a reason is not worth a note), when that cannot
/// be done safely: the handle is handed on, assigned again, captured,
/// released in two ways or by a function that takes more than the handle,
/// or may have been kept by a call it was lent to. With a rewrite, the
/// `<memory>` (or `<leakguard/unique_fd.h>`, placed by the policy's
/// HelpersDir) include comes from \p Inserter (the check's, which knows the
/// project's include style).
std::vector<clang::FixItHint>
rewriteAsUniquePtr(const Acquired &What, const OwnershipResult &Paths,
                   const OwnershipEngine &Engine, const clang::Stmt *Body,
                   const clang::ParentMap &Parents, clang::ASTContext &Context,
                   const OwnerRewritePolicy &Policy,
                   clang::tidy::utils::IncludeInserter &Inserter,
                   std::string &Why);

/// Whether \p Handle, a local of \p Api, is a POSIX descriptor held in an
/// integer (released by `close`): its owner is `leakguard::unique_fd`.
bool isDescriptorHandle(const ResourceApi *Api, const clang::VarDecl *Handle);

/// The declaration statement that declares \p Var with \p Acquire (through
/// casts) as its initializer, or null.
const clang::DeclStmt *declarationOf(const clang::Expr *Acquire,
                                     const clang::VarDecl *Var,
                                     const clang::ParentMap &Parents);

/// Whether \p Use, an operand of \p User, binds to a reference to a
/// non-const pointer (`void reseat(T *&)`, `T *&slot() { return p_; }` in
/// \p Function): `.get()` gives a temporary that cannot bind there. Calls
/// whose parameters are unknown count as binding.
bool bindsToMutableReference(const clang::Expr *Use, const clang::Stmt *User,
                             const clang::FunctionDecl *Function);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_OWNERREWRITER_H
