"""Rule tests that need no statistical model: header lines, dates, quotation marks, topics, places."""

import pytest
import spacy

from meetings.nlp import geo
from meetings.nlp.dates import PartialDate, resolve
from meetings.nlp.header import dateline_end, parse_article
from meetings.nlp.pipeline import line_breaks
from meetings.nlp.quotes import find_quote_spans
from meetings.nlp.topics import topics_in
from meetings.nlp.types import TopicSpec


@pytest.mark.parametrize(
    ("text", "title", "source", "published"),
    [
        (
            "Title: Talks\nDate: 2022-05-16\nSource: en.kremlin.ru, via x\n\nBody.",
            "Talks",
            "en.kremlin.ru",
            "2022-05-16",
        ),
        ("CaliToday (16/10/2025): China has signaled ...", None, "CaliToday", "2025-10-16"),
        ("Headline here\n\nAFP - Body text.", "Headline here", None, None),
        ("Spanish PM to host allies (AFP)\n\nAFP - Body.", "Spanish PM to host allies (AFP)", "AFP", None),
        (
            "Oyelaran and Dorn talk\nBosphorus Wire | Thursday, January 15, 2026\n\nANKARA - x",
            "Oyelaran and Dorn talk",
            None,
            "2026-01-15",
        ),
        ("Paper — World\n17.12.2025, 11:05\n\nLONDON — Britain ...", None, None, "2025-12-17"),
        ("GENEVA, 3 March 2026 (Reuters) - Talks opened.", None, "Reuters", "2026-03-03"),
        ("", None, None, None),
    ],
)
def test_parse_article(text, title, source, published):
    meta = parse_article(text)
    assert meta.published == published
    if title is not None:
        assert meta.title == title
    if source is not None:
        assert meta.source == source
    assert 0 <= meta.body_start <= len(text)


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("NAIROBI, April 20 - European Union Commissioner", "NAIROBI, April 20 - "),
        ("GENEVA, 3 March 2026 (Reuters) - Talks opened.", "GENEVA, 3 March 2026 (Reuters) - "),
        ("ANKARA — Turkish Foreign Minister", "ANKARA — "),
        ("AFP - Sealing ratification", "AFP - "),
        ("CaliToday (16/10/2025): China has", "CaliToday (16/10/2025): "),
        ("The European Community (EC) agreed a", ""),
        ("U.S. Special Envoy for Yemen", ""),
    ],
)
def test_dateline_end(text, dateline):
    assert text[: dateline_end(text, 0)] == dateline


@pytest.mark.parametrize(
    ("expr", "published", "status", "expected"),
    [
        ("on Wednesday", "2025-10-16", "held", "2025-10-15"),  # 16/10/2025 is a Thursday
        ("Thursday", "2025-10-16", "held", "2025-10-16"),
        ("on Tuesday", "2026-01-15", "planned", "2026-01-20"),
        ("last Tuesday", "2025-11-04", "held", "2025-10-28"),
        ("yesterday", "2026-01-15", "held", "2026-01-14"),
        ("today", "2022-03-24", "held", "2022-03-24"),
        ("in September", "2025-11-05", "held", "2025-09"),
        ("next month", "2025-11-05", "planned", "2025-12"),
        ("February 10", "2022-05-16", "held", "2022-02-10"),
        ("December", "2026-01-15", "held", "2025-12"),
        ("last year", "2026-01-15", "held", "2025"),
        ("on Monday", None, "held", None),
        ("March 3, 2021", None, "held", "2021-03-03"),
        ("March 21-22", "2022-03-21", "planned", "2022-03"),  # several days: the month
        ("21–22 March 2022", None, "held", "2022-03"),
        ("from June 5 to 14", "2022-06-03", "planned", "2022-06"),
    ],
)
def test_resolve_date(expr, published, status, expected):
    hit = resolve(expr, published, planned=status == "planned")
    assert (hit.date.iso if hit else None) == expected


def test_a_span_of_days_keeps_its_first_day():
    # A meeting of its own span is dated by its first day; one inside a trip's span by its month.
    assert resolve("from June 5 to 14", "2022-06-03", planned=True).span_first == PartialDate(2022, 6, 5)
    assert resolve("21–22 March 2022", None).span_first == PartialDate(2022, 3, 21)
    assert resolve("June 5", "2022-06-03").span_first is None
    assert resolve("30 May to 2 June", "2025-07-01").date == PartialDate(2025)


