//===--- SarifCommand.cpp - leakguard sarif -------------------------------===//
//
// Converts the export-fixes YAML of a stock clang-tidy run (with the plugin,
// or leakguard-tidy) into the SARIF that `leakguard scan` writes, for
// pipelines that already run clang-tidy. The sources must be where the YAML
// says: positions and fingerprints are read from them.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ReportOutput.h"
#include "RuleCatalog.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace leakguard::report;

using namespace llvm;

namespace leakguard {

cl::SubCommand SarifCommand("sarif",
                            "Convert clang-tidy --export-fixes YAML files to "
                            "SARIF 2.1.0");

namespace {

cl::list<std::string> Inputs(cl::Positional, cl::OneOrMore,
                             cl::desc("<export-fixes.yaml>..."),
                             cl::sub(SarifCommand));
cl::opt<std::string> Output("o",
                            cl::desc("Write the SARIF log to <file> "
                                     "(default: stdout)"),
                            cl::value_desc("file"), cl::sub(SarifCommand));
cl::opt<std::string>
    Root("root",
         cl::desc("Project root that paths are relative to (default: the "
                  "enclosing git repository, else the current directory)"),
         cl::value_desc("dir"), cl::sub(SarifCommand));

} // namespace

int runSarif() {
  Report R;
  R.Root = projectRoot(Root);
  SourceCache Sources;
  for (const std::string &Input : Inputs) {
    auto Buffer = MemoryBuffer::getFileOrSTDIN(Input, /*IsText=*/true);
    if (!Buffer)
      return reportError("cannot read '" + Input +
                         "': " + Buffer.getError().message());
    auto Docs = parseExportFixes((*Buffer)->getBuffer(), Input);
    if (!Docs)
      return reportError(toString(Docs.takeError()));
    for (const TidyDiagnostics &Doc : *Docs) {
      addDiagnostics(R, Doc, Doc.MainSourceFile, Sources);
      if (!Doc.MainSourceFile.empty())
        ++R.TranslationUnits;
    }
  }
  finalizeFindings(R, Sources);
  // Positions and fingerprints come from the sources: without them every
  // result would sit at 1:1 with a fingerprint of nothing, and code
  // scanning would take them for new alerts.
  if (!R.UnreadableSources.empty()) {
    for (const std::string &Path : R.UnreadableSources)
      reportWarning("cannot read '" + Path +
                    "', which the export-fixes YAML names: its results "
                    "would have no line, column or fingerprint");
    return reportError(
        "no SARIF log written: run 'leakguard sarif' where the sources are "
        "at the paths that clang-tidy analyzed");
  }
  if (Error Err = writeReport(R, Format::Sarif, ruleInfos(documentedChecks()),
                              Sources, Output))
    return reportError(toString(std::move(Err)));
  return NoFindings;
}

} // namespace leakguard
