"""Ingestion: registering articles, extracting them and storing what each reports."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from meetings.models import (
    Article,
    Country,
    Meeting,
    MeetingSource,
    Participation,
    Person,
    Quote,
    Topic,
    name_key,
)
from meetings.nlp.types import Extraction, MeetingResult, Participant, TopicSpec
from meetings.services.decisions import decisions_apply
from meetings.services.invalidation import Touched, data_changed
from meetings.services.matching import (
    Previous,
    Report,
    date_iso,
    kept_meeting_match,
    meeting_find,
    meeting_refresh,
    parse_partial_date,
    previous_snapshot,
)
from meetings.services.people import KnownPeopleLookup, PersonResolver
from meetings.services.readers import ArticleInput, article_content_hash, article_text_normalize

logger = logging.getLogger(__name__)


@dataclass
class IngestOutcome:
    name: str
    status: str  # "ingested", "duplicate" or "failed"
    article_id: int | None = None
    meeting_ids: list[int] = field(default_factory=list)
    quotes: int = 0
    error: str = ""
    attached: int = 0  # meetings already stored that this article became another source of
    notes: tuple[str, ...] = ()  # what was left out (a text read in part, quotes not stored)


@dataclass
class IngestReport:
    outcomes: list[IngestOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failures(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def topic_taxonomy() -> tuple[TopicSpec, ...]:
    """The taxonomy as the extractor needs it, from the database, so admins' keywords take effect."""
    return tuple(
        TopicSpec(slug=slug, keywords=tuple(k.lower() for k in keywords or ()))
        for slug, keywords in Topic.objects.order_by("slug").values_list("slug", "keywords")
    )


