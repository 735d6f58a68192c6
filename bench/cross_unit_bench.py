#!/usr/bin/python3
"""Benchmark: what `leakguard scan`'s two cross-unit passes cost (issue #14).

For the units of a compile database (-p; --filter and --max-tus narrow them
as in run_bench.py) it measures in one run, interleaved --repeat times
(a b c a b c ...), the median wall time of:
  (a) parse only: one clang-tidy per unit with run_bench.py's baseline
      (`--checks=-*,readability-duplicate-include --config={}`), one after
      the other, summed;
  (b) one pass: `leakguard scan --cross-unit=false -j 1` over the same units;
  (c) two passes: `leakguard scan -j 1` (summaries in a fresh temporary
      directory each time, so every run is a cold scan); its time is split
      at the line "analyzing N units again" into pass 1 and pass 2.
It prints b/a, c/a, c/b (the ratio of the medians, and each round's c/b),
the same ratios of the CPU time (user and system, children included:
steadier than wall time when the machine is shared), the peak RSS of the
largest process of each side (wait4 of the scan includes its children),
the units pass 2 analyzed again, and the findings of (b) and (c).

Then, unless --no-incremental, the incremental case on a copy of the
project (--root; the copy is made under --work, since it edits a file):
`leakguard scan -j 1 --cache C --summaries S` cold, warm (nothing
changed), after appending a comment to one .cpp (--edit, default the
first unit), and, with --replace OLD NEW, after a change of a function
body in that file (the first OLD replaced by NEW). For each scan it prints
the units pass 1 analyzed (the cache's line), the units pass 2 analyzed
again, and how many units ask the summaries about a function the edited
unit defines (the most that pass 2 may have to analyze again).

A benchmark for a person to read: no thresholds. Standard library only; run
with /usr/bin/python3 under `nice`, one benchmark at a time. Exit status: 0
measured, 2 a run failed or bad input.

Examples:
  bench/cross_unit_bench.py -p /work/corpus-bench/leveldb-build \\
      --root /work/corpus-bench/leveldb --repeat 3
  bench/cross_unit_bench.py -p /work/corpus-bench/redis-build \\
      --root /work/corpus-bench/redis --max-tus 60 \\
      --edit src/adlist.c --replace 'zfree(list);' 'zfree(list); list = NULL;'
"""

from __future__ import annotations

import argparse
import glob
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
sys.path.insert(0, str(HERE))
import run_bench  # noqa: E402  (its parse-only baseline and its runner)
import scan_bench  # noqa: E402  (its project copy, edit and SARIF reader)

AGAIN_RE = re.compile(r"^leakguard: analyzing (\d+) units? again")
CACHE_RE = re.compile(r"^leakguard: cache: (\d+) of (\d+) units reused, "
                      r"(\d+) analyzed")


