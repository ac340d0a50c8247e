#!/usr/bin/env python
"""A bounded soak test: gunicorn on 127.0.0.1 under a few concurrent clients for a few minutes.

    .venv/bin/python bench/soak.py --database-url sqlite:////tmp/soak/soak.sqlite3 --duration 180

Fill the database first (``manage.py migrate`` then ``bench/generate_data.py --meetings 5000 --people
1000 --participations 15000 --quotes 25000``). The script starts gunicorn with the production
settings (DJANGO_DEBUG=false, behind a proxy: every request carries X-Forwarded-Proto: https), runs
``--clients`` threads that mix list, search, detail and export requests until ``--duration`` is
over, samples the RSS of the gunicorn master and workers from /proc every ``--sample`` seconds,
then stops gunicorn and prints the figures. With ``--ingest FOLDER`` a ``manage.py ingest`` of the
first ``--ingest-files`` article files of FOLDER runs against the same database from
``--ingest-after`` seconds on, and the latencies are also given for the requests made while it ran
and for the others. It exits 1 on any 5xx or connection error, or when the
workers' memory grew by more than ``--max-growth`` MB between the first sample after the warm-up
and the end. Only 127.0.0.1 is ever contacted. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

COUNTRIES = ["CN", "FR", "US", "DE", "GB", "IN", "JP", "RU", "BR", "ZA", "TR", "SA"]
TOPICS = ["trade-investment", "energy", "security-defense", "civil-nuclear", "climate-environment"]
WORDS = ["minister", "trade", "security", "cooperation", "Beijing", "Paris", "energy", "peace"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def ids(database_url: str) -> tuple[list[int], list[int]]:
    """Meeting and person ids to request, read through Django from the soak database."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from meetings.models import Meeting, Person

    meetings = list(Meeting.objects.values_list("pk", flat=True))
    people = list(Person.objects.values_list("pk", flat=True))
    if not meetings:
        sys.exit("the database has no meetings: run bench/generate_data.py first")
    from django.db import connections

    connections.close_all()
    return meetings, people


def request_mix(meetings: list[int], people: list[int]):
    """One request: (kind, path). Weights: lists 35%, search 25%, details 30%, exports 10%."""
    rnd = random.Random()

    def pick():
        r = rnd.random()
        if r < 0.35:
            query = {}
            if rnd.random() < 0.6:
                query["country"] = rnd.choice(COUNTRIES)
            if rnd.random() < 0.4:
                query["topic"] = rnd.choice(TOPICS)
            if rnd.random() < 0.3:
                query["page"] = rnd.randint(1, 40)
            if rnd.random() < 0.2:
                query["date_from"] = f"{rnd.randint(2008, 2025)}-01-01"
            return "list", "/?" + urlencode(query)
        if r < 0.60:
            q = rnd.choice(WORDS)
            if rnd.random() < 0.5:
                return "search", "/?" + urlencode({"q": q})
            return "search", "/quotes/?" + urlencode({"q": q, "page": rnd.randint(1, 3)})
        if r < 0.90:
            roll = rnd.random()
            if roll < 0.5:
                return "detail", f"/meetings/{rnd.choice(meetings)}/"
            if roll < 0.8 and people:
                return "detail", f"/people/{rnd.choice(people)}/"
            if roll < 0.9:
                return "detail", f"/countries/{rnd.choice(COUNTRIES)}/"
            return "detail", f"/topics/{rnd.choice(TOPICS)}/"
        fmt = rnd.choice(["csv", "json"])
        if rnd.random() < 0.5:
            query = {"country": rnd.choice(COUNTRIES), "format": fmt}
            return "export", "/?" + urlencode(query)
        return "export", "/quotes/?" + urlencode({"q": rnd.choice(WORDS), "format": fmt})

    return pick


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.timed: list[tuple[float, float]] = []  # (when it finished, seconds) of every request
        self.errors: Counter[str] = Counter()
        self.server_errors: list[str] = []
        self.bytes = 0


def client(port: int, pick, until: float, results: Results) -> None:
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Connection": "keep-alive"}
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    while time.monotonic() < until:
        kind, path = pick()
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            with results.lock:
                results.errors[type(exc).__name__] += 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            continue
        elapsed = time.perf_counter() - started
        with results.lock:
            results.statuses[response.status] += 1
            results.latency[kind].append(elapsed)
            results.timed.append((time.monotonic(), elapsed))
            results.bytes += len(body)
            if response.status >= 500:
                results.server_errors.append(f"{response.status} {path}")
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.close()


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return sorted(set(found))


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not answer in time")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else 0.0