class _Writer:
    """Writes one extraction; holds the lookups (countries, topics) shared by a whole batch."""

    def __init__(self) -> None:
        self.country_codes = set(Country.objects.values_list("code", flat=True))
        self.topics = {t.slug: t for t in Topic.objects.all()}
        self.people = PersonResolver(self.country_codes)

    def country_id(self, code: str | None) -> str | None:
        return code if code in self.country_codes else None

    def person_resolve(
        self, participant: Participant, *, when: dt.date | None = None, create: bool = True
    ) -> Person | None:
        """The stored person (services.people: one policy), a new one, or None for no person's name."""
        return self.people.resolve(participant, when=when, create=create)

    def report(self, article: Article, result: MeetingResult) -> Report:
        date, precision = parse_partial_date(result.date)
        location = result.location
        extracted = {
            "status": result.status if result.status in Meeting.Status.values else Meeting.Status.HELD,
            "date": date_iso(date),
            "date_precision": precision,
            "date_text": (result.date_text or "")[:200],
            "city": (location.city or "")[:200] if location else "",
            "location_country": self.country_id(location.country) if location else None,
            "countries": sorted(c for c in set(result.countries) if c in self.country_codes),
            "topics": sorted(s for s in set(result.topics) if s in self.topics),
        }
        when = date or article.published
        resolved = ((self.person_resolve(p, when=when), p) for p in result.participants)
        people = tuple((person, p) for person, p in resolved if person is not None)
        anchor = date if precision == Meeting.DatePrecision.DAY else article.published
        return Report(
            extracted=extracted,
            evidence=[list(span) for span in result.evidence],
            people=people,
            anchor=anchor,
        )

    def source_attach(self, meeting: Meeting, article: Article, report: Report) -> None:
        """Add this article as a source of the meeting. A meeting a person edited keeps its
        participants and fields as they are; it only gains the source (and the article's quotes)."""
        MeetingSource.objects.get_or_create(
            meeting=meeting,
            article=article,
            defaults={"evidence": report.evidence, "extracted": report.extracted},
        )
        if meeting.locked:
            return
        for person, participant in report.people:
            participation, _ = Participation.objects.get_or_create(
                meeting=meeting,
                person=person,
                defaults={
                    "title": (participant.title or "")[:200],
                    "country_id": self.country_id(participant.country),
                    "organization": (participant.organization or "")[:200],
                },
            )
            participation.articles.add(article)
        meeting_refresh(meeting=meeting)

    def write(
        self, article: Article, extraction: Extraction, *, touched: Touched, previous: list[Previous] = ()
    ) -> IngestOutcome:
        """Store ``extraction``; every meeting it changes is in ``touched`` before it is changed."""
        meetings: list[Meeting] = []
        people: dict[str, Person] = {}
        attached = 0
        for result in extraction.meetings:
            report = self.report(article, result)
            used = {m.pk for m in meetings}
            meeting = kept_meeting_match(
                report, [p for p in previous if p.meeting.pk not in used], len(extraction.meetings)
            ) or meeting_find(report, exclude=used)
            if meeting is None:
                meeting = Meeting.objects.create()
            elif meeting.sources.exists() and not meeting.sources.filter(article=article).exists():
                attached += 1  # another article's meeting (not this article's own, found again)
            touched.meetings_before([meeting.pk])
            self.source_attach(meeting, article, report)
            meetings.append(meeting)
            for person, participant in report.people:
                for name in (participant.name, *participant.aliases):
                    people[name_key(name)] = person
        kept_quotes = {q.start: q for q in article.quotes.all()}  # only edited quotes are left
        quotes = 0
        limit = settings.ARTICLE_MAX_QUOTES
        notes = list(extraction.warnings)
        if len(extraction.quotes) > limit:
            # A transcript or a page of garbage can hold thousands: what one article may cost is bounded.
            notes.append(f"only the first {limit:,} of its {len(extraction.quotes):,} quotes were stored")
        for q in extraction.quotes[:limit]:
            meeting = (
                meetings[q.meeting] if q.meeting is not None and 0 <= q.meeting < len(meetings) else None
            )
            if q.start in kept_quotes:
                edited = kept_quotes[q.start]
                if edited.meeting_id is None and meeting is not None:
                    edited.meeting = meeting  # its meeting was removed and found again
                    edited.save(update_fields=["meeting"])
                continue
            speaker = people.get(name_key(q.speaker or ""))
            if speaker is None and q.speaker and q.speaker_is_person:
                speaker = self.person_resolve(
                    Participant(name=q.speaker, country=q.speaker_country),
                    when=article.published,
                    create=False,
                )
            quote = Quote.objects.create(
                text=q.text,
                speaker=speaker,
                speaker_label="" if speaker else (q.speaker or "")[:200],
                article=article,
                meeting=meeting,
                start=q.start,
                end=q.end,
            )
            quote.topics.set([self.topics[s] for s in q.topics if s in self.topics])
            quotes += 1
        for person_id, renamed in self.people.refresh().items():
            touched.person(person_id)
            if renamed:
                touched.person_renamed(person_id)
        return IngestOutcome(
            name=article.filename,
            status="ingested",
            article_id=article.pk,
            meeting_ids=list(dict.fromkeys(m.pk for m in meetings)),
            quotes=quotes,
            attached=attached,
            notes=tuple(notes),
        )


def article_contributions_remove(*, article: Article) -> list[Previous]:
    """Take back what extraction stored from this article, before it is extracted again: its
    quotes, its source of each meeting and the participations it alone named. Whatever a person
    edited stays (a locked meeting keeps this source too).

    Returns the meetings the article reported, as they were: the writer gives the new reports the
    same meetings (their ids and addresses last), and ``meetings_orphaned_remove`` then deletes
    those left with no source that nobody edited."""
    article.quotes.filter(locked=False).delete()
    previous: list[Previous] = []
    for source in MeetingSource.objects.filter(article=article).select_related("meeting").order_by("id"):
        meeting = source.meeting
        previous.append(previous_snapshot(meeting, article.pk, source.extracted))
        if meeting.locked:
            continue
        for participation in meeting.participations.filter(articles=article):
            participation.articles.remove(article)
            if not participation.locked and not participation.articles.exists():
                participation.delete()
        source.delete()
        if meeting.sources.exists() or meeting.participations.filter(locked=True).exists():
            meeting_refresh(meeting=meeting)
    return previous


