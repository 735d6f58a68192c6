#!/usr/bin/env python3
"""Functional tests of notes-service: what each route answers.

  functional_test.py --service build/notes-service [--workdir DIR]

Starts the service (loopback, a free port, a database file in --workdir),
checks every route, restarts it to check that notes survive, and checks
the rate limiter on a second instance. Exit 0 when every test passed.
prove.py runs it on the service before and after `leakguard scan --fix`:
the fixes must not change what the service does.
"""

import argparse
import http.server
import json
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive import Client, start_service, stop_service  # noqa: E402

TESTS = []


def test(f):
    TESTS.append(f)
    return f


class Webhook:
    """A loopback HTTP server that records the events posted to it."""

    def __init__(self):
        events = self.events = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", 0))
                events.append((self.headers.get("Content-Type"),
                               json.loads(self.rfile.read(n))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                      Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Ctx:
    def __init__(self, client, webhook):
        self.c = client
        self.webhook = webhook
        self.token = None

    def req(self, method, path, body=None, token=None):
        return self.c.request(method, path, body=body, token=token)

    def json(self, method, path, status, body=None, token=None):
        got, data = self.req(method, path, body, token)
        check(got == status, f"{method} {path}: {got} {data[:200]!r}, "
                             f"expected {status}")
        return json.loads(data) if data.strip() else None

    def notes(self, limit=500):
        return self.json("GET", f"/notes?limit={limit}", 200,
                         token=self.token)["notes"]


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)


def wait_for(pred, seconds, what):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.05)
    raise Failed(what)


@test
def healthz(t):
    check(t.req("GET", "/healthz") == (200, b"ok\n"), "GET /healthz")


@test
def startup_webhook(t):
    wait_for(lambda: t.webhook.events, 3, "no 'started' event")
    check(t.webhook.events[0] == ("application/json", {"event": "started"}),
          f"start event: {t.webhook.events[0]}")


@test
def sessions(t):
    t.json("POST", "/sessions?user=bad%20name", 400)
    t.json("POST", "/sessions", 400)
    t.token = t.json("POST", "/sessions?user=alice", 201)["token"]
    check(len(t.token) == 32, f"token {t.token!r}")
    t.json("GET", "/notes", 401)
    t.json("GET", "/notes", 401, token="0" * 32)
    other = t.json("POST", "/sessions?user=bob", 201)["token"]
    t.json("GET", "/notes", 200, token=other)
    t.json("DELETE", "/sessions", 204, token=other)
    t.json("DELETE", "/sessions", 401, token=other)
    t.json("GET", "/notes", 401, token=other)


@test
def remembered_session(t):
    tok = t.json("POST", "/sessions?user=carol&remember=1", 201)["token"]
    t.json("GET", "/notes", 200, token=tok)
    t.json("DELETE", "/sessions", 204, token=tok)
    t.json("GET", "/notes", 401, token=tok)


@test
def notes(t):
    t.json("POST", "/notes", 400, body="", token=t.token)
    t.json("POST", "/notes", 413, body="x" * 4097, token=t.token)
    t.json("POST", "/notes", 202, body="first", token=t.token)
    t.json("POST", "/notes", 202, body='second "quoted"\n', token=t.token)
    got = t.notes(2)
    check([n["body"] for n in got] == ['second "quoted"\n', "first"],
          f"GET /notes: {got}")
    check(all(n["queued"] and n["id"] is None for n in got), "queued notes")
    t.json("GET", "/notes?limit=0", 400, token=t.token)
    t.json("GET", "/notes?limit=501", 400, token=t.token)
    t.json("GET", "/notes?limit=x", 400, token=t.token)


@test
def flush(t):
    t.json("POST", "/admin/flush", 200)
    got = t.notes(2)
    check(all(not n["queued"] and n["id"] for n in got),
          f"after flush: {got}")


@test
def import_notes(t):
    before = len(t.notes())
    r = t.json("POST", "/notes/import", 200, token=t.token,
               body="1700000000\timported one\n\n1700000100\timported two\n")
    check(r == {"imported": 2}, f"import: {r}")
    for bad in ("1700000000\tok\nnot-a-time\tx\n", "1700000000\n",
                "1700000000\t\n", "\tno time\n",
                "99999999999999999999999\tx\n"):
        r = t.json("POST", "/notes/import", 400, token=t.token, body=bad)
        check("error" in r, f"bad import {bad!r}: {r}")
    after = t.notes()
    check(len(after) == before + 2, "a rejected import queued notes")
    t.json("POST", "/notes/import", 401, body="1\tx\n")


@test
def export_notes(t):
    t.json("POST", "/admin/flush", 200)
    status, data = t.req("GET", "/notes/export", token=t.token)
    check(status == 200, f"export: {status}")
    lines = data.decode().splitlines()
    # In the order the notes were stored (a body's newline stays as it is).
    check(len(lines) == 5 and lines[0].endswith("\tfirst") and
          lines[1].endswith('\tsecond "quoted"') and lines[2] == "" and
          lines[3:] == ["1700000000\timported one",
                        "1700000100\timported two"], f"export: {lines}")
    t.json("GET", "/notes/export", 401)


