//===--- FixItBuilders.h - small, safe source edits for fix-its -----------===//
//
// Builders return std::nullopt whenever the edit could not be made safely
// (macros, unknown locations): a check then offers no fix rather than a bad
// one.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_FIXITBUILDERS_H
#define LEAKGUARD_LIB_FIXITBUILDERS_H

#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>

namespace leakguard::analysis {

/// The source text of \p S as the user spelled it, or std::nullopt when any
/// part of it comes from a macro expansion.
std::optional<std::string> spelledText(const clang::Stmt *S,
                                       const clang::SourceManager &SM,
                                       const clang::LangOptions &LangOpts);

/// The source text of the token range \p Range, or std::nullopt when it is
/// invalid, empty or touches a macro expansion.
std::optional<std::string> textOf(clang::SourceRange Range,
                                  const clang::SourceManager &SM,
                                  const clang::LangOptions &LangOpts);

/// The source text between the parentheses \p Range spans (`(a, b)` gives
/// `a, b`), or std::nullopt.
std::optional<std::string> textInside(clang::SourceRange Range,
                                      const clang::SourceManager &SM,
                                      const clang::LangOptions &LangOpts);

/// The text of \p S for a message: as spelled, or where a macro spelled it;
/// \p Fallback when neither can be had.
std::string textForMessage(const clang::Stmt *S, const clang::SourceManager &SM,
                           const clang::LangOptions &LangOpts,
                           llvm::StringRef Fallback);

/// The range of the expression statement \p S including its `;`, or an
/// invalid range when there is no `;` right after it or \p S is in a macro.
clang::CharSourceRange statementWithSemicolon(const clang::Stmt *S,
                                              const clang::SourceManager &SM,
                                              const clang::LangOptions &LangOpts);

/// Removes the expression statement \p S and its `;`; when they are alone on
/// their line, the whole line goes.
std::optional<clang::FixItHint>
removeStatement(const clang::Stmt *S, const clang::SourceManager &SM,
                const clang::LangOptions &LangOpts);

/// The whitespace that indents the line \p Loc is on.
std::string indentationOf(clang::SourceLocation Loc,
                          const clang::SourceManager &SM);

/// The first of \p Candidates that is not an identifier used inside \p Scope
/// other than as a member name (after `.`, `->` or `::`); when all are
/// taken, the first with a number appended.
std::string freshName(llvm::ArrayRef<llvm::StringRef> Candidates,
                      const clang::Stmt *Scope, const clang::SourceManager &SM,
                      const clang::LangOptions &LangOpts);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_FIXITBUILDERS_H