class Ingest:
    """``manage.py ingest`` of some article files, started a while into the soak."""

    def __init__(self, args, env: dict, started: float) -> None:
        files = sorted(p for p in args.ingest.rglob("*.txt") if p.is_file())[: args.ingest_files]
        if not files:
            sys.exit(f"no .txt article in {args.ingest}")
        self.files, self.env, self.at = files, env, started + args.ingest_after
        self.process: subprocess.Popen | None = None
        self.began = self.ended = 0.0
        self.returncode: int | None = None
        self.output = ""

    def poll(self) -> None:
        if self.process is None and time.monotonic() >= self.at:
            self.began = time.monotonic()
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "ingest", *map(str, self.files)],
                cwd=BASE_DIR,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        elif self.process is not None and self.returncode is None and self.process.poll() is not None:
            self.ended, self.returncode = time.monotonic(), self.process.returncode
            self.output = self.process.stdout.read()

    def finish(self) -> None:
        if self.process is not None and self.returncode is None:
            self.output = self.process.communicate(timeout=900)[0]
            self.ended, self.returncode = time.monotonic(), self.process.returncode

    def report(self, results: Results) -> None:
        if self.process is None:
            print("ingest: never started (the soak was shorter than --ingest-after)")
            return
        summary = next(
            (ln for ln in self.output.splitlines() if ln.startswith("ingested ")), self.output[-300:]
        )
        print(
            f"\ningest of {len(self.files)} files: exit {self.returncode}, {self.ended - self.began:.0f}s: {summary}"
        )
        during = [s for t, s in results.timed if self.began <= t <= self.ended]
        outside = [s for t, s in results.timed if not self.began <= t <= self.ended]
        for label, values in (("while ingesting", during), ("otherwise", outside)):
            if values:
                print(
                    f"  {label:16} {len(values):6d} requests, p50 {statistics.median(values) * 1000:5.0f} ms, "
                    f"p95 {percentile(values, 95) * 1000:5.0f} ms, max {max(values) * 1000:5.0f} ms"
                )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), required=False)
    ap.add_argument("--duration", type=float, default=180, help="seconds of load (at most 900)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent client threads (at most 32)")
    ap.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    ap.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    ap.add_argument("--warmup", type=float, default=20, help="seconds before the memory baseline")
    ap.add_argument("--sample", type=float, default=5, help="seconds between RSS samples")
    ap.add_argument("--max-growth", type=float, default=30, help="MB of worker RSS growth allowed")
    ap.add_argument("--ingest", type=Path, help="a folder of articles to ingest during the soak")
    ap.add_argument("--ingest-files", type=int, default=100, help="how many of its files")
    ap.add_argument("--ingest-after", type=float, default=10, help="seconds into the soak")
    args = ap.parse_args()
    if not args.database_url:
        sys.exit(
            "--database-url (or DATABASE_URL) is required: a scratch database filled by bench/generate_data.py"
        )
    duration = min(args.duration, 900)
    clients = max(1, min(args.clients, 32))

    meetings, people = ids(args.database_url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_BEHIND_PROXY": "true",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "diplomacy.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        "--timeout=60",
        "--log-level=warning",
    ]
    print(f"gunicorn: {' '.join(command[1:])}")
    print(f"database: {args.database_url} ({len(meetings)} meetings, {len(people)} people)")
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env)
    samples: list[tuple[float, int, list[int]]] = []
    ingest = None
    try:
        wait_ready(port, server)
        results = Results()
        started = time.monotonic()
        until = started + duration
        pick = request_mix(meetings, people)
        threads = [
            threading.Thread(target=client, args=(port, pick, until, results), daemon=True)
            for _ in range(clients)
        ]
        for thread in threads:
            thread.start()
        ingest = Ingest(args, env, started) if args.ingest else None
        while any(t.is_alive() for t in threads):
            if ingest:
                ingest.poll()
            workers = children(server.pid)
            samples.append((time.monotonic() - started, rss_kb(server.pid), [rss_kb(w) for w in workers]))
            time.sleep(args.sample)
        elapsed = time.monotonic() - started
    finally:
        if ingest:
            ingest.finish()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    total = sum(results.statuses.values())
    print(
        f"\n{clients} clients, {elapsed:.0f}s: {total} requests, {total / elapsed:.1f} req/s, "
        f"{results.bytes / 1e6:.1f} MB received"
    )
    print("status codes: " + ", ".join(f"{code}: {n}" for code, n in sorted(results.statuses.items())))
    print(
        f"5xx: {len(results.server_errors)}; connection errors: {sum(results.errors.values())}"
        + (f" {dict(results.errors)}" if results.errors else "")
    )
    for path in results.server_errors[:10]:
        print(f"  {path}")
    print(f"{'kind':8} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind in ("list", "search", "detail", "export"):
        values = results.latency.get(kind, [])
        if values:
            print(
                f"{kind:8} {len(values):7d} {statistics.median(values) * 1000:8.0f} "
                f"{percentile(values, 95) * 1000:8.0f} {percentile(values, 99) * 1000:8.0f} "
                f"{max(values) * 1000:8.0f}"
            )

    if ingest:
        ingest.report(results)
    print("\nRSS (MB): t, master, workers (each), workers total")
    for t, master, workers in samples[:: max(1, len(samples) // 12)] + samples[-1:]:
        print(
            f"  {t:5.0f}s  {master / 1024:6.1f}  {' '.join(f'{w / 1024:6.1f}' for w in workers)}  "
            f"{sum(workers) / 1024:7.1f}"
        )
    after_warmup = [s for s in samples if s[0] >= args.warmup] or samples
    first, last = sum(after_warmup[0][2]) / 1024, sum(after_warmup[-1][2]) / 1024
    peak = max(sum(s[2]) for s in after_warmup) / 1024
    growth = last - first
    print(
        f"workers total after {args.warmup:.0f}s warm-up: {first:.1f} MB -> {last:.1f} MB at the end "
        f"(peak {peak:.1f} MB, growth {growth:+.1f} MB)"
    )

    failed = bool(results.server_errors or results.errors) or growth > args.max_growth
    failed = failed or bool(ingest and ingest.returncode != 0)
    print("FAIL" if failed else "OK: zero 5xx, memory flat")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
