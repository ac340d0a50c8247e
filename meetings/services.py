"""Writes: turning articles into meetings, participants, quotes and topics in the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import connection, models, transaction
from django.utils import timezone

from meetings.models import (
    Article,
    Country,
    DataVersion,
    Meeting,
    MeetingSource,
    Participation,
    Person,
    PersonAlias,
    Quote,
    Topic,
    UploadBatch,
    UploadItem,
    name_key,
)
from meetings.nlp.affiliation import KnownPerson
from meetings.nlp.dates import PartialDate
from meetings.nlp.types import Extraction, MeetingResult, Participant, TopicSpec

logger = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}  # what ingest and the upload page read
HTML_SUFFIXES = {".html", ".htm"}
HTML_MIN_WORDS = 12  # fewer words of main text in a page: no article (menus, links, notices)


class ArticleReadError(Exception):
    """A file that cannot be read as an article: ``str()`` names the file and says why, ``reason``
    only says why (for lines that name the file already)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class ArticleInput:
    """One article to ingest: its text as read, where it came from, and what the uploader told us."""

    name: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: dt.date | None = None


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


def data_changed() -> None:
    """Bump the data version once the current transaction commits (at once outside one), so the
    cached counts keyed by it (see ``selectors.data_version``) are recomputed by every process.
    Every service that changes meetings, people or quotes calls it; after the commit, so no reader
    can cache the old data under the new number."""
    transaction.on_commit(_data_version_bump)


