"""Cached reads: values kept under the data version, which every write bumps.

One key builder (``cache_key``) makes the keys of both layers, the selectors' cached values and the
templates' ``{% cache %}`` regions (``region_key``), from validated filters, never from the raw
query string. One timeout, the ``MEETINGS_CACHE_SECONDS`` setting, bounds both. The data version
is read once per request (``DataVersionMiddleware``), so one response never mixes two versions.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import inspect
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from meetings.models import DataVersion
from meetings.selectors.filters import filters_key

Read = TypeVar("Read", bound=Callable[..., Any])

# The data version of the request being answered, read at its first use (None outside a request:
# then every call reads it).
_request_version: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "meetings_request_version", default=None
)


def cache_seconds() -> int:
    """How long a cached value or region is kept. Writes through the services and the admin bump
    the data version, so this only bounds how long a change made some other way (a shell, SQL)
    can go unseen."""
    return settings.MEETINGS_CACHE_SECONDS


def _data_version_read() -> int:
    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def data_version() -> int:
    """The number the write services bump after every change: one query by primary key, once per
    request (the first read is kept for the rest of it)."""
    memo = _request_version.get()
    if memo is None:
        return _data_version_read()
    if not memo:
        memo.append(_data_version_read())
    return memo[0]


class DataVersionMiddleware:
    """Reads of the data version during one request give the number its first read gave."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set([])
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def cache_key(
    name: str, *, filters: Mapping[str, Any] | None = None, version: int | None = None, **parts
) -> str:
    """The key of a cached value or rendered region: its name, the data version (read now unless
    given), the validated ``filters`` in canonical form and any other ``parts`` (page numbers).
    An unknown query parameter ("?utm_source=x1") never reaches it, so never makes a new entry."""
    version = data_version() if version is None else version
    extra = "&".join(f"{k}={v}" for k, v in sorted(parts.items()))
    digest = hashlib.sha256(f"{filters_key(filters)}|{extra}".encode()).hexdigest()[:32]
    return f"meetings:{name}:{version}:{digest}"


def region_key(name: str, *, filters: Mapping[str, Any] | None = None, **parts: Any) -> str:
    """The key of a rendered region of a page, for ``{% cache cache_seconds name region_key %}``."""
    return cache_key(f"region-{name}", filters=filters, **parts)


def cached(
    name: str, compute: Callable[[], Any], *, filters: Mapping[str, Any] | None = None, version=None, **parts
) -> Any:
    """``compute()``, kept in the cache under ``cache_key(name, filters=..., version=..., **parts)``."""
    key = cache_key(name, filters=filters, version=version, **parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, cache_seconds())
    return value


def cached_read(name: str, *, key: Callable[..., Mapping[str, Any]]) -> Callable[[Read], Read]:
    """A keyword-only read made a cached one (see ``cached``): its value is kept under ``name`` and
    the filter mapping ``key(**arguments)`` gives for the call's arguments (defaults filled in).
    The cached read also takes ``version=``, to read several values at one given version."""

    def decorate(compute: Read) -> Read:
        signature = inspect.signature(compute)

        @functools.wraps(compute)
        def read(*, version: int | None = None, **kwargs: Any) -> Any:
            bound = signature.bind(**kwargs)
            bound.apply_defaults()
            arguments = bound.arguments
            return cached(name, lambda: compute(**arguments), filters=key(**arguments), version=version)

        return read  # type: ignore[return-value]

    return decorate
