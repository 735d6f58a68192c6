#!/usr/bin/python3
"""Reads what run-in-pty.py printed and checks that every redraw of the
status line ("<CR><ESC>[K" then the line) is narrower than the terminal.

Usage: check-line-width.py COLUMNS < pty-output; prints the widest status
line's width and "fits" or "too wide: <line>".
"""
import sys


def main() -> int:
    columns = int(sys.argv[1])
    text = sys.stdin.read()
    widest = 0
    for segment in text.split("<CR><ESC>[K")[1:]:
        # The status line ends where the next redraw or the report starts.
        line = segment.split("<CR>")[0].split("\n")[0].split("<ESC>")[0]
        widest = max(widest, len(line))
        if len(line) >= columns:
            print("too wide:", line)
            return 1
    print("widest", widest, "fits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