def _data_version_bump() -> None:
    if not DataVersion.objects.filter(pk=1).update(value=models.F("value") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def article_text_normalize(raw: str) -> str:
    """The text as stored and extracted from: one newline convention, no byte-order mark.

    Offsets of quotes and evidence point into this text, so it is the only form ever stored."""
    return raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def article_content_hash(text: str) -> str:
    return hashlib.sha256(article_text_normalize(text).strip().encode("utf-8")).hexdigest()


def article_file_read(path: Path) -> ArticleInput:
    """A file given to ``manage.py ingest``, read by the same rules as an upload, without its size
    limit (bulk loads are trusted files); ``ArticleReadError`` names the file and says why not."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleReadError(path, f"cannot read it: {exc.strerror or exc}") from exc
    try:
        return article_bytes_read(name=str(path), data=data)
    except UploadRejected as exc:
        raise ArticleReadError(path, str(exc)) from exc


def article_paths_expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and the article files (.txt, .md) inside folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        else:
            yield path


def topic_taxonomy() -> tuple[TopicSpec, ...]:
    """The taxonomy as the extractor needs it, from the database, so admins' keywords take effect."""
    return tuple(
        TopicSpec(slug=slug, keywords=tuple(k.lower() for k in keywords or ()))
        for slug, keywords in Topic.objects.order_by("slug").values_list("slug", "keywords")
    )


def _parse_partial_date(value: PartialDate | str | None) -> tuple[dt.date | None, str]:
    """The stored form of a partial date: its first day and its precision."""
    if isinstance(value, str):
        value = PartialDate.from_iso(value)
    if value is None:
        return None, Meeting.DatePrecision.UNKNOWN
    return value.first_day(), Meeting.DatePrecision(value.precision)


def _date_iso(value: dt.date | None) -> str | None:
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
class _Report:
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


def _same_people(meeting: Meeting, report: _Report) -> bool:
    """Exactly the same two or more people: strong enough to set aside a place read differently."""
    ours = report.person_ids
    return len(ours) >= 2 and ours == {p.person_id for p in meeting.participations.all()}


def _same_parties(meeting: Meeting, report: _Report) -> bool:
    """Same people (all of them, or at least two in common) or the same countries (two or more)."""
    theirs = {p.person_id for p in meeting.participations.all()}
    ours = report.person_ids
    if ours and (ours == theirs or len(ours & theirs) >= 2):
        return True
    countries = set(report.extracted.get("countries", ()))
    return len(countries) >= 2 and countries == {c.code for c in meeting.countries.all()}


def _meeting_find(report: _Report, *, exclude: set[int]) -> Meeting | None:
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


def _kept_meeting_match(report: _Report, kept: list[Meeting], results: int) -> Meeting | None:
    """Re-extracting an article: the edited meeting it already reports, kept as a person left it.

    Looser than between articles, since this article is known to report it already: one meeting
    in the article and one kept, or any person or the same countries in common."""
    if len(kept) == 1 and results == 1:
        return kept[0]
    for meeting in kept:
        theirs = {p.person_id for p in meeting.participations.all()}
        countries = {c.code for c in meeting.countries.all()}
        if report.person_ids & theirs or (
            countries and countries == set(report.extracted.get("countries", ()))
        ):
            return meeting
    return None


class KnownPeopleLookup(Mapping):
    """What the batch and the archive already know of a person's state, for the extractor to use the
    way an analyst would ("President X" named without a state here, with one elsewhere). Keyed by a
    full name's key ("wang yi"); a name known under several states gives the one most records give."""

    def __init__(self) -> None:
        self._batch: dict[str, KnownPerson] = {}
        self._archive: dict[str, KnownPerson | None] = {}

    def learn(self, extraction: Extraction) -> None:
        """What an article of the batch said about its participants, for the articles after it."""
        for m in extraction.meetings:
            for p in m.participants:
                key = name_key(p.name)
                if (p.country or p.organization) and len(key.split()) >= 2:
                    self._batch.setdefault(key, KnownPerson(p.country, p.organization))

    def _from_archive(self, key: str) -> KnownPerson | None:
        counts = (
            Person.objects.filter(aliases__key=key, country__isnull=False)
            .values("country_id")
            .annotate(n=models.Count("id"))
            .order_by("-n", "country_id")
        )
        best = next(iter(counts), None)
        return KnownPerson(best["country_id"], None, best["n"]) if best else None

    def __getitem__(self, key: str) -> KnownPerson:
        if key in self._batch:
            return self._batch[key]
        if key not in self._archive:
            self._archive[key] = self._from_archive(key)
        hit = self._archive[key]
        if hit is None:
            raise KeyError(key)
        return hit

    def __iter__(self):
        return iter(self._batch)

    def __len__(self) -> int:
        return len(self._batch)


class _Writer:
    """Writes one extraction; holds the lookups (countries, topics) shared by a whole batch."""

    def __init__(self) -> None:
        self.country_codes = set(Country.objects.values_list("code", flat=True))
        self.topics = {t.slug: t for t in Topic.objects.all()}

    def country_id(self, code: str | None) -> str | None:
        return code if code in self.country_codes else None

    def person_resolve(self, participant: Participant) -> Person:
        """The person already known under one of these names (same country preferred), or a new one."""
        names = [participant.name, *participant.aliases]
        keys = {name_key(n) for n in names} - {""}
        country_id = self.country_id(participant.country)
        candidates = list(Person.objects.filter(aliases__key__in=keys).distinct().order_by("id"))
        person = next((p for p in candidates if p.country_id == country_id), None)
        if person is None:
            person = next((p for p in candidates if p.country_id is None or country_id is None), None)
        if person is None:
            person = Person.objects.create(name=participant.name, country_id=country_id)
        elif person.country_id is None and country_id:
            person.country_id = country_id
            person.save(update_fields=["country"])
        known = set(person.aliases.values_list("key", flat=True))
        for name in names:
            key = name_key(name)
            if key and key not in known:
                PersonAlias.objects.create(person=person, name=name)
                known.add(key)
        return person

    def report(self, article: Article, result: MeetingResult) -> _Report:
        date, precision = _parse_partial_date(result.date)
        location = result.location
        extracted = {
            "status": result.status if result.status in Meeting.Status.values else Meeting.Status.HELD,
            "date": _date_iso(date),
            "date_precision": precision,
            "date_text": (result.date_text or "")[:200],
            "city": (location.city or "")[:200] if location else "",
            "location_country": self.country_id(location.country) if location else None,
            "countries": sorted(c for c in set(result.countries) if c in self.country_codes),
            "topics": sorted(s for s in set(result.topics) if s in self.topics),
        }
        people = tuple((self.person_resolve(p), p) for p in result.participants)
        anchor = date if precision == Meeting.DatePrecision.DAY else article.published
        return _Report(
            extracted=extracted,
            evidence=[list(span) for span in result.evidence],
            people=people,
            anchor=anchor,
        )

    def source_attach(self, meeting: Meeting, article: Article, report: _Report) -> None:
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

    def write(self, article: Article, extraction: Extraction, *, kept: list[Meeting] = ()) -> IngestOutcome:
        meetings: list[Meeting] = []
        people: dict[str, Person] = {}
        attached = 0
        for result in extraction.meetings:
            report = self.report(article, result)
            used = {m.pk for m in meetings}
            meeting = _kept_meeting_match(
                report, [m for m in kept if m.pk not in used], len(extraction.meetings)
            ) or _meeting_find(report, exclude=used)
            if meeting is None:
                meeting = Meeting.objects.create()
            elif not meeting.sources.filter(article=article).exists():
                attached += 1
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
                speaker = self.person_resolve(Participant(name=q.speaker, country=q.speaker_country))
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
        return IngestOutcome(
            name=article.filename,
            status="ingested",
            article_id=article.pk,
            meeting_ids=list(dict.fromkeys(m.pk for m in meetings)),
            quotes=quotes,
            attached=attached,
            notes=tuple(notes),
        )


def article_contributions_remove(*, article: Article) -> list[Meeting]:
    """Take back what extraction stored from this article, before it is extracted again: its
    quotes, its source of each meeting, the participations it alone named, and the meetings left
    with no source. Whatever a person edited stays (a locked meeting keeps this source too).

    Returns the locked meetings still reported by the article."""
    article.quotes.filter(locked=False).delete()
    kept: list[Meeting] = []
    touched: list[Meeting] = []
    for source in MeetingSource.objects.filter(article=article).select_related("meeting"):
        meeting = source.meeting
        if meeting.locked:
            kept.append(meeting)
            continue
        for participation in meeting.participations.filter(articles=article):
            participation.articles.remove(article)
            if not participation.locked and not participation.articles.exists():
                participation.delete()
        source.delete()
        touched.append(meeting)
    for meeting in touched:
        if meeting.sources.exists() or meeting.participations.filter(locked=True).exists():
            meeting_refresh(meeting=meeting)
        else:
            meeting.delete()
    return kept


def _published(extraction: Extraction, given: dt.date | None) -> dt.date | None:
    if given:
        return given
    value, precision = _parse_partial_date(extraction.article.published)
    return value if precision == Meeting.DatePrecision.DAY else None


def article_register(*, item: ArticleInput) -> tuple[Article, bool]:
    """Keep the article's text before anything else is done with it, so nothing is lost.

    Returns the article and whether it still needs extracting: False when the same content is
    already ingested (a duplicate), True for a new article or one left pending or failed earlier."""
    article, created = _article_get_or_create(item)
    return article, created or article.status != Article.Status.INGESTED


def _article_get_or_create(item: ArticleInput) -> tuple[Article, bool]:
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

    Storing matches an article's meetings against those already stored (``_meeting_find``), so
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
            # What an earlier attempt (or an older extractor) stored is replaced, never added to;
            # what a person edited is kept.
            kept = article_contributions_remove(article=article)
            article.status = Article.Status.INGESTED
            article.error = ""
            article.ingested_at = timezone.now()
            article.save()
            outcome = writer.write(article, extraction, kept=kept)
            outcome.name = name
            article.notes = "; ".join(outcome.notes)
            article.save(update_fields=["notes"])
            data_changed()
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


# Uploads ---------------------------------------------------------------------------------------

# Control characters never found in text: a file containing them is binary, or decoded wrongly.
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f"} | {chr(c) for c in range(0x7F, 0xA0)}


class UploadRejected(Exception):
    """A file or text the upload refuses; the message says why, for the uploader."""


def _size_display(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def _looks_like_mojibake(text: str) -> bool:
    """UTF-8 that was once decoded as cp1252 and saved again ("MinistÃ©rio"): it round-trips."""
    if text.isascii():
        return False
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return False
    return repaired != text


def _size_check(size: int) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        shown, allowed = _size_display(size), _size_display(limit)
        if shown == allowed:  # just over the limit: rounded, the two would read the same
            shown, allowed = f"{size:,} bytes", f"{limit:,} bytes"
        raise UploadRejected(f"too large: {shown} (the limit is {allowed})")


def upload_text_decode(*, data: bytes) -> tuple[str, str]:
    """The text of an uploaded file and the encoding it was read in.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as such;
    other bytes as cp1252, the Windows superset of latin-1 in which such files are written. Whatever
    would come out garbled is rejected by name instead of stored as mojibake."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UploadRejected(f"undecodable: broken UTF-16 (byte {exc.start})") from exc
    elif b"\x00" in data:
        raise UploadRejected(
            "not text: contains NUL bytes (a binary file, or UTF-16 without a byte-order mark)"
        )
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError as exc:
                raise UploadRejected(
                    f"undecodable: neither UTF-8 nor cp1252/latin-1 (byte 0x{data[exc.start]:02x})"
                ) from exc
    if any(c in _CONTROL for c in text):
        raise UploadRejected(f"not text: control characters after decoding as {encoding}")
    if _looks_like_mojibake(text):
        raise UploadRejected('undecodable: the text is already garbled (UTF-8 read as cp1252, e.g. "Ã©")')
    return text, encoding


def _header(*, title: str = "", source: str = "", url: str = "", published: dt.date | None = None) -> str:
    """Header lines, as articles written by hand carry them, so the extractor reads the date that
    relative dates ("on Tuesday") count from."""
    lines = [
        f"{key}: {value}"
        for key, value in (
            ("Title", " ".join(title.split())),
            ("Date", published.isoformat() if published else ""),
            ("Source", " ".join(source.split())),
            ("URL", url.strip()),
        )
        if value
    ]
    return "\n".join(lines) + "\n\n" if lines else ""


def _html_article(*, name: str, html: str) -> ArticleInput:
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    body = (document.text or "").strip() if document else ""
    words = len(body.split())
    if words < HTML_MIN_WORDS:
        # A page whose main text is a menu, a link or a cookie notice holds no article.
        found = f" (only {words} word{'s' if words != 1 else ''}: a menu or a link)" if words else ""
        raise UploadRejected(f"empty: no article text found in the HTML page{found}")
    published = None
    if document.date:
        try:
            published = dt.date.fromisoformat(document.date[:10])
        except ValueError:
            published = None
    title = (document.title or "").strip()
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    meta = {"title": title, "source": document.sitename or "", "url": document.url or ""}
    return ArticleInput(
        name=name, text=_header(**meta, published=published) + body, published=published, **meta
    )


def article_bytes_read(*, name: str, data: bytes) -> ArticleInput:
    """The article in a file's bytes (.txt, .md, or the main text of an .html page), or
    ``UploadRejected`` saying why not."""
    suffix = Path(name).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise UploadRejected(
            f"not text: {suffix or 'no extension'} files are not accepted (.txt, .md, .html)"
        )
    if not data.strip():
        raise UploadRejected("empty file")
    text, _encoding = upload_text_decode(data=data)
    if suffix in HTML_SUFFIXES:
        return _html_article(name=name, html=text)
    text = article_text_normalize(text)
    if not text.strip():
        raise UploadRejected("empty file")
    return ArticleInput(name=name, text=text)


def upload_file_read(*, name: str, data: bytes) -> ArticleInput:
    """One uploaded file as an article, or ``UploadRejected`` saying why not."""
    _size_check(len(data))
    return article_bytes_read(name=name, data=data)


def upload_text_read(
    *, text: str, title: str = "", source: str = "", url: str = "", published: dt.date | None = None
) -> ArticleInput:
    """A pasted text as an article, the details given by the uploader as its header."""
    text = article_text_normalize(text).strip()
    if not text:
        raise UploadRejected("empty text")
    _size_check(len(text.encode("utf-8")))
    header = _header(title=title, source=source, url=url, published=published)
    return ArticleInput(
        name=title or "pasted text",
        text=header + text,
        title=title,
        source=source,
        url=url,
        published=published,
    )


def upload_batch_create(*, user, files: Sequence = (), pasted: dict | None = None) -> UploadBatch:
    """Keep every readable upload as a pending article, record a verdict for each file, and
    enqueue the new articles' ingestion (run at once by the default backend, by ``manage.py worker`` in
    production). Nothing read is lost: an article's text is stored before any extraction.

    ``files`` are uploaded files (``name``, ``size``, ``read()``); one too large is not read."""
    from meetings.tasks import articles_ingest_task

    items: list[tuple[str, ArticleInput | None, str]] = []
    for file in files:
        try:
            _size_check(file.size)
            items.append((file.name, upload_file_read(name=file.name, data=file.read()), ""))
        except UploadRejected as exc:
            items.append((file.name, None, str(exc)))
    if pasted is not None:
        try:
            item = upload_text_read(**pasted)
            items.append((item.name, item, ""))
        except UploadRejected as exc:
            items.append((pasted.get("title") or "pasted text", None, str(exc)))

    queued: list[int] = []
    with transaction.atomic():
        batch = UploadBatch.objects.create(created_by=user)
        for name, item, reason in items:
            if item is None:
                UploadItem.objects.create(
                    batch=batch, name=name[:500], verdict=UploadItem.Verdict.REJECTED, reason=reason[:500]
                )
                continue
            article, created = _article_get_or_create(item)
            # An article that failed earlier is taken again: uploading it is a retry.
            retry = not created and article.status == Article.Status.FAILED
            if created or retry:
                verdict = UploadItem.Verdict.QUEUED
                if article.pk not in queued:
                    queued.append(article.pk)
                if created:
                    _log(user=user, objects=[article], flag=ADDITION, message=f"Uploaded ({name})")
            else:
                verdict = UploadItem.Verdict.DUPLICATE
            UploadItem.objects.create(batch=batch, name=name[:500], verdict=verdict, article=article)
    if queued:
        result = articles_ingest_task.enqueue(article_ids=queued)
        UploadBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])
        batch.task_id = str(result.id)[:64]
    return batch


# Corrections -----------------------------------------------------------------------------------


def _log(*, user, objects: Sequence[models.Model], flag: int, message: str) -> None:
    """An entry in the admin's history of each object, naming who did it (when someone did)."""
    if user is None or not getattr(user, "pk", None) or not objects:
        return
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=list(objects), action_flag=flag, change_message=message, single_object=False
    )


