#!/usr/bin/env python3
"""Load driver for notes-service: drives each leak route and measures growth.

For each route (routes.py) it starts its own notes-service on a free
loopback port, sends `warmup` requests, samples the process, sends
--requests more, samples again, then stops the service with SIGTERM and
reads LeakSanitizer's report from its stderr. It prints one row per route:
growth per 1,000 requests of resident memory (KiB), open descriptors
(/proc/<pid>/fd), live threads (/proc/<pid>/task), and the bytes and
allocations LeakSanitizer reports at exit; requests left unanswered; and
how the service ended.

Loopback only, bounded: at most --requests requests after the warm-up per
route, a --timeout per request, and the first unanswered request ends the
route. Build the service with -DNOTES_SANITIZE=leak for the LeakSanitizer
columns (without it they show "-").

  drive.py --service build/notes-service [--requests 1000] [--routes a,b]
           [--json out.json] [--workdir DIR]
"""

import argparse
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from routes import BY_NAME, ROUTES  # noqa: E402

HOST = "127.0.0.1"
FAST_LIMIT = "1000000:1000000"  # requests/s:burst, so only "lock" is limited


@dataclass
class Result:
    route: str
    name: str
    check: str
    requests: int  # measured requests (after the warm-up)
    answered: int
    rss_kib: float  # growth per 1,000 requests
    fds: float
    threads: float
    lsan_bytes: float  # per 1,000 requests, warm-up included
    lsan_objects: float
    lsan: str  # "ok", "leaks", "n/a" (no sanitizer, or killed)
    exit: str  # "clean", "leaks", "killed (hung)", "exit N"
    seconds: float

    @property
    def unanswered(self):
        return self.requests - self.answered


class Stuck(Exception):
    pass


class Client:
    """Keep-alive HTTP/1.1 client; a timeout raises Stuck."""

    def __init__(self, port, timeout):
        self.port = port
        self.timeout = timeout
        self.conn = None
        self.headers = {}  # of the last response

    def request(self, method, path, body=None, token=None):
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + token
        if body is None and method in ("POST", "PUT"):
            body = b""
        if isinstance(body, str):
            body = body.encode()
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    HOST, self.port, timeout=self.timeout)
                self.conn.connect()
                self.conn.sock.setsockopt(socket.IPPROTO_TCP,
                                          socket.TCP_NODELAY, 1)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                self.headers = dict(resp.getheaders())
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                return resp.status, data
            except socket.timeout:
                self.close()
                raise Stuck(f"{method} {path}: no answer in {self.timeout}s")
            except (ConnectionError, http.client.RemoteDisconnected,
                    http.client.CannotSendRequest, BrokenPipeError):
                # The server closed a kept-alive connection: retry once.
                self.close()
                if attempt:
                    raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def expect(status, data, wanted, what):
    if status not in wanted:
        raise RuntimeError(f"{what}: HTTP {status}: {data[:200]!r}")
    return data


def login(client, user, remember=False):
    q = f"/sessions?user={user}" + ("&remember=1" if remember else "")
    data = expect(*client.request("POST", q), (201,), "login")
    return json.loads(data)["token"]


def sample(pid):
    with open(f"/proc/{pid}/status") as f:
        rss = int(re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M).group(1))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    threads = len(os.listdir(f"/proc/{pid}/task"))
    return rss, fds, threads


# One request of each route, as a function (client, i, state) -> None.
def step_control(c, i, st):
    expect(*c.request("GET", "/notes?limit=10", token=st["token"]), (200,),
           "GET /notes")


def step_healthz(c, i, st):
    expect(*c.request("GET", "/healthz"), (200,), "GET /healthz")


def step_lock(c, i, st):
    expect(*c.request("GET", "/stats"), (200, 429), "GET /stats")


def step_cache(c, i, st):
    # A new user name per login, 64 characters, as a crawler or a
    # credential-stuffing client would send.
    user = f"user-{st['run']}-{i:08d}-".ljust(64, "x")
    token = login(c, user)
    expect(*c.request("DELETE", "/sessions", token=token), (204,), "logout")


