"""The sources of a meeting as its page shows them: the passages that report it, its quotes marked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from meetings.models import Article, Meeting, MeetingSource, Quote
from meetings.nlp.header import parse_article


@dataclass(frozen=True)
class TextSegment:
    """A run of article text; ``evidence`` and ``quote`` say which highlights cover it."""

    text: str
    evidence: bool = False
    quote: bool = False


@dataclass(frozen=True)
class SourceText:
    """A source of a meeting as its page shows it: the sentences that report the meeting (their
    quotes marked), and, when asked for, the whole text after its header lines."""

    article: Article
    excerpts: list[list[TextSegment]]
    segments: list[TextSegment]  # the whole body, marked; empty unless asked for
    length: int  # characters of the body
    more: int = 0  # passages reporting the meeting beyond those shown

    @property
    def link(self) -> str:
        """The article's URL when it is safe to link to (http or https)."""
        url = self.article.url or ""
        return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


Span = tuple[int, int]


def _clean_spans(spans: Iterable[Any] | None, length: int) -> list[Span]:
    """Spans as (start, end) inside the text; malformed or empty ones are dropped, since evidence
    is stored as free JSON."""
    cleaned = []
    for span in spans or ():
        try:
            start, end = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError, KeyError):
            continue
        start, end = max(0, min(start, length)), max(0, min(end, length))
        if start < end:
            cleaned.append((start, end))
    return cleaned


def text_segments(
    text: str, *, evidence: Iterable[Any] = (), quotes: Iterable[Any] = ()
) -> list[TextSegment]:
    """Cut ``text`` at every span boundary so each run is wholly inside or outside each kind of span.

    Spans may overlap. The segments hold plain text; the template escapes it and adds the marks.
    """
    # One sweep over the span boundaries: at each cut, how many spans of each kind are open.
    # Linear in the spans, so a transcript with thousands of quotes costs no more than its length.
    opened: dict[int, list[int]] = {}
    for kind, spans in enumerate((_clean_spans(evidence, len(text)), _clean_spans(quotes, len(text)))):
        for start, end in spans:
            opened.setdefault(start, [0, 0])[kind] += 1
            opened.setdefault(end, [0, 0])[kind] -= 1
    cuts = sorted({0, len(text), *opened})
    segments: list[TextSegment] = []
    open_evidence = open_quotes = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        d_evidence, d_quotes = opened.get(start, (0, 0))
        open_evidence, open_quotes = open_evidence + d_evidence, open_quotes + d_quotes
        in_evidence, in_quote = open_evidence > 0, open_quotes > 0
        if segments and (segments[-1].evidence, segments[-1].quote) == (in_evidence, in_quote):
            segments[-1] = TextSegment(segments[-1].text + text[start:end], in_evidence, in_quote)
        else:
            segments.append(TextSegment(text[start:end], in_evidence, in_quote))
    return segments


EXCERPT_FALLBACK_CHARS = 400  # of the body, for a source whose evidence is missing
EXCERPTS_MAX = 12  # passages shown on the meeting page; the rest are in the whole article


def _source_text(source: MeetingSource, quotes: list[Span], *, whole: bool) -> SourceText:
    text = source.article.text
    body = parse_article(text).body_start
    evidence = [
        (max(s, body), e)
        for s, e in _clean_spans(source.evidence if isinstance(source.evidence, list) else (), len(text))
        if e > body
    ]
    spans = sorted(evidence) or [(body, min(len(text), body + EXCERPT_FALLBACK_CHARS))]
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    excerpts = [
        text_segments(
            text[start:end],
            evidence=[(s - start, e - start) for s, e in evidence if s < end and e > start],
            quotes=[(s - start, e - start) for s, e in quotes if s < end and e > start],
        )
        for start, end in merged[:EXCERPTS_MAX]
    ]
    segments = []
    if whole:
        segments = text_segments(
            text[body:],
            evidence=[(s - body, e - body) for s, e in evidence],
            quotes=[(s - body, e - body) for s, e in quotes if e > body],
        )
    return SourceText(
        article=source.article,
        excerpts=excerpts,
        segments=segments,
        length=len(text) - body,
        more=max(0, len(merged) - EXCERPTS_MAX),
    )


def _quote_spans(meeting: Meeting) -> dict[int, list[Span]]:
    spans: dict[int, list[Span]] = {}
    for article_id, start, end in Quote.objects.filter(meeting=meeting).values_list(
        "article_id", "start", "end"
    ):
        spans.setdefault(article_id, []).append((start, end))
    return spans


def meeting_source_texts(*, meeting: Meeting) -> list[SourceText]:
    """Each article reporting ``meeting``: the sentences that report it, its quotes marked in them.

    The sources are those prefetched by ``meeting_detail``; the quotes' spans take one query."""
    spans = _quote_spans(meeting)
    return [_source_text(s, spans.get(s.article_id, []), whole=False) for s in meeting.sources.all()]


def meeting_source_text(*, meeting: Meeting, article_id: int) -> SourceText | None:
    """One source of ``meeting`` whole: its body after the header lines, the sentences that report
    the meeting highlighted and its quotes marked; None if the article is no source of it."""
    source = meeting.sources.select_related("article").filter(article_id=article_id).first()
    if source is None:
        return None
    return _source_text(source, _quote_spans(meeting).get(article_id, []), whole=True)
