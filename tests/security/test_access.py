"""Who may change what: anonymous users browse, only staff write; CSRF on every POST; admin logins
are rate-limited."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from meetings.models import Article, Meeting, Person, UploadBatch
from tests.factories import make_article, make_meeting

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def meeting():
    return make_meeting(people=(("Wang Yi", "CN", "Minister"), ("Emmanuel Bonne", "FR", "Adviser")))


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("staff", password=PASSWORD, is_staff=True, is_superuser=True)


def csrf_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user:
        client.force_login(user)
    return client


def token_from(html: str) -> str:
    """The token htmx sends: base.html puts it in hx-headers on <body>."""
    return re.search(r'"x-csrftoken": "([^"]+)"', html).group(1)


def test_anonymous_users_browse_every_page(client, meeting):
    person = meeting.participations.first().person
    for url in (
        reverse("meetings:meeting_list"),
        reverse("meetings:quote_list"),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:person_detail", args=[person.pk]),
        reverse("meetings:country_detail", args=["FR"]),
    ):
        assert client.get(url).status_code == 200, url


def test_analyst_pages_refuse_writes(client, meeting):
    for url in (
        reverse("meetings:meeting_list"),
        reverse("meetings:quote_list"),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
    ):
        assert client.post(url, {"q": "x"}).status_code == 405, url


@pytest.mark.parametrize("kind", ["anonymous", "reader"])
def test_only_staff_upload_merge_and_retry(client, meeting, kind):
    if kind == "reader":
        client.force_login(get_user_model().objects.create_user("reader", password=PASSWORD))
    other = make_meeting(people=(("Wang Yi", "CN", "Minister"),))
    failed = make_article()
    Article.objects.filter(pk=failed.pk).update(status=Article.Status.FAILED, error="boom")
    counts = (Meeting.objects.count(), Person.objects.count(), Article.objects.count())

    upload = client.post(reverse("meetings:upload"), {"files": [SimpleUploadedFile("a.txt", b"Talks.")]})
    merge = client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "merge_meetings", "_selected_action": [meeting.pk, other.pk]},
    )
    retry = client.post(
        reverse("admin:meetings_article_changelist"), {"action": "retry", "_selected_action": [failed.pk]}
    )
    edit = client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), {"city": "Hacked"})

    for response in (upload, merge, retry, edit):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "login" in response.url
    assert (Meeting.objects.count(), Person.objects.count(), Article.objects.count()) == counts
    assert Article.objects.get(pk=failed.pk).status == Article.Status.FAILED
    assert Meeting.objects.get(pk=meeting.pk).city == ""
    assert not UploadBatch.objects.exists()


def test_upload_post_without_csrf_token_is_refused(staff):
    client = csrf_client(staff)

    response = client.post(reverse("meetings:upload"), {"files": [SimpleUploadedFile("a.txt", b"Talks.")]})

    assert response.status_code == 403
    assert not Article.objects.exists()


def test_upload_post_with_the_token_htmx_would_send_is_accepted(staff, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = csrf_client(staff)
    token = token_from(client.get(reverse("meetings:upload")).text)

    response = client.post(
        reverse("meetings:upload"),
        {"files": [SimpleUploadedFile("a.txt", b"Talks were held.")]},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )

    assert response.status_code == 302
    assert Article.objects.count() == 1


def test_htmx_post_with_a_wrong_token_is_refused(staff):
    client = csrf_client(staff)
    client.get(reverse("meetings:upload"))

    response = client.post(
        reverse("meetings:upload"),
        {"files": [SimpleUploadedFile("a.txt", b"Talks were held.")]},
        headers={"X-CSRFToken": "x" * 32, "HX-Request": "true"},
    )

    assert response.status_code == 403
    assert not Article.objects.exists()


def test_admin_actions_without_csrf_token_are_refused(staff, meeting):
    other = make_meeting(people=(("Wang Yi", "CN", "Minister"),))
    client = csrf_client(staff)

    response = client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "merge_meetings", "_selected_action": [meeting.pk, other.pk]},
    )

    assert response.status_code == 403
    assert Meeting.objects.count() == 2


def test_every_page_carries_the_csrf_token_for_htmx(client, staff, meeting):
    client.force_login(staff)
    for url in (reverse("meetings:meeting_list"), reverse("meetings:upload")):
        assert token_from(client.get(url).text)


def login(client: Client, password: str):
    return client.post(
        reverse("admin:login"),
        {"username": "staff", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="203.0.113.7",
    )


def test_admin_login_is_refused_after_too_many_failures(client, staff, settings):
    assert login(client, PASSWORD).status_code == 302, "a correct login works"
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong password").status_code == 200  # the form again, with its error
    assert login(client, "wrong password").status_code == 429, "the Nth failure locks"

    locked = login(client, PASSWORD)
    assert locked.status_code == 429, "even the right password is refused during the cool-off"
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_failures_under_the_limit_do_not_lock_and_force_login_is_never_counted(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wrong password")
    assert login(client, PASSWORD).status_code == 302

    other = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(other, "wrong password")
    other.force_login(staff)  # what the test suite does: not a login attempt
    assert other.get(reverse("admin:index")).status_code == 200
