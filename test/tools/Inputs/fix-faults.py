#!/usr/bin/env python3
"""`leakguard scan --fix` under faults: every file is, after any fault,
either its original or its complete fixed version, never a mix.

  kill  RUNS  kills the scan (its whole process group) at a random moment,
              RUNS times: half SIGKILL (nothing can clean up), half SIGINT
              (leakguard's handler removes its temporary files, so none may
              be left). Half of the moments fall anywhere in a run, half a
              random few milliseconds after the first write begins.
  full        the writer's fault switch (LEAKGUARD_FAULT_WRITE_LIMIT) makes
              every write stop part-way with "No space left on device":
              the scan must fail (exit 2), say so for each file, and leave
              every file as it was, with no temporary file.
  tmpfs       the same on a real full file system: a 64 KiB tmpfs, mounted
              if the machine allows it (prints "tmpfs: not mountable"
              otherwise, and checks nothing else).

Usage: fix-faults.py LEAKGUARD WORKDIR (kill RUNS | full | tmpfs)
Prints one summary line; exits 1 on the first broken file.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

FILES = 4
# No headers: the analysis of a unit takes milliseconds, so the runs are
# short and a good share of the kills lands while files are written.
SOURCE = """namespace std {{
struct mutex {{ void lock(); void unlock(); }};
}}
std::mutex mu{n};
int counter{n};
int bump{n}(bool fail) {{
  mu{n}.lock();
  if (fail)
    return -1;
  ++counter{n};
  mu{n}.unlock();
  return 0;
}}
{padding}"""


def make_project(directory):
    if os.path.exists(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)
    # Large enough that writing a file is not instantaneous.
    padding = "// padding line of a large source file\n" * 4000
    entries = []
    for n in range(FILES):
        path = os.path.join(directory, f"unit{n}.cpp")
        with open(path, "w") as f:
            f.write(SOURCE.format(n=n, padding=padding))
        entries.append({"directory": directory, "file": path,
                        "command": f"clang++ -std=c++17 -c {path}"})
    with open(os.path.join(directory, "compile_commands.json"), "w") as f:
        json.dump(entries, f)


def contents(directory):
    return {name: open(os.path.join(directory, name), "rb").read()
            for name in sorted(os.listdir(directory))
            if name.endswith(".cpp")}


def leftovers(directory):
    return [n for n in os.listdir(directory) if ".leakguard-" in n]


def scan(leakguard, directory, env=None, **popen):
    command = [leakguard, "scan", "--checks=-*,leak-manual-lock", "-p",
               directory, "--root", directory, "--quiet", "--format", "json",
               "-o", os.devnull, "--fix", "-j", "2"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, **popen)


def reference(leakguard, work):
    original_dir = os.path.join(work, "original")
    fixed_dir = os.path.join(work, "fixed")
    make_project(original_dir)
    make_project(fixed_dir)
    start = time.monotonic()
    proc = scan(leakguard, fixed_dir)
    _, err = proc.communicate()
    duration = time.monotonic() - start
    original, fixed = contents(original_dir), contents(fixed_dir)
    changed = [n for n in original if original[n] != fixed[n]]
    if len(changed) != FILES:
        sys.exit(f"fix-faults: the reference run fixed {len(changed)} of "
                 f"{FILES} files (exit {proc.returncode}): {err.decode()}")
    return original, fixed, duration


def check(directory, original, fixed, what):
    now = contents(directory)
    states = []
    for name, text in now.items():
        if text == original[name]:
            states.append("original")
        elif text == fixed[name]:
            states.append("fixed")
        else:
            sys.exit(f"fix-faults: {what}: {name} is neither the original "
                     f"nor the fixed file ({len(text)} bytes)")
    if sorted(now) != sorted(original):
        sys.exit(f"fix-faults: {what}: the files are now {sorted(now)}")
    return states


def wait_for_writes(directory, proc, limit):
    """Waits until the scan starts writing into \p directory (a temporary
    file appears or a source changes), or ends, or \p limit seconds pass."""
    stamps = {e.name: e.stat().st_mtime_ns for e in os.scandir(directory)}
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        for entry in os.scandir(directory):
            if (".leakguard-" in entry.name or
                    stamps.get(entry.name) != entry.stat().st_mtime_ns):
                return True
        time.sleep(0.0005)
    return False


def kill_runs(leakguard, work, runs):
    original, fixed, duration = reference(leakguard, work)
    rng = random.Random(20)
    outcome = {"all original": 0, "mixed": 0, "all fixed": 0}
    for run in range(runs):
        directory = os.path.join(work, "run")
        make_project(directory)
        proc = scan(leakguard, directory, start_new_session=True)
        # Half the runs die at any moment; the other half while the files
        # are written: a random few milliseconds after the first write.
        if run % 4 < 2:
            delay = rng.uniform(0.0, duration)
            time.sleep(delay)
            when = f"after {delay:.3f}s"
        else:
            wait_for_writes(directory, proc, 10 * duration + 10)
            delay = rng.uniform(0.0, 0.02)
            time.sleep(delay)
            when = f"{delay * 1000:.1f}ms into the writes"
        sig = signal.SIGKILL if run % 2 == 0 else signal.SIGINT
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        proc.communicate()
        # Children killed with the group; wait until none writes any more.
        time.sleep(0.05)
        what = f"run {run} ({sig.name} {when})"
        states = check(directory, original, fixed, what)
        if sig == signal.SIGINT and leftovers(directory):
            sys.exit(f"fix-faults: {what}: temporary files left: "
                     f"{leftovers(directory)}")
        if all(s == "original" for s in states):
            outcome["all original"] += 1
        elif all(s == "fixed" for s in states):
            outcome["all fixed"] += 1
        else:
            outcome["mixed"] += 1
    print(f"kill: {runs} runs, every file whole "
          f"(ended with all files original {outcome['all original']}, "
          f"some fixed {outcome['mixed']}, all fixed {outcome['all fixed']})")


def full_disk(leakguard, work, env_limit):
    original, fixed, _ = reference(leakguard, work)
    directory = os.path.join(work, "full")
    make_project(directory)
    env = dict(os.environ, LEAKGUARD_FAULT_WRITE_LIMIT=str(env_limit))
    proc = scan(leakguard, directory, env=env)
    _, err = proc.communicate()
    err = err.decode()
    if proc.returncode != 2:
        sys.exit(f"fix-faults: full: exit {proc.returncode}, not 2:\n{err}")
    failures = err.count("No space left on device")
    if failures != FILES:
        sys.exit(f"fix-faults: full: {failures} write errors reported, not "
                 f"{FILES}:\n{err}")
    states = check(directory, original, fixed, "full")
    if any(s != "original" for s in states) or leftovers(directory):
        sys.exit(f"fix-faults: full: files changed or temporary files left")
    print(f"full: {FILES} writes failed, {FILES} originals kept")


def tmpfs(leakguard, work):
    mount = os.path.join(work, "tmpfs")
    os.makedirs(mount, exist_ok=True)
    if subprocess.call(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                        mount], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL) != 0:
        print("tmpfs: not mountable")
        return
    try:
        # One unit whose fixed version cannot fit next to the original.
        directory = os.path.join(mount, "p")
        os.makedirs(directory)
        padding = "// padding\n" * 2400  # ~28 KiB; two copies don't fit
        path = os.path.join(directory, "unit.cpp")
        with open(path, "w") as f:
            f.write(SOURCE.format(n=0, padding=padding))
        with open(os.path.join(directory, "compile_commands.json"), "w") as f:
            json.dump([{"directory": directory, "file": path,
                        "command": f"clang++ -std=c++17 -c {path}"}], f)
        # Fill the file system up to a few KiB.
        with open(os.path.join(mount, "filler"), "wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"x" * 1024)
                    f.flush()
            except OSError:
                pass
        os.truncate(os.path.join(mount, "filler"),
                    os.path.getsize(os.path.join(mount, "filler")) - 8192)
        before = open(path, "rb").read()
        proc = scan(leakguard, directory)
        _, err = proc.communicate()
        err = err.decode()
        if proc.returncode != 2 or "No space left on device" not in err:
            sys.exit(f"fix-faults: tmpfs: exit {proc.returncode}:\n{err}")
        if open(path, "rb").read() != before or leftovers(directory):
            sys.exit("fix-faults: tmpfs: the file changed or a temporary "
                     "file is left")
        print("tmpfs: the write failed, the original is kept")
    finally:
        subprocess.call(["umount", mount])


def main():
    leakguard, work, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    if mode == "kill":
        kill_runs(leakguard, work, int(sys.argv[4]))
    elif mode == "full":
        full_disk(leakguard, work, 1000)
    elif mode == "tmpfs":
        tmpfs(leakguard, work)
    else:
        sys.exit(f"fix-faults: unknown mode {mode}")


if __name__ == "__main__":
    main()
