//===--- Progress.h - what a running scan tells its user ------------------===//
//
// On a terminal, one status line redrawn in place: units done and total,
// findings so far, units that failed, elapsed and estimated remaining time,
// the unit last started. The remaining time weighs each unit by its
// expected cost (the time of its last analysis, else its size: see
// Sharding.h): with the heaviest units first, a count of units alone would
// overestimate it at the start and underestimate it at the end. The line is cut
// to the terminal's width (a longer one would wrap, and the next redraw would
// leave the wrapped part behind) and redrawn every second, so the elapsed time
// runs during a long unit. Elsewhere (CI logs, pipes), one plain line per
// finished unit. Nothing with
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
#include <optional>
#include <string>
#include <thread>

namespace leakguard {

class Progress {
public:
  enum Mode { Quiet, Lines, Bar };
  Progress(Mode M, unsigned Total, llvm::raw_ostream &OS = llvm::errs());
  ~Progress();

  /// The sum of the weights that finished() will be given; by default,
  /// one per unit.
  void expectWork(double TotalWeight);
  void started(llvm::StringRef Unit);
  /// \p UnitFindings is what the unit reported, \p NewFindings how many of
  /// them no earlier unit reported (a header seen twice counts once).
  /// \p Weight is the unit's share of the work; a unit whose result came
  /// from the cache (\p Cached) has none.
  void finished(llvm::StringRef Unit, unsigned UnitFindings,
                unsigned NewFindings, bool Failed, double Weight = 1,
                bool Cached = false);
  /// Clears the status line and stops redrawing it.
  void done();

  /// The status line for these counts, at most \p Width - 1 columns wide
  /// (0: no limit); the unit's name gives way first. \p LeftSeconds < 0:
  /// not known yet.
  static std::string statusLine(unsigned Finished, unsigned Total,
                                unsigned Findings, unsigned Failed,
                                double ElapsedSeconds, double LeftSeconds,
                                llvm::StringRef Unit, unsigned Width);

  /// The time left when \p DoneWeight of \p TotalWeight took
  /// \p ElapsedSeconds; < 0 when nothing is done yet.
  static double estimateLeft(double ElapsedSeconds, double DoneWeight,
                             double TotalWeight);

private:
  void redraw(); ///< With Lock held.
  void tick();

  Mode M;
  unsigned Total;
  unsigned Finished = 0;
  unsigned Findings = 0;
  unsigned Failed = 0;
  double TotalWeight;
  double DoneWeight = 0;
  /// Elapsed time when the first analyzed unit began: cached units come
  /// back at once and say nothing about the speed.
  std::optional<double> WorkStart;
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
