#!/usr/bin/python3
"""Benchmark: what the leak-* checks cost on top of clang-tidy's parse.

For every translation unit (TU) of a compile database this runs, in one go,
  (a) a baseline: clang-tidy with `--checks=-*,<BASELINE_CHECK>`, one cheap
      upstream check that matches almost nothing (clang-tidy refuses to run
      with no check at all), i.e. roughly "parse + one empty AST walk";
  (b) the measured checks: clang-tidy with `--checks=-*,<CHECKS>` (default
      `leak-*`).
Both use the same binary and the same arguments apart from --checks. Per TU
the runs are interleaved A B A B ... `--repeat` times; the table shows the
median wall time of each side and its peak RSS (ru_maxrss of the child, from
os.wait4). With --cpu the times are the child's CPU time (user + system,
from os.wait4) instead of wall time: on a machine shared with other jobs
the wall time measures the load as much as the checks.

Totals:
  time ratio        = sum(measured medians) / sum(baseline medians)
  peak-memory ratio = max measured RSS / max baseline RSS over all TUs
                      (and the mean of the per-TU RSS ratios)

This is a benchmark for a person to run, not a test: it passes or fails on
nothing but being able to run. Exit status: 0 all TUs measured; 1 some TUs
were skipped (they are listed, and left out of every total); 2 nothing could
be measured (missing or malformed compile database, missing binary or plugin,
a check pattern that enables no check, or every TU failing).

Examples:
  bench/run_bench.py -p /tmp/exbench
  bench/run_bench.py -p build-dir --filter '/db/' --max-tus 20 --repeat 5
  bench/run_bench.py -p build-dir --plugin build/lib/LeakGuardPlugin.so
  bench/run_bench.py -p build-dir --checks 'bugprone-use-after-move' --json out.json

Standard library only; run with /usr/bin/python3 (3.11).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_TIDY = HERE.parent / "build" / "bin" / "leakguard-tidy"
PLUGIN_HOST_TIDY = Path("/usr/bin/clang-tidy-19")
# Chosen by measurement; see README.md ("Choice of baseline check").
DEFAULT_BASELINE_CHECK = "readability-duplicate-include"

# "file:line:col: warning: message [check-a,check-b]" (clang-tidy's stdout).
WARNING_RE = re.compile(
    r"^(?P<loc>.+?:\d+:\d+): warning: .* \[(?P<checks>[A-Za-z0-9_.,-]+)\]$"
)


class BenchError(Exception):
    """A problem that stops the whole benchmark (exit 2)."""


@dataclass
class Run:
    ok: bool
    wall_s: float
    maxrss_kib: int
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    cpu_s: float = 0.0


@dataclass
class TUResult:
    file: str
    base_times: list[float] = field(default_factory=list)
    meas_times: list[float] = field(default_factory=list)
    base_rss_kib: list[int] = field(default_factory=list)
    meas_rss_kib: list[int] = field(default_factory=list)
    warnings: dict[str, int] = field(default_factory=dict)
    warning_locs: set[tuple[str, str]] = field(default_factory=set)
    base_warnings: int = 0
    error: str | None = None

    @property
    def base_s(self) -> float:
        return statistics.median(self.base_times)

    @property
    def meas_s(self) -> float:
        return statistics.median(self.meas_times)

    @property
    def base_mib(self) -> float:
        return max(self.base_rss_kib) / 1024.0

    @property
    def meas_mib(self) -> float:
        return max(self.meas_rss_kib) / 1024.0


# --------------------------------------------------------------------------
# Compile database


def load_tus(build_dir: Path, filter_re: str | None, max_tus: int | None) -> list[str]:
    cdb = build_dir / "compile_commands.json"
    if not build_dir.is_dir():
        raise BenchError(f"-p {build_dir}: not a directory")
    if not cdb.is_file():
        raise BenchError(f"{cdb}: no compile database (configure with "
                         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)")
    try:
        entries = json.loads(cdb.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BenchError(f"{cdb}: malformed compile database: {e}") from None
    if not isinstance(entries, list):
        raise BenchError(f"{cdb}: malformed compile database: "
                         "top level is not a JSON array")
    files: list[str] = []
    seen: set[str] = set()
    for i, e in enumerate(entries):
        if (not isinstance(e, dict) or not isinstance(e.get("file"), str)
                or not isinstance(e.get("directory"), str)
                or not ("command" in e or "arguments" in e)):
            raise BenchError(f"{cdb}: malformed compile database: entry {i} "
                             "lacks 'directory', 'file' or 'command'/'arguments'")
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if path not in seen:
            seen.add(path)
            files.append(path)
    if not files:
        raise BenchError(f"{cdb}: compile database has no entries")
    if filter_re is not None:
        try:
            rx = re.compile(filter_re)
        except re.error as e:
            raise BenchError(f"--filter {filter_re!r}: bad regular expression: {e}") from None
        files = [f for f in files if rx.search(f)]
        if not files:
            raise BenchError(f"--filter {filter_re!r} matches no file of {cdb}")
    if max_tus is not None:
        files = files[:max_tus]
    return files


# --------------------------------------------------------------------------
# Running clang-tidy


def run_once(cmd: list[str], timeout_s: float) -> Run:
    """Runs cmd once; wall time around spawn..reap, peak RSS from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                proc.kill()
            except OSError:
                pass

        timer = threading.Timer(timeout_s, kill)
        timer.start()
        try:
            while True:
                try:
                    _, status, ru = os.wait4(proc.pid, 0)
                    break
                except InterruptedError:
                    continue
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        rc = os.waitstatus_to_exitcode(status)
        proc.returncode = rc  # reaped by us; keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return Run(ok=(rc == 0 and not timed_out.is_set()), wall_s=wall,
               cpu_s=ru.ru_utime + ru.ru_stime, maxrss_kib=ru.ru_maxrss,
               returncode=rc, stdout=stdout,
               stderr=stderr, timed_out=timed_out.is_set())


