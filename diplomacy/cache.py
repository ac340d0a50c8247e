"""A Redis cache that the site survives without.

The cache is an optimisation: when Redis does not answer, every page must still work, a little slower.
Each operation is bounded by short socket timeouts; a failure is logged once and the cache is then left
alone for ``retry_seconds`` (every read a miss, every write dropped), after which it is tried again.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# What redis-py raises when the server is away, refuses, or is too slow.
try:  # pragma: no cover - redis is a dependency; the guard keeps import errors readable
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    _DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover
    _DOWN = (OSError,)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 30))
        timeout = float(options.pop("SOCKET_TIMEOUT", 0.5))
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("socket_timeout", timeout)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            first = self._available()
            self._down_until = time.monotonic() + self.retry_seconds
        if first:  # once per outage, not once per request
            logger.error(
                "cache unavailable, pages are computed without it for %ss: %s", self.retry_seconds, exc
            )

    def _guard(self, default, method, *args, **kwargs):
        if not self._available():
            return default
        try:
            return method(*args, **kwargs)
        except _DOWN as exc:
            self._failed(exc)
            return default

    def get(self, key, default=None, version=None):
        return self._guard(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard({}, super().get_many, keys, version)

    def set(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guard(None, super().set, key, value, version=version, **kwargs)

    def set_many(self, data, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guard(list(data), super().set_many, data, version=version, **kwargs)

    def add(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guard(False, super().add, key, value, version=version, **kwargs)

    def delete(self, key, version=None):
        return self._guard(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guard(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._guard(None, super().incr, key, delta, version)

    def has_key(self, key, version=None):
        return self._guard(False, super().has_key, key, version)

    def touch(self, key, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guard(False, super().touch, key, version=version, **kwargs)

    def clear(self):
        return self._guard(None, super().clear)
