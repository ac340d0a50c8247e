"""When and where a frame's meeting is held, read from the parse.

- when: a time expression attached to the trigger or its light verb (its own time), or to the verb that
  holds it ("plans to meet on Monday", "travelled to Brussels next month for talks");
- where: "in"/"at" a place attached the same way, the place visited, a place named on the noun ("the
  Geneva talks"), the setting of a summit ("on the sidelines of the G20 summit in Rio"), a seat of
  government ("at the Kremlin"), and the place a relative clause hangs from ("Berlin, where he held talks").
A place inside another noun's phrase ("the war in Ukraine") is no place of the meeting: it hangs from that noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from . import dates, geo, lexicon
from .article import Article
from .syntax import arguments, entities_in, entity_of, light_verb
from .triggers import object_is_matter


@dataclass(frozen=True)
class Place:
    city: str | None
    state: str
    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class When:
    text: str
    start: int
    end: int
    rule: str
    own: bool  # the trigger's own time (a span of days is then the meeting's own span)


def _anchors(trig: Token) -> tuple[set[int], set[int]]:
    """The tokens a date or place of the trigger's event hangs from: the trigger and its light verb (its
    own), and the verbs that hold it ("plans to meet", "travelled to Brussels for talks") unless they
    report speech ("said on Tuesday after the meeting")."""
    own = {trig.i}
    lv = light_verb(trig)
    if lv is not None:
        own.add(lv.i)
    # "discussed the situation in Syria": the object of a verb of talking is its matter, not a party
    own |= {a.i for h in (trig, lv) if h is not None for a in arguments(h, objects=not object_is_matter(h))}
    head = trig.head
    if (
        lv is None
        and trig.dep_ == "nsubj"
        and head.pos_ in ("VERB", "AUX")
        and lexicon.forms(head.lemma_, head.lower_) & lexicon.words("event_verbs.txt")
    ):
        own.add(head.i)  # "Talks opened in Geneva on Monday"
    if trig.dep_ == "acl" and head.dep_ == "ROOT" and head.pos_ == "PROPN" and head.ent_type_ == "PERSON":
        # "Reyes called X today" read as "a Reyes called X": the parser made the subject the root and
        # hung the verb's own words ("today", "in Tokyo") from it
        own.add(head.i)
    wider = set(own)
    node = lv if lv is not None else trig
    for _ in range(4):
        if node.dep_ not in ("xcomp", "pobj", "prep", "advcl", "conj") or node.head.i == node.i:
            break
        node = node.head
        reports = lexicon.forms(node.lemma_, node.lower_) & lexicon.words("report_verbs.txt")
        if node.pos_ in ("VERB", "AUX") and reports:
            break
        wider.add(node.i)
    # "discussed reviving the talks on Tuesday": the clause a verb of talks takes as its object.
    wider |= {c.i for c in (lv or trig).children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"}
    return own, wider


def _attached(tok: Token, anchors: set[int], span: set[int]) -> bool:
    """Whether ``tok`` hangs from one of ``anchors`` before it hangs from another verb."""
    node = tok
    for _ in range(10):
        if node.i in anchors:
            return True
        if node.pos_ in ("VERB", "AUX") and node.i not in span and node.i != tok.i:
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def time_spans(sent: Span, article: Article) -> list[Span]:
    """The time expressions of a sentence: the model's dates, and what the patterns of ``dates`` find."""
    doc = sent.doc
    found: list[Span] = [e for e in entities_in(sent) if e.label_ in ("DATE", "TIME")]
    for a, b in dates.expressions(sent.text):
        span = doc.char_span(sent.start_char + a, sent.start_char + b, alignment_mode="expand")
        if span is not None:
            found.append(span)
    # Of overlapping expressions the longest ("earlier in the day" over the model's "the day").
    found.sort(key=lambda s: (-(s.end - s.start), s.start))
    out: list[Span] = []
    for span in found:
        if not any(span.start < o.end and o.start < span.end for o in out):
            out.append(span)
    return [
        s
        for s in sorted(out, key=lambda s: s.start)
        if not article.in_quote(s.start_char) and dates.is_point(s.text)
    ]


