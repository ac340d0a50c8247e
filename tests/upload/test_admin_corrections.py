"""Corrections in the admin: saving marks records as edited, merge/split/person-merge actions, history."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from meetings.models import Decision, Meeting, MeetingSource, Person, Quote
from meetings.services.ingest import articles_ingest, articles_reextract
from meetings.services.readers import ArticleInput
from tests.factories import make_meeting, make_person

pytestmark = pytest.mark.django_db

ROME = (
    "Date: 2026-02-10\n\nItalian Foreign Minister Marco Conti met Spanish Foreign Minister Lucia Vega in Rome"
    ' on Monday to discuss migration. "We agree on the essentials," Conti said.'
)


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long")
    client.force_login(user)
    client.user = user
    return client


def action(client, model: str, name: str, pks):
    return client.post(
        reverse(f"admin:meetings_{model}_changelist"),
        {"action": name, "_selected_action": list(pks)},
        follow=True,
    )


def test_saving_a_meeting_in_the_admin_locks_it_records_who_and_survives_reextraction(admin_client):
    articles_ingest(inputs=[ArticleInput(name="rome.txt", text=ROME)])
    meeting = Meeting.objects.get()
    article = meeting.sources.get().article
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in {"countries", "topics"}}
    data.update(
        {
            "city": "Roma (corrected)",
            "date": "2026-02-09",
            "countries": ["IT", "ES"],
            "participations-TOTAL_FORMS": 0,
            "participations-INITIAL_FORMS": 0,
            "sources-TOTAL_FORMS": 0,
            "sources-INITIAL_FORMS": 0,
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    meeting.refresh_from_db()
    assert meeting.locked and meeting.edited_by == admin_client.user and meeting.edited_at
    assert LogEntry.objects.filter(object_id=str(meeting.pk), user=admin_client.user).exists()
    correction = Decision.objects.get(kind=Decision.Kind.MEETING_CORRECTION)
    assert correction.made_by == admin_client.user and correction.meeting == meeting
    # The date posted is the one extracted; the topics, left out of the post, were cleared.
    assert correction.values == {"city": "Roma (corrected)", "topics": []}

    Meeting.objects.filter(pk=meeting.pk).update(locked=False)  # handed back: the decision still holds
    articles_reextract(articles=[article])

    meeting.refresh_from_db()
    assert meeting.city == "Roma (corrected)" and str(meeting.date) == "2026-02-09"
    assert meeting.locked and not meeting.topics.exists()
    assert Meeting.objects.count() == 1


def test_saving_a_quote_in_the_admin_locks_it(admin_client):
    articles_ingest(inputs=[ArticleInput(name="rome.txt", text=ROME)])
    quote = Quote.objects.get()
    url = reverse("admin:meetings_quote_change", args=[quote.pk])

    admin_client.post(
        url,
        {
            "text": quote.text,
            "speaker": "",
            "speaker_label": "Italy's foreign minister",
            "article": quote.article_id,
            "meeting": quote.meeting_id,
            "start": quote.start,
            "end": quote.end,
            "locked": "on",
        },
    )
    articles_reextract(articles=[quote.article])

    quote.refresh_from_db()
    assert quote.locked and quote.speaker_label == "Italy's foreign minister" and quote.speaker is None


def test_merge_and_split_meeting_actions(admin_client):
    first = make_meeting(countries=("FR", "DE"))
    second = make_meeting(countries=("FR", "DE"))

    action(admin_client, "meeting", "merge_meetings", [first.pk, second.pk])

    assert list(Meeting.objects.all()) == [first]
    assert first.sources.count() == 2
    source = MeetingSource.objects.filter(meeting=first).last()

    response = action(admin_client, "meetingsource", "split_off", [source.pk])

    assert response.status_code == 200
    assert Meeting.objects.count() == 2
    assert LogEntry.objects.filter(change_message__startswith="Split").exists()


def test_merge_people_action_keeps_aliases(admin_client):
    a = make_person("Wang Yi", country_code="CN")
    b = make_person("Wang  Yi (FM)", country_code="CN")

    action(admin_client, "person", "merge_people", [a.pk, b.pk])

    assert list(Person.objects.all()) == [a]
    assert {"Wang Yi", "Wang  Yi (FM)"} <= set(a.aliases.values_list("name", flat=True))


def test_admin_index_links_to_upload_and_failed_articles(admin_client):
    page = admin_client.get(reverse("admin:index")).text

    assert reverse("meetings:upload") in page and "status__exact=failed" in page
