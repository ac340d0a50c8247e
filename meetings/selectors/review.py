"""The review queue: the meetings not yet reviewed by staff that most need a human, each with its
reasons, most needed first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from meetings.models import Country, Meeting, MeetingSource, Participation, Person
from meetings.nlp.identity import is_person_name
from meetings.selectors.cache import cached

# How much each reason adds to a meeting's need: a record that is no person's is the likeliest
# wrong meeting, then a state that contradicts the person's record, then a date the article could
# give, then a meeting told with one name (often a misread trip or a quotation).
NEED_NON_PERSON = 8
NEED_STATE_DIFFERS = 4
NEED_UNDATED = 2
NEED_FEW_PARTICIPANTS = 1


def review_non_person_ids() -> list[int]:
    """The people whose stored name the identity policy says is no person's ("QUESTION", "Easter"),
    read once per version of the lists (every ingest and correction bumps it; the test is Python,
    not SQL)."""

    def compute() -> list[int]:
        return [pk for pk, name in Person.objects.values_list("pk", "name") if not is_person_name(name)]

    return cached("review-non-persons", compute)


def review_queue(*, non_person_ids: Iterable[int] = ()) -> QuerySet[Meeting]:
    """The meetings not reviewed that have at least one reason, by need (the sum of their reasons'
    weights), then newest first; annotated with the reasons and with what a row shows prefetched."""
    participations = Participation.objects.filter(meeting=OuterRef("pk"))
    counts = participations.order_by().values("meeting").annotate(n=Count("pk")).values("n")
    qs = Meeting.objects.filter(reviewed=False).annotate(
        participant_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0)),
        non_person=Exists(participations.filter(person_id__in=list(non_person_ids))),
        state_differs=Exists(
            participations.filter(country__isnull=False, person__country__isnull=False).exclude(
                country=F("person__country")
            )
        ),
        dated_source=Exists(
            MeetingSource.objects.filter(meeting=OuterRef("pk"), article__published__isnull=False)
        ),
    )
    need = (
        Case(When(non_person=True, then=Value(NEED_NON_PERSON)), default=Value(0))
        + Case(When(state_differs=True, then=Value(NEED_STATE_DIFFERS)), default=Value(0))
        + Case(When(Q(date__isnull=True, dated_source=True), then=Value(NEED_UNDATED)), default=Value(0))
        + Case(When(participant_count__lte=1, then=Value(NEED_FEW_PARTICIPANTS)), default=Value(0))
    )
    return (
        qs.annotate(need=need)
        .filter(need__gt=0)
        .select_related("location_country")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person__country", "country").order_by("id"),
            ),
            Prefetch("countries", queryset=Country.objects.order_by("name")),
            Prefetch(
                "sources",
                queryset=MeetingSource.objects.select_related("article")
                .only("meeting_id", "article_id", "article__published", "article__title")
                .order_by("id"),
            ),
        )
        .order_by("-need", F("date").desc(nulls_last=True), "-id")
    )


@dataclass(frozen=True)
class ReviewItem:
    meeting: Meeting
    reasons: tuple[str, ...]


def _reasons(meeting: Meeting, non_person_ids: set[int]) -> tuple[str, ...]:
    """What a row says of why the meeting is in the queue, from its annotations and prefetched rows."""
    participations = list(meeting.participations.all())
    reasons = []
    for p in participations:
        if p.person_id in non_person_ids:
            reasons.append(f"“{p.person.name}” does not look like a person's name")
    for p in participations:
        if p.country_id and p.person.country_id and p.country_id != p.person.country_id:
            reasons.append(
                f"{p.person.name} represents {p.country.name} here, {p.person.country.name} on their record"
            )
    if meeting.date is None and meeting.dated_source:
        published = min(s.article.published for s in meeting.sources.all() if s.article.published)
        reasons.append(f"no date, although its article is dated {published:%-d %B %Y}")
    if meeting.participant_count == 1:
        reasons.append("one named participant")
    elif meeting.participant_count == 0:
        reasons.append("no named participant")
    return tuple(reasons)


def review_items(*, meetings: Iterable[Meeting], non_person_ids: Iterable[int] = ()) -> list[ReviewItem]:
    """The rows of a page of ``review_queue``, each with its reasons."""
    ids = set(non_person_ids)
    return [ReviewItem(meeting=m, reasons=_reasons(m, ids)) for m in meetings]
