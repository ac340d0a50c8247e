"""Generated data (bench/generate.py): the sizes asked for, offsets that point into the article, and real-world skew."""

import statistics
from collections import Counter

import pytest

from bench.generate import data_generate
from meetings.models import Article, Country, Meeting, MeetingSource, Participation, Person, Quote
from meetings.selectors import data_version

pytestmark = pytest.mark.django_db

SMALL = {"meetings": 200, "people": 50, "participations": 600, "quotes": 1000, "years": 20, "batch": 64}


def meeting_shapes(meetings) -> list[tuple]:
    """What a run produced, without ids or hashes (which differ from run to run)."""
    return [
        (
            m.status,
            m.date,
            m.date_precision,
            m.city,
            m.location_country_id,
            tuple(sorted(c.code for c in m.countries.all())),
            tuple(sorted(t.slug for t in m.topics.all())),
            tuple((p.person.name, p.title, p.country_id, p.organization) for p in m.participations.all()),
            tuple(q.text for q in m.quotes.all()),
        )
        for m in meetings.prefetch_related("countries", "topics", "participations__person", "quotes")
    ]


def test_small_run_gives_the_counts_asked_for():
    counts = data_generate(seed=1, **SMALL)

    assert counts["meetings"] == Meeting.objects.count() == 200
    assert counts["people"] == Person.objects.count() == 50
    assert counts["participations"] == Participation.objects.count() == 600
    assert counts["quotes"] == Quote.objects.count() == 1000
    assert counts["articles"] == Article.objects.count() == 200
    assert MeetingSource.objects.count() == 200


def test_quotes_and_evidence_point_into_the_article_text():
    data_generate(seed=2, **SMALL)

    for quote in Quote.objects.select_related("article", "speaker"):
        assert quote.article.text[quote.start : quote.end] == quote.text
    for source in MeetingSource.objects.select_related("article"):
        assert source.evidence
        for start, end in source.evidence:
            sentence = source.article.text[start:end]
            assert sentence[0].isupper() and sentence.endswith(".")


def test_quote_speakers_took_part_in_the_meeting():
    data_generate(seed=3, **SMALL)

    took_part = set(Participation.objects.values_list("meeting_id", "person_id"))
    for meeting_id, speaker_id in Quote.objects.values_list("meeting_id", "speaker_id"):
        assert speaker_id is None or (meeting_id, speaker_id) in took_part


def test_every_meeting_has_two_participants_or_two_countries():
    data_generate(seed=4, **SMALL)

    for meeting in Meeting.objects.prefetch_related("participations", "countries"):
        assert len(meeting.participations.all()) >= 2 or len(meeting.countries.all()) >= 2


def test_a_few_countries_dominate():
    data_generate(seed=5, **SMALL)

    per_country = Counter(Meeting.countries.through.objects.values_list("country_id", flat=True))
    counts = [per_country.get(code, 0) for code in Country.objects.values_list("code", flat=True)]
    assert max(counts) >= 10 * max(1, statistics.median(counts))
    assert per_country.most_common(1)[0][0] in {"US", "CN", "RU", "FR", "GB"}


def test_same_seed_gives_same_data_and_runs_add_up_without_clashing():
    first = data_generate(seed=7, **SMALL)
    boundary = Meeting.objects.order_by("-id").values_list("id", flat=True).first()
    second = data_generate(seed=7, **SMALL)

    assert first == second
    assert Meeting.objects.count() == 400 and Article.objects.count() == 400
    shapes_first = meeting_shapes(Meeting.objects.filter(id__lte=boundary).order_by("id"))
    shapes_second = meeting_shapes(Meeting.objects.filter(id__gt=boundary).order_by("id"))
    assert shapes_first == shapes_second
    other = data_generate(seed=8, **SMALL)
    assert other["meetings"] == 200
    assert meeting_shapes(Meeting.objects.order_by("-id")[:200]) != shapes_second[::-1]


def test_sizes_that_cannot_be_met_are_refused():
    with pytest.raises(ValueError):
        data_generate(**{**SMALL, "participations": 200 * 50 + 1}, seed=1)


def test_generated_rows_bump_the_data_version_so_cached_pages_see_them(django_capture_on_commit_callbacks):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        data_generate(seed=9, **SMALL)
    assert data_version() > before


def test_the_script_fills_the_database_and_prints_what_it_added(capsys):
    from bench.generate_data import main

    assert main(["--meetings", "20", "--people", "10", "--participations", "50", "--quotes", "60"]) == 0

    assert Meeting.objects.count() == 20 and Quote.objects.count() == 60
    out = capsys.readouterr().out
    assert "  20/20 meetings, 50 participations, 60 quotes" in out
    assert "generated 10 people," in out and "20 meetings" in out and "60 quotes" in out


def test_the_script_refuses_sizes_that_cannot_be_met(capsys):
    from bench.generate_data import main

    assert main(["--meetings", "2", "--people", "2", "--participations", "5", "--quotes", "0"]) == 2
    assert "5 participations need more than 2 meetings x 2 people" in capsys.readouterr().err
    assert Meeting.objects.count() == 0
