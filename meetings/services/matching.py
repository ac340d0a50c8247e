"""One meeting, several reports: finding the stored meeting an article's report is another source of,
and recomputing a meeting from its sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from meetings.models import (
    Meeting,
    Person,
    Topic,
)
from meetings.nlp.dates import PartialDate
from meetings.nlp.types import Participant


def parse_partial_date(value: PartialDate | str | None) -> tuple[dt.date | None, str]:
    """The stored form of a partial date: its first day and its precision."""
    if isinstance(value, str):
        value = PartialDate.from_iso(value)
    if value is None:
        return None, Meeting.DatePrecision.UNKNOWN
    return value.first_day(), Meeting.DatePrecision(value.precision)


def date_iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


PRECISION_RANK = {
    Meeting.DatePrecision.DAY: 3,
    Meeting.DatePrecision.MONTH: 2,
    Meeting.DatePrecision.YEAR: 1,
    Meeting.DatePrecision.UNKNOWN: 0,
}
# Two reports of one meeting name the same people or countries, and their dates are at most a day
# apart or, when a date is vague, their anchor dates (the meeting's day, else the article's
# publication) are within a week and the place (or the whole set of people) is the same.
SAME_MEETING_DAYS = 1
SAME_MEETING_VAGUE_DAYS = 6


@dataclass(frozen=True)
class Report:
    """What one article says about one meeting, with the people already resolved."""

    extracted: dict
    evidence: list
    people: tuple[tuple[Person, Participant], ...]
    anchor: dt.date | None  # the meeting's day when known to the day, else the article's publication

    @property
    def person_ids(self) -> set[int]:
        return {p.pk for p, _ in self.people}


def meeting_refresh(*, meeting: Meeting) -> None:
    """Recompute a meeting that no person has edited from what its sources say: the most precise
    date, the first place given, every country and topic any source names, held if any says so."""
    if meeting.locked:
        return
    said = [s.extracted for s in meeting.sources.order_by("id") if s.extracted]
    if not said:
        return
    best = max(said, key=lambda e: PRECISION_RANK.get(e.get("date_precision"), 0))
    meeting.date = dt.date.fromisoformat(best["date"]) if best.get("date") else None
    meeting.date_precision = best.get("date_precision") or Meeting.DatePrecision.UNKNOWN
    meeting.date_text = best.get("date_text") or ""
    meeting.status = (
        Meeting.Status.HELD
        if any(e.get("status") == Meeting.Status.HELD for e in said)
        else Meeting.Status.PLANNED
    )
    placed = next((e for e in said if e.get("city")), None) or next(
        (e for e in said if e.get("location_country")), {}
    )
    meeting.city = placed.get("city") or ""
    meeting.location_country_id = placed.get("location_country")
    meeting.save()
    meeting.countries.set(sorted({c for e in said for c in e.get("countries", ())}))
    meeting.topics.set(Topic.objects.filter(slug__in={t for e in said for t in e.get("topics", ())}))


def _meeting_anchor(meeting: Meeting) -> dt.date | None:
    if meeting.date and meeting.date_precision == Meeting.DatePrecision.DAY:
        return meeting.date
    dates = [s.article.published for s in meeting.sources.all() if s.article.published]
    return min(dates) if dates else None


def _same_place(meeting: Meeting, extracted: dict) -> bool:
    city = (extracted.get("city") or "").casefold()
    if city or meeting.city:
        return city == meeting.city.casefold()
    country = extracted.get("location_country")
    return bool(country) and country == meeting.location_country_id


def _same_people(meeting: Meeting, report: Report) -> bool:
    """Exactly the same two or more people: strong enough to set aside a place read differently."""
    ours = report.person_ids
    return len(ours) >= 2 and ours == {p.person_id for p in meeting.participations.all()}


def _same_parties(meeting: Meeting, report: Report) -> bool:
    """Same people (all of them, or at least two in common) or the same countries (two or more)."""
    theirs = {p.person_id for p in meeting.participations.all()}
    ours = report.person_ids
    if ours and (ours == theirs or len(ours & theirs) >= 2):
        return True
    countries = set(report.extracted.get("countries", ()))
    return len(countries) >= 2 and countries == {c.code for c in meeting.countries.all()}


def meeting_find(report: Report, *, exclude: set[int]) -> Meeting | None:
    """The meeting already stored that this report is another source of, if any."""
    if report.anchor is None:
        return None
    window = dt.timedelta(days=SAME_MEETING_VAGUE_DAYS)
    low, high = report.anchor - window, report.anchor + window
    candidates = (
        Meeting.objects.filter(
            models.Q(date__range=(low, high)) | models.Q(sources__article__published__range=(low, high))
        )
        .exclude(pk__in=exclude)
        .distinct()
        .prefetch_related("participations", "countries", "sources__article")
        .order_by("id")
    )
    day_known = report.extracted.get("date_precision") == Meeting.DatePrecision.DAY
    best: tuple[int, Meeting] | None = None
    for meeting in candidates:
        anchor = _meeting_anchor(meeting)
        if anchor is None or not _same_parties(meeting, report):
            continue
        apart = abs((anchor - report.anchor).days)
        if day_known and meeting.date_precision == Meeting.DatePrecision.DAY:
            matches = apart <= SAME_MEETING_DAYS
        else:
            # A vague date needs more: the same place, or exactly the same people (one outlet's
            # dateline may be read as the place).
            matches = apart <= SAME_MEETING_VAGUE_DAYS and (
                _same_place(meeting, report.extracted) or _same_people(meeting, report)
            )
        if matches and (best is None or apart < best[0]):
            best = (apart, meeting)
    return best[1] if best else None


@dataclass(frozen=True)
class Previous:
    """A meeting an article reported before it is extracted again, as it was then: who took part and
    which countries, read before this article's contributions were taken back."""

    meeting: Meeting
    person_ids: frozenset[int]
    countries: frozenset[str]
    shared: bool = False  # other articles report it too
    said: dict | None = None  # what this article said of it the last time (its source's extraction)


def previous_snapshot(meeting: Meeting, article_id: int, said: dict | None = None) -> Previous:
    return Previous(
        meeting=meeting,
        person_ids=frozenset(meeting.participations.values_list("person_id", flat=True)),
        countries=frozenset(meeting.countries.values_list("code", flat=True)),
        shared=meeting.sources.exclude(article_id=article_id).exists(),
        said=said,
    )


def kept_meeting_match(report: Report, previous: list[Previous], results: int) -> Meeting | None:
    """Re-extracting an article: the meeting it reported before, edited by a person or not, keeps its
    id and address when the new report is of it.

    Looser than between articles, since this article is known to report it already: one meeting
    in the article and one before that only it reports (or a person edited), or any person or the
    same countries in common. Of several, the one sharing most people, then the one this article
    dated the same way before (two meetings of one person in one article), then the first stored."""
    if len(previous) == 1 and results == 1 and (previous[0].meeting.locked or not previous[0].shared):
        return previous[0].meeting
    countries = set(report.extracted.get("countries", ()))
    fits = [
        before
        for before in previous
        if report.person_ids & before.person_ids or (before.countries and before.countries == countries)
    ]
    if not fits:
        return None

    def rank(before: Previous) -> tuple:
        said = before.said or {}
        same_day = bool(said) and said.get("date") == report.extracted.get("date")
        return (-len(report.person_ids & before.person_ids), not same_day, before.meeting.pk)

    return min(fits, key=rank).meeting
