#!/usr/bin/python3
"""Runs a command in a test repository the way a developer's shell would:
leakguard's bin directory first on the PATH, pre-commit's cache and git's
identity inside the test's own directory, nothing from the user's.

Usage: in-repo.py REPO LEAKGUARD -- COMMAND [ARGS...]; prints the command's
stdout and stderr (merged) and exits with its status.
"""
import os
import subprocess
import sys


def main() -> int:
    repo, leakguard = sys.argv[1:3]
    command = sys.argv[sys.argv.index("--") + 1:]
    home = os.path.join(os.path.dirname(os.path.abspath(repo)), "home")
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join(
        [os.path.dirname(os.path.abspath(leakguard)), env.get("PATH", "")])
    env["HOME"] = home
    env["PRE_COMMIT_HOME"] = os.path.join(home, "pre-commit-cache")
    env.pop("NO_COLOR", None)
    for who in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{who}_NAME"] = "Test"
        env[f"GIT_{who}_EMAIL"] = "test@example.com"
    sys.stdout.flush()
    try:
        return subprocess.call(command, cwd=repo, env=env,
                               stderr=subprocess.STDOUT)
    except FileNotFoundError:
        print(f"in-repo.py: {command[0]} is not installed "
              "(scripts/install-deps.sh installs pre-commit)")
        return 127


if __name__ == "__main__":
    sys.exit(main())