def record_mark_edited(*, record: Meeting | Participation | Quote, user, lock: bool = True) -> None:
    """Mark a record a person edited, so re-extraction leaves it alone (not saved here; the data
    version is bumped once the caller's save commits)."""
    data_changed()
    record.locked = lock
    record.edited_by = user if getattr(user, "pk", None) else None
    record.edited_at = timezone.now()


def meeting_merge(*, target: Meeting, others: Sequence[Meeting], user=None) -> Meeting:
    """Fold other meetings into ``target``: their sources, participants (one per person, naming the
    articles of both), quotes, countries and topics. The result is marked as edited."""
    with transaction.atomic():
        for other in others:
            if other.pk == target.pk:
                continue
            for source in other.sources.all():
                if target.sources.filter(article_id=source.article_id).exists():
                    source.delete()
                else:
                    source.meeting = target
                    source.save(update_fields=["meeting"])
            for participation in other.participations.prefetch_related("articles"):
                existing = target.participations.filter(person_id=participation.person_id).first()
                if existing is None:
                    participation.meeting = target
                    participation.save(update_fields=["meeting"])
                    continue
                existing.articles.add(*participation.articles.all())
                for name in ("title", "country", "organization"):
                    if not getattr(existing, name) and getattr(participation, name):
                        setattr(existing, name, getattr(participation, name))
                existing.locked = existing.locked or participation.locked
                existing.save()
                participation.delete()
            other.quotes.update(meeting=target)
            target.countries.add(*other.countries.all())
            target.topics.add(*other.topics.all())
            if PRECISION_RANK.get(other.date_precision, 0) > PRECISION_RANK.get(target.date_precision, 0):
                target.date, target.date_precision, target.date_text = (
                    other.date,
                    other.date_precision,
                    other.date_text,
                )
            if not target.city and not target.location_country_id:
                target.city, target.location_country_id = other.city, other.location_country_id
            if other.status == Meeting.Status.HELD:
                target.status = Meeting.Status.HELD
            _log(user=user, objects=[other], flag=DELETION, message=f"Merged into meeting {target.pk}")
            _log(user=user, objects=[target], flag=CHANGE, message=f"Merged meeting {other.pk} into this one")
            other.delete()
        # A person decided these reports are one meeting: re-extraction must not undo it.
        record_mark_edited(record=target, user=user)
        target.save()
        data_changed()
    return target


