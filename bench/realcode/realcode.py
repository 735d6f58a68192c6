#!/usr/bin/python3
"""The real-code corpus: configure, scan, and compare with the ledger.

A list of public projects (projects.json: repository, pinned commit,
development or validation set, configure command, the units to scan) is
scanned with `leakguard scan`, and every finding is compared with the ledger
(ledger.json: one verdict, TP / FP / by-design, per finding ever judged).
See bench/realcode/README.md for the method.

Subcommands:
  validate   check that the projects and ledger files are well-formed
  prepare    put each project's source at CORPUS/<name> (from a fetched
             mirror, at the pinned commit) and configure it (compile
             database only: nothing is built)
  scan       run `leakguard scan --format json` on each project
  compare    compare the scan results with the ledger: new (unjudged) and
             vanished findings, tool errors, and the tables per check,
             project and set
  unjudged   print ledger entries, to paste and complete, for the findings
             the ledger does not know yet

Standard library only; run with /usr/bin/python3. Exit status: 0 done,
1 validate found problems / compare found unjudged or vanished findings
(with --strict) / prepare or scan could not do a project, 2 bad input.
"""

from __future__ import annotations

import argparse
import datetime
import fnmatch
import glob
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
DEFAULT_PROJECTS = HERE / "projects.json"
DEFAULT_LEDGER = HERE / "ledger.json"
DEFAULT_CORPUS = Path(os.environ.get("LEAKGUARD_CORPUS", "/work/corpus"))
DEFAULT_MIRRORS = Path(os.environ.get("LEAKGUARD_MIRRORS", "/work/.mirror"))
DEFAULT_LEAKGUARD = REPO_ROOT / "build" / "bin" / "leakguard"

PROJECTS_FORMAT = "leakguard-realcode-projects/1"
LEDGER_FORMAT = "leakguard-realcode-ledger/1"
SETS = ("development", "validation")
VERDICTS = ("TP", "FP", "by-design")
KINDS = ("server", "client", "framework", "database", "library", "tool")
LANGUAGES = ("C", "C++", "C/C++")
PROJECT_FIELDS = {
    "name": str, "repo": str, "commit": str, "set": str, "kind": str,
    "language": str, "exceptions": bool, "apt": list, "configure": list,
}
LEDGER_FIELDS = {
    "project": str, "fingerprint": str, "check": str, "file": str,
    "line": int, "verdict": str, "why": str,
}
SOURCE_MARKER = ".realcode-source.json"


class InputError(Exception):
    pass


# --------------------------------------------------------------------------
# Files

def load_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}")
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}:{e.colno}: not JSON: {e.msg}")


