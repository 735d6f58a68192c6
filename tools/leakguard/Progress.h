//===--- Progress.h - what a running scan tells its user ------------------===//
//
// On a terminal, one status line redrawn in place: units done and total,
// findings so far, elapsed and estimated remaining time, the unit last
// started. Elsewhere (CI logs, pipes), one plain line per finished unit.
// Nothing with --quiet. Always on stderr: stdout holds the report.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TOOLS_PROGRESS_H
#define LEAKGUARD_TOOLS_PROGRESS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <string>

namespace leakguard {

class Progress {
public:
  enum Mode { Quiet, Lines, Bar };
  Progress(Mode M, unsigned Total, llvm::raw_ostream &OS = llvm::errs());

  void started(llvm::StringRef Unit);
  /// \p UnitFindings is what the unit reported, \p NewFindings how many of
  /// them no earlier unit reported (a header seen twice counts once).
  void finished(llvm::StringRef Unit, unsigned UnitFindings,
                unsigned NewFindings, bool Failed);
  /// Clears the status line.
  void done();

private:
  void redraw();

  Mode M;
  unsigned Total;
  unsigned Finished = 0;
  unsigned Findings = 0;
  std::string Current;
  std::chrono::steady_clock::time_point Start;
  llvm::raw_ostream &OS;
};

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_PROGRESS_H
