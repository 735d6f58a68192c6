//===--- ReportFormats.h - SARIF 2.1.0 and JSON reports, baselines --------===//

#ifndef LEAKGUARD_LIB_REPORTFORMATS_H
#define LEAKGUARD_LIB_REPORTFORMATS_H

#include "report/Findings.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <string>

namespace leakguard::report {

/// What SARIF says about one check.
struct RuleInfo {
  std::string Id;
  std::string ShortDescription; ///< One sentence.
  std::string FullDescription;  ///< A paragraph.
  std::string HelpUri;
};

/// What SARIF says about the tool.
struct ToolInfo {
  std::string Name = "leakguard";
  std::string Version;
  std::string InformationUri;
};

/// The report as a SARIF 2.1.0 log with one run. \p Rules describes the
/// enabled checks; a rule that only appears in results gets a plain entry.
llvm::json::Value toSarif(const Report &R, llvm::ArrayRef<RuleInfo> Rules,
                          const ToolInfo &Tool);

/// The report in leakguard's own JSON (docs/scan.md describes it).
llvm::json::Value toJson(const Report &R, const ToolInfo &Tool);

/// How many times each fingerprint occurs in a baseline: a SARIF 2.1.0 log
/// that leakguard wrote (the partialFingerprints of its results) or
/// leakguard's JSON of this format version (its findings). Anything else
/// (another version, another tool's JSON or SARIF, an entry without a
/// fingerprint) is an error that says what the file is.
llvm::Expected<llvm::StringMap<unsigned>> readBaseline(llvm::StringRef Text,
                                                       llvm::StringRef Name);

/// Removes from \p R the findings whose fingerprint the baseline holds
/// (each baseline entry suppresses one finding) and counts them.
void applyBaseline(Report &R, llvm::StringMap<unsigned> Baseline);

/// A rule's SARIF name: its id in PascalCase (leak-manual-lock ->
/// LeakManualLock), since SARIF wants a name that is not the id.
std::string ruleName(llvm::StringRef Id);

/// A SARIF message text: \p Message, with brackets escaped, then a link
/// to each related location: "...; see [note 1](1) and [note 2](2)".
std::string sarifMessageText(llvm::StringRef Message,
                             llvm::ArrayRef<std::string> Links);

/// A file:// URI for an absolute path, with reserved characters escaped.
std::string fileUri(llvm::StringRef AbsolutePath);

} // namespace leakguard::report

#endif // LEAKGUARD_LIB_REPORTFORMATS_H
