"""Active filters as removable chips, facets by count, and "any of / all of" for countries."""

import csv
import datetime as dt
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.models import Meeting, Person
from tests.factories import make_meeting
from tests.views.test_meeting_list import facet_count, meeting_ids

URL = reverse("meetings:meeting_list")

pytestmark = pytest.mark.django_db


def chips(response) -> dict[str, dict[str, list[str]]]:
    """Each chip's accessible name, and the parameters its link keeps (href and hx-get must agree)."""
    found = {}
    for href, hx_get, label in re.findall(
        r'<a class="chip" href="([^"]*)" hx-get="([^"]*)"[^>]*aria-label="Remove the filter ([^"]*)"',
        response.text,
    ):
        assert href == hx_get
        found[html.unescape(label)] = parse_qs(urlsplit(html.unescape(href)).query)
    return found


@pytest.fixture
def world(db):
    return {
        "cn_fr": make_meeting(
            date=dt.date(2025, 3, 1),
            countries=("CN", "FR"),
            topics=("energy",),
            city="Lyon",
            location="FR",
            people=(("Ada Quillfeather", "CN", "Envoy"), ("Boris Tannenhaus", "FR", "Envoy")),
        ),
        "cn_us": make_meeting(date=dt.date(2025, 6, 10), countries=("CN", "US")),
        "fr_de": make_meeting(
            date=dt.date(2024, 9, 20), countries=("FR", "DE"), status=Meeting.Status.PLANNED
        ),
        "de_jp": make_meeting(date=None, countries=("DE", "JP")),
    }


def test_every_active_filter_value_is_a_chip_that_removes_only_itself(client, world):
    person = Person.objects.get(name="Ada Quillfeather")
    params = {
        "country": ["CN", "FR"],
        "topic": "energy",
        "person": str(person.pk),
        "status": "held",
        "date_from": "2025-01-01",
        "date_to": "2025-12-31",
        "precision": "day",
        "q": "Lyon",
        "page": "1",
    }

    response = client.get(URL, params)

    assert meeting_ids(response) == [world["cn_fr"].pk]
    everything = {k: v if isinstance(v, list) else [v] for k, v in params.items() if k != "page"}
    assert chips(response) == {
        "Search: “Lyon”": {k: v for k, v in everything.items() if k != "q"},
        "Date: 2025": {k: v for k, v in everything.items() if k not in ("date_from", "date_to")},
        "Dated: to the day": {k: v for k, v in everything.items() if k != "precision"},
        "Status: Held": {k: v for k, v in everything.items() if k != "status"},
        "Country: China": {**everything, "country": ["FR"]},
        "Country: France": {**everything, "country": ["CN"]},
        "Topic: Energy": {k: v for k, v in everything.items() if k != "topic"},
        "Person: Ada Quillfeather": {k: v for k, v in everything.items() if k != "person"},
    }
    assert f'<a class="chips__clear" href="{URL}">Clear all</a>' in response.text
    assert 'data-clears="q"' in response.text  # the search chip also empties the box


def test_following_a_country_chip_keeps_the_other_country(client, world):
    response = client.get(URL, {"country": ["CN", "FR"]})
    href = next(a for a in re.findall(r'class="chip" href="([^"]*)"', response.text) if "FR" not in a)

    after = client.get(URL + html.unescape(href))

    assert parse_qs(urlsplit(html.unescape(href)).query) == {"country": ["CN"]}
    assert meeting_ids(after) == [world["cn_us"].pk, world["cn_fr"].pk]
    assert list(chips(after)) == ["Country: China"]


def test_no_chips_without_filters_and_chips_in_the_htmx_fragment(client, world, htmx_headers):
    assert chips(client.get(URL)) == {}
    assert 'class="chips"' not in client.get(URL, {"sort": "oldest"}).text

    fragment = client.get(URL, {"status": "planned"}, headers=htmx_headers)

    assert "<html" not in fragment.text
    assert chips(fragment) == {"Status: Planned": {}}


def test_a_date_range_chip_says_its_range(client, world):
    response = client.get(URL, {"date_from": "2024-09-01"})

    assert chips(response) == {"Date: from 2024-09-01": {}}
    assert list(chips(client.get(URL, {"date_from": "2024-09-01", "date_to": "2025-03-01"}))) == [
        "Date: 2024-09-01 to 2025-03-01"
    ]
    assert list(chips(client.get(URL, {"precision": "none"}))) == ["Dated: undated"]


