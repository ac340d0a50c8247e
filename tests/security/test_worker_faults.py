"""A worker on a bad day (issue 13): the database goes away and comes back, a worker is killed in
the middle of a task. In process: the reclaiming rules and what the batch page says. With real
processes on PostgreSQL: `manage.py worker` behind a proxy that cuts every connection, and a worker
killed with SIGKILL whose task another worker takes back by itself."""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meetings.models import Article, Meeting, UploadBatch, WorkerBeat
from meetings.services.ingest import article_register
from meetings.services.readers import ArticleInput
from meetings.tasks import articles_ingest_task
from meetings.worker import MAX_ATTEMPTS, batch_waiting_note, tasks_reclaim
from tests.factories import make_uploader
from tests.proxy import Proxy, postgres_url, postgres_url_through

BASE_DIR = Path(__file__).resolve().parents[2]
TEXT = (
    "Date: 2026-04-10\n\nFrench Foreign Minister Jean Moreau met Italian Foreign Minister Petra Lang in "
    'Rome on Monday to discuss migration. "We will work together," Moreau said.\n'
)


@pytest.fixture
def queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article, _ = article_register(item=ArticleInput(name="moreau.txt", text=TEXT))
    result = articles_ingest_task.enqueue(article_ids=[article.pk])
    return article, DBTaskResult.objects.get(pk=result.id)


def _claimed(task: DBTaskResult, *, by: list[str], ago: float) -> None:
    task.status = "RUNNING"
    task.worker_ids = by
    task.started_at = timezone.now() - dt.timedelta(seconds=ago)
    task.save()


def _beat(worker_id: str, *, task: str = "", ago: float = 0) -> None:
    at = timezone.now() - dt.timedelta(seconds=ago)
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat_at": at, "started_at": at, "task_id": task}
    )


@pytest.mark.django_db
def test_a_task_whose_worker_stopped_beating_is_queued_again(queued):
    article, task = queued
    _claimed(task, by=["dead"], ago=120)
    _beat("dead", task=str(task.pk), ago=90)

    assert tasks_reclaim(lease=60) == [(str(task.pk), "queued")]

    task.refresh_from_db()
    assert task.status == "READY" and task.started_at is None
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists(), "a worker can claim it again"
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING


@pytest.mark.django_db
def test_a_task_its_live_worker_is_running_is_left_alone(queued):
    _, task = queued
    _claimed(task, by=["alive"], ago=600)  # a long task
    _beat("alive", task=str(task.pk), ago=5)

    assert tasks_reclaim(lease=60) == []
    task.refresh_from_db()
    assert task.status == "RUNNING"


@pytest.mark.django_db
def test_a_task_just_claimed_is_left_alone_even_before_its_workers_first_beat(queued):
    _, task = queued
    _claimed(task, by=["new"], ago=1)

    assert tasks_reclaim(lease=60) == []


@pytest.mark.django_db
def test_a_task_a_live_worker_dropped_for_another_is_queued_again(queued):
    # The worker lost the database while recording the task's end, and went on with other work.
    _, task = queued
    _claimed(task, by=["alive"], ago=120)
    _beat("alive", task="", ago=1)

    assert tasks_reclaim(lease=60) == [(str(task.pk), "queued")]


@pytest.mark.django_db
def test_after_the_last_attempt_the_task_and_its_articles_are_failed_with_a_reason(queued):
    article, task = queued
    _claimed(task, by=[f"dead-{i}" for i in range(MAX_ATTEMPTS)], ago=120)

    assert tasks_reclaim(lease=60) == [(str(task.pk), "failed")]

    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == "meetings.worker.WorkerLost"
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert f"stopped {MAX_ATTEMPTS} times" in article.error and "Retry it from the admin" in article.error
    assert article.text == TEXT


@pytest.mark.django_db
def test_the_batch_page_says_when_no_worker_runs_or_the_worker_stopped(client, queued):
    article, task = queued
    staff = make_uploader()
    batch = UploadBatch.objects.create(created_by=staff, task_id=str(task.pk))
    batch.items.create(name="moreau.txt", verdict="queued", article=article)
    client.force_login(staff)

    def note() -> str:
        page = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"})
        assert page.status_code == 200
        return page.text

    assert "No worker is running" in note()
    _beat("w1", ago=1)
    assert "worker" not in batch_waiting_note(str(task.pk), lease=60), "queued with a live worker: normal"

    _claimed(task, by=["w1"], ago=120)
    _beat("w1", task=str(task.pk), ago=1)
    assert batch_waiting_note(str(task.pk), lease=60) == "", "being ingested"

    _beat("w1", task=str(task.pk), ago=300)
    assert "stopped and no other is running" in note()
    _beat("w2", ago=1)
    assert "another worker takes them back" in note()


# Real processes -------------------------------------------------------------------------------------


def _env(url: str, **extra) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "TASKS_BACKEND": "database",
        "DJANGO_CONN_MAX_AGE": "0",
        "DB_CONNECT_TIMEOUT": "2",
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
        **extra,
    }


