#!/usr/bin/python3
"""Benchmark: what a child of `leakguard scan` executes for the summaries,
counted in instructions (issue #14).

Wall and CPU time on a shared or virtual machine move by 5 to 10 % from one
round to the next, as much as the cost being measured. Instructions do not:
this script runs leakguard-tidy under valgrind's callgrind on some units of
a compile database (-p; --units names them, default the --max-tus largest
main files) in three ways, and prints the instructions each executed:
  none       the checks alone, as `scan --cross-unit=false` runs them;
  summarize  the checks, and the unit's summary written (pass 1 with
             nothing known of the other units);
  with facts the same, reading the summaries of the whole project, merged
             by a `leakguard scan --summaries DIR` run first with the same
             binary (what a unit analyzed after its callees pays).
summarize/none is the summarizer's own cost; with facts/none adds the checks
following what the other units' summaries tell (more acquisitions, known
callees). Instructions are not time (memory stalls, the kernel and process
start are not counted) and valgrind runs about 50 times slower: pick a few
units. Standard library only; needs valgrind. Exit status: 0 measured, 2 a
run failed or bad input.

Example:
  bench/cross_unit_instructions.py -p /work/corpus/redis-build \\
      --units src/bitops.c,src/redis-cli.c --leakguard build/bin/leakguard
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLLECTED_RE = re.compile(r"Collected : (\d+)")
SIDES = ("none", "summarize", "with facts")


def units_of(build: Path) -> list[str]:
    try:
        entries = json.loads((build / "compile_commands.json").read_text())
    except (OSError, ValueError) as e:
        raise SystemExit(f"cross_unit_instructions: {build}: {e}")
    files = []
    for e in entries:
        f = e["file"]
        if not os.path.isabs(f):
            f = os.path.join(e["directory"], f)
        files.append(os.path.normpath(f))
    return list(dict.fromkeys(files))


def instructions(tidy: str, build: Path, unit: str, env: dict,
                 work: Path) -> int:
    out = work / f"{abs(hash((unit, tuple(env))))}.callgrind"
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
         tidy, "--checks=-*,leak-*", "--quiet", "--warnings-as-errors=-*",
         f"-p={build}", unit],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, errors="replace")
    m = COLLECTED_RE.search(proc.stderr)
    if not m:
        raise SystemExit(f"cross_unit_instructions: {unit}: valgrind gave "
                         f"no count:\n{proc.stderr[-2000:]}")
    return int(m.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-p", required=True, type=Path, help="build directory")
    ap.add_argument("--units", default="",
                    help="comma-separated units (relative to --root or "
                         "absolute)")
    ap.add_argument("--root", type=Path, help="source root for --units")
    ap.add_argument("--max-tus", type=int, default=6,
                    help="without --units: the largest N main files")
    ap.add_argument("--leakguard", default=str(HERE.parent / "build" / "bin" /
                                               "leakguard"))
    ap.add_argument("-j", type=int, default=1, help="valgrinds at once")
    args = ap.parse_args()
    leakguard = Path(args.leakguard).resolve()
    tidy = str(leakguard.parent / "leakguard-tidy")
    build = args.p.resolve()
    all_units = units_of(build)
    if args.units:
        root = args.root.resolve() if args.root else Path.cwd()
        units = [os.path.normpath(u if os.path.isabs(u) else root / u)
                 for u in args.units.split(",")]
        missing = [u for u in units if u not in all_units]
        if missing:
            print(f"cross_unit_instructions: not in the compile database: "
                  f"{', '.join(missing)}", file=sys.stderr)
            return 2
    else:
        units = sorted(all_units, key=lambda u: -os.path.getsize(u))
        units = units[:args.max_tus]
    with tempfile.TemporaryDirectory(prefix="cross-unit-ir") as tmp:
        work = Path(tmp)
        summaries = work / "summaries"
        scan = subprocess.run(
            [str(leakguard), "scan", "-p", str(build), "-j", str(args.j),
             "--summaries", str(summaries), "--format", "json"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, errors="replace")
        merged = summaries / "merged.json"
        if scan.returncode not in (0, 1) or not merged.exists():
            print(f"cross_unit_instructions: the scan that merges the "
                  f"summaries failed ({scan.returncode}):\n"
                  f"{scan.stderr[-2000:]}", file=sys.stderr)
            return 2
        base = {k: v for k, v in os.environ.items()
                if not k.startswith("LEAKGUARD_")}
        out = str(work / "unit-summary.json")
        envs = {"none": base,
                "summarize": {**base, "LEAKGUARD_SUMMARY_OUT": out},
                "with facts": {**base, "LEAKGUARD_SUMMARY_OUT": out,
                               "LEAKGUARD_SUMMARIES": str(merged)}}
        tasks = [(u, side) for u in units for side in SIDES]

        def run(task):
            unit, side = task
            env = dict(envs[side])
            if side != "none":
                env["LEAKGUARD_SUMMARY_OUT"] = str(
                    work / f"{len(unit)}-{abs(hash(unit))}-{side[0]}.json")
            return instructions(tidy, build, unit, env, work)

        with ThreadPoolExecutor(max(1, args.j)) as pool:
            counts = dict(zip(tasks, pool.map(run, tasks)))
    width = max(len(os.path.basename(u)) for u in units)
    print(f"{'unit':<{width}}  " +
          "  ".join(f"{s:>12}" for s in SIDES) +
          "  summarize/none  with facts/none")
    total = {s: 0 for s in SIDES}
    for u in units:
        row = [counts[(u, s)] for s in SIDES]
        for s, v in zip(SIDES, row):
            total[s] += v
        print(f"{os.path.basename(u):<{width}}  " +
              "  ".join(f"{v / 1e6:>11.1f}M" for v in row) +
              f"  {row[1] / row[0]:>14.3f}  {row[2] / row[0]:>15.3f}")
    row = [total[s] for s in SIDES]
    print(f"{'total':<{width}}  " +
          "  ".join(f"{v / 1e6:>11.1f}M" for v in row) +
          f"  {row[1] / row[0]:>14.3f}  {row[2] / row[0]:>15.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
