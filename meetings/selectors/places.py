"""Where meetings were held: meetings per host country, for the map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from meetings.selectors.cache import cached_read
from meetings.selectors.filters import selection_key, selection_scopes
from meetings.selectors.meetings import meeting_filter


@dataclass(frozen=True)
class PlaceCount:
    code: str  # the host country's ISO code
    name: str
    count: int


@dataclass(frozen=True)
class MeetingPlaces:
    countries: list[PlaceCount]  # most meetings first, then by name
    unplaced: int  # meetings of the selection with no known host country


@cached_read("places", key=selection_key, scopes=selection_scopes)
def meeting_places(*, filters: Mapping[str, Any] | None = None) -> MeetingPlaces:
    """The meetings matching ``filters`` counted per country they were held in, in one query
    (cached: see ``cached_read``)."""
    rows = (
        meeting_filter(filters=filters)
        .order_by()
        .values("location_country_id", "location_country__name")
        .annotate(n=Count("pk"))
    )
    countries, unplaced = [], 0
    for row in rows:
        if row["location_country_id"] is None:
            unplaced += row["n"]
        else:
            countries.append(PlaceCount(row["location_country_id"], row["location_country__name"], row["n"]))
    countries.sort(key=lambda p: (-p.count, p.name))
    return MeetingPlaces(countries, unplaced)
