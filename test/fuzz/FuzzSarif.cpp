//===--- FuzzSarif.cpp - export-fixes to SARIF and back -------------------===//
//
// What `leakguard sarif` does with an export-fixes file: read it, resolve the
// diagnostics against the sources, fingerprint them and write SARIF 2.1.0
// and leakguard's JSON. Both must be valid JSON that reads back as a
// baseline with one fingerprint per finding. The sources are the input
// itself, so offsets land in text of any shape.
//
//===----------------------------------------------------------------------===//

#include "report/ExportFixes.h"
#include "report/Findings.h"
#include "report/ReportFormats.h"
#include "report/SourceText.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdlib>

using namespace leakguard::report;

static void readBack(const llvm::json::Value &Log, size_t Findings) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << Log;
  OS.flush();
  if (!llvm::json::parse(Text)) {
    llvm::errs() << "invalid JSON written\n";
    abort();
  }
  auto Baseline = readBaseline(Text, "written");
  if (!Baseline) {
    llvm::errs() << "cannot read back: " << llvm::toString(Baseline.takeError())
                 << "\n"
                 << Text << "\n";
    abort();
  }
  size_t Count = 0;
  for (const auto &Entry : *Baseline)
    Count += Entry.getValue();
  if (Count != Findings) {
    llvm::errs() << "read back " << Count << " fingerprints of " << Findings
                 << " findings\n";
    abort();
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Docs = parseExportFixes(Text, "fuzz.yaml");
  if (!Docs) {
    llvm::consumeError(Docs.takeError());
    return 0;
  }
  Report R;
  R.Root = "/src";
  SourceCache Sources;
  auto Provide = [&](llvm::StringRef Path) {
    if (!Path.empty())
      Sources.set(Path, Text.str());
  };
  for (const TidyDiagnostics &Doc : *Docs)
    for (const TidyDiagnostic &D : Doc.Diagnostics) {
      Provide(D.DiagnosticMessage.FilePath);
      for (const TidyMessage &N : D.Notes)
        Provide(N.FilePath);
      for (const TidyReplacement &E : D.DiagnosticMessage.Replacements)
        Provide(E.FilePath);
    }
  for (const TidyDiagnostics &Doc : *Docs)
    addDiagnostics(R, Doc, Doc.MainSourceFile, Sources);
  finalizeFindings(R, Sources);

  ToolInfo Tool;
  Tool.Version = "0.0.0";
  std::vector<RuleInfo> Rules = {
      {"leak-manual-lock", "A lock.", "A lock, held.", "https://example/x"}};
  readBack(toSarif(R, Rules, Tool), R.Findings.size());
  readBack(toJson(R, Tool), R.Findings.size());
  return 0;
}
