"""Reads: the querysets and read models behind the pages.

Selectors take keyword arguments (a filter mapping, usually a form's ``cleaned_data``) and never
look at the request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from meetings.models import (
    Article,
    Country,
    DataVersion,
    Meeting,
    MeetingRedirect,
    MeetingSource,
    Participation,
    Person,
    PersonAlias,
    Quote,
    Topic,
    name_key,
)
from meetings.nlp.header import parse_article

# The keys a meeting filter mapping may hold (the names of MeetingFilterForm's fields).
COUNTRY, TOPIC, DATE_FROM, DATE_TO, STATUS = "country", "topic", "date_from", "date_to", "status"
PERSON, SEARCH, SORT, SPEAKER = "person", "q", "sort", "speaker"
OLDEST = "oldest"  # the SORT value for oldest first; newest first is the default
# PRECISION is a Meeting.DatePrecision value of a dated meeting, or UNDATED for the meetings without a date.
PRECISION, UNDATED = "precision", "none"

# Around each matched word in a highlighted quote: characters from Unicode's private use area, which
# never occur in news text, so the text can be escaped first and the marks added after.
MARK_START, MARK_END = "\ue000", "\ue001"


def _key(value: Any) -> Any:
    """A model instance's primary key, or the value itself (a country code, a topic slug)."""
    return getattr(value, "pk", value)


# Cached counts are keyed by the data version, which every write service and every admin save or
# delete bumps, so they are never stale after those writes. The timeout only bounds how long a
# change made some other way (a shell, SQL) can go unseen.
CACHE_SECONDS = 600


def data_version() -> int:
    """The number the write services bump after every change (one query by primary key)."""
    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def _filters_key(filters: Mapping[str, Any] | None) -> str:
    """A canonical text of ``filters``: the same selection gives the same key however it was
    given (objects or keys, any order of countries or people)."""
    parts = []
    for name, value in sorted((filters or {}).items()):
        if value in (None, "", [], ()):
            continue
        if isinstance(value, list | tuple | set | frozenset):
            value = sorted(str(_key(v)) for v in value)
        elif isinstance(value, Topic):
            value = value.slug
        elif isinstance(value, dt.date):
            value = value.isoformat()
        else:
            value = str(_key(value))
        parts.append(f"{name}={value}")
    return "&".join(parts)


def region_key(*, filters: Mapping[str, Any] | None = None, **parts: Any) -> str:
    """The key of a rendered region of a page: the validated filters and page numbers only, never the
    raw query string (an unknown parameter, "?utm_source=x1", must not make a new cache entry)."""
    extra = "&".join(f"{k}={v}" for k, v in sorted(parts.items()))
    return hashlib.sha256(f"{_filters_key(filters)}|{extra}".encode()).hexdigest()[:32]


