//===--- ttl_cache_bench.cpp - leakguard::ttl_cache vs std::unordered_map -===//
//
// The workload of a memoizing cache: look a key up, and on a miss compute a
// value and store it. Keys are strings drawn from a skewed distribution
// (a few hot keys, a long tail), the same sequence for every container.
//
//   bench-ttl-cache [operations] [distinct keys]   (defaults: 4000000 200000)
//
// Prints nanoseconds per operation for std::unordered_map (which keeps every
// key), for leakguard::ttl_cache large enough never to evict (the cost of
// the bookkeeping alone), with a time to live, and at a tenth of the keys
// (evicting), and the ratios to std::unordered_map. Then the siblings
// against what they replace, on the same keys: leakguard::ttl_set against
// std::unordered_set (count, insert on miss), leakguard::bounded_log against
// std::vector (push_back of every key, the log holding a tenth of them) and
// leakguard::bounded_string against std::string (+= of every key and a
// newline, keeping 64 KiB).
//
//===----------------------------------------------------------------------===//

#include "bench_timing.h"
#include "leakguard/ttl_cache.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

using leakguard::bench::bestOf;

namespace {

struct Result {
  double NsPerOp;
  std::size_t Misses;
  std::size_t Size;
};

template <class Map>
Result run(Map &M, const std::vector<const std::string *> &Sequence) {
  std::size_t Misses = 0;
  auto Start = std::chrono::steady_clock::now();
  for (const std::string *Key : Sequence) {
    auto It = M.find(*Key);
    if (It != M.end() && It->second >= 0)
      continue;
    ++Misses;
    M[*Key] = static_cast<int>(Key->size());
  }
  auto Elapsed = std::chrono::steady_clock::now() - Start;
  double Ns = std::chrono::duration<double, std::nano>(Elapsed).count();
  return {Ns / static_cast<double>(Sequence.size()), Misses, M.size()};
}

/// The best of a few runs, each on a fresh container.
template <class Make>
Result best(Make MakeMap, const std::vector<const std::string *> &Sequence) {
  Result Best{1e300, 0, 0};
  for (int Round = 0; Round < 5; ++Round) {
    auto M = MakeMap();
    Result R = run(M, Sequence);
    if (R.NsPerOp < Best.NsPerOp)
      Best = R;
  }
  return Best;
}

/// The siblings of ttl_cache against the containers they replace.
void siblings(const std::vector<const std::string *> &Sequence,
              std::size_t Distinct) {
  std::size_t N = Sequence.size();
  std::size_t Sink = 0;
  auto Seen = [&](auto &S) {
    for (const std::string *Key : Sequence)
      if (!S.count(*Key))
        S.insert(*Key);
    Sink += S.size();
  };
  double StdSet =
      bestOf([] { return std::unordered_set<std::string>(); }, Seen, N);
  double TtlSet = bestOf(
      [&] { return leakguard::ttl_set<std::string>(Distinct); }, Seen, N);
  auto Append = [&](auto &L) {
    for (const std::string *Key : Sequence)
      L.push_back(*Key);
    Sink += L.size();
  };
  double Vector = bestOf([] { return std::vector<std::string>(); }, Append, N);
  double Log =
      bestOf([&] { return leakguard::bounded_log<std::string>(Distinct / 10); },
             Append, N);
  auto Text = [&](auto &T) {
    for (const std::string *Key : Sequence) {
      T += *Key;
      T += '\n';
    }
    Sink += T.size();
  };
  double String = bestOf([] { return std::string(); }, Text, N);
  double Bounded =
      bestOf([] { return leakguard::bounded_string(64 * 1024); }, Text, N);
  std::printf("\n%-44s %8s %8s\n", "sibling (against what it replaces)",
              "ns/op", "ratio");
  auto Row = [](const char *Name, double Ns, double Base) {
    std::printf("%-44s %8.1f %8.2f\n", Name, Ns, Ns / Base);
  };
  Row("std::unordered_set (unbounded)", StdSet, StdSet);
  Row("leakguard::ttl_set, never full", TtlSet, StdSet);
  Row("std::vector push_back (unbounded)", Vector, Vector);
  Row("leakguard::bounded_log, a tenth of the keys", Log, Vector);
  Row("std::string += (unbounded)", String, String);
  Row("leakguard::bounded_string, 64 KiB", Bounded, String);
  if (Sink == 0)
    std::printf("(nothing stored)\n");
}

} // namespace

int main(int argc, char **argv) {
  std::size_t Operations =
      argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4000000;
  std::size_t Distinct =
      argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200000;
  if (Operations == 0 || Distinct < 10) {
    std::fprintf(stderr, "usage: %s [operations] [distinct keys >= 10]\n",
                 argv[0]);
    return 2;
  }
  std::vector<std::string> Keys;
  Keys.reserve(Distinct);
  for (std::size_t I = 0; I < Distinct; ++I)
    Keys.push_back("client-" + std::to_string(I * 2654435761u % 1000000007u));
  // Skewed: the index is the product of two uniform draws.
  std::mt19937_64 Random(42);
  std::uniform_real_distribution<double> Uniform(0.0, 1.0);
  std::vector<const std::string *> Sequence;
  Sequence.reserve(Operations);
  for (std::size_t I = 0; I < Operations; ++I)
    Sequence.push_back(&Keys[static_cast<std::size_t>(
        Uniform(Random) * Uniform(Random) * static_cast<double>(Distinct))]);

  using Cache = leakguard::ttl_cache<std::string, int>;
  Result Std =
      best([] { return std::unordered_map<std::string, int>(); }, Sequence);
  Result Big = best([&] { return Cache(Distinct); }, Sequence);
  Result Ttl =
      best([&] { return Cache(Distinct, std::chrono::hours(1)); }, Sequence);
  Result Small = best([&] { return Cache(Distinct / 10); }, Sequence);

  std::printf("%zu operations over %zu distinct keys (find, insert on miss)\n",
              Operations, Distinct);
  std::printf("%-44s %8s %8s %10s %9s\n", "container", "ns/op", "ratio",
              "misses", "size");
  auto Row = [&](const char *Name, const Result &R) {
    std::printf("%-44s %8.1f %8.2f %10zu %9zu\n", Name, R.NsPerOp,
                R.NsPerOp / Std.NsPerOp, R.Misses, R.Size);
  };
  Row("std::unordered_map (unbounded)", Std);
  Row("leakguard::ttl_cache, never full", Big);
  Row("leakguard::ttl_cache, never full, TTL 1h", Ttl);
  Row("leakguard::ttl_cache, a tenth of the keys", Small);
  siblings(Sequence, Distinct);
  return 0;
}
