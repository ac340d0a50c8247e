"""Error pages."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.views import defaults

logger = logging.getLogger(__name__)

UNAVAILABLE = (
    '<!doctype html><html lang="en"><title>Temporarily unavailable</title>'
    "<h1>Temporarily unavailable</h1><p>The database is not answering. Please try again in a minute.</p></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler. A database that cannot be reached or stops answering (a connect or statement
    timeout) is a 503 that says so, not a 500; its connections are closed so that the next request
    connects afresh and the site recovers by itself."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("database unavailable for %s: %s", request.path, exc)
        for conn in connections.all(initialized_only=True):
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail; it is dropped anyway
                pass
        return HttpResponse(UNAVAILABLE, status=503, headers={"Retry-After": "30"})
    return defaults.server_error(request)
