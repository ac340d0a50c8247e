"""The review queue (issue 11, item 5): the meetings that most need a human, with their reasons, by
need; confirm and delete as decisions; "reviewed by staff" on the pages, the exports and a filter.

Invented names throughout."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from meetings.models import Decision, Meeting, Participation
from tests.factories import country, make_article, make_meeting, make_person

pytestmark = pytest.mark.django_db

REVIEW_URL = reverse("meetings:review")


@pytest.fixture
def boss():
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long")


@pytest.fixture
def staff_client(client, boss):
    client.force_login(boss)
    return client


@pytest.fixture
def flagged():
    """One meeting for each reason, and one with none."""
    lone = make_meeting(
        date=dt.date(2025, 3, 1), countries=("FR",), people=(("Aline Brevard", "FR", "Foreign Minister"),)
    )
    make_person("Jonas Keller", country_code="DE")
    crossed = make_meeting(
        date=dt.date(2025, 3, 2),
        countries=("FR", "AT"),
        people=(("Mireille Caron", "FR", "Minister"), ("Jonas Keller", "AT", "Minister")),
    )
    undated = make_meeting(
        date=None,
        countries=("IT", "ES"),
        people=(("Paolo Verdi", "IT", "Minister"), ("Rosa Lain", "ES", "Minister")),
        article=make_article(published=dt.date(2025, 4, 9)),
    )
    heading = make_meeting(
        date=dt.date(2025, 3, 4),
        countries=("PT", "BR"),
        people=(("QUESTION", None, ""), ("Nuno Silva", "PT", "Minister")),
    )
    clean = make_meeting(
        date=dt.date(2025, 3, 5),
        countries=("NO", "SE"),
        people=(("Ola Berg", "NO", "Minister"), ("Eva Lund", "SE", "Minister")),
    )
    return {"lone": lone, "crossed": crossed, "undated": undated, "heading": heading, "clean": clean}


def queue_ids(response) -> list[int]:
    return [item.meeting.pk for item in response.context["items"]]


def test_each_reason_is_named_and_the_queue_is_ordered_by_need(staff_client, flagged):
    response = staff_client.get(REVIEW_URL)

    assert response.status_code == 200
    assert queue_ids(response) == [
        flagged["heading"].pk,
        flagged["crossed"].pk,
        flagged["undated"].pk,
        flagged["lone"].pk,
    ]
    reasons = {item.meeting.pk: item.reasons for item in response.context["items"]}
    assert reasons[flagged["heading"].pk] == ("“QUESTION” does not look like a person's name",)
    assert reasons[flagged["crossed"].pk] == (
        "Jonas Keller represents Austria here, Germany on their record",
    )
    assert reasons[flagged["undated"].pk] == ("no date, although its article is dated 9 April 2025",)
    assert reasons[flagged["lone"].pk] == ("one named participant",)
    assert "4 meetings to review" in response.text
    assert "Jonas Keller represents Austria here, Germany on their record" in response.text


def test_the_queue_is_for_staff_only(client, flagged):
    anonymous = client.get(REVIEW_URL)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("admin:login"))

    client.force_login(get_user_model().objects.create_user("analyst", password="pw-12345-long"))
    assert client.get(REVIEW_URL).status_code == 403
    confirm = reverse("meetings:review_confirm", args=[flagged["lone"].pk])
    assert client.post(confirm).status_code == 403
    assert client.post(reverse("meetings:review_delete", args=[flagged["lone"].pk])).status_code == 403
    assert not Meeting.objects.get(pk=flagged["lone"].pk).reviewed


def test_staff_without_the_permissions_see_the_queue_but_cannot_act(client, flagged):
    client.force_login(get_user_model().objects.create_user("clerk", password="pw-12345-long", is_staff=True))

    page = client.get(REVIEW_URL)

    assert page.status_code == 200 and ">Confirm</button>" not in page.text
    assert client.post(reverse("meetings:review_confirm", args=[flagged["lone"].pk])).status_code == 403


def test_actions_are_csrf_protected_posts(boss, flagged):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(boss)
    confirm = reverse("meetings:review_confirm", args=[flagged["lone"].pk])

    assert csrf_client.get(confirm).status_code == 405
    assert csrf_client.post(confirm).status_code == 403
    assert not Meeting.objects.get(pk=flagged["lone"].pk).reviewed


def test_confirming_marks_the_meeting_reviewed_everywhere(staff_client, boss, flagged):
    lone = flagged["lone"]

    response = staff_client.post(reverse("meetings:review_confirm", args=[lone.pk]), {"page": "1"})

    assert response.status_code == 302 and response.url == f"{REVIEW_URL}?page=1"
    lone.refresh_from_db()
    assert lone.reviewed and lone.locked and lone.edited_by == boss
    decision = Decision.objects.get()
    assert (
        decision.kind == Decision.Kind.MEETING_REVIEW
        and decision.made_by == boss
        and decision.meeting == lone
    )
    assert lone.pk not in queue_ids(staff_client.get(REVIEW_URL))
    assert "Reviewed by staff" in staff_client.get(lone.get_absolute_url()).text
    listing = staff_client.get(reverse("meetings:meeting_list"))
    assert listing.text.count('<span class="badge badge--reviewed">Reviewed by staff</span>') == 1
    exported = json.loads(b"".join(staff_client.get("/?format=json").streaming_content))
    assert {row["id"]: row["reviewed"] for row in exported}[lone.pk] is True
    assert sum(row["reviewed"] for row in exported) == 1


def test_confirming_by_htmx_replaces_the_row(staff_client, flagged, htmx_headers):
    lone = flagged["lone"]

    response = staff_client.post(reverse("meetings:review_confirm", args=[lone.pk]), headers=htmx_headers)

    assert response.status_code == 200
    assert f'id="review-{lone.pk}"' in response.text and "Confirmed" in response.text
    assert "<html" not in response.text


def test_deleting_from_the_queue_is_a_decision(staff_client, flagged):
    heading = flagged["heading"]

    response = staff_client.post(reverse("meetings:review_delete", args=[heading.pk]))

    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=heading.pk).exists()
    assert Decision.objects.get().kind == Decision.Kind.MEETING_DELETION


def test_analysts_filter_to_reviewed_meetings_only(client, flagged):
    Meeting.objects.filter(pk__in=[flagged["clean"].pk, flagged["lone"].pk]).update(reviewed=True)

    page = client.get(reverse("meetings:meeting_list"), {"reviewed": "yes"})
    assert {m.pk for m in page.context["page"].object_list} == {flagged["clean"].pk, flagged["lone"].pk}
    assert 'name="reviewed" value="yes" checked' in page.text

    ignored = client.get(reverse("meetings:meeting_list"), {"reviewed": "maybe"})
    assert ignored.context["page"].paginator.count == 5
    assert "Ignored the reviewed filter" in ignored.text

    csv = b"".join(client.get("/", {"reviewed": "yes", "format": "csv"}).streaming_content).decode()
    rows = csv.strip().split("\r\n")
    assert rows[0].endswith(",quote_count,reviewed") and len(rows) == 3
    assert all(row.endswith(",yes") for row in rows[1:])
    participants = b"".join(
        client.get("/", {"reviewed": "yes", "format": "csv", "rows": "participants"}).streaming_content
    ).decode()
    assert participants.count(",yes\r\n") == 3 and ",no\r\n" not in participants


def make_flagged(count: int) -> None:
    for i in range(count):
        meeting = make_meeting(
            date=None if i % 2 else dt.date(2025, 1, 1 + i % 28),
            countries=("FR", "DE"),
            people=((f"Aline Brevard{chr(97 + i % 26)}", "FR", "Minister"),),
            article=make_article(published=dt.date(2025, 2, 1)),
        )
        Participation.objects.filter(meeting=meeting).update(country=country("DE"))


@pytest.mark.parametrize("count", [5, 50])
def test_review_page_queries_do_not_grow_with_the_meetings(staff_client, django_assert_num_queries, count):
    make_flagged(count)
    staff_client.get(REVIEW_URL)  # the session and the cached non-persons read once

    # session, user, data version, count, page, participations, countries, sources
    with django_assert_num_queries(8):
        response = staff_client.get(REVIEW_URL)

    assert len(response.context["items"]) == min(count, 20)
    assert response.context["page"].paginator.count == count