def _cached(name: str, key: str, compute: Callable[[], Any], *, version: int | None = None) -> Any:
    """``compute()``, kept in the cache under ``name``, ``key`` and the data version (read now
    unless given)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    version = data_version() if version is None else version
    cache_key = f"meetings:{name}:{version}:{digest}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, CACHE_SECONDS)
    return value


def _quote_count() -> Subquery:
    # A correlated subquery rather than Count("quotes"): joins made by the country filters would
    # otherwise multiply the count.
    counts = (
        Quote.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def meeting_filter(
    *, filters: Mapping[str, Any] | None = None, queryset: QuerySet[Meeting] | None = None
) -> QuerySet[Meeting]:
    """Meetings matching ``filters``, unordered and without related data.

    ``country`` is an iterable of countries (or codes): a meeting must involve every one of them,
    so picking China and France finds the meetings between the two. ``topic`` is one topic (or
    slug), ``status`` a ``Meeting.Status`` value, ``date_from``/``date_to`` inclusive dates.
    Missing or empty values do not filter.
    """
    filters = filters or {}
    qs = Meeting.objects.all() if queryset is None else queryset
    # One membership subquery per country keeps the rows distinct without DISTINCT.
    for country in filters.get(COUNTRY) or ():
        qs = qs.filter(
            pk__in=Meeting.countries.through.objects.filter(country_id=_key(country)).values("meeting_id")
        )
    if topic := filters.get(TOPIC):
        topic_id = topic.pk if isinstance(topic, Topic) else Topic.objects.filter(slug=topic).values("pk")[:1]
        qs = qs.filter(pk__in=Meeting.topics.through.objects.filter(topic_id=topic_id).values("meeting_id"))
    if status := filters.get(STATUS):
        qs = qs.filter(status=status)
    if date_from := filters.get(DATE_FROM):
        qs = qs.filter(date__gte=date_from)
    if date_to := filters.get(DATE_TO):
        qs = qs.filter(date__lte=date_to)
    if precision := filters.get(PRECISION):
        if precision == UNDATED:
            qs = qs.filter(date=None)
        else:
            qs = qs.filter(date_precision=precision).exclude(date=None)
    # People combine like countries: picking two finds the meetings where both took part.
    for person in filters.get(PERSON) or ():
        qs = qs.filter(pk__in=Participation.objects.filter(person_id=_key(person)).values("meeting_id"))
    for word in _words(filters.get(SEARCH)):
        qs = qs.filter(_meeting_text_match(word))
    return qs


def _words(text: str | None) -> list[str]:
    return (text or "").split()[:20]


def _meeting_text_match(word: str) -> Q:
    """Meetings where ``word`` appears in a participant's name (any alias), title or organisation,
    in the city or in the host country's name; places accents and case aside ("sao" finds "São
    Paulo"), by their stored keys, so both databases compare plain strings the same way."""
    participants = Participation.objects.filter(
        Q(person__name__icontains=word)
        | Q(person_id__in=PersonAlias.objects.filter(name__icontains=word).values("person_id"))
        | Q(title__icontains=word)
        | Q(organization__icontains=word)
    ).values("meeting_id")
    match = Q(pk__in=participants)
    if key := name_key(word):  # a word of punctuation alone ("%") names no place
        match |= Q(city_key__contains=key) | Q(location_country__name_key__contains=key)
    return match


def _meeting_rows(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """``qs`` with everything a list row shows loaded in a fixed number of queries."""
    return (
        qs.select_related("location_country")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("person", "country")),
            Prefetch("countries", queryset=Country.objects.order_by("name")),
            Prefetch("topics", queryset=Topic.objects.order_by("name")),
        )
        .annotate(quote_count=_quote_count())
    )


def meeting_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Meeting]:
    """Meetings matching ``filters`` (see ``meeting_filter``), newest first (``sort="oldest"``:
    oldest first), undated ones last, with everything a list row shows loaded in a fixed number
    of queries."""
    filters = filters or {}
    if filters.get(SORT) == OLDEST:
        order = (F("date").asc(nulls_last=True), "id")
    else:
        order = (F("date").desc(nulls_last=True), "-id")
    return _meeting_rows(meeting_filter(filters=filters)).order_by(*order)


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


def _selection_key(filters: Mapping[str, Any] | None) -> str:
    """The key of the meetings ``filters`` select: the sort order does not change them."""
    return _filters_key({k: v for k, v in (filters or {}).items() if k != SORT})


@dataclass(frozen=True)
class MeetingSummary:
    """What the meetings page shows besides its rows, and the data version it was read at."""

    count: int
    facets: MeetingFacets
    timeline: list[MonthCount]
    version: int


def meeting_summary(*, filters: Mapping[str, Any] | None = None) -> MeetingSummary:
    """The count, facets and timeline of the meetings matching ``filters``: one query for the
    data version when cached, one per aggregate otherwise."""
    version = data_version()
    key = _selection_key(filters)
    return MeetingSummary(
        count=_cached("count", key, lambda: meeting_filter(filters=filters).count(), version=version),
        facets=_cached("facets", key, lambda: _meeting_facets(filters), version=version),
        timeline=_cached("timeline", key, lambda: _meeting_timeline(filters), version=version),
        version=version,
    )


