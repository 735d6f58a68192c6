#!/usr/bin/python3
# ===- check_clang_tidy.py - Run a leakguard check on a lit test file ------===#
#
# Part of leakguard. Written for this project; it mirrors the command-line
# interface of LLVM's test driver of the same name so that check tests read
# the same way, but shares no code with it.
#
# ===-----------------------------------------------------------------------===#
"""Runs one clang-tidy check on a test file and verifies the result.

Usage, as written in a lit RUN line (the %check_clang_tidy substitution
supplies the tool options):

  %check_clang_tidy [-check-suffix=S | -check-suffixes=A,B]
                    [-std=c++17[,c++20] | -std=c++17-or-later]
                    [-expect-clang-tidy-error] [-export-fixes=FILE]
                    <source-file> <check-name> <temp-file>
                    [-- <clang-tidy args> [-- <compiler args>]]

Tool options (before the test options):

  --tidy PATH         a clang-tidy binary with the checks built in
  --plugin-host PATH  a stock clang-tidy that loads the checks from --plugin
  --plugin PATH       the plugin shared object, passed as --load=PATH
  --clang PATH        clang++ used to verify that fixed files still compile
  --filecheck PATH    FileCheck (default: found next to --clang or the tools)

Each configured tool (--tidy, and --plugin-host with --plugin) runs on its own
fresh copy of the source, once per language standard. In the copy, every
comment line that starts with "// CHECK-" is replaced by a marker comment,
so line numbers stay valid for [[@LINE]]; after clang-tidy has run, the
marker lines are deleted from the fixed copy. CHECK-FIXES thus sees the
fixed source without any check lines: it cannot match a check line itself,
and CHECK-FIXES-NEXT can run across check lines. clang-tidy runs with

  --checks=-*,<check-name> --fix [--config={}] [--export-fixes=...]
  <clang-tidy args> -- <standard> <compiler args>

--config={} keeps stray .clang-tidy files in parent directories out of the
test; it is left out when the clang-tidy args carry their own -config or
-config-file. The standard defaults to -std=c++17 (C++) or -std=c11 (.c
files); a -std= among the compiler args replaces it.

What the test must satisfy, for each standard:
  * all tools produce the same diagnostics, fixed file and exported fixes;
  * clang-tidy exits with 0, or with an error if -expect-clang-tidy-error;
  * the diagnostics match the CHECK-MESSAGES lines (warnings and errors; notes
    are dropped) or the CHECK-NOTES lines (warnings, errors and notes), with
    --match-full-lines and no unexpected warning/error(/note) lines. A test
    without either kind of line must produce no warnings and no errors;
  * the fixed file matches the CHECK-FIXES lines (--match-full-lines);
  * if the fixes changed the file, the fixed file compiles with clang++,
    and analyzed again by the first tool, it has no more warnings than the
    ones that had no fix (a fix must remove its finding).

Diagnostics are reduced to their first line, "FIX-IT applied" notes are
dropped, and the temp file's name is removed, so a check line reads
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: message text [leak-foo]
Lines match in full: to check only the start of a message, end the pattern
with {{.*}}. Diagnostics in other files keep their path
({{.*}}header.h:1:2: warning: ...).

Files: the first tool's run for the first standard uses <temp-file> (with
the source's extension appended when missing) and -export-fixes FILE as
given, so later RUN lines can read them; the fixed file is left there
without the check lines. Other runs insert a label before the extension:
<temp>.plugin.cpp, <temp>.c++20.cpp, FILE.plugin.yaml. The diagnostics
that FileCheck reads are in <temp>.messages or <temp>.notes.

With -check-suffix=S (or -check-suffixes=A,B) the prefixes become
CHECK-MESSAGES-S, CHECK-NOTES-S and CHECK-FIXES-S; an empty suffix stands for
the plain prefixes. One run checks either messages or notes, not both.

Exit status: 0 when the test passes, 1 otherwise. Every command and its
output are printed, so a failing lit test shows exactly what ran.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from typing import Optional, Sequence

PROG = "check_clang_tidy.py"

# Where Debian installs LLVM 19; the last place to look for FileCheck/clang++.
DEFAULT_LLVM_BIN = "/usr/lib/llvm-19/bin"

MESSAGES = "CHECK-MESSAGES"
NOTES = "CHECK-NOTES"
FIXES = "CHECK-FIXES"

DEFAULT_CXX_STANDARD = "c++17"
DEFAULT_C_STANDARD = "c11"
# Ordered lists used to expand "-std=X-or-later".
CXX_STANDARDS = ("c++98", "c++11", "c++14", "c++17", "c++20", "c++23", "c++26")
C_STANDARDS = ("c89", "c99", "c11", "c17", "c23")
C_EXTENSIONS = (".c",)

# Suffixes FileCheck accepts after a prefix, e.g. CHECK-MESSAGES-NEXT:.
DIRECTIVE_TAIL = r"(?:-NEXT|-SAME|-NOT|-DAG|-LABEL|-EMPTY|-COUNT-\d+)?:"

# A comment line holding a FileCheck directive: replaced by CHECK_LINE_MARKER
# in the tool's input, and deleted from the fixed file.
CHECK_LINE_RE = re.compile(r"^\s*//+\s*CHECK-")
CHECK_LINE_MARKER = "// (check line removed by check_clang_tidy.py)"

# The first line of a diagnostic, with or without a location.
DIAGNOSTIC_RE = re.compile(
    r"^(?:(?P<file>\S.*?):(?P<line>\d+):(?P<column>\d+): )?"
    r"(?P<severity>warning|error|fatal error|note|remark): (?P<text>.*)$"
)
# Source snippet and caret lines ("   12 | code", "      |   ^").
SNIPPET_RE = re.compile(r"^\s*\d*\s+\|")
# The note clang-tidy adds to every diagnostic whose fix --fix applied.
FIXIT_APPLIED_NOTE = "FIX-IT applied suggested code changes"

SUFFIX_RE = re.compile(r"^[A-Za-z0-9_-]*$")

# Stands for the per-run copy of -copy-inputs, in arguments and diagnostics.
INPUTS_PLACEHOLDER = "@INPUTS@"


class UsageError(Exception):
    """The command line or the test file is malformed."""


class TestFailure(Exception):
    """The test ran and did not pass."""


# ===--- Command line ------------------------------------------------------===#


@dataclasses.dataclass(frozen=True)
class Tool:
    """One way of running clang-tidy with the checks available."""

    label: str  # Used in reports and in the names of per-tool temp files.
    argv: tuple[str, ...]  # Command prefix; the test arguments follow.


@dataclasses.dataclass
class Options:
    tools: list[Tool]
    clang: str
    filecheck: str
    suffixes: list[str]
    standards: list[str]  # One clang-tidy run per entry.
    expect_error: bool
    export_fixes: Optional[str]
    source: str
    check: str
    temp_file: str
    tidy_args: list[str]
    compiler_args: list[str]
    copy_inputs: Optional[str] = None

    @property
    def is_c(self) -> bool:
        return os.path.splitext(self.source)[1] in C_EXTENSIONS


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # Do not exit with status 2.
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog=PROG,
        allow_abbrev=False,
        description="Run a clang-tidy check on a lit test file and verify "
        "its diagnostics and fixes with FileCheck.",
        epilog="Arguments after '--' go to clang-tidy; after a second '--', "
        "to the compiler.",
    )
    tools = parser.add_argument_group("tools")
    tools.add_argument("--tidy", help="clang-tidy binary with the checks built in")
    tools.add_argument("--plugin-host", help="stock clang-tidy that loads --plugin")
    tools.add_argument("--plugin", help="plugin shared object for --plugin-host")
    tools.add_argument("--clang", help="clang++ used to compile fixed files")
    tools.add_argument("--filecheck", help="FileCheck binary")

    suffix = parser.add_mutually_exclusive_group()
    suffix.add_argument("-check-suffix", help="suffix for the CHECK- prefixes")
    suffix.add_argument("-check-suffixes", help="comma-separated suffixes")
    parser.add_argument(
        "-std",
        action="append",
        default=[],
        help="language standard(s): comma-separated, 'X-or-later' expands",
    )
    parser.add_argument(
        "-expect-clang-tidy-error",
        action="store_true",
        help="clang-tidy must exit with an error (e.g. a compiler error)",
    )
    parser.add_argument("-export-fixes", help="also write the fixes to this YAML file")
    parser.add_argument(
        "-copy-inputs",
        help="a folder of headers copied afresh for each tool run, so that "
        "fixes in headers (--header-filter) never touch the originals; "
        f"{INPUTS_PLACEHOLDER} in the clang-tidy and compiler args names the copy",
    )
    parser.add_argument("source", help="the test file")
    parser.add_argument("check", help="check name (or comma-separated names)")
    parser.add_argument(
        "temp_file", help="scratch file; the source's extension is appended if missing"
    )
    return parser


def split_passthrough(argv: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Splits argv at '--' into (own args, clang-tidy args, compiler args)."""
    argv = list(argv)
    if "--" not in argv:
        return argv, [], []
    first = argv.index("--")
    own, rest = argv[:first], argv[first + 1 :]
    if "--" not in rest:
        return own, rest, []
    second = rest.index("--")
    return own, rest[:second], rest[second + 1 :]


