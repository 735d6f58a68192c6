#!/usr/bin/python3
"""Build and run leakguard's libFuzzer targets (test/fuzz/) for a while each.

By default it builds test/fuzz on its own with clang++-19 (a small build that
takes the checks and the analysis library from the main build, see
test/fuzz/CMakeLists.txt) into --build-dir, then, for each target:
  1. runs every regression input of test/fuzz/regressions/<target>/ once
     (each is an input that once crashed: it must not any more);
  2. fuzzes for --seconds from test/fuzz/corpus/<target>/ (and, for
     FuzzChecks with --checker-seeds, every input of test/checkers/), new
     inputs going to a scratch corpus (or --keep-corpus DIR/<target>);
and prints per target the executions, executions per second, the coverage
(libFuzzer's `cov`, edges, and `ft`, features) and the corpus size at the
end. A crash, a sanitizer report, a leak, a timeout of one input or an
out-of-memory is a failure: its input is kept under --work (the line says
where) to be added to test/fuzz/regressions/<target>/ with the fix.

With --build-dir pointing at a build configured with -DLEAKGUARD_FUZZ=ON
and --no-build, it runs that build's fully instrumented targets instead
(bin/Fuzz*); the checks then give coverage too.

Exit status: 0 every target ran clean; 1 a target failed; 2 the build failed
or the arguments are wrong. Standard library only; run with /usr/bin/python3.

Examples:
  bench/fuzz.py --seconds 3                       # what the suite runs
  nice -n 19 bench/fuzz.py --seconds 600 --checker-seeds --keep-corpus /tmp/fz
  bench/fuzz.py --no-build --build-dir build-fuzz --targets FuzzChecks
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FUZZ_SRC = ROOT / "test" / "fuzz"
TARGETS = ["FuzzOptionLists", "FuzzBaseline", "FuzzUnifiedDiff",
           "FuzzExportFixes", "FuzzSarif", "FuzzFingerprint",
           "FuzzCompileDatabase", "FuzzChecks"]
# Seconds one input may take before libFuzzer calls it a hang: parsing a
# C++ file with standard headers takes seconds, minutes on a loaded machine.
INPUT_TIMEOUT = {"FuzzChecks": 600}
STATS_RE = re.compile(r"stat::(\w+):\s*(\d+)")
COV_RE = re.compile(r"cov: (\d+) ft: (\d+) corp: (\d+)")


def build(args: argparse.Namespace) -> bool:
    configure = ["cmake", "-S", str(FUZZ_SRC), "-B", str(args.build_dir),
                 "-G", "Ninja", f"-DLEAKGUARD_MAIN_BUILD={args.main_build}"]
    compile_ = ["cmake", "--build", str(args.build_dir), "--target",
                *args.targets, "-j", str(args.jobs)]
    for command in (configure, compile_):
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"fuzz: {' '.join(command)} failed:\n{proc.stdout[-4000:]}"
                  f"{proc.stderr[-4000:]}", file=sys.stderr)
            return False
    return True


def find_binary(build_dir: Path, target: str) -> Path | None:
    for candidate in (build_dir / target, build_dir / "bin" / target):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def files_in(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.is_file())


def run_target(binary: Path, target: str, args: argparse.Namespace,
               work: Path) -> dict:
    result: dict = {"target": target, "ok": True}
    artifacts = work / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    common = [f"-timeout={INPUT_TIMEOUT.get(target, 25)}",
              f"-rss_limit_mb={args.rss_limit_mb}",
              f"-artifact_prefix={artifacts}/{target}-",
              "-print_final_stats=1"]
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")

    regressions = files_in(FUZZ_SRC / "regressions" / target)
    if regressions:
        proc = subprocess.run([str(binary), *common, *map(str, regressions)],
                              capture_output=True, text=True, env=env)
        result["regressions"] = len(regressions)
        if proc.returncode != 0:
            result["ok"] = False
            result["why"] = "a regression input fails again"
            result["log"] = proc.stderr[-6000:]
            return result

    if args.keep_corpus:
        scratch = args.keep_corpus / target
        scratch.mkdir(parents=True, exist_ok=True)
    else:
        scratch = work / "corpus" / target
        scratch.mkdir(parents=True, exist_ok=True)
    seeds = [FUZZ_SRC / "corpus" / target]
    if target == "FuzzChecks" and args.checker_seeds:
        seeds.append(ROOT / "test" / "checkers")
    command = [str(binary), *common, f"-max_total_time={args.seconds}",
               str(scratch), *[str(s) for s in seeds if s.is_dir()]]
    start = time.monotonic()
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    result["seconds"] = time.monotonic() - start
    stats = dict((k, int(v)) for k, v in STATS_RE.findall(proc.stderr))
    result["execs"] = stats.get("number_of_executed_units", 0)
    covs = COV_RE.findall(proc.stderr)
    if covs:
        cov, ft, corp = covs[-1]
        result.update(cov=int(cov), ft=int(ft), corpus=int(corp))
    if proc.returncode != 0:
        result["ok"] = False
        crashes = sorted(artifacts.glob(f"{target}-*"))
        result["why"] = ("crash, sanitizer report or hang; input: "
                         + (str(crashes[-1]) if crashes else "none kept"))
        result["log"] = proc.stderr[-6000:]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60,
                        help="fuzzing time per target (default 60)")
    parser.add_argument("--targets", nargs="+", default=TARGETS,
                        choices=TARGETS)
    parser.add_argument("--main-build", type=Path, default=ROOT / "build",
                        help="the built main build (default build/)")
    parser.add_argument("--build-dir", type=Path,
                        help="where the fuzz targets are built (default "
                        "<main build>/test/fuzz-build)")
    parser.add_argument("--no-build", action="store_true",
                        help="use the targets already in --build-dir")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path,
                        help="scratch corpora and crash inputs (default: a "
                        "temporary directory, kept when a target fails)")
    parser.add_argument("--keep-corpus", type=Path,
                        help="grow corpora under DIR/<target> and keep them")
    parser.add_argument("--checker-seeds", action="store_true",
                        help="seed FuzzChecks with test/checkers too (each "
                        "input includes standard headers: slow to load)")
    parser.add_argument("--rss-limit-mb", type=int, default=4096)
    args = parser.parse_args()
    args.main_build = args.main_build.resolve()
    if args.build_dir is None:
        args.build_dir = args.main_build / "test" / "fuzz-build"
    args.build_dir = args.build_dir.resolve()

    if not args.no_build and not build(args):
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="leakguard-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for target in args.targets:
        binary = find_binary(args.build_dir, target)
        if binary is None:
            print(f"fuzz: no {target} in {args.build_dir}", file=sys.stderr)
            return 2
        result = run_target(binary, target, args, work)
        results.append(result)
        if not result["ok"]:
            print(f"fuzz: {target}: {result['why']}\n{result['log']}",
                  file=sys.stderr)

    print(f"{'target':<22}{'seconds':>8}{'execs':>10}{'exec/s':>9}"
          f"{'cov':>7}{'ft':>8}{'corpus':>8}  result")
    for r in results:
        seconds = r.get("seconds", 0.0)
        execs = r.get("execs", 0)
        rate = execs / seconds if seconds else 0.0
        print(f"{r['target']:<22}{seconds:>8.1f}{execs:>10}{rate:>9.0f}"
              f"{r.get('cov', 0):>7}{r.get('ft', 0):>8}{r.get('corpus', 0):>8}"
              f"  {'ok' if r['ok'] else 'FAILED'}"
              + (f" ({r['regressions']} regression inputs)"
                 if r.get("regressions") else ""))
    failed = [r for r in results if not r["ok"]]
    if failed:
        print(f"fuzz: inputs kept under {work}", file=sys.stderr)
        return 1
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
