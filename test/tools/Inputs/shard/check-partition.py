#!/usr/bin/python3
"""Checks that the unit lists of `leakguard scan --list-units --shard K/N`
(one file per shard, given in order) partition the list of the unsharded
scan: every unit in exactly one shard. Prints each shard's total cost.

Usage: check-partition.py ALL SHARD1 SHARD2 ...
"""
import sys


def units(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    return [(row[0], float(row[1])) for row in rows]


def main() -> int:
    everything = units(sys.argv[1])
    shards = [units(p) for p in sys.argv[2:]]
    seen = {}
    for index, shard in enumerate(shards, 1):
        for name, _ in shard:
            if name in seen:
                print(f"'{name}' is in shard {seen[name]} and in shard {index}")
                return 1
            seen[name] = index
    missing = sorted({name for name, _ in everything} - set(seen))
    extra = sorted(set(seen) - {name for name, _ in everything})
    if missing or extra:
        print(f"missing {missing}, not in the database {extra}")
        return 1
    print(f"partition of {len(everything)} units into {len(shards)} shards")
    for index, shard in enumerate(shards, 1):
        print(f"shard {index}: {len(shard)} units, cost "
              f"{sum(cost for _, cost in shard):g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