def parse_suffixes(args: argparse.Namespace) -> list[str]:
    if args.check_suffixes is not None:
        suffixes = args.check_suffixes.split(",")
    elif args.check_suffix is not None:
        suffixes = [args.check_suffix]
    else:
        suffixes = [""]
    for suffix in suffixes:
        if not SUFFIX_RE.match(suffix):
            raise UsageError(
                f"invalid check suffix '{suffix}': use letters, digits, '-' and '_'"
            )
    if len(set(suffixes)) != len(suffixes):
        raise UsageError(f"duplicate check suffix in '{','.join(suffixes)}'")
    return suffixes


def expand_standards(specs: Sequence[str], is_c: bool) -> list[str]:
    """Turns the -std options into a list of standards, in order."""
    known = C_STANDARDS if is_c else CXX_STANDARDS
    result: list[str] = []
    for spec in specs:
        for item in spec.split(","):
            if item.endswith("-or-later"):
                base = item[: -len("-or-later")]
                if base not in known:
                    raise UsageError(
                        f"-std={item}: '{base}' is not one of {', '.join(known)}"
                    )
                result.extend(known[known.index(base) :])
            elif item:
                result.append(item)
    # Drop repeats but keep the order.
    return list(dict.fromkeys(result))


def has_std_flag(compiler_args: Sequence[str]) -> bool:
    return any(
        arg.startswith(("-std=", "--std=")) or arg in ("-std", "--std")
        for arg in compiler_args
    )