def test_any_of_the_countries_gives_meetings_with_at_least_one(client, world):
    all_of = client.get(URL, {"country": ["US", "DE"]})
    any_of = client.get(URL, {"country": ["US", "DE"], "match": "any"})

    assert meeting_ids(all_of) == []
    assert "no meeting involves all of" in all_of.text
    assert meeting_ids(any_of) == [world["cn_us"].pk, world["fr_de"].pk, world["de_jp"].pk]
    assert meeting_ids(client.get(URL, {"country": ["US", "DE"], "match": "all"})) == []
    # Under "any", a country's count is what ticking it adds: its meetings under the other filters.
    assert facet_count(any_of, "country-CN") == 2
    assert facet_count(any_of, "country-DE") == 2
    assert facet_count(all_of, "country-CN") is None
    assert 'id="match-any" name="match" value="any" checked' in any_of.text
    assert 'id="match-all" name="match" value="" checked' in all_of.text
    assert chips(any_of) == {
        "Any of: United States": {"country": ["DE"], "match": ["any"]},
        "Any of: Germany": {"country": ["US"], "match": ["any"]},
    }
    # Removing the last country also drops "any", which means nothing without countries.
    assert chips(client.get(URL, {"country": "US", "match": "any"})) == {"Country: United States": {}}


def test_removing_one_of_three_countries_keeps_any(client, world):
    response = client.get(URL, {"country": ["US", "DE", "JP"], "match": "any"})

    assert chips(response)["Any of: Japan"] == {"country": ["DE", "US"], "match": ["any"]}  # by name


def test_exports_honour_any_of(client, world):
    response = client.get(URL, {"country": ["US", "DE"], "match": "any", "format": "csv"})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert [int(row["id"]) for row in rows] == [world["cn_us"].pk, world["fr_de"].pk, world["de_jp"].pk]


@pytest.mark.parametrize("params", [{"match": "some"}, {"match": ["any", "x" * 5000]}])
def test_a_bad_match_is_ignored_and_said(client, world, params):
    response = client.get(URL, {"country": ["US", "DE"], **params})

    assert response.status_code == 200
    assert "Ignored the countries&#x27; match filter" in response.text
    assert meeting_ids(response) == []  # all of them, the default


def test_facets_are_ordered_by_count(client, world):
    response = client.get(URL)
    countries = re.findall(r'id="country-([A-Z]{2})"', response.text)

    # FR and DE have 2 meetings each, China 2, Japan and the United States 1: ties by name
    assert countries == ["CN", "FR", "DE", "JP", "US"]


def test_quote_list_shows_its_filters_as_chips(client, world):
    response = client.get(reverse("meetings:quote_list"), {"country": "fr", "topic": "energy"})

    assert chips(response) == {"Country: France": {"topic": ["energy"]}, "Topic: Energy": {"country": ["fr"]}}


def make_many(count: int) -> None:
    for i in range(count):
        make_meeting(
            date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            countries=("CN", "FR") if i % 2 else ("US", "DE"),
            topics=("energy",),
            people=((f"Envoy {i} Sample", "CN", "Envoy"),),
        )


@pytest.mark.parametrize(
    "params",
    [
        {"country": ["CN", "DE"], "match": "any", "q": "Sample", "status": "held"},
        {"country": ["CN"], "topic": "energy", "date_from": "2025-01-01", "precision": "day"},
    ],
    ids=["any", "all"],
)
def test_query_count_with_chips_does_not_grow_with_meetings(
    client, db, settings, django_assert_max_num_queries, params
):
    settings.MEETINGS_PAGE_SIZE = 100

    def queries() -> tuple[int, list[int]]:
        cache.clear()
        with django_assert_max_num_queries(1000) as captured:
            response = client.get(URL, params)
        assert response.status_code == 200
        assert chips(response)
        return len(captured), meeting_ids(response)

    make_many(5)
    with_5, ids_5 = queries()
    make_many(45)
    with_50, ids_50 = queries()

    assert with_5 == with_50
    assert (len(ids_5), len(ids_50)) == ((5, 50) if params.get("match") else (2, 24))


def test_filter_by_the_country_a_meeting_was_held_in(client, world):
    response = client.get(URL, {"place": "fr"})

    assert meeting_ids(response) == [world["cn_fr"].pk]
    assert chips(response) == {"Held in: France": {}}
    bad = client.get(URL, {"place": "Narnia"})
    assert bad.status_code == 200 and "Ignored the place filter" in bad.text
    assert len(meeting_ids(bad)) == 4


def test_the_reviewed_filter_is_a_chip_that_removes_it(client, world):
    Meeting.objects.filter(pk=world["cn_fr"].pk).update(reviewed=True)
    response = client.get(URL, {"reviewed": "yes", "status": "held"})
    assert meeting_ids(response) == [world["cn_fr"].pk]
    found = chips(response)
    assert found["Reviewed: by staff only"] == {"status": ["held"]}
