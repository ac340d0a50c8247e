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
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from meetings.models import DataVersion
from meetings.selectors.filters import LISTS, filters_key

Read = TypeVar("Read", bound=Callable[..., Any])

# The versions read during the request being answered, by DataVersion row, each kept from its first
# read (None outside a request: then every call reads them).
_request_versions: contextvars.ContextVar[dict[int, int] | None] = contextvars.ContextVar(
    "meetings_request_versions", default=None
)

# Row 1 of DataVersion is the epoch: any write that does not say what it touched bumps it, and every
# key holds it, so such a write makes everything stale. A write that says what it touched
# (``services.invalidation.Touched``) bumps the rows of those scopes instead: "lists", which every
# selection not narrowed to a country, topic or person is keyed by, and "country:FR", "topic:energy",
# "person:12", "meeting:7" for the pages and selections narrowed to them.
EPOCH = 1


def scope_pk(scope: str) -> int:
    """The DataVersion row of a scope: a stable number from its name, above the epoch's. Two
    scopes sharing a row (odds of 1 in 2.8 x 10^14 per pair) only invalidate each other more often."""
    return 2 + int.from_bytes(hashlib.sha256(scope.encode()).digest()[:6], "big")


def cache_seconds() -> int:
    """How long a cached value or region is kept. Writes through the services and the admin bump
    the data version, so this only bounds how long a change made some other way (a shell, SQL)
    can go unseen."""
    return settings.MEETINGS_CACHE_SECONDS


def versions(scopes: Iterable[str] = ()) -> tuple[int, ...]:
    """The epoch, then the version of each of ``scopes`` (0 for one never bumped): one query for
    those not read yet in this request, whose first read of each is kept for the rest of it."""
    pks = [EPOCH, *(scope_pk(scope) for scope in scopes)]
    memo = _request_versions.get()
    known = {} if memo is None else memo
    missing = [pk for pk in pks if pk not in known]
    if missing:
        read = dict(DataVersion.objects.filter(pk__in=missing).values_list("pk", "value"))
        known.update({pk: read.get(pk, 0) for pk in missing})
    return tuple(known[pk] for pk in pks)


def data_version() -> int:
    """The epoch, the number every write that does not name its scopes bumps (see ``versions``)."""
    return versions()[0]


def version_token(scopes: Iterable[str] = (LISTS,)) -> str:
    """The versions of ``scopes`` (and the epoch) as one part of a cache key."""
    return ".".join(str(v) for v in versions(sorted(set(scopes))))


class DataVersionMiddleware:
    """Reads of the data versions during one request give the numbers their first read gave, so
    the cached regions of one page are all of one version."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _request_versions.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(token)


def cache_key(
    name: str,
    *,
    filters: Mapping[str, Any] | None = None,
    scopes: Iterable[str] = (LISTS,),
    version: Any = None,
    **parts: Any,
) -> str:
    """The key of a cached value or rendered region: its name, the versions of the ``scopes`` it
    depends on (read now unless ``version`` is given), the validated ``filters`` in canonical form
    and any other ``parts`` (page numbers). An unknown query parameter ("?utm_source=x1") never
    reaches it, so never makes a new entry."""
    version = version_token(scopes) if version is None else version
    extra = "&".join(f"{k}={v}" for k, v in sorted(parts.items()))
    digest = hashlib.sha256(f"{filters_key(filters)}|{extra}".encode()).hexdigest()[:32]
    return f"meetings:{name}:{version}:{digest}"


def region_key(name: str, **kwargs: Any) -> str:
    """The key of a rendered region of a page, for ``{% cache cache_seconds name region_key %}``
    (the arguments of ``cache_key``)."""
    return cache_key(f"region-{name}", **kwargs)


def cached(name: str, compute: Callable[[], Any], **kwargs: Any) -> Any:
    """``compute()``, kept in the cache under ``cache_key(name, **kwargs)``."""
    key = cache_key(name, **kwargs)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, cache_seconds())
    return value


def _lists(**arguments: Any) -> tuple[str, ...]:
    return (LISTS,)


def cached_read(
    name: str, *, key: Callable[..., Mapping[str, Any]], scopes: Callable[..., Iterable[str]] = _lists
) -> Callable[[Read], Read]:
    """A keyword-only read made a cached one (see ``cached``): its value is kept under ``name``,
    the filter mapping ``key(**arguments)`` and the versions of ``scopes(**arguments)`` (the
    call's arguments, defaults filled in), the scopes whose writes can change it."""

    def decorate(compute: Read) -> Read:
        signature = inspect.signature(compute)

        @functools.wraps(compute)
        def read(**kwargs: Any) -> Any:
            bound = signature.bind(**kwargs)
            bound.apply_defaults()
            arguments = bound.arguments
            return cached(
                name, lambda: compute(**arguments), filters=key(**arguments), scopes=scopes(**arguments)
            )

        return read  # type: ignore[return-value]

    return decorate