def find_llvm_tool(name: str, hints: Sequence[Optional[str]]) -> Optional[str]:
    """Looks for `name` next to the hint binaries (and their symlink
    targets), then in DEFAULT_LLVM_BIN, then on PATH."""
    directories: list[str] = []
    for hint in hints:
        if hint:
            directories.append(os.path.dirname(os.path.abspath(hint)))
            directories.append(os.path.dirname(os.path.realpath(hint)))
    directories.append(DEFAULT_LLVM_BIN)
    directories.extend(os.environ.get("PATH", "").split(os.pathsep))
    for directory in dict.fromkeys(directories):
        candidate = os.path.join(directory, name)
        if directory and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_executable(option: str, path: str) -> None:
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise UsageError(f"{option} {path}: no such executable")


def build_tools(args: argparse.Namespace) -> list[Tool]:
    tools = []
    if args.tidy:
        require_executable("--tidy", args.tidy)
        tools.append(Tool("tidy", (args.tidy,)))
    if bool(args.plugin_host) != bool(args.plugin):
        raise UsageError("--plugin-host and --plugin go together")
    if args.plugin_host:
        require_executable("--plugin-host", args.plugin_host)
        if not os.path.isfile(args.plugin):
            raise UsageError(f"--plugin {args.plugin}: no such file")
        tools.append(Tool("plugin", (args.plugin_host, "--load=" + args.plugin)))
    if not tools:
        raise UsageError("give --tidy, or --plugin-host with --plugin, or both")
    return tools


