"""Writes a chain of twelve units into DIR (argv[1]): each linkN.c defines
openN(), which returns what fopen returns, and leaks what open(N-1)() of
the previous unit returns; and their compile database."""
import json
import os
import sys

d = sys.argv[1]
units = []
for n in range(1, 13):
    path = os.path.join(d, "link%d.c" % n)
    with open(path, "w") as f:
        f.write("#include <stdio.h>\n")
        f.write("FILE *open%d(const char *p) { return fopen(p, \"r\"); }\n"
                % n)
        if n > 1:
            f.write("FILE *open%d(const char *p);\n" % (n - 1))
            f.write("void leak%d(const char *p) {\n"
                    "  FILE *f = open%d(p);\n"
                    "  if (f)\n"
                    "    fgetc(f);\n"
                    "}\n" % (n, n - 1))
    units.append({"directory": d, "file": path, "command": "cc -c " + path})
with open(os.path.join(d, "compile_commands.json"), "w") as f:
    json.dump(units, f, indent=1)
