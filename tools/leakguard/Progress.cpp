//===--- Progress.cpp - what a running scan tells its user ----------------===//

#include "Progress.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Unicode.h"
#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace leakguard {

unsigned terminalColumns() {
  // LLVM's Process::StandardErrColumns() reads only $COLUMNS, which shells
  // do not export: ask the terminal.
  struct winsize Size;
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &Size) == 0 && Size.ws_col > 0)
    return Size.ws_col;
  if (const char *Columns = std::getenv("COLUMNS"))
    return std::max(0, std::atoi(Columns));
  return 0;
}

Progress::Progress(Mode M, unsigned Total, llvm::raw_ostream &OS)
    : M(M), Total(Total), TotalWeight(Total),
      Start(std::chrono::steady_clock::now()), OS(OS) {
  if (M == Bar)
    Ticker = std::thread([this] { tick(); });
}

Progress::~Progress() { done(); }

static std::string clock(double Seconds) {
  unsigned S = unsigned(Seconds);
  std::string Out;
  llvm::raw_string_ostream(Out) << llvm::format("%u:%02u", S / 60, S % 60);
  return Out;
}

double Progress::estimateLeft(double Elapsed, double DoneWeight,
                              double TotalWeight) {
  if (DoneWeight <= 0)
    return -1;
  return Elapsed / DoneWeight * std::max(0.0, TotalWeight - DoneWeight);
}

std::string Progress::statusLine(unsigned Finished, unsigned Total,
                                 unsigned Findings, unsigned Failed,
                                 double Elapsed, double LeftSeconds,
                                 llvm::StringRef Unit, unsigned Width) {
  std::string Line = llvm::formatv("[{0}/{1}] {2} finding{3}", Finished, Total,
                                   Findings, Findings == 1 ? "" : "s")
                         .str();
  if (Failed)
    Line += llvm::formatv(", {0} failed", Failed).str();
  Line += ", " + clock(Elapsed) + " elapsed";
  if (Finished < Total && LeftSeconds >= 0)
    Line += ", ~" + clock(LeftSeconds) + " left";
  if (Width == 0)
    return Line + "  " + Unit.str();
  // Width - 1: writing the last column makes some terminals wrap.
  unsigned Room = Width - 1;
  auto Columns = [](llvm::StringRef S) {
    int W = llvm::sys::unicode::columnWidthUTF8(S);
    return W < 0 ? unsigned(S.size()) : unsigned(W);
  };
  if (Columns(Line) >= Room) {
    // Not even the counts fit: cut them (plain ASCII).
    return Line.substr(0, Room);
  }
  unsigned Left = Room - Columns(Line);
  if (Left <= 2)
    return Line;
  Left -= 2;
  std::string Name = Unit.str();
  if (Columns(Name) > Left) {
    // Keep the end of the path, the file name: "...net/server.cpp". Cut at
    // a character boundary.
    llvm::StringRef Rest = Unit;
    while (!Rest.empty() && Columns(Rest) + 3 > Left) {
      Rest = Rest.drop_front();
      while (!Rest.empty() && (Rest.front() & 0xC0) == 0x80)
        Rest = Rest.drop_front();
    }
    Name = Left >= 3 ? "..." + Rest.str() : "";
  }
  return Line + "  " + Name;
}

void Progress::expectWork(double Weight) {
  std::lock_guard<std::mutex> Guard(Lock);
  TotalWeight = Weight;
}

void Progress::started(llvm::StringRef Unit) {
  std::lock_guard<std::mutex> Guard(Lock);
  Current = Unit.str();
  if (!WorkStart)
    WorkStart =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
            .count();
  if (M == Bar)
    redraw();
}

void Progress::finished(llvm::StringRef Unit, unsigned UnitFindings,
                        unsigned NewFindings, bool UnitFailed, double Weight,
                        bool Cached) {
  std::lock_guard<std::mutex> Guard(Lock);
  ++Finished;
  DoneWeight += Cached ? 0 : Weight;
  Findings += NewFindings;
  Failed += UnitFailed;
  if (M == Bar) {
    redraw();
    return;
  }
  if (M == Lines) {
    OS << "leakguard: [" << Finished << "/" << Total << "] " << Unit;
    if (UnitFailed)
      OS << ": failed\n";
    else
      OS << ": " << UnitFindings
         << (UnitFindings == 1 ? " finding" : " findings")
         << (Cached ? " (cached)\n" : "\n");
  }
}

void Progress::redraw() {
  if (Stopping)
    return;
  double Elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  double Working = Elapsed - WorkStart.value_or(Elapsed);
  OS << "\r\x1b[K"
     << statusLine(Finished, Total, Findings, Failed, Elapsed,
                   estimateLeft(Working, DoneWeight, TotalWeight), Current,
                   terminalColumns());
  OS.flush();
}

void Progress::tick() {
  std::unique_lock<std::mutex> Guard(Lock);
  while (!Stopping) {
    // Wake at the next whole second of elapsed time.
    auto Elapsed = std::chrono::steady_clock::now() - Start;
    auto Next = Start +
                std::chrono::duration_cast<std::chrono::seconds>(Elapsed) +
                std::chrono::seconds(1);
    if (Wake.wait_until(Guard, Next, [this] { return Stopping; }))
      break;
    redraw();
  }
}

void Progress::done() {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    if (Stopping)
      return;
    if (M == Bar) {
      OS << "\r\x1b[K";
      OS.flush();
    }
    Stopping = true;
  }
  Wake.notify_all();
  if (Ticker.joinable())
    Ticker.join();
}

} // namespace leakguard