def parse_command_line(argv: Sequence[str]) -> Options:
    own, tidy_args, compiler_args = split_passthrough(argv)
    args = build_parser().parse_args(own)

    tools = build_tools(args)
    hints = [args.clang, args.tidy, args.plugin_host]
    clang = args.clang or find_llvm_tool("clang++", hints)
    if not clang:
        raise UsageError("cannot find clang++; pass --clang")
    require_executable("--clang", clang)
    filecheck = args.filecheck or find_llvm_tool("FileCheck", hints)
    if not filecheck:
        raise UsageError("cannot find FileCheck; pass --filecheck")
    require_executable("--filecheck", filecheck)

    if not os.path.isfile(args.source):
        raise UsageError(f"{args.source}: no such file")
    extension = os.path.splitext(args.source)[1]
    temp_file = args.temp_file
    if not temp_file.endswith(extension):
        temp_file += extension

    is_c = extension in C_EXTENSIONS
    std_in_compiler_args = has_std_flag(compiler_args)
    if std_in_compiler_args and args.std:
        raise UsageError(
            "give the standard either as -std=... before the source file or "
            "among the compiler args, not both"
        )
    if std_in_compiler_args:
        standards = [""]  # One run; the compiler args carry the standard.
    else:
        default = DEFAULT_C_STANDARD if is_c else DEFAULT_CXX_STANDARD
        standards = expand_standards(args.std, is_c) or [default]

    return Options(
        tools=tools,
        clang=clang,
        filecheck=filecheck,
        suffixes=parse_suffixes(args),
        standards=standards,
        expect_error=args.expect_clang_tidy_error,
        export_fixes=os.path.abspath(args.export_fixes) if args.export_fixes else None,
        source=os.path.abspath(args.source),
        check=args.check,
        temp_file=os.path.abspath(temp_file),
        tidy_args=tidy_args,
        compiler_args=compiler_args,
        copy_inputs=os.path.abspath(args.copy_inputs) if args.copy_inputs else None,
    )


# ===--- Helpers -----------------------------------------------------------===#


def read_text(path: str) -> str:
    # newline="" keeps line endings byte for byte.
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return f.read()


def write_text(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
        f.write(text)


def split_lines(text: str) -> list[str]:
    """Lines with their endings. Only '\n' ends a line, as for the compiler
    (str.splitlines would also split at form feeds and the like)."""
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


def with_inputs(args: Sequence[str], inputs_dir: Optional[str]) -> list[str]:
    """The arguments with the -copy-inputs placeholder naming this run's copy."""
    if not inputs_dir:
        return list(args)
    return [a.replace(INPUTS_PLACEHOLDER, inputs_dir) for a in args]


def mark_check_lines(text: str) -> str:
    """Replaces every comment line holding a CHECK- directive by the marker
    (keeping its indentation and line ending), so that the line count and
    thus [[@LINE]] expressions stay valid."""
    lines = split_lines(text)
    for index, line in enumerate(lines):
        if CHECK_LINE_RE.match(line):
            body = line.rstrip("\r\n")
            indent = body[: len(body) - len(body.lstrip())]
            lines[index] = indent + CHECK_LINE_MARKER + line[len(body) :]
    return "".join(lines)


def drop_marked_lines(text: str) -> str:
    """Deletes the marker lines that mark_check_lines() left."""
    return "".join(
        line for line in split_lines(text) if line.strip() != CHECK_LINE_MARKER
    )


def uses_prefix(text: str, prefix: str) -> bool:
    """True if some FileCheck directive in `text` uses exactly `prefix`."""
    pattern = r"(?<![A-Za-z0-9_-])" + re.escape(prefix) + DIRECTIVE_TAIL
    return re.search(pattern, text) is not None


def with_label(path: str, label: str) -> str:
    """foo.cpp.tmp.cpp + 'plugin' -> foo.cpp.tmp.plugin.cpp"""
    if not label:
        return path
    stem, extension = os.path.splitext(path)
    return f"{stem}.{label}{extension}"


def unified_diff(before: str, after: str, before_name: str, after_name: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            before_name,
            after_name,
        )
    )


def section(title: str) -> None:
    print(f"------------------------ {title} ------------------------", flush=True)


def run_command(argv: Sequence[str]) -> subprocess.CompletedProcess:
    """Runs argv, printing the command line, its output and exit code."""
    print("$ " + shlex.join(argv), flush=True)
    try:
        proc = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
    except OSError as error:
        raise TestFailure(f"cannot run {argv[0]}: {error}") from error
    for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        if stream:
            print(f"[{name}]\n{stream}", end="" if stream.endswith("\n") else "\n")
    print(f"[exit code {proc.returncode}]", flush=True)
    return proc


# ===--- Diagnostics -------------------------------------------------------===#


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    severity: str
    line: str  # Normalised first line, e.g. ":4:11: warning: text [check]".

    @property
    def is_note(self) -> bool:
        return self.severity == "note"

    @property
    def is_problem(self) -> bool:
        return self.severity in ("warning", "error", "fatal error")


