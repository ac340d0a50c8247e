"""Fill the database with generated meetings, people and quotes: python manage.py generate_data."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from meetings.generate import data_generate


class Command(BaseCommand):
    help = (
        "Add realistic, clearly synthetic meetings, people, articles and quotes (for load and search tests)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=100_000)
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument("--participations", type=int, default=300_000)
        parser.add_argument("--quotes", type=int, default=500_000)
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
        parser.add_argument(
            "--years", type=int, default=20, help="meetings spread over this many years to today"
        )
        parser.add_argument(
            "--batch", type=int, default=5000, help="meetings generated and written per transaction"
        )

    def handle(self, *args, meetings, people, participations, quotes, seed, years, batch, **options):
        started = time.monotonic()

        def progress(counts: dict[str, int]) -> None:
            elapsed = time.monotonic() - started
            self.stdout.write(
                f"  {counts['meetings']}/{meetings} meetings, {counts['participations']} participations, "
                f"{counts['quotes']} quotes ({elapsed:.1f}s)"
            )

        try:
            counts = data_generate(
                meetings=meetings,
                people=people,
                participations=participations,
                quotes=quotes,
                seed=seed,
                years=years,
                batch=batch,
                progress=progress,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(f"generated {summary} in {elapsed:.1f}s")
