"""Uploads: a batch of files and pasted texts, each with a verdict, queued for ingestion."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.admin.models import ADDITION
from django.db import transaction

from meetings.models import (
    Article,
    UploadBatch,
    UploadItem,
)
from meetings.services.corrections import admin_log
from meetings.services.ingest import article_get_or_create
from meetings.services.readers import (
    ArticleInput,
    UploadRejected,
    upload_file_read,
    upload_size_check,
    upload_text_read,
)
from meetings.tasks import articles_ingest_task


def upload_batch_create(*, user, files: Sequence = (), pasted: dict | None = None) -> UploadBatch:
    """Keep every readable upload as a pending article, record a verdict for each file, and
    enqueue the new articles' ingestion (run at once by the default backend, by ``manage.py worker`` in
    production). Nothing read is lost: an article's text is stored before any extraction.

    ``files`` are uploaded files (``name``, ``size``, ``read()``); one too large is not read."""
    items: list[tuple[str, ArticleInput | None, str]] = []
    for file in files:
        try:
            upload_size_check(file.size)
            items.append((file.name, upload_file_read(name=file.name, data=file.read()), ""))
        except UploadRejected as exc:
            items.append((file.name, None, str(exc)))
    if pasted is not None:
        try:
            item = upload_text_read(**pasted)
            items.append((item.name, item, ""))
        except UploadRejected as exc:
            items.append((pasted.get("title") or "pasted text", None, str(exc)))

    queued: list[int] = []
    with transaction.atomic():
        batch = UploadBatch.objects.create(created_by=user)
        for name, item, reason in items:
            if item is None:
                UploadItem.objects.create(
                    batch=batch, name=name[:500], verdict=UploadItem.Verdict.REJECTED, reason=reason[:500]
                )
                continue
            article, created = article_get_or_create(item)
            # An article that failed earlier is taken again: uploading it is a retry.
            retry = not created and article.status == Article.Status.FAILED
            if created or retry:
                verdict = UploadItem.Verdict.QUEUED
                if article.pk not in queued:
                    queued.append(article.pk)
                if created:
                    admin_log(user=user, objects=[article], flag=ADDITION, message=f"Uploaded ({name})")
            else:
                verdict = UploadItem.Verdict.DUPLICATE
            UploadItem.objects.create(batch=batch, name=name[:500], verdict=verdict, article=article)
    if queued:
        result = articles_ingest_task.enqueue(article_ids=queued)
        UploadBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])
        batch.task_id = str(result.id)[:64]
    return batch
