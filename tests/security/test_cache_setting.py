"""CACHE_URL: a Redis address gives every process one shared cache; anything else is refused."""

import socket
import uuid

import pytest

from tests.security.test_deploy import run

REDIS = "redis://127.0.0.1:6379/15"


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_up(), reason="needs a Redis server on 127.0.0.1:6379")
def test_two_processes_share_what_one_cached_in_redis():
    key = f"test-{uuid.uuid4().hex}"
    env = {"CACHE_URL": REDIS}
    write = run(
        ["manage.py", "shell", "-c", f"from django.core.cache import cache; cache.set('{key}', 41 + 1, 60)"],
        env,
    )
    assert write.returncode == 0, write.stderr

    read = run(
        ["manage.py", "shell", "-c", f"from django.core.cache import cache; print(cache.get('{key}'))"], env
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == "42"

    local = run(
        ["manage.py", "shell", "-c", f"from django.core.cache import cache; print(cache.get('{key}'))"], {}
    )
    assert local.stdout.strip().splitlines()[-1] == "None"  # the default cache is the process's own


def test_a_cache_url_that_is_not_redis_stops_the_start_with_a_clear_message():
    result = run(["manage.py", "check"], {"CACHE_URL": "memcached://127.0.0.1:11211"})

    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// address" in result.stderr
