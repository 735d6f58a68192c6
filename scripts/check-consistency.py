#!/usr/bin/python3
"""Checks that every registered leakguard check is complete.

A check counts as registered when checks/*.cpp calls
    registerCheck<SomeCheck>("leak-some-name")
and it is complete when
  * checks/SomeCheck.h and checks/SomeCheck.cpp exist;
  * docs/checks/leak-some-name.md exists;
  * test/checkers/ has a test file named after it (leak-some-name.cpp, or any
    name starting with "leak-some-name" followed by '.', '-' or '_'; a file
    belongs to the longest check name it starts with; Inputs/ folders hold no
    tests);
  * README.md has a table row (a line starting with '|') naming it;
  * some file under examples/ mentions it (e.g. in a comment).
It also reports a check name registered twice and docs/checks/leak-*.md pages
of checks that are not registered.

Prints one line per problem and exits with 1, or prints
"consistency: N checks OK" and exits with 0.

Usage: check-consistency.py [REPO_ROOT]   (default: this script's ../)
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path

REGISTER_RE = re.compile(
    r"registerCheck\s*<\s*(?P<cls>[A-Za-z_][\w:]*)\s*>\s*"
    r"\(\s*\"(?P<name>leak-[a-z0-9-]+)\"\s*\)"
)
# String and character literals are kept so that "//" inside them is not
# mistaken for a comment; comments are replaced by a space.
COMMENT_OR_LITERAL_RE = re.compile(
    r"\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|//[^\n]*|/\*.*?\*/", re.S
)
TEST_NAME_SEPARATORS = (".", "-", "_")


@dataclasses.dataclass(frozen=True)
class Registration:
    name: str  # e.g. leak-manual-lock
    class_name: str  # e.g. ManualLockCheck (namespace qualifiers dropped)
    where: str  # file that registers it, relative to the root


def strip_comments(code: str) -> str:
    def replace(match: re.Match) -> str:
        text = match.group(0)
        return text if text[0] in "\"'" else " "

    return COMMENT_OR_LITERAL_RE.sub(replace, code)


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def find_registrations(root: Path) -> list[Registration]:
    registrations = []
    for source in sorted((root / "checks").glob("*.cpp")):
        code = strip_comments(read_text(source))
        for match in REGISTER_RE.finditer(code):
            registrations.append(
                Registration(
                    name=match["name"],
                    class_name=match["cls"].split("::")[-1],
                    where=str(source.relative_to(root)),
                )
            )
    return registrations


def mentions(text: str, name: str) -> bool:
    """True if `name` occurs in `text` as a whole check name (leak-foo does
    not count as a mention inside leak-foo-bar)."""
    return re.search(rf"(?<![a-z0-9-]){re.escape(name)}(?![a-z0-9-])", text) is not None


def test_owner(file_name: str, names: list[str]) -> str | None:
    """The registered check a test file belongs to: the longest name that
    the file name starts with, followed by a separator."""
    owners = [
        name
        for name in names
        if file_name.startswith(name)
        and file_name[len(name) : len(name) + 1] in TEST_NAME_SEPARATORS
    ]
    return max(owners, key=len) if owners else None


def files_under(directory: Path, skip_inputs: bool = False) -> list[Path]:
    """All files below `directory`, optionally leaving out Inputs/ folders."""
    if not directory.is_dir():
        return []
    files = []
    for path in sorted(directory.rglob("*")):
        if not path.is_file():
            continue
        if skip_inputs and "Inputs" in path.relative_to(directory).parts:
            continue
        files.append(path)
    return files


def check_repository(root: Path) -> tuple[list[str], int]:
    """Returns (problems, number of registered checks)."""
    problems: list[str] = []
    registrations = find_registrations(root)
    if not registrations:
        return ['no registerCheck<...>("leak-...") calls found in checks/*.cpp'], 0

    seen: dict[str, Registration] = {}
    for registration in registrations:
        if registration.name in seen:
            problems.append(
                f"{registration.name}: registered twice "
                f"({seen[registration.name].where} and {registration.where})"
            )
        seen.setdefault(registration.name, registration)
    names = sorted(seen)

    tested = {
        test_owner(path.name, names)
        for path in files_under(root / "test" / "checkers", skip_inputs=True)
    }
    readme = root / "README.md"
    readme_lines = read_text(readme).splitlines() if readme.is_file() else []
    table_rows = [line for line in readme_lines if line.lstrip().startswith("|")]
    example_texts = [read_text(path) for path in files_under(root / "examples")]

    for name in names:
        registration = seen[name]
        for extension in (".h", ".cpp"):
            path = Path("checks") / f"{registration.class_name}{extension}"
            if not (root / path).is_file():
                problems.append(
                    f"{name}: missing {path} (class {registration.class_name})"
                )
        doc = Path("docs") / "checks" / f"{name}.md"
        if not (root / doc).is_file():
            problems.append(f"{name}: missing {doc}")
        if name not in tested:
            problems.append(
                f"{name}: no test in test/checkers/ named {name}.cpp or {name}-*"
            )
        if not any(mentions(row, name) for row in table_rows):
            problems.append(f"{name}: no table row in README.md")
        if not any(mentions(text, name) for text in example_texts):
            problems.append(f"{name}: not mentioned anywhere under examples/")

    docs = root / "docs" / "checks"
    pages = sorted(docs.glob("leak-*.md")) if docs.is_dir() else []
    for page in pages:
        if page.stem not in seen:
            problems.append(
                f"{page.relative_to(root)}: documents a check that is not registered"
            )
    return problems, len(names)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "root",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="repository root (default: the parent of scripts/)",
    )
    root = parser.parse_args(argv).root
    if not (root / "checks").is_dir():
        print(f"consistency: {root}/checks is not a directory")
        return 1
    problems, count = check_repository(root)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"consistency: {count} checks OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
