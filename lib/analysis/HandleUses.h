//===--- HandleUses.h - how code uses a handle it holds -------------------===//
//
// The questions the resource checks ask of each use of a local handle: does
// this expression name it, hand it on, release it; does this branch stand
// for a failed acquisition; can this release function be a deleter.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_HANDLEUSES_H
#define LEAKGUARD_LIB_HANDLEUSES_H

#include "analysis/ResourceModel.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>

namespace leakguard::analysis {

/// One acquisition of a handle into a local variable.
struct AcquisitionSite {
  const clang::CallExpr *Call = nullptr;
  const ResourceApi *Api = nullptr;
  /// Null for an acquisition kept nowhere by name (a lock).
  const clang::VarDecl *Handle = nullptr;
  /// A local that holds the acquiring call's result when the handle comes
  /// out through a parameter (`int rc = sqlite3_prepare_v2(..., &stmt, 0)`).
  const clang::VarDecl *Result = nullptr;
};

/// The local, non-static, non-reference variable \p E names, or null.
const clang::VarDecl *localVariable(const clang::Expr *E);

/// The statement that takes the value of \p E, looking up through
/// parentheses and casts (explicit ones too: `(char *)malloc(n)`).
const clang::Stmt *valueUser(const clang::Expr *E,
                             const clang::ParentMap &Parents);

/// The local variable the value of \p E is stored into: `T *h = E;` or
/// `h = E;`; null when it goes anywhere else.
const clang::VarDecl *heldIn(const clang::Expr *E,
                             const clang::ParentMap &Parents);

/// The local that keeps the status \p Call returns (`int rc = lock(&m);`,
/// `rc = lock(&m)`, `if ((rc = lock(&m)))`) when nothing else in \p Body
/// writes it, takes its address or captures it by reference: a test of it
/// is a test of the call. Null otherwise (`rc = step();` in between would
/// make its test another's).
const clang::VarDecl *statusVariable(const clang::Expr *Call,
                                     const clang::ParentMap &Parents,
                                     const clang::Stmt *Body);
/// The same for a result of any type (a pointer: `n = ListAppend(l, p);`).
const clang::VarDecl *resultVariable(const clang::Expr *Call,
                                     const clang::ParentMap &Parents,
                                     const clang::Stmt *Body);

/// Where the handle \p Call acquires for \p Api ends up: the local variable
/// that holds it (`T *h = acquire()`, `h = acquire()`, `acquire(&h)`, `int
/// fds[2]; pipe(fds)`), and for an out-parameter the local that keeps the
/// call's own result. Handle is null when the handle goes anywhere else.
AcquisitionSite acquisitionSite(const clang::CallExpr *Call,
                                const ResourceApi &Api,
                                const clang::ParentMap &Parents);

/// Whether \p E (behind casts, an element of an array of handles, or an
/// assignment) is the variable \p Var.
bool refersTo(const clang::Expr *E, const clang::VarDecl *Var);

/// Whether \p E is the address of a variable of automatic storage, or of a
/// part of one (`buf` of a local array, `buf + n`, `&buf[i]`, `&local`,
/// `&local.field`): never a block or handle a call acquired, so a handle
/// found equal to it holds nothing to give back.
bool isAddressOfLocalObject(const clang::Expr *E);

/// Whether \p E names a local pointer variable (or parameter) of \p
/// Function's \p Body other than \p Handle that is never given \p Handle's
/// value (no `other = handle`, no initializer from it, no address of it
/// taken): it holds an object that existed before the handle was acquired,
/// or null, so it equals a fresh handle only when both are null
/// (`if (issuer != cert) X509_free(issuer);`).
bool isOtherPointerVariable(const clang::Expr *E, const clang::VarDecl *Handle,
                            const clang::Stmt *Body);

/// Whether \p E is the handle itself or its address (`f`, `&db`).
bool isHandleOrAddress(const clang::Expr *E, const clang::VarDecl *Var);

/// Whether \p E is the address of a part of what \p Var points to
/// (`&e->link`, `&e->items[0]`, `e->name` of an array member): an intrusive
/// list or tree that takes it takes the whole object (`container_of`).
bool isAddressOfPart(const clang::Expr *E, const clang::VarDecl *Var);

/// Whether the value \p E hands the handle on: the handle itself, or an
/// aggregate, construction or conditional that contains it.
bool carriesHandle(const clang::Expr *E, const clang::VarDecl *Var);

/// Whether the statement \p S gives the handle \p Var a new owner: returns
/// it, stores it elsewhere (a member, a global, an out-parameter, another
/// local, or where a `memcpy(dst, &p, sizeof p)` points), captures it in a
/// lambda, gives it to a constructor or a `new` initializer, or casts it to
/// void (left open on purpose). Assigning to
/// \p Var itself is not one.
bool handsOn(const clang::Stmt *S, const clang::VarDecl *Var);

/// Whether \p Body stores the pointer \p Var, or a local that takes its
/// value (`char *out = buf;`, `q = buf;`, any number of such steps), where
/// it outlives the function: through a pointer (`*result = out;`), into a
/// member or an element, or in a global. Returning it, handing it to calls
/// and copying it between locals are not such stores.
bool storesOutsideThrough(const clang::Stmt *Body, const clang::VarDecl *Var);

/// Whether \p User, the statement that takes a value, only tests it: an
/// `if`/`while` condition, `?:`, `!`, a comparison or a logical operator.
bool onlyTests(const clang::Stmt *User);

/// Whether \p S mentions \p Var anywhere.
bool mentions(const clang::Stmt *S, const clang::VarDecl *Var);

/// Whether \p S contains a release of \p Var by one of \p Api's functions.
bool releasesIn(const clang::Stmt *S, const ResourceApi &Api,
                const clang::VarDecl *Var);

bool isNullConstant(const clang::Expr *E, clang::ASTContext &Context);

/// The pointer variable \p Condition tests against null, and whether the
/// branch where \p Condition is \p Value finds it null: `p`, `!p`, `p ==
/// NULL`, `0 != p`, `p == nullptr` (through `!`s and LIKELY/UNLIKELY).
std::optional<std::pair<const clang::VarDecl *, bool>>
nullTest(const clang::Expr *Condition, bool Value,
         const clang::ASTContext &Context);

std::optional<llvm::APSInt> integerValue(const clang::Expr *E,
                                         clang::ASTContext &Context);

/// Whether the path that takes the branch where \p Condition is \p Value
/// holds no handle: the acquisition failed there (`if (!f)`, `fd < 0`,
/// `rc != SQLITE_OK`...).
bool acquisitionFailedOn(const clang::Expr *Condition, bool Value,
                         const AcquisitionSite &Acq,
                         clang::ASTContext &Context);

/// Whether the path that a `switch` over \p Subject takes for its `case
/// Value:` holds no handle: the acquisition failed for that value (`case
/// -1:` of `switch (PQgetCopyData(...))`, `case 0:` of a zero-or-positive
/// result).
bool acquisitionFailedOnCase(const clang::Expr *Subject,
                             const llvm::APSInt &Value,
                             const AcquisitionSite &Acq);

/// The API's first release function when it can be a std::unique_ptr
/// deleter: declared in this file as a C function of the handle alone.
const clang::FunctionDecl *deleterFunction(const ResourceApi &Api,
                                           clang::ASTContext &Context);

/// Whether parameter \p Index of \p Callee only reads through what it gets
/// (a pointer or reference to const; `const void *` only in the C library's
/// functions, elsewhere it is often a table's key or value that is kept).
bool isConstParameter(const clang::FunctionDecl *Callee, unsigned Index);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_HANDLEUSES_H
