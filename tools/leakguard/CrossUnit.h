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

#include "summary/Summaries.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
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

/// Orders the units of pass 1 so that, as far as their text tells, a unit
/// comes after the units that define the functions it calls: with the
/// summaries merged as units finish (PassOneMerge), a caller analyzed after
/// its callees gets their answers in pass 1 and needs no second analysis.
/// The text is read, not parsed: an identifier followed by a parenthesized
/// list and `{` is a definition, any other identifier followed by `(` a
/// call; a name defined by more than two units tells nothing. Of the units
/// that call no unit left, the one called by most units goes first; calls
/// that go round in a cycle are ordered greedily: the unit called most for
/// the calls it makes first, and among equals the one whose functions
/// returning a pointer (`T *name(...) {`) the units left call most, for
/// those of theirs it calls. A wrong guess only costs a second analysis.
/// With \p Callees, also says which units each unit calls (by that text).
void orderCalleesFirst(
    std::vector<std::string> &Files,
    llvm::StringMap<std::vector<std::string>> *Callees = nullptr);

/// Pass 1's merge as it goes: the summaries in the directory are merged
/// when it starts and again as units finish, into the merged file that the
/// children started later read (LEAKGUARD_SUMMARIES).
class PassOneMerge {
public:
  /// Reads the unit summaries in \p Dir (of earlier runs) and writes the
  /// merged file, empty when there are none.
  static llvm::Expected<PassOneMerge> start(llvm::StringRef Dir);
  /// Unit \p File was analyzed: its summary joins. The merged file is
  /// written again after each of the first 8 units, then after every
  /// eighth part of those done (merging and writing it cost: see
  /// docs/cross-tu.md), and only when the merge changed.
  void unitDone(llvm::StringRef File);
  /// The units each unit calls (orderCalleesFirst), for unitStarting().
  void setCallees(llvm::StringMap<std::vector<std::string>> Callees) {
    this->Callees = std::move(Callees);
  }
  /// Unit \p File is about to start: when a unit it calls finished since
  /// the last merge, the summaries are merged first, so that it gets that
  /// unit's answers.
  void unitStarting(llvm::StringRef File);
  /// Unit \p File wrote its summary and waits, its checks not run yet
  /// (TidyProgress::Parked): its summary joins as a finished unit's does.
  void unitParked(llvm::StringRef File);
  /// Whether some unit \p File calls has not written its summary yet.
  bool calleesPending(llvm::StringRef File) const;
  /// Whether every unit \p File calls wrote its summary; if so, the
  /// merged file has them (merged now when it did not).
  bool calleesWritten(llvm::StringRef File);
  /// How many times the summaries were merged.
  unsigned merges() const { return Merges; }

private:
  explicit PassOneMerge(std::string Dir) : Dir(std::move(Dir)) {}
  void merge();
  /// Reads the summary unit \p File wrote; false when there is none.
  bool readUnit(llvm::StringRef File);

  std::string Dir;
  std::vector<summary::SummaryFile> Units;
  summary::SummaryFile Last;      // As last written.
  llvm::StringMap<size_t> ByPath; // Of the unit summary file.
  unsigned Done = 0, MergedAt = 0, Merges = 0;
  llvm::StringMap<std::vector<std::string>> Callees;
  llvm::StringSet<> NotMerged; // Units done since the last merge.
  llvm::StringSet<> Written;   // Units done, or waiting with their summary.
};

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_CROSSUNIT_H
