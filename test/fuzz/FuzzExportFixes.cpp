//===--- FuzzExportFixes.cpp - clang-tidy's export-fixes YAML -------------===//
//
// leakguard reads the export-fixes of every leakguard-tidy child, and
// `leakguard sarif` reads any such file. What it reads and writes back must
// read again to the same diagnostics.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"
#include "report/ExportFixes.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdlib>

using namespace leakguard::report;

/// The first difference between \p A and \p B, or empty.
/// Text that is not UTF-8 is not compared: LLVM's YAML reader decodes it to
/// U+FFFD when the writer had to double-quote it (docs/reliability.md).
static std::string difference(const TidyMessage &A, const TidyMessage &B) {
  auto Show = [](llvm::StringRef Field, llvm::StringRef X,
                 llvm::StringRef Y) -> std::string {
    std::string Out;
    llvm::raw_string_ostream OS(Out);
    OS << Field << ": '";
    OS.write_escaped(X, /*UseHexEscapes=*/true) << "' read back as '";
    OS.write_escaped(Y, /*UseHexEscapes=*/true) << "'";
    return Out;
  };
  bool Utf8 = llvm::json::isUTF8(A.Message) && llvm::json::isUTF8(A.FilePath);
  for (const TidyReplacement &R : A.Replacements)
    Utf8 &=
        llvm::json::isUTF8(R.FilePath) && llvm::json::isUTF8(R.ReplacementText);
  if (!Utf8)
    return "";
  if (A.Message != B.Message)
    return Show("Message", A.Message, B.Message);
  if (A.FilePath != B.FilePath)
    return Show("FilePath", A.FilePath, B.FilePath);
  if (A.FileOffset != B.FileOffset)
    return "FileOffset";
  if (A.Replacements.size() != B.Replacements.size())
    return "the number of replacements";
  for (size_t I = 0; I < A.Replacements.size(); ++I) {
    const TidyReplacement &X = A.Replacements[I], &Y = B.Replacements[I];
    if (X.FilePath != Y.FilePath)
      return Show("Replacement FilePath", X.FilePath, Y.FilePath);
    if (X.Offset != Y.Offset || X.Length != Y.Length)
      return "a replacement's offset or length";
    if (X.ReplacementText != Y.ReplacementText)
      return Show("ReplacementText", X.ReplacementText, Y.ReplacementText);
  }
  return "";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Docs = parseExportFixes(Text, "fuzz.yaml");
  if (!Docs) {
    if (llvm::toString(Docs.takeError()).empty())
      abort();
    return 0;
  }
  for (const TidyDiagnostics &Doc : *Docs) {
    std::string Written;
    llvm::raw_string_ostream OS(Written);
    writeExportFixes(Doc, OS);
    OS.flush();
    auto Again = parseExportFixes(Written, "written.yaml");
    FUZZ_CHECK(bool(Again), "cannot read back what was written: "
                                << llvm::toString(Again.takeError()) << "\n"
                                << Written);
    FUZZ_CHECK(Again->size() == 1 &&
                   (*Again)[0].Diagnostics.size() == Doc.Diagnostics.size(),
               "read back " << Again->size() << " documents");
    for (size_t I = 0; I < Doc.Diagnostics.size(); ++I) {
      const TidyDiagnostic &A = Doc.Diagnostics[I];
      const TidyDiagnostic &B = (*Again)[0].Diagnostics[I];
      FUZZ_CHECK(A.DiagnosticName == B.DiagnosticName,
                 "DiagnosticName '" << A.DiagnosticName << "' read back as '"
                                    << B.DiagnosticName << "'");
      std::string Diff = difference(A.DiagnosticMessage, B.DiagnosticMessage);
      FUZZ_CHECK(Diff.empty(), Diff);
      FUZZ_CHECK(A.Notes.size() == B.Notes.size(), "the number of notes");
      for (size_t N = 0; N < A.Notes.size(); ++N) {
        Diff = difference(A.Notes[N], B.Notes[N]);
        FUZZ_CHECK(Diff.empty(), "note: " << Diff);
      }
    }
  }
  return 0;
}
