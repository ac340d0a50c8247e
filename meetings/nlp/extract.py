"""From article text to an Extraction: orchestration only.

doc -> names -> people (coref) -> affiliation -> triggers -> frames -> trips -> merge -> meetings;
quotes and topics beside them. Each stage is its own module; this one only passes results along.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from . import affiliation, coref, frames, joins, merge, names, quotes, rounds, trips
from .affiliation import Affiliation, KnownPeople
from .article import Article, filed_place
from .dates import resolve
from .header import dateline_end, parse_article
from .pipeline import MAX_CHARS
from .topics import topics_in
from .triggers import find as find_triggers
from .types import (
    ArticleMeta,
    Extraction,
    Location,
    MeetingResult,
    Participant,
    QuoteResult,
    RuleHit,
    TopicSpec,
)

logger = logging.getLogger(__name__)


class ExtractionError(RuntimeError):
    """The extractor failed on one article (a bug): raised, or recorded with the article."""


def _frames(ctx: frames.Context) -> list[frames.Frame]:
    art = ctx.article

    def skip(char: int) -> bool:
        return art.in_quote(char) or (char < art.meta.body_start and not art.in_headline(char))

    found = [f for t in find_triggers(art.doc, skip) for f in frames.build(t, ctx)]
    round_calls, _, openers = rounds.calls(ctx)
    found = [f for f in found if f.sent_start not in openers] + round_calls
    found = trips.place_frames(joins.with_joiners(found, ctx), ctx)
    states = {p: a.state for p, a in ctx.affiliations.items()}
    found += trips.travel_for_talks(ctx, states.get) + trips.state_visits(ctx)
    return sorted(found, key=lambda f: (f.sent_start, f.trigger.i))


def _participant(people: coref.People, pid: int, aff: dict[int, Affiliation]) -> Participant:
    p = people.get(pid)
    a = aff.get(pid)
    return Participant(
        name=p.name,
        title=p.title,
        country=a.state if a else None,
        organization=a.org if a else None,
        aliases=p.aliases,
    )


def _with_scene(drafts: list[merge.Draft], ctx: frames.Context) -> list[merge.Draft]:
    """The story's main meeting (the first one told, held, in person, dated near publication or not
    at all) is held at the scene when no sentence of it gives a place."""
    if not drafts:
        return drafts
    main = drafts[0]
    pub = ctx.article.published
    recent = (
        main.date is None
        or pub is None
        or (main.date.day and abs((pub.first_day() - main.date.first_day()).days) <= 3)
    )
    if main.place_state or main.is_call or main.status != "held" or main.passing or not recent:
        return drafts
    place = trips.scene(ctx)
    if place is None:
        return drafts
    rules = main.rules + (RuleHit(place.rule, place.start, place.end),)
    first = merge.Draft(
        **{
            **main.__dict__,
            "city": place.city,
            "place_state": place.state,
            "place_rule": place.rule,
            "rules": rules,
        }
    )
    return [first, *drafts[1:]]


def _with_lead_time(drafts: list[merge.Draft], ctx: frames.Context) -> list[merge.Draft]:
    """The story's main meeting (the first one told, held, not in passing) with no time of its own is
    held at the time the lead gives its meeting word."""
    if not drafts or drafts[0].date is not None or drafts[0].status != "held" or drafts[0].passing:
        return drafts
    main = drafts[0]
    when = trips.lead_time(ctx, main.is_call)
    hit = resolve(when.text, ctx.article.published) if when is not None else None
    if hit is None or hit.span_first is not None:
        return drafts
    rules = main.rules + (RuleHit(when.rule, when.start, when.end),)
    first = merge.Draft(**{**main.__dict__, "date": hit.date, "date_text": when.text, "rules": rules})
    return [first, *drafts[1:]]


def _complete(
    drafts: list[merge.Draft], aff: dict[int, Affiliation], publisher: str | None
) -> dict[int, Affiliation]:
    """The affiliations with what each meeting's other participants and place leave (new records)."""
    out = dict(aff)
    for d in drafts:
        states = {s for s in d.states if len(s) == 2 and s.isupper()}
        orgs = set(d.states) - states
        place = None if d.is_call else d.place_state
        out.update(affiliation.complete(list(d.persons), states, orgs, place, out, publisher))
    return out


def _sides(d: merge.Draft, aff: dict[int, Affiliation]) -> tuple[set[str], int]:
    known = {aff[p].state or aff[p].org for p in d.persons if p in aff}
    return known | set(d.states), sum(1 for p in d.persons if p not in aff)


