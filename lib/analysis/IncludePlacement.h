//===--- IncludePlacement.h - #include insertions outside #if blocks ------===//
//
// clang-tidy's utils::IncludeInserter puts a new #include next to the
// includes of its kind it saw: after the last one, or before the first that
// sorts after it. When those are inside a conditional block
// (`#ifdef HAVE_OPENSSL ... #endif`), so is the new include, and the fixed
// file compiles only when the condition holds. Every check inserts headers
// through insertInclude(), which moves such an insertion out of the block:
// after the last include outside any block that comes before it, or else
// just above the block's `#if`. A header's include guard is no conditional
// block here: its content is the top level.
//
// The model is the text's directives, read by the raw lexer (comments and
// line continuations handled): `#if`, `#ifdef`, `#ifndef` open a block,
// `#endif` closes it, `#elif`/`#else` stay in it. Conditions are not
// evaluated: a block is a block whether or not it was taken.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_INCLUDEPLACEMENT_H
#define LEAKGUARD_LIB_INCLUDEPLACEMENT_H

#include "utils/IncludeInserter.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"
#include <optional>

namespace leakguard::analysis {

/// Where an #include line proposed at offset \p Proposed (a line start) of
/// \p File may go so that it is in no conditional block: \p Proposed itself
/// when it is in none, else the start of the line after the last include
/// that is in none and comes before the outermost block holding
/// \p Proposed, else the start of that block's `#if` line.
unsigned includeOffsetOutsideConditionals(const clang::SourceManager &SM,
                                          clang::FileID File, unsigned Proposed,
                                          const clang::LangOptions &LangOpts);

/// \p Inserter's insertion of \p Header (`<memory>`, `"a/b.h"`) into
/// \p File, moved out of any conditional block; std::nullopt when the file
/// already includes it (or an earlier fix of this unit inserts it).
std::optional<clang::FixItHint>
insertInclude(clang::tidy::utils::IncludeInserter &Inserter,
              const clang::SourceManager &SM, clang::FileID File,
              llvm::StringRef Header,
              const clang::LangOptions &LangOpts = clang::LangOptions());

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_INCLUDEPLACEMENT_H
