"""Reads for the index pages of people, countries and topics (issue 12): every one that took part in
a meeting, with how many meetings and the latest, searchable by name and sorted by number of
meetings, by latest meeting or by name. One query for the page and one for the count."""

from __future__ import annotations

from django.db.models import Count, F, Max, Q, QuerySet

from meetings.models import Country, Person, PersonAlias, Topic, name_key

SORTS = {
    "meetings": "most meetings",
    "latest": "latest meeting",
    "name": "name",
}
_ORDER = {
    "meetings": (F("meeting_count").desc(), "name"),
    "latest": (F("latest").desc(nulls_last=True), "name"),
    "name": ("name",),
}


def people_index(*, q: str = "", sort: str = "meetings") -> QuerySet[Person]:
    """People with their number of meetings and the latest; ``q`` matches any form of their name
    (accents and case aside: "lopez" finds "López")."""
    people = (
        Person.objects.select_related("country")
        .annotate(meeting_count=Count("participations__meeting", distinct=True))
        .annotate(latest=Max("participations__meeting__date"))
        .filter(meeting_count__gt=0)
    )
    if key := name_key(q):
        people = people.filter(pk__in=PersonAlias.objects.filter(key__contains=key).values("person_id"))
    return people.order_by(*_ORDER.get(sort, _ORDER["meetings"]))


def _with_meetings(queryset: QuerySet) -> QuerySet:
    """Countries or topics, each with its number of meetings and the latest; those with none left out."""
    return (
        queryset.annotate(meeting_count=Count("meetings", distinct=True))
        .annotate(latest=Max("meetings__date"))
        .filter(meeting_count__gt=0)
    )


def countries_index(*, q: str = "", sort: str = "meetings") -> QuerySet[Country]:
    """Countries that took part in a meeting; ``q`` matches the name (accents and case aside:
    "turkiye" finds "Türkiye") or the code."""
    countries = _with_meetings(Country.objects.all())
    if q := q.strip():
        by_name = Q(name_key__contains=key) if (key := name_key(q)) else Q(pk__in=[])
        countries = countries.filter(by_name | Q(code__iexact=q))
    return countries.order_by(*_ORDER.get(sort, _ORDER["meetings"]))


def topics_index(*, q: str = "", sort: str = "meetings") -> QuerySet[Topic]:
    """Issues discussed in a meeting; ``q`` matches the name."""
    topics = _with_meetings(Topic.objects.all())
    if q := q.strip():
        topics = topics.filter(name__icontains=q)
    return topics.order_by(*_ORDER.get(sort, _ORDER["meetings"]))
