"""The index pages of people, countries and topics (issue 12): every one with meetings, their counts
and latest meeting, searchable, sortable, paginated, in a constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import make_meeting, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    make_meeting(
        date=dt.date(2024, 1, 5),
        countries=("GH", "PE"),
        topics=("energy",),
        people=(("Kofi Mensah", "GH", "Foreign Minister"), ("Lucía Quispe", "PE", "Foreign Minister")),
    )
    make_meeting(
        date=dt.date(2025, 3, 9),
        countries=("GH", "JP"),
        topics=("energy", "trade-investment"),
        people=(("Kofi Mensah", "GH", "Foreign Minister"), ("Ken Sato", "JP", "Prime Minister")),
    )
    make_meeting(date=None, countries=("GH", "CL"), people=(("Kofi Mensah", "GH", "Foreign Minister"),))
    make_person("Nobody Met", country_code="FR")  # no meeting: not listed


def rows(html: str, start: str = "<tbody>") -> str:
    return html[html.index(start) : html.index("</tbody>")]


def test_people_are_listed_by_number_of_meetings_with_the_latest(client, meetings):
    html = client.get(reverse("meetings:person_index")).text
    body = rows(html)
    assert body.index("Kofi Mensah") < body.index("Ken Sato")
    assert "Nobody Met" not in body
    assert "3 people" in html
    assert '<time datetime="2025-03-09">9 Mar 2025</time>' in body
    assert 'href="/?person=' in body, "the count links to the person's meetings"


def test_people_are_found_by_any_form_of_their_name_accents_aside(client, meetings):
    html = client.get(reverse("meetings:person_index"), {"q": "quispe"}).text
    assert "Lucía Quispe" in rows(html) and "Kofi Mensah" not in rows(html)
    assert "Lucía Quispe" in rows(client.get(reverse("meetings:person_index"), {"q": "lucia"}).text)


def test_sorting_by_latest_meeting_and_by_name(client, meetings):
    latest = rows(client.get(reverse("meetings:person_index"), {"sort": "latest"}).text)
    assert latest.index("Kofi Mensah") < latest.index("Lucía Quispe")
    by_name = rows(client.get(reverse("meetings:person_index"), {"sort": "name"}).text)
    assert by_name.index("Ken Sato") < by_name.index("Kofi Mensah") < by_name.index("Lucía Quispe")


def test_countries_and_topics_indexes(client, meetings):
    countries = client.get(reverse("meetings:country_index")).text
    body = rows(countries)
    assert body.index("Ghana") < body.index("Japan") and "France" not in body
    assert 'href="/countries/GH/"' in body and ">3</a>" in body
    assert "Peru" in rows(client.get(reverse("meetings:country_index"), {"q": "PE"}).text)
    topics = rows(client.get(reverse("meetings:topic_index")).text)
    assert topics.index("Energy") < topics.index("Trade")


@pytest.mark.parametrize("params", [{"sort": "nonsense"}, {"q": "\x00"}, {"page": "-3"}, {"q": "x" * 5000}])
def test_bad_parameters_are_ignored_not_a_500(client, meetings, params):
    for name in ("person_index", "country_index", "topic_index"):
        assert client.get(reverse(f"meetings:{name}"), params).status_code == 200


def test_an_htmx_search_gets_only_the_results(client, meetings):
    response = client.get(reverse("meetings:person_index"), {"q": "sato"}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="index-results"')
    assert "Ken Sato" in response.text and "<html" not in response.text


@pytest.mark.parametrize("people", [5, 50])
def test_the_people_index_takes_the_same_queries_for_5_or_50_people(
    client, db, django_assert_num_queries, people
):
    for i in range(people):
        make_meeting(
            date=dt.date(2025, 1, 1) + dt.timedelta(days=i), people=((f"Person {i:03d}", "FR", "Minister"),)
        )
    with django_assert_num_queries(2):  # the count, the page (with each person's country)
        assert client.get(reverse("meetings:person_index")).status_code == 200


def test_the_indexes_are_linked_from_the_header_and_the_facets(client, meetings):
    html = client.get(reverse("meetings:meeting_list")).text
    for name in ("person_index", "country_index", "topic_index"):
        assert html.count(f'href="{reverse(f"meetings:{name}")}"') >= 2, name
