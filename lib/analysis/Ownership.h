//===--- Ownership.h - One engine for acquire/release pairs ---------------===//
//
// The question leak-missing-raii, leak-unclosed-resource and leak-manual-lock
// ask of every acquisition: along each path from it to the end of the
// function, is the thing acquired given back, handed to a new owner, lent to
// a call that may keep it, or still held? One walk answers for the three
// checks, with one set of rules for what releases, what hands off, what
// lends and how a branch that tests the handle is read. The checks only
// decide what to report and how to fix it.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_OWNERSHIP_H
#define LEAKGUARD_LIB_OWNERSHIP_H

#include "analysis/HandleUses.h"
#include "analysis/LockModel.h"
#include "analysis/PathExplorer.h"
#include "analysis/ResourceModel.h"
#include "analysis/ThrowOracle.h"
#include "summary/Summaries.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include <map>
#include <string>
#include <tuple>

namespace leakguard::analysis {

using summary::FunctionSummary;
using summary::SummaryIndex;

/// One acquisition to follow.
struct Acquired {
  enum Kind {
    New,    ///< `new T`, `new T[n]`: given back with `delete`.
    Memory, ///< malloc and its family: given back with `free`.
    Handle, ///< A handle of the resource model (`fopen`, `curl_easy_init`).
    Pair,   ///< `obj.acquire()` given back by `obj.release()`.
    Lock,   ///< A mutex locked by a call of the lock model.
  } K;
  /// The new-expression or the acquiring call.
  const clang::Expr *Acquire = nullptr;
  /// Where the handle is kept and the API it belongs to (for New and Pair,
  /// an API with no release function and the failure test of the form).
  AcquisitionSite Site;
  bool ArrayNew = false;
  /// For a pair: the object's key and the method that gives back.
  std::string ObjectKey;
  std::string PairRelease;
  /// For a lock: the locking call, and the lock model with what it knows of
  /// the file's functions (see the lock steps in LockModel.h).
  const LockCall *Locking = nullptr;
  LockFacts *Locks = nullptr;
  /// The local that keeps the lock's status, when its tests are the lock's
  /// (see statusVariable()).
  const clang::VarDecl *LockStatus = nullptr;
};

/// What the engine assumes of what it cannot see.
struct FollowPolicy {
  /// A function without a body in sight that takes the handle may keep it
  /// (it lends: a path through it is not a leak). Off, only functions of
  /// the file can take ownership.
  bool UnknownCallsEscape = true;
  /// Collect the statements outside a try block that may throw while the
  /// handle is held (an exception path leaks).
  bool TrackThrows = false;
};

/// What happens to one acquisition.
struct OwnershipResult {
  /// False when the walk gave up: a check stays quiet.
  bool Complete = false;
  /// The ways a path leaves the function still holding it, not counting
  /// paths that lent it to a call that may have kept it.
  llvm::SmallVector<LeakExit, 4> Exits;
  /// Whether some path left still holding it before lent paths were set
  /// aside.
  bool AnyPathHeld = false;
  /// Statements that give it back on some path.
  llvm::SmallVector<const clang::Stmt *, 4> Releases;
  /// Statements that hand it to a new owner (returned, stored, adopted).
  llvm::SmallVector<const clang::Stmt *, 2> HandOffs;
  /// Calls that may keep it (their effect is not known).
  llvm::SmallVector<const clang::Stmt *, 4> Lent;
  /// Calls that keep it only when they succeed (CalleeFacts::keptOnSuccess):
  /// the branch that finds their result a success hands it on; a path that
  /// does not test it, or finds a failure, still holds it.
  llvm::SmallVector<const clang::CallExpr *, 1> KeptOnSuccess;
  /// Calls that use it and give it back before they return (a lock: a wait
  /// on a condition variable).
  llvm::SmallVector<const clang::Stmt *, 2> Borrows;
  /// Where it is overwritten (or acquired again) while still held.
  llvm::SmallVector<const clang::Stmt *, 2> Overwrites;
  /// With FollowPolicy::TrackThrows: where an exception may leave.
  llvm::SetVector<const clang::Stmt *> ThrowSites;
  /// Some path ended at a lent call: it may have been handed over.
  bool MaybeHandedOver = false;

