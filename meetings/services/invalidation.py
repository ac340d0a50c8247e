"""The one place writes say what they changed, so that cached reads are recomputed (docs/performance.md).

A write that cannot say calls ``data_changed()``: the epoch is bumped and every cached value and
region is recomputed. A write that can, collects what it touches in a ``Touched`` and calls
``data_changed(touched)``: then only the scopes of what it touched are bumped (see
``selectors.filters``: "lists", and the countries, topics, people and meetings of each meeting and
quote touched), read before the write changed them and again when it is done, so a meeting that
leaves a selection is seen leaving it as well as one that enters it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction

from meetings.models import DataVersion, Meeting, MeetingSource, Participation, Quote
from meetings.selectors.cache import EPOCH, scope_pk
from meetings.selectors.filters import LISTS, country_scope, meeting_scope, person_scope, topic_scope


class Touched:
    """What one write touches: call ``meetings_before`` / ``article_before`` before changing a
    meeting or an article's contributions (their scopes are read then), ``person_renamed`` for a
    person whose name changed (every page showing it is touched); ``data_changed`` reads the same
    again, after the write, and bumps the union once the transaction commits."""

    def __init__(self) -> None:
        self.meetings: set[int] = set()
        self.articles: set[int] = set()
        self.people: set[int] = set()
        self.renamed: set[int] = set()
        self.scopes: set[str] = {LISTS}

    def meetings_before(self, ids: Iterable[int]) -> None:
        ids = set(ids) - self.meetings
        self.meetings |= ids
        self.scopes |= _meeting_scopes(ids)

    def article_before(self, article_id: int) -> None:
        self.articles.add(article_id)
        self.scopes |= _article_scopes(article_id)

    def person(self, person_id: int) -> None:
        """A person whose own record changed (an alias, a state): their page."""
        self.people.add(person_id)

    def person_renamed(self, person_id: int) -> None:
        self.renamed.add(person_id)

    def scopes_after(self) -> set[str]:
        scopes = set(self.scopes) | _meeting_scopes(self.meetings)
        for article_id in self.articles:
            scopes |= _article_scopes(article_id)
        scopes |= {person_scope(pk) for pk in self.people | self.renamed}
        if self.renamed:
            meetings = set(
                Participation.objects.filter(person__in=self.renamed).values_list("meeting_id", flat=True)
            )
            scopes |= _meeting_scopes(meetings) | _quote_scopes(
                Quote.objects.filter(speaker__in=self.renamed)
            )
        return scopes


def _meeting_scopes(ids: set[int]) -> set[str]:
    """A meeting's own scope, its countries, topics and participants, and its quotes' (4 queries)."""
    if not ids:
        return set()
    scopes = {meeting_scope(pk) for pk in ids}
    through = Meeting.countries.through.objects.filter(meeting_id__in=ids)
    scopes |= {country_scope(code) for code in through.values_list("country_id", flat=True).distinct()}
    topics = Meeting.topics.through.objects.filter(meeting_id__in=ids).values_list("topic__slug", flat=True)
    scopes |= {topic_scope(slug) for slug in topics.distinct()}
    people = Participation.objects.filter(meeting_id__in=ids).values_list("person_id", flat=True)
    scopes |= {person_scope(pk) for pk in people.distinct()}
    return scopes | _quote_scopes(Quote.objects.filter(meeting_id__in=ids), meetings=False)


def _quote_scopes(quotes: models.QuerySet, *, meetings: bool = True) -> set[str]:
    """The speakers and topics of ``quotes`` (and, unless told not to, their meetings' scopes)."""
    scopes = {
        person_scope(pk)
        for pk in quotes.exclude(speaker=None).values_list("speaker_id", flat=True).distinct()
    }
    topics = Quote.topics.through.objects.filter(quote__in=quotes.values("pk")).values_list(
        "topic__slug", flat=True
    )
    scopes |= {topic_scope(slug) for slug in topics.distinct()}
    if meetings:
        ids = set(quotes.exclude(meeting=None).values_list("meeting_id", flat=True).distinct())
        scopes |= _meeting_scopes(ids)
    return scopes


def _article_scopes(article_id: int) -> set[str]:
    """What an article's contributions touch: the meetings it is a source of and its quotes."""
    ids = set(MeetingSource.objects.filter(article_id=article_id).values_list("meeting_id", flat=True))
    return _meeting_scopes(ids) | _quote_scopes(Quote.objects.filter(article_id=article_id))


def data_changed(touched: Touched | None = None) -> None:
    """Bump the data versions once the current transaction commits (at once outside one), so
    the cached values keyed by them are recomputed by every process: the epoch (everything) when
    the write does not say what it touched, else the scopes of ``touched``, read now (call it when
    the write is done). After the commit, so no reader can cache the old data under the new
    numbers."""
    pks = [EPOCH] if touched is None else sorted({scope_pk(scope) for scope in touched.scopes_after()})
    transaction.on_commit(lambda: _versions_bump(pks))


def _versions_bump(pks: list[int]) -> None:
    # Rows are created at 0 and then incremented, never created at 1: two writers creating the same
    # row at once would otherwise lose one bump.
    existing = set(DataVersion.objects.filter(pk__in=pks).values_list("pk", flat=True))
    if missing := [pk for pk in pks if pk not in existing]:
        DataVersion.objects.bulk_create(
            [DataVersion(pk=pk, value=0) for pk in missing], ignore_conflicts=True
        )
    DataVersion.objects.filter(pk__in=pks).update(value=models.F("value") + 1)
