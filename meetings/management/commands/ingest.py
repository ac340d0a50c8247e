"""Ingest article files and folders: python manage.py ingest PATH [PATH ...]."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.services.ingest import IngestOutcome, IngestReport, articles_ingest
from meetings.services.readers import ArticleReadError, article_file_read, article_paths_expand


class Command(BaseCommand):
    help = "Read articles (files, or the .txt/.md files in folders), extract meetings and store them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--batch-size", type=int, default=16, help="texts per nlp.pipe batch")
        parser.add_argument(
            "--chunk", type=int, default=200, help="articles read and ingested at a time (bounds memory)"
        )

    def handle(self, *args, paths: list[Path], batch_size: int, chunk: int, **options):
        missing = [p for p in paths if not p.exists()]
        for path in missing:
            self.stderr.write(f"not found: {path}")
        files = list(article_paths_expand(p for p in paths if p.exists()))
        if not files and missing:
            raise CommandError("nothing to ingest")
        report = IngestReport(
            outcomes=[IngestOutcome(name=str(p), status="failed", error="not found") for p in missing]
        )
        started = time.monotonic()
        last_print = started
        total = len(files)
        for offset in range(0, total, max(chunk, 1)):
            inputs = []
            for path in files[offset : offset + chunk]:
                try:
                    inputs.append(article_file_read(path))
                except ArticleReadError as exc:
                    report.outcomes.append(IngestOutcome(name=str(path), status="failed", error=exc.reason))

            def progress(done: int, _count: int, base: int = offset) -> None:
                nonlocal last_print
                now = time.monotonic()
                if now - last_print >= 5:
                    last_print = now
                    rate = (base + done) / (now - started)
                    self.stdout.write(f"  {base + done}/{total} files, {rate:.1f} articles/s")

            report.outcomes.extend(
                articles_ingest(inputs=inputs, batch_size=batch_size, progress=progress).outcomes
            )

        elapsed = time.monotonic() - started
        meetings = sum(len(o.meeting_ids) for o in report.outcomes)
        quotes = sum(o.quotes for o in report.outcomes)
        self.stdout.write(
            f"ingested {report.count('ingested')}, duplicates {report.count('duplicate')}, "
            f"failed {report.count('failed')} ({meetings} meetings, {quotes} quotes, {elapsed:.1f}s)"
        )
        for outcome in report.failures:
            self.stdout.write(f"  failed: {outcome.name}: {outcome.error}")
        for outcome in report.outcomes:
            for note in outcome.notes:
                self.stdout.write(f"  note: {outcome.name}: {note}")
