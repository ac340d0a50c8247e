import csv
import datetime as dt
import io
import itertools
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.models import Quote
from tests.factories import make_article, make_meeting, make_person, topic

URL = reverse("meetings:quote_list")

pytestmark = pytest.mark.django_db

_seq = itertools.count()


def quote_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="quote" data-quote="(\d+)"', response.text)]


def make_quote(text: str, *, speaker=None, meeting=None, topics=(), published=dt.date(2025, 5, 1), label=""):
    article = make_article(text=f"{text} ({next(_seq)})", published=published)
    quote = Quote.objects.create(
        text=text,
        speaker=speaker,
        speaker_label=label,
        article=article,
        meeting=meeting,
        start=0,
        end=len(text),
    )
    quote.topics.set([topic(slug) for slug in topics])
    return quote


@pytest.fixture
def quotes(db):
    wang = make_person("Wang Yi", country_code="CN")
    rubio = make_person("Marco Rubio", country_code="US")
    cn_fr = make_meeting(countries=("CN", "FR"), date=dt.date(2025, 3, 1))
    return {
        "energy": make_quote(
            "Our energy cooperation has a bright future.",
            speaker=wang,
            meeting=cn_fr,
            topics=("energy",),
            published=dt.date(2025, 3, 2),
        ),
        "trade": make_quote(
            "Trade between our countries is balanced; trade talks will continue.",
            speaker=rubio,
            topics=("trade-investment",),
            published=dt.date(2025, 6, 1),
        ),
        "meeting": make_quote(
            "The meetings were productive and we met our goals.",
            label="Both sides",
            meeting=cn_fr,
            published=dt.date(2024, 1, 1),
        ),
    }


def test_lists_quotes_newest_first(client, quotes):
    response = client.get(URL)

    assert response.status_code == 200
    assert quote_ids(response) == [quotes["trade"].pk, quotes["energy"].pk, quotes["meeting"].pk]
    assert "3 quotes" in response.text


def test_each_result_links_to_speaker_meeting_and_source(client, quotes):
    quote = quotes["energy"]
    html = client.get(URL).text

    assert f'href="/people/{quote.speaker_id}/">Wang Yi</a>' in html
    assert f'href="/meetings/{quote.meeting_id}/">Meeting: China · France, 1 March 2025</a>' in html
    assert f'href="/meetings/{quote.meeting_id}/#source-{quote.article_id}">{quote.article.title}</a>' in html
    assert '<a class="tag" href="/topics/energy/">Energy</a>' in html
    assert "— Both sides" in html


def test_source_without_meeting_links_to_the_article_when_its_url_is_safe(client, quotes):
    article = quotes["trade"].article
    article.url = "https://example.com/rubio"
    article.save()
    other = quotes["meeting"].article
    other.url = "javascript:alert(1)"
    other.save()

    html = client.get(URL).text

    assert '<a href="https://example.com/rubio" rel="noopener noreferrer">original article</a>' in html
    assert "javascript:" not in html


def test_search_finds_words_in_any_form_and_highlights_them(client, quotes):
    response = client.get(URL, {"q": "meeting"})

    # "meeting" matches "meetings" (stemmed) but not "met".
    assert quote_ids(response) == [quotes["meeting"].pk]
    assert "The <mark>meetings</mark> were productive" in response.text
    assert "1 quote matching “meeting”" in response.text


def test_search_ranks_better_matches_first(client, quotes):
    once = make_quote("A word on trade.", published=dt.date(2026, 1, 1))

    response = client.get(URL, {"q": "trade"})

    # The older quote says "trade" twice in a shorter space: it ranks first despite its date.
    assert quote_ids(response)[0] == quotes["trade"].pk
    assert set(quote_ids(response)) == {quotes["trade"].pk, once.pk}
    assert "<mark>Trade</mark> between our countries" in response.text


def test_search_requires_every_word(client, quotes):
    assert quote_ids(client.get(URL, {"q": "energy future"})) == [quotes["energy"].pk]
    assert quote_ids(client.get(URL, {"q": "energy trade"})) == []


def test_highlighted_text_is_escaped(client, db):
    quote = make_quote("<b>Energy</b> & <script>alert('x')</script> matter")

    html = client.get(URL, {"q": "energy"}).text

    assert quote_ids(client.get(URL, {"q": "energy"})) == [quote.pk]
    assert "<script>alert" not in html
    assert "&lt;b&gt;<mark>Energy</mark>&lt;/b&gt; &amp; &lt;script&gt;" in html


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"energy',
        "energy OR",
        "NEAR(energy future)",
        "energy*",
        "-energy",
        "(",
        "energy AND NOT",
        "^energy",
        "col:energy",
        "'; DROP TABLE meetings_quote; --",
        "…",
        "🙂",
        "énergie",
        "\\",
    ],
)
def test_search_syntax_never_raises(client, quotes, q):
    response = client.get(URL, {"q": q})

    assert response.status_code == 200
    assert "Ignored" not in response.text


