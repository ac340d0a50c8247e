"""The network: countries or people of the selection, and the meetings each pair shares."""

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.models import Person
from meetings.selectors import meeting_network
from tests.factories import make_meeting
from tests.views.test_meeting_list import meeting_ids

URL = reverse("meetings:meeting_network")

pytestmark = pytest.mark.django_db

ADA = ("Ada Quillfeather", "CN", "Envoy")
BORIS = ("Boris Tannenhaus", "FR", "Envoy")
CLEO = ("Cleo Marrant", "US", "Envoy")


def pairs(response) -> list[tuple[str, str, int]]:
    return [
        (html.unescape(a), html.unescape(b), int(n))
        for a, b, n in re.findall(
            r'<td><a href="[^"]*">([^<]*)</a></td>\s*<td><a href="[^"]*">([^<]*)</a></td>\s*'
            r'<td class="num"><a [^>]*>(\d+)</a>',
            response.text,
        )
    ]


def nodes(response) -> dict[str, str]:
    return dict(
        re.findall(
            r'<a class="network__node" href="([^"]*)" data-node="[^"]*" aria-label="([^"]*)"', response.text
        )
    )


@pytest.fixture
def world(db):
    return {
        "cn_fr_1": make_meeting(
            date=dt.date(2025, 1, 1), countries=("CN", "FR"), topics=("energy",), people=(ADA, BORIS)
        ),
        "cn_fr_2": make_meeting(date=dt.date(2025, 2, 1), countries=("CN", "FR"), people=(ADA, BORIS)),
        "trio": make_meeting(
            date=dt.date(2025, 3, 1),
            countries=("CN", "FR", "US"),
            topics=("energy",),
            people=(ADA, BORIS, CLEO),
        ),
        "us_de": make_meeting(date=dt.date(2024, 3, 1), countries=("US", "DE")),
        "jp": make_meeting(date=dt.date(2024, 4, 1), countries=("JP",)),
    }


def test_countries_are_nodes_and_shared_meetings_weighted_edges(client, world):
    response = client.get(URL)

    assert response.status_code == 200
    assert pairs(response) == [
        ("China", "France", 3),
        ("China", "United States", 1),
        ("France", "United States", 1),
        ("Germany", "United States", 1),
    ]
    assert nodes(response) == {
        "/countries/CN/": "China: 3 meetings",
        "/countries/FR/": "France: 3 meetings",
        "/countries/US/": "United States: 2 meetings",
        "/countries/DE/": "Germany: 1 meeting",
        "/countries/JP/": "Japan: 1 meeting",
    }
    assert "5 countries; 4 pairs that met." in response.text
    assert re.search(
        r'<line [^>]*stroke-width="8.0" data-pair="CN-FR"><title>China and France: 3 meetings</title>',
        response.text,
    )


def test_a_pair_links_to_its_meetings_within_the_selection(client, world):
    response = client.get(URL, {"topic": "energy"})

    assert pairs(response) == [
        ("China", "France", 2),
        ("China", "United States", 1),
        ("France", "United States", 1),
    ]
    link = html.unescape(
        re.search(r'<a href="([^"]*)" aria-label="2 meetings between China and France"', response.text).group(
            1
        )
    )
    assert parse_qs(urlsplit(link).query) == {"topic": ["energy"], "country": ["CN", "FR"]}
    assert meeting_ids(client.get(link)) == [world["trio"].pk, world["cn_fr_1"].pk]


def test_filters_apply(client, world):
    response = client.get(URL, {"country": "US"})

    assert pairs(response) == [
        ("China", "France", 1),
        ("China", "United States", 1),
        ("France", "United States", 1),
        ("Germany", "United States", 1),
    ]
    assert 'aria-label="Remove the filter Country: United States"' in response.text
    assert pairs(client.get(URL, {"date_from": "2025-01-01", "country": ["CN", "US"], "match": "any"})) == [
        ("China", "France", 3),
        ("China", "United States", 1),
        ("France", "United States", 1),
    ]
    assert "No meetings match" in client.get(URL, {"status": "planned"}).text


def test_people_as_nodes(client, world):
    response = client.get(URL, {"nodes": "people"})
    ada = Person.objects.get(name="Ada Quillfeather")

    assert pairs(response) == [
        ("Ada Quillfeather", "Boris Tannenhaus", 3),
        ("Ada Quillfeather", "Cleo Marrant", 1),
        ("Boris Tannenhaus", "Cleo Marrant", 1),
    ]
    assert nodes(response)[f"/people/{ada.pk}/"] == "Ada Quillfeather: 3 meetings"
    link = html.unescape(
        re.search(r'<a href="([^"]*)" aria-label="3 meetings between Ada', response.text).group(1)
    )
    assert parse_qs(urlsplit(link).query)["person"] == sorted(
        [str(ada.pk), str(Person.objects.get(name="Boris Tannenhaus").pk)], key=lambda k: k != str(ada.pk)
    )


def test_the_nodes_are_capped_and_the_page_says_so(client, world):
    network = meeting_network(filters={}, limit=2)

    assert [n.key for n in network.nodes] == ["CN", "FR"] and network.total_nodes == 5
    assert [(e.a.key, e.b.key, e.count) for e in network.edges] == [("CN", "FR", 3)]
    for i in range(32):
        make_meeting(countries=("GH",), people=((f"Delegate {i:02} Sample", "GH", "Delegate"), ADA))
    response = client.get(URL, {"nodes": "people"})
    assert "The 30 people with the most meetings, of 35;" in response.text
    assert response.text.count('<a class="network__node"') == 30
    assert (
        nodes(response)[f"/people/{Person.objects.get(name='Ada Quillfeather').pk}/"]
        == "Ada Quillfeather: 35 meetings"
    )


@pytest.mark.parametrize(
    "params", [{"nodes": "planets"}, {"country": "ZZ"}, {"person": "99999999999999999999"}]
)
def test_bad_parameters_are_ignored_and_said(client, world, params):
    response = client.get(URL, params)

    assert response.status_code == 200
    assert "Ignored the" in response.text
    assert pairs(response)[0] == ("China", "France", 3)


def test_the_layout_is_deterministic_and_every_node_is_a_focusable_link(client, world):
    first = client.get(URL).text
    cache.clear()
    second = client.get(URL).text

    drawing = re.search(r"<svg class=\"network__svg\".*?</svg>", first, re.S).group(0)
    assert drawing == re.search(r"<svg class=\"network__svg\".*?</svg>", second, re.S).group(0)
    assert drawing.count('<a class="network__node" href="/countries/') == 5
    assert 'cx="320.0" cy="120.0"' in drawing  # the first node at the top of the circle


def make_many(count: int) -> None:
    for i in range(count):
        make_meeting(
            date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            countries=(("CN", "FR"), ("US", "DE"), ("CN", "US", "JP"))[i % 3],
            topics=("energy",),
            people=((f"Envoy {i} Sample", "CN", "Envoy"), (f"Aide {i % 4} Sample", "FR", "Aide")),
        )


@pytest.mark.parametrize(
    "params", [{}, {"nodes": "people"}, {"country": ["CN"], "topic": "energy", "match": "any"}]
)
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

    assert with_5 == with_50
