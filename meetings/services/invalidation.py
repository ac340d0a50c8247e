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
from django.db.models import CharField, Value
from django.db.models.functions import Cast

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


def _part(rows: models.QuerySet, kind: str, key: str) -> models.QuerySet:
    """(kind, key) pairs of ``rows``, for one UNION of several tables (unordered: SQLite allows no
    ORDER BY inside one)."""
    return (
        rows.order_by()
        .annotate(
            scope_kind=Value(kind, output_field=CharField()), scope_key=Cast(key, output_field=CharField())
        )
        .values_list("scope_kind", "scope_key")
    )


def _scopes(*parts: models.QuerySet) -> set[str]:
    """The scopes of the (kind, key) pairs of ``parts`` (one query), those of the meetings among
    them included (one more)."""
    first, *rest = parts
    scopes, meetings = set(), set()
    for kind, key in first.union(*rest) if rest else first:
        if kind == "meeting":
            meetings.add(int(key))
        else:
            scopes.add(SCOPE_OF[kind](key))
    return scopes | _meeting_scopes(meetings)


SCOPE_OF = {"country": country_scope, "topic": topic_scope, "person": person_scope}


def _meeting_scopes(ids: set[int]) -> set[str]:
    """Each meeting's own scope, its countries, topics and participants, and its quotes' speakers
    and topics: one query."""
    if not ids:
        return set()
    quotes = Quote.objects.filter(meeting_id__in=ids)
    rows = Meeting.countries.through.objects.filter(meeting_id__in=ids)
    pairs = _part(rows, "country", "country_id").union(
        _part(Meeting.topics.through.objects.filter(meeting_id__in=ids), "topic", "topic__slug"),
        _part(Participation.objects.filter(meeting_id__in=ids), "person", "person_id"),
        _part(quotes.exclude(speaker=None), "person", "speaker_id"),
        _part(Quote.topics.through.objects.filter(quote__meeting_id__in=ids), "topic", "topic__slug"),
    )
    return {meeting_scope(pk) for pk in ids} | {SCOPE_OF[kind](key) for kind, key in pairs}


def _quote_parts(quotes: models.QuerySet) -> list[models.QuerySet]:
    """The speakers, topics and meetings of ``quotes``."""
    return [
        _part(quotes.exclude(speaker=None), "person", "speaker_id"),
        _part(Quote.topics.through.objects.filter(quote__in=quotes.values("pk")), "topic", "topic__slug"),
        _part(quotes.exclude(meeting=None), "meeting", "meeting_id"),
    ]


def _quote_scopes(quotes: models.QuerySet) -> set[str]:
    return _scopes(*_quote_parts(quotes))


def _article_scopes(article_id: int) -> set[str]:
    """What an article's contributions touch: the meetings it is a source of and its quotes (two
    queries when it has any, one otherwise)."""
    sources = MeetingSource.objects.filter(article_id=article_id)
    return _scopes(
        _part(sources, "meeting", "meeting_id"), *_quote_parts(Quote.objects.filter(article_id=article_id))
    )


def data_changed(touched: Touched | None = None) -> None:
    """Bump the data versions once the current transaction commits (at once outside one), so
    the cached values keyed by them are recomputed by every process: the epoch (everything) when
    the write does not say what it touched, else the scopes of ``touched``, read now (call it when
    the write is done). After the commit, so no reader can cache the old data under the new
    numbers."""
    pks = [EPOCH] if touched is None else sorted({scope_pk(scope) for scope in touched.scopes_after()})
    transaction.on_commit(lambda: _versions_bump(pks))


def _versions_bump(pks: list[int]) -> None:
    """One UPDATE once every row exists. A row is made at 0 and then incremented, never made at 1:
    two writers making the same row at once would otherwise lose a bump (bumping twice is harmless)."""
    rows = DataVersion.objects.filter(pk__in=pks)
    if rows.update(value=models.F("value") + 1) < len(pks):
        DataVersion.objects.bulk_create([DataVersion(pk=pk, value=0) for pk in pks], ignore_conflicts=True)
        rows.update(value=models.F("value") + 1)
