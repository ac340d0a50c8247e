"""Export throughput: rows per second of the CSV and JSON exports, in-process, over the whole selection.

    .venv/bin/python bench/exports.py                                  # scratch SQLite, 10,000 meetings
    .venv/bin/python bench/exports.py --database-url sqlite:////tmp/bench.sqlite3 --repeat 3

Without --database-url a scratch SQLite database (--scratch, default /tmp/bench_exports.sqlite3) is
migrated and filled by bench/generate.py with --meetings meetings (and people, participations and
quotes in the proportions of the 100,000 default) the first time, and reused after. Each export is
requested through its view (RequestFactory, DEBUG off so no query log) and its streamed body read
to the end; the script prints, per export, the rows, the best and median seconds of --repeat runs,
rows per second of the best run, and the number of queries. Nothing but this process runs; the
figures depend on the machine's load (give it with `uptime`).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (label, view name, query parameters, format of the body)
EXPORTS = [
    ("meetings CSV", "meetings:meeting_list", {"format": "csv"}, "csv"),
    ("meetings JSON", "meetings:meeting_list", {"format": "json"}, "json"),
    ("participants CSV", "meetings:meeting_list", {"format": "csv", "rows": "participants"}, "csv"),
    ("participants JSON", "meetings:meeting_list", {"format": "json", "rows": "participants"}, "json"),
    ("quotes CSV", "meetings:quote_list", {"format": "csv"}, "csv"),
    ("quotes JSON", "meetings:quote_list", {"format": "json"}, "json"),
]


def fill(meetings: int) -> None:
    from bench.generate import data_generate
    from meetings.models import Meeting

    if Meeting.objects.exists():
        return
    print(f"filling the scratch database with {meetings} meetings ...", flush=True)
    started = time.monotonic()
    data_generate(
        meetings=meetings,
        people=meetings // 5,
        participations=meetings * 3,
        quotes=meetings * 5,
        seed=1,
        years=20,
        batch=5000,
    )
    print(f"filled in {time.monotonic() - started:.1f}s", flush=True)


def count_rows(body: str, fmt: str) -> int:
    if fmt == "json":
        return len(json.loads(body))
    return sum(1 for _ in csv.reader(io.StringIO(body))) - 1


def run(view_name: str, params: dict[str, str]) -> tuple[float, str, int]:
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve, reverse

    path = reverse(view_name)
    request = RequestFactory().get(path, params)
    view = resolve(path).func
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = view(request)
        body = b"".join(response.streaming_content).decode()
        seconds = time.perf_counter() - started
    return seconds, body, len(queries)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--database-url", default="", help="an existing, filled database (default: the scratch one)"
    )
    ap.add_argument("--scratch", default="/tmp/bench_exports.sqlite3", help="the scratch SQLite file")
    ap.add_argument("--meetings", type=int, default=10_000, help="meetings in a new scratch database")
    ap.add_argument("--repeat", type=int, default=3, help="runs per export")
    ap.add_argument("--only", nargs="*", default=[], help="exports whose label starts with one of these")
    args = ap.parse_args()

    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{args.scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if not args.database_url:
        call_command("migrate", verbosity=0)
        fill(args.meetings)
    settings.DEBUG = False  # no query log: it would grow with every row's query and slow the run
    if not hasattr(settings, "ALLOWED_HOSTS") or "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    from meetings.models import Meeting, Participation, Quote

    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}: {Meeting.objects.count()} meetings, "
        f"{Participation.objects.count()} participations, {Quote.objects.count()} quotes"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'export':<18} {'rows':>8} {'best s':>8} {'median s':>9} {'rows/s':>9} {'queries':>8}")
    for label, view_name, params, fmt in EXPORTS:
        if args.only and not any(label.startswith(prefix) for prefix in args.only):
            continue
        times, body, queries = [], "", 0
        for _ in range(args.repeat):
            seconds, body, queries = run(view_name, params)
            times.append(seconds)
        rows = count_rows(body, fmt)
        best = min(times)
        print(
            f"{label:<18} {rows:>8} {best:>8.2f} {statistics.median(times):>9.2f} "
            f"{rows / best:>9.0f} {queries:>8}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
