//===--- ReportOutput.h - writing a report in the chosen format -----------===//

#ifndef LEAKGUARD_TOOLS_REPORTOUTPUT_H
#define LEAKGUARD_TOOLS_REPORTOUTPUT_H

#include "report/Findings.h"
#include "report/ReportFormats.h"
#include "report/UnifiedDiff.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace leakguard {

enum class Format { Text, Json, Sarif };

/// The tool as reports name it.
report::ToolInfo leakguardTool();

/// The project root: \p Explicit when given, else the nearest directory
/// above the current one holding `.git`, else the current directory.
std::string projectRoot(llvm::StringRef Explicit);

/// Findings with source excerpts, then errors, for a person to read. With
/// \p ShowFixes, the edits of a finding's fix-it follow its excerpt, one
/// excerpt per line they change (with its own line number): the replaced
/// text underlined, and the new text below.
void writeText(const report::Report &R, report::SourceCache &Sources,
               bool Color, llvm::raw_ostream &OS, bool ShowFixes = false);

/// The one-line summary ("leakguard: 2 findings in 3 translation units").
void writeSummary(const report::Report &R, llvm::raw_ostream &OS);

/// Writes \p R in \p F to \p OS (a text report with its summary line).
void writeReportTo(const report::Report &R, Format F,
                   llvm::ArrayRef<report::RuleInfo> Rules,
                   report::SourceCache &Sources, llvm::raw_ostream &OS,
                   bool Color);

/// Writes \p R in \p F to \p OutputPath ("" or "-": stdout).
llvm::Error writeReport(const report::Report &R, Format F,
                        llvm::ArrayRef<report::RuleInfo> Rules,
                        report::SourceCache &Sources,
                        llvm::StringRef OutputPath);

/// Writes the diagnostics of \p R as one merged export-fixes document.
llvm::Error writeMergedExportFixes(const report::Report &R,
                                   llvm::StringRef Path);

/// Reads all of \p Path, or stdin for "-"; \p What names it in the error.
llvm::Expected<std::string> readInput(llvm::StringRef Path,
                                      llvm::StringRef What);

/// The lines changed since \p Ref (`git diff -U0 <Ref>` run in \p RootDir),
/// or those of a unified diff on stdin for "-".
llvm::Expected<report::ChangedLines> readChangedLines(llvm::StringRef RootDir,
                                                      llvm::StringRef Ref);

/// The fingerprints of the baseline file \p Path (report::readBaseline).
llvm::Expected<llvm::StringMap<unsigned>>
readBaselineFile(llvm::StringRef Path);

/// Prints "leakguard: error: <Message>" and returns exit code 2.
int reportError(const llvm::Twine &Message);

/// Prints "leakguard: warning: <Message>".
void reportWarning(const llvm::Twine &Message);

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_REPORTOUTPUT_H
