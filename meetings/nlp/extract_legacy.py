"""From article text to an Extraction: the one entry point of the language work."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from . import geo
from .header import dateline_end, parse_article
from .meetings import Candidate, find_meetings
from .people import People, display_name, publisher_state, source_country
from .pipeline import MAX_CHARS
from .quotes_legacy import QuoteFinder, RawQuote
from .topics import topics_in
from .types import ArticleMeta, Extraction, Location, MeetingResult, Participant, QuoteResult, TopicSpec


def _header_place(text: str, meta: ArticleMeta) -> tuple[str | None, str | None] | None:
    """Where a readout or wire story was filed: a ``Location:`` header or a dateline city."""
    head = text[: meta.body_start]
    m = re.search(r"^(?:Location|Dateline):[ \t]*(.+)$", head, re.M)
    candidates = []
    if m:
        candidates.extend(p.strip(" -—–") for p in re.split(r"[,;]", m[1]))
    body = text[meta.body_start : meta.body_start + 200]
    m = re.match(r"\s*([A-Z][A-Z .'-]{2,30})(?:\s*[—–-]|,)", body)
    if m:
        candidates.append(m[1].strip())
    for cand in candidates:
        if not cand or re.search(r"\d", cand):
            continue
        hit = geo.city_lookup(cand.title() if cand.isupper() else cand)
        if hit:
            return hit
    return None


def _title_span(text: str, meta: ArticleMeta) -> tuple[int, int] | None:
    if not meta.title:
        return None
    i = text.find(meta.title)
    return (i, i + len(meta.title)) if i >= 0 else None


def _participant(p) -> Participant:
    name = display_name(p)
    aliases = tuple(sorted(a for a in p.aliases if a != name))
    return Participant(
        name=name, title=p.title, country=p.country, organization=p.organization, aliases=aliases
    )


def extract_doc(
    doc: Doc, meta: ArticleMeta, taxonomy: Sequence[TopicSpec], original: str | None = None
) -> Extraction:
    """The meetings and quotes of one parsed article. ``doc.text`` is the article text as parsed (the
    dateline blanked out, every offset kept); ``original`` is the text as read, for the dateline."""
    text = doc.text
    title_span = _title_span(text, meta)
    people = People(doc, source_country(meta.url, meta.source), title_span, meta.body_start)
    finder = QuoteFinder(doc, people)
    raw_quotes: list[RawQuote] = finder.find(meta.body_start)
    quote_spans = [(q.start - 1, q.end + 1) for q in raw_quotes]
    cands: list[Candidate] = find_meetings(
        doc,
        people,
        quote_spans,
        meta.published,
        meta.body_start,
        title_span,
        _header_place(original if original is not None else text, meta),
        publisher=publisher_state(meta.url, meta.source),
    )
    # Each sentence of the body is about the meeting reported last before it (the lead is about
    # the first one): the topics of that stretch are the meeting's topics.
    sents = [s for s in doc.sents if s.end_char > meta.body_start]
    starts = [s.start_char for s in sents]
    owner_at: list[tuple[int, int]] = sorted((st, k) for k, c in enumerate(cands) for st in c.sent_starts)
    owner_starts = [o[0] for o in owner_at]
    seg_text: list[list[str]] = [[] for _ in cands]
    for s in sents:
        if not cands:
            break
        k = bisect.bisect_right(owner_starts, s.start_char) - 1
        owner = owner_at[k][1] if k >= 0 else owner_at[0][1]
        seg_text[owner].append(s.text)
    meetings: list[MeetingResult] = []
    for k, c in enumerate(cands):
        loc = Location(city=c.location[0], country=c.location[1]) if c.location else None
        countries = tuple(sorted(c.countries))
        meetings.append(
            MeetingResult(
                status=c.status,
                date=c.date,
                date_text=c.date_text,
                location=loc,
                participants=tuple(_participant(p) for p in c.persons),
                countries=countries,
                topics=topics_in(" ".join(seg_text[k]), taxonomy),
                evidence=tuple(c.evidence),
            )
        )
    quotes: list[QuoteResult] = []
    for q in raw_quotes:
        idx = None
        for k, c in enumerate(cands):
            if q.person is not None and q.person in c.persons:
                idx = k
                if c.sent_starts[0] > q.start:
                    break
        if idx is None and cands:
            k = bisect.bisect_right(owner_starts, q.start) - 1
            idx = owner_at[k][1] if k >= 0 else None
        s = bisect.bisect_right(starts, q.start) - 1
        context = sents[s].text if 0 <= s < len(sents) else ""
        quotes.append(
            QuoteResult(
                text=text[q.start : q.end],
                speaker=q.speaker,
                speaker_country=q.speaker_country,
                meeting=idx,
                topics=topics_in(text[q.start : q.end] + " " + context, taxonomy),
                start=q.start,
                end=q.end,
            )
        )
    return Extraction(article=meta, meetings=tuple(meetings), quotes=tuple(quotes))


def _safe_text(text) -> tuple[str, list[str]]:
    warnings = []
    if not isinstance(text, str):
        try:
            text = (
                text.decode("utf-8", errors="replace") if isinstance(text, bytes | bytearray) else str(text)
            )
        except Exception:  # noqa: BLE001
            text = ""
        warnings.append("input was not text")
    if len(text) > MAX_CHARS:
        warnings.append(f"text cut to {MAX_CHARS} characters for parsing")
    return text, warnings


def _one(nlp: Language, text: str, meta: ArticleMeta, warnings: list[str], taxonomy, doc: Doc | None):
    try:
        if doc is None:
            doc = nlp(_for_parser(text, meta))
        ex = extract_doc(doc, meta, taxonomy, original=text)
        return ex if not warnings else _with_warnings(ex, warnings)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch
        return Extraction(
            article=meta, warnings=(*warnings, f"extraction failed: {type(exc).__name__}: {exc}")
        )


def _with_warnings(ex: Extraction, warnings: list[str]) -> Extraction:
    return Extraction(
        article=ex.article, meetings=ex.meetings, quotes=ex.quotes, warnings=(*ex.warnings, *warnings)
    )


def _meta(text: str) -> ArticleMeta:
    try:
        return parse_article(text)
    except Exception:  # noqa: BLE001
        return ArticleMeta()


def _prepared(texts: Iterable) -> Iterator[tuple[str, tuple[str, ArticleMeta, list[str]]]]:
    """(text to parse, (full text, metadata, warnings)) for each input, never raising."""
    for raw in texts:
        text, warnings = _safe_text(raw)
        meta = _meta(text)
        yield _for_parser(text, meta), (text, meta, warnings)


def _for_parser(text: str, meta: ArticleMeta) -> str:
    """The text the parser reads: cut to size, unparseable characters and the dateline blanked with
    spaces, so that every character offset stays that of the text as read."""
    text = _sanitise(text[:MAX_CHARS])
    end = dateline_end(text, meta.body_start)
    if end > meta.body_start:
        text = text[: meta.body_start] + " " * (end - meta.body_start) + text[end:]
    return text


def _sanitise(text: str) -> str:
    # Lone surrogates and NUL bytes can break the tokenizer or the serialisation between worker
    # processes; the replacement keeps every character offset in place.
    if any("\ud800" <= ch <= "\udfff" or ch == "\x00" for ch in text):
        text = "".join(" " if ("\ud800" <= ch <= "\udfff" or ch == "\x00") else ch for ch in text)
    return text


def extract_texts(
    texts: Iterable[str],
    *,
    nlp: Language,
    taxonomy: Sequence[TopicSpec],
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[Extraction]:
    """One Extraction per text, in order.

    All texts go through ONE ``nlp.pipe`` call (``as_tuples`` carries each text's metadata), so worker
    processes start once for the whole stream. A text that breaks the rules gives an Extraction with a
    warning; if the parser stream itself raises, the texts not yet yielded are parsed one at a time."""
    source = _prepared(texts)
    pending: list[tuple[str, tuple[str, ArticleMeta, list[str]]]] = []

    def feed() -> Iterator[tuple[str, tuple[str, ArticleMeta, list[str]]]]:
        # Remember what was handed to the parser and not yet yielded back, for the fallback below.
        for item in source:
            pending.append(item)
            yield item

    stream = nlp.pipe(feed(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    while True:
        try:
            doc, (text, meta, warnings) = next(stream)
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 - isolate the bad text: one at a time from here on
            break
        pending.pop(0)
        yield _one(nlp, text, meta, warnings, taxonomy, doc)
    for _parse_text, (text, meta, warnings) in [*pending, *source]:
        yield _one(nlp, text, meta, warnings, taxonomy, None)


def extract_text(text: str, *, nlp: Language, taxonomy: Sequence[TopicSpec]) -> Extraction:
    return next(extract_texts([text], nlp=nlp, taxonomy=taxonomy, batch_size=1))
