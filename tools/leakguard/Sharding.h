//===--- Sharding.h - splitting a scan over CI jobs and cores -------------===//
//
// What a unit costs, and what follows from it: which shard of `--shard K/N`
// analyzes it, and in which order the `-j` workers take the units.
//
// The cost of a unit is the time its last analysis took, as the result
// cache recorded it (ResultCache.h), else an estimate from the size of its
// main file (scaled by the seconds per byte of the units whose time is
// known, so that the two kinds of cost mix). Shards are a greedy
// partition: the units, heaviest first (ties by path), each go to the shard
// with the least cost so far (ties to the lowest shard). Every shard
// computes the whole partition from the same inputs and keeps its part, so
// the shards of one run partition the database exactly, as long as they see
// the same costs; a digest of the partition goes into each shard's report,
// and `leakguard merge` refuses shards whose digests differ.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TOOLS_SHARDING_H
#define LEAKGUARD_TOOLS_SHARDING_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace leakguard {

/// `--shard K/N`: shard \c Index (1-based) of \c Count.
struct ShardSpec {
  unsigned Index = 1;
  unsigned Count = 1;
};

/// Reads "K/N" with 1 <= K <= N.
llvm::Expected<ShardSpec> parseShard(llvm::StringRef Text);

/// One unit to schedule.
struct UnitCost {
  std::string Path; ///< Absolute.
  /// As reports show it (relative to the root): what costs are stored
  /// under, and what orders ties, so that runners with different checkout
  /// directories agree.
  std::string Key;
  double Cost = 0;
  bool Measured = false; ///< From a stored time, not from the size.
};

/// The costs of \p Paths (\p Keys as above) from \p Stored seconds by key,
/// else from file sizes.
std::vector<UnitCost> estimateCosts(llvm::ArrayRef<std::string> Paths,
                                    llvm::ArrayRef<std::string> Keys,
                                    const llvm::StringMap<double> &Stored);

/// The shard (0-based) of each unit, as described above.
std::vector<unsigned> partitionUnits(llvm::ArrayRef<UnitCost> Units,
                                     unsigned Count);

/// A short digest of a partition: the keys of each shard.
std::string partitionDigest(llvm::ArrayRef<UnitCost> Units,
                            llvm::ArrayRef<unsigned> Shards, unsigned Count);

/// \p Units heaviest first (ties by key): the order the workers take them
/// in, so that the last unit to finish is a short one.
void sortHeaviestFirst(std::vector<UnitCost> &Units);

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_SHARDING_H
