//===--- ReportOutput.cpp - writing a report in the chosen format ---------===//

#include "ReportOutput.h"
#include "Color.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"

using namespace leakguard::report;
using namespace llvm;

namespace leakguard {

ToolInfo leakguardTool() {
  ToolInfo Tool;
  Tool.Version = LEAKGUARD_VERSION;
  Tool.InformationUri = LEAKGUARD_HOMEPAGE;
  return Tool;
}

std::string projectRoot(llvm::StringRef Explicit) {
  llvm::SmallString<256> Dir(Explicit);
  if (Dir.empty()) {
    llvm::sys::fs::current_path(Dir);
    for (llvm::SmallString<256> Up = Dir; !Up.empty();
         Up = llvm::sys::path::parent_path(Up)) {
      llvm::SmallString<256> Git(Up);
      llvm::sys::path::append(Git, ".git");
      if (llvm::sys::fs::exists(Git)) {
        Dir = Up;
        break;
      }
    }
  }
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  while (Dir.size() > 1 && llvm::sys::path::is_separator(Dir.back()))
    Dir.pop_back();
  return std::string(Dir);
}

/// Reads all of \p Path, or stdin for "-".
llvm::Expected<std::string> readInput(StringRef Path, StringRef What) {
  auto Buffer = Path == "-" ? MemoryBuffer::getSTDIN()
                            : MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot read %s '%s': %s",
                             What.str().c_str(), Path.str().c_str(),
                             Buffer.getError().message().c_str());
  return (*Buffer)->getBuffer().str();
}

/// The first line of \p Text.
static StringRef firstLine(StringRef Text) {
  return Text.trim().split('\n').first.trim();
}

/// `git diff -U0 <Ref>` run in the root, paths relative to it.
static Expected<std::string> gitDiff(StringRef RootDir, StringRef Ref) {
  auto Git = sys::findProgramByName("git");
  if (!Git)
    return createStringError(Git.getError(), "--diff needs git: not found");
  SmallString<128> OutPath, ErrPath;
  if (sys::fs::createTemporaryFile("leakguard-diff", "out", OutPath) ||
      sys::fs::createTemporaryFile("leakguard-diff", "err", ErrPath))
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a temporary file");
  FileRemover RemoveOut(OutPath), RemoveErr(ErrPath);
  StringRef Args[] = {*Git,  "-C",         RootDir,         "diff",
                      "-U0", "--no-color", "--no-ext-diff", "--relative",
                      Ref,   "--"};
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(OutPath),
                                          StringRef(ErrPath)};
  int Status = sys::ExecuteAndWait(*Git, Args, std::nullopt, Redirects);
  if (Status != 0) {
    auto Err = readInput(ErrPath, "git's output");
    return createStringError(
        inconvertibleErrorCode(),
        "git diff " + Ref + " failed: " +
            (Err ? firstLine(*Err).str() : std::string("no message")));
  }
  return readInput(OutPath, "git's output");
}

Expected<ChangedLines> readChangedLines(StringRef RootDir, StringRef Ref) {
  // git would take "-x" as one of its options, not as a revision.
  if (Ref != "-" && Ref.starts_with("-"))
    return createStringError(inconvertibleErrorCode(),
                             "--diff '" + Ref +
                                 "': a git revision cannot start with '-' "
                                 "('--diff -' reads a diff from stdin)");
  auto Text = Ref == "-" ? readInput("-", "diff") : gitDiff(RootDir, Ref);
  if (!Text)
    return Text.takeError();
  return parseUnifiedDiff(*Text);
}

Expected<StringMap<unsigned>> readBaselineFile(StringRef Path) {
  auto Text = readInput(Path, "baseline");
  if (!Text)
    return Text.takeError();
  return readBaseline(*Text, Path);
}

int reportError(const llvm::Twine &Message) {
  llvm::outs().flush();
  llvm::WithColor::error(llvm::errs(), "leakguard") << Message << "\n";
  return 2;
}

void reportWarning(const llvm::Twine &Message) {
  llvm::outs().flush();
  llvm::WithColor::warning(llvm::errs(), "leakguard") << Message << "\n";
}

