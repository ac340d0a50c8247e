"""Faults: a database error in one article, an `ingest` killed half-way, a worker that dies."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse

from meetings.models import Article, Meeting, MeetingSource, Participation, Person, Quote
from meetings.services.ingest import article_register, articles_ingest
from meetings.services.readers import ArticleInput
from tests.proxy import postgres_url

BASE_DIR = Path(__file__).resolve().parents[2]

MINISTERS = [
    ("Jean Moreau", "Petra Lang"),
    ("Claire Dubois", "Marco Conti"),
    ("Henri Lefevre", "Sofia Marin"),
    ("Luc Bernard", "Anna Kowalska"),
    ("Paul Girard", "Eva Novak"),
    ("Marie Laurent", "Jonas Berg"),
    ("Louis Petit", "Ingrid Holm"),
    ("Alice Roux", "Tomas Varga"),
    ("Julien Faure", "Nina Petrova"),
    ("Chloe Mercier", "Pedro Alves"),
]


def article_text(i: int) -> str:
    french, other = MINISTERS[i]
    return (
        f"Date: 2026-{i + 1:02d}-10\n\nFrench Foreign Minister {french} met Italian Foreign Minister "
        f'{other} in Rome on Monday to discuss migration. "We will work together on migration," '
        f"{french.split()[1]} said after the talks.\n"
    )


@pytest.mark.django_db
def test_a_database_error_mid_article_rolls_it_back_and_the_batch_goes_on(monkeypatch):
    real_save = Quote.save
    half_written = []

    def failing_save(self, *args, **kwargs):
        if "Petra Lang" in self.article.text:
            # The meeting, its people and participations are written by now, inside the transaction.
            half_written.append(Meeting.objects.filter(participations__person__name="Petra Lang").exists())
            raise DatabaseError("could not write to the database: disk I/O error")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Quote, "save", failing_save)

    report = articles_ingest(inputs=[ArticleInput(name=f"{i}.txt", text=article_text(i)) for i in range(3)])

    assert half_written == [True], "the error struck after the meeting was written"
    assert [o.status for o in report.outcomes] == ["failed", "ingested", "ingested"]
    failed = Article.objects.get(status=Article.Status.FAILED)
    assert failed.text == article_text(0) and "disk I/O error" in failed.error
    assert failed.ingested_at is None
    assert not Person.objects.filter(name__in=["Jean Moreau", "Petra Lang"]).exists()
    assert not Participation.objects.filter(person__name="Petra Lang").exists()
    assert not MeetingSource.objects.filter(article=failed).exists()
    assert not Quote.objects.filter(article=failed).exists()
    assert Meeting.objects.filter(participations__person__name="Marco Conti").exists()
    assert Meeting.objects.filter(participations__person__name="Sofia Marin").exists()
    assert not Meeting.objects.filter(sources__isnull=True).exists(), "no half meeting"

    monkeypatch.undo()
    again = articles_ingest(inputs=[ArticleInput(name="0.txt", text=article_text(0))])
    assert again.count("ingested") == 1
    assert Meeting.objects.filter(participations__person__name="Petra Lang").count() == 1


# Each article's storing is slowed down, so the kill lands half-way through the folder.
SLOW_INGEST = """
import sys, time
import django
django.setup()
from meetings.services import ingest
real_write = ingest._Writer.write
def slow_write(self, *args, **kwargs):
    time.sleep(0.4)
    return real_write(self, *args, **kwargs)
