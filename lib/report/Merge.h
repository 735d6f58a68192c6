//===--- Merge.h - the reports of several shards as one -------------------===//
//
// `leakguard merge` joins the reports that the shards of a scan wrote
// (`leakguard scan --shard K/N`), or any reports of leakguard scans of one
// project, into the report one scan of everything would have written:
//
// - SARIF logs become one log with one run: one rule table (the union, in
//   the order the inputs list the rules), every result once, and the
//   invocations of every input, with their tool execution notifications
//   (the units that failed). JSON reports become one JSON report, with
//   every input's errors.
// - A finding that several inputs report (in a header that units of two
//   shards include) is kept once: the same rule, place and message.
// - Results are ordered as a scan orders them (file, position, rule,
//   message), and the occurrence suffixes of the fingerprints (":2", ...)
//   are assigned again over the whole, so that they equal a full scan's
//   and no fingerprint occurs twice.
// - Then, as in a scan, the diff and the baseline are applied.
// - Inputs from a sharded scan must be the complete set of its shards,
//   with one partition: a missing, repeated or differently partitioned
//   shard is an error of the merged report (the findings are still
//   merged), since its units would be lost or counted twice.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_MERGE_H
#define LEAKGUARD_LIB_MERGE_H

#include "report/UnifiedDiff.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>
#include <vector>

namespace leakguard::report {

enum class ReportKind { Sarif, Json };

/// One report to merge, parsed, and what \p Name calls it in messages.
struct MergeInput {
  std::string Name;
  llvm::json::Value Log = nullptr;
};

/// What applies to the merged findings, as in a scan.
struct MergeFilters {
  std::optional<llvm::StringMap<unsigned>> Baseline;
  std::optional<ChangedLines> Changed;
};

struct MergeOutcome {
  ReportKind Kind = ReportKind::Sarif;
  llvm::json::Value Log = nullptr;
  unsigned Findings = 0;
  unsigned TranslationUnits = 0;
  /// Units that failed, and problems with the set of shards.
  unsigned Errors = 0;
  /// What is wrong with the set of shards (also in the merged report).
  std::vector<std::string> Problems;
  /// Findings reported by more than one input, kept once.
  unsigned Duplicates = 0;
  unsigned SuppressedByBaseline = 0;
  unsigned OutsideDiff = 0;
};

/// Merges \p Inputs, all SARIF logs or all JSON reports that leakguard
/// wrote; anything else is an error that names the input.
llvm::Expected<MergeOutcome> mergeReports(std::vector<MergeInput> Inputs,
                                          const MergeFilters &Filters);

/// \p Uri with its %XX escapes decoded.
std::string uriUnescape(llvm::StringRef Uri);

} // namespace leakguard::report

#endif // LEAKGUARD_LIB_MERGE_H
