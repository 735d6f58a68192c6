#!/usr/bin/python3
"""What the leak- checks add to an editor's wait: the time from didOpen, and
from each didChange, to clangd's publishDiagnostics for that version, with
leakguard-clangd running the leak- checks against a baseline clangd without
them, on the same file, in the same run.

The baseline is Debian's stock clangd-19 (/usr/lib/llvm-19/bin/clangd, the
clangd-19 package) when it is installed; otherwise leakguard-clangd itself
with the leak- checks removed (say --baseline-self to force that). Both
servers read the same user configuration (a private XDG_CONFIG_HOME): the
measured one adds `leak-*` with `FastCheckFilter: Loose`, the baseline gets
the same file without the `Add`.

Sessions alternate, baseline then measured, --repeat times. Each session
opens the file, waits for its diagnostics, then sends --changes edits one
after the other (each appends a comment line at the end of the file, as
typing below the includes does: the preamble is reused, the main file is
parsed and checked again) and waits for the diagnostics of each. The
medians and their ratios (measured / baseline) are printed. clangd waits a
little after an edit before it rebuilds (its debounce, which grows with the
rebuild time); that wait is part of what an editor sees and is included.

Usage:
  bench/clangd_latency.py [--file FILE] [--compile-commands-dir DIR]
      [--server BIN] [--server-arg ARG]... [--baseline BIN | --baseline-self]
      [--repeat N] [--changes N] [--json FILE]

Defaults: leveldb's db/db_impl.cc from /work/corpus with its compile
database, build/bin/leakguard-clangd, 3 repeats of 5 changes.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "test", "clangd"))
from lsp_session import Server, SessionError, uri_of  # noqa: E402

STOCK_CLANGD = "/usr/lib/llvm-19/bin/clangd"


def write_config(directory, add_leak_checks, remove_leak_checks):
    lines = ["Diagnostics:", "  ClangTidy:", "    FastCheckFilter: Loose"]
    if add_leak_checks:
        lines.append("    Add: ['leak-*']")
    if remove_leak_checks:
        lines.append("    Remove: ['leak-*']")
    os.makedirs(os.path.join(directory, "clangd"), exist_ok=True)
    with open(os.path.join(directory, "clangd", "config.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def run_session(binary, extra, xdg, args, text):
    """One server: open, then args.changes edits. Returns the open latency,
    the list of change latencies (seconds) and the leak- finding count."""
    env_before = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = xdg
    try:
        server = Server(
            [binary, "--background-index=false", "--log=error",
             "--compile-commands-dir=" + args.compile_commands_dir, *extra],
            os.path.dirname(args.file), args.timeout)
    finally:
        if env_before is None:
            del os.environ["XDG_CONFIG_HOME"]
        else:
            os.environ["XDG_CONFIG_HOME"] = env_before
    try:
        server.request("initialize", {
            "processId": os.getpid(),
            "rootUri": uri_of(os.path.dirname(args.file)),
            "capabilities": {"textDocument": {"publishDiagnostics": {
                "relatedInformation": True, "versionSupport": True}}},
        })
        server.notify("initialized", {})
        uri = uri_of(args.file)
        start = time.monotonic()
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1, "text": text}})
        published = server.wait_diagnostics(uri, 1)
        opened = time.monotonic() - start
        findings = sum(1 for d in published["diagnostics"]
                       if str(d.get("code", "")).startswith("leak-"))
        changes = []
        for version in range(2, args.changes + 2):
            text += f"// edit {version}\n"
            start = time.monotonic()
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]})
            server.wait_diagnostics(uri, version)
            changes.append(time.monotonic() - start)
        server.request("shutdown", None)
        server.notify("exit", None)
        server.process.wait(timeout=args.timeout)
        return opened, changes, findings
    except SessionError as e:
        if server.process.poll() is None:
            server.process.kill()
        server.process.wait()
        raise SessionError(f"{os.path.basename(binary)}: {e}\n"
                           + "\n".join(server.stderr_lines[-20:]))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", default="/work/corpus/leveldb/db/db_impl.cc")
    parser.add_argument("--compile-commands-dir", default="/work/corpus/leveldb-build")
    parser.add_argument("--server", default=os.path.join(ROOT, "build", "bin", "leakguard-clangd"))
    parser.add_argument("--baseline", help=f"baseline clangd (default {STOCK_CLANGD})")
    parser.add_argument("--baseline-self", action="store_true",
                        help="baseline: --server with the leak- checks removed")
    parser.add_argument("--server-arg", action="append", default=[],
                        help="an extra option for the measured server, e.g. "
                        "--server-arg=--header-bodies=functions")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--changes", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--json", help="also write every sample to this file")
    args = parser.parse_args()
    args.file = os.path.abspath(args.file)
    args.compile_commands_dir = os.path.abspath(args.compile_commands_dir)

    for path, what in [(args.file, "--file"), (args.server, "--server"),
                       (os.path.join(args.compile_commands_dir, "compile_commands.json"),
                        "--compile-commands-dir")]:
        if not os.path.exists(path):
            print(f"clangd_latency: {what}: {path} does not exist", file=sys.stderr)
            return 2
    if args.baseline_self:
        baseline, baseline_name = args.server, "leakguard-clangd without leak-*"
    else:
        baseline = args.baseline or STOCK_CLANGD
        baseline_name = baseline
        if not os.access(baseline, os.X_OK):
            if args.baseline:
                print(f"clangd_latency: --baseline {baseline} is not executable",
                      file=sys.stderr)
                return 2
            print(f"clangd_latency: {STOCK_CLANGD} not found (Debian: clangd-19); "
                  "baseline is leakguard-clangd with the leak- checks removed",
                  file=sys.stderr)
            baseline, baseline_name = args.server, "leakguard-clangd without leak-*"
    with open(args.file, encoding="utf-8", errors="replace") as f:
        text = f.read()

    samples = {"baseline": {"open": [], "change": [], "findings": 0},
               "measured": {"open": [], "change": [], "findings": 0}}
    with tempfile.TemporaryDirectory(prefix="clangd-latency-") as tmp:
        xdg_base = os.path.join(tmp, "baseline")
        xdg_measured = os.path.join(tmp, "measured")
        write_config(xdg_base, add_leak_checks=False,
                     remove_leak_checks=baseline == args.server)
        write_config(xdg_measured, add_leak_checks=True, remove_leak_checks=False)
        for i in range(args.repeat):
            for side, binary, extra, xdg in [
                    ("baseline", baseline, [], xdg_base),
                    ("measured", args.server, args.server_arg, xdg_measured)]:
                try:
                    opened, changes, findings = run_session(binary, extra, xdg,
                                                            args, text)
                except SessionError as e:
                    print(f"clangd_latency: {e}", file=sys.stderr)
                    return 2
                s = samples[side]
                s["open"].append(opened)
                s["change"].extend(changes)
                s["findings"] = findings
                print(f"run {i + 1} {side}: open {opened * 1000:.0f} ms, changes "
                      + " ".join(f"{c * 1000:.0f}" for c in changes) + " ms",
                      file=sys.stderr)

    def median_ms(side, kind):
        return statistics.median(samples[side][kind]) * 1000

    print(f"file: {args.file}")
    print(f"baseline: {baseline_name}")
    print(f"measured: {' '.join([args.server, *args.server_arg])} with leak-* "
          "(FastCheckFilter: Loose)")
    print(f"runs: {args.repeat} sessions per side, {args.changes} changes each, "
          f"alternating; load average {os.getloadavg()[0]:.2f}")
    print(f"leak- findings in the file: {samples['measured']['findings']} "
          f"(baseline {samples['baseline']['findings']})")
    print(f"{'':28}{'baseline':>10}{'measured':>10}{'ratio':>8}")
    ratios = {}
    for kind, label in [("open", "didOpen -> diagnostics"),
                        ("change", "didChange -> diagnostics")]:
        b, m = median_ms("baseline", kind), median_ms("measured", kind)
        ratios[kind] = m / b
        print(f"{label + ' (ms)':28}{b:>10.0f}{m:>10.0f}{m / b:>8.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"file": args.file, "baseline": baseline_name,
                       "server": args.server, "samples": samples,
                       "ratios": ratios, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                       "loadavg": os.getloadavg()}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
