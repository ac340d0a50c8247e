"""Page latency and throughput under load: gunicorn on 127.0.0.1, loaded by wrk.

    .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/diplomacy_bench
    .venv/bin/python bench/pages.py --database-url sqlite:////tmp/bench.sqlite3

Fill the database first (`manage.py migrate` then `bench/generate_data.py`, 100,000 meetings by
default). For each page the script prints the median and 95th percentile latency and requests per
second measured by wrk (Debian package `wrk`) over a fixed duration with a few connections, and the
number of database queries the page makes (from Django's test client, in-process). wrk repeats one
URL, so after its first requests (two seconds of warm-up, not counted) the page's counts and
rendered regions come from each worker's cache (keyed by the data version); "cold ms" and "cold q"
are the same page on an empty cache, as after a write (in-process, median of three). Everything runs on 127.0.0.1 only; each wrk run is bounded by
--duration; --pages picks pages by the start of their label.

--in-process measures without gunicorn or wrk, with Django's test client in this process: for each
page the median of its cold time (empty cache), its warm time (from the cache) and its first
request after a write (an article ingested through the service, about a meeting none of the pages
is about: two invented ministers of Iceland and Malta), and the queries of each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"p50": %f, "p95": %f, "requests": %d, "seconds": %f, "errors": %d, "non2xx": %d}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests,
    summary.duration / 1e6, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.errors.status))
end
"""


def pages(sample: dict) -> list[tuple[str, str]]:
    """(label, path) of the pages to measure, built from ids found in the database."""
    out = [
        ("meetings, no filter", "/"),
        ("meetings, 1 filter", f"/?country={sample['country']}"),
        (
            "meetings, 3 filters",
            f"/?country={sample['country']}&topic={sample['topic']}&date_from=2015-01-01",
        ),
    ]
    if sample.get("has_quotes_page"):
        out += [
            ("quotes, common word", f"/quotes/?q={sample['common_word']}"),
            ("quotes, rare word", f"/quotes/?q={sample['rare_word']}"),
        ]
    if sample.get("person"):
        out.append(("person page", f"/people/{sample['person']}/"))
    if sample.get("has_country_page"):
        out.append(("country page", f"/countries/{sample['country']}/"))
    out.append(("meeting page", f"/meetings/{sample['meeting']}/"))
    return out


def sample_ids() -> dict:
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from meetings.models import Meeting, Person, Quote

    person = (
        Person.objects.annotate(n=Count("participations")).order_by("-n").values_list("pk", flat=True).first()
    )
    meeting = Meeting.objects.order_by("-date").values_list("pk", flat=True).first()
    words: dict[str, int] = {}
    for text in Quote.objects.order_by("pk").values_list("text", flat=True)[:3000]:
        for word in text.lower().split():
            word = word.strip(".,;:!?\"'()")
            if word.isalpha() and len(word) > 4:
                words[word] = words.get(word, 0) + 1
    ranked = sorted(words, key=words.get)

    def has(name: str, *args) -> bool:
        try:
            reverse(name, args=args)
            return True
        except NoReverseMatch:
            return False

    return {
        "country": "US",
        "topic": "trade-investment",
        "person": person if has("meetings:person_detail", 1) else None,
        "meeting": meeting,
        "common_word": ranked[-1] if ranked else "cooperation",
        "rare_word": ranked[0] if ranked else "corridor",
        "has_quotes_page": has("meetings:quote_list"),
        "has_country_page": has("meetings:country_detail", "US"),
    }


def cold_and_warm(path: str, runs: int = 3) -> tuple[float, int, int]:
    """In-process, with Django's test client: the median time of the page on an empty cache (as
    after a write, which bumps the data version), and its queries on an empty and a warm cache."""
    import statistics

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    times = []
    for _ in range(runs):
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    return statistics.median(times), len(cold.captured_queries), len(warm.captured_queries)


WRITE_TEXT = (
    "Date: 2026-03-{day:02d}\n\nIcelandic Foreign Minister Brynja Tolvsdottir met Maltese Foreign Minister"
    " Karm Vellabrin in Reykjavik on Tuesday to discuss fisheries, note {n}."
    ' "Our seas join us," Tolvsdottir said.'
)


