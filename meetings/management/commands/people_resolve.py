"""Tidy the stored people: python manage.py people_resolve [--dry-run].

Merges the records of one person (by the identity policy of ingestion), repairs garbled names and
removes records of names that are no person's ("QUESTION", "Easter"); prints what it did."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from meetings.services.corrections import people_tidy


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Merge duplicate people, repair garbled names, remove non-persons (the policy of ingestion)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")

    def handle(self, *args, dry_run: bool, **options):
        try:
            with transaction.atomic():
                report = people_tidy()
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        for merged, into in report.merged:
            self.stdout.write(f"  merged: {merged} -> {into}")
        for before, after in report.names_repaired:
            self.stdout.write(f"  name repaired: {before} -> {after}")
        for name in report.non_persons_removed:
            self.stdout.write(f"  not a person, removed: {name}")
        for name in report.non_persons_kept:
            self.stdout.write(f"  not a person, but edited by staff (left for them): {name}")
        self.stdout.write(
            f"{'would change' if dry_run else 'people'}: {report.people_before} -> {report.people_after} "
            f"({len(report.merged)} merged, {len(report.names_repaired)} names repaired, "
            f"{len(report.non_persons_removed)} non-persons removed)"
        )