  /// No path gives it back, hands it on or lends it, and some path holds
  /// it at its end.
  bool neverReleased() const {
    return Releases.empty() && HandOffs.empty() && Lent.empty() &&
           KeptOnSuccess.empty() && AnyPathHeld;
  }
};

/// Facts about the functions of one translation unit, learned once: which
/// functions return a fresh acquisition, which release or only borrow a
/// parameter. Cleared at the end of each translation unit. A function
/// whose body is elsewhere is looked up in the summaries of the other
/// units, when there are any.
class CalleeFacts {
public:
  explicit CalleeFacts(const ResourceModel &Model) : Model(Model) {}

  void setSummaries(std::shared_ptr<const SummaryIndex> Index) {
    Summaries = std::move(Index);
  }

  /// The API \p Callee acquires for: a modelled function, or a wrapper of
  /// this file every return of which gives what one modelled function
  /// acquired (or null).
  const ResourceApi *acquiredBy(const clang::FunctionDecl *Callee);
  /// The same for the APIs of \p In (the heap's, say).
  const ResourceApi *acquiredBy(const clang::FunctionDecl *Callee,
                                const ResourceModel &In);
  /// Whether \p Callee, a wrapper of this file or of another unit (as its
  /// summary says), returns a fresh object of `new` or a null pointer on
  /// every return: true for `new[]`, false for `new`, std::nullopt when it
  /// does not.
  std::optional<bool> returnsNew(const clang::FunctionDecl *Callee);
  /// Whether \p Callee (defined in this file) releases its parameter
  /// \p Index on every path, by a release of \p Api or, when \p Deletes,
  /// by `delete`; with \p Call, the paths its integer constant arguments
  /// allow (`if (n < 0) goto fail;` is not taken for `f(p, 0)`).
  bool releasesParameter(const clang::FunctionDecl *Callee, unsigned Index,
                         const ResourceApi &Api, bool Deletes,
                         const clang::CallExpr *Call = nullptr);
  /// Whether \p Callee (defined in this file) only uses its parameter
  /// \p Index: tests it, reaches through it, or lends it to borrowing calls
  /// (a few calls deep).
  bool onlyBorrows(const clang::FunctionDecl *Callee, unsigned Index,
                   const ResourceApi &Api, unsigned Depth = 0);
  /// Whether \p Callee, defined in another unit, keeps its parameter
  /// \p Index (stores it in a member, a global or a container), as that
  /// unit's summary says.
  bool storesParameter(const clang::FunctionDecl *Callee, unsigned Index);
  /// Whether \p Callee keeps its parameter \p Index only on the paths that
  /// return a success value, and neither keeps nor releases it on the
  /// others (`ListAppend` links its content only when its node allocation
  /// succeeds, and returns the node or null): the results that tell, or
  /// null. A function of this file is read (see docs/ownership.md), one of
  /// another unit answered by its summary.
  const summary::KeptWhen *keptOnSuccess(const clang::FunctionDecl *Callee,
                                         unsigned Index);
  void clear();
  /// The parent map and the CFG of a function of this file, built once
  /// for all the questions about its parameters (null: no CFG).
  const clang::ParentMap &parentsOf(const clang::FunctionDecl *Definition);
  const clang::CFG *cfgOf(const clang::FunctionDecl *Definition);

private:
  /// Whether \p Callee is a release function of any API of the models.
  bool releasesAnything(const clang::FunctionDecl *Callee) const;
  /// The summary of \p Callee when its body is not in sight, recording the
  /// question \p Facet for `leakguard scan`.
  const FunctionSummary *summaryOf(const clang::FunctionDecl *Callee,
                                   llvm::StringRef Facet) const;

