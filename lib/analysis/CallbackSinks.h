//===--- CallbackSinks.h - where a lambda outlives its creation -----------===//
//
// A lambda lives as long as whatever keeps it: stored into a member, a global
// or a static (directly, in a container, or in a `std::function`), run by a
// thread, handed to a function of the translation unit that stores its
// callable parameter, or registered with a framework (routes, timers,
// signals, thread pools). Lambdas used on the spot (algorithms, immediately
// invoked, passed to a function that calls and drops them) are not
// long-lived, and neither are one-shot completion handlers (Boost.Asio's
// `async_*`, `post`, `dispatch`, `defer`).
//
// The analysis walks up from the lambda with a parent map of its enclosing
// function only, built on demand and kept for the translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_CALLBACKSINKS_H
#define LEAKGUARD_LIB_CALLBACKSINKS_H

#include "analysis/AstHelpers.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace leakguard::analysis {

enum class SinkKind {
  /// Stored into a member (or into a container that is one).
  Member,
  /// Stored into a global, a static or a static member.
  Global,
  /// Run by a thread (`std::thread`, `std::jthread`, `std::async`) or
  /// submitted to a thread pool: kept until it has run once.
  Thread,
  /// Handed to a function of the translation unit that stores it.
  StoringFunction,
  /// Handed to a configured sink function (`CallbackSinks`).
  Configured,
};

/// Where a callable goes when it outlives its creation.
struct CallbackSink {
  SinkKind Kind = SinkKind::Member;
  /// The member or variable that ends up holding it, when known.
  const clang::ValueDecl *Storage = nullptr;
  /// The function it is handed to (the thread's class for a thread started
  /// by a constructor), for Thread, StoringFunction and Configured.
  const clang::NamedDecl *Callee = nullptr;
  /// The configured name that matched \p Callee.
  std::string ConfiguredName;
  /// Whether the callable ends up held by the object whose member function
  /// created it: a member of `this`, or of an object `this` owns (a member
  /// by value or through a smart pointer).
  bool OnThisObject = false;
  /// The expression that hands it over (the assignment, the call).
  const clang::Expr *At = nullptr;
};

/// Words for a message: "is stored in member 'handlers_'", "runs on a
/// 'std::thread'", "is kept by 'Router::add'"...
std::string describeSink(const CallbackSink &Sink);

/// The configured sink names that are always on: thread starts, and the
/// handler, route, timer, signal and thread-pool registration functions of
/// common frameworks.
llvm::ArrayRef<llvm::StringRef> builtinCallbackSinks();

/// Splits a `;`-separated list of qualified function (or class) names;
/// entries that are not qualified identifiers go to \p Errors.
std::vector<std::string> parseCallbackSinks(llvm::StringRef List,
                                            std::vector<std::string> &Errors);


/// Whether \p Function only registers callables: every statement stores
/// something into a member or a variable (an assignment, a call that is
/// given a callable parameter, such as `handlers_.push_back(cb)` or a
/// forward to another such function), and nothing else happens (no request
/// is sent, no work is started). A callback given to such a function is a
/// persistent handler (`on_message(cb)`, `every(30, cb)`); one given to a
/// function that also starts work may be that work's completion.
bool isCallbackSetter(const clang::FunctionDecl &Function);

/// Whether a member function of the class of \p Field empties that member,
/// letting go of what it holds before the object itself goes: assigns it
/// `nullptr`, `{}` or `T()`, calls `reset()` (with no argument or an empty
/// one), `clear()`, `erase()`, `swap()`, `pop_back()`, `pop_front()` or
/// `pop()` on it, or takes its value out with `std::move`, `std::exchange` or
/// `std::swap`. Constructors and the destructor do not count: a cycle forms
/// after the first has run and keeps the second from ever running. Read from
/// the member functions defined in the translation unit, not from when they
/// run (a `close()` nobody calls still counts).
bool classEmptiesMember(const clang::FieldDecl &Field);

/// Whether the object whose member keeps \p Sink's callable lets go of the
/// callable itself, so that a callable holding that object forms no
/// permanent cycle:
/// - stored in a member: the class empties the member (classEmptiesMember);
/// - handed to a function that stores it in an object one of this object's
///   members owns through `std::unique_ptr`, `std::shared_ptr` or
///   `std::optional` (`chan_->setWriteCallback(cb)`): the class empties that
///   owning member, and the owned object goes with every callable it keeps
///   (an in-flight operation's channel reset when it completes or fails).
/// A member held by value is never let go of before its object: a method of
/// its own class, whatever its name, is not taken to empty it.
bool holderLetsGo(const CallbackSink &Sink);

class CallbackSinks {
public:
  /// The built-in sinks and \p Extra (qualified names; a class name stands
  /// for its constructors).
  explicit CallbackSinks(std::vector<std::string> Extra = {});

  /// Where \p Lambda goes when it outlives its creation; std::nullopt when
  /// it is used on the spot or where it goes is not known.
  std::optional<CallbackSink> sinkOf(const clang::LambdaExpr &Lambda);

  /// The same for another callable written in \p Function (its body or a
  /// constructor's member initializer): the result of `std::bind`.
  std::optional<CallbackSink>
  sinkOfCallable(const clang::Expr &Callable,
                 const clang::FunctionDecl &Function);

  /// Whether \p Function (defined in this translation unit) stores its
  /// parameter \p Index where it outlives the call, and where.
  std::optional<CallbackSink>
  storesParameter(const clang::FunctionDecl *Function, unsigned Index);

  /// The statement \p Lambda is written in, with a parent map: the body of
  /// its function (or of the enclosing lambda), or the expression of a
  /// constructor's member initializer; null for a lambda at namespace or
  /// class scope.
  const clang::Stmt *rootOf(const clang::LambdaExpr &Lambda);

  /// The parent map of \p Root, built once.
  const clang::ParentMap &parentsOf(const clang::Stmt *Root);

  /// Forgets everything about the translation unit.
  void clear();

private:
  struct Root {
    const clang::Stmt *Body = nullptr;
    /// The member a constructor's initializer expression initializes.
    const clang::FieldDecl *Field = nullptr;
  };
  std::optional<CallbackSink> sinkOfUse(const clang::Stmt *E, const Root &R,
                                        unsigned Depth);
  std::optional<CallbackSink> sinkOfVariable(const clang::VarDecl *Var,
                                             const Root &R, unsigned Depth);
  std::optional<CallbackSink> sinkOfCall(const clang::Expr *Call,
                                         const clang::FunctionDecl *Callee,
                                         const clang::Expr *Object,
                                         unsigned ParamIndex, unsigned Depth);
  std::optional<CallbackSink>
  storesParameterAt(const clang::FunctionDecl *Function, unsigned Index,
                    unsigned Depth);
  /// The configured name \p D matches, or an empty string.
  llvm::StringRef configuredName(const clang::NamedDecl *D) const;
  /// Whether the roots of \p Lambda hold it; sets \p R.
  bool findRoot(const clang::LambdaExpr &Lambda, Root &R);
  /// Whether the roots of \p Function hold \p E; sets \p R.
  bool findRootIn(const clang::FunctionDecl &Function, const clang::Expr &E,
                  Root &R);

  std::vector<std::string> Names;
  llvm::DenseMap<const clang::Stmt *, std::unique_ptr<clang::ParentMap>>
      Parents;
  std::map<std::pair<const clang::FunctionDecl *, unsigned>,
           std::optional<CallbackSink>>
      StoredParameters;
};

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_CALLBACKSINKS_H
