"""The map: meetings per country held in, as SVG shapes and a ranked table, under the list's filters."""

import datetime as dt
import html
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings import worldmap
from tests.factories import make_meeting
from tests.views.test_meeting_list import meeting_ids

URL = reverse("meetings:place_map")
LIST = reverse("meetings:meeting_list")

pytestmark = pytest.mark.django_db


def shapes(response) -> dict[str, tuple[str, str]]:
    """The linked shapes of the map: code -> (link, title)."""
    return {
        code: (html.unescape(href), html.unescape(title))
        for href, code, title in re.findall(
            r'<a href="([^"]*)" aria-label="[^"]*" data-code="([A-Z]{2})">\s*<(?:path|circle) '
            r'class="worldmap__shape worldmap__shape--\d"[^>]*><title>([^<]*)</title>',
            response.text,
        )
    }


def table(response) -> list[tuple[str, int]]:
    return [
        (name, int(n))
        for name, n in re.findall(
            r'<td><a href="/countries/[A-Z]{2}/">([^<]*)</a></td><td class="num"><a[^>]*>(\d+)', response.text
        )
    ]


@pytest.fixture
def world(db):
    return {
        "paris_1": make_meeting(
            date=dt.date(2025, 3, 1), countries=("CN", "FR"), location="FR", topics=("energy",)
        ),
        "paris_2": make_meeting(date=dt.date(2024, 3, 1), countries=("FR", "DE"), location="FR"),
        "beijing": make_meeting(
            date=dt.date(2025, 5, 1), countries=("CN", "US"), location="CN", topics=("energy",)
        ),
        "singapore": make_meeting(date=dt.date(2025, 7, 1), countries=("US", "CN"), location="SG"),
        "nowhere": make_meeting(date=dt.date(2025, 8, 1), countries=("JP",)),
    }


def test_each_country_with_meetings_is_a_shape_with_its_count_link_and_title(client, world):
    response = client.get(URL)

    assert response.status_code == 200
    found = shapes(response)
    assert found == {
        "FR": (f"{LIST}?place=FR", "France: 2 meetings held there"),
        "CN": (f"{LIST}?place=CN", "China: 1 meeting held there"),
        "SG": (f"{LIST}?place=SG", "Singapore: 1 meeting held there"),  # no outline: a dot
    }
    assert re.search(
        r'data-code="FR">\s*<path class="worldmap__shape worldmap__shape--5" d="M[\d.,LMZ]+"', response.text
    )
    assert '<circle class="worldmap__shape worldmap__shape--4" cx="788.3" cy="229.5"' in response.text
    # Every other country is drawn, unlinked, with its own title.
    assert re.search(
        r'<path class="worldmap__shape" d="M[^"]+" data-code="BR"><title>Brazil: no meetings</title>',
        response.text,
    )
    assert table(response) == [("France", 2), ("China", 1), ("Singapore", 1)]
    assert "5 meetings: 3 countries, 1 without a known place." in response.text
    # The shape's link gives the meetings held there.
    assert sorted(meeting_ids(client.get(found["FR"][0]))) == sorted(
        [world["paris_1"].pk, world["paris_2"].pk]
    )


def test_filters_change_the_counts_and_travel_in_the_links(client, world):
    response = client.get(URL, {"topic": "energy", "date_from": "2025-01-01", "utm": "x"})

    assert shapes(response) == {
        "FR": (f"{LIST}?topic=energy&date_from=2025-01-01&place=FR", "France: 1 meeting held there"),
        "CN": (f"{LIST}?topic=energy&date_from=2025-01-01&place=CN", "China: 1 meeting held there"),
    }
    assert table(response) == [("China", 1), ("France", 1)]
    assert 'aria-label="Remove the filter Topic: Energy"' in response.text
    assert set(shapes(client.get(URL, {"country": ["US", "FR"], "match": "any"}))) == {"FR", "CN", "SG"}


@pytest.mark.parametrize(
    "params", [{"country": "ZZ"}, {"place": "xx" * 300}, {"date_from": "soon"}, {"match": "most"}]
)
def test_bad_filters_are_ignored_and_said(client, world, params):
    response = client.get(URL, params)

    assert response.status_code == 200
    assert "Ignored the" in response.text
    assert len(shapes(response)) == 3


def test_the_list_and_the_header_link_to_the_map_with_the_filters(client, world):
    response = client.get(LIST, {"topic": "energy", "page": "1"})

    assert f'<a href="{URL}?topic=energy">On a map</a>' in response.text
    assert f'<a href="{URL}"' in response.text  # the header


def test_the_country_page_maps_its_counterparts(client, world):
    response = client.get(reverse("meetings:country_detail", args=["CN"]))

    assert shapes(response) == {
        "FR": (f"{LIST}?country=CN&country=FR", "France: 1 meeting with China"),
        "US": (f"{LIST}?country=CN&country=US", "United States: 2 meetings with China"),
    }
    assert re.search(
        r'<path class="worldmap__shape worldmap__shape--own" d="M[^"]+" data-code="CN"><title>China</title>',
        response.text,
    )


def test_outlines_are_projected_once_and_inside_the_box():
    first = worldmap.outlines()

    assert worldmap.outlines() is first
    assert "AQ" not in first and first["FR"].path.startswith("M")
    numbers = [float(n) for n in re.findall(r"[\d.]+", first["NZ"].path + first["NO"].path)]
    assert 0 <= min(numbers) and max(numbers) <= worldmap.WIDTH


def make_many(count: int) -> None:
    places = ("FR", "CN", "DE", "BR", None)
    for i in range(count):
        make_meeting(
            date=dt.date(2025, 1, 1) + dt.timedelta(days=i), countries=("CN", "FR"), location=places[i % 5]
        )


@pytest.mark.parametrize("params", [{}, {"country": ["CN"], "topic": "energy", "q": "x"}])
def test_query_count_does_not_grow_with_meetings(client, db, django_assert_max_num_queries, params):
    def queries() -> int:
        cache.clear()
        with django_assert_max_num_queries(1000) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured)

    make_many(5)
    with_5 = queries()
    make_many(45)
    with_50 = queries()

    assert with_5 == with_50 <= 5
    if not params:
        assert table(client.get(URL)) == [("Brazil", 10), ("China", 10), ("France", 10), ("Germany", 10)]