def meeting_count(*, filters: Mapping[str, Any] | None = None) -> int:
    """How many meetings match ``filters`` (cached: see ``_cached``)."""
    return _cached("count", _selection_key(filters), lambda: meeting_filter(filters=filters).count())


def meeting_facets(*, filters: Mapping[str, Any] | None = None) -> MeetingFacets:
    """How many meetings each filter value would give (cached: see ``_cached``)."""
    return _cached("facets", _selection_key(filters), lambda: _meeting_facets(filters))


def _meeting_facets(filters: Mapping[str, Any] | None) -> MeetingFacets:
    """How many meetings each filter value would give, in one aggregate query per facet.

    Countries combine (every selected one must take part), so a country's count is taken within
    the current results. Topic and status hold one value, and picking another replaces it, so
    their counts are taken under the other filters only. Values with no meetings are left out
    unless selected.
    """
    filters = dict(filters or {})
    selected_countries = {_key(c): c for c in filters.get(COUNTRY) or ()}
    selected_topic = filters.get(TOPIC)
    selected_status = filters.get(STATUS) or ""

    matching = _meeting_ids(filters)
    country_rows = (
        _within(Meeting.countries.through.objects.all(), matching)
        .values("country_id", "country__name")
        .annotate(n=Count("meeting_id"))
        .order_by("country__name")
    )
    countries = [
        FacetValue(row["country_id"], row["country__name"], row["n"], row["country_id"] in selected_countries)
        for row in country_rows
    ]
    shown = {f.value for f in countries}
    for code, country in selected_countries.items():
        if code not in shown:
            countries.append(FacetValue(code, getattr(country, "name", code), 0, True))
    countries.sort(key=lambda f: f.label)

    without_topic = _meeting_ids({**filters, TOPIC: None})
    topic_rows = (
        _within(Meeting.topics.through.objects.all(), without_topic)
        .values("topic__slug", "topic__name")
        .annotate(n=Count("meeting_id"))
        .order_by("topic__name")
    )
    topic_slug = selected_topic.slug if isinstance(selected_topic, Topic) else selected_topic
    topics = [
        FacetValue(row["topic__slug"], row["topic__name"], row["n"], row["topic__slug"] == topic_slug)
        for row in topic_rows
    ]
    if topic_slug and not any(f.selected for f in topics):
        topics.append(FacetValue(topic_slug, getattr(selected_topic, "name", topic_slug), 0, True))
        topics.sort(key=lambda f: f.label)

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


def _meeting_ids(filters: Mapping[str, Any]) -> QuerySet | None:
    """The ids of the meetings ``filters`` select, or None when they select every meeting."""
    if not any(value not in (None, "", [], ()) for key, value in filters.items() if key != SORT):
        return None
    return meeting_filter(filters=filters).values("pk")


def _within(rows: QuerySet, meeting_ids: QuerySet | None) -> QuerySet:
    """Rows of a table with a meeting_id, narrowed to ``meeting_ids`` (None: all meetings; not
    joining the meetings table at all then saves a third of an unfiltered facet's time)."""
    return rows if meeting_ids is None else rows.filter(meeting_id__in=meeting_ids)


def _person_facet(filters: Mapping[str, Any], matching: QuerySet | None) -> list[FacetValue]:
    """People combine like countries, so their counts are within the results. Selected people
    take part in every result and so rank first."""
    selected = {int(_key(p)): p for p in filters.get(PERSON) or ()}
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


@dataclass(frozen=True)
class MonthCount:
    month: dt.date | None  # the first day of the month; None for the undated meetings
    count: int