def meeting_split(*, source: MeetingSource, user=None) -> Meeting:
    """Split one article's report off a meeting into a new meeting: the source, the quotes of that
    article, and the participants it names (those named by other sources stay as well). Both
    meetings are marked as edited, so re-extraction does not merge them again."""
    with transaction.atomic():
        original = source.meeting
        if original.sources.count() < 2:
            raise ValueError("a meeting with a single source cannot be split")
        article = source.article
        meeting = Meeting.objects.create()
        source.meeting = meeting
        source.save(update_fields=["meeting"])
        for participation in original.participations.filter(articles=article).prefetch_related("articles"):
            moved = Participation.objects.create(
                meeting=meeting,
                person_id=participation.person_id,
                title=participation.title,
                country_id=participation.country_id,
                organization=participation.organization,
            )
            moved.articles.add(article)
            participation.articles.remove(article)
            if not participation.locked and not participation.articles.exists():
                participation.delete()
        original.quotes.filter(article=article).update(meeting=meeting)
        # The original keeps what a person edited; otherwise both are recomputed from their sources.
        meeting_refresh(meeting=original)
        if source.extracted:
            meeting_refresh(meeting=meeting)
        else:  # stored before sources kept what they said: start from the meeting as it was
            for name in ("status", "date", "date_precision", "date_text", "city", "location_country_id"):
                setattr(meeting, name, getattr(original, name))
            meeting.countries.set(original.countries.all())
            meeting.topics.set(original.topics.all())
        for changed in (original, meeting):
            record_mark_edited(record=changed, user=user)
            changed.save()
        _log(
            user=user,
            objects=[original],
            flag=CHANGE,
            message=f"Split {article} off into meeting {meeting.pk}",
        )
        _log(user=user, objects=[meeting], flag=ADDITION, message=f"Split off meeting {original.pk}")
        data_changed()
    return meeting


