"""Ingestion against the database, with the real spaCy model."""

import datetime as dt
from pathlib import Path

import pytest

from meetings.models import Article, Meeting, Participation, Person, Quote
from meetings.services import ingest
from meetings.services.ingest import articles_ingest
from meetings.services.readers import ArticleInput, ArticleReadError, article_file_read

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = SEEDS / "000_7f5b43aafe90f08e.txt"

pytestmark = pytest.mark.django_db


def ingest_texts(*texts: str) -> ingest.IngestReport:
    return articles_ingest(inputs=[ArticleInput(name=f"text-{i}.txt", text=t) for i, t in enumerate(texts)])


def test_seed_article_gives_wang_yi_and_bonne_meeting_in_beijing():
    report = articles_ingest(inputs=[article_file_read(SEED)])

    assert report.count("ingested") == 1
    meeting = Meeting.objects.get(participations__person__name="Wang Yi")
    assert meeting.status == Meeting.Status.HELD
    assert meeting.date == dt.date(2025, 10, 15)
    assert meeting.date_precision == Meeting.DatePrecision.DAY
    assert meeting.city == "Beijing"
    assert meeting.location_country_id == "CN"
    assert set(meeting.countries.values_list("code", flat=True)) == {"CN", "FR"}
    people = {p.person.name: p.country_id for p in meeting.participations.select_related("person")}
    assert people == {"Wang Yi": "CN", "Emmanuel Bonne": "FR"}
    wang_quotes = set(Quote.objects.filter(speaker__name="Wang Yi").values_list("text", flat=True))
    assert "strengthen high-level exchanges" in wang_quotes
    assert any(q.startswith("provide solid political guarantees") for q in wang_quotes)
    assert all(q.meeting_id == meeting.pk for q in Quote.objects.filter(speaker__name="Wang Yi"))
    article = Article.objects.get()
    assert article.published == dt.date(2025, 10, 16)
    assert article.status == Article.Status.INGESTED
    source = meeting.sources.get()
    assert source.evidence, "the sentences reporting the meeting are kept as evidence"
    for quote in Quote.objects.all():
        assert article.text[quote.start : quote.end] == quote.text


def test_same_article_twice_is_a_duplicate_and_changes_nothing():
    first = articles_ingest(inputs=[article_file_read(SEED)])
    counts = (Meeting.objects.count(), Quote.objects.count(), Person.objects.count())

    second = articles_ingest(inputs=[article_file_read(SEED)])

    assert first.count("ingested") == 1
    assert second.count("duplicate") == 1 and second.count("ingested") == 0
    assert (Meeting.objects.count(), Quote.objects.count(), Person.objects.count()) == counts


def test_same_text_twice_in_one_batch_is_stored_once():
    text = SEED.read_text(encoding="utf-8")
    report = ingest_texts(text, text.replace("\n", "\r\n"))

    assert [o.status for o in report.outcomes] == ["duplicate", "ingested"] or report.count("duplicate") == 1
    assert Article.objects.count() == 1


def test_a_person_met_in_two_articles_is_one_person():
    ingest_texts(
        "Date: 2026-01-10\n\nFrench Foreign Minister Jean Moreau met German Foreign Minister Petra Lang in Paris"
        " on Friday to discuss Ukraine.",
        "Date: 2026-02-10\n\nFrench Foreign Minister Jean Moreau met Italian Foreign Minister Marco Conti in Rome"
        " on Monday. Moreau said they discussed migration.",
    )

    assert Person.objects.filter(name="Jean Moreau").count() == 1
    assert Participation.objects.filter(person__name="Jean Moreau").count() == 2


def test_failure_while_storing_one_article_rolls_it_back_and_the_batch_goes_on(monkeypatch):
    real_write = ingest._Writer.write

    def failing_write(self, article, extraction, **kwargs):
        if "Marco Conti" in article.text:
            real_write(self, article, extraction, **kwargs)  # writes meetings, then fails: all must roll back
            raise RuntimeError("database went away")
        return real_write(self, article, extraction, **kwargs)

    monkeypatch.setattr(ingest._Writer, "write", failing_write)
    report = ingest_texts(
        "Date: 2026-02-10\n\nFrench Foreign Minister Jean Moreau met Italian Foreign Minister Marco Conti in Rome"
        " on Monday.",
        SEED.read_text(encoding="utf-8"),
    )

    assert [o.status for o in report.outcomes] == ["failed", "ingested"]
    assert "database went away" in report.outcomes[0].error
    failed = Article.objects.get(status=Article.Status.FAILED)
    assert "Marco Conti" in failed.text and "database went away" in failed.error
    assert not Meeting.objects.filter(participations__person__name="Marco Conti").exists()
    assert not Person.objects.filter(name="Marco Conti").exists()
    assert Meeting.objects.filter(participations__person__name="Wang Yi").exists()