def meetings_orphaned_remove(previous: list[Previous]) -> None:
    """Delete the meetings an article reported before that none of its new reports is, that no
    other article reports and that no person edited."""
    for before in previous:
        meeting = before.meeting
        if (
            meeting.locked
            or meeting.sources.exists()
            or meeting.participations.filter(locked=True).exists()
            or meeting.decisions.exists()
        ):
            continue
        meeting.delete()


def _published(extraction: Extraction, given: dt.date | None) -> dt.date | None:
    if given:
        return given
    value, precision = parse_partial_date(extraction.article.published)
    return value if precision == Meeting.DatePrecision.DAY else None


def article_register(*, item: ArticleInput) -> tuple[Article, bool]:
    """Keep the article's text before anything else is done with it, so nothing is lost.

    Returns the article and whether it still needs extracting: False when the same content is
    already ingested (a duplicate), True for a new article or one left pending or failed earlier."""
    article, created = article_get_or_create(item)
    return article, created or article.status != Article.Status.INGESTED


def article_get_or_create(item: ArticleInput) -> tuple[Article, bool]:
    text = article_text_normalize(item.text)
    return Article.objects.get_or_create(
        content_hash=article_content_hash(text),
        defaults={
            "text": text,
            "filename": item.name[:500],
            "title": item.title[:500],
            "source": item.source[:200],
            "url": item.url[:1000],
            "published": item.published,
            "status": Article.Status.PENDING,
        },
    )


def articles_process(
    *,
    articles: Sequence[Article],
    nlp=None,
    batch_size: int = 16,
    n_process: int = 1,
    progress: Callable[[int, int], None] | None = None,
    redo: bool = False,
) -> list[IngestOutcome]:
    """Extract registered articles in one ``nlp.pipe`` stream and store what each reports in its
    own transaction. An article whose storing fails is rolled back completely and marked failed
    with its error (its text stays); the others go on.

    An article another process ingested meanwhile is left as it is (a duplicate), unless ``redo``
    (re-extraction), which replaces what it stored."""
    if not articles:
        return []
    from meetings.nlp.extract import extract_texts
    from meetings.nlp.pipeline import load_pipeline

    outcomes: list[IngestOutcome] = []
    try:
        nlp = nlp or load_pipeline(settings.SPACY_MODEL)
        writer = _Writer()
        known = KnownPeopleLookup()
        extractions = extract_texts(
            (a.text for a in articles),
            nlp=nlp,
            taxonomy=topic_taxonomy(),
            batch_size=batch_size,
            n_process=n_process,
            errors="record",
            known=known,
            max_chars=settings.ARTICLE_MAX_CHARS,
        )
        for done, (article, extraction) in enumerate(zip(articles, extractions, strict=True), start=1):
            outcomes.append(_article_store(writer, article, extraction, redo=redo))
            known.learn(extraction)
            if progress:
                progress(done, len(articles))
        # What staff decided about these articles' meetings and people holds again.
        stored = [a.content_hash for a, o in zip(articles, outcomes, strict=True) if o.status == "ingested"]
        if stored:
            decisions_apply(content_hashes=stored)
    except Exception as exc:  # noqa: BLE001 - the pipeline itself failed (model missing, a crash)
        # The articles not yet stored keep their text and get the error, for an admin to retry.
        logger.exception("extraction failed")
        error = f"{type(exc).__name__}: {exc}"
        for article in articles[len(outcomes) :]:
            Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, error=error)
            outcomes.append(
                IngestOutcome(
                    name=article.filename or str(article), status="failed", article_id=article.pk, error=error
                )
            )
    return outcomes


# The key of PostgreSQL's advisory lock that serializes storing (any constant of our own).
STORE_LOCK_KEY = 7_305_113


