"""Requests no view can answer are refused before any view or query sees them."""

from __future__ import annotations

from django.http import HttpResponseBadRequest


def _nul_in_query(request) -> bool:
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists())


def reject_nul_bytes(get_response):
    """A NUL byte in a path, or in a query parameter of the admin, is refused with a 400: PostgreSQL
    cannot store or compare text containing one, so letting it through turns a bad URL into a 500
    ("/countries/%00/", "?term=%00" in the admin's autocomplete). The public pages' filter forms take
    such a parameter themselves and name it as ignored."""

    def middleware(request):
        if "\x00" in request.path or (request.path.startswith("/admin/") and _nul_in_query(request)):
            return HttpResponseBadRequest("A NUL byte is not allowed in a URL.", content_type="text/plain")
        return get_response(request)

    return middleware