  const ResourceModel &Model;
  std::shared_ptr<const SummaryIndex> Summaries;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, const ResourceModel *>,
                 const ResourceApi *>
      Wrappers;
  llvm::DenseMap<const clang::FunctionDecl *, std::optional<bool>> NewWrappers;
  using ParamKey =
      std::tuple<const clang::FunctionDecl *, unsigned, const ResourceApi *>;
  std::map<ParamKey, bool> Borrowing;
  /// (A release by `delete` and one by the API's functions are different
  /// facts: the last member tells which.)
  /// (The constant arguments of the call are part of the key.)
  std::map<std::tuple<const clang::FunctionDecl *, unsigned,
                      const ResourceApi *, bool, std::string>,
           bool>
      Releasing;
  /// keptOnSuccess() of the functions of this file (nullopt: no such fact).
  std::map<std::pair<const clang::FunctionDecl *, unsigned>,
           std::optional<summary::KeptWhen>>
      Kept;
  /// Whether a function of this file keeps its parameter on every path
  /// (a call of it is a statement that keeps).
  std::map<std::pair<const clang::FunctionDecl *, unsigned>, bool> KeptAlways;
  /// The statements of \p Definition that keep its parameter \p Index, or
  /// false when some use of it is neither a keep, a test nor a borrow
  /// (\p Parents: the body's parent map, which the caller keeps).
  bool keepingStatements(const clang::FunctionDecl *Definition, unsigned Index,
                         llvm::SmallPtrSetImpl<const clang::Stmt *> &Keeps,
                         const clang::ParentMap &Parents, unsigned Depth);
  /// Whether every path of \p Definition from its entry passes one of
  /// \p Keeps, or is stopped by a noreturn call.
  bool keepsOnEveryPath(const clang::FunctionDecl *Definition, unsigned Index,
                        unsigned Depth);
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<clang::ParentMap>>
      ParentMaps;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<clang::CFG>> Cfgs;
  /// Whether the body of a function ever gives its parameter to a call or
  /// to `delete` (without that, it releases nothing: no CFG, no walk).
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>, bool>
      PassesOn;
};

class OwnershipEngine {
public:
  /// \p Model holds the handle APIs, \p Heap malloc and its family; the
  /// oracle answers which calls may throw.
  OwnershipEngine(const ResourceModel &Model, const ResourceModel &Heap,
                  ThrowOracle *Oracle, CalleeFacts &Facts)
      : Model(Model), Heap(Heap), Oracle(Oracle), Facts(Facts) {}

  /// Follows \p What through \p Body (whose CFG and parent map are given).
  OwnershipResult follow(const Acquired &What, const clang::CFG &Cfg,
                         const clang::ParentMap &Parents,
                         const clang::Stmt *Body, clang::ASTContext &Context,
                         const FollowPolicy &Policy) const;

  /// The API a call acquires for, heap first.
  const ResourceApi *acquiredBy(const clang::FunctionDecl *Callee) const;

  /// Whether \p S gives back \p What (`delete p`, `free(p)`, `fclose(f)`,
  /// `reply->deleteLater()`, `pool.checkin(c)`).
  bool releases(const Acquired &What, const clang::Stmt *S) const;

  /// The operand \p S gives back whatever it was acquired by, for any API
  /// of the models (`delete e`, `free(e)`, `fclose(e)`, `e->deleteLater()`),
  /// or null: the release predicate for what is not a local handle (a
  /// member released by a member function).
  const clang::Expr *releasedOperand(const clang::Stmt *S) const;

  /// Whether the branch where \p Condition is \p Value holds nothing to
  /// give back: the acquisition failed (`if (!f)`), the handle tested null
  /// (`if (p)` not taken) or equal to a local's address (`out == buffer`),
  /// or the code gives it back on the other branch of a test of the handle
  /// (`if (fd > 2) close(fd);`).
  /// \p Others, when given, remembers for this acquisition which pointer
  /// variables never receive the handle (each answer walks the body once).
  bool branchHoldsNothing(
      const Acquired &What, const clang::Expr *Condition, bool Value,
      const clang::ParentMap &Parents, clang::ASTContext &Context,
      llvm::DenseMap<const clang::VarDecl *, bool> *Others = nullptr) const;

private:
  struct Walk;

  const ResourceModel &Model;
  const ResourceModel &Heap;
  ThrowOracle *Oracle;
  CalleeFacts &Facts;
};

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_OWNERSHIP_H
