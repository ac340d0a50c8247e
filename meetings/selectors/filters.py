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
# REVIEWED is REVIEWED_ONLY for the meetings reviewed by staff only.
REVIEWED, REVIEWED_ONLY = "reviewed", "yes"


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


# What the writes that say what they touched bump (``services.invalidation.Touched``), and what the
# cached reads are keyed by. A selection narrowed to a country, topic or person is keyed by the
# versions of those, any other by LISTS, which every such write bumps. Sound because a write bumps
# the scopes of each meeting and quote it touched as it was before and as it is after: a meeting
# that enters or leaves a selection narrowed to France had France before or has it now.
LISTS = "lists"


def country_scope(country: Any) -> str:
    return f"country:{key_of(country)}"


def topic_scope(topic: Any) -> str:
    return f"topic:{getattr(topic, 'slug', topic)}"


def person_scope(person: Any) -> str:
    return f"person:{key_of(person)}"


def meeting_scope(meeting: Any) -> str:
    return f"meeting:{key_of(meeting)}"


def selection_scopes(filters: Mapping[str, Any] | None = None, **_: Any) -> tuple[str, ...]:
    """The scopes of the meetings ``filters`` select (their count, rows, timeline, places and
    network): every meeting selected has the filter's topic, its people and all of its countries
    (with ``match=any`` one of them), so a write touching it bumps one of these."""
    filters = filters or {}
    scopes = [country_scope(c) for c in filters.get(COUNTRY) or ()]
    scopes += [person_scope(p) for p in filters.get(PERSON) or ()]
    if filters.get(TOPIC):
        scopes.append(topic_scope(filters[TOPIC]))
    return tuple(scopes) or (LISTS,)


def facet_scopes(filters: Mapping[str, Any] | None = None, **_: Any) -> tuple[str, ...]:
    """The scopes of the facets of ``filters`` (and of the meetings list's regions, which show
    them). Each facet counts under the filters but its own: the topic facet without the topic,
    the country facet with ``match=any`` without the countries, so those are no scope of theirs;
    the countries (all of them required) and the people stay in every facet's selection."""
    filters = filters or {}
    scopes = [] if filters.get(MATCH) == ANY else [country_scope(c) for c in filters.get(COUNTRY) or ()]
    scopes += [person_scope(p) for p in filters.get(PERSON) or ()]
    return tuple(scopes) or (LISTS,)


def quote_scopes(filters: Mapping[str, Any] | None = None, **_: Any) -> tuple[str, ...]:
    """The scopes of the quotes ``filters`` select: a speaker's or a topic's (the person and topic
    pages); anything else, a search above all (its candidates are the most recent matches of all
    quotes), is LISTS."""
    given = {k for k, v in (filters or {}).items() if v not in (None, "", [], ())}
    if not given or not given <= {SPEAKER, TOPIC}:
        return (LISTS,)
    scopes = [person_scope(filters[SPEAKER])] if SPEAKER in given else []
    if TOPIC in given:
        scopes.append(topic_scope(filters[TOPIC]))
    return tuple(scopes)
