"""The person and country pages: titles held, countries represented, counterparts and topics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Max, Min, QuerySet

from meetings.models import Country, Meeting, Participation, Person, Quote
from meetings.selectors.cache import cached_read
from meetings.selectors.filters import PERSON, SPEAKER, country_scope, person_scope
from meetings.selectors.meetings import meeting_list
from meetings.selectors.quotes import quote_list


def _person(person: Person, **_) -> tuple[str, ...]:
    """A person's aggregates change only with their own participations (``Touched`` bumps the
    scope of everyone taking part in a meeting it touched, before and after)."""
    return (person_scope(person),)


def _country(country: Country, **_) -> tuple[str, ...]:
    return (country_scope(country),)


@dataclass(frozen=True)
class Ranked:
    """A country, topic or person with how many meetings it shares with the page's subject."""

    key: str
    label: str
    count: int


def person_detail(*, person_id: int) -> QuerySet[Person]:
    return Person.objects.filter(pk=person_id).select_related("country").prefetch_related("aliases")


def person_meetings(*, person: Person) -> QuerySet[Meeting]:
    """The meetings ``person`` took part in, newest first, with list rows' data."""
    return meeting_list(filters={PERSON: [person]})


def person_quotes(*, person: Person) -> QuerySet[Quote]:
    return quote_list(filters={SPEAKER: person})


@dataclass(frozen=True)
class TitleHeld:
    title: str
    affiliation: str
    count: int
    first: dt.date | None
    last: dt.date | None


@cached_read("person_titles", key=lambda person: {"person": person}, scopes=_person)
def person_titles(*, person: Person) -> list[TitleHeld]:
    """The titles ``person`` held in meetings, with their affiliation and first and last dates,
    most recent first: one query (cached: see ``cached_read``)."""
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


@cached_read("person_countries", key=lambda person: {"person": person}, scopes=_person)
def person_countries(*, person: Person) -> list[Ranked]:
    """The countries ``person`` represented in meetings, most often first: one query (cached: see
    ``cached_read``)."""
    rows = (
        Participation.objects.filter(person=person)
        .exclude(country=None)
        .values("country_id", "country__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "country__name")
    )
    return [Ranked(r["country_id"], r["country__name"], r["n"]) for r in rows]


@cached_read(
    "person_counterparts", key=lambda person, limit: {"person": person, "limit": limit}, scopes=_person
)
def person_counterparts(*, person: Person, limit: int = 10) -> list[Ranked]:
    """The people ``person`` met most often: one query (cached: see ``cached_read``)."""
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


@cached_read(
    "country_counterparts", key=lambda country, limit: {"country": country, "limit": limit}, scopes=_country
)
def country_counterparts(*, country: Country, limit: int = 20) -> list[Ranked]:
    """The countries that meet ``country`` most often: one query (cached: see ``cached_read``)."""
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


@cached_read(
    "country_topics", key=lambda country, limit: {"country": country, "limit": limit}, scopes=_country
)
def country_topics(*, country: Country, limit: int = 20) -> list[Ranked]:
    """The topics of ``country``'s meetings, most frequent first: one query (cached: see
    ``cached_read``)."""
    rows = (
        Meeting.topics.through.objects.filter(
            meeting_id__in=Meeting.countries.through.objects.filter(country=country).values("meeting_id")
        )
        .values("topic__slug", "topic__name")
        .annotate(n=Count("meeting_id"))
        .order_by("-n", "topic__name")[:limit]
    )
    return [Ranked(r["topic__slug"], r["topic__name"], r["n"]) for r in rows]