def _through_trip(tok: Token, anchors: set[int]) -> bool:
    """Whether ``tok`` hangs from a trip noun ("visit", "tour") on its way to the trigger's words."""
    node = tok
    for _ in range(10):
        if node.i in anchors or node.head.i == node.i:
            return False
        node = node.head
        if (
            node.pos_ == "NOUN"
            and node.i not in anchors
            and lexicon.forms(node.lemma_, node.lower_) & _travel_words()
        ):
            return True
    return False


def _day_of(text: str, article: Article) -> bool:
    hit = dates.resolve(text, article.published)
    return hit is not None and bool(hit.date.day)


def when_of(trig: Token, sent: Span, article: Article) -> When | None:
    own, wider = _anchors(trig)
    best = None
    for span in time_spans(sent, article):
        ids = set(range(span.start, span.end))
        if span.root.dep_ == "poss" and span.root.head.i != trig.i:
            continue  # "met him ahead of Friday's summit": the day of another event
        for anchors, is_own in ((own, True), (wider, False)):
            if _attached(span.root, anchors, ids):
                # "during his visit to Ghana on June 3-5, he met ...": the trip's days, not the talks' own
                is_own = is_own and not _through_trip(span.root, anchors)
                # "met him for the second time this year on Monday": the day over the year
                rank = (0 if is_own else 1, 0 if _day_of(span.text, article) else 1, abs(span.start - trig.i))
                if best is None or rank < best[0]:
                    best = (
                        rank,
                        When(
                            " ".join(span.text.split()),
                            span.start_char,
                            span.end_char,
                            "when.own" if is_own else "when.clause",
                            is_own,
                        ),
                    )
                break
    return best[1] if best else None


def when_at(head: Token, article: Article, rule: str) -> When | None:
    """The time expression that hangs from ``head`` ("travelled to Paris earlier this month")."""
    for span in time_spans(head.sent, article):
        if span.root.dep_ == "poss" and span.root.head.i != head.i:
            continue  # "ahead of Friday's summit": the day of another event
        if _attached(span.root, {head.i}, set(range(span.start, span.end))):
            return When(" ".join(span.text.split()), span.start_char, span.end_char, rule, False)
    return None


_AFTER = {"after", "following", "before"}
_LONG = {"days", "weeks", "months", "years", "day", "week", "month", "year"}


def when_of_event_before(trig: Token, article: Article) -> When | None:
    """ "The flooding earlier this month ... Sato phoned Mensah hours after the flooding": talks
    timed by an event the sentence refers back to take that event's time (not after "days after")."""
    own, _ = _anchors(trig)
    doc = trig.doc
    heads = [doc[i] for i in sorted(own)]
    heads += [c for h in heads for c in h.children if c.dep_ in ("npadvmod", "advmod")]  # "hours after"
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in _AFTER or doc[max(prep.i - 1, 0)].lower_ in _LONG:
                continue
            for event in (o for o in prep.children if o.dep_ == "pobj" and o.pos_ == "NOUN"):
                if not any(c.lower_ in ("that", "the", "this") for c in event.children):
                    continue
                when = _time_of_noun(event, article)
                if when is not None:
                    return when
    return None


def _time_of_noun(event: Token, article: Article) -> When | None:
    """The time of the last mention of ``event``'s noun in the two sentences before its own."""
    doc = event.doc
    sent = event.sent
    first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    first = doc[first - 1].sent.start if first > 0 else first
    for t in reversed(doc[first : sent.start]):
        if t.lemma_ != event.lemma_ or t.pos_ != "NOUN":
            continue
        anchors = {t.i} | ({t.head.i} if t.dep_ in ("nsubj", "nsubjpass", "dobj") else set())
        for span in time_spans(t.sent, article):
            if _attached(span.root, anchors, set(range(span.start, span.end))):
                return When(
                    " ".join(span.text.split()), span.start_char, span.end_char, "when.event_before", False
                )
        return None
    return None