def store_lock() -> None:
    """Take the lock under which one article at a time is stored, held until the transaction ends.

    Storing matches an article's meetings against those already stored (``meeting_find``), so
    two processes storing at once could each miss the other's meeting and create it twice, or store
    the same article twice. On PostgreSQL this is a transaction-level advisory lock; on SQLite the
    transactions are IMMEDIATE (settings), so the write lock is taken at BEGIN and the same holds.
    Only the storing is serialized, never the extraction, which is where the time goes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORE_LOCK_KEY])


def _ingested_meanwhile(article: Article) -> bool:
    return Article.objects.filter(pk=article.pk, status=Article.Status.INGESTED).exists()


def _article_store(
    writer: _Writer, article: Article, extraction: Extraction, *, redo: bool = False
) -> IngestOutcome:
    name = article.filename or str(article)
    if extraction.error:
        # The extractor failed on this article (logged where it failed): kept with its text, marked failed.
        failed = Article.objects.filter(pk=article.pk)
        if not redo:
            failed = failed.exclude(status=Article.Status.INGESTED)  # stored meanwhile by another process
        failed.update(
            status=Article.Status.FAILED,
            error=f"extraction failed: {extraction.error}"[:2000],
            ingested_at=None,
        )
        return IngestOutcome(name=name, status="failed", article_id=article.pk, error=extraction.error)
    meta = extraction.article
    article.title = article.title or (meta.title or "")[:500]
    article.source = article.source or (meta.source or "")[:200]
    article.url = article.url or (meta.url or "")[:1000]
    article.published = _published(extraction, article.published)
    try:
        with transaction.atomic():
            store_lock()
            if not redo and _ingested_meanwhile(article):
                # Another process or worker stored it while this one was extracting it.
                return IngestOutcome(name=name, status="duplicate", article_id=article.pk)
            # What the article's meetings and quotes were before, so the pages of both are invalidated.
            touched = Touched()
            touched.article_before(article.pk)
            # What an earlier attempt (or an older extractor) stored is replaced, never added to;
            # what a person edited is kept.
            previous = article_contributions_remove(article=article)
            article.status = Article.Status.INGESTED
            article.error = ""
            article.ingested_at = timezone.now()
            article.save()
            outcome = writer.write(article, extraction, touched=touched, previous=previous)
            meetings_orphaned_remove(previous)
            outcome.name = name
            article.notes = "; ".join(outcome.notes)
            article.save(update_fields=["notes"])
            data_changed(touched)
            return outcome
    except Exception as exc:  # noqa: BLE001 - any failure of one article must not stop the batch
        logger.exception("ingesting %s failed", article.filename or article.pk)
        error = f"{type(exc).__name__}: {exc}"
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.FAILED, error=error, ingested_at=None
        )
        return IngestOutcome(name=name, status="failed", article_id=article.pk, error=error)


def articles_ingest(
    *,
    inputs: Sequence[ArticleInput],
    nlp=None,
    batch_size: int = 16,
    n_process: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Register articles (skipping content already ingested), then extract and store the rest."""
    report = IngestReport()
    todo: list[Article] = []
    seen: set[int] = set()
    for item in inputs:
        article, needs_work = article_register(item=item)
        if not needs_work or article.pk in seen:
            report.outcomes.append(IngestOutcome(name=item.name, status="duplicate", article_id=article.pk))
            continue
        seen.add(article.pk)
        todo.append(article)
    report.outcomes.extend(
        articles_process(
            articles=todo, nlp=nlp, batch_size=batch_size, n_process=n_process, progress=progress
        )
    )
    return report


def articles_reextract(
    *, articles: Sequence[Article], nlp=None, batch_size: int = 16, progress=None
) -> list[IngestOutcome]:
    """Extract stored articles again, now: everything extraction stored from them is refreshed,
    everything a person edited is kept."""
    return articles_process(articles=articles, nlp=nlp, batch_size=batch_size, progress=progress, redo=True)
