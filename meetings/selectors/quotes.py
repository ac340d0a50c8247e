"""Quotes: full-text search (PostgreSQL's text search, SQLite's FTS5), its count and the speaker menu."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.db.models import Count, F, Func, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from meetings.models import Country, Meeting, Person, Quote, Topic
from meetings.selectors.cache import cached, cached_read
from meetings.selectors.filters import (
    COUNTRY,
    DATE_FROM,
    DATE_TO,
    SEARCH,
    SPEAKER,
    TOPIC,
    key_of,
    quote_scopes,
)

# Around each matched word in a highlighted quote: characters from Unicode's private use area, which
# never occur in news text, so the text can be escaped first and the marks added after.
MARK_START, MARK_END = "\ue000", "\ue001"

# The speaker menu of the quotes page lists the people who said most, not the thousands who said
# something; any speaker can still be picked by id (from a person's page or a bookmarked URL).
SPEAKER_CHOICES_SIZE = 50


def quote_speaker_choices(*, selected: Person | None = None) -> list[tuple[int, str, int]]:
    """(id, name, number of quotes) of the people quoted most, by name, and of ``selected`` if it
    is not among them (cached: see ``cached``)."""

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

    choices = cached("speakers", compute)
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


@cached_read("quote-count", key=lambda filters: dict(filters or {}), scopes=quote_scopes)
def quote_count(*, filters: Mapping[str, Any] | None = None) -> int:
    """How many quotes match ``filters``, every match of a search included (cached: see ``cached_read``)."""
    qs = _quote_filter(filters or {})
    search = ((filters or {}).get(SEARCH) or "").strip()
    if not search:
        return qs.count()
    if connection.vendor == "postgresql":
        return qs.alias(document=QuoteDocument("text")).filter(_pg_match(search)).count()
    match = fts5_query(search)
    return qs.filter(pk__in=RawSQL(FTS5_IDS, [match])).count() if match else 0


def _quote_filter(filters: Mapping[str, Any]) -> QuerySet[Quote]:
    qs = Quote.objects.all()
    if topic := filters.get(TOPIC):
        topic_id = topic.pk if isinstance(topic, Topic) else Topic.objects.filter(slug=topic).values("pk")[:1]
        qs = qs.filter(pk__in=Quote.topics.through.objects.filter(topic_id=topic_id).values("quote_id"))
    if speaker := filters.get(SPEAKER):
        qs = qs.filter(speaker_id=key_of(speaker))
    if country := filters.get(COUNTRY):
        code = key_of(country)
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
