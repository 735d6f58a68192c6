//===--- LeakguardMain.cpp - the leakguard command ------------------------===//
//
// `leakguard check` prints the findings of leakguard-tidy over files or a
// compile database; `leakguard scan` is the CI and pre-commit driver (one
// process per translation unit, SARIF/JSON/text, baselines, changed lines,
// fixes); `leakguard merge` joins the reports of a sharded scan; `leakguard
// sarif` converts clang-tidy's export-fixes to SARIF.
// Exit codes: 0 no findings, 1 findings, 2 an error of the tool or of its
// input. This file only parses the command line and dispatches.
//
//===----------------------------------------------------------------------===//

#include "Color.h"
#include "Commands.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include <csignal>
#include <iterator>

using namespace llvm;
using namespace leakguard;

namespace {

/// The signals the caller has leakguard ignore stay ignored, in leakguard
/// and in every process it starts: `nohup` ignores SIGHUP, a shell without
/// job control ignores SIGINT and SIGQUIT in a background job. InitLLVM
/// catches them (to remove temporary files), and a caught signal is reset
/// to its default action in a child. That matters to `scan`: its units
/// that wait for summaries are stopped processes, and when the shell of a
/// `nohup leakguard scan ... &` exits, the kernel sends SIGHUP to the
/// process group it leaves orphaned, stopped members included.
class KeepIgnoredSignals {
#ifdef LLVM_ON_UNIX
  static constexpr int Signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM};
  bool Ignored[std::size(Signals)] = {};

public:
  KeepIgnoredSignals() {
    for (size_t I = 0; I < std::size(Signals); ++I) {
      struct sigaction Old;
      Ignored[I] = ::sigaction(Signals[I], nullptr, &Old) == 0 &&
                   Old.sa_handler == SIG_IGN;
    }
  }
  void ignoreAgain() const {
    for (size_t I = 0; I < std::size(Signals); ++I)
      if (Ignored[I])
        ::signal(Signals[I], SIG_IGN);
  }
#else
public:
  void ignoreAgain() const {}
#endif
};

} // namespace

int main(int Argc, const char **Argv) {
  KeepIgnoredSignals Caller;
  InitLLVM Init(Argc, Argv);
  Caller.ignoreAgain();
  // Arguments after `--` go to the compiler, as with clang-tidy.
  CompilerArgs Compiler;
  int ToolArgc = Argc;
  for (int I = 1; I < Argc; ++I)
    if (StringRef(Argv[I]) == "--") {
      ToolArgc = I;
      Compiler.emplace(Argv + I + 1, Argv + Argc);
      break;
    }
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "leakguard " << LEAKGUARD_VERSION << " (LLVM " << LLVM_VERSION_STRING
       << ")\n";
  });
  cl::HideUnrelatedOptions(ArrayRef<const cl::OptionCategory *>{});
  // NO_COLOR holds for the messages about the command line too.
  setUpColor(ColorChoice::Auto);
  // A bad command line is one line on stderr and exit 2, never a page.
  std::string Errors;
  raw_string_ostream ErrorStream(Errors);
  if (!cl::ParseCommandLineOptions(ToolArgc, Argv,
                                   "leakguard: find leak-prone patterns in "
                                   "C++\n",
                                   &ErrorStream)) {
    SmallVector<StringRef, 4> Lines;
    StringRef(Errors).split(Lines, '\n', -1, /*KeepEmpty=*/false);
    std::string Message;
    for (StringRef Line : Lines) {
      Line = Line.trim();
      Line.consume_front(sys::path::filename(Argv[0]));
      Line.consume_front(": ");
      Message += (Message.empty() ? "" : " ") + Line.str();
    }
    // Option values are complained about on stderr directly.
    if (!Message.empty())
      WithColor::error(errs(), "leakguard") << Message << "\n";
    return ToolError;
  }
  if (CheckCommand)
    return runCheck(Argv[0], Compiler);
  if (ScanCommand)
    return runScan(Argv[0], Compiler);
  if (SarifCommand)
    return runSarif();
  if (MergeCommand)
    return runMerge();
  if (SummarizeCommand)
    return runSummarize(Argv[0], Compiler);
  errs() << "leakguard: no command given; try 'leakguard check --help', "
            "'leakguard scan --help', 'leakguard merge --help', "
            "'leakguard summarize --help' or 'leakguard sarif --help'\n";
  return ToolError;
}
