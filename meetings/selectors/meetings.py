"""Meetings: the filtered selection, its list rows and count, one meeting and its quotes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from meetings.models import (
    Country,
    Meeting,
    MeetingRedirect,
    MeetingSource,
    Participation,
    PersonAlias,
    Quote,
    Topic,
    name_key,
)
from meetings.selectors.cache import cached_read
from meetings.selectors.filters import (
    ANY,
    COUNTRY,
    DATE_FROM,
    DATE_TO,
    MATCH,
    OLDEST,
    PERSON,
    PLACE,
    PRECISION,
    REVIEWED,
    REVIEWED_ONLY,
    SEARCH,
    SORT,
    STATUS,
    TOPIC,
    UNDATED,
    key_of,
    selection_key,
    selection_scopes,
)


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
    so picking China and France finds the meetings between the two; with ``match="any"``, one of
    them is enough. ``place`` is the country (or code) a meeting was held in. ``topic`` is one
    topic (or slug), ``status`` a ``Meeting.Status`` value, ``date_from``/``date_to`` inclusive
    dates, ``reviewed="yes"`` the meetings reviewed by staff only. Missing or empty values do not
    filter.
    """
    filters = filters or {}
    qs = Meeting.objects.all() if queryset is None else queryset
    countries = [key_of(country) for country in filters.get(COUNTRY) or ()]
    if countries and filters.get(MATCH) == ANY:
        qs = qs.filter(
            pk__in=Meeting.countries.through.objects.filter(country_id__in=countries).values("meeting_id")
        )
    else:
        # One membership subquery per country keeps the rows distinct without DISTINCT.
        for code in countries:
            qs = qs.filter(
                pk__in=Meeting.countries.through.objects.filter(country_id=code).values("meeting_id")
            )
    if place := filters.get(PLACE):
        qs = qs.filter(location_country_id=key_of(place))
    if topic := filters.get(TOPIC):
        topic_id = topic.pk if isinstance(topic, Topic) else Topic.objects.filter(slug=topic).values("pk")[:1]
        qs = qs.filter(pk__in=Meeting.topics.through.objects.filter(topic_id=topic_id).values("meeting_id"))
    if status := filters.get(STATUS):
        qs = qs.filter(status=status)
    if filters.get(REVIEWED) == REVIEWED_ONLY:
        qs = qs.filter(reviewed=True)
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
        qs = qs.filter(pk__in=Participation.objects.filter(person_id=key_of(person)).values("meeting_id"))
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


@cached_read("count", key=selection_key, scopes=selection_scopes)
def meeting_count(*, filters: Mapping[str, Any] | None = None) -> int:
    """How many meetings match ``filters`` (cached: see ``cached_read``)."""
    return meeting_filter(filters=filters).count()


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


def meeting_countries(*, meeting_id: int) -> list[str] | None:
    """The codes of the meeting's countries (one query), or None if there is no such meeting: what
    the meeting page's cache key needs before anything else of the meeting is read."""
    rows = list(Meeting.objects.filter(pk=meeting_id).values_list("countries", flat=True))
    return sorted(code for code in rows if code) if rows else None


def meeting_quotes(*, meeting: Meeting | int) -> QuerySet[Quote]:
    """The quotes of the meeting (or the meeting of this id) in the order of their articles, with
    speakers and topics (one page of them is shown at a time: a transcript can hold hundreds)."""
    return (
        Quote.objects.filter(meeting_id=key_of(meeting))
        .select_related("speaker")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
    )