def when_of_relative(trig: Token, article: Article) -> When | None:
    """ "X made the appeal last Tuesday in Al-Arish, where he hosted ...": a meeting told in a
    where-clause is held at the time of the clause its place belongs to."""
    node = trig
    for _ in range(4):
        if node.dep_ == "relcl" and _where_clause(node):
            verb = node.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            for span in time_spans(trig.sent, article):
                if _attached(span.root, {verb.i}, set(range(span.start, span.end))):
                    return When(
                        " ".join(span.text.split()),
                        span.start_char,
                        span.end_char,
                        "when.relative_where",
                        False,
                    )
            return None
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def when_of_antecedent(subject: Token, article: Article) -> When | None:
    """The time of the clause whose subject a meeting noun refers back to: "Sato and Lee agreed
    yesterday to ... The summit in Andong ..." is yesterday's."""
    verb = subject.head
    for span in time_spans(subject.sent, article):
        if _attached(span.root, {verb.i}, set(range(span.start, span.end))):
            return When(
                " ".join(span.text.split()), span.start_char, span.end_char, "when.antecedent_clause", False
            )
    return None


def place_of_phrase(tokens: list[Token]) -> tuple[str | None, str, str] | None:
    """(city, state, rule) of a place phrase: a seat of government ("the Kremlin"), a city, a state's
    capital by its adjective ("the Chinese capital"), or a state alone."""
    if not tokens:
        return None
    doc = tokens[0].doc
    text = doc[tokens[0].i : tokens[-1].i + 1].text
    text = re.sub(r"^(?:the|a)\s+", "", " ".join(text.split()), flags=re.I)
    mark = geo.landmark(text)
    if mark is not None:
        return mark[0], mark[1], "where.landmark"
    city = geo.city_lookup(text)
    if city is not None:
        return city[0], city[1], "where.city"
    m = re.match(r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) capital$", text)
    if m and geo.state_of_adjective(m[1]):
        code = geo.state_of_adjective(m[1])
        cap = geo.capital_of(code)
        return (cap, code, "where.capital") if cap else None
    code = geo.state_of_name(text)
    return (None, code, "where.state") if code else None