def _valid(d: merge.Draft, aff: dict[int, Affiliation], publisher: str | None = None) -> bool:
    """Talks between at least two sides: two states or bodies, or one and a person of unknown state,
    or two people of unknown state. A traveller's talks abroad count with one side named. In a
    government's readout, which names foreign officials with their states, talks of its own side with
    people of unknown state are a meeting at home ("met with Governor of the Region X"), unless they are
    a round of calls with leaders of states."""
    sides, unknown = _sides(d, aff)
    if any(r.rule == "trips.travel_for_talks" for r in d.rules):
        return bool(sides or unknown)
    if publisher and sides == {publisher} and not any(r.rule == "rounds.call" for r in d.rules):
        return False
    return len(sides) + min(unknown, 2) >= 2 and (len(sides) >= 2 or unknown >= 1)


def _meeting(d: merge.Draft, people: coref.People, aff: dict[int, Affiliation]) -> MeetingResult:
    states = {aff[p].state for p in d.persons if p in aff and aff[p].state}
    states |= {s for s in d.states if len(s) == 2 and s.isupper()}
    loc = Location(city=d.city, country=d.place_state) if d.place_state and not d.is_call else None
    return MeetingResult(
        status=d.status,
        date=d.date,
        date_text=d.date_text,
        location=loc,
        participants=tuple(_participant(people, p, aff) for p in d.persons),
        countries=tuple(sorted(states)),
        topics=(),
        evidence=tuple(sorted(d.evidence)),
        rules=tuple(d.rules)
        + tuple(RuleHit(aff[p].rule, aff[p].start, aff[p].end) for p in d.persons if p in aff),
    )


def _segments(
    article: Article, meetings: list[MeetingResult]
) -> tuple[list[int], list[int], list[list[str]]]:
    """Each body sentence is about the meeting reported last before it (the lead is about the first):
    (sentence starts, owner of each sentence, the text each meeting owns)."""
    owner_at = sorted((s, k) for k, m in enumerate(meetings) for s, _ in m.evidence)
    owner_starts = [o[0] for o in owner_at]
    starts, owners, texts = [], [], [[] for _ in meetings]
    for s in article.sentences:
        if not meetings:
            break
        k = bisect.bisect_right(owner_starts, s.start_char) - 1
        owner = owner_at[k][1] if k >= 0 else owner_at[0][1]
        starts.append(s.start_char)
        owners.append(owner)
        texts[owner].append(s.text)
    return starts, owners, texts


def _quote_meeting(
    q: quotes.FoundQuote, firsts: list[tuple[int, frozenset[int]]], starts: list[int], owners: list[int]
) -> int | None:
    """The meeting a quotation belongs to: the meeting whose stretch of text holds it when its speaker
    takes part in it, else the one its speaker takes part in (the first one told after it, else the
    last before), else the meeting whose stretch of text holds it. ``firsts`` is each meeting's first
    sentence and its people."""
    k = bisect.bisect_right(starts, q.start) - 1
    here = owners[k] if owners and k >= 0 else None
    if here is not None and q.person is not None and q.person in firsts[here][1]:
        return here
    idx = None
    for k, (first, persons) in enumerate(firsts):
        if q.person is not None and q.person in persons:
            idx = k
            if first > q.start:
                break
    if idx is None and owners:
        k = bisect.bisect_right(starts, q.start) - 1
        idx = owners[k] if k >= 0 else None
    return idx


def extract_doc(
    doc: Doc,
    meta: ArticleMeta,
    taxonomy: Sequence[TopicSpec],
    original: str | None = None,
    known: KnownPeople | None = None,
) -> Extraction:
    """The meetings and quotes of one parsed article. ``doc.text`` is the article as parsed (the
    dateline blanked, every offset kept); ``original`` is the text as read, for the dateline."""
    text = doc.text
    spans = tuple((s - 1, e + 1) for s, e in quotes.find_quote_spans(text, meta.body_start))
    article = Article(doc, meta, spans, filed_place(original if original is not None else text, meta), text)
    people = coref.cluster(doc, names.find_names(doc))
    aff = affiliation.resolve(article, people, known)
    aff.update(affiliation.from_rounds(rounds.calls(frames.Context(article, people, aff))[1], aff))
    ctx = frames.Context(article, people, aff, coref.turn_speakers(doc, people))
    private = {p.id for p in people.persons if p.private}
    titles = {p.id: p.title for p in people.persons}
    found = _frames(ctx)
    leads = {p.person: (p.state, p.org) for f in found for p in f.parties if p.rule == "party.led_by"}
    aff.update(affiliation.from_leaders(leads, aff))
    states = {p: a.state or a.org for p, a in aff.items()}
    drafts = merge.join(found, article.published, states, private, titles)
    drafts = merge.same_day_dated(_with_lead_time(_with_scene(drafts, ctx), ctx))
    aff = _complete(drafts, aff, article.publisher)
    drafts = [d for d in drafts if _valid(d, aff, article.publisher)]
    meetings = [_meeting(d, people, aff) for d in drafts]
    starts, owners, seg_text = _segments(article, meetings)
    meetings = [
        MeetingResult(**{**m.__dict__, "topics": topics_in(" ".join(seg_text[k]), taxonomy)})
        for k, m in enumerate(meetings)
    ]
    found = quotes.find(article, people, aff)
    firsts = [(min(s for s, _ in d.evidence), frozenset(d.persons)) for d in drafts]
    results = []
    for q in found:
        tok = article.token_at(q.start)
        context = tok.sent.text if tok is not None else ""
        results.append(
            QuoteResult(
                text=text[q.start : q.end],
                speaker=q.speaker,
                speaker_country=q.speaker_country,
                meeting=_quote_meeting(q, firsts, starts, owners),
                topics=topics_in(text[q.start : q.end] + " " + context, taxonomy),
                start=q.start,
                end=q.end,
                speaker_is_person=q.person is not None,
                rules=q.rules,
            )
        )
    return Extraction(article=meta, meetings=tuple(meetings), quotes=tuple(results))


