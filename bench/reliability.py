#!/usr/bin/python3
"""Crash-free at scale: `leakguard scan` over every unit of compile databases.

For every compile database given, this runs
  leakguard scan -p <db dir> --root <root> --format json -j 1
                 --timeout <T> <files not yet in the journal>
on --chunk units at a time
and takes each unit's wall time from the progress lines (with -j 1 the units
run one after the other: a unit's time is the time from the previous line to
its own; the first one also carries the scan's start, about a second). With
--per-unit it runs one scan per unit instead (slower: each scan starts
leakguard and lists the checks again). Every failure of a unit is sorted into
a kind:
  compile-error  the unit does not compile with the flags of the database
                 (missing generated headers, another compiler's options...)
  crash          leakguard-tidy (or leakguard) ended on a signal
  timeout        the unit's analysis did not finish within --timeout seconds
  other          anything else (leakguard's message is kept)

Then, for the slowest units (--slowest N by scan time, and the N whose scan
time is furthest above their project's median), it measures the cost over
parsing the same way bench/run_bench.py does: leakguard-tidy with
`--checks=-*,leak-*` against leakguard-tidy with
`--checks=-*,readability-duplicate-include` (parse + one empty AST walk),
interleaved, --repeat times each, and prints the ratio of the medians. Only
those units are measured parse-only: a parse-only run of every unit would
double the cost of the whole run.

Results go to a JSON-lines journal (--journal), one line per unit (with
the --bin directory that analyzed it), so an interrupted run continues where
it stopped when started again with the same journal. --measure-only scans
nothing and measures the slowest units the journal holds, so that a run
stopped before its end still gets its ratios. The final table is printed in
Markdown (what docs/reliability.md shows); --json writes every number.

Exit status: 0 every unit analyzed without crash or timeout; 1 some unit
crashed, timed out or failed otherwise (compile errors alone do not count:
they are the project's configuration, not leakguard); 2 the run could not
start (no database, no binary).

Standard library only; run with /usr/bin/python3. Examples:
  nice -n 19 bench/reliability.py /work/corpus/*-build --journal /tmp/rel.jsonl
  bench/reliability.py build-a/compile_commands.json --timeout 120 --slowest 10
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_BIN = HERE.parent / "build" / "bin"
BASELINE_CHECK = "readability-duplicate-include"
KINDS = ("compile-error", "crash", "timeout", "other")


class Fatal(Exception):
    """A problem that stops the run (exit 2)."""


def load_database(path: Path) -> tuple[str, Path, Path, list[str]]:
    """(project name, database dir, root, unique files) of one database."""
    db = path / "compile_commands.json" if path.is_dir() else path
    if not db.is_file():
        raise Fatal(f"{path}: no compile_commands.json")
    try:
        entries = json.loads(db.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise Fatal(f"{db}: cannot read: {err}") from err
    if not isinstance(entries, list):
        raise Fatal(f"{db}: not a JSON array")
    files: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or "file" not in entry:
            raise Fatal(f"{db}: an entry without 'file'")
        name = entry["file"]
        if not os.path.isabs(name):
            name = os.path.join(entry.get("directory", ""), name)
        name = os.path.normpath(name)
        if name not in seen:
            seen.add(name)
            files.append(name)
    if not files:
        raise Fatal(f"{db}: no entries")
    root = Path(os.path.commonpath(files))
    if root.is_file() or root == Path(files[0]):
        root = root.parent
    project = db.parent.name
    if project.endswith("-build"):
        project = project[: -len("-build")]
    return project, db.parent, root, files


def classify(message: str) -> str:
    if "compiler error" in message:
        return "compile-error"
    if "crashed" in message or "signal" in message.lower():
        return "crash"
    if "did not finish within" in message:
        return "timeout"
    return "other"


def scan_unit(leakguard: Path, db_dir: Path, root: Path, file: str,
              timeout: int) -> dict:
    command = [str(leakguard), "scan", "-p", str(db_dir), "--root", str(root),
               "--format", "json", "--quiet", "-j", "1",
               f"--timeout={timeout}", file]
    start = time.monotonic()
    try:
        # The scan's own --timeout stops leakguard-tidy; this one is for
        # leakguard itself hanging.
        proc = subprocess.run(command, capture_output=True, text=True,
                              timeout=timeout * 2 + 60)
    except subprocess.TimeoutExpired:
        return {"seconds": time.monotonic() - start, "kind": "timeout",
                "message": "leakguard scan itself did not finish"}
    seconds = time.monotonic() - start
    result: dict = {"seconds": seconds, "findings": 0}
    if proc.returncode < 0:
        result["kind"] = "crash"
        result["message"] = (f"leakguard ended on signal {-proc.returncode}: "
                             + proc.stderr.strip()[-400:])
        return result
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        result["kind"] = "other"
        result["message"] = (f"exit {proc.returncode}, no JSON report: "
                             + proc.stderr.strip()[-400:])
        return result
    result["findings"] = len(report.get("findings", []))
    errors = report.get("errors", [])
    if errors:
        message = errors[0].get("message", "")
        result["kind"] = classify(message)
        result["message"] = message[:600]
    return result


PROGRESS_RE = re.compile(r"^leakguard: \[(\d+)/(\d+)\] (.*): "
                         r"(failed|\d+ findings?.*)$")


def scan_database(leakguard: Path, db_dir: Path, root: Path,
                  files: list[str], timeout: int, on_row) -> list[str]:
    """Scans \p files in one run; calls on_row(file, result) per unit as
    its progress line arrives. Returns the files that got no line (the scan
    itself failed), for a scan of their own."""
    with tempfile.TemporaryDirectory() as tmp:
        report_path = Path(tmp) / "report.json"
        command = [str(leakguard), "scan", "-p", str(db_dir), "--root",
                   str(root), "--format", "json", "-o", str(report_path),
                   "-j", "1", "--color=never", f"--timeout={timeout}", *files]
        by_display = {os.path.relpath(f, root): f for f in files}
        timed: list[tuple[str, float]] = []
        start = last = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        tail: list[str] = []
        for line in proc.stderr:
            match = PROGRESS_RE.match(line.rstrip("\n"))
            if not match:
                tail = (tail + [line])[-20:]
                continue
            now = time.monotonic()
            file = by_display.get(match.group(3))
            if file is not None:
                timed.append((file, now - last))
            last = now
        proc.wait()
        errors: dict[str, str] = {}
        findings: dict[str, int] = {}
        try:
            report = json.loads(report_path.read_text(encoding="utf-8"))
            for error in report.get("errors", []):
                file = by_display.get(error.get("file", ""))
                if file is not None and file not in errors:
                    errors[file] = error.get("message", "")
            for finding in report.get("findings", []):
                path = finding.get("file", "")
                file = by_display.get(path)
                if file is not None:
                    findings[file] = findings.get(file, 0) + 1
        except (OSError, ValueError):
            if proc.returncode < 0 or proc.returncode > 2:
                print(f"reliability: the scan of {db_dir} failed "
                      f"(exit {proc.returncode}): {''.join(tail)}",
                      file=sys.stderr)
                seen = {f for f, _ in timed}
                return [f for f in files if f not in seen]
    seen = set()
    for file, seconds in timed:
        seen.add(file)
        result: dict = {"seconds": seconds, "findings": findings.get(file, 0)}
        if file in errors:
            result["kind"] = classify(errors[file])
            result["message"] = errors[file][:600]
        on_row(file, result)
    return [f for f in files if f not in seen]


def timed_tidy(tidy: Path, db_dir: Path, checks: str, file: str,
               timeout: int) -> float | None:
    command = [str(tidy), "-p", str(db_dir), "--quiet",
               f"--checks=-*,{checks}", file]
    start = time.monotonic()
    try:
        subprocess.run(command, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return time.monotonic() - start


def measure_ratio(tidy: Path, db_dir: Path, file: str, repeat: int,
                  timeout: int) -> dict:
    base: list[float] = []
    leak: list[float] = []
    for _ in range(repeat):
        b = timed_tidy(tidy, db_dir, BASELINE_CHECK, file, timeout)
        m = timed_tidy(tidy, db_dir, "leak-*", file, timeout)
        if b is None or m is None:
            return {"error": "timeout"}
        base.append(b)
        leak.append(m)
    b, m = statistics.median(base), statistics.median(leak)
    return {"parse_s": b, "leak_s": m, "ratio": m / b if b > 0 else 0.0}


def pick_slow(rows: list[dict], count: int) -> list[dict]:
    """The `count` slowest units, and the `count` furthest above their
    project's median, units that failed left out."""
    ok = [r for r in rows if "kind" not in r]
    by_time = sorted(ok, key=lambda r: -r["seconds"])[:count]
    medians: dict[str, float] = {}
    for project in {r["project"] for r in ok}:
        medians[project] = statistics.median(
            r["seconds"] for r in ok if r["project"] == project)
    by_rel = sorted(ok, key=lambda r: -r["seconds"] /
                    max(medians[r["project"]], 1e-3))[:count]
    chosen: list[dict] = []
    seen: set[str] = set()
    for r in by_time + by_rel:
        if r["file"] not in seen:
            seen.add(r["file"])
            chosen.append(r)
    return chosen


