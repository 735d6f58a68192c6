#!/usr/bin/python3
"""Compares a merged SARIF log with the log of a full scan: the same rules,
the same results in the same order (with the same fingerprints), and no
fingerprint twice; prints the number of invocations.

  compare-sarif.py FULL MERGED
  compare-sarif.py --split-twin FULL OUT1 OUT2
      writes two logs, each with one copy of FULL's first result; the copy
      in OUT2 one column further right (another finding with the same line
      context, so the same fingerprint), as two shards would report them.
"""
import copy
import json
import sys


def main() -> int:
    if sys.argv[1] == "--split-twin":
        full = json.load(open(sys.argv[2], encoding="utf-8"))
        first = full["runs"][0]["results"][0]
        for index, out in enumerate(sys.argv[3:5]):
            log = copy.deepcopy(full)
            result = copy.deepcopy(first)
            for step in [result["locations"][0]]:
                step["physicalLocation"]["region"]["startColumn"] += index
            log["runs"][0]["results"] = [result]
            json.dump(log, open(out, "w", encoding="utf-8"))
        return 0
    full, merged = (json.load(open(p, encoding="utf-8"))["runs"][0]
                    for p in sys.argv[1:3])
    if full["results"] != merged["results"]:
        print("the results differ")
        return 1
    if full["tool"] != merged["tool"]:
        print("the rules differ")
        return 1
    prints = [r["partialFingerprints"]["leakguard/v1"]
              for r in merged["results"]]
    twice = len(prints) - len(set(prints))
    print(f"same results and rules: {len(prints)} results, {twice} "
          f"fingerprints twice; {len(merged['invocations'])} invocations")
    return 0 if twice == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
