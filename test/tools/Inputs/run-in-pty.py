#!/usr/bin/python3
"""Runs a command with stdout and stderr on a pseudo-terminal, as in an
interactive shell, and prints what it wrote with the control characters
made visible: ESC as '<ESC>', carriage return as '<CR>'.

Usage: run-in-pty.py COMMAND [ARGS...]; exits with the command's status.
"""
import os
import pty
import subprocess
import sys


def main() -> int:
    master, slave = pty.openpty()
    process = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL,
                               stdout=slave, stderr=slave)
    os.close(slave)
    output = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the command closed the terminal.
            break
        if not chunk:
            break
        output += chunk
    status = process.wait()
    text = output.decode("utf-8", "replace")
    text = text.replace("\x1b", "<ESC>").replace("\r\n", "\n").replace("\r", "<CR>")
    sys.stdout.write(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
