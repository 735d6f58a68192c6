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
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLFunctionalExtras.h"
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

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_THREADMODEL_H
