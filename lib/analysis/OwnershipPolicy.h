//===--- OwnershipPolicy.h - who may own what a function allocated -------===//
//
// The named decisions every check that follows an acquisition shares about
// where an object may go besides the places the code names:
//
// - a lend: a call that uses what it gets and keeps nothing (a pointer to
//   const, a read-style buffer with its size: `read(fd, buf, n)`);
// - a self hand-off: an object that publishes `this` (to a registry, a
//   parent, an event loop) or deletes itself, from its constructor or a
//   member function; whoever called `new` no longer owns it alone;
// - an adoption on construction: `new Child(parent)`, where the constructor
//   receives a pointer or a non-const reference to an object that may take
//   the new one as its child.
//
// The policy is optimistic where the answer is unknown: a member function
// or constructor whose body is not in this translation unit may publish
// `this`, and then nobody reports a leak of the object (precision first).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_OWNERSHIPPOLICY_H
#define LEAKGUARD_LIB_OWNERSHIPPOLICY_H

#include "analysis/ResourceModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace leakguard::analysis {

/// Whether parameter \p Index of \p Callee is a read-style buffer: a pointer
/// to a non-const scalar, byte or `void` followed by an integer parameter
/// (its size): `char *buf, size_t len`, `void *dst, size_t n`, `int *out,
/// int n`. A pointer after an integer (`create(int type, void *ptr)`) may be
/// data the call keeps.
/// Such a call fills or reads the buffer; it does not keep it, unless its
/// body (in sight) stores it, or a local that takes its value, through a
/// pointer, in a member or in a global (storesOutsideThrough).
bool isBufferParameter(const clang::FunctionDecl *Callee, unsigned Index);

/// Whether \p Call calls a C function declared in a system header (the C
/// library, POSIX, a system -dev package's API): such a call uses what it
/// gets and keeps or releases only what the models say it does.
bool isCLibraryCall(const clang::CallExpr *Call,
                    const clang::ASTContext &Context);

/// Whether \p Callee, a C function given a handle of type \p Handle that
/// \p Acquirer returned, as its parameter \p Index, is a function of the
/// handle's type from another library: the parameter is a non-const pointer
/// to the handle's own record type, and \p Callee is declared in another
/// header than \p Acquirer (libevent's `evutil_freeaddrinfo(struct addrinfo
/// *)` for the `struct addrinfo *` of `getaddrinfo`). Such a function may
/// release or keep the handle (a library's wrapper of the release), where
/// one of the acquirer's own header (`setlinebuf` beside `fopen`) only uses
/// it.
bool takesHandleFromAnotherLibrary(const clang::FunctionDecl *Callee,
                                   unsigned Index, clang::QualType Handle,
                                   const clang::FunctionDecl *Acquirer);

/// Whether the call \p Call takes ownership of its argument \p Index, a
/// handle of \p Api (may be null for plain memory):
/// - it is one of the API's adopters (`SSL_set_bio`);
/// - its name follows the `set0` convention (`SSL_set0_rbio`,
///   `X509_STORE_CTX_set0_trusted_stack`): set0 keeps what it gets, set1
///   takes a reference of its own;
/// - another argument is a deleter for it: the API's release function, or
///   any function of one pointer that returns nothing
///   (`sqlite3_bind_text(stmt, 1, text, n, free)`, `g_hash_table_insert`
///   tables made with destroy functions excluded).
bool takesOwnership(const clang::CallExpr *Call, unsigned Index,
                    const ResourceApi *Api);

/// Whether \p Call only uses the value it gets as argument \p Index,
/// whichever resource of \p Model that value holds: a pointer-to-const
/// parameter, a C function of a system header or a borrower of one of the
/// model's APIs, unless it takes ownership of it there for one of them
/// (takesOwnership(): `SSL_set_bio(ssl, rbio, wbio)` borrows the SSL object
/// and adopts the BIOs). For a value whose resource is not known where the
/// call is read (a class member given a value in another function).
bool onlyUsesArgument(const clang::CallExpr *Call, unsigned Index,
                      const ResourceModel &Model);

/// Whether the local pointer \p Alias, declared by \p Decl with a copy of a
/// handle (`char *q = p;`, `for (char *c = p; *c; ++c)`), only walks over
/// what the handle points to in \p Body: it is read through, compared,
/// moved along (`++c`, `c += n`, `c = c + 1`), and given only to calls that
/// borrow (pointers to const, read-style buffers, the C library). Such an
/// alias is the same handle, not a new owner.
bool isLocalAlias(const clang::VarDecl *Alias, const clang::Stmt *Body,
                  const clang::ParentMap &Parents,
                  const clang::ASTContext &Context);

/// Whether calling \p Method on an object may give the object away: the
/// method (or a member function of the class it calls, a few calls deep)
/// uses `this` other than to reach a member (passes it on, stores it,
/// deletes it), or its body is not in this translation unit.
bool mayPublishThis(const clang::CXXMethodDecl *Method);

/// Whether the object \p New creates may be owned by something else as
/// soon as it exists: its constructor receives a pointer or a non-const
/// reference to a class object (a parent), or its constructor (or a base
/// class's, a few levels up) may publish `this`.
bool mayBeAdoptedOnConstruction(const clang::CXXNewExpr *New);

/// Calls \p Value on what each return of \p Function's body gives that is
/// not a null pointer (casts aside), returns in lambdas aside; false as soon
/// as \p Value is. A local returned stands for its initializer only while
/// it is the function's alone: nothing assigns it after its declaration,
/// moves it along or takes its address, nothing stores it, captures it or
/// gives it to a constructor, and the calls that get it borrow it (a
/// pointer to const, a read-style buffer, the C library) or, for an object,
/// do not publish `this`. A wrapper that keeps what it allocates (adds it
/// to a list) or returns a pointer into it is no acquirer.
bool everyReturnedValue(const clang::FunctionDecl &Function,
                        llvm::function_ref<bool(const clang::Expr *)> Value);

/// The API of an object from `new`: released by `delete`, with no release
/// function; its failure gives null when \p MayGiveNull (`new
/// (std::nothrow) T`, a wrapper that may return null), else it throws.
const ResourceApi &newApi(bool MayGiveNull);

/// Whether \p E (casts aside) is a new-expression whose object is the
/// caller's to delete: no placement, nothing adopts it on construction.
/// \p Array tells `new[]`.
bool isFreshNew(const clang::Expr *E, bool &Array);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_OWNERSHIPPOLICY_H
