//===--- guards_bench.cpp - scope_exit, out_ptr, stop_sleep vs by hand ----===//
//
// What three fixes cost at run time: the same work done by hand (what the
// code did before the fix) and through the helper the fix puts there.
//
//   bench-guards [operations]   (default: 20000000)
//
// Each workload is the best of five runs, in nanoseconds per operation and
// as the ratio helper / by hand:
//   scope_exit  a pool checkout, work, and the checkin called by hand
//               against a leakguard::scope_exit that checks in (the
//               leak-missing-raii guard fix); the pool and the work are
//               calls the optimizer cannot see through;
//   out_ptr     a C-style open through a `T **` out-parameter, a use and a
//               close: a raw pointer closed by hand against a
//               std::unique_ptr with the close as deleter, filled through
//               leakguard::out_ptr (the out-parameter fix); the handle is a
//               static object, so the bookkeeping alone is measured;
//   sleep       a zero-length sleep: std::this_thread::sleep_for against
//               leakguard::sleep_for with a token that can be stopped (its
//               mutex and condition variable are made on each call), a
//               tenth of the operations;
//   sleep 1ms   a 1 ms sleep, 200 times: the time actually slept;
// and once, what the helper is for: how long a request_stop() takes to end
// a thread in a 30-second leakguard::sleep_for (a std::this_thread::sleep_for
// would keep it 30 seconds).
//
//===----------------------------------------------------------------------===//

#include "bench_timing.h"
#include "leakguard/out_ptr.h"
#include "leakguard/scope_exit.h"
#include "leakguard/stop_sleep.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stop_token>
#include <thread>

using leakguard::bench::bestOf;
using leakguard::bench::keep;

namespace {

void report(const char *Name, const char *Raw, double RawNs, const char *Helper,
            double HelperNs) {
  std::printf("%-10s %-22s %10.2f ns/op   %-22s %10.2f ns/op   ", Name, Raw,
              RawNs, Helper, HelperNs);
  // (libstdc++'s zero-length sleep returns before any call: no ratio.)
  if (RawNs >= 0.5)
    std::printf("ratio %.3f\n", HelperNs / RawNs);
  else
    std::printf("ratio -\n");
}

// The pool of the scope_exit workload, out of the optimizer's sight.
struct Pool {
  long Out = 0;
  __attribute__((noinline)) void checkout() { ++Out; }
  __attribute__((noinline)) void checkin() { --Out; }
};
__attribute__((noinline)) void work(long I) { keep(I); }

// A C API of the out_ptr workload.
struct Handle {
  long Uses = 0;
};
Handle TheHandle;
extern "C" __attribute__((noinline)) int handle_open(Handle **Out) {
  *Out = &TheHandle;
  return 0;
}
extern "C" __attribute__((noinline)) void handle_use(Handle *H) { ++H->Uses; }
extern "C" __attribute__((noinline)) void handle_close(Handle *H) { keep(H); }

} // namespace

int main(int argc, char **argv) {
  std::size_t Operations =
      argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000000;

  Pool P;
  double RawGuard = bestOf(
      [&] {
        for (std::size_t I = 0; I < Operations; ++I) {
          P.checkout();
          work(static_cast<long>(I));
          P.checkin();
        }
      },
      Operations);
  double HelperGuard = bestOf(
      [&] {
        for (std::size_t I = 0; I < Operations; ++I) {
          P.checkout();
          leakguard::scope_exit Checkin([&] { P.checkin(); });
          work(static_cast<long>(I));
        }
      },
      Operations);
  if (P.Out != 0)
    std::abort();

  double RawOut = bestOf(
      [&] {
        for (std::size_t I = 0; I < Operations; ++I) {
          Handle *H = nullptr;
          if (handle_open(&H) != 0)
            std::abort();
          handle_use(H);
          handle_close(H);
        }
      },
      Operations);
  double HelperOut = bestOf(
      [&] {
        for (std::size_t I = 0; I < Operations; ++I) {
          std::unique_ptr<Handle, decltype(&handle_close)> H(nullptr,
                                                             &handle_close);
          if (handle_open(leakguard::out_ptr(H)) != 0)
            std::abort();
          handle_use(H.get());
        }
      },
      Operations);

  std::size_t Sleeps = Operations / 10;
  std::stop_source Source;
  double RawSleep = bestOf(
      [&] {
        for (std::size_t I = 0; I < Sleeps; ++I)
          std::this_thread::sleep_for(std::chrono::nanoseconds(0));
      },
      Sleeps);
  double HelperSleep = bestOf(
      [&] {
        for (std::size_t I = 0; I < Sleeps; ++I)
          keep(leakguard::sleep_for(Source.get_token(),
                                    std::chrono::nanoseconds(0)));
      },
      Sleeps);
  double RawMs = bestOf(
      [&] {
        for (int I = 0; I < 200; ++I)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
      },
      200);
  double HelperMs = bestOf(
      [&] {
        for (int I = 0; I < 200; ++I)
          keep(leakguard::sleep_for(Source.get_token(),
                                    std::chrono::milliseconds(1)));
      },
      200);

  // A thread in a 30-second sleep, stopped: how long until it is joined.
  double StopMs;
  {
    std::jthread Worker([](std::stop_token St) {
      while (!St.stop_requested())
        leakguard::sleep_for(St, std::chrono::seconds(30));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto Start = std::chrono::steady_clock::now();
    Worker.request_stop();
    Worker.join();
    StopMs = std::chrono::duration<double, std::milli>(
                 std::chrono::steady_clock::now() - Start)
                 .count();
  }

  report("scope_exit", "checkin by hand", RawGuard, "leakguard::scope_exit",
         HelperGuard);
  report("out_ptr", "raw pointer, close", RawOut, "unique_ptr + out_ptr",
         HelperOut);
  report("sleep 0", "this_thread::sleep_for", RawSleep, "leakguard::sleep_for",
         HelperSleep);
  report("sleep 1ms", "this_thread::sleep_for", RawMs, "leakguard::sleep_for",
         HelperMs);
  std::printf("stop       a thread in a 30 s leakguard::sleep_for is stopped "
              "and joined in %.3f ms (std::this_thread::sleep_for: up to "
              "30000 ms)\n",
              StopMs);
  return 0;
}