def validate_projects(data, where: str) -> list[str]:
    problems = []
    if not isinstance(data, dict) or data.get("format") != PROJECTS_FORMAT:
        return [f"{where}: 'format' must be '{PROJECTS_FORMAT}'"]
    projects = data.get("projects")
    if not isinstance(projects, list):
        return [f"{where}: 'projects' must be a list"]
    seen = set()
    for i, p in enumerate(projects):
        label = f"{where}: project {i + 1}"
        if not isinstance(p, dict):
            problems.append(f"{label}: not an object")
            continue
        if isinstance(p.get("name"), str):
            label += f" ({p['name']})"
        for field, kind in PROJECT_FIELDS.items():
            if field not in p:
                problems.append(f"{label}: missing '{field}'")
            elif not isinstance(p[field], kind):
                problems.append(f"{label}: '{field}' must be a {kind.__name__}")
        name = p.get("name")
        if isinstance(name, str):
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
                problems.append(f"{label}: bad name")
            if name in seen:
                problems.append(f"{label}: name listed twice")
            seen.add(name)
        if isinstance(p.get("repo"), str) and not re.fullmatch(
                r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+", p["repo"]):
            problems.append(f"{label}: 'repo' must be owner/name")
        if isinstance(p.get("commit"), str) and not re.fullmatch(
                r"[0-9a-f]{40}", p["commit"]):
            problems.append(f"{label}: 'commit' must be 40 hex digits")
        if p.get("set") not in SETS and isinstance(p.get("set"), str):
            problems.append(f"{label}: 'set' must be one of {', '.join(SETS)}")
        if p.get("kind") not in KINDS and isinstance(p.get("kind"), str):
            problems.append(f"{label}: 'kind' must be one of {', '.join(KINDS)}")
        if p.get("language") not in LANGUAGES and isinstance(p.get("language"), str):
            problems.append(f"{label}: 'language' must be C, C++ or C/C++")
        for cmd in p.get("configure", []) if isinstance(p.get("configure"), list) else []:
            if not (isinstance(cmd, list) and cmd and all(isinstance(a, str) for a in cmd)):
                problems.append(f"{label}: each 'configure' command must be a non-empty list of strings")
        db = p.get("compile_db")
        if db is not None:
            if not (isinstance(db, dict) and isinstance(db.get("arguments"), list)
                    and isinstance(db.get("files"), list)):
                problems.append(f"{label}: 'compile_db' needs 'arguments' and 'files' lists")
        if not p.get("configure") and db is None and isinstance(p.get("configure"), list):
            problems.append(f"{label}: needs a 'configure' command or a 'compile_db'")
        scan = p.get("scan", [])
        if not (isinstance(scan, list) and all(isinstance(s, str) for s in scan)):
            problems.append(f"{label}: 'scan' must be a list of globs")
    return problems


def validate_ledger(data, where: str, project_names: set[str] | None) -> list[str]:
    problems = []
    if not isinstance(data, dict) or data.get("format") != LEDGER_FORMAT:
        return [f"{where}: 'format' must be '{LEDGER_FORMAT}'"]
    entries = data.get("entries")
    if not isinstance(entries, list):
        return [f"{where}: 'entries' must be a list"]
    seen: dict[tuple[str, str], int] = {}
    for i, e in enumerate(entries):
        label = f"{where}: entry {i + 1}"
        if not isinstance(e, dict):
            problems.append(f"{label}: not an object")
            continue
        if isinstance(e.get("project"), str) and isinstance(e.get("file"), str):
            label += f" ({e['project']} {e['file']}" + (
                f":{e['line']})" if isinstance(e.get("line"), int) else ")")
        for field, kind in LEDGER_FIELDS.items():
            if field not in e:
                problems.append(f"{label}: missing '{field}'")
            elif not isinstance(e[field], kind) or isinstance(e[field], bool):
                problems.append(f"{label}: '{field}' must be a{'n' if kind is int else ''} "
                                f"{'integer' if kind is int else 'string'}")
        unknown = set(e) - set(LEDGER_FIELDS) - {"message"}
        if unknown:
            problems.append(f"{label}: unknown field(s) {', '.join(sorted(unknown))}")
        if isinstance(e.get("verdict"), str) and e["verdict"] not in VERDICTS:
            problems.append(f"{label}: verdict '{e['verdict']}' is not one of "
                            f"{', '.join(VERDICTS)}")
        if isinstance(e.get("why"), str) and not e["why"].strip():
            problems.append(f"{label}: empty 'why'")
        if isinstance(e.get("check"), str) and not e["check"].startswith("leak-"):
            problems.append(f"{label}: check '{e['check']}' is not a leak- check")
        if isinstance(e.get("fingerprint"), str) and not re.fullmatch(
                r"[0-9a-f]{32}(:[0-9]+)?", e["fingerprint"]):
            problems.append(f"{label}: malformed fingerprint '{e['fingerprint']}'")
        if isinstance(e.get("project"), str) and isinstance(e.get("fingerprint"), str):
            key = (e["project"], e["fingerprint"])
            if key in seen:
                problems.append(f"{label}: fingerprint {e['fingerprint']} already "
                                f"judged in entry {seen[key]}")
            else:
                seen[key] = i + 1
            if project_names is not None and e["project"] not in project_names:
                problems.append(f"{label}: project '{e['project']}' is not in the projects file")
    return problems


def load_projects(path: Path) -> list[dict]:
    data = load_json(path)
    problems = validate_projects(data, str(path))
    if problems:
        raise InputError("\n".join(problems))
    return data["projects"]


def load_ledger(path: Path, names: set[str]) -> list[dict]:
    data = load_json(path)
    problems = validate_ledger(data, str(path), names)
    if problems:
        raise InputError("\n".join(problems))
    return data["entries"]


def write_ledger(path: Path, entries: list[dict]) -> None:
    """One entry per line, sorted, so that a change is a readable diff."""
    entries = sorted(entries, key=lambda e: (e["project"], e["file"], e["line"],
                                             e["check"], e["fingerprint"]))
    order = ["project", "check", "file", "line", "verdict", "fingerprint", "why", "message"]
    lines = []
    for e in entries:
        obj = {k: e[k] for k in order if k in e}
        lines.append("  " + json.dumps(obj, ensure_ascii=False))
    text = '{\n"format": "%s",\n"entries": [\n%s\n]\n}\n' % (LEDGER_FORMAT, ",\n".join(lines))
    path.write_text(text, encoding="utf-8")


def select(projects: list[dict], names: list[str] | None, which_set: str | None) -> list[dict]:
    chosen = projects
    if names:
        known = {p["name"] for p in projects}
        for n in names:
            if n not in known:
                raise InputError(f"no project named '{n}' in the projects file")
        chosen = [p for p in chosen if p["name"] in names]
    if which_set:
        chosen = [p for p in chosen if p["set"] == which_set]
    return chosen


def subst(text: str, p: dict, corpus: Path) -> str:
    return (text.replace("{src}", str(corpus / p["name"]))
                .replace("{build}", str(corpus / (p["name"] + "-build"))))


# --------------------------------------------------------------------------
# validate

def cmd_validate(args) -> int:
    problems = []
    names = None
    try:
        pdata = load_json(Path(args.projects))
        problems += validate_projects(pdata, Path(args.projects).name)
        if isinstance(pdata, dict) and isinstance(pdata.get("projects"), list):
            names = {p["name"] for p in pdata["projects"]
                     if isinstance(p, dict) and isinstance(p.get("name"), str)}
        ldata = load_json(Path(args.ledger))
        problems += validate_ledger(ldata, Path(args.ledger).name, names)
    except InputError as e:
        problems.append(str(e))
    for line in problems:
        print(f"realcode: {line}")
    if problems:
        print(f"realcode: {len(problems)} problem(s)")
        return 1
    entries = ldata["entries"]
    counts = {v: sum(1 for e in entries if e["verdict"] == v) for v in VERDICTS}
    print(f"realcode: OK: {len(pdata['projects'])} projects, {len(entries)} ledger entries "
          f"({', '.join(f'{counts[v]} {v}' for v in VERDICTS)})")
    return 0


# --------------------------------------------------------------------------
# prepare

def source_commit(src: Path) -> str | None:
    marker = src / SOURCE_MARKER
    if marker.is_file():
        try:
            return json.loads(marker.read_text())["commit"]
        except (ValueError, KeyError):
            return None
    if (src / ".git").exists():
        r = subprocess.run(["git", "-C", str(src), "rev-parse", "HEAD"],
                           capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else None
    return None


def extract(git_dir: Path, commit: str, dest: Path) -> list[str]:
    """Write the tree of `commit` into dest, skipping blobs the mirror lacks
    (snapshots may leave out large files). Returns the paths skipped."""
    tree = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", commit],
                          capture_output=True, check=True).stdout
    items = []
    skipped = []
    for rec in tree.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind != b"blob":
            skipped.append(path.decode() + " (submodule)")
            continue
        items.append((mode, sha, path))
    proc = subprocess.Popen(["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def feed():
        proc.stdin.write(b"".join(sha + b"\n" for _, sha, _ in items))
        proc.stdin.close()
    feeder = threading.Thread(target=feed)
    feeder.start()
    out = proc.stdout
    for mode, sha, path in items:
        header = out.readline().split()
        target = dest / path.decode()
        if len(header) < 3 or header[1] == b"missing":
            skipped.append(path.decode() + " (not in the mirror)")
            continue
        data = out.read(int(header[2]))
        out.read(1)
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == b"120000":
            if target.is_symlink() or target.exists():
                target.unlink()
            os.symlink(data.decode(), target)
        else:
            target.write_bytes(data)
            if mode == b"100755":
                target.chmod(0o755)
    feeder.join()
    proc.wait()
    return skipped


def write_compile_db(p: dict, corpus: Path) -> Path:
    src = corpus / p["name"]
    build = corpus / (p["name"] + "-build")
    build.mkdir(parents=True, exist_ok=True)
    db = p["compile_db"]
    files = []
    for pattern in db["files"]:
        files += sorted(glob.glob(str(src / pattern), recursive=True))
    excluded = db.get("exclude", [])
    files = [f for f in files
             if not any(fnmatch.fnmatch(os.path.relpath(f, src), x) for x in excluded)]
    entries = []
    for f in dict.fromkeys(files):
        arguments = [subst(a, p, corpus) for a in db["arguments"]] + ["-c", f]
        entries.append({"directory": subst(db.get("directory", "{src}"), p, corpus),
                        "arguments": arguments, "file": f})
    out = build / "compile_commands.json"
    out.write_text(json.dumps(entries, indent=1) + "\n")
    return out


def cmd_prepare(args) -> int:
    corpus = Path(args.corpus)
    failed = 0
    for p in select(load_projects(Path(args.projects)), args.project, args.set):
        name, src = p["name"], corpus / p["name"]
        have = source_commit(src) if src.exists() else None
        if have != p["commit"]:
            mirror = Path(args.mirrors) / p["repo"].replace("/", "+") / "repo"
            has_commit = mirror.is_dir() and subprocess.run(
                ["git", "--git-dir", str(mirror), "cat-file", "-e", p["commit"] + "^{commit}"],
                capture_output=True).returncode == 0
            if src.exists() and have is not None:
                print(f"realcode: {name}: {src} is at {have}, not at the pinned "
                      f"{p['commit']}: remove it and run prepare again")
                failed += 1
                continue
            if src.exists() and any(src.iterdir()):
                print(f"realcode: {name}: {src} exists but its commit is unknown "
                      f"(no {SOURCE_MARKER}, no .git): remove it and run prepare again")
                failed += 1
                continue
            if not has_commit:
                print(f"realcode: {name}: no source. Fetch it, then run prepare again:\n"
                      f"  git clone https://github.com/{p['repo']} {src} && "
                      f"git -C {src} checkout {p['commit']}\n"
                      f"  (or put a bare mirror with that commit at {mirror})")
                failed += 1
                continue
            src.mkdir(parents=True, exist_ok=True)
            skipped = extract(mirror, p["commit"], src)
            (src / SOURCE_MARKER).write_text(json.dumps(
                {"repo": p["repo"], "commit": p["commit"], "skipped": skipped}, indent=1) + "\n")
            print(f"realcode: {name}: extracted {p['commit'][:12]} from {mirror}"
                  + (f" ({len(skipped)} files not in the mirror: see {src / SOURCE_MARKER})"
                     if skipped else ""))
        build = corpus / (name + "-build")
        build.mkdir(parents=True, exist_ok=True)
        ok = True
        for cmd in p["configure"]:
            argv = [subst(a, p, corpus) for a in cmd]
            print(f"realcode: {name}: {shlex.join(argv)}")
            r = subprocess.run(argv, cwd=build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
            log = build / "realcode-configure.log"
            with open(log, "a") as f:
                f.write(f"$ {shlex.join(argv)}\n{r.stdout}\n")
            if r.returncode != 0:
                print(f"realcode: {name}: configure failed (exit {r.returncode}); see {log}")
                print("\n".join(r.stdout.splitlines()[-15:]))
                ok = False
                break
        if ok and "compile_db" in p:
            out = write_compile_db(p, corpus)
            print(f"realcode: {name}: wrote {out}")
        db = build / "compile_commands.json"
        if ok and not db.is_file():
            print(f"realcode: {name}: configure wrote no {db}")
            ok = False
        if ok:
            units = len(json.loads(db.read_text()))
            print(f"realcode: {name}: ready, {units} units in the compile database")
        else:
            failed += 1
    return 1 if failed else 0


# --------------------------------------------------------------------------
# scan

def cmd_scan(args) -> int:
    corpus = Path(args.corpus)
    out_dir = Path(args.results)
    out_dir.mkdir(parents=True, exist_ok=True)
    leakguard = str(Path(args.leakguard).resolve())
    version = subprocess.run([leakguard, "--version"], capture_output=True,
                             text=True).stdout.strip()
    failed = 0
    total_start = time.monotonic()
    for p in select(load_projects(Path(args.projects)), args.project, args.set):
        name = p["name"]
        src, build = corpus / name, corpus / (name + "-build")
        if source_commit(src) != p["commit"] or not (build / "compile_commands.json").is_file():
            print(f"realcode: {name}: not prepared (run: realcode.py prepare --project {name})")
            failed += 1
            continue
        report = out_dir / f"{name}.json"
        argv = ["nice", "-n", str(args.nice), leakguard, "scan", "-p", str(build),
                "--root", str(src), "--format", "json", "-o", str(report),
                "-j", str(args.jobs), "--quiet"]
        if args.timeout:
            argv += ["--timeout", str(args.timeout)]
        argv += args.scan_arg
        if p.get("config"):
            argv += ["--config", p["config"]]
        argv += [str(src / g) if not g.startswith("/") else g for g in p.get("scan", [])]
        print(f"realcode: {name}: scanning ...", flush=True)
        start = time.monotonic()
        r = subprocess.run(argv, stderr=subprocess.PIPE, text=True)
        seconds = time.monotonic() - start
        if r.returncode not in (0, 1, 2) or not report.is_file():
            print(f"realcode: {name}: scan failed (exit {r.returncode}): {r.stderr.strip()[-2000:]}")
            failed += 1
            continue
        data = load_json(report)
        meta = {"project": name, "commit": p["commit"], "leakguard": leakguard,
                "version": version, "seconds": round(seconds, 1), "jobs": args.jobs,
                "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "command": shlex.join(argv), "exit": r.returncode}
        (out_dir / f"{name}.meta.json").write_text(json.dumps(meta, indent=1) + "\n")
        findings, diagnostics = split_findings(data)
        s = data.get("summary", {})
        print(f"realcode: {name}: {s.get('translationUnits', '?')} units, "
              f"{len(findings)} findings, {len(data.get('errors', []))} unit errors, "
              f"{len(diagnostics)} diagnostics (not findings), {seconds:.1f} s", flush=True)
    print(f"realcode: total {time.monotonic() - total_start:.1f} s")
    return 1 if failed else 0


# --------------------------------------------------------------------------
# compare

def split_findings(report: dict) -> tuple[list[dict], list[dict]]:
    """leak- findings, and everything else (compiler diagnostics, clang-tidy
    configuration complaints), which is never a finding."""
    findings, other = [], []
    for f in report.get("findings", []):
        (findings if str(f.get("rule", "")).startswith("leak-") else other).append(f)
    return findings, other


def rate(fp: int, judged: int) -> str:
    return f"{100.0 * fp / judged:.1f}%" if judged else "-"


def table(title: str, rows: list[tuple], key_name: str) -> list[str]:
    header = (key_name, "findings", "TP", "FP", "by-design", "unjudged", "FP rate")
    body = [header] + [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in body) for i in range(len(header))]
    out = [title]
    for n, r in enumerate(body):
        out.append("  " + "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                                    for i, c in enumerate(r)))
        if n == 0:
            out.append("  " + "  ".join("-" * w for w in widths))
    return out


def tally(items: list[tuple[str, str | None]], keys: list[str] | None = None) -> list[tuple]:
    """items: (key, verdict or None) -> rows (in the order of keys, else
    sorted), with a total."""
    if keys is None:
        keys = sorted({k for k, _ in items})
    rows = []
    for k in keys + ["total"]:
        vs = [v for kk, v in items if k == "total" or kk == k]
        tp, fp, bd = vs.count("TP"), vs.count("FP"), vs.count("by-design")
        rows.append((k, len(vs), tp, fp, bd, vs.count(None), rate(fp, tp + fp + bd)))
    return rows


def cmd_compare(args) -> int:
    projects = load_projects(Path(args.projects))
    names = {p["name"] for p in projects}
    ledger = load_ledger(Path(args.ledger), names)
    by_key = {(e["project"], e["fingerprint"]): e for e in ledger}
    results = Path(args.results)
    chosen = select(projects, args.project, args.set)
    new, vanished, errors, diags = [], [], [], []
    seen_keys = set()
    per = []  # (project, set, check, verdict)
    units = {}
    missing = []
    for p in chosen:
        report_path = results / f"{p['name']}.json"
        if not report_path.is_file():
            missing.append(p["name"])
            continue
        report = load_json(report_path)
        findings, other = split_findings(report)
        units[p["name"]] = (report.get("summary", {}).get("translationUnits", 0),
                            len(report.get("errors", [])))
        for e in report.get("errors", []):
            errors.append((p["name"], e.get("file", "?"), e.get("message", "")))
        for d in other:
            diags.append((p["name"], d))
        for f in findings:
            key = (p["name"], f["fingerprint"])
            seen_keys.add(key)
            entry = by_key.get(key)
            verdict = entry["verdict"] if entry else None
            if entry is None:
                new.append((p["name"], f))
            per.append((p["name"], p["set"], f["rule"], verdict))
        for e in ledger:
            if e["project"] == p["name"] and (e["project"], e["fingerprint"]) not in seen_keys:
                vanished.append(e)
    out = []
    if missing:
        out.append(f"no results for: {', '.join(missing)} (run scan; left out below)")
    meta = [load_json(results / f"{p['name']}.meta.json") for p in chosen
            if (results / f"{p['name']}.meta.json").is_file()]
    if meta:
        versions = sorted({m["version"] for m in meta})
        out.append(f"results: {results} ({', '.join(versions)}; scanned "
                   f"{min(m['date'] for m in meta)} to {max(m['date'] for m in meta)}; "
                   f"{sum(m['seconds'] for m in meta):.0f} s of scanning at "
                   f"-j {','.join(sorted({str(m['jobs']) for m in meta}))})")
    out.append("")
    out.append(f"new findings (not in the ledger): {len(new)}")
    for name, f in sorted(new, key=lambda x: (x[0], x[1]["file"], x[1]["line"])):
        out.append(f"  {name}: {f['file']}:{f['line']}: [{f['rule']}] {f['message']}")
        out.append(f"      fingerprint {f['fingerprint']}")
    out.append("")
    out.append(f"vanished findings (in the ledger, not in the results): {len(vanished)}")
    for v in VERDICTS:
        these = [e for e in vanished if e["verdict"] == v]
        if these:
            out.append(f"  {v}: {len(these)}")
            for e in these:
                out.append(f"    {e['project']}: {e['file']}:{e['line']}: [{e['check']}] {e['why']}")
    out.append("")
    out.append(f"tool errors (units not analyzed; never findings): {len(errors)}")
    for name, f, m in errors:
        first = m.strip().splitlines()[0] if m.strip() else ""
        out.append(f"  {name}: {f}: {first[:200]}")
    if diags:
        out.append("")
        out.append(f"other diagnostics in the reports (clang-diagnostic-*, configuration; "
                   f"not findings): {len(diags)}")
        for name, d in diags:
            out.append(f"  {name}: {d.get('file')}:{d.get('line')}: [{d.get('rule')}] "
                       f"{d.get('message', '')[:160]}")
    out.append("")
    set_of = {p["name"]: p["set"] for p in projects}
    order = sorted(units, key=lambda n: (SETS.index(set_of[n]), n))
    rows = tally([(n, v) for n, _, _, v in per], order)
    for r in range(len(rows)):
        k = rows[r][0]
        u = units.get(k) if k != "total" else (sum(a for a, _ in units.values()),
                                               sum(b for _, b in units.values()))
        rows[r] = rows[r] + ((f"{u[0]}", f"{u[1]}") if u else ("", ""))
    hdr = table("per project:", [r[:7] for r in rows], "project")
    extra = [("units", "errors")] + [(r[7], r[8]) for r in rows]
    widths = [max(len(x[i]) for x in extra) for i in range(2)]
    merged = hdr[:1]
    for i, line in enumerate(hdr[1:]):
        if i == 1:
            merged.append(line + "  " + "  ".join("-" * w for w in widths))
        else:
            j = 0 if i == 0 else i - 1
            merged.append(line + "  " + "  ".join(extra[j][k].rjust(widths[k]) for k in range(2))
                          + ("  " + set_of.get(rows[j - 1][0], "") if j > 0 else ""))
    out += merged
    out.append("")
    out += table("per set:", tally([(s, v) for _, s, _, v in per],
                                   [s for s in SETS if s in set_of.values()]), "set")
    out.append("")
    out += table("per check:", tally([(c, v) for _, _, c, v in per]), "check")
    for s in SETS:
        items = [(c, v) for _, ss, c, v in per if ss == s]
        if items:
            out.append("")
            out += table(f"per check, {s} set:", tally(items), "check")
    print("\n".join(out))
    if args.strict and (new or vanished):
        return 1
    return 0


def cmd_unjudged(args) -> int:
    projects = load_projects(Path(args.projects))
    ledger = load_ledger(Path(args.ledger), {p["name"] for p in projects})
    known = {(e["project"], e["fingerprint"]) for e in ledger}
    results = Path(args.results)
    for p in select(projects, args.project, args.set):
        path = results / f"{p['name']}.json"
        if not path.is_file():
            continue
        findings, _ = split_findings(load_json(path))
        for f in sorted(findings, key=lambda f: (f["file"], f["line"])):
            if (p["name"], f["fingerprint"]) in known:
                continue
            print(json.dumps({"project": p["name"], "check": f["rule"], "file": f["file"],
                              "line": f["line"], "verdict": "?", "fingerprint": f["fingerprint"],
                              "why": "", "message": f["message"]}, ensure_ascii=False) + ",")
    return 0


# --------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="realcode.py", description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.split("\n")[6:]))
    parser.add_argument("--projects", default=str(DEFAULT_PROJECTS),
                        help="the projects file (default: %(default)s)")
    parser.add_argument("--ledger", default=str(DEFAULT_LEDGER),
                        help="the ledger file (default: %(default)s)")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS),
                        help="where sources and build dirs go: CORPUS/<name>, CORPUS/<name>-build "
                             "(default: $LEAKGUARD_CORPUS or %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True)

    def selection(sp):
        sp.add_argument("--project", action="append", help="only this project (repeatable)")
        sp.add_argument("--set", choices=SETS, help="only the projects of this set")

    def results_opt(sp):
        sp.add_argument("--results", default=None,
                        help="directory of the scan reports (default: CORPUS/results)")

    sub.add_parser("validate", help="check the projects and ledger files")
    sp = sub.add_parser("prepare", help="extract the sources and configure (compile database only)")
    selection(sp)
    sp.add_argument("--mirrors", default=str(DEFAULT_MIRRORS),
                    help="bare git mirrors as MIRRORS/<owner>+<name>/repo "
                         "(default: $LEAKGUARD_MIRRORS or %(default)s)")
    sp = sub.add_parser("scan", help="run leakguard scan on each project")
    selection(sp)
    results_opt(sp)
    sp.add_argument("--leakguard", default=str(DEFAULT_LEAKGUARD),
                    help="the leakguard binary (default: %(default)s)")
    sp.add_argument("-j", "--jobs", type=int, default=1)
    sp.add_argument("--nice", type=int, default=10, help="niceness of the scan (default 10)")
    sp.add_argument("--timeout", type=int, default=300,
                    help="per-unit timeout in seconds, 0 for none (default 300)")
    sp.add_argument("--scan-arg", action="append", default=[],
                    help="one more argument for leakguard scan (repeatable), "
                         "e.g. --scan-arg=--cross-unit=false")
    sp = sub.add_parser("compare", help="compare the scan results with the ledger")
    selection(sp)
    results_opt(sp)
    sp.add_argument("--strict", action="store_true",
                    help="exit 1 when there are new or vanished findings")
    sp = sub.add_parser("unjudged", help="print ledger entries to complete for new findings")
    selection(sp)
    results_opt(sp)
    args = parser.parse_args(argv)
    if getattr(args, "results", "unset") is None:
        args.results = str(Path(args.corpus) / "results")
    try:
        return {"validate": cmd_validate, "prepare": cmd_prepare, "scan": cmd_scan,
                "compare": cmd_compare, "unjudged": cmd_unjudged}[args.command](args)
    except InputError as e:
        print(f"realcode: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