ingest._Writer.write = slow_write
from django.core.management import call_command
call_command("ingest", *sys.argv[1:])
"""


def _env(db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
        "TASKS_BACKEND": "immediate",
    }


def _ingested(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            (count,) = conn.execute(
                "select count(*) from meetings_article where status = 'ingested'"
            ).fetchone()
            return count
    except sqlite3.OperationalError:
        return 0


def _summary(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("select count(*) from meetings_article"),
            "ingested": one("select count(*) from meetings_article where status = 'ingested'"),
            "meetings": one("select count(*) from meetings_meeting"),
            "sources": one("select count(*) from meetings_meetingsource"),
            "people": one("select count(*) from meetings_person"),
            "participations": one("select count(*) from meetings_participation"),
            "quotes": one("select count(*) from meetings_quote"),
            "sourceless meetings": one(
                "select count(*) from meetings_meeting m where not exists "
                "(select 1 from meetings_meetingsource s where s.meeting_id = m.id)"
            ),
        }


def _migrated_db(path: Path) -> Path:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=_env(path),
        check=True,
        timeout=180,
    )
    return path


def test_ingest_killed_half_way_and_run_again_ingests_every_article_exactly_once(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(len(MINISTERS)):
        (folder / f"{i:02d}.txt").write_text(article_text(i), encoding="utf-8")
    db = _migrated_db(tmp_path / "killed.sqlite3")

    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_INGEST, str(folder)],
        cwd=BASE_DIR,
        env=_env(db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _ingested(db) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    stored = _ingested(db)
    assert 2 <= stored < len(MINISTERS), f"killed after {stored} articles, not half-way"

    again = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(folder)],
        cwd=BASE_DIR,
        env=_env(db),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert again.returncode == 0, again.stderr
    assert f"ingested {len(MINISTERS) - stored}, duplicates {stored}, failed 0" in again.stdout

    clean = _migrated_db(tmp_path / "clean.sqlite3")
    subprocess.run(
        [sys.executable, "manage.py", "ingest", str(folder)],
        cwd=BASE_DIR,
        env=_env(clean),
        check=True,
        capture_output=True,
        timeout=180,
    )
    summary = _summary(db)
    assert summary == _summary(clean), "the interrupted run stored exactly what an uninterrupted one does"
    assert summary["ingested"] == summary["articles"] == len(MINISTERS)
    assert summary["meetings"] == len(MINISTERS) and summary["sourceless meetings"] == 0


@pytest.fixture
def queued_in_database(settings):
    """An article registered and its task enqueued in the database backend, claimed by a worker
    that then died: the task stays RUNNING for ever, nothing was extracted."""
    from django_tasks_db.models import DBTaskResult

    from meetings.tasks import articles_ingest_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article, _ = article_register(item=ArticleInput(name="moreau.txt", text=article_text(0)))
    result = articles_ingest_task.enqueue(article_ids=[article.pk])
    DBTaskResult.objects.filter(id=result.id).update(status="RUNNING")  # claimed, then the worker died
    return article


@pytest.mark.django_db
def test_a_task_whose_worker_died_leaves_the_article_pending_with_its_text(admin_client, queued_in_database):
    article = queued_in_database
    article.refresh_from_db()

    assert article.status == Article.Status.PENDING
    assert article.text == article_text(0)
    listed = admin_client.get(reverse("admin:meetings_article_changelist"), {"status__exact": "pending"})
    assert listed.status_code == 200
    assert reverse("admin:meetings_article_change", args=[article.pk]) in listed.text
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_the_admins_retry_gets_a_dead_workers_article_ingested(admin_client, queued_in_database):
    article = queued_in_database

    response = admin_client.post(
        reverse("admin:meetings_article_changelist"),
        {"action": "retry", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    # A new worker takes the re-queued task (the dead one's stays RUNNING) and runs it. Run here as
    # db_worker runs it; tests/upload/test_worker.py runs the real db_worker process on PostgreSQL.
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get(status="READY")
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])

    article.refresh_from_db()
    assert article.status == Article.Status.INGESTED
    assert Meeting.objects.filter(participations__person__name="Petra Lang").count() == 1


@pytest.mark.django_db
def test_running_ingest_again_gets_a_dead_workers_article_ingested(tmp_path, queued_in_database):
    path = tmp_path / "moreau.txt"
    path.write_text(article_text(0), encoding="utf-8")

    call_command("ingest", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115

    queued_in_database.refresh_from_db()
    assert queued_in_database.status == Article.Status.INGESTED
    assert Article.objects.count() == 1
    assert Meeting.objects.filter(participations__person__name="Petra Lang").count() == 1


# A worker that hangs in the middle of storing an article, until it is killed.
HANGING_WORKER = """
import time
import django
django.setup()
from meetings.services import ingest
def hanging_write(self, *args, **kwargs):
    time.sleep(600)
ingest._Writer.write = hanging_write
from django.core.management import call_command
call_command("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2")
"""


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_task_leaves_the_article_retryable(settings):
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from meetings.services.corrections import articles_retry
    from meetings.tasks import articles_ingest_task

    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database server shared with the test")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url(db),
        "TASKS_BACKEND": "database",
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article, _ = article_register(item=ArticleInput(name="moreau.txt", text=article_text(0)))
    articles_ingest_task.enqueue(article_ids=[article.pk])

    worker = subprocess.Popen(
        [sys.executable, "-c", HANGING_WORKER], cwd=BASE_DIR, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while not DBTaskResult.objects.filter(status="RUNNING").exists():
            assert worker.poll() is None and time.monotonic() < deadline, (
                worker.stderr.read() if worker.poll() is not None else "the worker never took the task"
            )
            time.sleep(0.1)
        time.sleep(1)  # well inside the article's transaction
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    article.refresh_from_db()
    assert article.status == Article.Status.PENDING and article.text == article_text(0)
    assert not Meeting.objects.exists(), "nothing half-written survives the kill"

    articles_retry(articles=[article])  # the admin's Retry action
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.2"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    article.refresh_from_db()
    assert article.status == Article.Status.INGESTED, result.stderr[-3000:]
    assert Meeting.objects.filter(participations__person__name="Petra Lang").count() == 1
