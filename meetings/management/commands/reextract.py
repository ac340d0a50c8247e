"""Extract stored articles again after the extractor improved: reextract --all | ARTICLE_ID ..."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from meetings.models import Article, Decision
from meetings.services.ingest import articles_reextract


class Command(BaseCommand):
    help = (
        "Extract stored articles again. What extraction stored from them is refreshed; meetings, "
        "participants and quotes a person edited (locked) are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("article_ids", nargs="*", type=int, metavar="ARTICLE_ID")
        parser.add_argument("--all", action="store_true", dest="all_articles", help="every stored article")
        parser.add_argument("--batch-size", type=int, default=16, help="texts per nlp.pipe batch")

    def handle(self, *args, article_ids: list[int], all_articles: bool, batch_size: int, **options):
        if all_articles == bool(article_ids):
            raise CommandError("give ARTICLE_ID ... or --all (not both)")
        articles = Article.objects.order_by("id")
        if not all_articles:
            articles = articles.filter(pk__in=article_ids)
            missing = sorted(set(article_ids) - {a.pk for a in articles})
            for pk in missing:
                self.stderr.write(f"no article {pk}")
        started = timezone.now()
        outcomes = articles_reextract(articles=list(articles), batch_size=batch_size)
        ingested = sum(1 for o in outcomes if o.status == "ingested")
        failed = [o for o in outcomes if o.status == "failed"]
        meetings = sum(len(o.meeting_ids) for o in outcomes)
        quotes = sum(o.quotes for o in outcomes)
        self.stdout.write(
            f"re-extracted {ingested}, failed {len(failed)} ({meetings} meetings, {quotes} new quotes)"
        )
        for outcome in failed:
            self.stdout.write(f"  failed: {outcome.name}: {outcome.error}")
        # Decisions by staff are applied again; one whose records are gone is named, not fatal.
        for decision in Decision.objects.filter(checked_at__gte=started).exclude(problem=""):
            self.stdout.write(f"  decision {decision.pk} ({decision.get_kind_display()}): {decision.problem}")
