//===--- unique_fd_bench.cpp - leakguard::unique_fd vs a raw int ----------===//
//
// What the descriptor fix costs at run time: the same work with the
// descriptor in an `int` (closed by hand) and in a leakguard::unique_fd.
//
//   bench-unique-fd [operations]   (default: 2000000)
//
// Three workloads, each the best of five runs, in nanoseconds per operation
// and as the ratio owner / raw:
//   open+close  open("/dev/null") and close it (the owner's destructor
//               closes): the real lifecycle, dominated by the system calls;
//   reads       a loop that reads the descriptor, `fd` against `fd.get()`,
//               and hands it over and back (`release()`, constructing an
//               owner): the bookkeeping alone, no system call;
//   vector      push_back of owners (moved) against ints into a vector that
//               grows, then destroyed (owners of -1: nothing to close).
//
//===----------------------------------------------------------------------===//

#include "bench_timing.h"
#include "leakguard/unique_fd.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>
#include <utility>
#include <vector>

using leakguard::bench::bestOf;
using leakguard::bench::keep;

namespace {

void report(const char *Name, double Raw, double Owner) {
  std::printf(
      "%-12s raw int %8.2f ns/op   unique_fd %8.2f ns/op   ratio %.3f\n", Name,
      Raw, Owner, Owner / Raw);
}

} // namespace

int main(int argc, char **argv) {
  std::size_t Operations =
      argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2000000;
  std::size_t Opens = Operations / 10;

  double RawOpen = bestOf(
      [&] {
        for (std::size_t I = 0; I < Opens; ++I) {
          int Fd = ::open("/dev/null", O_RDONLY);
          if (Fd < 0)
            std::abort();
          keep(Fd);
          ::close(Fd);
        }
      },
      Opens);
  double OwnerOpen = bestOf(
      [&] {
        for (std::size_t I = 0; I < Opens; ++I) {
          leakguard::unique_fd Fd(::open("/dev/null", O_RDONLY));
          if (Fd.get() < 0)
            std::abort();
          keep(Fd);
        }
      },
      Opens);

  int Shared = ::open("/dev/null", O_RDONLY);
  double RawReads = bestOf(
      [&] {
        int Fd = Shared;
        for (std::size_t I = 0; I < Operations; ++I) {
          keep(Fd);
          int Given = Fd; // Handed over and taken back.
          keep(Given);
          Fd = Given;
        }
        keep(Fd);
      },
      Operations);
  double OwnerReads = bestOf(
      [&] {
        leakguard::unique_fd Fd(Shared);
        for (std::size_t I = 0; I < Operations; ++I) {
          keep(Fd.get());
          int Given = Fd.release();
          keep(Given);
          Fd = leakguard::unique_fd(Given);
        }
        keep(Fd.get());
        Fd.release(); // Shared stays open for the next round.
      },
      Operations);
  ::close(Shared);

  double RawVector = bestOf(
      [&] {
        std::vector<int> Fds;
        for (std::size_t I = 0; I < Operations; ++I)
          Fds.push_back(-1);
        keep(Fds.data());
      },
      Operations);
  double OwnerVector = bestOf(
      [&] {
        std::vector<leakguard::unique_fd> Fds;
        for (std::size_t I = 0; I < Operations; ++I)
          Fds.push_back(leakguard::unique_fd(-1));
        keep(Fds.data());
      },
      Operations);

  std::printf("sizeof(int) %zu, sizeof(leakguard::unique_fd) %zu\n",
              sizeof(int), sizeof(leakguard::unique_fd));
  report("open+close", RawOpen, OwnerOpen);
  report("reads", RawReads, OwnerReads);
  report("vector", RawVector, OwnerVector);
  return 0;
}