# --- streams of texts --------------------------------------------------------------------------------


def _sanitise(text: str) -> str:
    # Lone surrogates and NUL bytes can break the tokenizer or the serialisation between worker
    # processes; the replacement keeps every character offset in place.
    if any("\ud800" <= ch <= "\udfff" or ch == "\x00" for ch in text):
        text = "".join(" " if ("\ud800" <= ch <= "\udfff" or ch == "\x00") else ch for ch in text)
    return text


def for_parser(text: str, meta: ArticleMeta, max_chars: int = MAX_CHARS) -> str:
    """The text the parser reads: cut to size, unparseable characters and the dateline blanked with
    spaces, so that every character offset stays that of the text as read."""
    text = _sanitise(text[:max_chars])
    end = dateline_end(text, meta.body_start)
    if end > meta.body_start:
        text = text[: meta.body_start] + " " * (end - meta.body_start) + text[end:]
    return text


def cut_warning(length: int, max_chars: int) -> str:
    """What an Extraction says when its text was longer than the parser reads."""
    return f"only the first {max_chars:,} of its {length:,} characters were read"


def _prepared(
    texts: Iterable[str], max_chars: int
) -> Iterator[tuple[str, tuple[str, ArticleMeta, tuple[str, ...]]]]:
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"an article is text, not {type(text).__name__}")
        warnings = (cut_warning(len(text), max_chars),) if len(text) > max_chars else ()
        meta = parse_article(text)
        yield for_parser(text, meta, max_chars), (text, meta, warnings)


def _one(
    doc: Doc, text: str, meta: ArticleMeta, warnings, taxonomy, errors: str, k: int, known
) -> Extraction:
    try:
        ex = extract_doc(doc, meta, taxonomy, original=text, known=known)
    except Exception as exc:
        if errors == "raise":
            raise
        # Recorded with the article (which is then stored as failed), and logged with it.
        logger.exception("extraction failed on text %d (%s)", k, meta.title or text[:60])
        return Extraction(article=meta, warnings=warnings, error=f"{type(exc).__name__}: {exc}")
    return Extraction(ex.article, ex.meetings, ex.quotes, (*ex.warnings, *warnings))


def extract_texts(
    texts: Iterable[str],
    *,
    nlp: Language,
    taxonomy: Sequence[TopicSpec],
    batch_size: int = 16,
    n_process: int = 1,
    errors: str = "raise",
    known: KnownPeople | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Extraction]:
    """One Extraction per text, in order, through ONE ``nlp.pipe`` stream (``as_tuples`` carries each
    text's metadata). With ``errors="raise"`` a failure of the extractor raises (tests, ``extract``);
    with ``errors="record"`` it is logged and the Extraction carries it in ``error`` (ingestion, which
    stores that article as failed and goes on). Only the first ``max_chars`` characters of a text are
    parsed (at most the pipeline's ``MAX_CHARS``), and its Extraction warns when it was longer."""
    if errors not in ("raise", "record"):
        raise ValueError(f"errors must be 'raise' or 'record', not {errors!r}")
    if not 0 < max_chars <= MAX_CHARS:
        raise ValueError(f"max_chars must be between 1 and {MAX_CHARS}, not {max_chars!r}")
    stream = nlp.pipe(_prepared(texts, max_chars), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for k, (doc, (text, meta, warnings)) in enumerate(stream):
        yield _one(doc, text, meta, warnings, taxonomy, errors, k, known)


def extract_text(text: str, *, nlp: Language, taxonomy: Sequence[TopicSpec], **kw) -> Extraction:
    return next(extract_texts([text], nlp=nlp, taxonomy=taxonomy, batch_size=1, **kw))
