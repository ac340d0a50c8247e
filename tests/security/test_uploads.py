"""Hostile uploads: every bad file gets a clear verdict, and nothing is written outside the database."""

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from meetings.models import Article, UploadBatch, UploadItem
from tests.factories import make_uploader

BASE_DIR = Path(__file__).resolve().parents[2]
SKIPPED = {".hypothesis", ".pytest_cache", ".ruff_cache", "__pycache__", ".git", ".venv", "docs"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = make_uploader()
    client.force_login(user)
    return user


def upload(client, *files):
    return client.post(reverse("meetings:upload"), {"files": list(files)})


def tree(root: Path) -> set[str]:
    found = set()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED]
        found.update(os.path.join(folder, f) for f in files if not f.endswith((".pyc", "-journal")))
    return found


@pytest.fixture
def disk_unchanged(settings, tmp_path):
    """Fails the test if any file appears in the project folder (the working directory), the upload
    temp folder or MEDIA_ROOT (both pointed into tmp_path)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    roots = [BASE_DIR, tmp_path]
    before = {root: tree(root) for root in roots}
    yield
    for root in roots:
        assert tree(root) == before[root], f"files appeared under {root}"
    assert not (tmp_path / "media").exists()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n\t ", "empty file"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text"),
        ("binary.txt", b"\x00\x01\x02\x03binary\x00", "not text"),
        ("control.txt", b"text with \x07 bell and \x1b escape", "not text"),
        ("utf16-no-bom.txt", "Talks were held".encode("utf-16-le"), "not text"),
        ("broken-utf16.txt", b"\xff\xfe" + b"\x00\xd8", "undecodable"),
        ("garbled.txt", "MinistÃ©rio".encode(), "undecodable"),
        ("script.exe", b"MZ\x90\x00", "not text"),
        ("noextension", b"Talks were held.", "not text"),
    ],
)
def test_bad_files_get_a_clear_verdict_and_store_nothing(client, staff, disk_unchanged, name, data, reason):
    response = upload(client, SimpleUploadedFile(name, data))

    assert response.status_code == 302
    item = UploadItem.objects.get()
    assert item.verdict == "rejected" and reason in item.reason
    assert not Article.objects.exists()
    assert reason in client.get(response.url).text


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("/etc/cron.d/evil.md", "evil.md"),
        ("./../../../../tmp/x.txt", "x.txt"),
    ],
)
def test_path_parts_in_file_names_are_dropped_and_nothing_is_written(
    client, staff, disk_unchanged, settings, name, stored
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    response = upload(client, SimpleUploadedFile(name, b"Talks were held in Paris on Monday."))

    assert response.status_code == 302
    item = UploadItem.objects.get()
    assert item.name == stored and "/" not in item.name and "\\" not in item.name
    assert item.article.filename == stored
    assert item.article.text == "Talks were held in Paris on Monday."


def test_a_large_upload_never_goes_to_a_temporary_file(client, staff, settings, disk_unchanged, monkeypatch):
    """Django writes uploads over 2.5 MB to disk by default; ours are kept in memory, bounded."""
    settings.UPLOAD_MAX_BYTES = 1024
    made = []
    monkeypatch.setattr(TemporaryUploadedFile, "__init__", lambda self, *a, **k: made.append(a))
    big = b"Talks were held. " * (4 * 1024 * 1024 // 17)  # about 4 MB

    response = upload(client, SimpleUploadedFile("big.txt", big), SimpleUploadedFile("ok.txt", b"Talks."))

    assert response.status_code == 302
    assert not made, "an upload was written to a temporary file"
    items = {i.name: i for i in UploadItem.objects.all()}
    assert items["big.txt"].verdict == "rejected"
    assert "too large: 4.0 MB" in items["big.txt"].reason, "the real size is reported"
    assert items["ok.txt"].verdict != "rejected"


def test_the_upload_handler_keeps_at_most_the_limit_in_memory(rf, settings):
    from django.core.files.uploadhandler import load_handler

    settings.UPLOAD_MAX_BYTES = 100
    handler = load_handler("diplomacy.uploads.BoundedMemoryUploadHandler", rf.post("/"))
    handler.handle_raw_input(None, {}, 10_000, b"x")
    handler.new_file("files", "big.txt", "text/plain", 10_000)
    for start in range(0, 10_000, 1000):
        handler.receive_data_chunk(b"a" * 1000, start)
    uploaded = handler.file_complete(10_000)

    assert uploaded.size == 10_000
    assert len(uploaded.read()) == 100


def test_more_files_than_the_limit_is_refused_with_a_message(client, staff, settings, disk_unchanged):
    settings.UPLOAD_MAX_FILES = 3
    files = [SimpleUploadedFile(f"{i}.txt", b"Talks %d." % i) for i in range(4)]

    response = upload(client, *files)

    assert response.status_code == 200 and "upload at most 3" in response.text
    assert not UploadBatch.objects.exists() and not Article.objects.exists()


def test_far_more_files_than_django_accepts_is_a_400_not_a_500(client, staff, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 5
    files = [SimpleUploadedFile(f"{i}.txt", b"Talks %d." % i) for i in range(6)]

    assert upload(client, *files).status_code == 400
    assert not Article.objects.exists()
