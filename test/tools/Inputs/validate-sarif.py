#!/usr/bin/python3
"""Validates SARIF logs against the SARIF 2.1.0 JSON schema.

Usage: validate-sarif.py SCHEMA LOG...

Prints "valid SARIF 2.1.0: LOG (N results)" per log, or the first schema
violation with its JSON path, and exits with 1.
"""
import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) < 3:
        print("usage: validate-sarif.py SCHEMA LOG...", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    status = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        if errors:
            error = errors[0]
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"invalid SARIF: {path}: at '{where}': {error.message}")
            status = 1
            continue
        results = sum(len(run.get("results", [])) for run in log["runs"])
        print(f"valid SARIF 2.1.0: {path} ({results} results)")
    return status


if __name__ == "__main__":
    sys.exit(main())
