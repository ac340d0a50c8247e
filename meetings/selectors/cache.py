"""Cached reads: values kept under the data version, which every write bumps."""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.cache import cache

from meetings.models import DataVersion
from meetings.selectors.filters import filters_key

# Cached counts are keyed by the data version, which every write service and every admin save or
# delete bumps, so they are never stale after those writes. The timeout only bounds how long a
# change made some other way (a shell, SQL) can go unseen.
CACHE_SECONDS = 600

Read = TypeVar("Read", bound=Callable[..., Any])


def data_version() -> int:
    """The number the write services bump after every change (one query by primary key)."""
    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def region_key(*, filters: Mapping[str, Any] | None = None, **parts: Any) -> str:
    """The key of a rendered region of a page: the validated filters and page numbers only, never the
    raw query string (an unknown parameter, "?utm_source=x1", must not make a new cache entry)."""
    extra = "&".join(f"{k}={v}" for k, v in sorted(parts.items()))
    return hashlib.sha256(f"{filters_key(filters)}|{extra}".encode()).hexdigest()[:32]


def cached(name: str, key: str, compute: Callable[[], Any], *, version: int | None = None) -> Any:
    """``compute()``, kept in the cache under ``name``, ``key`` and the data version (read now
    unless given)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    version = data_version() if version is None else version
    cache_key = f"meetings:{name}:{version}:{digest}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, CACHE_SECONDS)
    return value


def cached_read(name: str, *, key: Callable[..., str]) -> Callable[[Read], Read]:
    """A keyword-only read made a cached one (see ``cached``): its value is kept under ``name`` and
    ``key(**arguments)``, the call's arguments with their defaults filled in. The cached read also
    takes ``version=``, so that a page reading several values reads them at one version."""

    def decorate(compute: Read) -> Read:
        signature = inspect.signature(compute)

        @functools.wraps(compute)
        def read(*, version: int | None = None, **kwargs: Any) -> Any:
            bound = signature.bind(**kwargs)
            bound.apply_defaults()
            arguments = bound.arguments
            return cached(name, key(**arguments), lambda: compute(**arguments), version=version)

        return read  # type: ignore[return-value]

    return decorate
