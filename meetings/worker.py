"""The background worker that lasts: django-tasks-db's ``db_worker`` loop, made to survive a
database that goes away for a while, and to take back the tasks of workers that died (issue 13).

- A database error while the worker looks for, claims or records a task (a refused connection, a
  server restarting, SQLite's "database is locked") is logged and waited out, with a back-off of
  1, 2, 4... up to 30 seconds; the worker never exits because of one.
- A task that fails because the database went away while it ran is queued again, up to
  ``MAX_ATTEMPTS`` runs in all.
- Every worker writes a heartbeat (``WorkerBeat``: when, and which task it runs) every quarter of
  its lease. A task marked running whose worker has not beaten for a lease, or beats for another
  task, was abandoned: the live workers queue it again, or after ``MAX_ATTEMPTS`` mark it failed and
  its articles failed with a message that says so, for an admin to retry.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid

from django.db import InterfaceError, OperationalError, connections, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from meetings.models import Article, WorkerBeat

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)
MAX_ATTEMPTS = 3
BACKOFF_MAX = 30.0
INGEST_TASK = "meetings.tasks.articles_ingest_task"


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped while running it, MAX_ATTEMPTS times."""


def _task_article_ids(task: DBTaskResult) -> list[int]:
    if task.task_path != INGEST_TASK:
        return []
    return list((task.args_kwargs.get("kwargs") or {}).get("article_ids") or [])


def _give_up(task: DBTaskResult, now: dt.datetime) -> None:
    message = (
        f"The worker running this task stopped {len(task.worker_ids)} times (killed, or its machine "
        "went away); it is not tried again by itself."
    )
    task.status = TaskResultStatus.FAILED
    task.finished_at = now
    task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
    task.traceback = message
    task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    Article.objects.filter(pk__in=_task_article_ids(task), status=Article.Status.PENDING).update(
        status=Article.Status.FAILED, error=f"{message} Retry it from the admin."
    )


def _queue_again(task: DBTaskResult, now: dt.datetime) -> None:
    task.status = TaskResultStatus.READY
    task.run_after = now
    task.started_at = None
    task.save(update_fields=["status", "run_after", "started_at"])


def tasks_reclaim(*, lease: float, max_attempts: int = MAX_ATTEMPTS) -> list[tuple[str, str]]:
    """Take back the tasks marked running that no live worker runs: queued again, or failed after
    ``max_attempts`` runs. Returns (task id, "queued" or "failed") for each."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=lease)
    done: list[tuple[str, str]] = []
    with transaction.atomic():
        beats = {b.worker_id: b for b in WorkerBeat.objects.filter(beat_at__gte=stale)}
        running = DBTaskResult.objects.running().filter(started_at__lt=stale)
        for task in running.select_for_update(skip_locked=True):
            beat = beats.get(task.worker_ids[-1] if task.worker_ids else "")
            if beat is not None and beat.task_id == str(task.id):
                continue  # still being run
            if len(task.worker_ids) >= max_attempts:
                _give_up(task, now)
                done.append((str(task.id), "failed"))
            else:
                _queue_again(task, now)
                done.append((str(task.id), "queued"))
            logger.warning("task %s of a stopped worker %s", task.id, done[-1][1])
        WorkerBeat.objects.filter(beat_at__lt=now - dt.timedelta(seconds=lease * 10)).delete()
    return done


def workers_alive(*, lease: float) -> int:
    """How many workers have beaten within a lease."""
    return WorkerBeat.objects.filter(beat_at__gte=timezone.now() - dt.timedelta(seconds=lease)).count()


class LastingWorker(Worker):
    """``db_worker``'s loop, with a heartbeat, reclaiming and database errors waited out."""

    def __init__(self, *, lease: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lease = lease
        self.current_task = ""
        self._stopped = threading.Event()
        self._started_at = timezone.now()

    def run(self) -> None:
        heart = threading.Thread(target=self._beat_loop, name="worker-heartbeat", daemon=True)
        heart.start()
        try:
            self._run_lasting()
        finally:
            self._stopped.set()
            heart.join(timeout=10)

    def _run_lasting(self) -> None:
        delay = 1.0
        while self.running:
            try:
                super().run()
                return  # --batch or --max-tasks: done
            except TRANSIENT as exc:
                logger.warning("database unavailable (%s); the worker tries again in %.0f s", exc, delay)
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)
                self.startup_delay = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.current_task = str(db_task_result.id)
        try:
            super().run_task(db_task_result)
        finally:
            self.current_task = ""
        if db_task_result.status == TaskResultStatus.FAILED and self._transient(db_task_result):
            if len(db_task_result.worker_ids) < MAX_ATTEMPTS:
                logger.warning("task %s hit a database error; queued again", db_task_result.id)
                _queue_again(db_task_result, timezone.now() + dt.timedelta(seconds=BACKOFF_MAX))

    @staticmethod
    def _transient(task: DBTaskResult) -> bool:
        names = {f"{e.__module__}.{e.__qualname__}" for e in TRANSIENT}
        return task.exception_class_path in names

    def _beat_loop(self) -> None:
        """In its own thread (so with its own database connection) while the worker runs."""
        interval = max(self.lease / 4, 0.2)
        try:
            while not self._stopped.is_set():
                try:
                    self._beat()
                    tasks_reclaim(lease=self.lease)
                except TRANSIENT as exc:
                    logger.warning("heartbeat failed: %s", exc)
                    connections.close_all()
                self._stopped.wait(interval)
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
        except TRANSIENT:
            pass  # leaving while the database is away: the beat goes stale by itself
        finally:
            connections.close_all()

    def _beat(self) -> None:
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"beat_at": timezone.now(), "task_id": self.current_task},
            create_defaults={
                "beat_at": timezone.now(),
                "task_id": self.current_task,
                "started_at": self._started_at,
                "host": socket.gethostname()[:200],
                "pid": os.getpid(),
            },
        )


def batch_waiting_note(task_id: str, *, lease: float) -> str:
    """What the batch page says while its articles wait, when the wait is not the normal one: no
    worker running, the worker gone, a database error being waited out. Empty otherwise."""
    try:
        task = DBTaskResult.objects.filter(pk=uuid.UUID(task_id)).first()
    except ValueError:  # empty, or a task of another backend
        return ""
    if task is None or task.status not in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
        return ""
    alive = workers_alive(lease=lease)
    if task.status == TaskResultStatus.READY:
        if not alive:
            return "No worker is running: the articles wait in the queue until one starts (manage.py worker)."
        if task.run_after > timezone.now() and len(task.worker_ids) > 0:
            return "A database error interrupted the ingestion; it is tried again shortly."
        return ""
    beat = WorkerBeat.objects.filter(worker_id=task.worker_ids[-1] if task.worker_ids else "").first()
    stale = timezone.now() - dt.timedelta(seconds=lease)
    if beat is not None and beat.beat_at >= stale and beat.task_id == str(task.id):
        return ""
    if alive:
        return "The worker ingesting these articles stopped; another worker takes them back within a minute."
    return "The worker ingesting these articles stopped and no other is running: they are taken back when one starts."