def step_thread(c, i, st):
    token = login(c, "keeper", remember=True)
    expect(*c.request("DELETE", "/sessions", token=token), (204,), "logout")


def step_resource(c, i, st):
    expect(*c.request("POST", "/hooks/test"), (502,), "POST /hooks/test")


def step_raii(c, i, st):
    expect(*c.request("POST", "/notes/import", body=st["bad_import"],
                      token=st["token"]), (400,), "POST /notes/import")


def step_cycle(c, i, st):
    expect(*c.request("GET", "/notes/export", token=st["token"]), (200,),
           "GET /notes/export")


def step_capture(c, i, st):
    expect(*c.request("POST", "/reminders?in=3600&locale=fr",
                      body=f"reminder {i}", token=st["token"]), (202,),
           "POST /reminders")


STEPS = {
    "control": step_control, "lock": step_lock, "cache": step_cache,
    "thread": step_thread, "resource": step_resource, "raii": step_raii,
    "cycle": step_cycle, "capture": step_capture,
}
# Warm-up requests that differ from the measured ones.
WARMUP_STEPS = {"lock": step_healthz}


def setup(name, client):
    st = {"run": os.getpid()}
    if name in ("control", "raii", "cycle", "capture"):
        st["token"] = login(client, "alice")
        for k in range(20):
            expect(*client.request("POST", "/notes", body=f"note {k} " * 8,
                                   token=st["token"]), (202,), "POST /notes")
        # Written to SQLite now, not by the flusher during the measurement.
        expect(*client.request("POST", "/admin/flush"), (200,), "flush")
    if name == "raii":
        good = "".join(f"{1700000000 + k}\timported note {k} " + "y" * 80 +
                       "\n" for k in range(20))
        st["bad_import"] = good + "yesterday\tthe time is not a number\n"
    return st


