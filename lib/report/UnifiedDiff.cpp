//===--- UnifiedDiff.cpp - the lines a unified diff changes ---------------===//

#include "report/UnifiedDiff.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"

namespace leakguard::report {

bool ChangedLines::contains(llvm::StringRef Path, unsigned Line) const {
  auto It = Files.find(Path);
  if (It == Files.end())
    return false;
  for (const auto &[First, Last] : It->second)
    if (First <= Line && Line <= Last)
      return true;
  return false;
}

void ChangedLines::add(llvm::StringRef Path, unsigned First, unsigned Last) {
  Files[Path].push_back({First, Last});
}

/// The path of a "+++ " line: without a tab-separated timestamp, quotes or
/// git's "b/" prefix; empty for /dev/null.
static std::string newPath(llvm::StringRef Header) {
  llvm::StringRef Path = Header.split('\t').first.rtrim();
  if (Path.size() >= 2 && Path.front() == '"' && Path.back() == '"')
    Path = Path.drop_front().drop_back();
  if (Path == "/dev/null")
    return "";
  if (Path.starts_with("b/"))
    Path = Path.drop_front(2);
  return Path.str();
}

/// Reads "N" or "N,M" into \p Start and \p Count (Count 1 when absent).
static bool parseRange(llvm::StringRef Text, unsigned &Start, unsigned &Count) {
  auto [StartText, CountText] = Text.split(',');
  Count = 1;
  if (StartText.getAsInteger(10, Start))
    return false;
  return CountText.empty() || !CountText.getAsInteger(10, Count);
}

llvm::Expected<ChangedLines> parseUnifiedDiff(llvm::StringRef Diff) {
  ChangedLines Result;
  // Nothing at all is a diff of nothing; text without a file header is not
  // a diff (a wrong file piped in must not read as "nothing changed").
  bool SawHeader = false;
  std::string Path;
  unsigned NewLine = 0; // The next line of the new file in the hunk.
  unsigned OldLeft = 0, NewLeft = 0;
  bool PendingDeletion = false;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Diff.split(Lines, '\n');
  unsigned LineNo = 0;
  for (llvm::StringRef Line : Lines) {
    ++LineNo;
    Line = Line.rtrim('\r');
    if (OldLeft > 0 || NewLeft > 0) {
      // Inside a hunk.
      char Kind = Line.empty() ? ' ' : Line.front();
      if (Kind == '\\')
        continue; // "\ No newline at end of file"
      if (Kind == '+') {
        if (!Path.empty())
          Result.add(Path, NewLine, NewLine);
        ++NewLine;
        --NewLeft;
        PendingDeletion = false;
      } else if (Kind == '-') {
        --OldLeft;
        PendingDeletion = true;
      } else {
        if (PendingDeletion && !Path.empty())
          Result.add(Path, NewLine ? NewLine - 1 : 1, NewLine);
        PendingDeletion = false;
        ++NewLine;
        --OldLeft;
        --NewLeft;
      }
      if (OldLeft == 0 && NewLeft == 0 && PendingDeletion && !Path.empty())
        Result.add(Path, NewLine ? NewLine - 1 : 1, NewLine);
      continue;
    }
    if (Line.starts_with("+++ ")) {
      Path = newPath(Line.drop_front(4));
      SawHeader = true;
      continue;
    }
    if (Line.starts_with("diff --git ")) {
      SawHeader = true; // Mode changes, binary files: no "+++" follows.
      continue;
    }
    if (Line.starts_with("@@") && !SawHeader)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "malformed diff, line " + llvm::Twine(LineNo) +
              ": a hunk before any file header ('+++ ')");
    if (Line.starts_with("@@ ")) {
      // @@ -a[,b] +c[,d] @@
      llvm::SmallVector<llvm::StringRef, 4> Parts;
      Line.split(Parts, ' ', /*MaxSplit=*/4, /*KeepEmpty=*/false);
      unsigned OldStart, NewStart;
      if (Parts.size() < 4 || !Parts[1].starts_with("-") ||
          !Parts[2].starts_with("+") ||
          !parseRange(Parts[1].drop_front(), OldStart, OldLeft) ||
          !parseRange(Parts[2].drop_front(), NewStart, NewLeft))
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "malformed diff, line " + llvm::Twine(LineNo) + ": '" + Line + "'");
      // With no new lines, c names the line after which lines were deleted.
      NewLine = NewLeft == 0 ? NewStart + 1 : NewStart;
      PendingDeletion = false;
      continue;
    }
  }
  if (!SawHeader && !Diff.trim().empty())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "not a unified diff: no file header ('diff --git' or '+++ ')");
  return Result;
}

} // namespace leakguard::report
