#!/usr/bin/python3
"""Benchmark: how `leakguard scan` scales with -j, and what --cache saves.

Runs `leakguard scan -p <dir> -j N --format sarif --quiet` for every N of
--jobs, interleaved (j1 j2 j1 j2 ...) --repeat times, and prints per N the
fastest and the median wall time, the CPU time of the children, the load
average before each run (the machine may be shared), and whether every run
gave the same SARIF (it must: parallelism may not change the report).

With --cache-scenarios DIR it measures the result cache instead, on a copy
of the project made in DIR (the sources under --root and the build
directory, with the compile database's paths rewritten), since it edits
files: a cold scan at each -j of --jobs (each with an empty cache), a warm
scan (the cache of the cold -j1 scan, nothing changed), a scan after an
edit of one .cpp (the first unit of the database), and one after an edit
of the project header that the most units include (found in the cache's
entries). An edit appends a comment line, so the content changes (a plain
`touch` changes no content and is a cache hit). Each is printed as a ratio
to the cold -j1 scan of the same run, with the units it analyzed, and the
findings of every scan are compared with the cold -j1 scan's.

Standard library only; run with /usr/bin/python3. Exit status: 0 measured,
1 the reports differ between runs, 2 a run failed (exit code 2).

Examples:
  bench/scan_bench.py -p /tmp/exdb
  bench/scan_bench.py -p /work/corpus/leveldb-build --root /work/corpus/leveldb \\
      --cache-scenarios /tmp/bench-leveldb
  bench/scan_bench.py -p /tmp/real/libzmq/lgdb --root /tmp/real/libzmq \\
      --config "{CheckOptions: {leak-manual-lock.MutexTypes: 'zmq::mutex_t;std::mutex'}}"
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
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


def copy_project(root: Path, build: Path, dest: Path) -> tuple[Path, Path]:
    """Copies the sources and the build directory into dest, the compile
    database pointing at the copies."""
    if dest.exists():
        shutil.rmtree(dest)
    src, bld = dest / "src", dest / "build"
    shutil.copytree(root, src, symlinks=True,
                    ignore=shutil.ignore_patterns(".git"))
    shutil.copytree(build, bld, symlinks=True)
    db = bld / "compile_commands.json"
    text = db.read_text(encoding="utf-8")
    # The build directory first: it may lie under, or start like, the root.
    text = text.replace(str(build), "\0BUILD\0").replace(str(root), str(src))
    db.write_text(text.replace("\0BUILD\0", str(bld)), encoding="utf-8")
    return src, bld


def findings_of(sarif: Path) -> list[tuple]:
    """What a SARIF log reports, without fingerprints (an appended comment
    may change the context of a finding on a file's last line)."""
    log = json.loads(sarif.read_text(encoding="utf-8"))
    out = []
    for result in log["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]
        out.append((result["ruleId"], loc["artifactLocation"]["uri"],
                    loc["region"]["startLine"], result["message"]["text"]))
    return sorted(out)


def widest_header(cache: Path, src: Path) -> tuple[Path, int]:
    """The header under src that the most cache entries list."""
    counts: dict[str, int] = {}
    for entry in cache.glob("entries/*/*.entry"):
        body = json.loads(entry.read_text(encoding="utf-8").split("\n", 1)[1])
        for dep, _ in body["dependencies"][1:]:
            path = os.path.normpath(dep)
            if path.startswith(str(src) + os.sep) and \
                    not path.endswith((".cc", ".cpp", ".cxx", ".c")):
                counts[path] = counts.get(path, 0) + 1
    if not counts:
        raise SystemExit("scan_bench: no project header in the cache entries")
    best = max(sorted(counts), key=lambda p: counts[p])
    return Path(best), counts[best]


def edit(path: Path) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n// scan_bench: an edit\n")


def cache_scenarios(args, jobs: list[int]) -> int:
    if not args.root:
        raise SystemExit("scan_bench: --cache-scenarios needs --root")
    dest = Path(args.cache_scenarios).resolve()
    src, bld = copy_project(Path(args.root).resolve(),
                            Path(args.build).resolve(), dest / "project")
    base = [args.leakguard, "scan", "-p", str(bld), "--root", str(src),
            "--format", "sarif"]
    if args.config:
        base += ["--config=" + args.config]
    base += [str(src / s) for s in args.select]
    rows: list[tuple[str, float, str, list[tuple]]] = []

    def scan(name: str, j: int, cache: Path) -> None:
        out = dest / (re.sub(r"\W+", "-", name) + ".sarif")
        err = dest / (re.sub(r"\W+", "-", name) + ".err")
        load = os.getloadavg()[0]
        start = time.monotonic()
        with open(err, "w", encoding="utf-8") as e:
            status = subprocess.call(base + ["-j", str(j), "--cache",
                                             str(cache), "-o", str(out)],
                                     stderr=e)
        wall = time.monotonic() - start
        if status == 2:
            raise SystemExit(f"scan_bench: {name} failed (exit 2), see {err}")
        line = next((l for l in err.read_text(encoding="utf-8").splitlines()
                     if l.startswith("leakguard: cache: ")), "")
        m = re.search(r"(\d+) of (\d+) units reused, (\d+) analyzed", line)
        analyzed = f"{m.group(3)} of {m.group(2)}" if m else "?"
        print(f"{name}: {wall:.1f} s, {analyzed} units analyzed, "
              f"load {load:.2f}", file=sys.stderr)
        rows.append((name, wall, analyzed, findings_of(out)))

    caches = dest / "caches"
    if caches.exists():
        shutil.rmtree(caches)
    for j in jobs:
        scan(f"cold -j{j}", j, caches / f"cold-j{j}")
    warm = caches / f"cold-j{jobs[0]}"
    scan("warm", jobs[0], warm)
    with open(bld / "compile_commands.json", encoding="utf-8") as f:
        first = Path(json.load(f)[0]["file"])
    if not first.is_absolute():
        first = bld / first
    if args.select:
        # The first unit the scan selected: one from its cache entries.
        first = Path(sorted(
            json.loads(e.read_text(encoding="utf-8").split("\n", 1)[1])["unit"]
            for e in warm.glob("entries/*/*.entry"))[0])
    edit(first)
    scan(f"edited {first.relative_to(src)}", jobs[0], warm)
    header, includers = widest_header(warm, src)
    edit(header)
    scan(f"edited {header.relative_to(src)} ({includers} units include it)",
         jobs[0], warm)

    cold = rows[0][1]
    print(f"{'scan':<60} {'wall':>8} {'ratio':>7}  analyzed")
    for name, wall, analyzed, _ in rows:
        print(f"{name:<60} {wall:>7.1f}s {wall / cold:>7.3f}  {analyzed}")
    same = all(r[3] == rows[0][3] for r in rows)
    print(f"{len(rows[0][3])} findings; "
          + ("the same in every scan" if same else "THE FINDINGS DIFFER"))
    return 0 if same else 1


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
    parser.add_argument("--cache-scenarios", metavar="DIR",
                        help="measure cold, warm and edited scans with "
                        "--cache on a copy of the project made in DIR")
    parser.add_argument("select", nargs="*",
                        help="with --cache-scenarios: paths under --root "
                        "(or globs) that narrow the scan to a subset")
    args = parser.parse_args()
    if args.cache_scenarios:
        return cache_scenarios(args, [int(j) for j in args.jobs.split(",")])

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
