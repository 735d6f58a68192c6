#!/usr/bin/python3
"""Runs a hook of .pre-commit-hooks.yaml the way pre-commit does: the
entry, then the hook's args, then the file names; in the current directory.
The entry's first word (leakguard) is replaced by the given executable.

Usage: run-hook.py HOOKS_YAML HOOK_ID LEAKGUARD [ARGS...] -- FILES...
Prints the hook's output and exits with its status.
"""
import shlex
import subprocess
import sys

import yaml


def main() -> int:
    hooks_file, hook_id, leakguard = sys.argv[1:4]
    rest = sys.argv[4:]
    split = rest.index("--")
    args, files = rest[:split], rest[split + 1:]
    with open(hooks_file, encoding="utf-8") as f:
        hooks = {hook["id"]: hook for hook in yaml.safe_load(f)}
    hook = hooks[hook_id]
    assert hook["language"] == "system", hook
    assert "c++" in hook["types_or"] and "c" in hook["types_or"], hook
    entry = shlex.split(hook["entry"])
    assert entry[0] == "leakguard", entry
    command = [leakguard] + entry[1:] + args
    if hook.get("pass_filenames", True):
        command += files
    sys.stdout.flush()
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
