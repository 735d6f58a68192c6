//===--- ExportFixes.h - clang-tidy's --export-fixes YAML -----------------===//
//
// The YAML that clang-tidy writes with --export-fixes and that
// clang-apply-replacements reads: one document per translation unit, with
// every diagnostic, its notes and its replacements, positions as byte
// offsets. leakguard reads it from each leakguard-tidy child and writes the
// merged file for --export-fixes.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_EXPORTFIXES_H
#define LEAKGUARD_LIB_EXPORTFIXES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace leakguard::report {

/// One edit: replace Length bytes at Offset of FilePath by ReplacementText.
struct TidyReplacement {
  std::string FilePath;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string ReplacementText;
};

/// A highlighted source range of a message.
struct TidyFileRange {
  std::string FilePath;
  unsigned FileOffset = 0;
  unsigned Length = 0;
};

/// The text and place of a diagnostic or of one of its notes.
struct TidyMessage {
  std::string Message;
  std::string FilePath;
  unsigned FileOffset = 0;
  std::vector<TidyReplacement> Replacements;
  std::vector<TidyFileRange> Ranges;
};

/// One diagnostic: the check that emitted it, its message, notes and level
/// ("Warning", "Error" or "Remark").
struct TidyDiagnostic {
  std::string DiagnosticName;
  TidyMessage DiagnosticMessage;
  std::vector<TidyMessage> Notes;
  std::string Level = "Warning";
  std::string BuildDirectory;
};

/// One YAML document: the diagnostics of a translation unit (or, merged,
/// of several, with an empty MainSourceFile).
struct TidyDiagnostics {
  std::string MainSourceFile;
  std::vector<TidyDiagnostic> Diagnostics;
};

/// Whether \p D is a compiler error: clang's own errors
/// (clang-diagnostic-error), and warnings the unit's flags made errors
/// (-Werror, -Werror=..., the warnings that are errors by default such as
/// implicit function declarations in C99), which clang-tidy exports under
/// the warning's name at level Error.
bool isCompilerError(const TidyDiagnostic &D);

/// Reads every document of an export-fixes file. \p Name names the file in
/// the error message.
llvm::Expected<std::vector<TidyDiagnostics>>
parseExportFixes(llvm::StringRef Yaml, llvm::StringRef Name);

/// Writes \p Diags as one export-fixes document.
void writeExportFixes(const TidyDiagnostics &Diags, llvm::raw_ostream &OS);

} // namespace leakguard::report

#endif // LEAKGUARD_LIB_EXPORTFIXES_H
