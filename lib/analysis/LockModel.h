//===--- LockModel.h - which calls lock and unlock which mutex ------------===//
//
// The vocabulary of manual locking: member lock()/unlock() pairs on mutex
// types and C-style lock/unlock function pairs, and the identity of the mutex
// each call works on.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_LOCKMODEL_H
#define LEAKGUARD_LIB_LOCKMODEL_H

#include "analysis/AstHelpers.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace leakguard::analysis {

/// A lock function and the function that undoes it (`pthread_mutex_lock`,
/// `pthread_mutex_unlock`). Both take a pointer to the mutex first.
struct LockFunctionPair {
  std::string Lock;
  std::string Unlock;
};

struct LockModel {
  /// Qualified names of mutex classes whose lock()/unlock() and
  /// lock_shared()/unlock_shared() members are tracked (derived classes too).
  std::vector<std::string> MutexTypes;
  std::vector<LockFunctionPair> Functions;

  /// The default model: the standard mutexes and the pthread functions.
  static LockModel defaults();
};

/// Parses `lock:unlock;lock2:unlock2`. Malformed entries are returned in
/// \p Bad and skipped.
std::vector<LockFunctionPair>
parseLockFunctionPairs(llvm::StringRef Text, std::vector<std::string> &Bad);

/// Formats pairs back into the option syntax.
std::string formatLockFunctionPairs(const std::vector<LockFunctionPair> &Pairs);

enum class LockOp { Lock, Unlock };

/// One call of the model.
struct LockCall {
  LockOp Op;
  /// lock_shared()/unlock_shared() on a shared mutex.
  bool Shared;
  const clang::CallExpr *Call;
  /// The identity of the mutex (see objectKey()).
  std::string Key;
  /// For a member call the object expression (a pointer when \c Arrow), for
  /// a lock function its first argument (a pointer to the mutex).
  const clang::Expr *Mutex;
  bool Arrow;
  /// The function pair a lock function belongs to; null for member calls.
  const LockFunctionPair *Pair;

  /// Whether \p Unlock undoes this lock.
  bool isUndoneBy(const LockCall &Unlock) const;
};

/// Classifies \p S (a call, possibly behind parentheses or cleanups) as a lock
/// or unlock of the model; std::nullopt for anything else, or when the mutex
/// expression has no identity.
std::optional<LockCall> classifyLockCall(const clang::Stmt *S,
                                         const LockModel &Model);

/// Whether the branch where \p Condition is \p Value holds nothing of
/// \p Lock because the lock function failed: a lock function that returns
/// a status (`pthread_mutex_lock`) is tested non-zero there (`if
/// (pthread_mutex_lock(&m) != 0) return;`, through LIKELY/UNLIKELY too).
bool lockFailedOn(const clang::Expr *Condition, bool Value,
                  const LockCall &Lock, clang::ASTContext &Context);


} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_LOCKMODEL_H
