//===--- bench_timing.h - timing helpers of the helper benchmarks ---------===//
//
// What the benchmarks of include/leakguard/ share: a barrier that keeps a
// value from being optimized away, and the best time per operation over a
// few rounds (the least disturbed by the rest of the machine).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_BENCH_BENCH_TIMING_H
#define LEAKGUARD_BENCH_BENCH_TIMING_H

#include <chrono>
#include <cstddef>

namespace leakguard::bench {

/// Keeps \p Value alive for the optimizer.
template <class T> void keep(const T &Value) {
  asm volatile("" : : "r,m"(Value) : "memory");
}

/// Nanoseconds per operation of \p DoWork(\p Make()) for \p Operations
/// operations, the best of five rounds, each on a fresh \p Make().
template <class Make, class Work>
double bestOf(Make MakeInput, Work DoWork, std::size_t Operations) {
  double Best = 1e300;
  for (int Round = 0; Round < 5; ++Round) {
    auto Input = MakeInput();
    auto Start = std::chrono::steady_clock::now();
    DoWork(Input);
    double Ns = std::chrono::duration<double, std::nano>(
                    std::chrono::steady_clock::now() - Start)
                    .count();
    if (Ns < Best)
      Best = Ns;
  }
  return Best / static_cast<double>(Operations);
}

/// Nanoseconds per operation of \p DoWork() for \p Operations operations,
/// the best of five rounds.
template <class Work> double bestOf(Work DoWork, std::size_t Operations) {
  return bestOf([] { return 0; }, [&](int) { DoWork(); }, Operations);
}

} // namespace leakguard::bench

#endif // LEAKGUARD_BENCH_BENCH_TIMING_H
