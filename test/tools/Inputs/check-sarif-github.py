#!/usr/bin/python3
"""Checks what GitHub code scanning needs from a SARIF log beyond the schema
(docs/ci.md says what it shows):

  * every related location is linked from the result's message as
    "[text](id)" (GitHub shows only linked related locations), and every
    link names one;
  * a result with related locations has one code flow whose thread flow
    visits the result's location, then each related location in order;
  * every region has an end (endLine, endColumn) not before its start;
  * each rule's name differs from its id (SARIF1001), and its full
    description from its short one.

Usage: check-sarif-github.py LOG...; prints "github-ready: LOG (N results)"
or the first problem, and exits with 1.
"""
import json
import re
import sys

LINK = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\((\d+)\)")


def regions(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("region", "deletedRegion"):
                yield item
            else:
                yield from regions(item)
    elif isinstance(value, list):
        for item in value:
            yield from regions(item)


def check(log):
    run = log["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        if rule.get("name", rule["id"]) == rule["id"]:
            return f"rule {rule['id']}: its name is its id"
        if rule["fullDescription"]["text"] == rule["shortDescription"]["text"]:
            return f"rule {rule['id']}: full description = short description"
    for index, result in enumerate(run.get("results", [])):
        related = result.get("relatedLocations", [])
        ids = [r["id"] for r in related]
        linked = [int(m.group(2)) for m in LINK.finditer(result["message"]["text"])]
        if sorted(linked) != sorted(ids):
            return f"result {index}: links {linked} but related locations {ids}"
        if related:
            flows = result.get("codeFlows", [])
            if len(flows) != 1 or len(flows[0]["threadFlows"]) != 1:
                return f"result {index}: not one code flow with one thread flow"
            steps = [s["location"]["physicalLocation"]
                     for s in flows[0]["threadFlows"][0]["locations"]]
            wanted = [result["locations"][0]["physicalLocation"]] + [
                r["physicalLocation"] for r in related]
            if steps != wanted:
                return f"result {index}: the thread flow is not the result then its notes"
    for region in regions(log):
        if "endLine" not in region or "endColumn" not in region:
            return f"a region without an end: {region}"
        if (region["endLine"], region["endColumn"]) < (region["startLine"], region["startColumn"]):
            return f"a region that ends before it starts: {region}"
    return None


def main() -> int:
    status = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
        problem = check(log)
        if problem:
            print(f"not github-ready: {path}: {problem}")
            status = 1
        else:
            results = len(log["runs"][0].get("results", []))
            print(f"github-ready: {path} ({results} results)")
    return status


if __name__ == "__main__":
    sys.exit(main())
