"""Concurrent writers through the real web app: gunicorn on PostgreSQL, N client threads
(default 20) each logging in through the login form, then creating cases (/cases/new/) and
editing them (/cases/<id>/edit/ with the version field) for a while (default 120 s).

Prints throughput, latency percentiles, errors, and checks in the database that every case a
client was told was created exists and that every acknowledged edit is there (no lost write).
The lower bound is the same writes done by the same number of threads directly through the
service layer (create_case/update_case, no HTTP, no forms, no template).

    .venv/bin/python bench/load.py --cases 1000000 --reuse [--clients 20 --duration 120]
"""

from __future__ import annotations

import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
RUN = f"{int(time.time()):x}"  # marks this run's cases


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    created: dict[int, str] = field(default_factory=dict)  # case id -> last acknowledged title
    edits: dict[int, int] = field(default_factory=dict)  # case id -> acknowledged edits
    stale: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors += 1
            if len(self.error_samples) < 10:
                self.error_samples.append(text)


class Browser:
    """One client: a keep-alive connection and its cookies."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None):  # type: ignore[no-untyped-def]
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.stats.error(f"{method} {path}: {exc!r}")
            return None, "", ""
        elapsed = (time.perf_counter() - start) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        with self.stats.lock:
            self.stats.requests += 1
            self.stats.latencies.append(elapsed)
        if response.status >= 400:
            self.stats.error(f"{method} {path}: HTTP {response.status}")
        return response.status, response.headers.get("Location", ""), text

    def token(self, text: str) -> str:
        found = CSRF.search(text)
        return found[1] if found else self.cookies.get("csrftoken", "")


def client_loop(
    n: int, username: str, province: str, port: int, deadline: float, stats: Stats
) -> None:
    rng = random.Random(n)
    b = Browser(port, stats)
    status, _, page = b.request("GET", "/accounts/login/")
    status, location, _ = b.request(
        "POST",
        "/accounts/login/",
        [("username", username), ("password", common.PASSWORD), ("csrfmiddlewaretoken",
                                                                   b.token(page))],
    )  # fmt: skip
    if status != 302:
        stats.error(f"login {username}: HTTP {status}")
        return
    mine: list[int] = []
    titles: dict[int, str] = {}
    serial = 0
    while time.monotonic() < deadline:
        serial += 1
        title = f"LOAD {RUN} {username} {n}-{serial}"
        if not mine or rng.random() < 0.34:
            status, _, page = b.request("GET", "/cases/new/")
            if status != 200:
                continue
            status, location, _ = b.request("POST", "/cases/new/", [
                ("csrfmiddlewaretoken", b.token(page)), ("title", title),
                ("source", "hotline_117"), ("reported_on", "2025-01-15"),
                ("registered_in_province", province), ("exploitation_types", "ForcedLabour"),
                ("sensitivity", "standard"), ("narrative", f"Load test {title}"),
            ])  # fmt: skip
            found = re.search(r"/cases/(\d+)/$", location or "")
            if status == 302 and found:
                case_id = int(found[1])
                mine.append(case_id)
                titles[case_id] = title
                with stats.lock:
                    stats.created[case_id] = title
                    stats.edits.setdefault(case_id, 0)
            elif status is not None and status < 400:
                stats.error(f"create refused: HTTP {status}")
        else:
            case_id = rng.choice(mine)
            status, _, page = b.request("GET", f"/cases/{case_id}/edit/")
            version = VERSION.search(page or "")
            if status != 200 or not version:
                if status == 200:
                    stats.error(f"edit form of case {case_id} without a version")
                continue
            status, location, _text = b.request("POST", f"/cases/{case_id}/edit/", [
                ("csrfmiddlewaretoken", b.token(page)), ("title", title),
                ("source", "hotline_117"), ("reported_on", "2025-01-15"),
                ("exploitation_types", "ForcedLabour"), ("sensitivity", "standard"),
                ("narrative", f"Load test {title}"), ("version", version[1]),
            ])  # fmt: skip
            if status == 302:
                titles[case_id] = title
                with stats.lock:
                    stats.created[case_id] = title
                    stats.edits[case_id] += 1
            elif status == 200:
                with stats.lock:
                    stats.stale += 1  # refused as stale: not acknowledged, so not a lost write
            # errors are counted by Browser.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str], workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server_env = dict(env, TIPNET_ENFORCE_2FA="0", TIPNET_LOCKOUT="0")
    process = subprocess.Popen(  # noqa: S603
        [str(common.BIN / "gunicorn"), "tipnet.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=server_env, cwd=common.ROOT,
    )  # fmt: skip
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not open its port")


def direct_lower_bound(clients: int, seconds: float, users: list[tuple[str, str]]) -> float:
    """Writes per second of the same create/edit mix straight through the service layer."""
    from datetime import date

    from django.db import connection
    from django.test import RequestFactory

    from tipnet.accounts.models import User
    from tipnet.cases.models import Case
    from tipnet.cases.services import create_case, update_case
    from tipnet.geo.models import Area

    done = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(n: int, username: str, province: str) -> None:
        rng = random.Random(1000 + n)
        user = User.objects.get(username=username)
        place = Area.objects.get(code=province)
        request = RequestFactory().post("/bench/")
        request.user = user
        mine: list[Case] = []
        count = 0
        while time.monotonic() < deadline:
            data = {"title": f"DIRECT {username} {n}-{count}", "source": "hotline_117",
                    "reported_on": date(2025, 1, 15), "exploitation_types": ["ForcedLabour"],
                    "sensitivity": "standard", "narrative": "direct"}  # fmt: skip
            if not mine or rng.random() < 0.34:
                mine.append(create_case(request, data, place))
            else:
                i = rng.randrange(len(mine))
                mine[i] = update_case(request, mine[i], data, mine[i].version)
            count += 1
        with lock:
            done[0] += count
        connection.close()

    threads = [
        threading.Thread(target=work, args=(i, *users[i % len(users)])) for i in range(clients)
    ]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0] / (time.monotonic() - start)


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--duration", type=float, default=120.0, help="seconds of load")
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = p.parse_args()
    env = common.setup(args)
    from tipnet.accounts.models import User
    from tipnet.cases.models import Case

    police = list(
        User.objects.filter(is_synthetic=True, username__regex=r"^synth_\d\d_police\d$")
        .order_by("username")
        .values_list("username", "jurisdiction_id")
    )
    if not police:
        raise SystemExit("no synthetic police users: run synth first")
    users = [(u, j) for u, j in police]
    cases_before = Case.objects.count()
    server, port = start_gunicorn(env, args.workers)
    stats = Stats()
    try:
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(
                target=client_loop, args=(i, *users[i % len(users)], port, deadline, stats)
            )
            for i in range(args.clients)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Every acknowledged write must be in the database.
    found = dict(Case.objects.filter(pk__in=list(stats.created)).values_list("pk", "title"))
    versions = dict(Case.objects.filter(pk__in=list(stats.created)).values_list("pk", "version"))
    missing = [pk for pk in stats.created if pk not in found]
    lost_edits = [pk for pk, title in stats.created.items() if found.get(pk) != title]
    wrong_versions = [
        pk for pk, n in stats.edits.items() if pk in versions and versions[pk] != 1 + n
    ]
    # Creations the server made but never acknowledged (a client error after the commit).
    unacknowledged = (
        Case.objects.filter(title__startswith=f"LOAD {RUN} ").exclude(pk__in=list(found)).count()
    )
    lost = len(missing) + len(lost_edits) + len(wrong_versions)
    writes = len(stats.created) + sum(stats.edits.values())
    lat = stats.latencies or [0.0]
    direct = direct_lower_bound(args.clients, min(args.duration, 30.0), users)
    rows = [
        common.Row("write throughput (acknowledged creates+edits)", writes / elapsed, direct,
                   "writes/s", "", None),
        common.Row("request throughput", stats.requests / elapsed, None, "req/s", "", None),
        common.Row("latency p50 (all requests)", common.pct(lat, 50), None, "ms", "", None),
        common.Row("latency p99 (all requests)", common.pct(lat, 99), None, "ms", "", None),
        common.Row("errors", stats.errors, None, "", "0", stats.errors == 0),
        common.Row("lost writes", lost, None, "", "0", lost == 0),
    ]  # fmt: skip
    notes = [
        f"{args.clients} clients, {elapsed:.0f} s, gunicorn --workers {args.workers}; "
        f"{len(stats.created)} cases created, {sum(stats.edits.values())} edits acknowledged, "
        f"{stats.stale} edits refused as stale; {unacknowledged} unacknowledged creations in "
        f"the database (cases before: {cases_before}).",
        "lower bound of the write throughput: the same mix through the service layer, "
        "same number of threads, no HTTP.",
        *stats.error_samples,
    ]
    if missing or lost_edits or wrong_versions:
        notes.append(f"missing {missing[:5]}, lost edits {lost_edits[:5]}, "
                     f"versions {wrong_versions[:5]}")  # fmt: skip
    status = common.report("Concurrent writers through gunicorn", rows, args, notes)
    return 1 if (stats.errors or lost) else status


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
