"""Run the background worker: python manage.py worker (with TASKS_BACKEND=database).

The same options as django-tasks-db's ``db_worker``, and the same loop, made to last: database
errors are waited out, and the tasks of workers that died are taken back (meetings/worker.py)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from meetings.worker import LastingWorker


class Command(db_worker.Command):
    help = (
        "Run the background worker: ingests uploads; survives database errors, reclaims dead workers' tasks"
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--lease",
            type=float,
            default=settings.WORKER_LEASE_SECONDS,
            help="seconds without a heartbeat after which a worker's running task is taken back "
            "(default: WORKER_LEASE_SECONDS, %(default)s)",
        )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload,
               max_tasks, worker_id, exclude_queues, lease, **options) -> None:  # fmt: skip
        self.configure_logging(verbosity)
        if lease <= 0:
            raise CommandError("--lease must be a positive number of seconds")
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LastingWorker(
            lease=lease,
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload and not batch:  # development (DEBUG): restarted when the code changes
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
