"""Ingestion off the request: a real `manage.py db_worker` process runs the queued upload.

The worker is another process, so it needs a database server it shares with the test (the test
database on PostgreSQL); SQLite's test database lives in the test process's memory."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from meetings.models import Article, Meeting, UploadItem
from tests.factories import make_uploader
from tests.proxy import postgres_url

BASE_DIR = Path(__file__).resolve().parents[2]
SEED = BASE_DIR / "seeds" / "001_invented_portugal_morocco.txt"

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def worker_env():
    if connection.vendor != "postgresql":
        pytest.skip(
            "the db_worker process needs a database server shared with the test (run with DATABASE_URL=postgres://...)"
        )
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": postgres_url(db),
        "TASKS_BACKEND": "database",
        "DJANGO_CONN_MAX_AGE": "0",
    }


def run_worker(env) -> subprocess.CompletedProcess:
    """Run the worker until the queue is empty (--batch), as production runs it (without --batch)."""
    return subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.2"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_uploaded_article_waits_in_the_queue_and_a_db_worker_process_ingests_it(client, settings, worker_env):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(make_uploader())

    response = client.post(
        reverse("meetings:upload"), {"files": [SimpleUploadedFile("rabat.txt", SEED.read_bytes())]}
    )

    item = UploadItem.objects.get()
    assert item.status == "queued", "the request only queues the work"
    status = client.get(response.url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in status.text

    result = run_worker(worker_env)

    assert result.returncode == 0, result.stderr[-3000:]
    item.refresh_from_db()
    assert item.article.status == Article.Status.INGESTED, result.stderr[-3000:]
    assert item.status == "ingested"
    meeting = Meeting.objects.get(participations__person__name="Ana Ribeiro")
    done = client.get(response.url, headers={"HX-Request": "true"})
    assert meeting.get_absolute_url() in done.text and "hx-trigger" not in done.text


def test_worker_marks_a_failing_article_failed_with_its_text_and_a_retry_ingests_it(
    client, settings, worker_env
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from meetings.services.ingest import article_register
    from meetings.services.readers import ArticleInput
    from meetings.tasks import articles_ingest_task

    article, _ = article_register(item=ArticleInput(name="rabat.txt", text=SEED.read_text()))
    articles_ingest_task.enqueue(article_ids=[article.pk])

    # A broken model name makes extraction fail in the worker, as a bad deployment would.
    result = run_worker({**worker_env, "SPACY_MODEL": "no_such_spacy_model"})

    assert result.returncode == 0, result.stderr[-3000:]
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "no_such_spacy_model" in article.error
    assert article.text == SEED.read_text()

    # After the fix, the admin's retry queues it again and the worker ingests it.
    from meetings.services.corrections import articles_retry

    articles_retry(articles=[article])
    result = run_worker(worker_env)

    article.refresh_from_db()
    assert article.status == Article.Status.INGESTED, result.stderr[-3000:]
