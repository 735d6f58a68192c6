#!/usr/bin/env python3
"""The runtime proof of the example (examples/runtime/prove.py) at a larger N.

  /usr/bin/python3 bench/runtime_bench.py --leakguard build/bin/leakguard
      [--requests 5000] [--work /tmp/leakguard-runtime-bench] [--plain-only]

Runs prove.py twice: with LeakSanitizer (as the test does, with 1,000
requests per route), and on a plain build, which shows the memory an
operator sees in production (LeakSanitizer's runtime keeps some memory per
thread and per allocation of its own). Prints both pairs of tables. Not a
test: nothing in CI runs it. Mind the memory: before the fixes, the thread
route holds about 80 MiB and the reminder route about 63 MiB per 1,000
requests.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROVE = os.path.join(os.path.dirname(HERE), "examples", "runtime", "prove.py")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--leakguard", required=True)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--work", default="/tmp/leakguard-runtime-bench")
    ap.add_argument("--cxx", default="clang++-19")
    ap.add_argument("--plain-only", action="store_true",
                    help="only the build without LeakSanitizer")
    args = ap.parse_args()
    modes = [("plain", "")] if args.plain_only else [("lsan", "leak"),
                                                      ("plain", "")]
    worst = 0
    for name, sanitize in modes:
        print(f"== {name} build, {args.requests} requests per route", flush=True)
        code = subprocess.call([
            sys.executable, PROVE, "--leakguard", args.leakguard, "--work",
            os.path.join(args.work, name), "--cxx", args.cxx, "--requests",
            str(args.requests), "--sanitize", sanitize])
        worst = max(worst, code)
    return worst


if __name__ == "__main__":
    sys.exit(main())
