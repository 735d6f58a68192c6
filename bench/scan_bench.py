#!/usr/bin/python3
"""Benchmark: how `leakguard scan` scales with -j.

Runs `leakguard scan -p <dir> -j N --format sarif --quiet` for every N of
--jobs, interleaved (j1 j2 j1 j2 ...) --repeat times, and prints per N the
fastest and the median wall time, the CPU time of the children, the load
average before each run (the machine may be shared), and whether every run
gave the same SARIF (it must: parallelism may not change the report).

Standard library only; run with /usr/bin/python3. Exit status: 0 measured,
1 the reports differ between runs, 2 a run failed (exit code 2).

Examples:
  bench/scan_bench.py -p /tmp/exdb
  bench/scan_bench.py -p /tmp/real/libzmq/lgdb --root /tmp/real/libzmq \\
      --config "{CheckOptions: {leak-manual-lock.MutexTypes: 'zmq::mutex_t;std::mutex'}}"
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_LEAKGUARD = HERE.parent / "build" / "bin" / "leakguard"


def run_once(command: list[str], output: Path) -> tuple[float, float, int]:
    """Wall seconds, children's CPU seconds and exit code of one scan."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    status = subprocess.call(command + ["-o", str(output)])
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-p", dest="build", required=True,
                        help="directory with compile_commands.json")
    parser.add_argument("--leakguard", default=str(DEFAULT_LEAKGUARD))
    parser.add_argument("--root", help="--root for leakguard scan")
    parser.add_argument("--config", help="--config for leakguard scan")
    parser.add_argument("--jobs", default="1,2",
                        help="comma-separated -j values (default 1,2)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    base = [args.leakguard, "scan", "-p", args.build, "--quiet",
            "--format", "sarif"]
    if args.root:
        base += ["--root", args.root]
    if args.config:
        base += ["--config=" + args.config]
    jobs = [int(j) for j in args.jobs.split(",")]
    walls: dict[int, list[float]] = {j: [] for j in jobs}
    cpus: dict[int, list[float]] = {j: [] for j in jobs}
    loads: dict[int, list[float]] = {j: [] for j in jobs}
    reports: set[bytes] = set()
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "out.sarif"
        for round_ in range(args.repeat):
            for j in jobs:
                loads[j].append(os.getloadavg()[0])
                wall, cpu, status = run_once(base + ["-j", str(j)], output)
                print(f"round {round_ + 1} -j {j}: {wall:.1f} s "
                      f"(exit {status})", file=sys.stderr)
                if status == 2:
                    print("scan_bench: the scan failed (exit 2)",
                          file=sys.stderr)
                    return 2
                walls[j].append(wall)
                cpus[j].append(cpu)
                reports.add(output.read_bytes())

    print(f"{'-j':>3} {'fastest':>9} {'median':>9} {'cpu':>9} {'load':>6}")
    for j in jobs:
        print(f"{j:>3} {min(walls[j]):>8.1f}s {statistics.median(walls[j]):>8.1f}s "
              f"{statistics.median(cpus[j]):>8.1f}s "
              f"{statistics.median(loads[j]):>6.2f}")
    if len(reports) != 1:
        print("scan_bench: the SARIF differs between runs", file=sys.stderr)
        return 1
    print(f"same SARIF in all {args.repeat * len(jobs)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
