//===--- TidyRunner.cpp - one leakguard-tidy process per translation unit -===//

#include "TidyRunner.h"
#include "CrossUnit.h"
#include "report/SourceText.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include <chrono>
#include <mutex>
#include <signal.h>
#include <thread>
#include <unistd.h>

using namespace leakguard::report;

namespace leakguard {
namespace {

std::string readOrEmpty(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  return Buffer ? (*Buffer)->getBuffer().str() : std::string();
}

/// The first line of a child's stderr that says something, skipping
/// clang-tidy's chatter.
std::string firstMeaningfulLine(llvm::StringRef Stderr) {
  llvm::SmallVector<llvm::StringRef, 16> Lines;
  Stderr.split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.empty() || Line.ends_with(" generated.") ||
        Line.starts_with("Suppressed ") || Line.starts_with("Use -header-") ||
        Line.starts_with("Error while processing") ||
        Line.starts_with("Found compiler error"))
      continue;
    return Line.str();
  }
  return "";
}

bool hasCompilerError(const TidyDiagnostics &Diags) {
  return llvm::any_of(Diags.Diagnostics, [](const TidyDiagnostic &D) {
    return isCompilerError(D);
  });
}

/// Runs \p Program and waits for it: its exit status, -1 when it could not
/// run, -2 when a signal ended it. With \p TimeoutSeconds, a child still
/// running after that long is killed and \p TimedOut set. (sys::Wait's own
/// timeout uses SIGALRM, which another thread of the pool may receive.)
int runChild(llvm::StringRef Program, llvm::ArrayRef<llvm::StringRef> Args,
             std::optional<llvm::ArrayRef<llvm::StringRef>> Env,
             llvm::ArrayRef<std::optional<llvm::StringRef>> Redirects,
             unsigned TimeoutSeconds, std::string &ErrMsg, bool &ExecFailed,
             bool &TimedOut) {
  llvm::sys::ProcessInfo Child = llvm::sys::ExecuteNoWait(
      Program, Args, Env, Redirects, 0, &ErrMsg, &ExecFailed);
  if (ExecFailed || Child.Pid == llvm::sys::ProcessInfo::InvalidPid)
    return -1;
  if (TimeoutSeconds == 0)
    return llvm::sys::Wait(Child, std::nullopt, &ErrMsg).ReturnCode;
  auto Deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(TimeoutSeconds);
  for (;;) {
    // Zero seconds: look, do not block (a Pid of 0 means still running).
    llvm::sys::ProcessInfo Done =
        llvm::sys::Wait(Child, 0, &ErrMsg, nullptr, /*Polling=*/true);
    if (Done.Pid != 0)
      return Done.ReturnCode;
    if (std::chrono::steady_clock::now() >= Deadline) {
      TimedOut = true;
      ::kill(Child.Pid, SIGKILL);
      return llvm::sys::Wait(Child, std::nullopt, &ErrMsg).ReturnCode;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

TidyResult analyze(const TidyInvocation &Invocation, llvm::StringRef File) {
  TidyResult Result;
  Result.File = File.str();
  Result.Began = std::chrono::system_clock::now();
  Result.AnalyzedHash = contentHash(readOrEmpty(File));

  llvm::SmallString<128> YamlPath, ErrPath, DepPath;
  if (llvm::sys::fs::createTemporaryFile("leakguard-tu", "yaml", YamlPath) ||
      llvm::sys::fs::createTemporaryFile("leakguard-tu", "err", ErrPath) ||
      (Invocation.RecordDependencies &&
       llvm::sys::fs::createTemporaryFile("leakguard-tu", "d", DepPath))) {
    Result.Failure = "cannot create a temporary file";
    return Result;
  }
  llvm::FileRemover RemoveYaml(YamlPath), RemoveErr(ErrPath),
      RemoveDeps(DepPath);
  // Also when the run is interrupted (Ctrl-C).
  llvm::sys::RemoveFileOnSignal(YamlPath);
  llvm::sys::RemoveFileOnSignal(ErrPath);
  if (!DepPath.empty())
    llvm::sys::RemoveFileOnSignal(DepPath);
  auto Forget = llvm::make_scope_exit([&] {
    llvm::sys::DontRemoveFileOnSignal(YamlPath);
    llvm::sys::DontRemoveFileOnSignal(ErrPath);
    if (!DepPath.empty())
      llvm::sys::DontRemoveFileOnSignal(DepPath);
  });
  // clang-tidy writes no export file when there is nothing to export.
  llvm::sys::fs::remove(YamlPath);

  std::vector<std::string> Args = {Invocation.TidyPath};
  Args.insert(Args.end(), Invocation.Options.begin(), Invocation.Options.end());
  Args.push_back("--quiet");
  Args.push_back(("--export-fixes=" + YamlPath).str());
  // The driver turns -Wp,-MD,<file> into -MD -MF <file>; clang-tidy only
  // strips options spelled -M..., so this one reaches the preprocessor.
  if (!DepPath.empty())
    Args.push_back(("--extra-arg=-Wp,-MD," + DepPath).str());
  Args.push_back(File.str());
  if (Invocation.CompilerArgs) {
    Args.push_back("--");
    Args.insert(Args.end(), Invocation.CompilerArgs->begin(),
                Invocation.CompilerArgs->end());
  }
  std::vector<llvm::StringRef> ArgRefs(Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef(ErrPath)};
  std::string ErrMsg;
  bool ExecFailed = false;
  bool TimedOut = false;
  // The summaries the child writes and reads (CrossUnit.h); what the
  // environment already says of them is replaced.
  std::vector<std::string> Env;
  if (!Invocation.SummaryDir.empty()) {
    for (char **Var = environ; *Var; ++Var)
      if (!llvm::StringRef(*Var).starts_with("LEAKGUARD_SUMMAR"))
        Env.push_back(*Var);
    Env.push_back("LEAKGUARD_SUMMARY_OUT=" +
                  unitSummaryPath(Invocation.SummaryDir, File));
    if (!Invocation.SummariesIn.empty())
      Env.push_back("LEAKGUARD_SUMMARIES=" + Invocation.SummariesIn);
  }
  std::vector<llvm::StringRef> EnvRefs(Env.begin(), Env.end());
  int Status = runChild(
      Invocation.TidyPath, ArgRefs,
      Env.empty() ? std::nullopt
                  : std::optional<llvm::ArrayRef<llvm::StringRef>>(EnvRefs),
      Redirects, Invocation.TimeoutSeconds, ErrMsg, ExecFailed, TimedOut);
  std::string Stderr = readOrEmpty(ErrPath);
  if (ExecFailed || Status == -1) {
    Result.Failure = "cannot run '" + Invocation.TidyPath + "': " + ErrMsg;
    return Result;
  }
  if (Status == -2 && TimedOut) {
    Result.Failure = "leakguard-tidy did not finish within " +
                     std::to_string(Invocation.TimeoutSeconds) +
                     " seconds (--timeout) and was stopped";
    return Result;
  }
  if (Status == -2) {
    std::string Why = firstMeaningfulLine(Stderr);
    Result.Failure = "leakguard-tidy crashed (" + ErrMsg + ")" +
                     (Why.empty() ? "" : ": " + Why);
    return Result;
  }
  if (llvm::sys::fs::exists(YamlPath)) {
    auto Docs = parseExportFixes(readOrEmpty(YamlPath), File);
    if (!Docs) {
      Result.Failure = llvm::toString(Docs.takeError());
      return Result;
    }
    for (TidyDiagnostics &Doc : *Docs)
      for (TidyDiagnostic &D : Doc.Diagnostics)
        Result.Diagnostics.Diagnostics.push_back(std::move(D));
  }
  Result.Diagnostics.MainSourceFile = File.str();
  if (!DepPath.empty())
    Result.Dependencies = readOrEmpty(DepPath);
  // A non-zero status with compiler errors is explained by them; without,
  // the child failed before it could analyze (bad options, no database).
  if (Status != 0 && !hasCompilerError(Result.Diagnostics)) {
    std::string Why = firstMeaningfulLine(Stderr);
    Result.Failure = "leakguard-tidy exited with status " +
                     std::to_string(Status) + (Why.empty() ? "" : ": " + Why);
  }
  return Result;
}

} // namespace

std::vector<TidyResult> runTidy(const TidyInvocation &Invocation,
                                llvm::ArrayRef<std::string> Files,
                                const TidyProgress &Progress) {
  std::vector<TidyResult> Results(Files.size());
  std::mutex ProgressLock;
  llvm::ThreadPoolStrategy Strategy =
      llvm::hardware_concurrency(Invocation.Jobs);
  llvm::DefaultThreadPool Pool(Strategy);
  for (unsigned I = 0; I < Files.size(); ++I)
    Pool.async([&, I] {
      {
        std::lock_guard<std::mutex> Guard(ProgressLock);
        Progress.Started(Files[I]);
      }
      auto Start = std::chrono::steady_clock::now();
      Results[I] = analyze(Invocation, Files[I]);
      Results[I].Seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - Start)
                               .count();
      std::lock_guard<std::mutex> Guard(ProgressLock);
      Progress.Finished(Results[I]);
    });
  Pool.wait();
  return Results;
}

std::vector<std::string> listEnabledChecks(const TidyInvocation &Invocation) {
  llvm::SmallString<128> OutPath;
  if (llvm::sys::fs::createTemporaryFile("leakguard-checks", "txt", OutPath))
    return {};
  llvm::FileRemover RemoveOut(OutPath);
  std::vector<llvm::StringRef> Args = {Invocation.TidyPath, "--list-checks"};
  for (const std::string &Option : Invocation.Options)
    Args.push_back(Option);
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutPath), llvm::StringRef("")};
  if (llvm::sys::ExecuteAndWait(Invocation.TidyPath, Args, std::nullopt,
                                Redirects) != 0)
    return {};
  // "Enabled checks:" then one indented name per line.
  std::vector<std::string> Checks;
  // The lines point into Output: it must outlive them.
  std::string Output = readOrEmpty(OutPath);
  llvm::SmallVector<llvm::StringRef, 16> Lines;
  llvm::StringRef(Output).split(Lines, '\n');
  for (llvm::StringRef Line : Lines)
    if (Line.starts_with(" ") && !Line.trim().empty())
      Checks.push_back(Line.trim().str());
  return Checks;
}

} // namespace leakguard
