//===--- FixApplier.cpp - applying fix-its without corrupting files -------===//

#include "report/FixApplier.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <tuple>
#include <unistd.h>

namespace leakguard::report {

/// Whether \p Text only adds #include lines (and blank ones).
static bool onlyIncludes(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 4> Lines;
  Text.split(Lines, '\n');
  bool Any = false;
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.empty())
      continue;
    if (!Line.consume_front("#") || !Line.ltrim().starts_with("include"))
      return false;
    Any = true;
  }
  return Any && Text.ends_with("\n");
}

bool editsConflict(const FileEdit &A, const FileEdit &B) {
  if (A.Path != B.Path || A == B)
    return false;
  unsigned AEnd = A.Offset + A.Length, BEnd = B.Offset + B.Length;
  // Two insertions at one place conflict (which goes first?), unless both
  // only add includes: whole lines, in either order the same file.
  if (A.Length == 0 && B.Length == 0)
    return A.Offset == B.Offset &&
           !(onlyIncludes(A.Text) && onlyIncludes(B.Text));
  if (A.Length == 0)
    return B.Offset < A.Offset && A.Offset < BEnd;
  if (B.Length == 0)
    return A.Offset < B.Offset && B.Offset < AEnd;
  return A.Offset < BEnd && B.Offset < AEnd;
}

FixPlan planFixes(llvm::ArrayRef<std::vector<FileEdit>> Fixes) {
  FixPlan Plan;
  std::vector<FileEdit> TakenEdits;
  for (unsigned I = 0; I < Fixes.size(); ++I) {
    bool Conflicts = llvm::any_of(Fixes[I], [&](const FileEdit &E) {
      return llvm::any_of(
          TakenEdits, [&](const FileEdit &T) { return editsConflict(E, T); });
    });
    if (Conflicts) {
      Plan.Conflicting.push_back(I);
      continue;
    }
    Plan.Taken.push_back(I);
    for (const FileEdit &E : Fixes[I])
      if (!llvm::is_contained(TakenEdits, E))
        TakenEdits.push_back(E);
  }
  for (const FileEdit &E : TakenEdits)
    Plan.EditsByFile[E.Path].push_back(E);
  for (auto &Entry : Plan.EditsByFile)
    // An insertion goes before a replacement at the same offset.
    std::sort(Entry.second.begin(), Entry.second.end(),
              [](const FileEdit &A, const FileEdit &B) {
                return std::tie(A.Offset, A.Length, A.Text) <
                       std::tie(B.Offset, B.Length, B.Text);
              });
  return Plan;
}

llvm::Expected<std::string> applyEdits(llvm::StringRef Content,
                                       llvm::ArrayRef<FileEdit> Edits) {
  std::string Out;
  unsigned Done = 0;
  for (const FileEdit &E : Edits) {
    if (E.Offset < Done || E.Offset + E.Length > Content.size())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "edit at offset " + llvm::Twine(E.Offset) +
                                         " of '" + E.Path +
                                         "' does not fit the file");
    Out += Content.slice(Done, E.Offset);
    Out += E.Text;
    Done = E.Offset + E.Length;
  }
  Out += Content.substr(Done);
  return Out;
}

/// The start offset of every line of \p Text, plus its size at the end.
static std::vector<unsigned> lineStarts(llvm::StringRef Text) {
  std::vector<unsigned> Starts{0};
  for (unsigned I = 0; I < Text.size(); ++I)
    if (Text[I] == '\n' && I + 1 < Text.size())
      Starts.push_back(I + 1);
  Starts.push_back(Text.size());
  return Starts;
}

/// The 0-based line holding \p Offset.
static unsigned lineIndex(const std::vector<unsigned> &Starts,
                          unsigned Offset) {
  auto It = std::upper_bound(Starts.begin(), Starts.end() - 1, Offset);
  return (It - Starts.begin()) - 1;
}

/// Splits \p Text into lines, each without its '\n'.
static std::vector<llvm::StringRef> splitLines(llvm::StringRef Text) {
  std::vector<llvm::StringRef> Lines;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Lines.push_back(Line);
    Text = Rest;
  }
  return Lines;
}