@pytest.mark.parametrize(
    ("expr", "published", "planned", "expected"),
    [
        ("earlier this week", "2026-01-15", False, "2026-01"),  # Monday 12th to Thursday 15th
        ("last week", "2026-01-05", False, None),  # 29 December to 4 January: no one month
        ("next week", "2026-01-15", True, "2026-01"),
        ("three days ago", "2026-01-15", False, "2026-01-12"),
        ("next Monday", "2026-01-15", True, "2026-01-19"),
        ("before the end of the year", "2026-05-20", True, "2026"),
        ("in May", "2026-01-15", False, "2025-05"),
        ("May", "2026-01-15", False, None),  # "may" is a verb more often than a month
        ("for two hours", "2026-01-15", False, None),
        ("since 2014", "2026-01-15", False, None),
    ],
)
def test_resolve_relative_and_vague_dates(expr, published, planned, expected):
    hit = resolve(expr, published, planned=planned)
    assert (hit.date.iso if hit else None) == expected


def test_partial_dates_compare_by_what_they_hold():
    june = PartialDate(2025, 6)
    assert june.contains(PartialDate(2025, 6, 12)) and not june.contains(PartialDate(2025, 7, 1))
    assert june.compatible(PartialDate(2025, 6, 3)) and not PartialDate(2025, 6, 3).compatible(
        PartialDate(2025, 6, 4)
    )
    assert PartialDate(2025, 6, 3).compatible(PartialDate(2025, 6, 4), days=1)
    assert PartialDate.from_iso("2025-06").precision == "month" and PartialDate.from_iso("nonsense") is None
    with pytest.raises(ValueError):
        PartialDate(2025, None, 3)


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ('He said "we are ready" today.', ["we are ready"]),
        ("He said “we are ready” today.", ["we are ready"]),
        ('"We are ready," he said, "to talk."', ["We are ready,", "to talk."]),
        (
            '"First paragraph goes on\n"Second paragraph ends."',
            ["First paragraph goes on", "Second paragraph ends."],
        ),
        ('A stray " mark\nand the next line "quoted words" here.', ["quoted words"]),
        ('Unclosed "quote that never ends\n\nNew paragraph.', []),
        ("No marks at all.", []),
        ('""', []),
    ],
)
def test_find_quote_spans(text, quotes):
    assert [text[s:e] for s, e in find_quote_spans(text)] == quotes


def test_topics_match_keywords_and_acronyms_in_capitals():
    tax = (TopicSpec("health", ("who", "vaccines")), TopicSpec("trade-investment", ("tariffs",)))
    assert topics_in("The WHO shipped vaccines.", tax) == ("health",)
    assert topics_in("Officials who met discussed tariff cuts.", tax) == ("trade-investment",)
    assert topics_in("", tax) == ()


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("France", "FR"),
        ("French", "FR"),
        ("Chinese", "CN"),
        ("U.S.", "US"),
        ("Britain", "GB"),
        ("Russia", "RU"),
        ("South Korea", "KR"),
        ("Kazakhstani", "KZ"),
        ("Senegalese", "SN"),
        ("Latvian", "LV"),
        ("Narnia", None),
    ],
)
def test_country_lookup(word, code):
    assert geo.state_of_word(word, metonyms=True) == code


def test_cities_capitals_and_organizations():
    assert geo.city_lookup("Nairobi") == ("Nairobi", "KE")
    assert geo.city_lookup("the Kremlin") == ("Moscow", "RU")
    assert geo.capital_of("CN") == "Beijing"
    assert geo.organization_of("EU") == "European Union"
    assert geo.organization_of("African Union") == "African Union"


def test_line_breaks_start_sentences_after_header_lines():
    nlp = spacy.blank("en")
    doc = line_breaks(nlp("Source: state.gov\n\nSecretary Carver spoke today."))
    starts = [t.text for t in doc if t.is_sent_start]
    assert "Secretary" in starts


def test_line_breaks_keep_initials_with_the_lead():
    nlp = spacy.blank("en")
    doc = line_breaks(nlp("Source: state.gov\n\nU.S. Special Envoy Tim Hallowell returned today."))
    special = next(t for t in doc if t.text == "Special")
    assert special.is_sent_start is False
