"""A database that stops answering: each request gives up within seconds with a 503 page, and the
site answers again once the database is back, with no restart (issue 13). Real processes: a proxy on
127.0.0.1 that accepts connections and, until told otherwise, never answers; a Django process pointed
at it; the real PostgreSQL behind it once it is "back"."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.proxy import Proxy, postgres_url_through

ROOT = Path(__file__).resolve().parents[2]

# One process, two requests: the first while the database is silent, the second after the test has
# told the proxy to let connections through (a line on stdin).
SCRIPT = """
import django, sys, time
django.setup()
from django.test import Client
c = Client(raise_request_exception=False)  # answer as the server would
start = time.monotonic()
r = c.get("/")
print(r.status_code, round(time.monotonic() - start, 1), r.headers.get("Retry-After"),
      b"not answering" in r.content, flush=True)
sys.stdin.readline()
r = c.get("/")
print(r.status_code, b"meetings" in r.content.lower(), flush=True)
"""


@pytest.mark.django_db
def test_a_database_that_never_answers_gives_a_503_within_seconds_and_the_site_recovers():
    if connection.vendor != "postgresql":
        pytest.skip("connect and statement timeouts are PostgreSQL's; this runs in the PostgreSQL pass")
    settings = connection.settings_dict
    proxy = Proxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)), Proxy.SILENT)
    env = {
        "DATABASE_URL": postgres_url_through(proxy, settings),
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DB_CONNECT_TIMEOUT": "2",
        "CACHE_URL": "",
        "PATH": "/usr/bin:/bin",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        started = time.monotonic()
        first = process.stdout.readline().split()
        took = time.monotonic() - started
        proxy.set(Proxy.FORWARD)
        process.stdin.write("back\n")
        process.stdin.flush()
        second = process.stdout.readline().split()
        process.wait(timeout=60)
    finally:
        process.kill()
        proxy.close()
    assert first, process.stderr.read()[-2000:]
    status, seconds, retry_after, says = first
    assert (status, retry_after, says) == ("503", "30", "True")
    assert float(seconds) < 10 and took < 30
    assert second == ["200", "True"], process.stderr.read()[-2000:]
