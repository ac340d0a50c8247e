"""The data version every write bumps, so that cached reads are recomputed (docs/performance.md)."""

from __future__ import annotations

from django.db import models, transaction

from meetings.models import (
    DataVersion,
)


def data_changed() -> None:
    """Bump the data version once the current transaction commits (at once outside one), so the
    cached counts keyed by it (see ``selectors.data_version``) are recomputed by every process.
    Every service that changes meetings, people or quotes calls it; after the commit, so no reader
    can cache the old data under the new number."""
    transaction.on_commit(_data_version_bump)


def _data_version_bump() -> None:
    if not DataVersion.objects.filter(pk=1).update(value=models.F("value") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})