def _test_database_url() -> str:
    db = connection.settings_dict
    return postgres_url(db)


def _worker(env: dict, *args: str, code: str | None = None) -> subprocess.Popen:
    command = ["-c", code] if code else ["manage.py", "worker"]
    return subprocess.Popen(
        [sys.executable, *command, "--no-startup-delay", "--no-reload", "--interval", "0.2", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait(condition, process: subprocess.Popen, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            raise AssertionError(
                f"the worker exited while waiting for {what}:\n{process.stdout.read()[-3000:]}"
            )
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out


def _ingested(article: Article) -> bool:
    article.refresh_from_db()
    return article.status == Article.Status.INGESTED


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database server shared with the test")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_waits_out_a_database_that_goes_away_and_then_ingests(on_postgresql, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    db = connection.settings_dict
    proxy = Proxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    worker = _worker(_env(postgres_url_through(proxy, db)), "--lease", "2")
    try:
        _wait(lambda: WorkerBeat.objects.exists(), worker, 60, "the first heartbeat")
        proxy.set(Proxy.CUT)  # the database restarts: every connection dropped, new ones refused
        time.sleep(4)
        assert worker.poll() is None, "the worker survives the outage"
        proxy.set(Proxy.FORWARD)
        article, _ = article_register(item=ArticleInput(name="moreau.txt", text=TEXT))
        articles_ingest_task.enqueue(article_ids=[article.pk])
        _wait(lambda: _ingested(article), worker, 120, "the ingestion after the outage")
    finally:
        out = _stop(worker)
        proxy.close()
    assert "database unavailable" in out or "heartbeat failed" in out, out[-3000:]
    assert Meeting.objects.filter(participations__person__name="Petra Lang").count() == 1


# A worker that hangs while storing an article, until it is killed.
HANGING_WORKER = """
import sys, time
import django
django.setup()
from meetings.services import ingest
def hanging_write(self, *args, **kwargs):
    time.sleep(600)
ingest._Writer.write = hanging_write
from django.core.management import call_command
call_command("worker", *sys.argv[1:])
"""


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_of_a_killed_worker_is_taken_back_by_another_by_itself(on_postgresql, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = _env(_test_database_url())
    article, _ = article_register(item=ArticleInput(name="moreau.txt", text=TEXT))
    task = articles_ingest_task.enqueue(article_ids=[article.pk])
    doomed = _worker(env, "--lease", "2", code=HANGING_WORKER)
    try:
        _wait(lambda: WorkerBeat.objects.filter(task_id=str(task.id)).exists(), doomed, 120, "the task")
        time.sleep(1)  # inside the article's transaction
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.communicate(timeout=30)
    assert not Meeting.objects.exists(), "nothing half-written survives the kill"
    time.sleep(3)  # its lease runs out
    assert "no other is running" in batch_waiting_note(str(task.id), lease=2)

    rescuer = _worker(env, "--lease", "2")
    try:
        _wait(lambda: _ingested(article), rescuer, 120, "the rescue")
    finally:
        out = _stop(rescuer)
    assert "of a stopped worker queued" in out, out[-3000:]
    assert Meeting.objects.filter(participations__person__name="Petra Lang").count() == 1
    assert DBTaskResult.objects.get(pk=task.id).status == "SUCCESSFUL"


# On SQLite: another process holding the write lock longer than the busy timeout (a long export, an
# admin's bulk edit) made db_worker exit with "database is locked".
ENQUEUE = """
import django
django.setup()
from meetings.services.ingest import article_register
from meetings.services.readers import ArticleInput
from meetings.tasks import articles_ingest_task
import sys
article, _ = article_register(item=ArticleInput(name="moreau.txt", text=sys.argv[1]))
articles_ingest_task.enqueue(article_ids=[article.pk])
"""


def test_on_sqlite_the_worker_outlasts_a_write_lock_held_past_its_busy_timeout(tmp_path):
    db = tmp_path / "worker.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "TASKS_BACKEND": "database",
        "SQLITE_TIMEOUT": "1",
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True, timeout=180
    )
    worker = _worker(env, "--lease", "5")
    try:
        deadline = time.monotonic() + 120
        while not _count(db, "select count(*) from meetings_workerbeat"):
            assert worker.poll() is None and time.monotonic() < deadline, "the worker never beat"
            time.sleep(0.2)
        lock = sqlite3.connect(db, timeout=5, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")  # the write lock, held for 4 s: four busy timeouts
        time.sleep(4)
        lock.execute("ROLLBACK")
        lock.close()
        assert worker.poll() is None, "the worker survives the lock"
        subprocess.run([sys.executable, "-c", ENQUEUE, TEXT], cwd=BASE_DIR, env=env, check=True, timeout=120)
        deadline = time.monotonic() + 120
        while not _count(db, "select count(*) from meetings_article where status = 'ingested'"):
            assert worker.poll() is None and time.monotonic() < deadline, "the article was not ingested"
            time.sleep(0.2)
    finally:
        out = _stop(worker)
    assert "database unavailable" in out or "heartbeat failed" in out, out[-3000:]


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
