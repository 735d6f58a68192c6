//===--- Sharding.cpp - splitting a scan over CI jobs and cores -----------===//

#include "Sharding.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include <algorithm>
#include <numeric>

namespace leakguard {

llvm::Expected<ShardSpec> parseShard(llvm::StringRef Text) {
  auto [K, N] = Text.split('/');
  ShardSpec Spec;
  if (K.trim().getAsInteger(10, Spec.Index) ||
      N.trim().getAsInteger(10, Spec.Count) || Spec.Count == 0 ||
      Spec.Index == 0 || Spec.Index > Spec.Count)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "--shard '%s': expected K/N with 1 <= K <= N (shard K of N)",
        Text.str().c_str());
  return Spec;
}

std::vector<UnitCost> estimateCosts(llvm::ArrayRef<std::string> Paths,
                                    llvm::ArrayRef<std::string> Keys,
                                    const llvm::StringMap<double> &Stored) {
  std::vector<UnitCost> Units(Paths.size());
  std::vector<uint64_t> Sizes(Paths.size(), 0);
  double KnownSeconds = 0, KnownBytes = 0;
  for (size_t I = 0; I < Paths.size(); ++I) {
    Units[I].Path = Paths[I];
    Units[I].Key = Keys[I];
    llvm::sys::fs::file_size(Paths[I], Sizes[I]);
    auto It = Stored.find(Keys[I]);
    if (It != Stored.end() && It->second >= 0) {
      Units[I].Cost = It->second;
      Units[I].Measured = true;
      KnownSeconds += It->second;
      KnownBytes += Sizes[I];
    }
  }
  // Seconds per byte of the measured units; without any, the size itself
  // (only the ratios between costs matter).
  double Scale = KnownBytes > 0 && KnownSeconds > 0
                     ? KnownSeconds / KnownBytes
                     : (KnownSeconds > 0 ? 0 : 1);
  for (size_t I = 0; I < Units.size(); ++I)
    if (!Units[I].Measured)
      Units[I].Cost = std::max<double>(Sizes[I], 1) * Scale;
  return Units;
}

/// Heaviest first; equal costs by key, so that the order is the same on
/// every runner.
static bool heavier(const UnitCost &A, const UnitCost &B) {
  if (A.Cost != B.Cost)
    return A.Cost > B.Cost;
  return A.Key < B.Key;
}

void sortHeaviestFirst(std::vector<UnitCost> &Units) {
  std::stable_sort(Units.begin(), Units.end(), heavier);
}

std::vector<unsigned> partitionUnits(llvm::ArrayRef<UnitCost> Units,
                                     unsigned Count) {
  std::vector<size_t> Order(Units.size());
  std::iota(Order.begin(), Order.end(), 0);
  std::stable_sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    return heavier(Units[A], Units[B]);
  });
  std::vector<double> Load(std::max(Count, 1u), 0);
  std::vector<unsigned> Shards(Units.size(), 0);
  for (size_t I : Order) {
    unsigned Least = std::min_element(Load.begin(), Load.end()) - Load.begin();
    Shards[I] = Least;
    Load[Least] += Units[I].Cost;
  }
  return Shards;
}

std::string partitionDigest(llvm::ArrayRef<UnitCost> Units,
                            llvm::ArrayRef<unsigned> Shards, unsigned Count) {
  std::vector<std::pair<std::string, unsigned>> Pairs;
  for (size_t I = 0; I < Units.size(); ++I)
    Pairs.push_back({Units[I].Key, Shards[I]});
  llvm::sort(Pairs);
  llvm::BLAKE3 Hasher;
  Hasher.update(std::to_string(Count));
  for (const auto &[Key, Shard] : Pairs) {
    Hasher.update(llvm::StringRef("\0", 1));
    Hasher.update(Key);
    Hasher.update("=" + std::to_string(Shard));
  }
  auto Digest = Hasher.final<8>();
  return llvm::toHex(Digest, /*LowerCase=*/true);
}

} // namespace leakguard
