"""An admin uploads a batch in real Chromium, watches the statuses change, and finds the meeting."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from meetings.models import Article
from meetings.tasks import articles_ingest_task
from tests.e2e.conftest import screenshot

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# The live server empties the database after the test; the countries and topics loaded by the
# migrations are put back for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def batch_files(tmp_path):
    files = {
        "rabat.txt": (SEEDS / "001_invented_portugal_morocco.txt").read_bytes(),
        "call.md": (SEEDS / "002_invented_japan_india_call.txt").read_bytes(),
        "call-copy.txt": (SEEDS / "002_invented_japan_india_call.txt").read_bytes(),
        "scan.pdf": b"%PDF-1.4\n\x00\x01binary",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return [tmp_path / name for name in files]


def test_admin_uploads_a_batch_watches_statuses_and_finds_the_meeting(
    live_server, page, settings, batch_files
):
    # Tasks wait in the queue until the test runs them, as a worker would, so the page is seen polling.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    get_user_model().objects.create_superuser("admin", "admin@example.com", "pw-12345-long")

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "pw-12345-long")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Upload articles").click()
    expect(page).to_have_url(re.compile(r"/upload/$"))
    page.set_input_files("input[type=file]", batch_files)
    page.get_by_role("button", name="Upload").click()

    expect(page).to_have_url(re.compile(r"/upload/\d+/$"))
    rows = page.locator("tr.upload-item")
    expect(rows).to_have_count(4)
    expect(page.locator("tr", has_text="rabat.txt")).to_have_attribute("data-status", "queued")
    expect(page.locator("tr", has_text="call-copy.txt")).to_have_attribute("data-status", "duplicate")
    expect(page.locator("tr", has_text="scan.pdf")).to_have_attribute("data-status", "rejected")
    expect(page.locator("tr", has_text="scan.pdf")).to_contain_text("not text")
    expect(page.locator("#batch-status")).to_contain_text("Ingesting")
    screenshot(page, "upload_batch_queued")

    articles_ingest_task.call(article_ids=list(Article.objects.values_list("pk", flat=True)))

    # The status fragment polls every second and stops once everything is done.
    expect(page.locator("tr", has_text="rabat.txt")).to_have_attribute("data-status", "ingested")
    expect(page.locator("tr", has_text="call.md")).to_have_attribute("data-status", "ingested")
    expect(page.locator("#batch-status")).to_have_attribute("data-done", "true")
    expect(page.locator("#batch-status")).not_to_have_attribute("hx-trigger", re.compile(".*"))
    expect(page.locator("tr", has_text="call-copy.txt").get_by_role("link")).to_be_visible()
    screenshot(page, "upload_batch_done")

    meeting_link = page.locator("tr", has_text="rabat.txt").get_by_role("link").first
    meeting_href = meeting_link.get_attribute("href")
    page.goto(f"{live_server.url}/")
    expect(page.locator(f'a[href="{meeting_href}"]').first).to_be_visible()
    expect(page.get_by_text("Ana Ribeiro").first).to_be_visible()