def markdown(rows: list[dict], projects: list[str], slow: list[dict],
             ratio_limit: float) -> str:
    out = ["| project | units | analyzed | compile error | crash | timeout "
           "| other | total scan s |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    totals = {"units": 0, "analyzed": 0, "seconds": 0.0}
    totals.update({k: 0 for k in KINDS})
    for project in projects:
        mine = [r for r in rows if r["project"] == project]
        kinds = {k: sum(1 for r in mine if r.get("kind") == k) for k in KINDS}
        analyzed = len(mine) - sum(kinds.values())
        seconds = sum(r["seconds"] for r in mine)
        out.append(f"| {project} | {len(mine)} | {analyzed} | "
                   + " | ".join(str(kinds[k]) for k in KINDS)
                   + f" | {seconds:.0f} |")
        totals["units"] += len(mine)
        totals["analyzed"] += analyzed
        totals["seconds"] += seconds
        for k in KINDS:
            totals[k] += kinds[k]
    out.append(f"| **all {len(projects)}** | {totals['units']} | "
               f"{totals['analyzed']} | "
               + " | ".join(str(totals[k]) for k in KINDS)
               + f" | {totals['seconds']:.0f} |")
    if slow:
        out += ["", "| slowest units | scan s | parse-only s | leak-* s "
                "| ratio |", "|---|---:|---:|---:|---:|"]
        for r in sorted(slow, key=lambda r: -r.get("ratio", {}).get(
                "ratio", 0.0)):
            ratio = r.get("ratio", {})
            if "ratio" not in ratio:
                out.append(f"| {r['project']}: {r['rel']} | "
                           f"{r['seconds']:.2f} | - | - | "
                           f"{ratio.get('error', '-')} |")
                continue
            mark = " **over**" if ratio["ratio"] > ratio_limit else ""
            out.append(f"| {r['project']}: {r['rel']} | {r['seconds']:.2f} | "
                       f"{ratio['parse_s']:.2f} | {ratio['leak_s']:.2f} | "
                       f"{ratio['ratio']:.2f}{mark} |")
    failures = [r for r in rows if r.get("kind") in ("crash", "timeout",
                                                     "other")]
    if failures:
        out += ["", "Failures:"]
        for r in failures:
            out.append(f"- {r['project']}: {r['rel']}: {r['kind']}: "
                       f"{r.get('message', '')}")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("databases", nargs="+", type=Path,
                        help="compile_commands.json files or their dirs")
    parser.add_argument("--bin", type=Path, default=DEFAULT_BIN,
                        help="directory with leakguard and leakguard-tidy")
    parser.add_argument("--timeout", type=int, default=300,
                        help="seconds per unit (default 300)")
    parser.add_argument("--slowest", type=int, default=15,
                        help="units measured against parse-only, twice "
                        "this many at most (default 15; 0: none)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per side of a ratio (default 3)")
    parser.add_argument("--ratio-limit", type=float, default=3.0)
    parser.add_argument("--journal", type=Path,
                        help="JSON-lines file of finished units: read first "
                        "(those units are not run again), appended to")
    parser.add_argument("--max-units", type=int,
                        help="at most this many units per database")
    parser.add_argument("--json", type=Path, help="write every row here")
    parser.add_argument("--chunk", type=int, default=20,
                        help="units per scan (default 20)")
    parser.add_argument("--per-unit", action="store_true",
                        help="one scan per unit instead of one per database")
    parser.add_argument("--report-only", action="store_true",
                        help="scan and measure nothing: the tables of what "
                        "the journal holds")
    parser.add_argument("--scan-only", action="store_true",
                        help="no parse-only measurements")
    parser.add_argument("--measure-only", action="store_true",
                        help="scan nothing: measure the slowest units of the "
                        "journal against parse-only, then the tables")
    args = parser.parse_args()

    leakguard = args.bin / "leakguard"
    tidy = args.bin / "leakguard-tidy"
    try:
        for binary in (leakguard, tidy):
            if not os.access(binary, os.X_OK):
                raise Fatal(f"{binary}: not an executable (build first)")
        databases = [load_database(p) for p in args.databases]
    except Fatal as err:
        print(f"reliability: {err}", file=sys.stderr)
        return 2

    done: dict[str, dict] = {}
    if args.journal and args.journal.exists():
        for line in args.journal.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                done[row["file"]] = row
    journal = args.journal.open("a", encoding="utf-8") if args.journal else None

    rows: list[dict] = []
    projects: list[str] = []
    total = sum(len(files[: args.max_units]) for *_, files in databases)
    count = 0
    for project, db_dir, root, files in databases:
        mine = files[: args.max_units]
        if args.report_only or args.measure_only:
            mine = [f for f in mine if f in done]
        if mine and project not in projects:
            projects.append(project)
        todo = [f for f in mine if f not in done]

        def record(file: str, result: dict) -> None:
            nonlocal count
            count += 1
            row = {"project": project, "file": file,
                   "rel": os.path.relpath(file, root), "db": str(db_dir),
                   "bin": str(args.bin.resolve())}
            row.update(result)
            done[file] = row
            print(f"[{count}/{total}] {project}: {row['rel']} "
                  f"{row['seconds']:.2f}s {row.get('kind', 'ok')}",
                  file=sys.stderr, flush=True)
            if journal:
                journal.write(json.dumps(row) + "\n")
                journal.flush()

        count += len(mine) - len(todo)
        if todo and not args.per_unit:
            # In chunks, so that an interrupted run loses little.
            left: list[str] = []
            for first in range(0, len(todo), args.chunk):
                left += scan_database(leakguard, db_dir, root,
                                      todo[first:first + args.chunk],
                                      args.timeout, record)
            todo = left
        for file in todo:
            record(file, scan_unit(leakguard, db_dir, root, file,
                                   args.timeout))
        rows.extend(done[f] for f in mine)

    slow: list[dict] = []
    if args.report_only:
        slow = [r for r in rows if "ratio" in r]
    elif not args.scan_only and args.slowest > 0:
        slow = pick_slow(rows, args.slowest)
        for r in slow:
            if "ratio" not in r:
                r["ratio"] = measure_ratio(tidy, Path(r["db"]), r["file"],
                                           args.repeat, args.timeout)
                if journal:
                    journal.write(json.dumps(r) + "\n")
                    journal.flush()
            print(f"ratio {r['project']}: {r['rel']}: {r['ratio']}",
                  file=sys.stderr, flush=True)
    if journal:
        journal.close()

    print(markdown(rows, projects, slow, args.ratio_limit))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n",
                             encoding="utf-8")
    bad = [r for r in rows if r.get("kind") in ("crash", "timeout", "other")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