def person_merge(*, target: Person, others: Sequence[Person], user=None) -> Person:
    """Fold other people into ``target``: every name they were known by becomes an alias of the
    target (so the next article naming any of them finds it), and their participations and quotes
    move to it."""
    with transaction.atomic():
        known = set(target.aliases.values_list("key", flat=True))
        for name in [target.name]:
            if name_key(name) not in known:
                PersonAlias.objects.create(person=target, name=name)
                known.add(name_key(name))
        for other in others:
            if other.pk == target.pk:
                continue
            for alias in [*other.aliases.all(), PersonAlias(name=other.name)]:
                key = name_key(alias.name)
                if key and key not in known:
                    PersonAlias.objects.create(person=target, name=alias.name)
                    known.add(key)
            for participation in other.participations.prefetch_related("articles"):
                existing = Participation.objects.filter(
                    meeting_id=participation.meeting_id, person=target
                ).first()
                if existing is None:
                    participation.person = target
                    participation.save(update_fields=["person"])
                else:
                    existing.articles.add(*participation.articles.all())
                    participation.delete()
            other.quotes.update(speaker=target)
            if target.country_id is None and other.country_id:
                target.country_id = other.country_id
                target.save(update_fields=["country"])
            _log(user=user, objects=[other], flag=DELETION, message=f"Merged into {target} ({target.pk})")
            _log(
                user=user,
                objects=[target],
                flag=CHANGE,
                message=f"Merged {other} ({other.pk}) into this person",
            )
            other.delete()
        data_changed()
    return target


def articles_retry(*, articles: Sequence[Article], user=None) -> int:
    """Queue articles for extraction again (failed ones after a fix, or any after the extractor
    improved); what a person edited is kept. Returns how many were queued."""
    ids = [a.pk for a in articles]
    if not ids:
        return 0
    from meetings.tasks import articles_ingest_task

    Article.objects.filter(pk__in=ids).update(status=Article.Status.PENDING, error="")
    _log(user=user, objects=list(articles), flag=CHANGE, message="Queued for extraction again")
    articles_ingest_task.enqueue(article_ids=ids)
    return len(ids)


def articles_reextract(
    *, articles: Sequence[Article], nlp=None, batch_size: int = 16, progress=None
) -> list[IngestOutcome]:
    """Extract stored articles again, now: everything extraction stored from them is refreshed,
    everything a person edited is kept."""
    return articles_process(articles=articles, nlp=nlp, batch_size=batch_size, progress=progress, redo=True)
