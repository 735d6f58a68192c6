#!/usr/bin/python3
"""A stand-in for leakguard-tidy that `leakguard scan` runs through
--tidy-binary or LEAKGUARD_TIDY, to simulate what a real run rarely does.

For a translation unit named X.cpp:
  * X.cpp contains "FAKE-TIDY: abort": the process aborts (SIGABRT), as a
    front-end crash or a failed assertion would;
  * X.cpp contains "FAKE-TIDY: hang": the process sleeps for a minute, as
    an analysis that never ends would;
  * X.yaml.in exists next to X.cpp: its text, with DIR replaced by the
    directory of X.cpp, becomes the export-fixes file (crafted diagnostics:
    overlapping fixes, fixes outside the project root);
  * X.cpp contains "FAKE-TIDY: signals": X.signals gets one line per
    signal of SIGHUP, SIGINT, SIGQUIT and SIGTERM, "NAME ignored" or
    "NAME not ignored", as this process inherited them; then as below;
  * otherwise the real leakguard-tidy ($REAL_LEAKGUARD_TIDY) runs, and if
    X.cpp contains "FAKE-TIDY: edit-after-analysis" the file is changed
    once the analysis is done, as an editor would between scan and fix.
Every other invocation (--list-checks) goes to the real binary.
"""
import os
import signal
import sys
import time


def main() -> int:
    real = os.environ["REAL_LEAKGUARD_TIDY"]
    args = sys.argv[1:]
    export = next((a.split("=", 1)[1] for a in args
                   if a.startswith("--export-fixes=")), None)
    sources = [a for a in args if a.endswith((".cpp", ".c"))
               and not a.startswith("-")]
    if export is None or not sources:
        os.execv(real, [real] + args)
    source = sources[0]
    with open(source, encoding="utf-8") as f:
        text = f.read()
    if "FAKE-TIDY: abort" in text:
        sys.stdout.flush()
        os.abort()
    if "FAKE-TIDY: hang" in text:
        time.sleep(60)
        return 0
    if "FAKE-TIDY: signals" in text:
        with open("/proc/self/status", encoding="utf-8") as f:
            ignored = int(next(line.split()[1] for line in f
                               if line.startswith("SigIgn:")), 16)
        with open(os.path.splitext(source)[0] + ".signals", "w", encoding="utf-8") as f:
            for name in ("SIGHUP", "SIGINT", "SIGQUIT", "SIGTERM"):
                number = getattr(signal, name)
                state = "ignored" if ignored >> (number - 1) & 1 else "not ignored"
                f.write(f"{name} {state}\n")
    canned = os.path.splitext(source)[0] + ".yaml.in"
    if os.path.exists(canned):
        with open(canned, encoding="utf-8") as f:
            yaml = f.read().replace("DIR", os.path.dirname(os.path.abspath(source)))
        with open(export, "w", encoding="utf-8") as f:
            f.write(yaml)
        return 0
    pid = os.fork()
    if pid == 0:
        os.execv(real, [real] + args)
    _, status = os.waitpid(pid, 0)
    if "FAKE-TIDY: edit-after-analysis" in text:
        with open(source, "a", encoding="utf-8") as f:
            f.write("// edited after the analysis\n")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
