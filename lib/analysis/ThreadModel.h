//===--- ThreadModel.h - thread bodies, endless loops, captures -----------===//
//
// What leak-uncancellable-thread needs to know about a started thread: which
// code it runs (a lambda, a function or a member function defined in the
// translation unit), whether that code loops forever with no way out, and
// which request-scoped objects a lambda holds by reference.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_THREADMODEL_H
#define LEAKGUARD_LIB_THREADMODEL_H

#include "analysis/AstHelpers.h"
#include "summary/Summaries.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace leakguard::analysis {

/// The code a thread runs.
struct ThreadBody {
  /// The lambda passed to the thread, or null.
  const clang::LambdaExpr *Lambda = nullptr;
  /// The function that runs: the lambda's call operator, or the function or
  /// member function named by the callable (its definition).
  const clang::FunctionDecl *Function = nullptr;
};

/// The body of the callable \p Callable passed to a thread constructor,
/// `pthread_create`, `std::async` or a pool: a lambda (also through a local
/// variable initialized with one), `f` or `&f`, `&C::run`, or `std::bind` of
/// one of these. std::nullopt when the function has no visible body.
std::optional<ThreadBody> resolveThreadBody(const clang::Expr *Callable);

/// An endless loop of a thread body.
struct EndlessLoop {
  /// The while, do or for statement.
  const clang::Stmt *Loop = nullptr;
  /// The local variable of the condition that nothing changes (`while
  /// (run)` with `run` never written), or null for a condition that is
  /// always true or absent.
  const clang::VarDecl *UnchangedVariable = nullptr;
};

/// Decides whether a variable read in a loop is a stop flag (an atomic, a
/// stop token): a loop that reads one is not judged endless.
using StopFlagPredicate = llvm::function_ref<bool(clang::QualType)>;

/// The first loop of \p Function's body (nested lambdas aside) that never
/// ends: its condition is absent, always true, or a local variable that
/// nothing changes; no `break`, `return`, `goto`, `throw`, `co_return` or
/// `noreturn` call (also through a function of the user's code in the
/// translation unit, not a system header's, whose error paths are its own)
/// leaves it; it reads no stop flag (a `volatile` object or a type
/// \p IsStopFlag accepts) and waits on no condition variable with a
/// predicate that may test one (a wait for work alone does not count).
std::optional<EndlessLoop> findEndlessLoop(const clang::FunctionDecl &Function,
                                           clang::ASTContext &Context,
                                           StopFlagPredicate IsStopFlag);

/// The loop that keeps a thread running until it is stopped, if any: an
/// endless loop (findEndlessLoop), or a loop whose condition reads a stop
/// flag (`while (!stop_)`, `while (!st.stop_requested())`). Searched in
/// \p Function's body and, one level down, in a function of the user's code
/// it calls as a statement of its own (`[this] { run(); }`). A thread that
/// runs such a loop lives as long as what it was started for (a server, a
/// connection), not for one piece of work.
const clang::Stmt *longRunningLoop(const clang::FunctionDecl &Function,
                                   clang::ASTContext &Context,
                                   StopFlagPredicate IsStopFlag);

/// Whether objects of \p Record are made to live until the process ends:
/// its destructor is deleted, or its body ends the program (a `noreturn`
/// call such as `abort()`: "singleton destroyed, unsupported"). The
/// threads such an object starts last as long as the process by design.
bool neverDestroyed(const clang::CXXRecordDecl &Record);

/// A variable of the enclosing function that a lambda holds by reference.
struct ReferenceCapture {
  const clang::VarDecl *Variable;
  /// The capture (`&x`), or the first use of an implicit `[&]` capture; the
  /// argument for an argument reference.
  clang::SourceLocation Location;
  /// Passed as an argument (`std::ref(x)`, `&x`) rather than captured.
  bool Argument = false;
};

/// The local variables and parameters \p Lambda captures by reference, in
/// source order (static and global variables and `this` are not captured).
llvm::SmallVector<ReferenceCapture, 4>
referenceCaptures(const clang::LambdaExpr &Lambda);


/// The local variable an argument for a thread refers to: `std::ref(x)`,
/// `std::cref(x)` or `&x` for a local `x` that is not a reference.
std::optional<ReferenceCapture> argumentReference(const clang::Expr *Arg);

/// Whether \p Function (its body, nested lambdas included) calls a function
/// or member function whose name contains `wait` or `join`: a creator that
/// waits for what it started.
bool callsWaitOrJoin(const clang::Stmt *Body);

//===----------------------------------------------------------------------===//
// Threads handed to a function: `join_worker(std::move(t))`,
// `stop_all(threads)`, `reap(tid)`.
//===----------------------------------------------------------------------===//

using summary::ThreadUse;

/// What a function does to the threads its parameters hold (a
/// `std::thread`, a container of them, a `pthread_t` or an array of them),
/// gathered one statement at a time from a walk of its body that meets a
/// statement before its children: the check's walk of a callee's body, or
/// the walk that summarizes a whole unit (Summarize.h). A parameter is
/// joined when the body joins it (or its elements, in a range-for) and
/// detaches it nowhere, detached the other way round, borrowed when it is
/// only asked (`joinable()`, `get_id()`, `pthread_setname_np`); any other
/// use (a move, a copy into a lambda, a call with it) leaves it unknown.
/// Paths are not followed: a join on one branch is a join.
class ThreadParamUses {
public:
  explicit ThreadParamUses(const clang::FunctionDecl &Function);

  /// Whether some parameter holds threads (else add() does nothing).
  bool any() const { return !Tracked.empty(); }
  void add(const clang::Stmt *S);
  ThreadUse use(unsigned Index) const;

private:
  struct Uses {
    unsigned Joins = 0, Detaches = 0, Others = 0;
    bool HoldsThreads = false;
    bool ByValueObject = false;
  };
  /// Whether \p E names a tracked variable; counts its use as \p Count.
  bool count(const clang::Expr *E, unsigned Uses::*Count);
  /// Parameters and the loop variables over them, to the parameter's index.
  llvm::SmallDenseMap<const clang::VarDecl *, unsigned, 4> Tracked;
  std::vector<Uses> ByParam;
  /// References already counted by their user.
  llvm::SmallPtrSet<const clang::DeclRefExpr *, 8> Counted;
};

/// Whether \p Type holds threads a function can join or detach: a
/// `std::thread` (through a reference too), a container of them, a
/// `pthread_t` or a pointer to them.
bool holdsThreads(clang::QualType Type);

/// The calls of \p Body that are given \p Var as argument (`f(t)`,
/// `f(std::move(t))`, `f(&tid)`), with the argument's index.
llvm::SmallVector<std::pair<const clang::CallExpr *, unsigned>, 2>
callsGiven(const clang::Stmt *Body, const clang::VarDecl *Var);

/// What the functions of one translation unit do to the threads they are
/// given: a function of this file is read (ThreadParamUses over its body,
/// once), one of another unit is as its summary says. Cleared at the end
/// of each translation unit.
class ThreadCalleeFacts {
public:
  void setSummaries(std::shared_ptr<const summary::SummaryIndex> Index) {
    Summaries = std::move(Index);
  }
  /// What \p Callee does to the threads of its argument \p Index.
  ThreadUse use(const clang::FunctionDecl *Callee, unsigned Index);
  void clear() { Read.clear(); }

private:
  std::shared_ptr<const summary::SummaryIndex> Summaries;
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<ThreadUse>> Read;
};

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_THREADMODEL_H