def failure_line(run: Run, timeout_s: float) -> str:
    if run.timed_out:
        return f"timed out after {timeout_s:g} s"
    if run.returncode < 0:
        return f"clang-tidy killed by signal {-run.returncode}"
    for line in run.stdout.splitlines():
        if " error: " in line or line.startswith("error: "):
            return line.strip()
    lines = [l.strip() for l in run.stderr.splitlines() if l.strip()]
    for line in lines:
        if "error" in line.lower():
            return line
    return lines[-1] if lines else f"clang-tidy exited with {run.returncode}"


def parse_warnings(stdout: str) -> list[tuple[str, list[str]]]:
    found = []
    for line in stdout.splitlines():
        m = WARNING_RE.match(line)
        if m:
            found.append((m.group("loc"), m.group("checks").split(",")))
    return found


def check_enables(base_cmd: list[str], checks: str, what: str) -> list[str]:
    """Asks clang-tidy which checks `checks` enables; raises if none."""
    try:
        r = subprocess.run(base_cmd + ["--list-checks", f"--checks=-*,{checks}"],
                           capture_output=True, text=True, timeout=120,
                           stdin=subprocess.DEVNULL)
    except OSError as e:
        raise BenchError(f"cannot run {base_cmd[0]}: {e}") from None
    except subprocess.TimeoutExpired:
        raise BenchError(f"{base_cmd[0]} --list-checks did not finish in 120 s") from None
    enabled = [l.strip() for l in r.stdout.splitlines()[1:] if l.strip()]
    if r.returncode != 0 or not enabled:
        detail = (r.stderr.strip().splitlines() or ["no output"])[-1]
        raise BenchError(f"{what} {checks!r} enables no check in "
                         f"{' '.join(base_cmd)} ({detail})")
    return enabled


# --------------------------------------------------------------------------
# Report


def rel_names(files: list[str]) -> dict[str, str]:
    if len(files) == 1:
        return {files[0]: os.path.basename(files[0])}
    prefix = os.path.commonpath(files)
    return {f: os.path.relpath(f, prefix) for f in files}