def test_a_bug_in_the_extractor_fails_that_article_loudly_and_the_batch_goes_on(monkeypatch, caplog):
    from meetings.nlp import frames

    real_build = frames.build

    def build(trig, ctx):
        if "Marco Conti" in ctx.article.text:
            raise RuntimeError("a bug in the frames")
        return real_build(trig, ctx)

    monkeypatch.setattr(frames, "build", build)
    report = ingest_texts(
        "Date: 2026-02-10\n\nFrench Foreign Minister Jean Moreau met Italian Foreign Minister Marco Conti.",
        SEED.read_text(encoding="utf-8"),
    )
    assert [o.status for o in report.outcomes] == ["failed", "ingested"]
    failed = Article.objects.get(status=Article.Status.FAILED)
    assert failed.error == "extraction failed: RuntimeError: a bug in the frames"
    assert not failed.meeting_sources.exists()
    assert "extraction failed on text 0" in caplog.text
    assert Meeting.objects.filter(participations__person__name="Wang Yi").exists()


def test_failed_article_is_ingested_on_retry(monkeypatch):
    text = "Date: 2026-02-10\n\nFrench Foreign Minister Jean Moreau met Italian Foreign Minister Marco Conti in Rome."
    monkeypatch.setattr(ingest._Writer, "write", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    assert ingest_texts(text).count("failed") == 1
    monkeypatch.undo()

    report = ingest_texts(text)

    assert report.count("ingested") == 1
    assert Article.objects.get().status == Article.Status.INGESTED


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text"),
        ("caf\u00c3\u00a9 diplomacy".encode(), "garbled"),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)

    with pytest.raises(ArticleReadError, match=reason):
        article_file_read(path)


def test_cp1252_file_is_decoded_not_garbled(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes("caf\u00e9 diplomacy \u2014 \u201cquoted\u201d".encode("cp1252"))

    assert article_file_read(path).text == "caf\u00e9 diplomacy \u2014 \u201cquoted\u201d"


def test_utf8_with_byte_order_mark_and_windows_newlines_is_read(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTitle: Talks\r\nDate: 2026-01-01\r\n\r\nBody".encode())

    article = article_file_read(path)

    assert article.text == "Title: Talks\nDate: 2026-01-01\n\nBody"


def test_when_the_pipeline_itself_fails_every_article_is_kept_failed_with_the_error(settings):
    settings.SPACY_MODEL = "no_such_spacy_model"

    report = ingest_texts("First article text.", "Second article text.")

    assert report.count("failed") == 2
    for article in Article.objects.all():
        assert article.status == Article.Status.FAILED and "no_such_spacy_model" in article.error
        assert article.text


def test_a_state_the_archive_knows_is_given_to_a_name_said_without_one():
    # An analyst who reads "President Daniel Mwangi" knows his state from earlier reports.
    ingest_texts(
        "Date: 2026-02-10\n\nKenyan President Daniel Mwangi met French President Claire Dumont in Paris."
    )
    ingest_texts(
        "Date: 2026-02-12\n\nPresident Daniel Mwangi met Japanese Prime Minister Kenji Sato on Thursday."
    )
    meeting = Meeting.objects.get(participations__person__name="Kenji Sato")
    assert set(meeting.countries.values_list("code", flat=True)) == {"JP", "KE"}


def test_a_state_an_earlier_article_of_the_batch_gives_is_used_by_the_later_ones():
    ingest_texts(
        "Date: 2026-02-10\n\nKenyan President Daniel Mwangi met French President Claire Dumont in Paris.",
        "Date: 2026-02-12\n\nPresident Daniel Mwangi met Japanese Prime Minister Kenji Sato on Thursday.",
    )
    meeting = Meeting.objects.get(participations__person__name="Kenji Sato")
    assert set(meeting.countries.values_list("code", flat=True)) == {"JP", "KE"}
