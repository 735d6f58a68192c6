//===--- Findings.cpp - the findings of a run, ready to report ------------===//

#include "report/Findings.h"
#include "report/Fingerprint.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <tuple>

namespace leakguard::report {

std::string displayPath(llvm::StringRef Root, llvm::StringRef Path) {
  if (!Root.empty() && Path.starts_with(Root) && Path.size() > Root.size() &&
      llvm::sys::path::is_separator(Path[Root.size()]))
    return Path.substr(Root.size() + 1).str();
  return Path.str();
}

/// \p Path made absolute against \p BuildDir and normalized.
static std::string absolutePath(llvm::StringRef Path,
                                llvm::StringRef BuildDir) {
  llvm::SmallString<256> Abs;
  if (!Path.empty() && !llvm::sys::path::is_absolute(Path) &&
      !BuildDir.empty()) {
    Abs = BuildDir;
    llvm::sys::path::append(Abs, Path);
  } else {
    Abs = Path;
  }
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// How many bytes from \p Offset the highlighted text runs: to the end of
/// the range of \p Ranges (in \p Path) that holds it, else to the end of
/// the identifier or number there, else one character (none at a line end).
static unsigned highlightLength(llvm::StringRef Content, unsigned Offset,
                                llvm::StringRef Path,
                                llvm::ArrayRef<TidyFileRange> Ranges,
                                llvm::StringRef BuildDir) {
  for (const TidyFileRange &Range : Ranges)
    if (absolutePath(Range.FilePath, BuildDir) == Path &&
        Range.FileOffset <= Offset && Offset < Range.FileOffset + Range.Length)
      return Range.FileOffset + Range.Length - Offset;
  unsigned End = Offset;
  while (End < Content.size() &&
         (llvm::isAlnum(Content[End]) || Content[End] == '_'))
    ++End;
  if (End == Offset && End < Content.size() && Content[End] != '\n' &&
      Content[End] != '\r')
    ++End;
  return End - Offset;
}

static Location locate(Report &R, llvm::StringRef FilePath, unsigned Offset,
                       llvm::StringRef BuildDir, SourceCache &Sources,
                       llvm::ArrayRef<TidyFileRange> Ranges = {}) {
  Location L;
  L.Path = absolutePath(FilePath, BuildDir);
  L.DisplayPath = displayPath(R.Root, L.Path);
  L.Offset = Offset;
  if (const SourceText *Text = Sources.get(L.Path)) {
    L.Pos = Text->position(Offset);
    L.End = Text->position(Offset + highlightLength(Text->content(), Offset,
                                                    L.Path, Ranges, BuildDir));
  } else if (!L.Path.empty() &&
             !llvm::is_contained(R.UnreadableSources, L.Path))
    R.UnreadableSources.push_back(L.Path);
  return L;
}

static std::string sarifLevel(llvm::StringRef TidyLevel) {
  if (TidyLevel == "Error")
    return "error";
  if (TidyLevel == "Remark")
    return "note";
  return "warning";
}

void addDiagnostics(Report &R, const TidyDiagnostics &Diags,
                    llvm::StringRef MainFile, SourceCache &Sources) {
  unsigned CompilerErrors = 0;
  bool ErrorLimit = false;
  const TidyDiagnostic *FirstError = nullptr;
  for (const TidyDiagnostic &D : Diags.Diagnostics) {
    const TidyMessage &M = D.DiagnosticMessage;
    llvm::StringRef BuildDir = D.BuildDirectory;
    if (isCompilerError(D)) {
      // Clang's "too many errors emitted, stopping now" has no place and
      // sorts first; it is not the error to show.
      if (llvm::StringRef(M.Message).starts_with("too many errors emitted")) {
        ErrorLimit = true;
        continue;
      }
      ++CompilerErrors;
      // The first error with a place, else the first one.
      if (!FirstError || (FirstError->DiagnosticMessage.FilePath.empty() &&
                          !M.FilePath.empty()))
        FirstError = &D;
      continue;
    }
    Finding F;
    F.Rule = D.DiagnosticName;
    F.Level = sarifLevel(D.Level);
    F.Message = M.Message;
    F.Loc = locate(R, M.FilePath.empty() ? MainFile.str() : M.FilePath,
                   M.FileOffset, BuildDir, Sources, M.Ranges);
    for (const TidyMessage &N : D.Notes)
      F.Notes.push_back(
          {locate(R, N.FilePath, N.FileOffset, BuildDir, Sources, N.Ranges),
           N.Message});
    for (const TidyReplacement &Rep : M.Replacements) {
      Edit E;
      E.Begin = locate(R, Rep.FilePath, Rep.Offset, BuildDir, Sources);
      E.Length = Rep.Length;
      E.Text = Rep.ReplacementText;
      if (const SourceText *Text = Sources.get(E.Begin.Path))
        E.End = Text->position(Rep.Offset + Rep.Length);
      F.Fixes.push_back(std::move(E));
    }
    F.Raw = D;
    R.Findings.push_back(std::move(F));
  }
  if (CompilerErrors == 0 && !ErrorLimit)
    return;
  std::string Message =
      (llvm::Twine(CompilerErrors) + " compiler error" +
       (CompilerErrors == 1 ? "" : "s") +
       (ErrorLimit ? " (clang stopped at its error limit)" : ""))
          .str();
  if (FirstError) {
    const TidyMessage &M = FirstError->DiagnosticMessage;
    std::string Where;
    if (!M.FilePath.empty()) {
      Location L = locate(R, M.FilePath, M.FileOffset,
                          FirstError->BuildDirectory, Sources);
      Where = (llvm::Twine(L.DisplayPath) + ":" + llvm::Twine(L.Pos.Line) +
               ":" + llvm::Twine(L.Pos.Column) + ": ")
                  .str();
    }
    Message += ", the first: " + Where + M.Message;
  }
  std::string Path = absolutePath(MainFile, "");
  R.Errors.push_back({Path, displayPath(R.Root, Path), Message});
}

void finalizeFindings(Report &R, SourceCache &Sources) {
  auto Key = [](const Finding &F) {
    return std::make_tuple(llvm::StringRef(F.Loc.DisplayPath), F.Loc.Offset,
                           llvm::StringRef(F.Rule), llvm::StringRef(F.Message));
  };
  std::sort(
      R.Findings.begin(), R.Findings.end(),
      [&](const Finding &A, const Finding &B) { return Key(A) < Key(B); });
  // A header finding comes once from every translation unit that includes
  // the header.
  R.Findings.erase(std::unique(R.Findings.begin(), R.Findings.end(),
                               [&](const Finding &A, const Finding &B) {
                                 return Key(A) == Key(B);
                               }),
                   R.Findings.end());
  llvm::StringMap<unsigned> Seen;
  for (Finding &F : R.Findings) {
    const SourceText *Text = Sources.get(F.Loc.Path);
    SourceText Empty("");
    std::string Hash = lineContextFingerprint(
        F.Rule, F.Loc.DisplayPath, Text ? *Text : Empty, F.Loc.Pos.Line);
    unsigned N = ++Seen[Hash];
    F.Fingerprint = N == 1 ? Hash : Hash + ":" + std::to_string(N);
  }
  std::sort(R.Errors.begin(), R.Errors.end(),
            [](const RunError &A, const RunError &B) {
              return std::tie(A.DisplayPath, A.Message) <
                     std::tie(B.DisplayPath, B.Message);
            });
}

} // namespace leakguard::report
