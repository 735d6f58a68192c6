//===--- ThrowOracle.h - may this call throw? -----------------------------===//
//
// Decides whether evaluating one call may let an exception out, for the notes
// that say "stays locked if an exception is thrown here". C functions,
// builtins, noexcept functions and noreturn functions without a visible body
// (abort-like) never throw; functions whose bodies are visible are analyzed
// (through clang-tidy's ExceptionAnalyzer, which also ignores
// std::bad_alloc); the operations of the standard containers and strings
// (but at()) only fail to allocate, and do not count either; the rest is
// what the UnknownCallsMayThrow option says.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_THROWORACLE_H
#define LEAKGUARD_LIB_THROWORACLE_H

#include "analysis/AstHelpers.h"
#include "summary/Summaries.h"
#include "utils/ExceptionAnalyzer.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace leakguard::analysis {

using summary::FunctionSummary;
using summary::SummaryIndex;

class ThrowOracle {
public:
  /// \p AllocationFailuresThrow: whether a call whose only exception is
  /// std::bad_alloc (a new-expression, a standard container's insertion)
  /// may throw; most services treat running out of memory as fatal.
  explicit ThrowOracle(bool UnknownCallsMayThrow,
                       bool AllocationFailuresThrow = false)
      : UnknownCallsMayThrow(UnknownCallsMayThrow),
        AllocationFailuresThrow(AllocationFailuresThrow) {
    Analyzer.ignoreBadAlloc(!AllocationFailuresThrow);
  }

  /// Whether the call or construction \p S itself (not its operands, which
  /// the CFG lists as their own elements) may throw.
  bool mayThrow(const clang::Stmt *S);

  /// Forgets what was learned about the last translation unit.
  void reset() {
    Analyzer = clang::tidy::utils::ExceptionAnalyzer();
    Analyzer.ignoreBadAlloc(!AllocationFailuresThrow);
    Bodies.clear();
  }

  /// What other translation units know: a function without a body here
  /// that their summaries say cannot (or may) throw, and a virtual call
  /// whose overriders are all known.
  void setSummaries(std::shared_ptr<const SummaryIndex> Index) {
    Summaries = std::move(Index);
  }

  /// For a summary of \p Function (whose body is in sight): whether it may
  /// throw, deciding the functions without a body that are not known
  /// otherwise as if they could not and listing them in \p Deferred (its
  /// summary cannot throw unless one of them may). std::nullopt when the
  /// body is too deep to tell.
  std::optional<bool>
  summarizeThrows(const clang::FunctionDecl *Function,
                  std::vector<const clang::FunctionDecl *> &Deferred);

private:
  bool mayThrow(const clang::FunctionDecl *Callee, unsigned Depth = 0);
  /// For a function of the file: whether its body throws or calls
  /// something that may (a few calls deep); std::nullopt when the body is
  /// not in sight or too deep to tell.
  std::optional<bool> bodyMayThrow(const clang::FunctionDecl *Callee,
                                   unsigned Depth);

  /// What the summaries say of a function without a body in sight (and of
  /// its overriders, for a virtual call), or std::nullopt.
  std::optional<bool> summaryMayThrow(const clang::FunctionDecl *Callee,
                                      bool Virtual);

  clang::tidy::utils::ExceptionAnalyzer Analyzer;
  llvm::DenseMap<const clang::FunctionDecl *, bool> Bodies;
  bool UnknownCallsMayThrow;
  bool AllocationFailuresThrow;
  std::shared_ptr<const SummaryIndex> Summaries;
  /// While summarizing: where unknown callees go.
  std::vector<const clang::FunctionDecl *> *Deferred = nullptr;
};

/// Whether no exception can leave \p Function to a handler: one escaping
/// it calls std::terminate, so nothing leaks "if an exception is thrown"
/// there. True for a noexcept function, and for a lambda whose only uses
/// are as the callable a `std::thread` or `std::jthread` is constructed
/// with (directly, or emplaced into a container of threads): a thread's
/// entry function has no caller to catch. A lambda also called, stored or
/// handed to anything else (`std::async` keeps the exception for
/// `get()`), and a named function whose every use is not in sight, keep
/// their exception paths.
bool exceptionsEndTheProcess(const clang::FunctionDecl *Function);

/// Whether \p S lies in the try block of a try statement of the function: an
/// exception thrown there may be caught and handled before the function
/// exits, which the checks do not follow.
bool isInTryBlock(const clang::Stmt *S, const clang::ParentMap &Parents);

/// \p Sites without those inside another of them (the operands of a
/// throwing call: `v.push_back(std::string("x"))` is one place, not two), in
/// source order.
llvm::SmallVector<const clang::Stmt *, 4>
outermostSites(llvm::ArrayRef<const clang::Stmt *> Sites,
               const clang::ParentMap &Parents,
               const clang::SourceManager &SM);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_THROWORACLE_H