def place_at(pobj: Token) -> tuple[str | None, str, str] | None:
    """The place a preposition's object names: the phrase itself, else a place named inside it
    ("Sato's home city of Nara", "the southern port of Odesa")."""
    hit = place_of_phrase(place_tokens(pobj))
    if hit is None:
        # "Istanbul's Dolmabahce Palace", "Moscow's Vnukovo airport": a building of the city that owns it
        owner = next((c for c in pobj.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        city = geo.city_lookup(owner.text) if owner is not None else None
        if city is not None:
            return city[0], city[1], "where.city_of_building"
    if hit is not None or pobj.lemma_.lower() not in lexicon.words("place_nouns.txt"):
        return hit
    inner = [
        t
        for t in pobj.subtree
        if t.i != pobj.i and t.ent_type_ in ("GPE", "LOC", "FAC") and t.ent_iob_ == "B"
    ]
    for t in inner:
        hit = place_of_phrase(place_tokens(t))
        if hit is not None:
            return hit
    return None


def place_tokens(pobj: Token) -> list[Token]:
    """The words of a place phrase: its entity, else the noun with its compounds and "of" phrase."""
    if pobj.dep_ == "compound":
        return [t for t in pobj.subtree if t.dep_ == "compound" or t.i == pobj.i]
    ent = entity_of(pobj)
    ent = ent if ent is not None and ent.label_ in ("GPE", "LOC", "FAC", "ORG") else None
    if ent is not None:
        return list(ent)
    clause = {x.i for c in pobj.children if c.dep_ in ("relcl", "acl", "appos") for x in c.subtree}
    return [
        t
        for t in pobj.subtree
        if t.i not in clause
        and (t.i <= pobj.i or t.dep_ in ("prep", "pobj", "compound") and t.i - pobj.i <= 4)
    ]  # "Accra, where on Monday ...": the clause is no part of the place


_PLACE_PREPS = {"in", "at", "inside", "near"}


def _travel_words() -> frozenset[str]:
    return frozenset(r[0] for r in lexicon.rows("trip_words.tsv"))


def _place_preps(head: Token, travel: bool) -> list[Token]:
    preps = _PLACE_PREPS | ({"to"} if travel else set())
    return [
        o
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in preps
        for o in c.children
        if o.dep_ == "pobj"
    ]


def _setting_place(head: Token) -> tuple[str | None, str, str, Token] | None:
    """ "on the sidelines of the G20 summit in Rio", "at a conference in Munich": the setting's place."""
    for c in head.children:
        if c.dep_ != "prep" or c.lower_ not in ("on", "at", "during"):
            continue
        for o in c.children:
            nodes = [o] + [x for p in o.children if p.lower_ == "of" for x in p.children if x.dep_ == "pobj"]
            for n in nodes:
                for p in _place_preps(n, travel=False):
                    hit = place_at(p)
                    if hit:
                        return hit[0], hit[1], "where.setting", p
    return None


def _where_clause(relcl: Token) -> bool:
    """A relative clause opened by "where" ("Accra, where on Monday she hosted ...", where the
    parser may hang "where" from another word of the clause)."""
    return any(c.lower_ == "where" for c in relcl.children) or relcl.left_edge.lower_ == "where"


def _relative_place(trig: Token) -> tuple[str | None, str, str, Token] | None:
    """ "... travelled to Berlin, where he held talks": the place a where-clause hangs from."""
    node = trig
    for _ in range(4):
        if node.dep_ == "relcl" and _where_clause(node):
            hit = place_at(node.head)
            return (hit[0], hit[1], "where.relative", node.head) if hit else None
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def where_of(trig: Token, article: Article) -> Place | None:
    own, wider = _anchors(trig)
    doc = trig.doc
    for anchors, suffix in ((own, ""), (wider, "")):
        for i in sorted(anchors, key=lambda k: abs(k - trig.i)):
            head = doc[i]
            travel = bool(lexicon.forms(head.lemma_, head.lower_) & _travel_words())
            objs = _place_preps(head, travel)
            if travel and head.pos_ in ("VERB", "AUX"):
                objs += [
                    c for c in head.children if c.dep_ in ("dobj", "obj")
                ]  # "visited Tokyo", "the White House"
            if head.i == trig.i and head.pos_ in (
                "NOUN",
                "PROPN",
            ):  # "the Geneva talks", "the Downing Street talks"
                objs += [
                    c
                    for c in head.children
                    if c.dep_ == "compound" and (c.ent_type_ in ("GPE", "LOC", "FAC") or c.pos_ == "PROPN")
                ]
            for o in objs:
                ent = entity_of(o) if o.ent_type_ == "PERSON" else None
                if ent is not None and len(ent) > 1:
                    continue  # "Sydney" of a person's name is no city (a lone "Lyon" the model calls a person is)
                if article.in_quote(o.idx):
                    continue
                hit = place_at(o)
                if hit:
                    return Place(hit[0], hit[1], hit[2] + suffix, o.idx, o.idx + len(o.text))
        for i in anchors:
            hit = _setting_place(doc[i])
            if hit:
                return Place(hit[0], hit[1], hit[2], hit[3].idx, hit[3].idx + len(hit[3].text))
        suffix = ".clause"
    hit = _relative_place(trig)
    if hit:
        return Place(hit[0], hit[1], hit[2], hit[3].idx, hit[3].idx + len(hit[3].text))
    return None
