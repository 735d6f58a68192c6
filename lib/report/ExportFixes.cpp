//===--- ExportFixes.cpp - clang-tidy's --export-fixes YAML ---------------===//

#include "report/ExportFixes.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"

using leakguard::report::TidyDiagnostic;
using leakguard::report::TidyDiagnostics;
using leakguard::report::TidyFileRange;
using leakguard::report::TidyMessage;
using leakguard::report::TidyReplacement;

LLVM_YAML_IS_SEQUENCE_VECTOR(TidyReplacement)
LLVM_YAML_IS_SEQUENCE_VECTOR(TidyFileRange)
LLVM_YAML_IS_SEQUENCE_VECTOR(TidyMessage)
LLVM_YAML_IS_SEQUENCE_VECTOR(TidyDiagnostic)
LLVM_YAML_IS_DOCUMENT_LIST_VECTOR(TidyDiagnostics)

namespace llvm {
namespace yaml {

/// Maps a key that is written even when it holds its default, as clang-tidy
/// writes it, and may be missing when read (the member keeps the default of
/// its declaration).
template <typename T> void mapAlways(IO &Io, const char *Key, T &Value) {
  if (Io.outputting())
    Io.mapRequired(Key, Value);
  else
    Io.mapOptional(Key, Value);
}

// The keys and their order are clang-tidy's (clang/Tooling/DiagnosticsYaml.h
// and ReplacementsYaml.h), so that clang-apply-replacements reads our output.
template <> struct MappingTraits<TidyReplacement> {
  static void mapping(IO &Io, TidyReplacement &R) {
    Io.mapRequired("FilePath", R.FilePath);
    Io.mapRequired("Offset", R.Offset);
    Io.mapRequired("Length", R.Length);
    Io.mapRequired("ReplacementText", R.ReplacementText);
  }
};

template <> struct MappingTraits<TidyFileRange> {
  static void mapping(IO &Io, TidyFileRange &R) {
    Io.mapRequired("FilePath", R.FilePath);
    Io.mapRequired("FileOffset", R.FileOffset);
    Io.mapRequired("Length", R.Length);
  }
};

template <> struct MappingTraits<TidyMessage> {
  static void mapping(IO &Io, TidyMessage &M) {
    Io.mapRequired("Message", M.Message);
    Io.mapOptional("FilePath", M.FilePath);
    Io.mapOptional("FileOffset", M.FileOffset);
    mapAlways(Io, "Replacements", M.Replacements);
    Io.mapOptional("Ranges", M.Ranges);
  }
};

template <> struct MappingTraits<TidyDiagnostic> {
  static void mapping(IO &Io, TidyDiagnostic &D) {
    Io.mapRequired("DiagnosticName", D.DiagnosticName);
    Io.mapRequired("DiagnosticMessage", D.DiagnosticMessage);
    Io.mapOptional("Notes", D.Notes);
    mapAlways(Io, "Level", D.Level);
    Io.mapOptional("BuildDirectory", D.BuildDirectory);
  }
};

template <> struct MappingTraits<TidyDiagnostics> {
  static void mapping(IO &Io, TidyDiagnostics &Doc) {
    Io.mapRequired("MainSourceFile", Doc.MainSourceFile);
    Io.mapOptional("Diagnostics", Doc.Diagnostics);
  }
};

} // namespace yaml
} // namespace llvm

namespace leakguard::report {

llvm::Expected<std::vector<TidyDiagnostics>>
parseExportFixes(llvm::StringRef Yaml, llvm::StringRef Name) {
  std::vector<TidyDiagnostics> Docs;
  if (Yaml.trim().empty())
    return Docs;
  std::string FirstError;
  auto Handler = [](const llvm::SMDiagnostic &Diag, void *Context) {
    auto *First = static_cast<std::string *>(Context);
    if (First->empty())
      *First = (llvm::Twine(Diag.getLineNo()) + ":" +
                llvm::Twine(Diag.getColumnNo() + 1) + ": " + Diag.getMessage())
                   .str();
  };
  llvm::yaml::Input In(Yaml, nullptr, Handler, &FirstError);
  // Newer clang-tidy versions may add keys; they do not matter here.
  In.setAllowUnknownKeys(true);
  In >> Docs;
  if (In.error())
    return llvm::createStringError(
        In.error(), "malformed export-fixes file '%s': %s", Name.str().c_str(),
        FirstError.empty() ? In.error().message().c_str() : FirstError.c_str());
  return Docs;
}

void writeExportFixes(const TidyDiagnostics &Diags, llvm::raw_ostream &OS) {
  llvm::yaml::Output Out(OS);
  TidyDiagnostics Copy = Diags; // yaml::Output wants a mutable reference.
  Out << Copy;
}

bool isCompilerError(const TidyDiagnostic &D) {
  llvm::StringRef Name = D.DiagnosticName;
  return Name == "clang-diagnostic-error" ||
         (Name.starts_with("clang-diagnostic-") && D.Level == "Error");
}

} // namespace leakguard::report
