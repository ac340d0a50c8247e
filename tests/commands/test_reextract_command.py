from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Article, Meeting, Quote
from meetings.services.ingest import articles_ingest
from meetings.services.readers import article_file_read

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("reextract", *[str(a) for a in args], stdout=out, stderr=StringIO())
    return out.getvalue()


def test_reextract_all_refreshes_and_keeps_edited_meetings():
    articles_ingest(inputs=[article_file_read(p) for p in sorted(SEEDS.glob("*.txt"))])
    edited = Meeting.objects.get(participations__person__name="Ana Ribeiro")
    edited.city, edited.locked = "Rabat (verified)", True
    edited.save()
    counts = (Meeting.objects.count(), Quote.objects.count())

    output = run("--all")

    assert f"re-extracted {Article.objects.count()}, failed 0" in output
    assert (Meeting.objects.count(), Quote.objects.count()) == counts
    edited.refresh_from_db()
    assert edited.city == "Rabat (verified)" and edited.sources.count() == 2


def test_reextract_some_articles_by_id():
    articles_ingest(inputs=[article_file_read(SEEDS / "002_invented_japan_india_call.txt")])
    article = Article.objects.get()

    assert "re-extracted 1, failed 0" in run(article.pk)


def test_reextract_needs_ids_or_all():
    with pytest.raises(CommandError):
        run()
