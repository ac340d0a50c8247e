"""Every write service bumps the data version once its transaction commits, so the cached counts,
facets and pages keyed by it are recomputed; a failed write bumps nothing."""

import pytest
from django.contrib.auth import get_user_model

from meetings.models import Meeting, MeetingSource
from meetings.selectors import data_version, meeting_summary, versions
from meetings.services.corrections import meeting_merge, meeting_split, person_merge, record_mark_edited
from meetings.services.ingest import articles_ingest, articles_reextract
from meetings.services.readers import ArticleInput
from tests.factories import make_meeting, make_person

pytestmark = pytest.mark.django_db

PARIS = (
    "Date: 2026-01-10\n\nFrench Foreign Minister Jean Moreau met German Foreign Minister Petra Lang in Paris"
    ' on Friday to discuss Ukraine. "We stand together," Moreau said.'
)


def bumps(django_capture_on_commit_callbacks, write) -> int:
    """How much ``write()`` raises the data version once its transaction commits."""
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        write()
    return data_version() - before


def scope_bumps(django_capture_on_commit_callbacks, write, scopes: list[str]) -> dict[str, int]:
    """How much ``write()`` raises the epoch and each of ``scopes`` once its transaction commits."""
    before = versions(scopes)
    with django_capture_on_commit_callbacks(execute=True):
        write()
    after = versions(scopes)
    return {name: b - a for name, a, b in zip(["epoch", *scopes], before, after, strict=True)}


def test_ingest_and_reextract_bump_their_scopes_once_per_article_and_not_the_epoch(
    django_capture_on_commit_callbacks,
):
    def ingest():
        report = articles_ingest(inputs=[ArticleInput(name="paris.txt", text=PARIS)])
        assert report.count("ingested") == 1

    scopes = ["lists", "country:FR", "country:DE", "topic:ukraine-war", "country:US", "topic:energy"]
    assert scope_bumps(django_capture_on_commit_callbacks, ingest, scopes) == {
        "epoch": 0,
        "lists": 1,
        "country:FR": 1,
        "country:DE": 1,
        "topic:ukraine-war": 1,
        "country:US": 0,
        "topic:energy": 0,
    }
    source = MeetingSource.objects.get()
    people = [f"person:{pk}" for pk in source.meeting.participations.values_list("person_id", flat=True)]
    meeting = f"meeting:{source.meeting_id}"
    assert len(people) == 2

    def reextract():
        articles_reextract(articles=[source.article])

    bumped = scope_bumps(
        django_capture_on_commit_callbacks, reextract, ["lists", meeting, *people, "country:US"]
    )
    assert bumped == {"epoch": 0, "lists": 1, meeting: 1, people[0]: 1, people[1]: 1, "country:US": 0}


def test_merge_split_and_person_merge_bump_the_version(django_capture_on_commit_callbacks):
    a = make_meeting(countries=("CN", "FR"))
    b = make_meeting(countries=("CN", "FR"))
    assert bumps(django_capture_on_commit_callbacks, lambda: meeting_merge(target=a, others=[b])) >= 1

    source = a.sources.order_by("id").last()  # the merge gave it b's source
    assert bumps(django_capture_on_commit_callbacks, lambda: meeting_split(source=source)) >= 1

    one, two = make_person("Wang Yi"), make_person("Wang  Yi")
    assert bumps(django_capture_on_commit_callbacks, lambda: person_merge(target=one, others=[two])) >= 1


def test_an_admin_edit_bumps_the_version_when_it_commits(django_capture_on_commit_callbacks):
    meeting = make_meeting()
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long")

    def edit():
        record_mark_edited(record=meeting, user=user)
        meeting.save()

    assert bumps(django_capture_on_commit_callbacks, edit) == 1


def test_a_write_rolled_back_does_not_bump_the_version(django_capture_on_commit_callbacks):
    meeting = make_meeting()
    before = data_version()
    with pytest.raises(ValueError), django_capture_on_commit_callbacks(execute=True):
        meeting_split(source=meeting.sources.get())  # a single source cannot be split
    assert data_version() == before


def test_cached_counts_are_recomputed_after_a_write(django_capture_on_commit_callbacks):
    a = make_meeting(countries=("CN", "FR"))
    b = make_meeting(countries=("CN", "US"))
    assert meeting_summary().count == 2
    assert meeting_summary().count == 2  # from the cache

    with django_capture_on_commit_callbacks(execute=True):
        meeting_merge(target=a, others=[b])

    summary = meeting_summary()
    assert summary.count == Meeting.objects.count() == 1
    assert {f.value: f.count for f in summary.facets.countries} == {"CN": 1, "FR": 1, "US": 1}


@pytest.fixture
def admin_client_logged_in(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-12345-long")
    client.force_login(user)
    return client


def test_deleting_in_the_admin_bumps_the_version_and_the_list_forgets_the_meeting(
    admin_client_logged_in, django_capture_on_commit_callbacks
):
    client = admin_client_logged_in
    kept, gone = make_meeting(countries=("CN", "FR")), make_meeting(countries=("CN", "US"))
    assert f"/meetings/{gone.pk}/" in client.get("/").text  # now cached under this version

    def delete():
        response = client.post(f"/admin/meetings/meeting/{gone.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302

    assert bumps(django_capture_on_commit_callbacks, delete) >= 1
    html = client.get("/").text
    assert f"/meetings/{gone.pk}/" not in html and f"/meetings/{kept.pk}/" in html


def test_a_bulk_delete_in_the_admin_bumps_the_version(
    admin_client_logged_in, django_capture_on_commit_callbacks
):
    client = admin_client_logged_in
    meetings = [make_meeting(), make_meeting()]

    def bulk_delete():
        data = {"action": "delete_selected", "_selected_action": [m.pk for m in meetings], "post": "yes"}
        assert client.post("/admin/meetings/meeting/", data).status_code == 302

    assert bumps(django_capture_on_commit_callbacks, bulk_delete) >= 1
    assert not Meeting.objects.exists()
