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
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <signal.h>
#include <sys/wait.h>
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

/// Waits for \p Pid as sys::Wait does, and also sees it stop: \p OnStop
/// is called each time it does (a unit that waits for the units it calls
/// stops itself, SummaryRecorder::settle). With \p TimeoutSeconds, the
/// child is looked at every 20 ms, else waited for; the time OnStop takes
/// (while the child waits) does not count.
int waitOrStop(llvm::sys::procid_t Pid, unsigned TimeoutSeconds,
               llvm::function_ref<void()> OnStop, std::string &ErrMsg,
               bool &TimedOut) {
  auto Deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(TimeoutSeconds);
  for (;;) {
    int Status = 0;
    pid_t Got =
        ::waitpid(Pid, &Status, WUNTRACED | (TimeoutSeconds ? WNOHANG : 0));
    if (Got == -1 && errno == EINTR)
      continue;
    if (Got == -1) {
      ErrMsg = "cannot wait for the child: " + std::string(strerror(errno));
      return -1;
    }
    if (Got == Pid && WIFSTOPPED(Status)) {
      if (!OnStop)
        continue; // Job control: it is continued with the rest.
      // The time it waits is not the unit's analysis.
      auto Stopped = std::chrono::steady_clock::now();
      OnStop();
      Deadline += std::chrono::steady_clock::now() - Stopped;
      continue;
    }
    if (Got == Pid && WIFEXITED(Status))
      return WEXITSTATUS(Status);
    if (Got == Pid && WIFSIGNALED(Status)) {
      ErrMsg = strsignal(WTERMSIG(Status));
      if (WCOREDUMP(Status))
        ErrMsg += " (core dumped)";
      return -2;
    }
    if (Got == 0 && std::chrono::steady_clock::now() >= Deadline) {
      TimedOut = true;
      ::kill(Pid, SIGKILL);
      ::kill(Pid, SIGCONT);
      while (::waitpid(Pid, &Status, 0) == -1 && errno == EINTR) {
      }
      ErrMsg = strsignal(SIGKILL);
      return -2;
    }
    if (Got == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

/// Runs \p Program and waits for it: its exit status, -1 when it could not
/// run, -2 when a signal ended it. With \p TimeoutSeconds, a child still
/// running after that long is killed and \p TimedOut set. (sys::Wait's own
/// timeout uses SIGALRM, which another thread of the pool may receive.)
/// With \p OnStop, it is called with the child's pid when the child stops.
int runChild(llvm::StringRef Program, llvm::ArrayRef<llvm::StringRef> Args,
             std::optional<llvm::ArrayRef<llvm::StringRef>> Env,
             llvm::ArrayRef<std::optional<llvm::StringRef>> Redirects,
             unsigned TimeoutSeconds,
             llvm::function_ref<void(llvm::sys::procid_t)> OnStop,
             std::string &ErrMsg, bool &ExecFailed, bool &TimedOut) {
  llvm::sys::ProcessInfo Child = llvm::sys::ExecuteNoWait(
      Program, Args, Env, Redirects, 0, &ErrMsg, &ExecFailed);
  if (ExecFailed || Child.Pid == llvm::sys::ProcessInfo::InvalidPid)
    return -1;
  if (TimeoutSeconds == 0 && !OnStop)
    return llvm::sys::Wait(Child, std::nullopt, &ErrMsg).ReturnCode;
  return waitOrStop(Child.Pid, TimeoutSeconds,
                    OnStop
                        ? llvm::function_ref<void()>([&] { OnStop(Child.Pid); })
                        : llvm::function_ref<void()>(),
                    ErrMsg, TimedOut);
}

/// The -j places children run in. A unit takes one in the order of the
/// list (its ticket); a child that waits for the units it calls gives its
/// place back, and takes one again, ahead of the units not started, when
/// they have written their summaries.
class Places {
public:
  explicit Places(unsigned Count) : Free(Count) {}
  void take(size_t Ticket) {
    std::unique_lock<std::mutex> Guard(Lock);
    Changed.wait(Guard,
                 [&] { return Free > 0 && Ticket == Next && Resuming == 0; });
    --Free;
    ++Next;
    Changed.notify_all();
  }
  void give() {
    {
      std::lock_guard<std::mutex> Guard(Lock);
      ++Free;
    }
    Changed.notify_all();
  }
  /// For a child that waited: a place, before the units not started.
  void resume() {
    std::unique_lock<std::mutex> Guard(Lock);
    ++Resuming;
    Changed.wait(Guard, [&] { return Free > 0; });
    --Free;
    --Resuming;
    Changed.notify_all();
  }

private:
  std::mutex Lock;
  std::condition_variable Changed;
  unsigned Free;
  size_t Next = 0;
  unsigned Resuming = 0;
};

/// The memory \p Pid holds (resident), 0 when unknown.
uint64_t residentBytes(llvm::sys::procid_t Pid) {
  auto Statm = llvm::MemoryBuffer::getFileAsStream(
      "/proc/" + std::to_string(Pid) + "/statm");
  uint64_t Pages = 0;
  if (!Statm || llvm::StringRef((*Statm)->getBuffer())
                    .split(' ')
                    .second.split(' ')
                    .first.getAsInteger(10, Pages))
    return 0;
  return Pages * uint64_t(::sysconf(_SC_PAGESIZE));
}

/// With \p ParkPath, the child may wait for the units its unit calls: it
/// writes "parked" into that file (LEAKGUARD_PARK) once its summary is
/// written, and stops itself; \p OnStop is called then.
TidyResult analyze(const TidyInvocation &Invocation, llvm::StringRef File,
                   const std::string &ParkPath,
                   llvm::function_ref<void(llvm::sys::procid_t)> OnStop) {
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
  if (!ParkPath.empty()) {
    if (Env.empty())
      for (char **Var = environ; *Var; ++Var)
        Env.push_back(*Var);
    // With scan's pid: a child started through a wrapper (--tidy-binary)
    // is not scan's own, and scan would never see it stop.
    Env.push_back("LEAKGUARD_PARK=" + std::to_string(::getpid()) + ":" +
                  ParkPath);
  }
  std::vector<llvm::StringRef> EnvRefs(Env.begin(), Env.end());
  int Status = runChild(
      Invocation.TidyPath, ArgRefs,
      Env.empty() ? std::nullopt
                  : std::optional<llvm::ArrayRef<llvm::StringRef>>(EnvRefs),
      Redirects, Invocation.TimeoutSeconds, OnStop, ErrMsg, ExecFailed,
      TimedOut);
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
  unsigned Jobs =
      llvm::hardware_concurrency(Invocation.Jobs).compute_thread_count();
  unsigned MaxParked = Progress.MayPark ? Invocation.MaxParked : 0;
  Places Places(Jobs);
  // A waiting child keeps a thread of the pool, not a place.
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs + MaxParked));
  unsigned MayWait = 0;     // Children that may wait, or wait.
  uint64_t ParkedBytes = 0; // What the waiting ones hold.
  // A unit finished, or wrote its summary and waits.
  std::condition_variable Written;
  for (unsigned I = 0; I < Files.size(); ++I)
    Pool.async([&, I] {
      Places.take(I);
      llvm::SmallString<128> ParkPath;
      {
        std::lock_guard<std::mutex> Guard(ProgressLock);
        if (MayWait < MaxParked && ParkedBytes < Invocation.ParkMemory &&
            Progress.MayPark(Files[I]) &&
            !llvm::sys::fs::createTemporaryFile("leakguard-park", "", ParkPath))
          ++MayWait;
        Progress.Started(Files[I]);
      }
      llvm::FileRemover RemovePark(ParkPath);
      std::string GoPath = (ParkPath + ".go").str();
      llvm::FileRemover RemoveGo(ParkPath.empty() ? "" : GoPath);
      bool Holds = true, Parked = false;
      auto OnStop = [&](llvm::sys::procid_t Pid) {
        // Stopped by something else (the terminal's job control): that
        // continues it too.
        uint64_t Size = 0;
        if (Parked || llvm::sys::fs::file_size(ParkPath, Size) || Size == 0)
          return;
        Parked = true;
        uint64_t Bytes = residentBytes(Pid);
        auto Continue = [&](llvm::StringRef Answer) {
          {
            std::error_code EC;
            llvm::raw_fd_ostream Go(GoPath + ".tmp", EC);
            Go << Answer << "\n";
          }
          llvm::sys::fs::rename(GoPath + ".tmp", GoPath);
          ::kill(Pid, SIGCONT);
        };
        {
          // Before the place is given back, as when a unit finishes.
          std::unique_lock<std::mutex> Guard(ProgressLock);
          if (ParkedBytes + Bytes > Invocation.ParkMemory) {
            // Goes on with the summaries it has; scan analyzes it again
            // if their answers change.
            Guard.unlock();
            Continue("go on");
            return;
          }
          ParkedBytes += Bytes;
          Progress.Parked(Files[I]);
          Written.notify_all();
          Holds = false;
          Places.give();
          Written.wait(Guard, [&] { return Progress.MayResume(Files[I]); });
          ParkedBytes -= Bytes;
        }
        Places.resume();
        Holds = true;
        Continue("reread");
      };
      auto Start = std::chrono::steady_clock::now();
      Results[I] =
          analyze(Invocation, Files[I], std::string(ParkPath),
                  ParkPath.empty()
                      ? llvm::function_ref<void(llvm::sys::procid_t)>()
                      : llvm::function_ref<void(llvm::sys::procid_t)>(OnStop));
      Results[I].Seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - Start)
                               .count();
      {
        // Before the place is given back: the unit that takes it knows
        // this one finished.
        std::lock_guard<std::mutex> Guard(ProgressLock);
        if (!ParkPath.empty())
          --MayWait;
        Progress.Finished(Results[I]);
        Written.notify_all();
      }
      if (Holds)
        Places.give();
    });
  Pool.wait();
  return Results;
}

uint64_t physicalMemory() {
  long Pages = ::sysconf(_SC_PHYS_PAGES), Size = ::sysconf(_SC_PAGESIZE);
  return Pages > 0 && Size > 0 ? uint64_t(Pages) * uint64_t(Size) : 0;
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
