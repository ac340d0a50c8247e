"""Places are searched accents and case aside (issue 12, item 9): "Bali" finds "Bāli" on SQLite
and PostgreSQL alike, through folded keys stored beside the names."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from meetings.models import Country, Meeting, MeetingSource
from meetings.services.corrections import meeting_merge
from meetings.services.matching import meeting_refresh
from tests.factories import make_meeting

URL = reverse("meetings:meeting_list")

pytestmark = pytest.mark.django_db


def meeting_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="meeting__title" href="/meetings/(\d+)/"', response.text)]


@pytest.fixture
def places():
    return {
        "bali": make_meeting(date=dt.date(2025, 5, 1), city="Bāli", location="ID", countries=("ID", "AU")),
        "brasilia": make_meeting(
            date=dt.date(2025, 4, 1), city="Brasília", location="BR", countries=("BR", "AR")
        ),
        "sao_paulo": make_meeting(
            date=dt.date(2025, 3, 1), city="São Paulo", location="BR", countries=("BR", "CL")
        ),
        "ankara": make_meeting(date=dt.date(2025, 2, 1), city="", location="TR", countries=("TR", "GR")),
        "paris": make_meeting(date=dt.date(2025, 1, 1), city="Paris", location="FR"),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Bali", ["bali"]),
        ("bāli", ["bali"]),  # the stored form still finds itself
        ("BALI", ["bali"]),
        ("Brasilia", ["brasilia"]),
        ("brasília", ["brasilia"]),
        ("Sao Paulo", ["sao_paulo"]),  # every word must match, each accents aside
        ("SÃO", ["sao_paulo"]),
        ("sao paris", []),
        ("turkiye", ["ankara"]),  # the host country's name ("Türkiye") too
        ("brazil", ["brasilia", "sao_paulo"]),
        ("%", []),  # punctuation alone names no place
    ],
)
def test_place_search_ignores_accents_and_case(client, places, q, expected):
    assert meeting_ids(client.get(URL, {"q": q})) == [places[name].pk for name in expected]


def test_a_place_changed_by_a_service_is_searched_by_its_new_name(client, places, django_user_model):
    # Merging copies the other meeting's place to a target that had none; the key goes with it.
    target = make_meeting(date=dt.date(2024, 6, 1), city="", countries=("ID", "AU"))
    meeting_merge(target=target, others=[places["bali"]], user=django_user_model.objects.create(username="a"))

    assert meeting_ids(client.get(URL, {"q": "bali"})) == [target.pk]


def test_refreshing_a_meeting_from_its_sources_refreshes_its_key(client, db):
    meeting = make_meeting(date=dt.date(2025, 1, 1), city="Lisbon")
    MeetingSource.objects.filter(meeting=meeting).update(
        extracted={"date": "2025-01-01", "date_precision": "day", "city": "Kraków", "countries": ["PL"]}
    )
    meeting_refresh(meeting=meeting)

    assert meeting_ids(client.get(URL, {"q": "krakow"})) == [meeting.pk]
    assert meeting_ids(client.get(URL, {"q": "lisbon"})) == []


def test_saving_only_the_city_saves_its_key(db):
    meeting = make_meeting(city="Paris")
    meeting.city = "Zürich"
    meeting.save(update_fields=["city"])

    assert Meeting.objects.get(pk=meeting.pk).city_key == "zurich"


def test_data_migration_fills_the_keys_of_rows_stored_before(db):
    meetings = [make_meeting(city="Bāli"), make_meeting(city="Bāli"), make_meeting(city="")]
    Meeting.objects.update(city_key="")
    Country.objects.update(name_key="")

    migration = importlib.import_module("meetings.migrations.0008_place_keys")
    migration.fill(apps, None)

    assert [Meeting.objects.get(pk=m.pk).city_key for m in meetings] == ["bali", "bali", ""]
    assert Country.objects.get(code="CI").name_key == "cote d ivoire"
    assert Country.objects.get(code="FR").name_key == "france"


def test_country_index_finds_a_country_accents_aside(client, places):
    html = client.get(reverse("meetings:country_index"), {"q": "turkiye"}).text

    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "Türkiye" in body
    assert "Greece" not in body


def test_country_index_search_of_punctuation_alone_finds_no_country(client, places):
    html = client.get(reverse("meetings:country_index"), {"q": "%"}).text

    assert "No countries found." in html
    assert "Türkiye" not in html
