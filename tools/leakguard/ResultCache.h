//===--- ResultCache.h - findings of unchanged units, reused --------------===//
//
// `leakguard scan --cache DIR` stores what leakguard-tidy reported for each
// unit it analyzed, and reuses it when the unit's inputs did not change.
//
// The key has two parts. The first is known before the analysis: the
// cache format, the leakguard version, the content of the clang-tidy binary
// that analyzes, the options passed to it, the unit's path and its
// commands in the compile database (or the compiler arguments after `--`),
// the content of --config-file and of every .clang-tidy file above the
// unit, the environment variables that add include directories, and the
// summaries the unit reads (cross-TU summaries, issue #14; empty until
// then). Its digest names the entry. The second part is the content of
// every file the unit included, which only the preprocessor knows: the
// analysis runs with `-Wp,-MD,<file>` added to the unit's command (a flag
// that clang-tidy's own removal of dependency options leaves alone, and
// that costs nothing: the preprocessor writes down the files it entered),
// and the entry records those files with a digest of the content of each.
// A lookup is a hit when the entry exists, its first part matches, and
// every recorded file still has the recorded content.
//
// Entries are written to a temporary file and renamed into place, so a
// reader sees a whole entry or none; each starts with a digest of the rest,
// checked on every read, so a damaged entry is a miss (and is removed),
// never a wrong result. Units that failed or did not compile are not
// stored. When the directory grows past its bound, the entries used least
// recently are removed (a hit refreshes an entry's time).
//
// The directory also keeps the time each unit's analysis took
// (costs*.json), which orders `-j` and balances `--shard` (Sharding.h).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TOOLS_RESULTCACHE_H
#define LEAKGUARD_TOOLS_RESULTCACHE_H

#include "report/ExportFixes.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace leakguard {

/// Builds a key from named fields; a field's name and value are both
/// length-prefixed, so no two lists of fields give the same text.
class CacheKey {
public:
  void add(llvm::StringRef Field, llvm::StringRef Value);
  /// The digest of the fields so far, as hex.
  std::string digest() const;

private:
  std::string Text;
};

/// The files of a Makefile dependency rule as clang writes it (`-MD`):
/// escaped spaces, `$$`, line continuations; relative paths are made
/// absolute against \p Directory.
std::vector<std::string> parseDependencyFile(llvm::StringRef Text,
                                             llvm::StringRef Directory);

/// A unit's stored result.
struct CachedUnit {
  report::TidyDiagnostics Diagnostics;
  double Seconds = 0; ///< What the analysis took when it ran.
};

class ResultCache {
public:
  ResultCache(llvm::StringRef Dir, uint64_t MaxBytes);

  /// Creates the directory when needed; an error when it cannot.
  llvm::Error prepare();

  /// The hex digest of \p Path's content, read once per run; none when
  /// it cannot be read.
  std::optional<std::string> fileDigest(llvm::StringRef Path);

  /// The stored result of \p Unit under the first part of the key \p Key,
  /// when every file it included is unchanged.
  std::optional<CachedUnit> lookup(llvm::StringRef Key, llvm::StringRef Unit);

  /// Stores the result of \p Unit, whose analysis began at \p Began and
  /// included \p Dependencies. Nothing is stored when a dependency cannot
  /// be read or changed after \p Began (its content may not be what was
  /// analyzed). Returns whether the entry was written.
  bool store(llvm::StringRef Key, llvm::StringRef Unit,
             llvm::ArrayRef<std::string> Dependencies,
             const report::TidyDiagnostics &Diagnostics, double Seconds,
             std::chrono::system_clock::time_point Began);

  /// Removes the least recently used entries while the entries take more
  /// than the bound (down to 90% of it), and temporary files that a killed
  /// run left. Returns how many entries were removed.
  unsigned evict();

  /// The stored analysis time of each unit, by its key in the reports
  /// (Sharding.h). With \p PlanOnly, from costs.json alone: what every
  /// shard of a run partitions by, which no shard changes (a shard records
  /// its times in costs-K-of-N.json, so that the shards of one run, even
  /// when they share the directory, see the same costs; foldCosts() makes
  /// them the next plan). Otherwise from every costs*.json, the newest
  /// value of each unit.
  llvm::StringMap<double> readCosts(bool PlanOnly) const;

  /// Adds \p Costs to the directory's \p Name (costs.json, or
  /// costs-K-of-N.json for a shard).
  llvm::Error writeCosts(llvm::StringRef Name,
                         const llvm::StringMap<double> &Costs);

  /// Folds the shards' costs-K-of-N.json into costs.json and removes them
  /// (`leakguard merge --cache`, once every shard's directory is in this
  /// one). Returns how many files were folded.
  llvm::Expected<unsigned> foldCosts();

  unsigned corruptEntries() const { return Corrupt; }

private:
  std::string entryPath(llvm::StringRef Key) const;
  llvm::Error writeAtomically(llvm::StringRef Path, llvm::StringRef Content);

  std::string Dir;
  uint64_t MaxBytes;
  std::mutex Lock;
  llvm::StringMap<std::optional<std::string>> Digests;
  unsigned Corrupt = 0;
};

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_RESULTCACHE_H
