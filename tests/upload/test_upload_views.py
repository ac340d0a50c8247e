"""The staff upload page: permissions, verdicts, limits and the polled status fragment."""

from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Article, Meeting, UploadBatch, UploadItem
from tests.factories import make_uploader

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
RABAT = (SEEDS / "001_invented_portugal_morocco.txt").read_bytes()

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = make_uploader()
    client.force_login(user)
    return user


def upload(client, *files, **data):
    return client.post(reverse("meetings:upload"), {"files": list(files), **data})


def file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize("url", [reverse("meetings:upload"), reverse("meetings:upload_detail", args=[1])])
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_post_stores_nothing(client):
    response = upload(client, file("a.txt", RABAT))

    assert response.status_code == 302 and not Article.objects.exists()


def test_logged_in_users_who_are_not_staff_get_403(client):
    client.force_login(get_user_model().objects.create_user("reader", password="pw-12345-long"))

    assert client.get(reverse("meetings:upload")).status_code == 403
    assert upload(client, file("a.txt", RABAT)).status_code == 403
    assert not Article.objects.exists()


def test_non_staff_cannot_edit_in_the_admin(client):
    client.force_login(get_user_model().objects.create_user("reader", password="pw-12345-long"))

    response = client.get(reverse("admin:meetings_meeting_changelist"))

    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_upload_link_is_shown_to_staff_only(client, staff):
    assert reverse("meetings:upload") in client.get(reverse("meetings:meeting_list")).text
    client.logout()
    assert reverse("meetings:upload") not in client.get(reverse("meetings:meeting_list")).text


def test_upload_page_shows_the_form_and_the_limits(client, staff, settings):
    settings.UPLOAD_MAX_FILES = 7

    response = client.get(reverse("meetings:upload"))

    assert response.status_code == 200
    assert 'type="file"' in response.text and "multiple" in response.text
    assert "Up to 7 files" in response.text


def test_a_batch_gives_each_file_its_verdict(client, staff):
    Article.objects.create(text="x", content_hash="0" * 64)  # unrelated
    response = upload(
        client,
        file("rabat.txt", RABAT),
        file("rabat-copy.txt", RABAT.replace(b"\n", b"\r\n")),
        file("empty.txt", b""),
        file("photo.jpg", b"\xff\xd8\xff\xe0"),
        file("latin.txt", "Reunião em Lisboa".encode("cp1252")),
    )

    batch = UploadBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    verdicts = {i.name: (i.status, i.reason) for i in batch.items.all()}
    assert verdicts["rabat.txt"][0] == "ingested"
    assert verdicts["rabat-copy.txt"][0] == "duplicate"
    assert verdicts["empty.txt"] == ("rejected", "empty file")
    assert verdicts["photo.jpg"][0] == "rejected" and "not text" in verdicts["photo.jpg"][1]
    assert verdicts["latin.txt"][0] == "ingested"
    assert Article.objects.get(filename="latin.txt").text == "Reunião em Lisboa"
    assert batch.created_by == staff

    page = client.get(batch.get_absolute_url())
    meeting = Meeting.objects.get(participations__person__name="Ana Ribeiro")
    assert meeting.get_absolute_url() in page.text
    duplicate = batch.items.get(name="rabat-copy.txt")
    assert reverse("admin:meetings_article_change", args=[duplicate.article_id]) in page.text
    assert "empty file" in page.text
    assert "hx-trigger" not in page.text  # done: nothing to poll
    assert LogEntry.objects.filter(user=staff, change_message__startswith="Uploaded").count() == 2


def test_uploading_an_already_ingested_article_is_a_duplicate_linking_to_it(client, staff):
    upload(client, file("first.txt", RABAT))
    upload(client, file("again.txt", RABAT))

    item = UploadItem.objects.get(name="again.txt")
    assert item.status == "duplicate" and item.article == Article.objects.get()


def test_pasted_text_with_details_is_ingested(client, staff):
    text = (SEEDS / "002_invented_japan_india_call.txt").read_text().split("\n\n", 1)[1]

    upload(
        client,
        text=text,
        title="Phone call",
        source="Wire",
        url="https://example.com/x",
        published="2026-02-12",
    )

    article = Article.objects.get()
    assert (article.title, article.source, str(article.published)) == ("Phone call", "Wire", "2026-02-12")
    assert article.status == Article.Status.INGESTED
    assert UploadItem.objects.get().status == "ingested"


def test_nothing_chosen_is_a_form_error(client, staff):
    response = upload(client)

    assert response.status_code == 200 and "Choose at least one file" in response.text
    assert not UploadBatch.objects.exists()


def test_more_files_than_the_limit_is_a_form_error(client, staff, settings):
    settings.UPLOAD_MAX_FILES = 2

    response = upload(client, *(file(f"{i}.txt", b"text %d" % i) for i in range(3)))

    assert "upload at most 2" in response.text
    assert not Article.objects.exists()


def test_a_file_over_the_size_limit_is_rejected_and_the_others_go_on(client, staff, settings):
    settings.UPLOAD_MAX_BYTES = 1000

    upload(client, file("big.txt", b"a" * 1001), file("small.txt", b"Talks were held."))

    items = {i.name: i for i in UploadItem.objects.all()}
    assert items["big.txt"].verdict == "rejected" and "too large" in items["big.txt"].reason
    assert items["small.txt"].status == "ingested"


def test_status_fragment_polls_while_queued_and_stops_when_done(client, staff, settings, htmx_headers):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload(client, file("rabat.txt", RABAT))
    batch = UploadBatch.objects.get()
    url = batch.get_absolute_url()

    queued = client.get(url, headers=htmx_headers)
    assert queued.status_code == 200
    assert "<html" not in queued.text
    assert 'hx-trigger="every 1s"' in queued.text and 'data-status="queued"' in queued.text
    assert "HX-Request" in queued["Vary"]

    from meetings.tasks import articles_ingest_task

    articles_ingest_task.call(article_ids=[Article.objects.get().pk])
    done = client.get(url, headers=htmx_headers)
    assert "hx-trigger" not in done.text and 'data-status="ingested"' in done.text


def test_a_failed_article_can_be_retried_from_the_admin(client, staff, monkeypatch):
    from meetings.services import ingest

    staff.is_superuser = True
    staff.save()
    monkeypatch.setattr(ingest._Writer, "write", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    upload(client, file("rabat.txt", RABAT))
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED and "boom" in article.error and article.text
    assert UploadItem.objects.get().status == "failed"
    failed_list = client.get(reverse("admin:meetings_article_changelist") + "?status__exact=failed")
    assert "rabat.txt" in failed_list.text
    monkeypatch.undo()

    client.post(
        reverse("admin:meetings_article_changelist"),
        {"action": "retry", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Article.Status.INGESTED and article.error == ""
    assert LogEntry.objects.filter(object_id=str(article.pk), change_message__contains="again").exists()