def article_write(n: int) -> None:
    """One new article ingested through the service, as a worker would (its transaction commits,
    so the cache is invalidated the way a real write invalidates it)."""
    from meetings.services.ingest import articles_ingest
    from meetings.services.readers import ArticleInput

    text = WRITE_TEXT.format(day=1 + n % 28, n=n)
    report = articles_ingest(inputs=[ArticleInput(name=f"bench-write-{n}.txt", text=text)])
    assert report.count("ingested") == 1, report.outcomes


def in_process(targets: list[tuple[str, str]], runs: int = 3, warm_runs: int = 10) -> None:
    """Cold, warm and after-a-write times of each page, in this process (see the module's text)."""
    import itertools
    import statistics

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    writes = itertools.count(int(time.time()))
    article_write(next(writes))  # loads the spaCy model once, before anything is timed

    def timed(path: str) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (path, response.status_code)
        return elapsed, len(queries.captured_queries)

    print(
        f"{'page':24} {'cold ms':>8} {'cold q':>7} {'warm ms':>8} {'warm q':>7} {'write ms':>9} {'write q':>8}"
    )
    for label, path in targets:
        cold = []
        for _ in range(runs):
            cache.clear()
            cold.append(timed(path))
        warm = [timed(path) for _ in range(warm_runs)]
        after = []
        for _ in range(runs):
            timed(path)  # cached again
            article_write(next(writes))
            after.append(timed(path))
        print(
            f"{label:24} {statistics.median(t for t, _ in cold):8.1f} {cold[-1][1]:7d}"
            f" {statistics.median(t for t, _ in warm):8.1f} {warm[-1][1]:7d}"
            f" {statistics.median(t for t, _ in after):9.1f} {after[-1][1]:8d}"
        )


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--pages", nargs="+", help="only the pages whose label starts with one of these")
    ap.add_argument("--in-process", action="store_true", help="no server: cold, warm and after-a-write times")
    args = ap.parse_args()
    if not args.in_process and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    env = {
        # Production settings, served over plain HTTP on 127.0.0.1 with a throwaway key.
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    sample = sample_ids()
    targets = pages(sample)
    if args.pages:
        targets = [(label, path) for label, path in targets if label.startswith(tuple(args.pages))]
    if args.in_process:
        print(f"database: {connection.vendor}, in-process; load average: {os.getloadavg()[0]:.2f}")
        in_process(targets)
        print(f"load average: {os.getloadavg()[0]:.2f}")
        return 0
    print(
        f"database: {connection.vendor}; gunicorn {args.workers} workers; wrk {args.connections} connections, {args.duration}s per page"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'queries':>8} {'errors':>7}"
        f" {'cold ms':>8} {'cold q':>7}"
    )

    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "diplomacy.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        wait_until_up(base + "/")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_REPORT)
        for label, path in targets:
            urllib.request.urlopen(base + path, timeout=60).read()
            # Each worker has its own cache: warm them all (two seconds of the same load, not
            # counted), so the figures are the steady state; "cold ms" gives the first request.
            subprocess.run(
                ["wrk", "-t", "2", "-c", str(args.connections), "-d", "2s", "--timeout", "30s", base + path],
                capture_output=True,
                timeout=90,
            )
            run = subprocess.run(
                [
                    "wrk",
                    "-t",
                    "2",
                    "-c",
                    str(args.connections),
                    "-d",
                    f"{args.duration}s",
                    "--timeout",
                    "10s",
                    "-s",
                    script.name,
                    base + path,
                ],
                capture_output=True,
                text=True,
                timeout=args.duration + 60,
            )
            line = next((ln for ln in run.stdout.splitlines() if ln.startswith("{")), None)
            if line is None:
                print(f"{label:24} wrk failed: {run.stderr.strip()[:200]}")
                continue
            stats = json.loads(line)
            rps = stats["requests"] / stats["seconds"] if stats["seconds"] else 0
            cold_ms, cold_queries, warm_queries = cold_and_warm(path)
            print(
                f"{label:24} {stats['p50']:8.1f} {stats['p95']:8.1f} {rps:8.1f} {warm_queries:8d} "
                f"{stats['errors'] + stats['non2xx']:7d} {cold_ms:8.1f} {cold_queries:7d}"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
