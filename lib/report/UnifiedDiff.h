//===--- UnifiedDiff.h - the lines a unified diff changes -----------------===//
//
// `--diff REF` keeps only findings on lines that `git diff -U0 REF` (or a
// unified diff on stdin) adds or changes, as a pre-commit hook or a pull
// request wants.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_UNIFIEDDIFF_H
#define LEAKGUARD_LIB_UNIFIEDDIFF_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <utility>
#include <vector>

namespace leakguard::report {

/// The changed lines of each file of a diff, by the file's new path as the
/// diff names it (without git's "b/" prefix).
class ChangedLines {
public:
  /// Whether line \p Line (1-based) of \p Path changed.
  bool contains(llvm::StringRef Path, unsigned Line) const;
  /// Whether the diff touches \p Path at all.
  bool hasFile(llvm::StringRef Path) const { return Files.count(Path); }
  /// Marks lines [First, Last] of \p Path as changed.
  void add(llvm::StringRef Path, unsigned First, unsigned Last);
  unsigned fileCount() const { return Files.size(); }

private:
  llvm::StringMap<std::vector<std::pair<unsigned, unsigned>>> Files;
};

/// Reads a unified diff (any context size). Added and replaced lines count
/// as changed; where lines were only deleted, the lines on both sides of
/// the deletion count, so a removed unlock still reports the lock next to
/// it. Deleted files are ignored. Empty text is an empty diff; other text
/// without a file header ("diff --git", "+++ ") is an error.
llvm::Expected<ChangedLines> parseUnifiedDiff(llvm::StringRef Diff);

} // namespace leakguard::report

#endif // LEAKGUARD_LIB_UNIFIEDDIFF_H
