"""Plain results of the extractor: frozen dataclasses of strings and character offsets.

Nothing from spaCy leaves ``meetings.nlp``; the rest of the app (services, the ``extract`` command,
the scorer's JSON) only ever sees these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dates import PartialDate


@dataclass(frozen=True)
class RuleHit:
    """One rule that contributed to a result, and the characters it read (for ``extract --explain``)."""

    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class TopicSpec:
    """One issue of the taxonomy as the extractor needs it: a slug and the phrases that signal it."""

    slug: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ArticleMeta:
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" (or "YYYY-MM", "YYYY"), None when unknown
    body_start: int = 0  # offset where the body starts, after any header lines


@dataclass(frozen=True)
class Location:
    city: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Participant:
    name: str
    title: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 of the state the person represents
    organization: str | None = None  # international body, when the person represents one
    aliases: tuple[str, ...] = ()  # other forms of the name found in the article


@dataclass(frozen=True)
class MeetingResult:
    status: str  # "held" or "planned"
    date: PartialDate | None  # known to the day, the month or the year; None when the article gives no time
    date_text: str | None
    location: Location | None
    participants: tuple[Participant, ...]
    countries: tuple[str, ...]  # alpha-2, sorted
    topics: tuple[str, ...]  # slugs
    evidence: tuple[tuple[int, int], ...]  # character spans of the sentences that report it
    rules: tuple[RuleHit, ...] = ()  # what found it, for ``extract --explain``

    @property
    def date_precision(self) -> str | None:
        return self.date.precision if self.date else None


@dataclass(frozen=True)
class QuoteResult:
    text: str
    speaker: str | None
    speaker_country: str | None
    meeting: int | None  # index into Extraction.meetings
    topics: tuple[str, ...]
    start: int  # offsets of the quoted text (without the marks) in the article text
    end: int
    # True when the speaker is a named person (not a ministry, "both sides" or another group label).
    speaker_is_person: bool = False
    rules: tuple[RuleHit, ...] = ()


@dataclass(frozen=True)
class Extraction:
    article: ArticleMeta
    meetings: tuple[MeetingResult, ...] = ()
    quotes: tuple[QuoteResult, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    error: str | None = None  # the extractor failed on this article (recorded, not raised)

    def to_json(self) -> dict:
        """The object of spec/EXTRACTION.md (without the ``file`` key, which the caller adds)."""
        article = {
            "title": self.article.title,
            "source": self.article.source,
            "published": self.article.published,
        }
        meetings = []
        for m in self.meetings:
            meetings.append(
                {
                    "status": m.status,
                    "date": m.date.iso if m.date else None,
                    "date_text": m.date_text,
                    "location": asdict(m.location) if m.location else None,
                    "participants": [
                        {
                            "name": p.name,
                            "title": p.title,
                            "country": p.country,
                            "organization": p.organization,
                            "aliases": list(p.aliases),
                        }
                        for p in m.participants
                    ],
                    "countries": list(m.countries),
                    "topics": list(m.topics),
                    "evidence": [list(span) for span in m.evidence],
                }
            )
        quotes = [
            {
                "text": q.text,
                "speaker": q.speaker,
                "speaker_country": q.speaker_country,
                "meeting": q.meeting,
                "topics": list(q.topics),
                "start": q.start,
                "end": q.end,
            }
            for q in self.quotes
        ]
        return {"article": article, "meetings": meetings, "quotes": quotes}
