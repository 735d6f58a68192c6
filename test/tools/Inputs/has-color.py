#!/usr/bin/python3
"""Prints "coloured" when stdin holds an SGR colour sequence (ESC [ ... m,
raw or as run-in-pty.py shows it, <ESC>[...m), else "plain". The status
line's erase sequence (ESC [ K) is not colour."""
import re
import sys

text = sys.stdin.read().replace("<ESC>", "\x1b")
print("coloured" if re.search("\x1b\\[[0-9;]*m", text) else "plain")
