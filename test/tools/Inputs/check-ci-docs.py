#!/usr/bin/python3
"""Checks the CI examples of docs/ci.md.

Every ```yaml block must parse (PyYAML). The sharded GitHub Actions
workflow must have a matrix of N shards whose scan step passes
--shard ${{ matrix.shard }}/N and --cache, upload each shard's report,
and have a merge job after the shards that runs `leakguard merge`, uploads
its output to code scanning and saves the cache under a key derived from
the compile database. The sharded GitLab pipeline must have a `parallel: N`
job passing --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" and a later job that
merges. Every `leakguard` command in a YAML or shell block may use only
the subcommands and options that `LEAKGUARD <subcommand> --help` lists.

Usage: check-ci-docs.py LEAKGUARD docs/ci.md
"""
import re
import shlex
import subprocess
import sys

import yaml

SUBCOMMANDS = ("check", "scan", "merge", "sarif")


def blocks(text, lang):
    return re.findall(r"^```" + lang + r"\n(.*?)^```", text, re.S | re.M)


SHELL_KEYS = ("run", "script", "before_script", "after_script")


def strings(node, shell=False):
    """The shell text of a parsed YAML document: GitHub's `run:` steps and
    GitLab's scripts."""
    if isinstance(node, str):
        if shell:
            yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, shell or key in SHELL_KEYS)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value, shell)


def commands(script):
    """The argument lists of the `leakguard` commands in shell text."""
    script = script.replace("\\\n", " ")
    script = re.sub(r"\$\{\{.*?\}\}", "X", script)
    for line in script.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for part in re.split(r"\|\||&&|[|;]", line):
            try:
                words = shlex.split(part, comments=True)
            except ValueError:
                words = part.split()
            for i, word in enumerate(words):
                if word == "leakguard" or word.endswith("/bin/leakguard"):
                    yield words[i + 1:]
                    break


def known_options(leakguard, sub):
    help_text = subprocess.run([leakguard, sub, "--help"], capture_output=True,
                               text=True, check=True).stdout
    names = set(re.findall(r"^\s+(--?[A-Za-z][\w-]*)", help_text, re.M))
    return names | {"--help", "--version"}


def check_usage(leakguard, texts, problems):
    options = {}
    count = 0
    for text in texts:
        for args in commands(text):
            count += 1
            if not args or args[0] not in SUBCOMMANDS:
                if args and args[0] in ("--version", "--help"):
                    continue
                problems.append(f"'leakguard {' '.join(args[:1])}': not a "
                                "leakguard command")
                continue
            sub = args[0]
            if sub not in options:
                options[sub] = known_options(leakguard, sub)
            for arg in args[1:]:
                if arg == "--":
                    break
                if arg.startswith("-") and arg != "-":
                    name = arg.split("=", 1)[0]
                    if name not in options[sub]:
                        problems.append(f"'leakguard {sub} {name}': "
                                        f"'{name}' is not an option of "
                                        f"leakguard {sub}")
    return count


def step_runs(steps):
    return "\n".join(s.get("run", "") for s in steps if isinstance(s, dict))


def uses(steps, action):
    return [s for s in steps
            if isinstance(s, dict) and s.get("uses", "").startswith(action)]


def check_github(doc, problems):
    jobs = doc["jobs"]
    shards = jobs["scan"]["strategy"]["matrix"]["shard"]
    n = len(shards)
    if shards != list(range(1, n + 1)):
        problems.append(f"github: the matrix {shards} is not 1..N")
    scan_steps = jobs["scan"]["steps"]
    runs = step_runs(scan_steps)
    found = re.findall(r"--shard \$\{\{ matrix\.shard \}\}/(\d+)", runs)
    if found != [str(n)]:
        problems.append(f"github: --shard over {found}, the matrix has {n}")
    if "--cache" not in runs or not uses(scan_steps, "actions/cache/restore"):
        problems.append("github: the shards do not restore and use a cache")
    if len(uses(scan_steps, "actions/upload-artifact")) < 1:
        problems.append("github: the shards upload no report")
    merge = jobs["merge"]
    if "scan" not in merge["needs"]:
        problems.append("github: the merge job does not wait for the shards")
    merge_runs = step_runs(merge["steps"])
    out = re.search(r"leakguard merge .*-o (\S+)", merge_runs)
    upload = uses(merge["steps"], "github/codeql-action/upload-sarif")
    if not out or not upload or upload[0]["with"]["sarif_file"] != out.group(1):
        problems.append("github: the merged SARIF is not what is uploaded")
    saves = uses(merge["steps"], "actions/cache/save")
    plan = step_runs(jobs["plan"]["steps"])
    if not saves or "needs.plan.outputs.database" not in saves[0]["with"]["key"] \
            or "compile_commands.json" not in plan:
        problems.append("github: the cache is not keyed by the compile "
                        "database")
    return n


def check_gitlab(doc, problems):
    shard_jobs = [name for name, job in doc.items()
                  if isinstance(job, dict) and isinstance(job.get("parallel"), int)]
    if len(shard_jobs) != 1:
        problems.append(f"gitlab: {len(shard_jobs)} jobs with parallel:")
        return 0
    shard = doc[shard_jobs[0]]
    script = "\n".join(shard["script"])
    if '--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"' not in script:
        problems.append("gitlab: the shard job does not pass its index")
    stages = doc["stages"]
    merges = [job for job in doc.values() if isinstance(job, dict)
              and "leakguard merge" in "\n".join(job.get("script", []))]
    if not merges or shard_jobs[0] not in merges[0].get("needs", []) or \
            stages.index(merges[0]["stage"]) <= stages.index(shard["stage"]):
        problems.append("gitlab: no merge job after the shards")
    return shard["parallel"]


def main():
    leakguard, page = sys.argv[1], sys.argv[2]
    text = open(page, encoding="utf-8").read()
    problems = []
    docs = []
    for block in blocks(text, "yaml"):
        try:
            docs.append(yaml.safe_load(block))
        except yaml.YAMLError as error:
            problems.append(f"a YAML block does not parse: {error}")
    github = [d for d in docs if isinstance(d, dict)
              and d.get("name") == "leakguard (sharded)"]
    gitlab = [d for d in docs if isinstance(d, dict) and "stages" in d
              and any(isinstance(j, dict) and "parallel" in j
                      for j in d.values())]
    if len(github) != 1 or len(gitlab) != 1:
        problems.append("the sharded GitHub and GitLab examples are missing")
    else:
        n = check_github(github[0], problems)
        m = check_gitlab(gitlab[0], problems)
        print(f"github: {n} shards and a merge job; gitlab: parallel {m} "
              "and a merge job")
    texts = [s for d in docs for s in strings(d)] + blocks(text, "sh")
    count = check_usage(leakguard, texts, problems)
    print(f"{len(docs)} YAML blocks parsed; {count} leakguard commands use "
          "only options leakguard has")
    for problem in problems:
        print("problem:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
