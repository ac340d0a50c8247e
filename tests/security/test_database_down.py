"""A database that stops answering: each request gives up within seconds with a 503 page, and the
site answers again once the database is back, with no restart (issue 13). Real processes: a proxy on
127.0.0.1 that accepts connections and, until told otherwise, never answers; a Django process pointed
at it; the real PostgreSQL behind it once it is "back"."""

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

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


class Proxy:
    """Accepts every connection; silent until `back` is set, then pipes new connections to PostgreSQL."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.back = threading.Event()
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.back.is_set():
                self.held.append(client)  # never answered
                continue
            upstream = socket.create_connection(self.upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.server.close()
        for s in self.held:
            s.close()


@pytest.mark.django_db
def test_a_database_that_never_answers_gives_a_503_within_seconds_and_the_site_recovers():
    if connection.vendor != "postgresql":
        pytest.skip("connect and statement timeouts are PostgreSQL's; this runs in the PostgreSQL pass")
    settings = connection.settings_dict
    proxy = Proxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    user = settings["USER"] or "postgres"
    env = {
        "DATABASE_URL": f"postgres://{user}@127.0.0.1:{proxy.port}/{settings['NAME']}",
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
        proxy.back.set()
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
