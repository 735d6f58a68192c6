#!/usr/bin/python3
# ===- fixrate.py - How many findings of the leak- checks carry a fix ------===#
#
# Part of leakguard.
#
# ===-----------------------------------------------------------------------===#
"""Runs every leak- check over the fix-rate cases and prints, per check and in
total, how many findings carry a fix.

Usage:
  fixrate.py --tidy build/bin/leakguard-tidy [--clang clang++]
             [--cases test/fixrate/cases] [--work DIR] [--floor PERCENT]
             [--helpers DIR] [-v]

Each case file marks the line of every finding it must produce with a
trailing comment `// FINDING: leak-<check>`. A first line
`// FIXRATE-STD: c++17 c++20` runs the file once per listed standard (the
default is c++17); each run counts on its own.

For every file and standard the script:
  * runs `leakguard-tidy --checks=-*,leak-* --fix` on a copy;
  * requires the warnings to be exactly the marked ones (check and line), so a
    case that stops finding what it was written for fails the run;
  * counts a finding as fixed when clang-tidy applied a fix-it for it;
  * compiles the fixed copy with clang++ -fsyntax-only (with --helpers on the
    include path: the folder where the helper headers that fixes include are
    written, see docs/fix-rate.md) and analyzes it again: for each check, at
    most the findings that had no fix may remain.

Exit status: 0 when every run passes and the total rate is at least --floor,
1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

DIAGNOSTIC_RE = re.compile(
    r"^(?P<file>\S.*?):(?P<line>\d+):(?P<column>\d+): "
    r"(?P<severity>warning|error|fatal error|note): (?P<text>.*?)"
    r"(?: \[(?P<check>[\w.,-]+)\])?$"
)
FIXIT_APPLIED = "FIX-IT applied suggested code changes"
FINDING_RE = re.compile(r"//\s*FINDING:\s*(?P<checks>leak-[\w-]+(?:\s*,\s*leak-[\w-]+)*)")
STD_RE = re.compile(r"^//\s*FIXRATE-STD:\s*(?P<stds>.*)$")
CHECKS = (
    "leak-manual-lock",
    "leak-missing-raii",
    "leak-unclosed-resource",
    "leak-unbounded-cache",
    "leak-uncancellable-thread",
    "leak-large-capture",
    "leak-self-capture-cycle",
)


def run(argv, verbose):
    if verbose:
        print("$ " + " ".join(argv), flush=True)
    proc = subprocess.run(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    if verbose and proc.stdout:
        print(proc.stdout, end="")
    return proc


def warnings_of(output, path):
    """(line, check, fixed) for each warning in `path`, in output order."""
    names = {path, os.path.realpath(path)}
    found = []
    for raw in output.splitlines():
        m = DIAGNOSTIC_RE.match(raw)
        if not m:
            continue
        if m["severity"] == "warning" and m["file"] in names:
            found.append([int(m["line"]), m["check"] or "", False])
        elif m["severity"] == "note" and m["text"] == FIXIT_APPLIED and found:
            found[-1][2] = True
    return [tuple(w) for w in found]


def expected_findings(text):
    expected = collections.Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        m = FINDING_RE.search(line)
        if m:
            for check in re.split(r"\s*,\s*", m["checks"]):
                expected[(number, check)] += 1
    return expected


def standards_of(text):
    first = text.splitlines()[0] if text else ""
    m = STD_RE.match(first)
    return m["stds"].split() if m else ["c++17"]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--tidy", required=True, help="leakguard-tidy")
    parser.add_argument("--clang", default="/usr/lib/llvm-19/bin/clang++")
    parser.add_argument("--cases", default=os.path.join(here, "cases"))
    parser.add_argument("--work", help="folder for the copies (default: a temp dir)")
    parser.add_argument("--floor", type=float, default=0.0,
                        help="the least total fix rate, in percent")
    parser.add_argument("--helpers", action="append", default=[],
                        help="include folder of the helper headers fixes use")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    work = args.work or tempfile.mkdtemp(prefix="leakguard-fixrate-")
    os.makedirs(work, exist_ok=True)
    include = [f"-I{h}" for h in args.helpers]
    findings = collections.Counter()
    fixed = collections.Counter()
    problems = []
    cases = sorted(f for f in os.listdir(args.cases) if f.endswith((".cpp", ".c")))
    if not cases:
        print(f"fixrate.py: error: no cases in {args.cases}")
        return 1
    for name in cases:
        source = os.path.join(args.cases, name)
        with open(source, encoding="utf-8") as f:
            text = f.read()
        expected = expected_findings(text)
        for std in standards_of(text):
            label = f"{name} ({std})"
            root, ext = os.path.splitext(name)
            copy = os.path.join(work, f"{root}.{std.replace('+', 'x')}{ext}")
            shutil.copyfile(source, copy)
            lang = [f"-std={std}", *include]
            tidy = [args.tidy, "--checks=-*,leak-*", "--config={}", "--quiet"]
            proc = run([*tidy, "--fix", copy, "--", *lang], args.verbose)
            if proc.returncode != 0:
                problems.append(f"{label}: clang-tidy exited with {proc.returncode}:\n"
                                + proc.stdout + proc.stderr)
                continue
            got = warnings_of(proc.stdout, copy)
            seen = collections.Counter((line, check) for line, check, _ in got)
            if seen != expected:
                missing = sorted((expected - seen).elements())
                extra = sorted((seen - expected).elements())
                problems.append(
                    f"{label}: findings differ from the FINDING marks; "
                    f"missing {missing}, unexpected {extra}")
            unfixed = collections.Counter()
            for _, check, has_fix in got:
                findings[check] += 1
                if has_fix:
                    fixed[check] += 1
                else:
                    unfixed[check] += 1
            with open(copy, encoding="utf-8") as f:
                fixed_text = f.read()
            if fixed_text == text:
                continue
            compiled = run([args.clang, "-fsyntax-only", *lang, copy], args.verbose)
            if compiled.returncode != 0:
                problems.append(f"{label}: the fixed file does not compile:\n"
                                + compiled.stderr)
                continue
            again = run([*tidy, copy, "--", *lang], args.verbose)
            left = collections.Counter(c for _, c, _ in warnings_of(again.stdout, copy))
            for check, count in left.items():
                if count > unfixed[check]:
                    problems.append(
                        f"{label}: {count} {check} finding(s) left after the fixes, "
                        f"but only {unfixed[check]} had no fix")

    print(f"{'check':28} {'findings':>8} {'fixed':>6} {'rate':>6}")
    for check in CHECKS:
        n, k = findings[check], fixed[check]
        rate = f"{100.0 * k / n:5.1f}%" if n else "   -  "
        print(f"{check:28} {n:8} {k:6} {rate:>6}")
    total, total_fixed = sum(findings.values()), sum(fixed.values())
    total_rate = 100.0 * total_fixed / total if total else 0.0
    print(f"{'total':28} {total:8} {total_fixed:6} {total_rate:5.1f}%")
    for check in CHECKS:
        if not findings[check]:
            problems.append(f"no case produces a {check} finding")
    if total_rate < args.floor:
        problems.append(f"the total fix rate {total_rate:.1f}% is below the floor "
                        f"{args.floor:.1f}%")
    for problem in problems:
        print(f"fixrate.py: FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
