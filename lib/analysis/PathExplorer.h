//===--- PathExplorer.h - follow an acquisition along every path ----------===//
//
// The flow-sensitive core shared by the checks: starting right after an
// acquiring statement, walk the function's CFG along every path until the
// path releases the resource (the caller says which statements do) or leaves
// the function, and report how each leaking path left.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_PATHEXPLORER_H
#define LEAKGUARD_LIB_PATHEXPLORER_H

#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace leakguard::analysis {

/// How a path that still holds the resource ends.
enum class ExitKind {
  Return,      ///< A `return` statement.
  Throw,       ///< A `throw` expression that leaves the function.
  Break,       ///< The last jump on the path was a `break`.
  Continue,    ///< The last jump on the path was a `continue`.
  Goto,        ///< The last jump on the path was a `goto`.
  FunctionEnd, ///< Control falls off the end of the function.
  Reentry,     ///< The path comes back to the acquisition (a loop).
};

struct LeakExit {
  ExitKind Kind;
  /// The statement to point at: the return, throw or jump; the acquisition
  /// for a Reentry without a jump; null for FunctionEnd.
  const clang::Stmt *At;
};

/// The note for a path that leaves by \p Kind still holding the resource
/// named by the diagnostic's argument %0: "'%0' <State> when returning
/// here" (throwing, breaking out, continuing, jumping), "'%0' <State> at
/// the end of the function", and for a path that comes back to the
/// acquisition "'%0' <Again>".
std::string exitNote(ExitKind Kind, llvm::StringRef State,
                     llvm::StringRef Again);

/// What the caller's classifier says of one statement on a path.
enum class StepVerdict {
  Continue, ///< Nothing to do with the resource: follow the path.
  Released, ///< The path releases (or hands off) the resource here.
  Stop,     ///< The path cannot be judged from here on: drop it quietly.
};

struct PathResult {
  /// Distinct ways a path leaves the function (or loops back) holding the
  /// resource, in the order they were found.
  llvm::SmallVector<LeakExit, 4> Exits;
  /// The statements that released the resource at the end of some path.
  llvm::SmallVector<const clang::Stmt *, 4> Releases;
  /// False when the walk gave up (ExploreOptions::MaxSteps): the result is
  /// partial and a check should stay quiet.
  bool Complete = true;
};

/// A branch condition known to hold (or not) on a path: `if (c)` taken.
struct Assumption {
  const clang::Expr *Condition;
  bool Value;
};

/// Sorts \p Exits in source order, the end of the function last: the notes
/// of a finding read from top to bottom, whatever order the walk took.
void sortExits(llvm::SmallVectorImpl<LeakExit> &Exits,
               const clang::SourceManager &SM);

/// What explorePaths() needs besides the CFG.
struct ExploreOptions {
  /// Compares branch conditions across the path (needed for Assumed and for
  /// pruning); without it every branch is followed.
  const clang::ASTContext *Context = nullptr;
  /// Conditions known to hold where the walk starts (the if statements that
  /// control the acquisition).
  llvm::ArrayRef<Assumption> Assumed;
  /// The values some local variables or parameters have where the walk
  /// starts (a callee's parameters given constants by its call), read as
  /// local flags are (see explorePaths()).
  llvm::ArrayRef<std::pair<const clang::VarDecl *, llvm::APSInt>> KnownValues;
  /// Gives up (PathResult::Complete is false) after this many blocks.
  unsigned MaxSteps = 20000;
  /// Asked for each branch of a two-way terminator (if, loops, `&&`, `||`,
  /// `?:`) with its condition and the value the branch stands for: Released
  /// (or Stop) drops that branch as not leaking, e.g. the branch where the
  /// acquisition failed (`if (!f) return;`).
  llvm::function_ref<StepVerdict(const clang::Expr *Condition, bool Value)>
      OnBranch;
  /// Asked for each `case` of a `switch` with one constant value, with the
  /// switch's condition and that value: Released (or Stop) drops the case
  /// as not leaking, e.g. the status a failed acquisition returns.
  llvm::function_ref<StepVerdict(const clang::Expr *Subject,
                                 const llvm::APSInt &Value)>
      OnCase;
};

/// What the if statements around \p S decided: their conditions, true for
/// the then branch and false for the else branch \p S is in.
llvm::SmallVector<Assumption, 4>
assumptionsAround(const clang::Stmt *S, const clang::ParentMap &Parents);

/// Walks every path of \p Cfg that starts right after the statement \p Start
/// (which must be an element of the CFG). \p Step is called on each statement
/// element in evaluation order, including subexpressions; paths through a
/// block with a `noreturn` call (abort, exit) are not leaks.
///
/// An if whose condition was already decided on the path (the same
/// expression, or its negation with `!`) takes only the consistent branch:
/// `if (!c) unlock(); ... if (c) unlock();` unlocks on every path. So does
/// each operand of an if's `&&` or `||` (`if (s == 0) ... if (s != 0 && p)
/// free(p);`), not those of a loop's condition. The
/// variables of a condition are assumed not to change along the path. A
/// condition with a known value (a constant expression, a `const` global
/// with a constant initializer, a call to a function of the file whose body
/// is `return <constant>;`, a local flag whose value the path knows: its
/// constant initializer when nothing writes it between its declaration and
/// \p Start, then the constants the path assigns, for an integer, enum or
/// bool local whose address is never taken; the value of an integer local
/// that every test compares with a constant is carried through `++`, `--`,
/// `+= k` and `-= k`, four steps at most on a path, from a constant the path
/// gave it or an `i == K` that holds there, those around \p Start
/// included: `for (i = 0; i < 2; ++i) { if (i == 0) ... }` acquires only
/// on its first pass) takes only its branch. A
/// pointer the path has
/// read through (`p->f`, `*p`) since its last assignment is not null: a
/// branch that finds it null (`if (!p)`, `p == NULL`) is not taken. All
/// three need ExploreOptions::Context.
///
/// Returns an empty result if \p Start is not in the CFG.
PathResult
explorePaths(const clang::CFG &Cfg, const clang::Stmt *Start,
             llvm::function_ref<StepVerdict(const clang::Stmt *)> Step,
             const ExploreOptions &Options = {});

/// The same walk from the entry of the function: which statements the
/// function reaches before \p Step says Released or Stop.
PathResult
explorePathsFromEntry(const clang::CFG &Cfg,
                      llvm::function_ref<StepVerdict(const clang::Stmt *)> Step,
                      const ExploreOptions &Options = {});

/// Finds the block and element index of \p S in \p Cfg.
std::optional<std::pair<const clang::CFGBlock *, unsigned>>
findElement(const clang::CFG &Cfg, const clang::Stmt *S);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_PATHEXPLORER_H
