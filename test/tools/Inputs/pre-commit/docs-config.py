#!/usr/bin/python3
"""Prints the first ```yaml block of docs/pre-commit.md: the
.pre-commit-config.yaml that the documentation says works as written.

Usage: docs-config.py DOCS_PRE_COMMIT_MD > .pre-commit-config.yaml
"""
import re
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
match = re.search(r"```yaml\n(.*?)```", text, re.S)
if not match:
    sys.exit("no yaml block in " + sys.argv[1])
sys.stdout.write(match.group(1))
