"""The meetings in the admin (issue 12, item 8): listed by date, countries and participants in a
fixed number of queries, autocomplete for countries and people, a country filter of the countries
that have meetings, and evidence as the sentences themselves."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import MeetingSource
from tests.factories import make_article, make_meeting

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:meetings_meeting_changelist")


@pytest.fixture
def staff_client(client):
    """A staff member (not a superuser) who may view and change the meetings data."""
    user = get_user_model().objects.create_user("editor", password="pw-12345-long", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="meetings"))
    client.force_login(user)
    return client


def rows(html: str) -> list[str]:
    body = html[html.index('<table id="result_list"') :]
    return re.findall(r"<tr>(.*?)</tr>", body[body.index("<tbody>") : body.index("</tbody>")], re.S)


def cell(row: str, column: str) -> str:
    match = re.search(rf'class="field-{column}[^"]*">(.*?)</t[dh]>', row, re.S)
    assert match, f"no {column} column in {row}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_meetings_are_listed_by_date_countries_and_participants(staff_client):
    make_meeting(
        date=dt.date(2025, 6, 15),
        countries=("GH", "NO"),
        city="Accra",
        location="GH",
        people=(("Amara Owusu", "GH", "Foreign Minister"), ("Jonas Lund", "NO", "State Secretary")),
    )
    make_meeting(date=None, countries=("JP",))

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    dated, undated = rows(response.text)
    assert cell(dated, "when") == "15 June 2025"
    assert cell(dated, "countries_list") == "Ghana, Norway"
    assert cell(dated, "participants") == "Amara Owusu, Jonas Lund"
    assert cell(dated, "place") == "Accra, Ghana"
    assert cell(undated, "when").startswith("undated (meeting ")
    assert cell(undated, "countries_list") == "Japan"
    assert "Meeting " not in cell(dated, "when")


def test_a_row_names_four_participants_then_says_how_many_more(staff_client):
    people = tuple((f"Delegate {letter} Example", "GH", "Envoy") for letter in "ABCDEF")
    make_meeting(countries=("GH",), people=people)

    (row,) = rows(staff_client.get(CHANGELIST).text)

    expected = "Delegate A Example, Delegate B Example, Delegate C Example, Delegate D Example and 2 more"
    assert cell(row, "participants") == expected


def _changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


def test_changelist_query_count_does_not_grow_with_meetings(staff_client):
    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            make_meeting(
                date=dt.date(2024, 1, 1) + dt.timedelta(days=i),
                countries=("GH", "NO") if i % 2 else ("JP", "PE"),
                people=((f"Envoy {i} Sample", "GH", "Envoy"), (f"Envoy {i} Other", "NO", "Minister")),
            )

    add(5, 0)
    at_five = _changelist_queries(staff_client)
    assert len(rows(staff_client.get(CHANGELIST).text)) == 5
    add(45, 5)
    at_fifty = _changelist_queries(staff_client)

    assert len(rows(staff_client.get(CHANGELIST).text)) == 50
    assert at_fifty == at_five


def test_country_filter_lists_only_countries_that_have_meetings(staff_client):
    ghana = make_meeting(countries=("GH", "NO"))
    make_meeting(countries=("JP",))

    html = staff_client.get(CHANGELIST).text
    codes = sorted(set(re.findall(r"countries__code__exact=([A-Z]{2})", html)))

    assert codes == ["GH", "JP", "NO"]
    filtered = staff_client.get(CHANGELIST, {"countries__code__exact": "NO"}).text
    assert [cell(row, "countries_list") for row in rows(filtered)] == ["Ghana, Norway"]
    assert f"/meetings/meeting/{ghana.pk}/change/" in filtered


def _autocomplete(client, model: str, field: str, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "meetings", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_countries_and_people_are_picked_by_autocomplete_accents_aside(staff_client):
    meeting = make_meeting(countries=("TR",), people=(("Lucía Quispe", "PE", "Foreign Minister"),))

    assert _autocomplete(staff_client, "meeting", "countries", "turkiye") == ["Türkiye"]
    assert _autocomplete(staff_client, "meeting", "location_country", "norw") == ["Norway"]
    assert _autocomplete(staff_client, "participation", "person", "lucia") == ["Lucía Quispe"]

    form = staff_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).text
    for field in ("countries", "location_country", "participations-0-person", "participations-0-country"):
        tag = re.search(rf'<select[^>]*name="{field}"[^>]*>', form).group(0)
        assert "admin-autocomplete" in tag, field


def test_evidence_is_shown_as_the_sentences_escaped_not_offsets(staff_client):
    text = (
        "Title: Talks in Accra\n\nThe weather was fine. Amara Owusu met Jonas Lund in Accra on "
        "<b>Monday</b>. They talked. Both sides agreed to meet again."
    )
    sentence = "Amara Owusu met Jonas Lund in Accra on <b>Monday</b>."
    again = "Both sides agreed to meet again."
    start, later = text.index(sentence), text.index(again)
    article = make_article(text=text)
    meeting = make_meeting(article=article)
    MeetingSource.objects.filter(meeting=meeting).update(
        evidence=[[start, start + len(sentence)], [later, later + len(again)]]
    )
    source = MeetingSource.objects.get(meeting=meeting)

    for url in (
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        reverse("admin:meetings_meetingsource_change", args=[source.pk]),
    ):
        html = staff_client.get(url).text
        assert (
            '<p class="evidence">Amara Owusu met Jonas Lund in Accra on &lt;b&gt;Monday&lt;/b&gt;.</p>'
            in html
        )
        assert f'<p class="evidence">{again}</p>' in html
        assert "The weather was fine." not in html
        assert "<b>Monday</b>" not in html
    meeting_form = staff_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).text
    assert f"[[{start}, " not in meeting_form, "the meeting page shows no raw offsets"


def test_evidence_that_is_not_a_list_of_spans_shows_a_note_not_an_error(staff_client):
    meeting = make_meeting()
    MeetingSource.objects.filter(meeting=meeting).update(evidence=[["a", None], [5, 2]])

    html = staff_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).text

    assert "(no sentences recorded)" in html


def test_admin_search_finds_a_place_accents_aside(staff_client):
    make_meeting(city="Bāli", countries=("ID",))
    make_meeting(city="Paris", countries=("FR",))

    found = rows(staff_client.get(CHANGELIST, {"q": "bali"}).text)

    assert [cell(row, "place") for row in found] == ["Bāli"]
