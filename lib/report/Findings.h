//===--- Findings.h - the findings of a run, ready to report --------------===//
//
// clang-tidy's diagnostics (ExportFixes.h) resolved against the analyzed
// sources: positions as lines and columns, paths relative to the project
// root, a fingerprint per finding, duplicates from headers seen by several
// translation units merged, compiler errors turned into errors of their
// translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_FINDINGS_H
#define LEAKGUARD_LIB_FINDINGS_H

#include "report/ExportFixes.h"
#include "report/SourceText.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace leakguard::report {

/// A place in a file.
struct Location {
  std::string Path;        ///< Absolute.
  std::string DisplayPath; ///< Relative to the root when under it.
  unsigned Offset = 0;
  Position Pos;
  /// Where the highlighted text ends (exclusive): the end of the
  /// diagnostic's source range that holds the place, else of the word
  /// there; Pos itself when there is none.
  Position End;
};

/// An edit of a fix-it, with both ends resolved.
struct Edit {
  Location Begin;
  Position End;
  unsigned Length = 0;
  std::string Text;
};

struct Note {
  Location Loc;
  std::string Message;
};

struct Finding {
  std::string Rule;
  std::string Level; ///< "warning", "error" or "note" (SARIF's words).
  std::string Message;
  Location Loc;
  std::vector<Note> Notes;
  std::vector<Edit> Fixes; ///< The diagnostic's own fix-it, if any.
  std::string Fingerprint;
  TidyDiagnostic Raw; ///< As clang-tidy exported it (for --export-fixes).
};

/// A translation unit (or an input) that could not be analyzed fully.
struct RunError {
  std::string Path; ///< Absolute; may be empty.
  std::string DisplayPath;
  std::string Message;
};

/// Which part of a sharded run (`leakguard scan --shard K/N`) a report
/// covers, so that `leakguard merge` can check it has every part.
struct ShardInfo {
  unsigned Index = 0; ///< 1-based.
  unsigned Count = 0;
  /// A digest of the whole partition; the shards of one run agree on it.
  std::string Partition;
};

/// Everything a run found.
struct Report {
  std::string Root; ///< Absolute project root, without trailing separator.
  std::vector<Finding> Findings;
  std::vector<RunError> Errors;
  unsigned TranslationUnits = 0;
  unsigned SuppressedByBaseline = 0;
  unsigned OutsideDiff = 0;
  /// Files that diagnostics name but that could not be read: their
  /// positions are 1:1 and their fingerprints lack the line text.
  std::vector<std::string> UnreadableSources;
  /// Set for one shard of a sharded run.
  std::optional<ShardInfo> Shard;
};

/// \p Path relative to \p Root when it lies under it, else \p Path.
std::string displayPath(llvm::StringRef Root, llvm::StringRef Path);

/// Adds the diagnostics of one translation unit to \p R. Compiler errors
/// (clang-diagnostic-error) become one RunError for \p MainFile; every
/// other diagnostic becomes a finding. Diagnostics whose file cannot be read
/// are kept with line 1, column 1, and the file is added to
/// R.UnreadableSources. Clang's "too many errors emitted" is not the error
/// shown: the first error with a place is.
void addDiagnostics(Report &R, const TidyDiagnostics &Diags,
                    llvm::StringRef MainFile, SourceCache &Sources);

/// Sorts the findings by file and position, merges duplicates and assigns
/// fingerprints (with occurrence suffixes). Call once, after the last
/// addDiagnostics.
void finalizeFindings(Report &R, SourceCache &Sources);

} // namespace leakguard::report

#endif // LEAKGUARD_LIB_FINDINGS_H
