"""The keys of a filter mapping, and a canonical text of one (for cache keys)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from meetings.models import Topic

# The keys a meeting filter mapping may hold (the names of MeetingFilterForm's fields).
COUNTRY, TOPIC, DATE_FROM, DATE_TO, STATUS = "country", "topic", "date_from", "date_to", "status"
PERSON, SEARCH, SORT, SPEAKER = "person", "q", "sort", "speaker"
OLDEST = "oldest"  # the SORT value for oldest first; newest first is the default
# PRECISION is a Meeting.DatePrecision value of a dated meeting, or UNDATED for the meetings without a date.
PRECISION, UNDATED = "precision", "none"
# MATCH is how several countries combine: ANY gives the meetings with at least one of them; without
# it (the default) a meeting must involve every one. PLACE is the country a meeting was held in.
MATCH, ANY, PLACE = "match", "any", "place"


def key_of(value: Any) -> Any:
    """A model instance's primary key, or the value itself (a country code, a topic slug)."""
    return getattr(value, "pk", value)


def filters_key(filters: Mapping[str, Any] | None) -> str:
    """A canonical text of ``filters``: the same selection gives the same key however it was
    given (objects or keys, any order of countries or people)."""
    parts = []
    for name, value in sorted((filters or {}).items()):
        if value in (None, "", [], ()):
            continue
        if isinstance(value, list | tuple | set | frozenset):
            value = sorted(str(key_of(v)) for v in value)
        elif isinstance(value, Topic):
            value = value.slug
        elif isinstance(value, dt.date):
            value = value.isoformat()
        else:
            value = str(key_of(value))
        parts.append(f"{name}={value}")
    return "&".join(parts)


def selection_key(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    """What keys the meetings ``filters`` select (for ``cache.cache_key``): the sort order does
    not change them."""
    return {k: v for k, v in (filters or {}).items() if k != SORT}