def test_search_with_only_punctuation_finds_nothing_and_says_so(client, quotes):
    response = client.get(URL, {"q": "?!"})

    assert quote_ids(response) == []
    assert "No quotes match “?!”" in response.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "energy"}, ["energy"]),
        ({"speaker": "wang"}, ["energy"]),
        ({"country": "us"}, ["trade"]),  # the speaker's country
        ({"country": "FR"}, ["energy", "meeting"]),  # a country of the meeting
        ({"date_from": "2025-03-02"}, ["trade", "energy"]),
        ({"date_to": "2025-03-01"}, ["meeting"]),
        ({"q": "energy", "topic": "energy", "country": "CN"}, ["energy"]),
        ({"q": "energy", "topic": "trade-investment"}, []),
    ],
)
def test_filters(client, quotes, params, expected):
    if params.get("speaker") == "wang":
        params = {**params, "speaker": quotes["energy"].speaker_id}

    assert quote_ids(client.get(URL, params)) == [quotes[name].pk for name in expected]


def test_speaker_choices_are_the_people_who_said_something(client, quotes):
    make_person("Silent Sam")

    html = client.get(URL).text

    assert "Wang Yi (1)</option>" in html
    assert "Silent Sam" not in html


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"topic": "nope"}, "topic"),
        ({"speaker": "abc"}, "speaker"),
        ({"speaker": "999999"}, "speaker"),
        ({"speaker": "9" * 30}, "speaker"),
        ({"speaker": "-1"}, "speaker"),
        ({"country": "ZZ"}, "country"),
        ({"country": "<script>"}, "country"),
        ({"date_from": "2025-13-45"}, "start date"),
        ({"date_to": "not a date"}, "end date"),
        ({"q": "x" * 5000}, "search"),
        ({"q": "energy\x00"}, "search"),
    ],
)
def test_bad_parameters_are_ignored_with_a_message(client, quotes, params, ignored):
    response = client.get(URL, params)

    assert response.status_code == 200
    assert f"Ignored the {ignored} filter" in response.text
    assert len(quote_ids(response)) == 3


@pytest.mark.parametrize("page", ["-1", "0", "99999999999999999999999", "abc", "1e3"])
def test_page_numbers_are_clamped(client, quotes, page):
    response = client.get(URL, {"page": page})

    assert response.status_code == 200
    assert len(quote_ids(response)) == 3


def test_repeated_parameters_use_the_last_value(client, quotes):
    response = client.get(URL + "?topic=nope&topic=energy&q=zzz&q=energy&page=1&page=2")

    assert response.status_code == 200
    assert quote_ids(response) == [quotes["energy"].pk]


def test_pagination_keeps_the_search_and_filters(client, db, settings):
    settings.MEETINGS_PAGE_SIZE = 2
    for i in range(5):
        make_quote(f"Energy matters {i}.", topics=("energy",), published=dt.date(2025, 1, 1 + i))

    response = client.get(URL, {"q": "energy", "topic": "energy"})

    assert "Page 1 of 3" in response.text
    assert 'href="?q=energy&amp;topic=energy&amp;page=2"' in response.text
    assert 'hx-get="?q=energy&amp;topic=energy&amp;page=2"' in response.text


def test_full_page_has_the_search_box_wired_for_htmx(client, quotes):
    response = client.get(URL)
    html = response.text

    assert "<html" in html
    assert '<label for="id_q">Search quotes:</label>' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-indicator="#results, #search-indicator"' in html
    assert 'hx-target="#results"' in html and 'hx-push-url="true"' in html
    assert 'method="get" action="/quotes/"' in html
    assert "HX-Request" in response["Vary"]
    assert 'aria-current="page">Quotes</a>' in html


def test_htmx_request_gets_only_the_results(client, quotes, htmx_headers):
    response = client.get(URL, {"q": "energy"}, headers=htmx_headers)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text and "<form" not in response.text
    assert quote_ids(response) == [quotes["energy"].pk]
    assert "HX-Request" in response["Vary"]


def test_empty_database_says_there_are_no_quotes_yet(client, db):
    assert "No quotes yet" in client.get(URL).text


