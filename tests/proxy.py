"""Database addresses for tests that run other processes, and a TCP proxy on 127.0.0.1 for fault tests: in front of PostgreSQL, it forwards, stays silent
(accepts connections and never answers) or cuts (drops every open connection and closes each new
one at once, as a server that restarts)."""

from __future__ import annotations

import socket
import threading


class Proxy:
    FORWARD, SILENT, CUT = "forward", "silent", "cut"

    def __init__(self, upstream: tuple[str, int], mode: str = FORWARD):
        self.upstream = upstream
        self.mode = mode
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def set(self, mode: str) -> None:
        self.mode = mode
        if mode == self.CUT:
            self._drop_all()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if self.mode == self.CUT:
                client.close()
                continue
            with self._lock:
                self._open.append(client)
            if self.mode == self.SILENT:
                continue
            upstream = socket.create_connection(self.upstream)
            with self._lock:
                self._open.append(upstream)
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

    def _drop_all(self) -> None:
        with self._lock:
            held, self._open = self._open, []
        for s in held:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.server.close()
        self._drop_all()


def postgres_url_through(proxy: Proxy, settings_dict: dict) -> str:
    """The test database's URL, through the proxy."""
    auth = settings_dict["USER"] or "postgres"
    if settings_dict["PASSWORD"]:
        auth += f":{settings_dict['PASSWORD']}"
    return f"postgres://{auth}@127.0.0.1:{proxy.port}/{settings_dict['NAME']}"


def postgres_url(settings_dict: dict) -> str:
    """The test database's URL, for another process (a worker, an ingest) to share it."""
    auth = settings_dict["USER"] or "postgres"
    if settings_dict["PASSWORD"]:
        auth += f":{settings_dict['PASSWORD']}"
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}"
