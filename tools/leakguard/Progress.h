//===--- Progress.h - what a running scan tells its user ------------------===//
//
// On a terminal, one status line redrawn in place: units done and total,
// findings so far, units that failed, elapsed and estimated remaining time,
// the unit last started. The line is cut to the terminal's width (a longer
// one would wrap, and the next redraw would leave the wrapped part behind)
// and redrawn every second, so the elapsed time runs during a long unit.
// Elsewhere (CI logs, pipes), one plain line per finished unit. Nothing with
// --quiet. Always on stderr: stdout holds the report.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TOOLS_PROGRESS_H
#define LEAKGUARD_TOOLS_PROGRESS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace leakguard {

class Progress {
public:
  enum Mode { Quiet, Lines, Bar };
  Progress(Mode M, unsigned Total, llvm::raw_ostream &OS = llvm::errs());
  ~Progress();

  void started(llvm::StringRef Unit);
  /// \p UnitFindings is what the unit reported, \p NewFindings how many of
  /// them no earlier unit reported (a header seen twice counts once).
  void finished(llvm::StringRef Unit, unsigned UnitFindings,
                unsigned NewFindings, bool Failed);
  /// Clears the status line and stops redrawing it.
  void done();

  /// The status line for these counts, at most \p Width - 1 columns wide
  /// (0: no limit); the unit's name gives way first.
  static std::string statusLine(unsigned Finished, unsigned Total,
                                unsigned Findings, unsigned Failed,
                                double ElapsedSeconds, llvm::StringRef Unit,
                                unsigned Width);

private:
  void redraw(); ///< With Lock held.
  void tick();

  Mode M;
  unsigned Total;
  unsigned Finished = 0;
  unsigned Findings = 0;
  unsigned Failed = 0;
  std::string Current;
  std::chrono::steady_clock::time_point Start;
  llvm::raw_ostream &OS;
  std::mutex Lock;
  std::condition_variable Wake;
  bool Stopping = false;
  std::thread Ticker;
};

/// The width of the terminal on stderr, in columns: the kernel's (TIOCGWINSZ),
/// else $COLUMNS, else 0 (unknown).
unsigned terminalColumns();

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_PROGRESS_H
