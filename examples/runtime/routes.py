"""The routes of notes-service that drive.py loads, one per leak family.

Each route names the measure its leak shows in (`leak_in`) and how
prove.py fixes it for the "after" run:

  manual = []            `leakguard scan --fix` fixes it alone
  manual = ["x.patch"]   patches/x.patch is applied first (the documented
                         manual change for a finding without an automatic
                         fix), then
                         `leakguard scan --fix` does the rest

When a check lands whose fix makes a route flat, its line below becomes
`manual=[]`, and the patch file can go.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Route:
    name: str  # scenario name, used on the command line and in the table
    route: str  # what is requested
    check: str  # the check that finds the leak ("" for the control route)
    leak_in: str  # "rss", "fds", "threads", "lsan" or "unanswered" ("" : none)
    warmup: int  # requests before the first sample
    manual: list = field(default_factory=list)
    why_manual: str = ""
    scale: int = 1  # measured requests: drive.py's --requests times this
    # Resident memory growth per 1,000 requests still called flat after the
    # fix (allocator noise, and what a request legitimately keeps).
    flat_rss_kib: int = 200
    flat_why: str = ""
    # Growth per 1,000 requests that counts as the leak, for leak_in "rss".
    leak_rss_kib: int = 300


ROUTES = [
    Route("control", "GET /notes", "", "", warmup=200),
    # The warm-up goes to /healthz, which the rate limiter lets through.
    Route("lock", "GET /stats (over the rate limit)", "leak-manual-lock",
          "unanswered", warmup=200, flat_rss_kib=1024,
          flat_why="the warm-up cannot reach /stats or the 429 answer (it "
                   "would set the leak off), so their first use allocates "
                   "about 0.4 MiB once"),
    # warmup > 10000: the fix bounds the cache at 10000 entries (LRU), so
    # the measured requests run with the cache already full.
    # About 0.25 KiB per new user name: measured over 5 times the requests
    # to stand clear of the allocator's noise.
    Route("cache", "POST+DELETE /sessions (new user)", "leak-unbounded-cache",
          "rss", warmup=10200, scale=5, leak_rss_kib=150, flat_rss_kib=100),
    Route("thread", "POST+DELETE /sessions?remember=1",
          "leak-uncancellable-thread", "threads", warmup=20,
          flat_rss_kib=2048,
          flat_why="LeakSanitizer's runtime keeps 0.4 to 0.9 KiB for every "
                   "thread that ever ran; without it: +5 KiB per 1,000"),
    Route("resource", "POST /hooks/test (webhook down)",
          "leak-unclosed-resource", "lsan", warmup=100),
    Route("raii", "POST /notes/import (bad line)", "leak-missing-raii",
          "lsan", warmup=100),
    Route("cycle", "GET /notes/export", "leak-self-capture-cycle", "lsan",
          warmup=100),
    Route("capture", "POST /reminders?in=3600", "leak-large-capture", "rss",
          warmup=100, flat_rss_kib=512,
          flat_why="a pending reminder still holds its callback, user, "
                   "locale and text: about 0.25 KiB"),
]

BY_NAME = {r.name: r for r in ROUTES}