/// "path:line:col: <level>: message" and the source line with a caret.
static void writeDiagnostic(const Location &L, llvm::StringRef Level,
                            llvm::StringRef Message, llvm::StringRef Rule,
                            SourceCache &Sources, bool Color,
                            llvm::raw_ostream &OS) {
  if (Color)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  OS << L.DisplayPath << ":" << L.Pos.Line << ":" << L.Pos.Column << ": ";
  if (Color)
    OS.changeColor(Level == "note"    ? llvm::raw_ostream::BLACK
                   : Level == "error" ? llvm::raw_ostream::RED
                                      : llvm::raw_ostream::MAGENTA,
                   /*Bold=*/true);
  OS << Level << ": ";
  if (Color)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  OS << Message;
  if (!Rule.empty())
    OS << " [" << Rule << "]";
  if (Color)
    OS.resetColor();
  OS << "\n";
  const SourceText *Text = Sources.get(L.Path);
  if (!Text)
    return;
  llvm::StringRef Line = Text->line(L.Pos.Line);
  std::string Number = std::to_string(L.Pos.Line);
  OS << llvm::right_justify(Number, 5) << " | " << Line << "\n";
  std::string Caret;
  for (unsigned I = 0; I + 1 < L.Pos.Column && I < Line.size(); ++I)
    Caret += Line[I] == '\t' ? '\t' : ' ';
  OS << "      | " << Caret;
  if (Color)
    OS.changeColor(llvm::raw_ostream::GREEN, /*Bold=*/true);
  OS << "^";
  if (Color)
    OS.resetColor();
  OS << "\n";
}

/// The edits of a fix-it that start on one line: the line once, '~' under
/// what each replaces there ('^' where one inserts), and the new text of
/// each below it, at its column, as clang prints fix-it hints. The lines of
/// a multi-line new text follow.
static void writeFixLine(llvm::ArrayRef<const Edit *> Edits,
                         SourceCache &Sources, bool Color,
                         llvm::raw_ostream &OS) {
  const SourceText *Text = Sources.get(Edits.front()->Begin.Path);
  if (!Text)
    return;
  unsigned LineNo = Edits.front()->Begin.Pos.Line;
  llvm::StringRef Line = Text->line(LineNo);
  OS << llvm::right_justify(std::to_string(LineNo), 5) << " | " << Line << "\n";
  // Columns are bytes; a tab stays a tab so that the marks line up.
  auto Pad = [&](std::string &Out, unsigned Column) {
    while (Out.size() + 1 < Column)
      Out += Out.size() < Line.size() && Line[Out.size()] == '\t' ? '\t' : ' ';
  };
  std::string Marks, Texts;
  std::vector<llvm::StringRef> MoreLines;
  for (const Edit *E : Edits) {
    unsigned Column = E->Begin.Pos.Column;
    unsigned End =
        E->End.Line == LineNo ? E->End.Column : unsigned(Line.size()) + 1;
    Pad(Marks, Column);
    if (E->Length == 0)
      Marks += '^';
    else
      Marks.append(std::max(End, Column + 1) - Column, '~');
    llvm::StringRef New = E->Text;
    New.consume_back("\n");
    auto [First, Rest] = New.split('\n');
    if (!Texts.empty() && Texts.size() + 1 > Column)
      Texts += ' '; // Hints that would touch are kept apart.
    Pad(Texts, Column);
    Texts += First;
    while (!Rest.empty()) {
      auto [Next, After] = Rest.split('\n');
      MoreLines.push_back(Next);
      Rest = After;
    }
  }
  auto Colored = [&](llvm::StringRef S, bool Bold) {
    OS << "      | ";
    if (Color)
      OS.changeColor(llvm::raw_ostream::GREEN, Bold);
    OS << S;
    if (Color)
      OS.resetColor();
    OS << "\n";
  };
  Colored(Marks, /*Bold=*/true);
  if (!llvm::StringRef(Texts).trim().empty())
    Colored(Texts, /*Bold=*/false);
  for (llvm::StringRef More : MoreLines)
    Colored(More, /*Bold=*/false);
}

