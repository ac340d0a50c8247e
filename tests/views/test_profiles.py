"""The person, country and topic pages."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.models import Person, Quote
from meetings.services.corrections import meeting_merge
from tests.factories import make_article, make_meeting, topic

pytestmark = pytest.mark.django_db

WANG = ("Wang Yi", "CN", "Foreign Minister")
BARROT = ("Jean-Noël Barrot", "FR", "Minister for Europe")
RUBIO = ("Marco Rubio", "US", "Secretary of State")


def meeting_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="meeting__title" href="/meetings/(\d+)/"', response.text)]


def quote_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="quote" data-quote="(\d+)"', response.text)]


@pytest.fixture
def world(db):
    meetings = {
        "cn_fr_1": make_meeting(
            date=dt.date(2024, 5, 1), countries=("CN", "FR"), topics=("energy",), people=(WANG, BARROT)
        ),
        "cn_fr_2": make_meeting(
            date=dt.date(2025, 2, 1),
            countries=("CN", "FR"),
            topics=("energy", "trade-investment"),
            people=(("Wang Yi", "CN", "Director of the Foreign Affairs Commission"), BARROT),
        ),
        "cn_us": make_meeting(
            date=dt.date(2025, 6, 1),
            countries=("CN", "US"),
            topics=("trade-investment",),
            people=(WANG, RUBIO),
        ),
        "fr_us": make_meeting(date=dt.date(2025, 7, 1), countries=("FR", "US"), people=(BARROT, RUBIO)),
    }
    wang = Person.objects.get(name="Wang Yi")
    article = make_article(text="Wang said energy ties matter.", published=dt.date(2025, 2, 2))
    quote = Quote.objects.create(
        text="Energy ties matter.",
        speaker=wang,
        article=article,
        meeting=meetings["cn_fr_2"],
        start=0,
        end=10,
    )
    quote.topics.set([topic("energy")])
    return {**meetings, "wang": wang, "quote": quote}


# Person


def test_person_page_shows_titles_countries_meetings_quotes_and_counterparts(client, world):
    wang = world["wang"]
    response = client.get(reverse("meetings:person_detail", args=[wang.pk]))
    html = response.text

    assert response.status_code == 200
    assert "<h1>Wang Yi</h1>" in html
    assert "Foreign Minister" in html and "Director of the Foreign Affairs Commission" in html
    assert "May 2024–Jun 2025" in html  # first and last meeting with that title
    assert '<a href="/countries/CN/">China</a>' in html
    assert meeting_ids(response) == [world["cn_us"].pk, world["cn_fr_2"].pk, world["cn_fr_1"].pk]
    assert quote_ids(response) == [world["quote"].pk]
    barrot = Person.objects.get(name="Jean-Noël Barrot")
    assert re.search(
        rf'href="/people/{barrot.pk}/">Jean-Noël Barrot</a>\s*<a class="count" href="/\?person={wang.pk}&amp;person={barrot.pk}"',
        html,
    )
    assert world["fr_us"].pk not in meeting_ids(response)
    assert 'class="timeline__svg"' in html


def test_counterparts_are_ranked_by_meetings_together(client, world):
    html = client.get(reverse("meetings:person_detail", args=[world["wang"].pk])).text
    section = html[html.index('id="counterparts-heading"') :]

    assert section.index("Jean-Noël Barrot") < section.index("Marco Rubio")


def test_person_meetings_link_to_the_filtered_list(client, world):
    wang = world["wang"]
    html = client.get(reverse("meetings:person_detail", args=[wang.pk])).text

    assert f'href="/?person={wang.pk}"' in html


def test_person_pagination_is_a_partial_for_htmx(client, world, settings, htmx_headers):
    settings.MEETINGS_PAGE_SIZE = 2
    url = reverse("meetings:person_detail", args=[world["wang"].pk])

    full = client.get(url)
    assert 'href="?page=2"' in full.text and 'hx-get="?page=2"' in full.text
    assert 'hx-target="#meetings"' in full.text and 'hx-push-url="true"' in full.text

    fragment = client.get(url, {"page": "2"}, headers={**htmx_headers, "HX-Target": "meetings"})
    assert fragment.text.lstrip().startswith('<div id="meetings">')
    assert "<html" not in fragment.text
    assert meeting_ids(fragment) == [world["cn_fr_1"].pk]
    assert "HX-Request" in fragment["Vary"]

    quotes = client.get(url, headers={**htmx_headers, "HX-Target": "quotes"})
    assert quotes.text.lstrip().startswith('<div id="quotes">')


@pytest.mark.parametrize("pk", [999999, 2**63, 10**30])
def test_unknown_person_is_404(client, db, pk):
    assert client.get(f"/people/{pk}/").status_code == 404


@pytest.mark.parametrize("page", ["-5", "0", "99999999999", "x", ""])
def test_person_page_numbers_are_clamped(client, world, page):
    response = client.get(
        reverse("meetings:person_detail", args=[world["wang"].pk]), {"page": page, "quotes_page": page}
    )

    assert response.status_code == 200
    assert len(meeting_ids(response)) == 3


def test_person_without_meetings_says_so(client, db):
    person = Person.objects.create(name="Nobody")

    html = client.get(reverse("meetings:person_detail", args=[person.pk])).text

    assert "No meetings recorded." in html
    assert "No quotes recorded." in html
    assert "No titles recorded." in html


# Country


def test_country_page_shows_meetings_counterparts_and_topics_ranked(client, world):
    response = client.get(reverse("meetings:country_detail", args=["CN"]))
    html = response.text

    assert response.status_code == 200
    assert "China" in html
    assert meeting_ids(response) == [world["cn_us"].pk, world["cn_fr_2"].pk, world["cn_fr_1"].pk]
    counterparts = html[html.index('id="counterparts-heading"') : html.index('id="topics-heading"')]
    assert counterparts.index("France") < counterparts.index("United States")
    assert 'href="/?country=CN&amp;country=FR"' in counterparts
    topics = html[html.index('id="topics-heading"') :]
    assert re.search(
        r'href="/topics/energy/">Energy</a>\s*<a class="count" href="/\?country=CN&amp;topic=energy"[^>]*>2<',
        topics,
    )
    assert 'class="timeline__svg"' in html


def test_country_code_is_case_insensitive(client, world):
    assert meeting_ids(client.get("/countries/cn/")) == meeting_ids(client.get("/countries/CN/"))


@pytest.mark.parametrize("code", ["ZZ", "FRA", "x" * 500, "%3Cscript%3E"])
def test_unknown_country_is_404(client, db, code):
    assert client.get(f"/countries/{code}/").status_code == 404


def test_country_without_meetings_says_so(client, db):
    html = client.get("/countries/JP/").text

    assert "No meetings involving Japan recorded." in html
    assert "No dated meetings." in html


def test_country_without_meetings_escapes_its_name_in_the_empty_state(client, db):
    from meetings.models import Country

    Country.objects.filter(code="JP").update(name="Japan <b>& co</b>")

    html = client.get("/countries/JP/").text

    assert "No meetings involving Japan &lt;b&gt;&amp; co&lt;/b&gt; recorded." in html


def test_topic_without_meetings_or_quotes_says_so_in_each_region(client, db, htmx_headers):
    url = reverse("meetings:topic_detail", args=["energy"])

    meetings = client.get(url, headers=htmx_headers).text
    quotes = client.get(url, headers={**htmx_headers, "HX-Target": "quotes"}).text

    assert (
        " ".join(meetings.split())
        == '<div id="meetings"> <p class="muted">No meetings on this topic.</p> </div>'
    )
    assert quotes.lstrip().startswith('<div id="quotes">') and "No quotes on this topic." in quotes
    assert "No meetings" not in quotes


def test_country_pagination_htmx_partial(client, world, settings, htmx_headers):
    settings.MEETINGS_PAGE_SIZE = 1
    response = client.get("/countries/CN/", {"page": "3"}, headers=htmx_headers)

    assert response.text.lstrip().startswith('<div id="meetings">')
    assert meeting_ids(response) == [world["cn_fr_1"].pk]
    assert "HX-Request" in response["Vary"]


# Topic


def test_topic_page_shows_meetings_and_quotes(client, world):
    response = client.get(reverse("meetings:topic_detail", args=["energy"]))
    html = response.text

    assert response.status_code == 200
    assert "<h1>Energy</h1>" in html
    assert meeting_ids(response) == [world["cn_fr_2"].pk, world["cn_fr_1"].pk]
    assert quote_ids(response) == [world["quote"].pk]
    assert 'href="/quotes/?topic=energy"' in html
    assert 'href="/?topic=energy"' in html


def test_unknown_topic_is_404(client, db):
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_topic_quote_pagination_is_a_partial(client, world, settings, htmx_headers):
    settings.MEETINGS_PAGE_SIZE = 1
    url = reverse("meetings:topic_detail", args=["energy"])

    full = client.get(url)
    assert 'href="?page=2"' in full.text

    response = client.get(url, {"quotes_page": "1"}, headers={**htmx_headers, "HX-Target": "quotes"})
    assert response.text.lstrip().startswith('<div id="quotes">')
    assert quote_ids(response) == [world["quote"].pk]


# Query counts


def make_many(count: int) -> None:
    for i in range(count):
        meeting = make_meeting(
            date=dt.date(2024, 1, 1) + dt.timedelta(days=i),
            countries=("CN", "FR", "US"),
            topics=("energy", "trade-investment"),
            people=(WANG, (f"Envoy {i}", "FR", "Envoy")),
            quotes=1,
        )
        quote = meeting.quotes.get()
        quote.speaker = Person.objects.get(name="Wang Yi")
        quote.save()
        quote.topics.set([topic("energy")])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # person, aliases, meeting count, page, participations, countries, topics, quote count, quote
        # page, quote topics, quote meeting countries, titles, countries, counterparts, timeline,
        # and the data version, read once for the whole page (it was read once per cached value)
        ("person", 16),
        # country, count, page, participations, countries, topics, counterparts, topics, timeline,
        # and the data version, once
        ("/countries/CN/", 10),
        # topic, meeting count, page, participations, countries, topics, quote count, quote page,
        # quote topics, quote meeting countries, timeline, and the data version, once
        ("/topics/energy/", 12),
    ],
)
def test_profile_pages_run_the_same_queries_for_5_and_50_meetings(
    client, db, settings, django_assert_num_queries, url, expected
):
    settings.MEETINGS_PAGE_SIZE = 100
    make_many(5)
    if url == "person":
        url = reverse("meetings:person_detail", args=[Person.objects.get(name="Wang Yi").pk])
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(meeting_ids(response)) == 5
    make_many(45)
    cache.clear()  # factories write without bumping the data version, as the services do
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(meeting_ids(response)) == 50


def test_country_page_list_is_cached_until_a_write(client, db, django_capture_on_commit_callbacks):
    a = make_meeting(countries=("CN", "FR"))
    b = make_meeting(countries=("CN", "US"))
    url = reverse("meetings:country_detail", args=["CN"])
    both = sorted([a.pk, b.pk])
    assert sorted(meeting_ids(client.get(url))) == both

    b.delete()  # not through a service: the cached list stays until the version changes
    assert sorted(meeting_ids(client.get(url))) == both

    c = make_meeting(countries=("CN", "DE"))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_merge(target=a, others=[c])
    assert meeting_ids(client.get(url)) == [a.pk]
