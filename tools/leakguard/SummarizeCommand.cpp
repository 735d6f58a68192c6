//===--- SummarizeCommand.cpp - leakguard summarize -----------------------===//
//
// Writes the merged cross-unit summaries of a compile database into one
// file, for the checks outside `leakguard scan` (clang-tidy-19 --load,
// leakguard-tidy, leakguard check, an editor) through their LeakSummaries
// option. It runs `leakguard scan --summarize-only` as a child, the same
// first pass that scan runs, and copies the merged file out.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "CrossUnit.h"
#include "ReportOutput.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>

using namespace llvm;

namespace leakguard {

cl::SubCommand SummarizeCommand(
    "summarize",
    "Write the cross-unit summaries of a compile database into one file, "
    "for LeakSummaries (clang-tidy, leakguard-tidy, check, an editor)");

namespace {

cl::OptionCategory SummarizeOptions("leakguard summarize options");

cl::opt<std::string> BuildPath("p",
                               cl::desc("Build directory with "
                                        "compile_commands.json"),
                               cl::value_desc("dir"), cl::Required,
                               cl::sub(SummarizeCommand),
                               cl::cat(SummarizeOptions));
cl::list<std::string>
    Paths(cl::Positional,
          cl::desc("[<source files>...] (default: every unit of the "
                   "database)"),
          cl::sub(SummarizeCommand), cl::cat(SummarizeOptions));
cl::opt<std::string> Output("o",
                            cl::desc("Write the merged summaries to <file>"),
                            cl::value_desc("file"), cl::Required,
                            cl::sub(SummarizeCommand),
                            cl::cat(SummarizeOptions));
cl::opt<std::string> SummariesDir(
    "summaries",
    cl::desc("Keep the units' summaries in <dir>: a later run summarizes "
             "only the units that changed (default: a temporary directory)"),
    cl::value_desc("dir"), cl::sub(SummarizeCommand),
    cl::cat(SummarizeOptions));
cl::opt<unsigned> Jobs("j",
                       cl::desc("Units summarized at once (default: "
                                "the number of cores)"),
                       cl::init(0), cl::sub(SummarizeCommand),
                       cl::cat(SummarizeOptions));
cl::opt<std::string> Config("config",
                            cl::desc("clang-tidy configuration (YAML or "
                                     "JSON), as for scan"),
                            cl::sub(SummarizeCommand),
                            cl::cat(SummarizeOptions));
cl::opt<std::string> ConfigFile("config-file",
                                cl::desc("clang-tidy configuration file, as "
                                         "for scan"),
                                cl::sub(SummarizeCommand),
                                cl::cat(SummarizeOptions));
cl::opt<bool> Quiet("quiet", cl::desc("No progress and no summary on stderr"),
                    cl::sub(SummarizeCommand), cl::cat(SummarizeOptions));

/// Copies \p From to \p To through a temporary file next to \p To and a
/// rename: a reader never sees half a file.
Error copyAtomically(StringRef From, StringRef To) {
  SmallString<256> Temp(To);
  Temp += ".tmp%%%%%%";
  int FD = -1;
  if (std::error_code EC = sys::fs::createUniqueFile(Temp, FD, Temp))
    return createStringError(EC, "cannot write next to '" + To +
                                     "': " + EC.message());
  sys::fs::closeFile(FD);
  if (std::error_code EC = sys::fs::copy_file(From, Temp)) {
    sys::fs::remove(Temp);
    return createStringError(EC,
                             "cannot write '" + Temp + "': " + EC.message());
  }
  if (std::error_code EC = sys::fs::rename(Temp, To)) {
    sys::fs::remove(Temp);
    return createStringError(EC, "cannot write '" + To + "': " + EC.message());
  }
  return Error::success();
}

} // namespace

int runSummarize(const char *Argv0, const CompilerArgs &Compiler) {
  std::string Self =
      sys::fs::getMainExecutable(Argv0, reinterpret_cast<void *>(&runScan));
  if (Self.empty())
    return reportError("cannot find the leakguard executable");
  std::optional<TemporarySummaryDir> Temp;
  std::string Dir = SummariesDir;
  if (Dir.empty()) {
    auto Made = TemporarySummaryDir::create();
    if (!Made)
      return reportError(toString(Made.takeError()));
    Temp.emplace(std::move(*Made));
    Dir = Temp->path();
  }
  // The checks that summarize: leak-unclosed-resource for the functions
  // (the summary does not depend on which check writes it),
  // leak-unbounded-cache for the containers a unit bounds. Their findings
  // are not wanted.
  std::vector<std::string> Args = {
      Self,
      "scan",
      "-p",
      BuildPath,
      "--summaries",
      Dir,
      "--summarize-only",
      "--checks=-*,leak-unclosed-resource,leak-unbounded-cache",
      "--color=never"};
  // A kept directory also keeps the units' results: a unit whose inputs
  // did not change keeps the summary it wrote (scan's --cache).
  if (!SummariesDir.empty())
    Args.push_back("--cache=" + Dir + "/cache");
  if (Jobs)
    Args.push_back("-j=" + std::to_string(Jobs));
  if (!Config.empty())
    Args.push_back("--config=" + Config);
  if (!ConfigFile.empty())
    Args.push_back("--config-file=" + ConfigFile);
  if (Quiet)
    Args.push_back("--quiet");
  llvm::append_range(Args, Paths);
  if (Compiler) {
    Args.push_back("--");
    llvm::append_range(Args, *Compiler);
  }
  std::vector<StringRef> ArgRefs(Args.begin(), Args.end());
  std::string Failure;
  int Code =
      sys::ExecuteAndWait(Self, ArgRefs, std::nullopt, {}, 0, 0, &Failure);
  if (Code < 0)
    return reportError("the summarizing scan did not finish" +
                       (Failure.empty() ? "" : ": " + Failure));
  if (Code != NoFindings)
    return Code;
  if (Error Err = copyAtomically(mergedSummaryPath(Dir), Output))
    return reportError(toString(std::move(Err)));
  if (!Quiet)
    errs() << "leakguard: wrote '" << Output
           << "'; give it to the checks with the option LeakSummaries\n";
  return NoFindings;
}

} // namespace leakguard