def timed_scan(command: list[str]) -> dict:
    """Runs one scan: wall seconds, the seconds until pass 2 started (when
    it did), peak RSS (KiB) of the scan and its children, exit status and
    the counts of its stderr lines."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, errors="replace")
    pass2_at = None
    again = 0
    analyzed = None
    lines = []
    for line in proc.stderr:
        lines.append(line.rstrip("\n"))
        if m := AGAIN_RE.match(line):
            pass2_at = time.perf_counter() - start
            again = int(m.group(1))
        elif m := CACHE_RE.match(line):
            analyzed = int(m.group(3))
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
            "pass2_at": pass2_at, "again": again,
            "analyzed": analyzed, "rss_kib": ru.ru_maxrss,
            "status": proc.returncode, "stderr": lines}


def check_status(run: dict, what: str) -> None:
    # 0: no finding, 1: findings; anything else is a failed scan (a unit
    # that could not be analyzed included: the sides would not compare).
    if run["status"] not in (0, 1):
        tail = "\n".join(run["stderr"][-5:])
        raise run_bench.BenchError(f"{what} exited with {run['status']}:\n{tail}")


def cpu_of_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def parse_only(cmd: list[str], files: list[str], timeout: float,
               failed: dict[str, str]) -> tuple[float, float, int]:
    """Side (a): the sum of the units' wall times, their CPU time and the
    largest RSS; a unit that does not parse goes to failed (and out of
    every side)."""
    total, rss = 0.0, 0
    cpu = cpu_of_children()
    for f in files:
        run = run_bench.run_once(cmd + [f], timeout)
        if not run.ok:
            failed[f] = run_bench.failure_line(run, timeout)
            continue
        total += run.wall_s
        rss = max(rss, run.maxrss_kib)
    return total, cpu_of_children() - cpu, rss


def measure(args, files: list[str], scan_base: list[str],
            tidy_cmd: list[str], log) -> dict:
    failed: dict[str, str] = {}
    samples = {k: [] for k in ("a", "b", "c", "c1", "c2",
                               "cpu_a", "cpu_b", "cpu_c")}
    rss = {"a": 0, "b": 0, "c": 0}
    again: list[int] = []
    findings: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="cross-unit-bench") as tmp:
        out = Path(tmp) / "out.sarif"
        for round_ in range(args.repeat):
            wall, cpu, peak = parse_only(tidy_cmd, files, args.timeout, failed)
            if failed:
                for f, why in failed.items():
                    log(f"cross_unit_bench: left out {f}: {why}")
                files = [f for f in files if f not in failed]
                failed.clear()
                if not files:
                    raise run_bench.BenchError("no unit parses")
                # The sums of this round are not comparable: again.
                wall, cpu, peak = parse_only(tidy_cmd, files, args.timeout,
                                             failed)
            samples["a"].append(wall)
            samples["cpu_a"].append(cpu)
            rss["a"] = max(rss["a"], peak)
            for side, extra in (("b", ["--cross-unit=false"]), ("c", [])):
                run = timed_scan(scan_base + extra + ["-o", str(out)] + files)
                check_status(run, f"scan ({side})")
                samples[side].append(run["wall"])
                samples["cpu_" + side].append(run["cpu"])
                rss[side] = max(rss[side], run["rss_kib"])
                findings[side] = len(scan_bench.findings_of(out))
                if side == "c":
                    again.append(run["again"])
                    at = run["pass2_at"] or run["wall"]
                    samples["c1"].append(at)
                    samples["c2"].append(run["wall"] - at)
            log(f"round {round_ + 1}: parse only {samples['a'][-1]:.1f} s, "
                f"one pass {samples['b'][-1]:.1f} s, two passes "
                f"{samples['c'][-1]:.1f} s ({again[-1]} units again), "
                f"load {os.getloadavg()[0]:.2f}")
    med = {k: statistics.median(v) for k, v in samples.items()}
    return {"units": len(files), "files": files, "samples": samples,
            "median": med, "rss_kib": rss, "again": again,
            "findings": findings,
            "c_over_b_per_round": [c / b for b, c in
                                   zip(samples["b"], samples["c"])],
            "cpu_c_over_b_per_round": [c / b for b, c in
                                       zip(samples["cpu_b"],
                                           samples["cpu_c"])]}


def asked_about(summaries: Path, unit: str) -> int:
    """How many other units ask the summaries about a function \\p unit
    defines."""
    defined: set[str] = set()
    askers: list[tuple[str, set[str]]] = []
    for path in glob.glob(str(summaries / "units" / "*.json")):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("unit") == unit:
            defined = set(doc.get("functions", {}))
        else:
            keys = {q.rsplit("#", 1)[0] for q in doc.get("asked", {})}
            askers.append((doc.get("unit", ""), keys))
    return sum(1 for _, keys in askers if keys & defined)


def incremental(args, files: list[str], scan_opts: list[str], log) -> list:
    if not args.root:
        raise run_bench.BenchError("the incremental case needs --root "
                                   "(or --no-incremental)")
    root, build = Path(args.root).resolve(), Path(args.build).resolve()
    work = Path(args.work or tempfile.mkdtemp(prefix="cross-unit-bench"))
    work = work.resolve()
    src, bld = scan_bench.copy_project(root, build, work / "project")

    def copy_of(f: str) -> str:
        # As copy_project rewrites the database: the build directory first.
        for orig, copy in ((build, bld), (root, src)):
            if Path(f).is_relative_to(orig):
                return str(copy / os.path.relpath(f, orig))
        return f

    copies = [copy_of(f) for f in files]
    target = src / args.edit if args.edit else Path(copies[0])
    if str(target) not in copies:
        raise run_bench.BenchError(f"--edit {args.edit}: not one of the "
                                   "units measured")
    cache, summaries = work / "cache", work / "summaries"
    for d in (cache, summaries):
        if d.exists():
            shutil.rmtree(d)
    base = ([args.leakguard, "scan", "-p", str(bld), "--root", str(src),
             "-j", "1", "--format", "sarif", "--cache", str(cache),
             "--summaries", str(summaries), "-o", str(work / "out.sarif")]
            + scan_opts + copies)
    rows = []

    def scan(name: str) -> None:
        run = timed_scan(base)
        check_status(run, f"incremental scan '{name}'")
        rows.append({"scan": name, "wall": run["wall"],
                     "pass1": run["analyzed"], "pass2": run["again"],
                     "askers": asked_about(summaries, str(target)),
                     "findings": len(scan_bench.findings_of(
                         work / "out.sarif"))})
        log(f"{name}: {run['wall']:.1f} s, pass 1 analyzed "
            f"{run['analyzed']}, pass 2 {run['again']}")

    scan("cold")
    scan("warm, nothing changed")
    rel = target.relative_to(src)
    scan_bench.edit(target)
    scan(f"comment appended to {rel}")
    if args.replace:
        old, new = args.replace
        text = target.read_text(encoding="utf-8")
        if old not in text:
            raise run_bench.BenchError(f"--replace: {old!r} is not in {rel}")
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
        scan(f"body of {rel} changed")
    if not args.work:
        shutil.rmtree(work)
    return rows


def report(args, m: dict, rows: list, total_units: int) -> None:
    med, rss = m["median"], m["rss_kib"]
    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} CPUs, "
          f"1-min load average {os.getloadavg()[0]:.2f} after")
    print(f"units: {m['units']} (of {total_units} in the database), "
          f"repeat {args.repeat} (median wall time), -j 1")
    print()
    print(f"{'side':<38} {'median s':>9} {'CPU s':>9} {'peak MiB':>9}")
    for key, name in (("a", "(a) parse only"),
                      ("b", "(b) one pass (--cross-unit=false)"),
                      ("c", "(c) two passes")):
        print(f"{name:<38} {med[key]:>9.2f} {med['cpu_' + key]:>9.2f} "
              f"{rss[key] / 1024:>9.1f}")
    print(f"{'    pass 1':<38} {med['c1']:>9.2f}")
    print(f"{'    pass 2':<38} {med['c2']:>9.2f}")
    print()
    rounds = ", ".join(f"{r:.3f}" for r in m["c_over_b_per_round"])
    print(f"ratios: b/a {med['b'] / med['a']:.3f}, c/a {med['c'] / med['a']:.3f}, "
          f"c/b {med['c'] / med['b']:.3f} (per round: {rounds}); "
          f"pass 1/b {med['c1'] / med['b']:.3f}")
    print(f"CPU time ratios (children included; steadier than wall time on "
          f"a loaded machine): b/a {med['cpu_b'] / med['cpu_a']:.3f}, "
          f"c/a {med['cpu_c'] / med['cpu_a']:.3f}, "
          f"c/b {med['cpu_c'] / med['cpu_b']:.3f}")
    # b and c of one round ran minutes apart at most: the median of the
    # rounds' own ratios moves less with the machine than a ratio of
    # medians taken from different rounds.
    cpu_rounds = m["cpu_c_over_b_per_round"]
    print(f"CPU c/b per round: "
          f"{', '.join(f'{r:.3f}' for r in cpu_rounds)}; median "
          f"{statistics.median(cpu_rounds):.3f}, range "
          f"{min(cpu_rounds):.3f} to {max(cpu_rounds):.3f}")
    print(f"pass 2 analyzed again: {statistics.median(m['again']):g} of "
          f"{m['units']} units; findings: one pass {m['findings']['b']}, "
          f"two passes {m['findings']['c']}")
    if rows:
        print()
        print(f"{'incremental scan (--cache, --summaries)':<50} {'wall':>7} "
              f"{'pass 1':>7} {'pass 2':>7} {'askers':>7} {'findings':>8}")
        for r in rows:
            print(f"{r['scan']:<50} {r['wall']:>6.1f}s "
                  f"{'?' if r['pass1'] is None else r['pass1']:>7} "
                  f"{r['pass2']:>7} {r['askers']:>7} {r['findings']:>8}")
        print("(pass 1: units analyzed; pass 2: units analyzed again; "
              "askers: units that ask about a function of the edited unit)")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-p", dest="build", required=True,
                    help="directory with compile_commands.json")
    ap.add_argument("--root", help="the project's sources (--root of the "
                    "scans; the incremental case copies it)")
    ap.add_argument("--filter", metavar="REGEX",
                    help="only units whose absolute path matches")
    ap.add_argument("--max-tus", type=int, metavar="N",
                    help="the first N units, after --filter")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--leakguard", default=str(scan_bench.DEFAULT_LEAKGUARD))
    ap.add_argument("--tidy", help="the clang-tidy of side (a) (default: "
                    "the leakguard-tidy next to --leakguard, as scan runs)")
    ap.add_argument("--baseline-check",
                    default=run_bench.DEFAULT_BASELINE_CHECK)
    ap.add_argument("--timeout", type=float, default=600.0, metavar="SEC",
                    help="per unit (default 600)")
    ap.add_argument("--no-incremental", action="store_true",
                    help="only the timings (a), (b), (c)")
    ap.add_argument("--work", metavar="DIR",
                    help="where the incremental case copies the project "
                    "(kept; default: a temporary directory, removed)")
    ap.add_argument("--edit", metavar="FILE",
                    help="the unit to edit, relative to --root (default: "
                    "the first unit measured)")
    ap.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"),
                    help="also measure a change of a function body in "
                    "--edit: its first OLD replaced by NEW")
    ap.add_argument("--json", type=Path, metavar="FILE",
                    help="also write every sample to FILE")
    ap.add_argument("--quiet", action="store_true",
                    help="no progress lines on stderr")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        raise run_bench.BenchError("--repeat must be at least 1")

    build = Path(args.build).resolve()
    files = run_bench.load_tus(build, args.filter, args.max_tus)
    total_units = len(run_bench.load_tus(build, None, None))
    leakguard = Path(args.leakguard)
    tidy = Path(args.tidy) if args.tidy else leakguard.parent / "leakguard-tidy"
    for binary in (leakguard, tidy):
        if not binary.is_file() or not os.access(binary, os.X_OK):
            raise run_bench.BenchError(f"{binary}: missing or not executable")
    enabled = run_bench.check_enables([str(tidy)], args.baseline_check,
                                      "--baseline-check")
    if len(enabled) != 1:
        raise run_bench.BenchError(f"--baseline-check {args.baseline_check!r} "
                                   f"enables {len(enabled)} checks")
    # The same configuration everywhere: a project's .clang-tidy changes no
    # side.
    tidy_cmd = [str(tidy), "-p", str(build), "--config={}",
                f"--checks=-*,{args.baseline_check}"]
    scan_opts = ["--config={}", f"--timeout={int(args.timeout)}"]
    scan_base = ([str(leakguard), "scan", "-p", str(build), "-j", "1",
                  "--format", "sarif"] + scan_opts
                 + (["--root", args.root] if args.root else []))
    log = ((lambda *a: None) if args.quiet
           else (lambda *a: print(*a, file=sys.stderr, flush=True)))
    log(f"cross_unit_bench: {len(files)} units, repeat {args.repeat}")

    m = measure(args, files, scan_base, tidy_cmd, log)
    rows = [] if args.no_incremental else \
        incremental(args, m["files"], scan_opts, log)
    report(args, m, rows, total_units)
    if args.json:
        args.json.write_text(json.dumps({"timings": m, "incremental": rows},
                                        indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except run_bench.BenchError as e:
        print(f"cross_unit_bench.py: error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("cross_unit_bench.py: interrupted", file=sys.stderr)
        sys.exit(130)