def meeting_timeline(*, filters: Mapping[str, Any] | None = None) -> list[MonthCount]:
    """Dated meetings matching ``filters`` per month, oldest first, months without meetings left
    out, then the undated ones (``month=None``) if there are any: one query (cached: see
    ``_cached``)."""
    return _cached("timeline", _selection_key(filters), lambda: _meeting_timeline(filters))


def _meeting_timeline(filters: Mapping[str, Any] | None) -> list[MonthCount]:
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


def meeting_related(*, meeting: Meeting, limit: int = 10) -> QuerySet[Meeting]:
    """Other meetings involving every country of ``meeting``, newest first (none if it has no
    countries). Reads the countries ``meeting_detail`` prefetched."""
    codes = [country.code for country in meeting.countries.all()]
    if not codes:
        return Meeting.objects.none()
    return (
        meeting_filter(filters={COUNTRY: codes})
        .exclude(pk=meeting.pk)
        .select_related("location_country")
        .prefetch_related(Prefetch("countries", queryset=Country.objects.order_by("name")))
        .order_by(F("date").desc(nulls_last=True), "-id")[:limit]
    )


@dataclass(frozen=True)
class Ranked:
    """A country, topic or person with how many meetings it shares with the page's subject."""

    key: str
    label: str
    count: int


def person_detail(*, person_id: int) -> QuerySet[Person]:
    return Person.objects.filter(pk=person_id).select_related("country").prefetch_related("aliases")


@dataclass(frozen=True)
class TitleHeld:
    title: str
    affiliation: str
    count: int
    first: dt.date | None
    last: dt.date | None


def person_titles(*, person: Person) -> list[TitleHeld]:
    """The titles ``person`` held in meetings, with their affiliation and first and last dates,
    most recent first: one query (cached: see ``_cached``)."""
    return _cached("person_titles", f"person={person.pk}", lambda: _person_titles(person))


def _person_titles(person: Person) -> list[TitleHeld]:
    rows = (
        Participation.objects.filter(person=person)
        .values("title", "country__name", "organization")
        .annotate(n=Count("pk"), first=Min("meeting__date"), last=Max("meeting__date"))
        .order_by(F("last").desc(nulls_last=True), "title")
    )
    return [
        TitleHeld(r["title"], r["country__name"] or r["organization"], r["n"], r["first"], r["last"])
        for r in rows
        if r["title"] or r["country__name"] or r["organization"]
    ]


def person_countries(*, person: Person) -> list[Ranked]:
    """The countries ``person`` represented in meetings, most often first: one query (cached: see ``_cached``)."""
    return _cached("person_countries", f"person={person.pk}", lambda: _person_countries(person))


