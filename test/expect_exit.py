#!/usr/bin/python3
"""Runs a command and succeeds only if it exits with the given status.

Usage: expect_exit.py STATUS COMMAND [ARGS...]

lit's built-in `not` only knows zero from non-zero; leakguard's exit codes
(0 no findings, 1 findings, 2 errors) need the exact value. The command's
output passes through unchanged.
"""
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print("usage: expect_exit.py STATUS COMMAND [ARGS...]", file=sys.stderr)
        return 2
    expected = int(sys.argv[1])
    sys.stdout.flush()
    status = subprocess.call(sys.argv[2:])
    if status != expected:
        print(f"expect_exit.py: '{sys.argv[2]}' exited with {status}, "
              f"expected {expected}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
