//===--- Progress.cpp - what a running scan tells its user ----------------===//

#include "Progress.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Process.h"

namespace leakguard {

Progress::Progress(Mode M, unsigned Total, llvm::raw_ostream &OS)
    : M(M), Total(Total), Start(std::chrono::steady_clock::now()), OS(OS) {}

static std::string clock(double Seconds) {
  unsigned S = unsigned(Seconds + 0.5);
  std::string Out;
  llvm::raw_string_ostream(Out) << llvm::format("%u:%02u", S / 60, S % 60);
  return Out;
}

void Progress::started(llvm::StringRef Unit) {
  Current = Unit.str();
  if (M == Bar)
    redraw();
}

void Progress::finished(llvm::StringRef Unit, unsigned UnitFindings,
                        unsigned NewFindings, bool Failed) {
  ++Finished;
  Findings += NewFindings;
  if (M == Bar) {
    redraw();
    return;
  }
  if (M == Lines) {
    OS << "leakguard: [" << Finished << "/" << Total << "] " << Unit;
    if (Failed)
      OS << ": failed\n";
    else
      OS << ": " << UnitFindings
         << (UnitFindings == 1 ? " finding\n" : " findings\n");
  }
}

void Progress::redraw() {
  double Elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  std::string Line =
      llvm::formatv("[{0}/{1}] {2} finding{3}, {4} elapsed", Finished, Total,
                    Findings, Findings == 1 ? "" : "s", clock(Elapsed))
          .str();
  if (Finished > 0 && Finished < Total)
    Line += ", ~" + clock(Elapsed / Finished * (Total - Finished)) + " left";
  Line += "  " + Current;
  unsigned Width = llvm::sys::Process::StandardErrColumns();
  if (Width > 1 && Line.size() >= Width)
    Line.resize(Width - 1);
  OS << "\r\x1b[K" << Line;
  OS.flush();
}

void Progress::done() {
  if (M == Bar) {
    OS << "\r\x1b[K";
    OS.flush();
  }
}

} // namespace leakguard