def _person_countries(person: Person) -> list[Ranked]:
    rows = (
        Participation.objects.filter(person=person)
        .exclude(country=None)
        .values("country_id", "country__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "country__name")
    )
    return [Ranked(r["country_id"], r["country__name"], r["n"]) for r in rows]


def person_counterparts(*, person: Person, limit: int = 10) -> list[Ranked]:
    """The people ``person`` met most often: one query (cached: see ``_cached``)."""
    return _cached(
        "person_counterparts",
        f"person={person.pk}&limit={limit}",
        lambda: _person_counterparts(person, limit),
    )


def _person_counterparts(person: Person, limit: int) -> list[Ranked]:
    rows = (
        Participation.objects.filter(
            meeting_id__in=Participation.objects.filter(person=person).values("meeting_id")
        )
        .exclude(person=person)
        .values("person_id", "person__name")
        .annotate(n=Count("meeting_id"))
        .order_by("-n", "person__name")[:limit]
    )
    return [Ranked(str(r["person_id"]), r["person__name"], r["n"]) for r in rows]


def country_counterparts(*, country: Country, limit: int = 20) -> list[Ranked]:
    """The countries that meet ``country`` most often: one query (cached: see ``_cached``)."""
    return _cached(
        "country_counterparts",
        f"country={country.pk}&limit={limit}",
        lambda: _country_counterparts(country, limit),
    )


def _country_counterparts(country: Country, limit: int) -> list[Ranked]:
    rows = (
        Meeting.countries.through.objects.filter(
            meeting_id__in=Meeting.countries.through.objects.filter(country=country).values("meeting_id")
        )
        .exclude(country=country)
        .values("country_id", "country__name")
        .annotate(n=Count("meeting_id"))
        .order_by("-n", "country__name")[:limit]
    )
    return [Ranked(r["country_id"], r["country__name"], r["n"]) for r in rows]


def country_topics(*, country: Country, limit: int = 20) -> list[Ranked]:
    """The topics of ``country``'s meetings, most frequent first: one query (cached: see ``_cached``)."""
    return _cached(
        "country_topics", f"country={country.pk}&limit={limit}", lambda: _country_topics(country, limit)
    )


def _country_topics(country: Country, limit: int) -> list[Ranked]:
    rows = (
        Meeting.topics.through.objects.filter(
            meeting_id__in=Meeting.countries.through.objects.filter(country=country).values("meeting_id")
        )
        .values("topic__slug", "topic__name")
        .annotate(n=Count("meeting_id"))
        .order_by("-n", "topic__name")[:limit]
    )
    return [Ranked(r["topic__slug"], r["topic__name"], r["n"]) for r in rows]


# The speaker menu of the quotes page lists the people who said most, not the thousands who said
# something; any speaker can still be picked by id (from a person's page or a bookmarked URL).
SPEAKER_CHOICES_SIZE = 50


def quote_speaker_choices(*, selected: Person | None = None) -> list[tuple[int, str, int]]:
    """(id, name, number of quotes) of the people quoted most, by name, and of ``selected`` if it
    is not among them (cached: see ``_cached``)."""

    def compute() -> list[tuple[int, str, int]]:
        # Counted on the speaker index alone, the names read after: joining people to half a
        # million quotes before grouping took three times as long.
        rows = (
            Quote.objects.exclude(speaker=None)
            .values("speaker_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "speaker_id")[:SPEAKER_CHOICES_SIZE]
        )
        counts = {row["speaker_id"]: row["n"] for row in rows}
        names = dict(Person.objects.filter(pk__in=counts).values_list("pk", "name"))
        return [(pk, names[pk], n) for pk, n in counts.items() if pk in names]

    choices = _cached("speakers", "", compute)
    if selected is not None and all(pk != selected.pk for pk, _, _ in choices):
        choices = [*choices, (selected.pk, selected.name, selected.quotes.count())]
    return sorted(choices, key=lambda c: (c[1], c[0]))


class QuoteDocument(Func):
    """Exactly the expression of the GIN index made by migration 0003, so PostgreSQL can use it
    (SearchVector would wrap the column in COALESCE and miss the index)."""

    template = "to_tsvector('english'::regconfig, %(expressions)s)"

    def __init__(self, expression, **extra):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(expression, output_field=SearchVectorField(), **extra)


def fts5_query(text: str) -> str:
    """User input as an FTS5 query that cannot be a syntax error: every word becomes a quoted
    string (operators and punctuation lose their meaning), all of them required."""
    words = re.findall(r"\w+", text)[:20]
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


# A search ranks the most recently stored quotes that match, at most this many: ranking every
# match of a common word (a third of all quotes for "cooperation") costs seconds, while the best
# of the most recent few hundred is what a reader looks at. Filters or more words reach older
# ones; exports take every match (``candidates=None``).
SEARCH_CANDIDATES = 500


def quote_list(
    *, filters: Mapping[str, Any] | None = None, candidates: int | None = SEARCH_CANDIDATES
) -> QuerySet[Quote]:
    """Quotes matching ``filters``, with what a result shows loaded in a fixed number of queries.

    ``q`` is a full-text search over the text (PostgreSQL: websearch syntax on the GIN index;
    SQLite: every word, through FTS5); results are then the ``candidates`` most recently stored
    matches (all of them if None), best match first, each with a ``highlighted`` text where
    ``MARK_START``/``MARK_END`` surround the matched words. Without it the newest articles come
    first. ``topic`` (topic or slug), ``speaker`` (person or id), ``country`` (country or code:
    the speaker's country or a country of the meeting) and ``date_from``/``date_to`` (the
    article's publication date) narrow the results.
    """
    filters = filters or {}
    qs = _quote_filter(filters)
    qs = qs.select_related("speaker", "article", "meeting").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("name")),
        Prefetch("meeting__countries", queryset=Country.objects.order_by("name")),
    )
    newest = (F("article__published").desc(nulls_last=True), "-article_id", "start")
    search = (filters.get(SEARCH) or "").strip()
    if not search:
        return qs.order_by(*newest)
    if connection.vendor == "postgresql":
        return _quote_search_postgresql(qs, search, candidates).order_by("-rank", *newest)
    return _quote_search_sqlite(qs, search, candidates).order_by("-rank", *newest)


