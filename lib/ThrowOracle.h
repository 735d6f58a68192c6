//===--- ThrowOracle.h - may this call throw? -----------------------------===//
//
// Decides whether evaluating one call may let an exception out, for the notes
// that say "stays locked if an exception is thrown here". C functions,
// builtins, noexcept functions and noreturn functions without a visible body
// (abort-like) never throw; functions whose bodies are visible are analyzed
// (through clang-tidy's ExceptionAnalyzer, which also ignores
// std::bad_alloc); the rest is what the UnknownCallsMayThrow option says.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_THROWORACLE_H
#define LEAKGUARD_LIB_THROWORACLE_H

#include "clang/AST/Stmt.h"
#include "utils/ExceptionAnalyzer.h"

namespace leakguard {

class ThrowOracle {
public:
  explicit ThrowOracle(bool UnknownCallsMayThrow)
      : UnknownCallsMayThrow(UnknownCallsMayThrow) {}

  /// Whether the call or construction \p S itself (not its operands, which
  /// the CFG lists as their own elements) may throw.
  bool mayThrow(const clang::Stmt *S);

  /// Forgets what was learned about the last translation unit.
  void reset() { Analyzer = clang::tidy::utils::ExceptionAnalyzer(); }

private:
  bool mayThrow(const clang::FunctionDecl *Callee);

  clang::tidy::utils::ExceptionAnalyzer Analyzer;
  bool UnknownCallsMayThrow;
};

} // namespace leakguard

#endif // LEAKGUARD_LIB_THROWORACLE_H