def parse_diagnostics(output: str, temp_file: str) -> list[Diagnostic]:
    """Keeps the first line of each diagnostic, with the temp file's name
    removed, and drops the notes that --fix adds."""
    own_names = {temp_file, os.path.realpath(temp_file)}
    diagnostics = []
    for raw in output.splitlines():
        if SNIPPET_RE.match(raw):
            continue
        match = DIAGNOSTIC_RE.match(raw)
        if not match:
            continue
        severity, text = match["severity"], match["text"]
        if severity == "note" and text == FIXIT_APPLIED_NOTE:
            continue
        if match["file"] is None:
            line = f"{severity}: {text}"
        else:
            name = "" if match["file"] in own_names else match["file"]
            line = f"{name}:{match['line']}:{match['column']}: {severity}: {text}"
        diagnostics.append(Diagnostic(severity, line))
    return diagnostics


def format_diagnostics(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(d.line + "\n" for d in diagnostics)


# ===--- The test ----------------------------------------------------------===#


@dataclasses.dataclass
class CheckPrefixes:
    """The active FileCheck prefixes that the test file actually uses."""

    messages: list[str]
    notes: list[str]
    fixes: list[str]


def collect_prefixes(text: str, suffixes: Sequence[str], source: str) -> CheckPrefixes:
    found = CheckPrefixes([], [], [])
    for suffix in suffixes:
        tail = "-" + suffix if suffix else ""
        messages, notes, fixes = MESSAGES + tail, NOTES + tail, FIXES + tail
        if uses_prefix(text, messages) and uses_prefix(text, notes):
            raise UsageError(
                f"{source} uses both {messages} and {notes}; a test checks "
                f"either messages (without notes) or notes, not both"
            )
        for prefix, bucket in (
            (messages, found.messages),
            (notes, found.notes),
            (fixes, found.fixes),
        ):
            if uses_prefix(text, prefix):
                bucket.append(prefix)
    if found.messages and found.notes:
        raise UsageError(
            f"this run checks {', '.join(found.messages)} and {', '.join(found.notes)} "
            f"together; all active suffixes must use {MESSAGES} or all {NOTES}"
        )
    return found


@dataclasses.dataclass
class TidyRun:
    """The outcome of one clang-tidy invocation."""

    tool: Tool
    standard: str
    temp_file: str
    export_file: Optional[str]
    returncode: int
    diagnostics: list[Diagnostic]
    fixed_text: str
    exported_text: Optional[str]  # With the temp file's name normalised.
    inputs_dir: Optional[str] = None  # This run's copy of -copy-inputs.
    # How many diagnostics --fix fixed, and the command that ran the checks
    # (without the file, --fix and --export-fixes), to analyze the fixed
    # file again.
    fixed_count: int = 0
    tidy_argv: Optional[list] = None

    @property
    def name(self) -> str:
        return f"{self.tool.label}" + (f" ({self.standard})" if self.standard else "")


class TidyTest:
    def __init__(self, options: Options):
        self.options = options
        self.source_text = read_text(options.source)
        # What clang-tidy gets, and what it would leave if it fixed nothing.
        self.input_text = mark_check_lines(self.source_text)
        self.unfixed_text = drop_marked_lines(self.input_text)
        self.prefixes = collect_prefixes(
            self.source_text, options.suffixes, options.source
        )

    def run(self) -> None:
        for std_index, standard in enumerate(self.options.standards):
            self.run_standard(std_index, standard)

    # --- One standard ---

    def run_standard(self, std_index: int, standard: str) -> None:
        runs = []
        for tool_index, tool in enumerate(self.options.tools):
            labels = []
            if std_index:
                labels.append(standard)
            if tool_index:
                labels.append(tool.label)
            runs.append(self.run_tool(tool, standard, ".".join(labels)))
        primary = runs[0]
        for other in runs[1:]:
            self.compare_runs(primary, other)
        self.check_exit_status(primary)
        self.check_diagnostics(primary)
        self.check_fixes(primary)
        self.check_fixes_compile(primary)
        self.check_fixed_file_clean(primary)

    def language_args(self, standard: str, inputs_dir: Optional[str] = None) -> list[str]:
        std = [f"-std={standard}"] if standard else []
        return std + with_inputs(self.options.compiler_args, inputs_dir)

    def run_tool(self, tool: Tool, standard: str, label: str) -> TidyRun:
        options = self.options
        temp_file = with_label(options.temp_file, label)
        export_file = None
        if options.export_fixes:
            export_file = with_label(options.export_fixes, label)
        section(f"{tool.label}" + (f" -std={standard}" if standard else ""))
        write_text(temp_file, self.input_text)
        if export_file and os.path.exists(export_file):
            os.remove(export_file)  # A stale file must not hide a missing one.

        inputs_dir = None
        if options.copy_inputs:
            inputs_dir = temp_file + ".inputs"
            shutil.rmtree(inputs_dir, ignore_errors=True)
            shutil.copytree(options.copy_inputs, inputs_dir)

        common = [f"--checks=-*,{options.check}"]
        if not any(a.lstrip("-").startswith("config") for a in options.tidy_args):
            common.append("--config={}")
        tail = with_inputs(options.tidy_args, inputs_dir) + ["--"]
        tail += self.language_args(standard, inputs_dir)
        argv = [*tool.argv, temp_file, *common, "--fix"]
        if export_file:
            argv.append(f"--export-fixes={export_file}")
        argv += tail
        proc = run_command(argv)
        # Warnings followed by at least one "FIX-IT applied" note.
        fixed_warnings = set()
        current = None
        for raw in proc.stdout.splitlines():
            m = DIAGNOSTIC_RE.match(raw)
            if not m:
                continue
            if m["severity"] in ("warning", "error"):
                current = raw
            elif m["text"] == FIXIT_APPLIED_NOTE and current is not None:
                fixed_warnings.add(current)
        fixed_count = len(fixed_warnings)

        # The fixed file, from now on without the check lines.
        fixed_text = drop_marked_lines(read_text(temp_file))
        write_text(temp_file, fixed_text)
        exported = None
        if export_file and os.path.exists(export_file):
            exported = read_text(export_file)
            for name in {temp_file, os.path.realpath(temp_file)}:
                exported = exported.replace(name, "<temp-file>")
        return TidyRun(
            tool=tool,
            standard=standard,
            temp_file=temp_file,
            export_file=export_file,
            returncode=proc.returncode,
            diagnostics=parse_diagnostics(
                proc.stdout.replace(inputs_dir, INPUTS_PLACEHOLDER)
                if inputs_dir
                else proc.stdout,
                temp_file,
            ),
            fixed_text=fixed_text,
            exported_text=exported,
            inputs_dir=inputs_dir,
            fixed_count=fixed_count,
            tidy_argv=[*tool.argv, "{file}", *common, *tail],
        )

    # --- Checks on the results ---

    def compare_runs(self, first: TidyRun, second: TidyRun) -> None:
        """Both ways of running the checks must behave identically."""
        problems = []
        if (first.returncode == 0) != (second.returncode == 0):
            problems.append(
                f"exit codes differ: {first.name} {first.returncode}, "
                f"{second.name} {second.returncode}"
            )
        diagnostics = unified_diff(
            format_diagnostics(first.diagnostics),
            format_diagnostics(second.diagnostics),
            f"diagnostics of {first.name}",
            f"diagnostics of {second.name}",
        )
        if diagnostics:
            problems.append("diagnostics differ:\n" + diagnostics)
        fixed = unified_diff(
            first.fixed_text, second.fixed_text, first.temp_file, second.temp_file
        )
        if fixed:
            problems.append("fixed files differ:\n" + fixed)
        if first.exported_text != second.exported_text:
            exported = unified_diff(
                first.exported_text or "",
                second.exported_text or "",
                first.export_file or "",
                second.export_file or "",
            )
            exported = exported or "(one of them is missing)\n"
            problems.append("exported fixes differ:\n" + exported)
        if problems:
            raise TestFailure(
                f"{first.name} and {second.name} disagree; " + "; ".join(problems)
            )

    def check_exit_status(self, run: TidyRun) -> None:
        if run.returncode < 0:
            raise TestFailure(
                f"clang-tidy ({run.name}) was killed by signal {-run.returncode}"
            )
        if self.options.expect_error and run.returncode == 0:
            raise TestFailure(
                f"-expect-clang-tidy-error was given, but clang-tidy ({run.name}) "
                f"exited with 0"
            )
        if not self.options.expect_error and run.returncode != 0:
            raise TestFailure(
                f"clang-tidy ({run.name}) exited with {run.returncode}; "
                f"pass -expect-clang-tidy-error if the test expects an error"
            )

    def check_diagnostics(self, run: TidyRun) -> None:
        """FileCheck on the diagnostics, or without any CHECK-MESSAGES or
        CHECK-NOTES lines, a check that there are no warnings or errors."""
        prefixes = self.prefixes
        if prefixes.notes:
            kept, used = run.diagnostics, prefixes.notes
            excluded, suffix = "{{warning|error|note}}:", ".notes"
        elif prefixes.messages:
            kept = [d for d in run.diagnostics if not d.is_note]
            used = prefixes.messages
            excluded, suffix = "{{warning|error}}:", ".messages"
        else:
            unexpected = [d.line for d in run.diagnostics if d.is_problem]
            if unexpected:
                raise TestFailure(
                    f"the test has no {MESSAGES} or {NOTES} lines for suffix(es) "
                    f"'{','.join(self.options.suffixes)}', but clang-tidy reported:\n"
                    + "\n".join(unexpected)
                )
            return
        output_file = run.temp_file + suffix
        write_text(output_file, format_diagnostics(kept))
        section(f"diagnostics ({', '.join(used)})")
        print(format_diagnostics(kept), end="", flush=True)
        self.filecheck(
            output_file, used, ["--implicit-check-not=" + excluded], "diagnostics"
        )

    def check_fixes(self, run: TidyRun) -> None:
        section("fixes")
        changes = unified_diff(self.unfixed_text, run.fixed_text, "input", "fixed")
        print(changes or "(no changes)", end="" if changes else "\n", flush=True)
        if self.prefixes.fixes:
            self.filecheck(run.temp_file, self.prefixes.fixes, [], "fixed file")

    def check_fixes_compile(self, run: TidyRun) -> None:
        if run.fixed_text == self.unfixed_text or run.returncode != 0:
            return
        section("fixed file must compile")
        language = ["-x", "c"] if self.options.is_c else []
        argv = [
            self.options.clang,
            "-fsyntax-only",
            *language,
            *self.language_args(run.standard, run.inputs_dir),
            run.temp_file,
        ]
        proc = run_command(argv)
        if proc.returncode != 0:
            raise TestFailure(
                f"the fixed file {run.temp_file} does not compile:\n{proc.stderr}"
            )

    def check_fixed_file_clean(self, run: TidyRun) -> None:
        """A fix is done when the fixed file, analyzed again, no longer has
        the finding: at most the warnings that had no fix remain."""
        if run.fixed_text == self.unfixed_text or run.returncode != 0:
            return
        section("fixed file analyzed again")
        root, ext = os.path.splitext(run.temp_file)
        again = root + ".again" + ext
        write_text(again, run.fixed_text)
        argv = [again if a == "{file}" else a for a in run.tidy_argv]
        proc = run_command(argv)
        remaining = [
            d.line
            for d in parse_diagnostics(proc.stdout, again)
            if d.severity == "warning"
        ]
        warnings = sum(1 for d in run.diagnostics if d.severity == "warning")
        allowed = warnings - run.fixed_count
        print("\n".join(remaining) or "(no warnings)", flush=True)
        if len(remaining) > allowed:
            raise TestFailure(
                f"the fixed file still has {len(remaining)} warning(s), but only "
                f"{allowed} of the {warnings} had no fix:\n" + "\n".join(remaining)
            )

    def filecheck(
        self,
        input_file: str,
        prefixes: Sequence[str],
        extra: Sequence[str],
        what: str,
    ) -> None:
        argv = [
            self.options.filecheck,
            f"--input-file={input_file}",
            self.options.source,
            f"--check-prefixes={','.join(prefixes)}",
            "--match-full-lines",
            *extra,
        ]
        if run_command(argv).returncode != 0:
            raise TestFailure(f"FileCheck failed on the {what} ({', '.join(prefixes)})")


def main(argv: Sequence[str]) -> int:
    try:
        options = parse_command_line(argv)
        TidyTest(options).run()
    except UsageError as error:
        print(f"{PROG}: error: {error}", flush=True)
        return 1
    except TestFailure as error:
        print(f"{PROG}: FAIL: {error}", flush=True)
        return 1
    print(f"{PROG}: PASS", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
