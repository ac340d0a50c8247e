"""What the meetings page shows besides its rows: facet counts, the timeline, and both with the
count read at one data version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from meetings.models import Meeting, Participation, Topic
from meetings.selectors.cache import cached_read, versions
from meetings.selectors.filters import (
    ANY,
    COUNTRY,
    DATE_FROM,
    DATE_TO,
    MATCH,
    PERSON,
    PRECISION,
    SORT,
    STATUS,
    TOPIC,
    UNDATED,
    facet_scopes,
    key_of,
    selection_key,
    selection_scopes,
)
from meetings.selectors.meetings import meeting_count, meeting_filter


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class MeetingFacets:
    countries: list[FacetValue]
    topics: list[FacetValue]
    statuses: list[FacetValue]
    people: list[FacetValue]
    years: list[FacetValue]


# The person facet lists the people with most meetings in the results, not all of them.
PERSON_FACET_SIZE = 15


@dataclass(frozen=True)
class MonthCount:
    month: dt.date | None  # the first day of the month; None for the undated meetings
    count: int


@dataclass(frozen=True)
class MeetingSummary:
    """What the meetings page shows besides its rows."""

    count: int
    facets: MeetingFacets
    timeline: list[MonthCount]


def meeting_summary(*, filters: Mapping[str, Any] | None = None) -> MeetingSummary:
    """The count, facets and timeline of the meetings matching ``filters``: one query for the
    data versions when cached (read once per request), one per aggregate otherwise."""
    # The versions of every scope the page is keyed by, in one read, so that all of it is of one
    # moment (the count's scopes and the facets' differ when a topic is chosen).
    versions([*selection_scopes(filters), *facet_scopes(filters)])
    return MeetingSummary(
        count=meeting_count(filters=filters),
        facets=meeting_facets(filters=filters),
        timeline=meeting_timeline(filters=filters),
    )


@cached_read("facets", key=selection_key, scopes=facet_scopes)
def meeting_facets(*, filters: Mapping[str, Any] | None = None) -> MeetingFacets:
    """How many meetings each filter value would give, in one aggregate query per facet (cached:
    see ``cached_read``).

    Countries combine (every selected one must take part), so a country's count is taken within
    the current results; with ``match="any"`` a ticked country adds its meetings, so the counts are
    taken under the other filters only, as for topic and status, which hold one value (picking
    another replaces it). Values are ordered by count, then name; those with no meetings are left
    out unless selected.
    """
    filters = dict(filters or {})
    selected_countries = {key_of(c): c for c in filters.get(COUNTRY) or ()}
    selected_topic = filters.get(TOPIC)
    selected_status = filters.get(STATUS) or ""

    matching = _meeting_ids(filters)
    country_scope = _meeting_ids({**filters, COUNTRY: None}) if filters.get(MATCH) == ANY else matching
    country_rows = (
        _within(Meeting.countries.through.objects.all(), country_scope)
        .values("country_id", "country__name")
        .annotate(n=Count("meeting_id"))
    )
    countries = [
        FacetValue(row["country_id"], row["country__name"], row["n"], row["country_id"] in selected_countries)
        for row in country_rows
    ]
    shown = {f.value for f in countries}
    for code, country in selected_countries.items():
        if code not in shown:
            countries.append(FacetValue(code, getattr(country, "name", code), 0, True))
    countries.sort(key=_by_count)

    without_topic = _meeting_ids({**filters, TOPIC: None})
    topic_rows = (
        _within(Meeting.topics.through.objects.all(), without_topic)
        .values("topic__slug", "topic__name")
        .annotate(n=Count("meeting_id"))
    )
    topic_slug = selected_topic.slug if isinstance(selected_topic, Topic) else selected_topic
    topics = [
        FacetValue(row["topic__slug"], row["topic__name"], row["n"], row["topic__slug"] == topic_slug)
        for row in topic_rows
    ]
    if topic_slug and not any(f.selected for f in topics):
        topics.append(FacetValue(topic_slug, getattr(selected_topic, "name", topic_slug), 0, True))
    topics.sort(key=_by_count)

    status_counts = dict(
        meeting_filter(filters={**filters, STATUS: None})
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    statuses = [
        FacetValue(value, label, status_counts.get(value, 0), value == selected_status)
        for value, label in Meeting.Status.choices
        if status_counts.get(value) or value == selected_status
    ]
    return MeetingFacets(
        countries=countries,
        topics=topics,
        statuses=statuses,
        people=_person_facet(filters, matching),
        years=_year_facet(filters),
    )


def _by_count(facet: FacetValue) -> tuple[int, str]:
    return -facet.count, facet.label


def _meeting_ids(filters: Mapping[str, Any]) -> QuerySet | None:
    """The ids of the meetings ``filters`` select, or None when they select every meeting."""
    if not any(value not in (None, "", [], ()) for key, value in filters.items() if key not in (SORT, MATCH)):
        return None
    return meeting_filter(filters=filters).values("pk")


def _within(rows: QuerySet, meeting_ids: QuerySet | None) -> QuerySet:
    """Rows of a table with a meeting_id, narrowed to ``meeting_ids`` (None: all meetings; not
    joining the meetings table at all then saves a third of an unfiltered facet's time)."""
    return rows if meeting_ids is None else rows.filter(meeting_id__in=meeting_ids)


def _person_facet(filters: Mapping[str, Any], matching: QuerySet | None) -> list[FacetValue]:
    """People combine like countries, so their counts are within the results. Selected people
    take part in every result and so rank first."""
    selected = {int(key_of(p)): p for p in filters.get(PERSON) or ()}
    rows = (
        _within(Participation.objects.all(), matching)
        .values("person_id", "person__name")
        .annotate(n=Count("meeting_id"))
        .order_by("-n", "person__name", "person_id")[: PERSON_FACET_SIZE + len(selected)]
    )
    people = [
        FacetValue(str(r["person_id"]), r["person__name"], r["n"], r["person_id"] in selected) for r in rows
    ]
    shown = {int(f.value) for f in people}
    people += [
        FacetValue(str(pk), getattr(person, "name", str(pk)), 0, True)
        for pk, person in selected.items()
        if pk not in shown
    ]
    return people


def _year_facet(filters: Mapping[str, Any]) -> list[FacetValue]:
    """Meetings per year, then the undated ones (value UNDATED), under every filter but the dates
    and "undated" (the facet's own choices), so that without those its counts add up to the
    results'. A year is selected when the date range is exactly that year."""
    own = {DATE_FROM: None, DATE_TO: None}
    if filters.get(PRECISION) == UNDATED:
        own[PRECISION] = None
    years: dict[int, int] = {}
    undated = 0
    for day, n in _per_day(meeting_filter(filters={**filters, **own})):
        if day is None:
            undated += n
        else:
            years[day.year] = years.get(day.year, 0) + n
    date_from, date_to = filters.get(DATE_FROM), filters.get(DATE_TO)
    values = [
        FacetValue(
            str(year), str(year), n, date_from == dt.date(year, 1, 1) and date_to == dt.date(year, 12, 31)
        )
        for year, n in sorted(years.items(), reverse=True)
    ]
    if undated or filters.get(PRECISION) == UNDATED:
        values.append(FacetValue(UNDATED, "Undated", undated, filters.get(PRECISION) == UNDATED))
    return values


@cached_read("timeline", key=selection_key, scopes=selection_scopes)
def meeting_timeline(*, filters: Mapping[str, Any] | None = None) -> list[MonthCount]:
    """Dated meetings matching ``filters`` per month, oldest first, months without meetings left
    out, then the undated ones (``month=None``) if there are any: one query (cached: see
    ``cached_read``)."""
    months: dict[dt.date, int] = {}
    undated = 0
    for day, n in _per_day(meeting_filter(filters=filters)):
        if day is None:
            undated += n
            continue
        month = day.replace(day=1)
        months[month] = months.get(month, 0) + n
    timeline = [MonthCount(month, n) for month, n in sorted(months.items())]
    return [*timeline, MonthCount(None, undated)] if undated else timeline


def _per_day(meetings: QuerySet[Meeting]) -> list[tuple[dt.date | None, int]]:
    """``meetings`` counted per day (None: the undated ones), for the caller to fold into months or
    years: grouping on the column itself reads the date index, where truncating each date first
    cost SQLite a Python function call per meeting (and PostgreSQL a sort), for at most a few
    thousand days."""
    return list(meetings.order_by().values("date").annotate(n=Count("pk")).values_list("date", "n"))
