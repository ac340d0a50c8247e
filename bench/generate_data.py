"""Fill a database with generated meetings, people and quotes (a raw bulk loader, see bench/generate.py).

    .venv/bin/python bench/generate_data.py --database-url sqlite:////tmp/bench.sqlite3
    .venv/bin/python bench/generate_data.py --database-url postgres://postgres@127.0.0.1:5432/diplomacy_bench

Migrate the database first (``manage.py migrate`` with the same DATABASE_URL). The defaults give
100,000 meetings, 20,000 people, 300,000 participations and 500,000 quotes; the same seed gives the
same data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--database-url", default="", help="the database to fill (default: DATABASE_URL, else the settings')"
    )
    ap.add_argument("--meetings", type=int, default=100_000)
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--participations", type=int, default=300_000)
    ap.add_argument("--quotes", type=int, default=500_000)
    ap.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
    ap.add_argument("--years", type=int, default=20, help="meetings spread over this many years to today")
    ap.add_argument("--batch", type=int, default=5000, help="meetings generated and written per transaction")
    args = ap.parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()
    from bench.generate import data_generate

    started = time.monotonic()

    def progress(counts: dict[str, int]) -> None:
        print(
            f"  {counts['meetings']}/{args.meetings} meetings, {counts['participations']} participations, "
            f"{counts['quotes']} quotes ({time.monotonic() - started:.1f}s)",
            flush=True,
        )

    try:
        counts = data_generate(
            meetings=args.meetings,
            people=args.people,
            participations=args.participations,
            quotes=args.quotes,
            seed=args.seed,
            years=args.years,
            batch=args.batch,
            progress=progress,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
    print(f"generated {summary} in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
