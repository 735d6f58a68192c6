//===--- ScanCache.h - the result cache's part in a scan ------------------===//
//
// Computes each unit's key from the scan's invocation and the unit's own
// inputs (ResultCache.h lists them), turns a cache hit into the result the
// unit's analysis would have given, and stores what an analysis gave.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TOOLS_SCANCACHE_H
#define LEAKGUARD_TOOLS_SCANCACHE_H

#include "CompileDatabase.h"
#include "ResultCache.h"
#include "TidyRunner.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>

namespace leakguard {

class ScanCache {
public:
  /// \p Commands: the compile database's entries (empty without one);
  /// \p ConfigFile: --config-file, when given.
  ScanCache(ResultCache &Cache, const TidyInvocation &Invocation,
            llvm::StringMap<UnitCommands> Commands, llvm::StringRef ConfigFile);

  /// The stored result of \p Unit, as a TidyResult, when its inputs did not
  /// change.
  std::optional<TidyResult> lookup(llvm::StringRef Unit);

  /// Stores \p Result when the unit was analyzed fully (no failure, no
  /// compiler error) and its included files are known.
  bool store(const TidyResult &Result);

  unsigned hits() const { return Hits; }
  /// Units stored (a unit the second pass analyzed again counts once).
  unsigned stored() const { return StoredUnits.size(); }

private:
  /// The first part of \p Unit's key; none when the unit cannot be cached
  /// (several database entries for it: their dependency files would
  /// overwrite each other).
  std::optional<std::string> keyOf(llvm::StringRef Unit);
  /// The .clang-tidy files from \p Dir up to the file system's root, with
  /// the digest of each.
  const std::string &configFilesAbove(llvm::StringRef Dir);

  ResultCache &Cache;
  llvm::StringMap<UnitCommands> Commands;
  std::string Common; ///< The fields every unit shares.
  llvm::StringMap<std::string> ConfigAbove;
  unsigned Hits = 0;
  llvm::StringSet<> StoredUnits;
};

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_SCANCACHE_H
