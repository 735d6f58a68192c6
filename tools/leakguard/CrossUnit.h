//===--- CrossUnit.h - scan's two passes over the summaries ---------------===//
//
// Pass 1 analyzes every unit as before and has each leakguard-tidy child
// write its unit's summary (LEAKGUARD_SUMMARY_OUT). The summaries of every
// unit in the directory are merged; a unit is analyzed again, with the
// merged summaries (LEAKGUARD_SUMMARIES), only when they answer one of the
// questions its analysis asked differently from the answer it got. Units
// whose questions all get the same answer keep their first result: the
// second pass costs what the cross-unit facts change, not a second parse of
// every unit. See docs/cross-tu.md.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TOOLS_CROSSUNIT_H
#define LEAKGUARD_TOOLS_CROSSUNIT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace leakguard {

/// A directory for one run's summaries, removed with its contents.
class TemporarySummaryDir {
public:
  static llvm::Expected<TemporarySummaryDir> create();
  TemporarySummaryDir(TemporarySummaryDir &&Other)
      : Path(std::move(Other.Path)) {
    Other.Path.clear();
  }
  TemporarySummaryDir(const TemporarySummaryDir &) = delete;
  ~TemporarySummaryDir();
  const std::string &path() const { return Path; }

private:
  explicit TemporarySummaryDir(std::string Path) : Path(std::move(Path)) {}
  std::string Path;
};

/// Where the summary of the unit \p File goes in \p Dir.
std::string unitSummaryPath(llvm::StringRef Dir, llvm::StringRef File);
/// The merged summaries in \p Dir.
std::string mergedSummaryPath(llvm::StringRef Dir);
/// Creates \p Dir and its units/ folder.
llvm::Error prepareSummaryDir(llvm::StringRef Dir);

struct MergeOutcome {
  /// Units whose questions the merged summaries answer differently.
  std::vector<std::string> Recheck;
  unsigned Units = 0;
  unsigned Functions = 0;
  /// Units of \p Files without a readable summary (they did not compile,
  /// or the file was damaged: then they are analyzed again).
  unsigned Missing = 0;
  std::vector<std::string> Conflicts;
  std::vector<std::string> Warnings;
};

/// Merges the unit summaries in \p Dir (every unit summarized there whose
/// source still exists: a scan of a few files still sees the whole
/// program's summaries from earlier runs), writes the merged file, and
/// selects the units of \p Files to analyze again.
llvm::Expected<MergeOutcome>
mergeUnitSummaries(llvm::StringRef Dir, llvm::ArrayRef<std::string> Files);

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_CROSSUNIT_H
