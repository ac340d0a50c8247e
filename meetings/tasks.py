"""Background work, through the django-tasks backport of Django 6's django.tasks.

The default backend runs a task at once, in the process that enqueues it; production uses the
database backend and ``manage.py worker`` (see README, "Background ingestion")."""

from __future__ import annotations

from django_tasks import task

from meetings.models import Article
from meetings.services.ingest import articles_process


@task()
def articles_ingest_task(*, article_ids: list[int]) -> dict[str, int]:
    """Extract and store registered articles; each is stored (or marked failed) on its own.

    Articles already ingested meanwhile (by another worker, or ``manage.py ingest``) are skipped,
    before extraction or, when that happened while this task was extracting them, before storing."""
    articles = list(Article.objects.filter(pk__in=article_ids).exclude(status=Article.Status.INGESTED))
    outcomes = articles_process(articles=articles)
    return {
        "ingested": sum(1 for o in outcomes if o.status == "ingested"),
        "failed": sum(1 for o in outcomes if o.status == "failed"),
        "skipped": len(article_ids) - sum(1 for o in outcomes if o.status in ("ingested", "failed")),
    }
