//===--- LeakguardMain.cpp - the leakguard command ------------------------===//
//
// `leakguard check` runs the leak- checks through leakguard-tidy (a sibling
// executable) over files or a compile database and prints the findings with
// a summary line. Exit codes: 0 no findings, 1 findings, 2 an error of the
// tool or of its input.
//
//===----------------------------------------------------------------------===//

#include "CompileDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace {

enum ExitCode { NoFindings = 0, Findings = 1, ToolError = 2 };

cl::SubCommand CheckCommand("check",
                            "Run the leak- checks and print their findings");
cl::opt<std::string> BuildPath("p", cl::desc("Build directory with a "
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

int fail(const Twine &Message) {
  outs().flush(); // Keep the order of what was said on stdout and stderr.
  WithColor::error(errs(), "leakguard") << Message << "\n";
  return ToolError;
}

/// leakguard-tidy, found next to this executable.
std::optional<std::string> findTidy(const char *Argv0) {
  std::string Self =
      sys::fs::getMainExecutable(Argv0, reinterpret_cast<void *>(&fail));
  SmallString<256> Tidy(sys::path::parent_path(Self));
  sys::path::append(Tidy, "leakguard-tidy");
  if (sys::fs::can_execute(Tidy))
    return std::string(Tidy);
  return std::nullopt;
}

std::string absolute(StringRef Path) {
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// Whether \p File is \p Filter or lies under the directory \p Filter.
bool selects(StringRef Filter, StringRef File) {
  if (File == Filter)
    return true;
  return File.starts_with(Filter) && File.size() > Filter.size() &&
         sys::path::is_separator(File[Filter.size()]);
}

int runCheck(const char *Argv0, ArrayRef<std::string> CompilerArgs) {
  std::optional<std::string> Tidy = findTidy(Argv0);
  if (!Tidy)
    return fail("cannot find leakguard-tidy next to the leakguard executable");

  std::vector<std::string> Files;
  if (!BuildPath.empty()) {
    auto DbFiles = leakguard::readCompileDatabaseFiles(BuildPath);
    if (!DbFiles)
      return fail(toString(DbFiles.takeError()));
    std::vector<std::string> Filters;
    for (const std::string &Path : Paths)
      Filters.push_back(absolute(Path));
    for (const std::string &Filter : Filters)
      if (!llvm::any_of(*DbFiles,
                        [&](const std::string &F) { return selects(Filter, F); }))
        return fail("'" + Filter + "' is not in the compile database of '" +
                    BuildPath + "'");
    for (const std::string &File : *DbFiles)
      if (Filters.empty() ||
          llvm::any_of(Filters,
                       [&](const std::string &F) { return selects(F, File); }))
        Files.push_back(File);
  } else {
    if (Paths.empty())
      return fail("no input: give source files, or -p <build dir>");
    for (const std::string &Path : Paths) {
      if (!sys::fs::is_regular_file(Path))
        return fail("'" + Path + "' is not a file");
      Files.push_back(absolute(Path));
    }
  }
  if (Files.empty())
    return fail("no source files to analyze");

  std::vector<std::string> Args = {*Tidy, "--checks=" + Checks, "--quiet"};
  if (sys::Process::StandardOutIsDisplayed())
    Args.push_back("--use-color");
  if (!BuildPath.empty())
    Args.push_back("-p=" + BuildPath);
  Args.insert(Args.end(), Files.begin(), Files.end());
  if (BuildPath.empty() || !CompilerArgs.empty()) {
    Args.push_back("--");
    Args.insert(Args.end(), CompilerArgs.begin(), CompilerArgs.end());
  }

  SmallString<128> OutPath, ErrPath;
  if (sys::fs::createTemporaryFile("leakguard", "out", OutPath) ||
      sys::fs::createTemporaryFile("leakguard", "err", ErrPath))
    return fail("cannot create a temporary file");
  FileRemover RemoveOut(OutPath), RemoveErr(ErrPath);
  std::optional<StringRef> Redirects[] = {std::nullopt, StringRef(OutPath),
                                          StringRef(ErrPath)};
  std::vector<StringRef> ArgRefs(Args.begin(), Args.end());
  std::string ErrMsg;
  int Status = sys::ExecuteAndWait(*Tidy, ArgRefs, std::nullopt, Redirects,
                                   0, 0, &ErrMsg);
  if (Status < 0)
    return fail("leakguard-tidy did not run: " + ErrMsg);

  auto Out = MemoryBuffer::getFile(OutPath);
  auto Err = MemoryBuffer::getFile(ErrPath);
  StringRef OutText = Out ? (*Out)->getBuffer() : "";
  StringRef ErrText = Err ? (*Err)->getBuffer() : "";
  outs() << OutText;

  unsigned Warnings = 0, Errors = 0;
  SmallVector<StringRef, 64> Lines;
  OutText.split(Lines, '\n');
  for (StringRef Line : Lines) {
    if (Line.contains(": warning: ") && Line.contains("[leak-"))
      ++Warnings;
    else if (Line.contains(": warning: ") && Line.ends_with("]"))
      ++Warnings;
    if (Line.contains(": error: "))
      ++Errors;
  }
  // clang-tidy's progress chatter ("N warnings generated.") is noise here;
  // anything else it said on stderr is worth showing.
  SmallVector<StringRef, 16> ErrLines;
  ErrText.split(ErrLines, '\n', -1, false);
  outs().flush();
  for (StringRef Line : ErrLines)
    if (!Line.ends_with(" generated.") && !Line.starts_with("Suppressed ") &&
        !Line.starts_with("Use -header-filter") &&
        !Line.starts_with("Error while processing") &&
        !(Line.starts_with("[") && Line.contains("] Processing file ")))
      errs() << Line << "\n";

  outs() << "leakguard: " << Warnings
         << (Warnings == 1 ? " finding" : " findings") << " in "
         << Files.size() << (Files.size() == 1 ? " file" : " files")
         << " analyzed\n";
  if (Errors > 0 || (Status != 0 && Warnings == 0))
    return fail(Twine(Errors) + " compiler error(s) while analyzing; the "
                                "findings above may be incomplete");
  return Warnings > 0 ? Findings : NoFindings;
}

} // namespace

int main(int Argc, const char **Argv) {
  InitLLVM Init(Argc, Argv);
  // Arguments after `--` go to the compiler, as with clang-tidy.
  std::vector<std::string> CompilerArgs;
  int ToolArgc = Argc;
  for (int I = 1; I < Argc; ++I)
    if (StringRef(Argv[I]) == "--") {
      ToolArgc = I;
      CompilerArgs.assign(Argv + I + 1, Argv + Argc);
      break;
    }
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "leakguard " << LEAKGUARD_VERSION << " (LLVM " << LLVM_VERSION_STRING
       << ")\n";
  });
  cl::HideUnrelatedOptions(ArrayRef<const cl::OptionCategory *>{});
  if (!cl::ParseCommandLineOptions(ToolArgc, Argv,
                                   "leakguard: find leak-prone patterns in "
                                   "C++\n",
                                   &errs()))
    return ToolError;
  if (CheckCommand)
    return runCheck(Argv[0], CompilerArgs);
  errs() << "leakguard: no command given; try 'leakguard check --help'\n";
  return ToolError;
}
