//===--- ResourceModel.h - acquire/release pairs of C APIs ----------------===//
//
// The declarative table of handle APIs the checks share: which calls
// acquire a handle (and where it comes out), which release it (and which
// argument they take), what a failed acquisition looks like, and which calls
// only borrow it. Built-in entries cover libc, POSIX, libcurl, libpq, sqlite3,
// MySQL, libmicrohttpd and OpenSSL; users add theirs through an option in a
// small syntax.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_RESOURCEMODEL_H
#define LEAKGUARD_LIB_RESOURCEMODEL_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang {
class CallExpr;
} // namespace clang

namespace leakguard::analysis {

/// How a failed acquisition shows, so that paths where it failed are not
/// leaks (`if (!f) return;`).
enum class FailureTest {
  None,      ///< The handle exists even when acquisition fails (PQconnectdb).
  Null,      ///< A null pointer.
  Negative,  ///< A negative number (file descriptors).
  MapFailed, ///< MAP_FAILED, that is (void *)-1.
  NonZeroResult, ///< The acquiring call returned non-zero (out-parameter APIs).
  /// The handle comes out only when the call returns a positive number:
  /// `sqlite3_exec`'s error message (an error code), `PQgetCopyData`'s row
  /// (its length). Zero or less, or a null handle, is no handle.
  NonPositiveResult,
};

struct ResourceApi {
  /// Functions that acquire.
  std::vector<std::string> Acquirers;
  /// -1: the handle is the return value; otherwise the index of the
  /// out-parameter (`sqlite3_open(path, &db)` is 1).
  int OutParam = -1;
  /// -1, or the argument that, when it is not null, is the object the call
  /// initializes in place and returns: `mysql_init(NULL)` allocates a
  /// handle, `mysql_init(&m)` hands none out. See allocatesHandle().
  int InPlaceArg = -1;
  /// Functions that release, and the argument that takes the handle.
  std::vector<std::string> Releasers;
  unsigned ReleaseArg = 0;
  /// Member functions that release (or give away) the handle they are
  /// called on: `reply->deleteLater()`, `reply->setParent(owner)`.
  std::vector<std::string> ReleaseMethods;
  FailureTest Failure = FailureTest::Null;
  /// `list = curl_slist_append(list, s)`: the call returns the same list
  /// grown, so reassigning the variable with it keeps one handle.
  bool Accumulates = false;
  /// Calls that only use the handle (besides any function taking it as a
  /// pointer or reference to const).
  std::vector<std::string> Borrowers;
  /// A library's own functions borrow its handles (`curl_`, `PQ`).
  std::vector<std::string> BorrowerPrefixes;
  /// The library's calls that take ownership of the handles they get
  /// (`SSL_set_bio`, `SSL_CTX_set_cert_store`); `name@N` only of argument N
  /// (`BIO_push@1`). They win over the borrower prefixes. See also
  /// takesOwnership().
  std::vector<std::string> Adopters;
};

class ResourceModel {
public:
  /// The built-in APIs.
  static ResourceModel builtin();
  /// malloc and its family, given back with `free`: the heap memory the
  /// ownership engine follows besides `new`.
  static ResourceModel heap();

  void add(ResourceApi Api);
  const std::vector<ResourceApi> &apis() const { return Apis; }

  /// The API \p Callee acquires for, or null: the first whose acquirers
  /// name it.
  const ResourceApi *acquiredBy(const clang::FunctionDecl *Callee) const;
  /// Whether \p Callee releases handles of some API of the model.
  bool releasesAny(const clang::FunctionDecl *Callee) const;
  /// The APIs whose handles \p Callee releases, in the model's order.
  llvm::SmallVector<const ResourceApi *, 2>
  releasedBy(const clang::FunctionDecl *Callee) const;
  /// Every acquiring function's name, for a matcher.
  std::vector<std::string> acquirerNames() const;

private:
  std::vector<ResourceApi> Apis;
  /// The APIs (indexes, in order) that name an acquirer, or a releaser,
  /// with each last name component (`fclose` of `::fclose`, `close` of
  /// `ns::Conn::close`): a call is compared with those alone, not with
  /// every name of the model (the walks ask at every call they step on).
  llvm::StringMap<llvm::SmallVector<unsigned, 1>> AcquirerIndex, ReleaserIndex;
};

/// Whether \p Callee releases handles of \p Api.
bool isReleaser(const ResourceApi &Api, const clang::FunctionDecl *Callee);
/// Whether \p Callee only borrows handles of \p Api.
bool isBorrower(const ResourceApi &Api, const clang::FunctionDecl *Callee);
/// Whether \p Call (to an acquirer of \p Api) hands out a handle: false
/// when it initializes an object the caller gave (`mysql_init(&m)`).
bool allocatesHandle(const ResourceApi &Api, const clang::CallExpr *Call);
/// Whether \p Callee is one of \p Api's adopters, for its argument
/// \p Index (-1: any argument).
bool isAdopter(const ResourceApi &Api, const clang::FunctionDecl *Callee,
               int Index);

/// Parses user entries: `;`-separated
///   `acquire[,acquire...][@out=N] -> release[,release...][@arg=N] [fail=F]
///    [borrow=prefix[,prefix...]]`
/// with F one of `null` (default), `negative`, `map_failed`, `nonzero`,
/// `nonpositive`, `none`, and the prefixes naming the API's functions that
/// only use the handle. Malformed entries go to \p Errors (the entry and
/// why) and are skipped.
std::vector<ResourceApi> parseResourceApis(llvm::StringRef Text,
                                           std::vector<std::string> &Errors);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_RESOURCEMODEL_H