@test
def reminders(t):
    t.json("POST", "/reminders?in=0&locale=de", 202, body="call mom",
           token=t.token)
    t.json("POST", "/reminders?in=3600", 202, body="later", token=t.token)
    t.json("POST", "/reminders?in=-1", 400, body="x", token=t.token)
    t.json("POST", "/reminders?in=604801", 400, body="x", token=t.token)
    t.json("POST", "/reminders", 400, body="x", token=t.token)
    t.json("POST", "/reminders?in=1&locale=xx", 400, body="x", token=t.token)
    t.json("POST", "/reminders?in=1", 400, body="", token=t.token)
    wait_for(lambda: any(n["body"].startswith("[de] reminder: call mom\n")
                         for n in t.notes(5)), 3, "the reminder did not come")
    stats = t.json("GET", "/stats", 200)
    check(stats["pending_reminders"] == 1, f"stats: {stats}")


@test
def webhook_test_event(t):
    t.json("POST", "/hooks/test", 200)
    check(t.webhook.events[-1] == ("application/json", {"event": "test"}),
          f"test event: {t.webhook.events[-1]}")
    t.webhook.close()
    r = t.json("POST", "/hooks/test", 502)
    check(r == {"error": "webhook delivery failed"}, f"hook down: {r}")


@test
def stats(t):
    s = t.json("GET", "/stats", 200)
    for route in ("POST /sessions", "GET /notes", "POST /notes/import",
                  "GET /notes/export", "POST /reminders", "POST /hooks/test"):
        check(s["routes"].get(route, {}).get("requests", 0) > 0,
              f"stats: no {route}")
    check(s["sessions"] == 1 and s["rejected"] == 0, f"stats: {s}")


def run(service, workdir):
    failures = []
    db = os.path.join(workdir, "notes.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    webhook = Webhook()
    env = {"NOTES_RATE_LIMIT": "1000:1000", "NOTES_WEBHOOK_URL": webhook.url}
    proc, port, err = start_service(service, workdir, "functional", env,
                                    database=db)
    t = Ctx(Client(port, 5.0), webhook)
    try:
        for f in TESTS:
            try:
                f(t)
                print(f"PASS {f.__name__}")
            except (Failed, OSError) as e:
                print(f"FAIL {f.__name__}: {e}")
                failures.append(f.__name__)
    finally:
        t.c.close()
        code = stop_service(proc, grace=10)
        webhook.close()
    # Exit 23: LeakSanitizer found leaks, which drive.py measures; here
    # only the behaviour counts.
    name = "shutdown"
    if code not in (0, 23):
        print(f"FAIL {name}: exit {code} (see {err})")
        failures.append(name)
    else:
        print(f"PASS {name}")

    # The queued notes were flushed at shutdown: a new instance has them.
    name = "persistence"
    proc, port, err = start_service(service, workdir, "functional-2",
                                    {"NOTES_RATE_LIMIT": "1000:1000"},
                                    database=db)
    c = Client(port, 5.0)
    try:
        tok = json.loads(c.request("POST", "/sessions?user=alice")[1])["token"]
        _, data = c.request("GET", "/notes?limit=500", token=tok)
        bodies = [n["body"] for n in json.loads(data)["notes"]]
        check("first" in bodies and "imported two" in bodies,
              f"after restart: {bodies}")
        check(all(not n["queued"] for n in json.loads(data)["notes"]),
              "after restart: queued notes")
        print(f"PASS {name}")
    except (Failed, OSError, KeyError, ValueError) as e:
        print(f"FAIL {name}: {e}")
        failures.append(name)
    finally:
        c.close()
        stop_service(proc, grace=10)

    # The rate limiter (defaults: 10/s, burst 20) answers 429 with a
    # Retry-After header. Only the first 429 is checked: before the fix of
    # leak-manual-lock the service hangs from the next request on (that is
    # drive.py's "lock" route), and it cannot stop, so it is killed.
    name = "rate_limit"
    proc, port, err = start_service(service, workdir, "functional-3", {})
    c = Client(port, 5.0)
    try:
        statuses = []
        for _ in range(40):
            status, _ = c.request("GET", "/stats")
            statuses.append(status)
            if status == 429:
                break
        check(statuses.count(200) >= 20 and statuses[-1] == 429,
              f"rate limit: {statuses}")
        check(c.headers.get("Retry-After", "").isdigit(),
              f"429 without Retry-After: {c.headers}")
        print(f"PASS {name}")
    except (Failed, OSError) as e:
        print(f"FAIL {name}: {e}")
        failures.append(name)
    finally:
        c.close()
        stop_service(proc, grace=3)

    print(f"functional tests: {len(TESTS) + 3 - len(failures)} passed, "
          f"{len(failures)} failed")
    return 1 if failures else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--service", required=True)
    ap.add_argument("--workdir")
    args = ap.parse_args(argv)
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
        return run(args.service, args.workdir)
    with tempfile.TemporaryDirectory() as d:
        return run(args.service, d)


if __name__ == "__main__":
    sys.exit(main())