def quote_count(*, filters: Mapping[str, Any] | None = None) -> int:
    """How many quotes match ``filters``, every match of a search included (cached: see ``_cached``)."""

    def compute() -> int:
        qs = _quote_filter(filters or {})
        search = ((filters or {}).get(SEARCH) or "").strip()
        if not search:
            return qs.count()
        if connection.vendor == "postgresql":
            return qs.alias(document=QuoteDocument("text")).filter(_pg_match(search)).count()
        match = fts5_query(search)
        return qs.filter(pk__in=RawSQL(FTS5_IDS, [match])).count() if match else 0

    return _cached("quote-count", _filters_key(filters), compute)


def _quote_filter(filters: Mapping[str, Any]) -> QuerySet[Quote]:
    qs = Quote.objects.all()
    if topic := filters.get(TOPIC):
        topic_id = topic.pk if isinstance(topic, Topic) else Topic.objects.filter(slug=topic).values("pk")[:1]
        qs = qs.filter(pk__in=Quote.topics.through.objects.filter(topic_id=topic_id).values("quote_id"))
    if speaker := filters.get(SPEAKER):
        qs = qs.filter(speaker_id=_key(speaker))
    if country := filters.get(COUNTRY):
        code = _key(country)
        in_meeting = Meeting.countries.through.objects.filter(country_id=code).values("meeting_id")
        qs = qs.filter(Q(speaker__country_id=code) | Q(meeting_id__in=in_meeting))
    if date_from := filters.get(DATE_FROM):
        qs = qs.filter(article__published__gte=date_from)
    if date_to := filters.get(DATE_TO):
        qs = qs.filter(article__published__lte=date_to)
    return qs


def _pg_match(search: str) -> Q:
    from django.contrib.postgres.search import SearchQuery

    return Q(document=SearchQuery(search, search_type="websearch", config="english"))


def _quote_search_postgresql(qs: QuerySet[Quote], search: str, candidates: int | None) -> QuerySet[Quote]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    query = SearchQuery(search, search_type="websearch", config="english")
    matching = qs.alias(document=QuoteDocument("text")).filter(document=query)
    if candidates is not None:
        # The newest matches by id: for a common word PostgreSQL walks the primary key backwards
        # and stops after ``candidates``, for a rare one it takes the few the GIN index gives.
        recent = matching.order_by("-pk").values("pk")[:candidates]
        matching = qs.alias(document=QuoteDocument("text")).filter(pk__in=recent)
    return matching.annotate(
        rank=SearchRank(F("document"), query),
        highlighted=SearchHeadline(
            "text",
            query,
            config="english",
            start_sel=MARK_START,
            stop_sel=MARK_END,
            highlight_all=True,
        ),
    )


FTS5_IDS = "SELECT rowid FROM meetings_quote_fts WHERE meetings_quote_fts MATCH %s"


