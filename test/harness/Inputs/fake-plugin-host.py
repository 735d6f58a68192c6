#!/usr/bin/python3
"""Stands in for "clang-tidy --load=PLUGIN" in the harness self-tests.

Drops the --load= argument and runs the clang-tidy named by
$HARNESS_REAL_CLANG_TIDY with the other arguments, so that it behaves exactly
like the plain clang-tidy run; $HARNESS_DIVERGE makes it misbehave:
  messages  - reword every warning it prints;
  fixes     - append a line to the fixed file;
  leftover  - when run without --fix (the harness analyzing a fixed file
              again), report the warning as if the fix had not removed it.
"""

import os
import subprocess
import sys


def source_file(args):
    """The first argument before '--' that is not an option."""
    for arg in args:
        if arg == "--":
            break
        if not arg.startswith("-"):
            return arg
    return None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--load=")]
    tidy = os.environ.get("HARNESS_REAL_CLANG_TIDY", "/usr/lib/llvm-19/bin/clang-tidy")
    diverge = os.environ.get("HARNESS_DIVERGE", "")
    proc = subprocess.run([tidy, *args], stdout=subprocess.PIPE, text=True)
    output = proc.stdout
    if diverge == "messages":
        output = output.replace("warning: ", "warning: (plugin) ")
    elif diverge == "leftover" and "--fix" not in args:
        output += (source_file(args) + ":3:20: warning: parameter 'count' is "
                   "unused [misc-unused-parameters]\n")
    elif diverge == "fixes":
        with open(source_file(args), "a", encoding="utf-8") as f:
            f.write("// appended by the fake plugin host\n")
    sys.stdout.write(output)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