def fmt_table(rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                 for i, c in enumerate(r)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def summarize(results: list[TUResult]) -> dict:
    good = [r for r in results if r.error is None]
    if not good:
        return {}
    sum_b = sum(r.base_s for r in good)
    sum_m = sum(r.meas_s for r in good)
    max_b = max(r.base_mib for r in good)
    max_m = max(r.meas_mib for r in good)
    per_tu_rss = [r.meas_mib / r.base_mib for r in good]
    warnings: dict[str, int] = {}
    locs: set[tuple[str, str]] = set()
    for r in good:
        for k, v in r.warnings.items():
            warnings[k] = warnings.get(k, 0) + v
        locs |= r.warning_locs
    return {
        "tus_measured": len(good),
        "tus_failed": len(results) - len(good),
        "baseline_time_sum_s": sum_b,
        "measured_time_sum_s": sum_m,
        "time_ratio": sum_m / sum_b if sum_b > 0 else None,
        "per_tu_time_ratio_median": statistics.median(r.meas_s / r.base_s for r in good),
        "per_tu_time_ratio_max": max(r.meas_s / r.base_s for r in good),
        "baseline_peak_rss_mib": max_b,
        "measured_peak_rss_mib": max_m,
        "peak_rss_ratio": max_m / max_b,
        "per_tu_rss_ratio_mean": statistics.fmean(per_tu_rss),
        "warnings_by_check": dict(sorted(warnings.items())),
        "warnings_total": sum(warnings.values()),
        "warnings_unique_locations": len(locs),
        "baseline_warnings_total": sum(r.base_warnings for r in good),
    }


# --------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        description="Time and peak memory of the leak-* clang-tidy checks "
                    "against a parse-only clang-tidy baseline, per TU.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit status: 0 all TUs measured, 1 some TUs skipped, "
               "2 nothing measured / bad input.")
    ap.add_argument("-p", dest="build_dir", required=True, type=Path,
                    help="build directory holding compile_commands.json")
    ap.add_argument("--filter", metavar="REGEX",
                    help="only TUs whose absolute path matches REGEX (re.search)")
    ap.add_argument("--max-tus", type=int, metavar="N",
                    help="at most N TUs (first N in database order, after --filter)")
    ap.add_argument("--repeat", type=int, default=3, metavar="N",
                    help="timed runs per TU and side, interleaved (default 3)")
    ap.add_argument("--tidy", type=Path, metavar="PATH",
                    help=f"clang-tidy binary for both sides (default {DEFAULT_TIDY}; "
                         f"with --plugin: {PLUGIN_HOST_TIDY})")
    ap.add_argument("--plugin", type=Path, metavar="PATH",
                    help="load this plugin (--load PATH) in both sides, e.g. "
                         "build/lib/LeakGuardPlugin.so with clang-tidy-19")
    ap.add_argument("--checks", default="leak-*",
                    help="check set to measure, given to clang-tidy as "
                         "--checks=-*,CHECKS (default leak-*)")
    ap.add_argument("--baseline-check", default=DEFAULT_BASELINE_CHECK,
                    metavar="CHECK",
                    help=f"the one cheap check of the baseline (default "
                         f"{DEFAULT_BASELINE_CHECK})")
    ap.add_argument("--cpu", action="store_true",
                    help="time each run by its CPU time (user + system) "
                         "instead of its wall time")
    ap.add_argument("--timeout", type=float, default=600.0, metavar="SEC",
                    help="kill a single clang-tidy run after SEC seconds (default 600)")
    ap.add_argument("--json", type=Path, metavar="FILE",
                    help="also write all numbers (and every sample) to FILE")
    ap.add_argument("--quiet", action="store_true",
                    help="no per-TU progress lines on stderr")
    args = ap.parse_args(argv)

    if args.repeat < 1:
        raise BenchError("--repeat must be at least 1")
    if args.max_tus is not None and args.max_tus < 1:
        raise BenchError("--max-tus must be at least 1")

    tidy = args.tidy or (PLUGIN_HOST_TIDY if args.plugin else DEFAULT_TIDY)
    if not tidy.is_file() or not os.access(tidy, os.X_OK):
        raise BenchError(f"clang-tidy binary {tidy}: missing or not executable")
    base_cmd = [str(tidy)]
    if args.plugin is not None:
        if not args.plugin.is_file():
            raise BenchError(f"plugin {args.plugin}: missing")
        base_cmd += ["--load", str(args.plugin.resolve())]

    files = load_tus(args.build_dir.resolve(), args.filter, args.max_tus)

    measured_checks = check_enables(base_cmd, args.checks, "--checks")
    baseline_checks = check_enables(base_cmd, args.baseline_check, "--baseline-check")
    if len(baseline_checks) != 1:
        raise BenchError(f"--baseline-check {args.baseline_check!r} enables "
                         f"{len(baseline_checks)} checks; give exactly one")

    # `--config={}` keeps any .clang-tidy file of the project out of both
    # sides, so only --checks differs between them.
    common = base_cmd + ["-p", str(args.build_dir.resolve()), "--config={}"]
    cmd_base = common + [f"--checks=-*,{args.baseline_check}"]
    cmd_meas = common + [f"--checks=-*,{args.checks}"]

    names = rel_names(files)
    log = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    log(f"bench: {len(files)} TU(s), repeat {args.repeat}, "
        f"binary {' '.join(base_cmd)}")
    log(f"bench: baseline --checks=-*,{args.baseline_check}; "
        f"measured --checks=-*,{args.checks} -> {', '.join(measured_checks)}")

    started = datetime.datetime.now().astimezone()
    load_before = os.getloadavg()
    results: list[TUResult] = []
    for idx, f in enumerate(files, 1):
        res = TUResult(file=f)
        results.append(res)
        if not os.path.isfile(f):
            res.error = "source file does not exist"
        for rep in range(args.repeat if res.error is None else 0):
            for side, cmd in (("baseline", cmd_base), ("measured", cmd_meas)):
                run = run_once(cmd + [f], args.timeout)
                if not run.ok:
                    res.error = f"{side} run: {failure_line(run, args.timeout)}"
                    break
                if side == "baseline":
                    res.base_times.append(run.cpu_s if args.cpu else run.wall_s)
                    res.base_rss_kib.append(run.maxrss_kib)
                    if rep == 0:
                        res.base_warnings = len(parse_warnings(run.stdout))
                else:
                    res.meas_times.append(run.cpu_s if args.cpu else run.wall_s)
                    res.meas_rss_kib.append(run.maxrss_kib)
                    if rep == 0:
                        for loc, checks in parse_warnings(run.stdout):
                            for c in checks:
                                res.warnings[c] = res.warnings.get(c, 0) + 1
                                res.warning_locs.add((loc, c))
            if res.error:
                break
        if res.error:
            print(f"bench: skipped {names[f]}: {res.error}", file=sys.stderr, flush=True)
        else:
            log(f"[{idx}/{len(files)}] {names[f]}: baseline {res.base_s:.3f}s "
                f"measured {res.meas_s:.3f}s x{res.meas_s / res.base_s:.2f}")
    finished = datetime.datetime.now().astimezone()
    load_after = os.getloadavg()

    total = summarize(results)
    good = [r for r in results if r.error is None]

    # ---- table
    rows = [["file", "baseline s", "measured s", "ratio", "baseline MiB", "measured MiB", "warnings"]]
    for r in good:
        rows.append([names[r.file], f"{r.base_s:.3f}", f"{r.meas_s:.3f}",
                     f"{r.meas_s / r.base_s:.2f}", f"{r.base_mib:.1f}",
                     f"{r.meas_mib:.1f}", str(sum(r.warnings.values()))])
    print(f"measured: --checks=-*,{args.checks}   baseline: --checks=-*,{args.baseline_check}")
    clock = "CPU" if args.cpu else "wall"
    print(f"binary: {' '.join(base_cmd)}   repeat: {args.repeat} "
          f"(median {clock} time, max RSS)")
    print(f"date: {started:%Y-%m-%d %H:%M %Z}, {os.cpu_count()} CPUs, 1-min load "
          f"average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
          f"(the bench itself adds ~1)")
    print()
    if good:
        print(fmt_table(rows, right={1, 2, 3, 4, 5, 6}))
        print()
        t = total
        print(f"TUs measured: {t['tus_measured']}, skipped: {t['tus_failed']}")
        print(f"time:   sum baseline {t['baseline_time_sum_s']:.3f} s, sum measured "
              f"{t['measured_time_sum_s']:.3f} s, ratio {t['time_ratio']:.3f} "
              f"(per-TU median {t['per_tu_time_ratio_median']:.3f}, max "
              f"{t['per_tu_time_ratio_max']:.3f})")
        print(f"memory: peak baseline {t['baseline_peak_rss_mib']:.1f} MiB, peak measured "
              f"{t['measured_peak_rss_mib']:.1f} MiB, ratio {t['peak_rss_ratio']:.3f} "
              f"(mean per-TU RSS ratio {t['per_tu_rss_ratio_mean']:.3f})")
        by = ", ".join(f"{k}: {v}" for k, v in t["warnings_by_check"].items()) or "none"
        print(f"warnings from the measured checks: {t['warnings_total']} "
              f"({t['warnings_unique_locations']} unique) [{by}]; "
              f"baseline warnings: {t['baseline_warnings_total']}")
    failed = [r for r in results if r.error is not None]
    if failed:
        print()
        print(f"skipped (not in any total): {len(failed)}")
        for r in failed:
            print(f"  {names[r.file]}: {r.error}")

    if args.json is not None:
        doc = {
            "started": started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds"),
            "loadavg_before": load_before, "loadavg_after": load_after,
            "host": {"node": platform.node(), "machine": platform.machine(),
                     "cpus": os.cpu_count(), "python": platform.python_version()},
            "binary": base_cmd,
            "build_dir": str(args.build_dir.resolve()),
            "filter": args.filter, "max_tus": args.max_tus,
            "repeat": args.repeat,
            "clock": "cpu" if args.cpu else "wall",
            "checks": args.checks, "checks_enabled": measured_checks,
            "baseline_check": args.baseline_check,
            "totals": total,
            "tus": [{
                "file": r.file,
                "error": r.error,
                "baseline_s": r.base_times, "measured_s": r.meas_times,
                "baseline_maxrss_kib": r.base_rss_kib,
                "measured_maxrss_kib": r.meas_rss_kib,
                "baseline_median_s": r.base_s if r.error is None else None,
                "measured_median_s": r.meas_s if r.error is None else None,
                "warnings_by_check": r.warnings,
            } for r in results],
        }
        try:
            args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        except OSError as e:
            raise BenchError(f"--json {args.json}: {e}") from None

    if not good:
        raise BenchError(f"no TU could be measured ({len(failed)} failed)")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as e:
        print(f"run_bench.py: error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("run_bench.py: interrupted", file=sys.stderr)
        sys.exit(130)