def streamed(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_export_csv_streams_the_current_selection(client, quotes):
    response = client.get(URL, {"q": "energy", "format": "csv", "page": "2"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="quotes.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert [int(row["id"]) for row in rows] == [quotes["energy"].pk]
    assert rows[0]["text"] == "Our energy cooperation has a bright future."
    assert rows[0]["speaker"] == "Wang Yi"
    assert rows[0]["topics"] == "energy"
    assert rows[0]["meeting_url"] == f"http://testserver/meetings/{quotes['energy'].meeting_id}/"


def test_export_json_streams_every_match_not_just_the_page(client, quotes, settings):
    settings.MEETINGS_PAGE_SIZE = 1

    response = client.get(URL, {"format": "json"})

    assert response["Content-Type"] == "application/json"
    data = json.loads(streamed(response))
    assert [row["id"] for row in data] == [quotes["trade"].pk, quotes["energy"].pk, quotes["meeting"].pk]
    assert data[2]["speaker"] == "Both sides" and data[2]["speaker_id"] is None


def test_export_of_nothing_is_a_header_or_an_empty_list(client, db):
    assert streamed(client.get(URL, {"format": "csv"})).startswith("id,text,speaker,")
    assert json.loads(streamed(client.get(URL, {"format": "json"}))) == []


def test_unknown_format_gives_the_page(client, quotes):
    response = client.get(URL, {"format": "xml"})

    assert response.status_code == 200
    assert "<html" in response.text


def make_many(count: int) -> None:
    speaker = make_person("Speaker", country_code="FR")
    meeting = make_meeting(countries=("CN", "FR", "US"))
    for i in range(count):
        quote = make_quote(f"Energy and trade, point {i}.", speaker=speaker, meeting=meeting)
        quote.topics.set([topic("energy"), topic("trade-investment")])


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "energy trade", "topic": "energy", "country": "FR", "date_from": "2020-01-01"}],
    ids=["all", "searched-and-filtered"],
)
def test_query_count_does_not_grow_with_quotes(client, db, settings, django_assert_max_num_queries, params):
    settings.MEETINGS_PAGE_SIZE = 100
    counts = []
    for count in (5, 45):
        make_many(count)
        cache.clear()  # factories write without bumping the data version, as the services do
        with django_assert_max_num_queries(1000) as captured:
            response = client.get(URL, params)
        assert response.status_code == 200
        counts.append(len(captured))
    assert len(quote_ids(response)) == 50
    assert counts[0] == counts[1]


def test_quote_page_runs_a_fixed_number_of_queries(client, db, settings, django_assert_num_queries):
    settings.MEETINGS_PAGE_SIZE = 100
    make_many(50)

    # count, the topic and country choices, the most quoted speakers and their names, page, quote
    # topics, meeting countries, and the data version, read once for the page
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert len(quote_ids(response)) == 50

    # Again: the counts, the choices and the rendered regions come from the cache; the data
    # version is the one query.
    with django_assert_num_queries(1):
        response = client.get(URL)
    assert len(quote_ids(response)) == 50


def test_a_search_ranks_the_most_recent_matches_and_counts_them_all(client, db, monkeypatch):
    monkeypatch.setattr("meetings.selectors.SEARCH_CANDIDATES", 3)
    make_many(5)
    newest = list(Quote.objects.order_by("-pk").values_list("pk", flat=True)[:3])

    response = client.get(URL, {"q": "energy"})

    assert sorted(quote_ids(response)) == sorted(newest)
    assert "5 quotes matching" in response.text
    assert "the 3 most recently added" in response.text
    # An export takes every match.
    rows = list(csv.DictReader(io.StringIO(streamed(client.get(URL, {"q": "energy", "format": "csv"})))))
    assert len(rows) == 5


def test_the_speaker_menu_lists_the_most_quoted_and_the_one_picked(client, db, monkeypatch):
    monkeypatch.setattr("meetings.selectors.quotes.SPEAKER_CHOICES_SIZE", 1)
    talker, quiet = make_person("Talker"), make_person("Quiet")
    make_quote("One.", speaker=talker)
    make_quote("Two.", speaker=talker)
    make_quote("Three.", speaker=quiet)

    assert "Talker (2)</option>" in client.get(URL).text
    assert "Quiet (1)</option>" not in client.get(URL).text
    picked = client.get(URL, {"speaker": quiet.pk}).text
    assert "Quiet (1)</option>" in picked and "Talker (2)</option>" in picked