def _quote_search_sqlite(qs: QuerySet[Quote], search: str, candidates: int | None) -> QuerySet[Quote]:
    match = fts5_query(search)
    if not match:  # nothing but punctuation: like PostgreSQL, no word to find, no result
        return qs.none().annotate(rank=Value(0.0), highlighted=Value(""))
    if candidates is not None:
        # FTS5 reads its index newest rowid first, and stops after ``candidates``.
        qs = qs.filter(pk__in=RawSQL(f"{FTS5_IDS} ORDER BY rowid DESC LIMIT %s", [match, candidates]))
    # Joined to the FTS table, so bm25 and highlight are computed in the one scan of the match
    # (as correlated subqueries each reread the whole posting list of the word: seconds for a
    # common one). bm25 is lower for better matches; negated so "rank" means the same on both
    # databases. QuerySet.extra is the one way to join a virtual table the ORM does not model.
    return qs.extra(
        tables=["meetings_quote_fts"],
        where=["meetings_quote_fts.rowid = meetings_quote.id", "meetings_quote_fts MATCH %s"],
        params=[match],
        select={
            "rank": "-bm25(meetings_quote_fts)",
            "highlighted": "highlight(meetings_quote_fts, 0, %s, %s)",
        },
        select_params=[MARK_START, MARK_END],
    )


def meeting_detail(*, meeting_id: int) -> QuerySet[Meeting]:
    """The meeting with everything its page shows (empty if there is no such meeting)."""
    return (
        Meeting.objects.filter(pk=meeting_id)
        .select_related("location_country")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("person", "country")),
            Prefetch("countries", queryset=Country.objects.order_by("name")),
            Prefetch("topics", queryset=Topic.objects.order_by("name")),
            Prefetch(
                "sources",
                queryset=MeetingSource.objects.select_related("article").order_by(
                    F("article__published").desc(nulls_last=True), "article_id"
                ),
            ),
        )
    )


def meeting_redirect(*, meeting_id: int) -> Meeting | None:
    """The meeting a merged meeting's old id now leads to, if any."""
    redirect = MeetingRedirect.objects.select_related("meeting").filter(old_id=meeting_id).first()
    return redirect.meeting if redirect else None


def meeting_quotes(*, meeting: Meeting) -> QuerySet[Quote]:
    """The meeting's quotes in the order of their articles, with speakers and topics (one page of
    them is shown at a time: a transcript can hold hundreds)."""
    return (
        Quote.objects.filter(meeting=meeting)
        .select_related("speaker")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
    )


def person_meetings(*, person: Person) -> QuerySet[Meeting]:
    """The meetings ``person`` took part in, newest first, with list rows' data."""
    return meeting_list(filters={PERSON: [person]})


def person_quotes(*, person: Person) -> QuerySet[Quote]:
    return quote_list(filters={SPEAKER: person})


@dataclass(frozen=True)
class TextSegment:
    """A run of article text; ``evidence`` and ``quote`` say which highlights cover it."""

    text: str
    evidence: bool = False
    quote: bool = False


@dataclass(frozen=True)
class SourceText:
    """A source of a meeting as its page shows it: the sentences that report the meeting (their
    quotes marked), and, when asked for, the whole text after its header lines."""

    article: Article
    excerpts: list[list[TextSegment]]
    segments: list[TextSegment]  # the whole body, marked; empty unless asked for
    length: int  # characters of the body
    more: int = 0  # passages reporting the meeting beyond those shown

    @property
    def link(self) -> str:
        """The article's URL when it is safe to link to (http or https)."""
        url = self.article.url or ""
        return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


Span = tuple[int, int]


def _clean_spans(spans: Iterable[Any] | None, length: int) -> list[Span]:
    """Spans as (start, end) inside the text; malformed or empty ones are dropped, since evidence
    is stored as free JSON."""
    cleaned = []
    for span in spans or ():
        try:
            start, end = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError, KeyError):
            continue
        start, end = max(0, min(start, length)), max(0, min(end, length))
        if start < end:
            cleaned.append((start, end))
    return cleaned