def refusing_port():
    """A loopback port that refuses connections: bound, not listening."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((HOST, 0))
    return s


def start_service(binary, workdir, name, env_extra, database=":memory:"):
    env = dict(os.environ)
    env.update(env_extra)
    # LeakSanitizer: report at exit, exit code 23 when it found leaks.
    env.setdefault("LSAN_OPTIONS", "exitcode=23:print_suppressions=0")
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:exitcode=23")
    err_path = os.path.join(workdir, f"{name}.stderr")
    err = open(err_path, "wb")
    proc = subprocess.Popen([binary, "0", database], stdout=subprocess.PIPE,
                            stderr=err, env=env)
    line = proc.stdout.readline().decode()
    m = re.search(r"listening on http://[\d.]+:(\d+)", line)
    if not m:
        proc.kill()
        proc.wait()
        raise RuntimeError(f"{name}: the service did not start: {line!r}, "
                           f"see {err_path}")
    # Keep reading stdout so that the service never blocks on it.
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    return proc, int(m.group(1)), err_path


def stop_service(proc, grace):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


LSAN_SUMMARY = re.compile(
    r"SUMMARY: (?:Leak|Address)Sanitizer: (\d+) byte\(s\) leaked in "
    r"(\d+) allocation\(s\)")


def run_route(binary, name, requests, timeout, workdir, sanitized):
    r = BY_NAME[name]
    requests *= r.scale
    env = {"NOTES_RATE_LIMIT": "10:20" if name == "lock" else FAST_LIMIT}
    hole = None
    if name == "resource":
        hole = refusing_port()
        env["NOTES_WEBHOOK_URL"] = \
            f"http://{HOST}:{hole.getsockname()[1]}/hook"
    t0 = time.monotonic()
    proc, port, err_path = start_service(binary, workdir, name, env)
    client = Client(port, timeout)
    answered = 0
    try:
        st = setup(name, client)
        step = STEPS[name]
        warm = WARMUP_STEPS.get(name, step)
        for i in range(r.warmup):
            warm(client, i, st)
        before = sample(proc.pid)
        try:
            for i in range(r.warmup, r.warmup + requests):
                step(client, i, st)
                answered += 1
        except Stuck:
            pass
        after = sample(proc.pid)
    finally:
        client.close()
        code = stop_service(proc, grace=3 if answered < requests else 10)
        if hole:
            hole.close()
    with open(err_path, errors="replace") as f:
        stderr = f.read()
    m = LSAN_SUMMARY.search(stderr)
    leaked_bytes, leaked_objects = (int(m.group(1)), int(m.group(2))) \
        if m else (0, 0)
    if code is None:
        exit_text, lsan = "killed (hung)", "n/a"
    elif code == 0:
        exit_text, lsan = "clean", "ok" if sanitized else "n/a"
    elif code == 23 and m:
        exit_text, lsan = "leaks", "leaks"
    else:
        exit_text, lsan = f"exit {code}", "n/a"
    per = 1000.0 / requests
    total = r.warmup + requests
    return Result(
        route=r.route, name=name, check=r.check, requests=requests,
        answered=answered,
        rss_kib=(after[0] - before[0]) * per,
        fds=(after[1] - before[1]) * per,
        threads=(after[2] - before[2]) * per,
        lsan_bytes=leaked_bytes * 1000.0 / total,
        lsan_objects=leaked_objects * 1000.0 / total,
        lsan=lsan, exit=exit_text, seconds=time.monotonic() - t0)


def fmt(x, digits=0):
    if x is None:
        return "-"
    return f"{x:+.{digits}f}" if x else "0"


def table(results, title=None):
    cols = ["route", "check", "RSS KiB", "fds", "threads", "LSan bytes",
            "LSan objs", "unanswered", "exit"]
    rows = []
    for r in results:
        lsan_na = r.lsan == "n/a"
        rows.append([
            r.route, r.check or "(none)", fmt(r.rss_kib), fmt(r.fds, 1),
            fmt(r.threads, 1), "-" if lsan_na else fmt(r.lsan_bytes),
            "-" if lsan_na else fmt(r.lsan_objects, 1),
            f"{r.unanswered}/{r.requests}", r.exit])
    widths = [max(len(c), *(len(row[k]) for row in rows))
              for k, c in enumerate(cols)]
    out = []
    if title:
        out.append(title)
    out.append("growth per 1,000 requests (LSan: reported at exit)")
    line = lambda cells: "| " + " | ".join(  # noqa: E731
        c.ljust(w) for c, w in zip(cells, widths)) + " |"
    out.append(line(cols))
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out += [line(row) for row in rows]
    return "\n".join(out)


def is_sanitized(binary):
    with open(binary, "rb") as f:
        return b"__lsan_" in f.read()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--service", required=True, help="notes-service binary")
    ap.add_argument("--requests", type=int, default=1000,
                    help="measured requests per route (default 1000)")
    ap.add_argument("--routes", default=",".join(r.name for r in ROUTES),
                    help="comma-separated route names (default: all)")
    ap.add_argument("--timeout", type=float, default=3.0,
                    help="seconds to wait for one answer (default 3)")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--workdir", default=".",
                    help="where the services' stderr goes (default .)")
    ap.add_argument("--title")
    args = ap.parse_args(argv)
    names = [n for n in args.routes.split(",") if n]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        ap.error(f"unknown routes: {', '.join(unknown)}")
    os.makedirs(args.workdir, exist_ok=True)
    sanitized = is_sanitized(args.service)
    results = []
    for name in names:
        res = run_route(args.service, name, args.requests, args.timeout,
                        args.workdir, sanitized)
        print(f"drive: {name}: {res.answered}/{res.requests} answered, "
              f"{res.exit}, {res.seconds:.1f}s", file=sys.stderr, flush=True)
        results.append(res)
    print(table(results, args.title))
    if args.json:
        with open(args.json, "w") as f:
            json.dump([dict(asdict(r), unanswered=r.unanswered)
                       for r in results], f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
