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
#include "summary/Summaries.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
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
  /// Functions that wait on a condition variable with the mutex (besides the
  /// member wait(), wait_for() and wait_until()): they unlock it and lock it
  /// again before they return.
  std::vector<std::string> WaitFunctions;

  /// The default model: the standard mutexes, the pthread functions and the
  /// common C lock APIs, pthread's condition waits.
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
/// (pthread_mutex_lock(&m) != 0) return;`, through LIKELY/UNLIKELY too), or
/// the status kept in \p Status (see statusVariable(): `if ((rc =
/// pthread_mutex_lock(&m)))`, `int rc = pthread_mutex_lock(&m); if (rc)`).
bool lockFailedOn(const clang::Expr *Condition, bool Value,
                  const LockCall &Lock, clang::ASTContext &Context,
                  const clang::VarDecl *Status = nullptr);

//===----------------------------------------------------------------------===//
// The steps of a held lock's life, for the ownership engine: what gives it
// back (an unlock of the pair, a guard adopting it), what lends it (a wait
// on a condition variable), what hands it off (any other call given the
// mutex, a function of the file that unlocks what it did not lock, a return
// that leaves it locked for the caller on purpose).
//===----------------------------------------------------------------------===//

/// Whether \p Arg names the mutex with key \p Key, as an object or through a
/// pointer.
bool namesMutex(const clang::Expr *Arg, llvm::StringRef Key);

/// Whether \p S constructs a guard that adopts the mutex of \p Lock
/// (`std::lock_guard<std::mutex> g(m, std::adopt_lock)`): RAII gives it
/// back from there on.
bool adoptsLock(const clang::Stmt *S, const LockCall &Lock);

/// Whether \p Call waits on a condition variable: a member wait(),
/// wait_for() or wait_until(), or one of the model's wait functions.
bool isWaitCall(const clang::CallExpr *Call, const LockModel &Model);

/// Whether the return \p Exit hands the locked mutex to the caller on
/// purpose: right before it, in its block, results are written through a
/// pointer parameter (`io->buf = ...; return 0;  // leaves p locked`).
bool returnHandsLockOver(const clang::ReturnStmt *Exit,
                         const clang::ParentMap &Parents);

/// The mutexes a function unlocks and those it locks, by the variable they
/// are reached from (`c` for `c->m`, `table_lock`), gathered one statement
/// at a time: from a walk of its body (LockFacts) or from the walk that
/// summarizes a whole unit (Summarize.h), never a walk of its own.
struct UnlockScan {
  llvm::SmallPtrSet<const clang::ValueDecl *, 4> Unlocked, Locked;

  /// Notes \p S when it is a lock or an unlock of \p Model.
  void add(const clang::Stmt *S, const LockModel &Model);
  /// The variables unlocked and never locked: parameters (the caller's
  /// mutex, reached through one) and variables of static storage duration.
  llvm::SmallVector<const clang::ValueDecl *, 4> unlockedForCaller() const;
};

/// The lock model with what it learned of the functions of one translation
/// unit: which of them unlock a mutex they do not lock (they release it for
/// their caller). A function whose body is in another unit is looked up in
/// the summaries, when there are any. Cleared at the end of each
/// translation unit.
class LockFacts {
public:
  explicit LockFacts(const LockModel &Model) : Model(Model) {}

  const LockModel &model() const { return Model; }
  void setSummaries(std::shared_ptr<const summary::SummaryIndex> Index) {
    Summaries = std::move(Index);
  }

  /// Whether \p Call calls a function that unlocks the mutex of \p Lock
  /// without locking it: reached through a parameter given the mutex's
  /// owner (`unlock_and_destroy(group)` for `group->mutex`), or a global
  /// (`class_done(i)` unlocking `locks[i]`). A function of this file is
  /// read; one of another unit is as its summary says (unknown: no).
  bool unlocksFor(const clang::CallExpr *Call, const LockCall &Lock);
  void clear() { Releasers.clear(); }

private:
  /// What a function of this file unlocks without locking it.
  struct Releaser {
    bool ThroughParameter = false;
    llvm::SmallPtrSet<const clang::ValueDecl *, 4> Globals;
  };
  const Releaser &releaserInfo(const clang::FunctionDecl *Function);
  /// unlocksFor() for a function of another unit, by its summary.
  bool unlocksForBySummary(const clang::CallExpr *Call,
                           const clang::FunctionDecl *Callee,
                           const LockCall &Lock);

  const LockModel &Model;
  std::shared_ptr<const summary::SummaryIndex> Summaries;
  llvm::DenseMap<const clang::FunctionDecl *, Releaser> Releasers;
};

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_LOCKMODEL_H