def text_segments(
    text: str, *, evidence: Iterable[Any] = (), quotes: Iterable[Any] = ()
) -> list[TextSegment]:
    """Cut ``text`` at every span boundary so each run is wholly inside or outside each kind of span.

    Spans may overlap. The segments hold plain text; the template escapes it and adds the marks.
    """
    # One sweep over the span boundaries: at each cut, how many spans of each kind are open.
    # Linear in the spans, so a transcript with thousands of quotes costs no more than its length.
    opened: dict[int, list[int]] = {}
    for kind, spans in enumerate((_clean_spans(evidence, len(text)), _clean_spans(quotes, len(text)))):
        for start, end in spans:
            opened.setdefault(start, [0, 0])[kind] += 1
            opened.setdefault(end, [0, 0])[kind] -= 1
    cuts = sorted({0, len(text), *opened})
    segments: list[TextSegment] = []
    open_evidence = open_quotes = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        d_evidence, d_quotes = opened.get(start, (0, 0))
        open_evidence, open_quotes = open_evidence + d_evidence, open_quotes + d_quotes
        in_evidence, in_quote = open_evidence > 0, open_quotes > 0
        if segments and (segments[-1].evidence, segments[-1].quote) == (in_evidence, in_quote):
            segments[-1] = TextSegment(segments[-1].text + text[start:end], in_evidence, in_quote)
        else:
            segments.append(TextSegment(text[start:end], in_evidence, in_quote))
    return segments


EXCERPT_FALLBACK_CHARS = 400  # of the body, for a source whose evidence is missing
EXCERPTS_MAX = 12  # passages shown on the meeting page; the rest are in the whole article


def _source_text(source: MeetingSource, quotes: list[Span], *, whole: bool) -> SourceText:
    text = source.article.text
    body = parse_article(text).body_start
    evidence = [
        (max(s, body), e)
        for s, e in _clean_spans(source.evidence if isinstance(source.evidence, list) else (), len(text))
        if e > body
    ]
    spans = sorted(evidence) or [(body, min(len(text), body + EXCERPT_FALLBACK_CHARS))]
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    excerpts = [
        text_segments(
            text[start:end],
            evidence=[(s - start, e - start) for s, e in evidence if s < end and e > start],
            quotes=[(s - start, e - start) for s, e in quotes if s < end and e > start],
        )
        for start, end in merged[:EXCERPTS_MAX]
    ]
    segments = []
    if whole:
        segments = text_segments(
            text[body:],
            evidence=[(s - body, e - body) for s, e in evidence],
            quotes=[(s - body, e - body) for s, e in quotes if e > body],
        )
    return SourceText(
        article=source.article,
        excerpts=excerpts,
        segments=segments,
        length=len(text) - body,
        more=max(0, len(merged) - EXCERPTS_MAX),
    )


def _quote_spans(meeting: Meeting) -> dict[int, list[Span]]:
    spans: dict[int, list[Span]] = {}
    for article_id, start, end in Quote.objects.filter(meeting=meeting).values_list(
        "article_id", "start", "end"
    ):
        spans.setdefault(article_id, []).append((start, end))
    return spans


def meeting_source_texts(*, meeting: Meeting) -> list[SourceText]:
    """Each article reporting ``meeting``: the sentences that report it, its quotes marked in them.

    The sources are those prefetched by ``meeting_detail``; the quotes' spans take one query."""
    spans = _quote_spans(meeting)
    return [_source_text(s, spans.get(s.article_id, []), whole=False) for s in meeting.sources.all()]


def meeting_source_text(*, meeting: Meeting, article_id: int) -> SourceText | None:
    """One source of ``meeting`` whole: its body after the header lines, the sentences that report
    the meeting highlighted and its quotes marked; None if the article is no source of it."""
    source = meeting.sources.select_related("article").filter(article_id=article_id).first()
    if source is None:
        return None
    return _source_text(source, _quote_spans(meeting).get(article_id, []), whole=True)
