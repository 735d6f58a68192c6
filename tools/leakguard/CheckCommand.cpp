//===--- CheckCommand.cpp - leakguard check -------------------------------===//
//
// Runs the leak- checks through one leakguard-tidy process over files or a
// compile database and prints clang-tidy's findings with a summary line.
//
//===----------------------------------------------------------------------===//

#include "Color.h"
#include "Commands.h"
#include "CompileDatabase.h"
#include "ConfigCheck.h"
#include "ReportOutput.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

using namespace leakguard::report;

using namespace llvm;

namespace leakguard {

cl::SubCommand CheckCommand("check",
                            "Run the leak- checks and print their findings");

namespace {

cl::opt<std::string> BuildPath("p",
                               cl::desc("Build directory with a "
                                        "compile_commands.json"),
                               cl::value_desc("dir"), cl::sub(CheckCommand));
cl::list<std::string> Paths(cl::Positional,
                            cl::desc("<files or directories> [-- <compiler "
                                     "arguments>]"),
                            cl::sub(CheckCommand));
cl::opt<std::string> Checks("checks",
                            cl::desc("Checks to run, as clang-tidy's -checks "
                                     "(default: leak-*)"),
                            cl::init("-*,leak-*"), cl::sub(CheckCommand));
cl::opt<ColorChoice>
    Color("color",
          cl::desc("Colour the output (default: auto, on a terminal unless "
                   "NO_COLOR is set)"),
          cl::init(ColorChoice::Auto),
          cl::values(clEnumValN(ColorChoice::Auto, "auto",
                                "on a terminal, unless NO_COLOR is set"),
                     clEnumValN(ColorChoice::Always, "always", "always"),
                     clEnumValN(ColorChoice::Never, "never", "never")),
          cl::sub(CheckCommand));

} // namespace

int runCheck(const char *Argv0, const CompilerArgs &Compiler) {
  setUpColor(Color);
  std::optional<std::string> Tidy = findTidy(Argv0);
  if (!Tidy)
    return reportError("cannot find leakguard-tidy next to the leakguard "
                       "executable");

  std::vector<std::string> Skipped;
  auto Selected = selectTranslationUnits(BuildPath, Paths,
                                         /*SkipUnlisted=*/false, Skipped);
  if (!Selected)
    return reportError(toString(Selected.takeError()));
  std::vector<std::string> &Files = *Selected;
  if (Files.empty())
    return reportError("no source files to analyze");

  // A broken .clang-tidy, an unknown leak- option or an invalid value is an
  // input error, before anything is analyzed.
  ConfigSources Config;
  Config.TidyPath = *Tidy;
  Config.Options = {"--checks=" + Checks};
  SmallString<256> CurrentDir;
  sys::fs::current_path(CurrentDir);
  Config.Root = std::string(CurrentDir); // Paths as the user typed them.
  if (Error Err = checkConfiguration(Config, Files))
    return reportError(toString(std::move(Err)));

  // Findings stay warnings whatever the project's WarningsAsErrors says:
  // the exit code tells findings (1) from errors (2). The diagnostics are
  // read from the export file and printed here: clang's own renderer
  // numbers an excerpt wrongly when a fix-it reaches far from the warning
  // (an #include inserted at the top of the file).
  SmallString<128> OutPath, ErrPath, YamlPath;
  if (sys::fs::createTemporaryFile("leakguard", "out", OutPath) ||
      sys::fs::createTemporaryFile("leakguard", "err", ErrPath) ||
      sys::fs::createTemporaryFile("leakguard", "yaml", YamlPath))
    return reportError("cannot create a temporary file");
  FileRemover RemoveOut(OutPath), RemoveErr(ErrPath), RemoveYaml(YamlPath);
  sys::fs::remove(YamlPath); // clang-tidy writes none when there is nothing.
  std::vector<std::string> Args = {*Tidy, "--checks=" + Checks,
                                   "--warnings-as-errors=-*", "--quiet",
                                   ("--export-fixes=" + YamlPath).str()};
  if (!BuildPath.empty())
    Args.push_back("-p=" + BuildPath);
  Args.insert(Args.end(), Files.begin(), Files.end());
  if (BuildPath.empty() || (Compiler && !Compiler->empty())) {
    Args.push_back("--");
    if (Compiler)
      Args.insert(Args.end(), Compiler->begin(), Compiler->end());
  }
  std::optional<StringRef> Redirects[] = {std::nullopt, StringRef(OutPath),
                                          StringRef(ErrPath)};
  std::vector<StringRef> ArgRefs(Args.begin(), Args.end());
  std::string ErrMsg;
  int Status = sys::ExecuteAndWait(*Tidy, ArgRefs, std::nullopt, Redirects, 0,
                                   0, &ErrMsg);
  if (Status < 0)
    return reportError("leakguard-tidy did not run: " + ErrMsg);

  Report R;
  R.Root = std::string(CurrentDir);
  SourceCache Sources;
  unsigned Errors = 0;
  if (sys::fs::exists(YamlPath)) {
    auto Yaml = MemoryBuffer::getFile(YamlPath);
    auto Docs = parseExportFixes(Yaml ? (*Yaml)->getBuffer() : "", YamlPath);
    if (!Docs)
      return reportError(toString(Docs.takeError()));
    for (TidyDiagnostics &Doc : *Docs) {
      // Every compiler error where it is, as clang prints them, rather than
      // one error per unit as scan reports them.
      for (TidyDiagnostic &D : Doc.Diagnostics)
        if (D.DiagnosticName == "clang-diagnostic-error") {
          ++Errors;
          if (!D.DiagnosticMessage.FilePath.empty())
            D.DiagnosticName = "";
        }
      addDiagnostics(R, Doc, Doc.MainSourceFile, Sources);
    }
  }
  finalizeFindings(R, Sources);
  writeText(R, Sources, useColor(outs()), outs(), /*ShowFixes=*/true);
  unsigned Warnings = llvm::count_if(
      R.Findings, [](const Finding &F) { return !F.Rule.empty(); });

  // clang-tidy's progress chatter ("N warnings generated.") is noise here;
  // anything else it said on stderr is worth showing.
  auto Err = MemoryBuffer::getFile(ErrPath);
  StringRef ErrText = Err ? (*Err)->getBuffer() : "";
  SmallVector<StringRef, 16> ErrLines;
  ErrText.split(ErrLines, '\n', -1, false);
  outs().flush();
  for (StringRef Line : ErrLines)
    if (!Line.ends_with(" generated.") && !Line.starts_with("Suppressed ") &&
        !Line.starts_with("Use -header-filter") &&
        !Line.starts_with("Error while processing") &&
        !Line.starts_with("Found compiler error") &&
        !(Line.starts_with("[") && Line.contains("] Processing file ")))
      errs() << Line << "\n";

  outs() << "leakguard: " << Warnings
         << (Warnings == 1 ? " finding" : " findings") << " in " << Files.size()
         << (Files.size() == 1 ? " file" : " files") << " analyzed\n";
  if (Errors > 0 || (Status != 0 && Warnings == 0))
    return reportError(Twine(Errors) + " compiler error(s) while analyzing; "
                                       "the findings above may be "
                                       "incomplete");
  return Warnings > 0 ? Findings : NoFindings;
}

std::optional<std::string> findTidy(const char *Argv0, StringRef Override) {
  std::string Chosen = Override.str();
  if (Chosen.empty())
    if (std::optional<std::string> Env = sys::Process::GetEnv("LEAKGUARD_TIDY"))
      Chosen = *Env;
  if (!Chosen.empty()) {
    if (sys::fs::can_execute(Chosen))
      return Chosen;
    return std::nullopt;
  }
  std::string Self =
      sys::fs::getMainExecutable(Argv0, reinterpret_cast<void *>(&reportError));
  SmallString<256> Tidy(sys::path::parent_path(Self));
  sys::path::append(Tidy, "leakguard-tidy");
  if (sys::fs::can_execute(Tidy))
    return std::string(Tidy);
  return std::nullopt;
}

} // namespace leakguard