void writeText(const Report &R, SourceCache &Sources, bool Color,
               llvm::raw_ostream &OS, bool ShowFixes) {
  for (const Finding &F : R.Findings) {
    writeDiagnostic(F.Loc, F.Level, F.Message, F.Rule, Sources, Color, OS);
    if (ShowFixes) {
      std::vector<const Edit *> Edits;
      for (const Edit &E : F.Fixes)
        Edits.push_back(&E);
      llvm::sort(Edits, [](const Edit *A, const Edit *B) {
        return std::tie(A->Begin.Path, A->Begin.Offset) <
               std::tie(B->Begin.Path, B->Begin.Offset);
      });
      for (size_t I = 0; I < Edits.size();) {
        size_t J = I + 1;
        while (J < Edits.size() &&
               Edits[J]->Begin.Path == Edits[I]->Begin.Path &&
               Edits[J]->Begin.Pos.Line == Edits[I]->Begin.Pos.Line)
          ++J;
        writeFixLine(llvm::ArrayRef(Edits).slice(I, J - I), Sources, Color, OS);
        I = J;
      }
    }
    for (const Note &N : F.Notes)
      writeDiagnostic(N.Loc, "note", N.Message, "", Sources, Color, OS);
  }
  for (const RunError &E : R.Errors) {
    if (Color)
      OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
    OS << (E.DisplayPath.empty() ? "leakguard" : E.DisplayPath) << ": ";
    if (Color)
      OS.changeColor(llvm::raw_ostream::RED, /*Bold=*/true);
    OS << "error: ";
    if (Color)
      OS.resetColor();
    OS << E.Message << "\n";
  }
}

void writeSummary(const Report &R, llvm::raw_ostream &OS) {
  size_t N = R.Findings.size();
  OS << "leakguard: " << N << (N == 1 ? " finding" : " findings") << " in "
     << R.TranslationUnits
     << (R.TranslationUnits == 1 ? " translation unit" : " translation units");
  if (!R.Errors.empty())
    OS << ", " << R.Errors.size() << " with errors";
  if (R.SuppressedByBaseline)
    OS << "; " << R.SuppressedByBaseline << " suppressed by the baseline";
  if (R.OutsideDiff)
    OS << "; " << R.OutsideDiff << " outside the diff";
  OS << "\n";
}

/// Opens \p Path for writing, or stdout for "" and "-".
static llvm::Expected<std::unique_ptr<llvm::raw_fd_ostream>>
openOutput(llvm::StringRef Path) {
  std::error_code EC;
  auto OS = std::make_unique<llvm::raw_fd_ostream>(
      Path.empty() ? llvm::StringRef("-") : Path, EC);
  if (EC)
    return llvm::createStringError(EC, "cannot write '%s': %s",
                                   Path.str().c_str(), EC.message().c_str());
  return std::move(OS);
}

void writeReportTo(const Report &R, Format F, llvm::ArrayRef<RuleInfo> Rules,
                   SourceCache &Sources, llvm::raw_ostream &OS, bool Color) {
  if (F == Format::Text) {
    writeText(R, Sources, Color, OS);
    writeSummary(R, OS);
  } else {
    llvm::json::Value V = F == Format::Sarif
                              ? toSarif(R, Rules, leakguardTool())
                              : toJson(R, leakguardTool());
    OS << llvm::formatv("{0:2}", V) << "\n";
  }
  OS.flush();
}

llvm::Error writeReport(const Report &R, Format F,
                        llvm::ArrayRef<RuleInfo> Rules, SourceCache &Sources,
                        llvm::StringRef OutputPath) {
  bool ToStdout = OutputPath.empty() || OutputPath == "-";
  if (ToStdout && F == Format::Text) {
    writeReportTo(R, F, Rules, Sources, llvm::outs(), useColor(llvm::outs()));
    return llvm::Error::success();
  }
  auto OS = openOutput(ToStdout ? "-" : OutputPath);
  if (!OS)
    return OS.takeError();
  writeReportTo(R, F, Rules, Sources, **OS, /*Color=*/false);
  if ((*OS)->has_error()) {
    std::error_code EC = (*OS)->error();
    (*OS)->clear_error();
    return llvm::createStringError(EC, "cannot write '%s': %s",
                                   OutputPath.str().c_str(),
                                   EC.message().c_str());
  }
  return llvm::Error::success();
}

llvm::Error writeMergedExportFixes(const Report &R, llvm::StringRef Path) {
  TidyDiagnostics Merged; // MainSourceFile stays empty, as when merged.
  for (const Finding &F : R.Findings)
    Merged.Diagnostics.push_back(F.Raw);
  auto OS = openOutput(Path);
  if (!OS)
    return OS.takeError();
  writeExportFixes(Merged, **OS);
  return llvm::Error::success();
}

} // namespace leakguard