void writeEditDiff(llvm::StringRef DisplayPath, llvm::StringRef Content,
                   llvm::ArrayRef<FileEdit> Edits, llvm::raw_ostream &OS) {
  if (Edits.empty())
    return;
  const unsigned Context = 3;
  std::vector<unsigned> Starts = lineStarts(Content);
  unsigned LineCount = Starts.size() - 1;
  std::vector<llvm::StringRef> Old = splitLines(Content);

  // Group the edits into changed line blocks [First, Last] (0-based,
  // inclusive) of the old file; blocks that touch or share a line merge.
  struct Block {
    unsigned First, Last;
    std::vector<FileEdit> Edits;
  };
  std::vector<Block> Blocks;
  for (const FileEdit &E : Edits) {
    unsigned First = lineIndex(Starts, E.Offset);
    unsigned End = E.Offset + E.Length;
    unsigned Last = E.Length == 0 ? First : lineIndex(Starts, End - 1);
    // A deletion that ends at the end of a line and not at its start takes
    // the line's content only; the line itself stays.
    Last = std::max(First, Last);
    if (!Blocks.empty() && First <= Blocks.back().Last + 1 &&
        First >= Blocks.back().First) {
      Blocks.back().Last = std::max(Blocks.back().Last, Last);
      Blocks.back().Edits.push_back(E);
    } else {
      Blocks.push_back({First, Last, {E}});
    }
  }

  OS << "--- a/" << DisplayPath << "\n+++ b/" << DisplayPath << "\n";
  int Shift = 0; // New line number minus old line number so far.
  for (unsigned B = 0; B < Blocks.size();) {
    // A hunk: blocks whose contexts touch.
    unsigned E = B + 1;
    while (E < Blocks.size() &&
           Blocks[E].First <= Blocks[E - 1].Last + 2 * Context + 1)
      ++E;
    unsigned HunkFirst =
        Blocks[B].First >= Context ? Blocks[B].First - Context : 0;
    unsigned HunkLast =
        std::min(Blocks[E - 1].Last + Context, LineCount ? LineCount - 1 : 0);
    std::string Body;
    llvm::raw_string_ostream Lines(Body);
    unsigned OldCount = 0, NewCount = 0;
    unsigned Line = HunkFirst;
    for (unsigned I = B; I < E; ++I) {
      for (; Line < Blocks[I].First; ++Line, ++OldCount, ++NewCount)
        Lines << " " << Old[Line] << "\n";
      unsigned BlockStart = Starts[Blocks[I].First];
      unsigned BlockEnd = Starts[Blocks[I].Last + 1];
      std::vector<FileEdit> Local = Blocks[I].Edits;
      for (FileEdit &L : Local)
        L.Offset -= BlockStart;
      llvm::StringRef OldText = Content.slice(BlockStart, BlockEnd);
      std::string NewText = llvm::cantFail(applyEdits(OldText, Local));
      // Lines the edits leave as they were are context, not changes.
      std::vector<llvm::StringRef> OldLines = splitLines(OldText);
      std::vector<llvm::StringRef> NewLines = splitLines(NewText);
      size_t Prefix = 0, Suffix = 0;
      while (Prefix < OldLines.size() && Prefix < NewLines.size() &&
             OldLines[Prefix] == NewLines[Prefix])
        ++Prefix;
      while (Suffix + Prefix < OldLines.size() &&
             Suffix + Prefix < NewLines.size() &&
             OldLines[OldLines.size() - 1 - Suffix] ==
                 NewLines[NewLines.size() - 1 - Suffix])
        ++Suffix;
      auto Context = [&](llvm::StringRef L) {
        Lines << " " << L << "\n";
        ++OldCount;
        ++NewCount;
      };
      for (size_t I = 0; I < Prefix; ++I)
        Context(OldLines[I]);
      for (size_t I = Prefix; I + Suffix < OldLines.size(); ++I, ++OldCount)
        Lines << "-" << OldLines[I] << "\n";
      for (size_t I = Prefix; I + Suffix < NewLines.size(); ++I, ++NewCount)
        Lines << "+" << NewLines[I] << "\n";
      for (size_t I = OldLines.size() - Suffix; I < OldLines.size(); ++I)
        Context(OldLines[I]);
      Line = Blocks[I].Last + 1;
    }
    for (; Line <= HunkLast && Line < Old.size();
         ++Line, ++OldCount, ++NewCount)
      Lines << " " << Old[Line] << "\n";
    OS << "@@ -" << HunkFirst + 1 << "," << OldCount << " +"
       << int(HunkFirst + 1) + Shift << "," << NewCount << " @@\n"
       << Body;
    Shift += int(NewCount) - int(OldCount);
    B = E;
  }
}

/// The tests' fault-injection switch (docs/reliability.md): with
/// LEAKGUARD_FAULT_WRITE_LIMIT=N in the environment, writing a file stops
/// after N bytes with "No space left on device", as on a full disk.
static std::optional<size_t> faultWriteLimit() {
  const char *Value = std::getenv("LEAKGUARD_FAULT_WRITE_LIMIT");
  size_t Limit;
  if (!Value || llvm::StringRef(Value).getAsInteger(10, Limit))
    return std::nullopt;
  return Limit;
}

llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content) {
  // Through a symbolic link: replace the file it names, not the link.
  llvm::SmallString<256> Target;
  if (llvm::sys::fs::real_path(Path, Target))
    Target = Path;
  llvm::SmallString<256> Model(Target);
  Model += ".leakguard-%%%%%%.tmp";
  int FD;
  llvm::SmallString<256> TempPath;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, TempPath))
    return llvm::createStringError(EC,
                                   "cannot create a temporary file next "
                                   "to '%s': %s",
                                   Path.str().c_str(), EC.message().c_str());
  // An interrupted run must not leave the temporary file in the sources.
  llvm::sys::RemoveFileOnSignal(TempPath);
  auto Forget = llvm::make_scope_exit(
      [&] { llvm::sys::DontRemoveFileOnSignal(TempPath); });
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    std::optional<size_t> Limit = faultWriteLimit();
    bool Full = Limit && *Limit < Content.size();
    OS << (Full ? Content.take_front(*Limit) : Content);
    OS.flush();
    std::error_code EC = OS.error();
    if (Full && !EC)
      EC = std::make_error_code(std::errc::no_space_on_device);
    // On disk before it replaces the original: a crash of the machine
    // right after the rename must not leave an empty file.
    if (!EC && ::fsync(FD) != 0)
      EC = std::error_code(errno, std::generic_category());
    OS.close();
    if (!EC && OS.has_error())
      EC = OS.error();
    if (EC) {
      OS.clear_error();
      llvm::sys::fs::remove(TempPath);
      return llvm::createStringError(EC, "cannot write '%s': %s",
                                     Path.str().c_str(), EC.message().c_str());
    }
  }
  auto Perms = llvm::sys::fs::getPermissions(Target);
  if (Perms)
    llvm::sys::fs::setPermissions(TempPath, *Perms);
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Target)) {
    llvm::sys::fs::remove(TempPath);
    return llvm::createStringError(EC, "cannot replace '%s': %s",
                                   Path.str().c_str(), EC.message().c_str());
  }
  return llvm::Error::success();
}

} // namespace leakguard::report
