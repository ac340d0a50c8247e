import datetime as dt
import re

import pytest
from django.db import connection

from meetings.models import Quote
from meetings.selectors import (
    MARK_END,
    MARK_START,
    country_counterparts,
    country_topics,
    fts5_query,
    meeting_timeline,
    person_counterparts,
    quote_list,
)
from meetings.templatetags.meetings_extras import highlight, timeline_chart
from tests.factories import country, make_article, make_meeting


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("energy", '"energy"'),
        ("energy future", '"energy" "future"'),
        ('"energy', '"energy"'),
        ("NEAR(a b)", '"NEAR" "a" "b"'),
        ("energy*", '"energy"'),
        ("col:energy", '"col" "energy"'),
        ("?!", ""),
        ("énergie", '"énergie"'),
    ],
)
def test_fts5_query_quotes_every_word(text, expected):
    assert fts5_query(text) == expected


def test_highlight_escapes_then_marks():
    assert highlight(f"<b>{MARK_START}x{MARK_END}</b>") == "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"


@pytest.mark.django_db
def test_quote_search_uses_the_full_text_index(django_assert_num_queries):
    article = make_article(text="Talks on energy.")
    Quote.objects.create(text="Talks on energy.", article=article, start=0, end=5)

    sql = str(quote_list(filters={"q": "energy"}).query)

    if connection.vendor == "postgresql":
        # the most recent matches are picked in a subquery (U0), on the index expression
        assert re.search(r'to_tsvector\(\'english\'::regconfig, (U0|"meetings_quote")\."text"\) @@', sql)
        assert "websearch_to_tsquery" in sql and "ts_rank" in sql and "ts_headline" in sql
    else:
        assert "meetings_quote_fts MATCH" in sql and "bm25(meetings_quote_fts)" in sql
    [found] = quote_list(filters={"q": "energies"})
    assert found.highlighted == f"Talks on {MARK_START}energy{MARK_END}."


@pytest.mark.django_db
def test_full_text_index_follows_edits_and_deletes():
    article = make_article(text="x")
    quote = Quote.objects.create(text="Sanctions were discussed.", article=article, start=0, end=5)
    assert list(quote_list(filters={"q": "sanctions"})) == [quote]

    quote.text = "Tariffs were discussed."
    quote.save()
    assert list(quote_list(filters={"q": "sanctions"})) == []
    assert list(quote_list(filters={"q": "tariffs"})) == [quote]

    quote.delete()
    assert list(quote_list(filters={"q": "tariffs"})) == []


@pytest.mark.django_db
def test_timeline_counts_per_month_in_one_aggregate_query(django_assert_num_queries):
    make_meeting(date=dt.date(2025, 1, 5))
    make_meeting(date=dt.date(2025, 1, 20))
    make_meeting(date=dt.date(2025, 4, 1), countries=("US",))
    make_meeting(date=None)

    # the data version and the months
    with django_assert_num_queries(2):
        months = meeting_timeline(filters={"country": ["CN"]})

    # The undated meeting comes last, without a month, from the same query.
    assert [(m.month, m.count) for m in months] == [(dt.date(2025, 1, 1), 2), (None, 1)]
    chart = timeline_chart(meeting_timeline())
    assert (chart.undated, chart.undated_href) == (1, "/?precision=none")
    assert [(b.label, b.count) for b in chart.bars] == [
        ("January 2025", 2),
        ("February 2025", 0),
        ("March 2025", 0),
        ("April 2025", 1),
    ]
    assert chart.bars[0].href == "/?date_from=2025-01-01&date_to=2025-01-31"
    assert timeline_chart([]) is None


@pytest.mark.django_db
def test_rankings():
    make_meeting(countries=("CN", "FR"), topics=("energy",), people=(("A", "CN", ""), ("B", "FR", "")))
    make_meeting(countries=("CN", "FR"), topics=("energy",), people=(("A", "CN", ""), ("B", "FR", "")))
    make_meeting(
        countries=("CN", "US"), topics=("trade-investment",), people=(("A", "CN", ""), ("C", "US", ""))
    )

    assert [(r.key, r.count) for r in country_counterparts(country=country("CN"))] == [("FR", 2), ("US", 1)]
    assert [(r.key, r.count) for r in country_topics(country=country("CN"))] == [
        ("energy", 2),
        ("trade-investment", 1),
    ]
    from meetings.models import Person

    assert [(r.label, r.count) for r in person_counterparts(person=Person.objects.get(name="A"))] == [
        ("B", 2),
        ("C", 1),
    ]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_plans_the_search_on_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned otherwise
    plan = quote_list(filters={"q": "energy"}).explain()

    assert "quote_text_fts" in plan
