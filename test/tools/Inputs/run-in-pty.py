#!/usr/bin/python3
"""Runs a command with stdout and stderr on a pseudo-terminal, as in an
interactive shell, and prints what it wrote with the control characters
made visible: ESC as '<ESC>', carriage return as '<CR>'.

Usage: run-in-pty.py [--columns N] COMMAND [ARGS...]; exits with the
command's status. --columns sets the terminal's width (default: 80), as
the kernel reports it (TIOCGWINSZ); COLUMNS is removed from the command's
environment.
"""
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios


def main() -> int:
    args = sys.argv[1:]
    columns = 80
    if args[0] == "--columns":
        columns = int(args[1])
        args = args[2:]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                               stdout=slave, stderr=slave, env=env)
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
