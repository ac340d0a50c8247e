"""Trips: where a traveller's talks are held when the sentence of the talks does not say.

- "There, on Wednesday, he held talks with ...": the place the sentence before travelled to.
- "During his visit to Tokyo, Wang met ...", "on a tour of Africa ... in Nairobi": the trip's place in
  the same sentence.
- "Goyal is due to travel to Brussels next month for the final round of negotiations": travel abroad
  for talks is a meeting of the traveller there, though the sentence names no other side.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from . import lexicon, modality
from .frames import Context, Frame, Party
from .parties import parties_of
from .setting import Place, When, place_at, time_spans, when_at, when_of, where_of
from .syntax import conjuncts, reference_clause, subjects
from .triggers import Trigger, TriggerSpec
from .types import RuleHit

_MEETING_NOUNS = frozenset(r[0].lstrip("=") for r in lexicon.rows("triggers.tsv") if r[1] == "NOUN")


def _trip_words(pos: str) -> frozenset[str]:
    return frozenset(r[0] for r in lexicon.rows("trip_words.tsv") if r[1] == pos)


def _destination(tok: Token) -> tuple[Place, Token] | None:
    """The place a travel word goes to: "travelled to Brussels", "arrived in Addis Ababa", "visited Tokyo",
    "his visit to Tokyo", "a tour of Africa"."""
    preps = {"to", "in", "at"} if tok.pos_ in ("VERB", "AUX") else {"to", "of"}
    objs = [
        o
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in preps
        for o in c.children
        if o.dep_ == "pobj"
    ]
    if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() == "visit":
        objs += [c for c in tok.children if c.dep_ in ("dobj", "obj")]
    for o in objs:
        hit = place_at(o)
        if hit:
            return Place(hit[0], hit[1], "where.trip", o.idx, o.idx + len(o.text)), o
    return None


def _travels(sent: Span) -> list[tuple[Token, Place]]:
    verbs, nouns = _trip_words("verb"), _trip_words("noun")
    out = []
    for t in sent:
        lem = lexicon.forms(t.lemma_, t.lower_)
        is_travel = (
            (t.pos_ in ("VERB", "AUX") and lem & verbs)
            or (t.pos_ == "NOUN" and lem & nouns)
            or t.lemma_.lower() == "visit"
        )
        if is_travel and not reference_clause(t):
            hit = _destination(t)
            if hit:
                out.append((t, hit[0]))
    return out


def _traveller(tok: Token, ctx: Context) -> set[int]:
    """The people who make a trip: the subjects of the travel verb, or of the verb a trip noun hangs from."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return {p.person for s in subjects(verb) for p in parties_of(s, ctx, "agent") if p.person is not None}


def _there(frame: Frame, ctx: Context) -> bool:
    tok = ctx.article.doc[frame.trigger.i]
    sent = tok.sent
    return any(t.lower_ == "there" and t.dep_ == "advmod" for t in sent if not ctx.article.in_quote(t.idx))


def _previous(sent: Span) -> Span | None:
    return sent.doc[sent.start - 1].sent if sent.start > 0 else None


def _with_place(frame: Frame, place: Place, rule: str) -> Frame:
    place = replace(place, rule=rule)
    return replace(frame, where=place, rules=frame.rules + (RuleHit(rule, place.start, place.end),))


def place_frames(frames: list[Frame], ctx: Context) -> list[Frame]:
    """The frames with the place a trip gives them, where their own sentence names none."""
    out = []
    for f in frames:
        if f.where is not None or f.is_call:
            out.append(f)
            continue
        sent = ctx.article.doc[f.trigger.i].sent
        here = [p for t, p in _travels(sent) if t.i != f.trigger.i]
        prev = _previous(sent)
        tok = ctx.article.doc[f.trigger.i]
        if here:
            f = _with_place(f, here[0], "where.trip_same_sentence")
        elif ctx.article.filed and any(c.lower_ == "here" for c in tok.children):
            # "we met here": where the transcript or readout was filed
            city, state = ctx.article.filed
            f = _with_place(
                f, Place(city, state, "where.here", tok.idx, tok.idx + len(tok.text)), "where.here"
            )
        elif prev is not None and _there(f, ctx):
            back = _travels(prev)
            if back:
                f = _with_trip_time(_with_place(f, back[-1][1], "where.there"), back[-1][0], ctx)
        elif prev is not None:
            # "X returned from travel to Saudi Arabia today. X met with ...": the trip the sentence
            # before told of the same traveller.
            back = [(t, p) for t, p in _travels(prev) if _traveller(t, ctx) & set(f.persons)]
            if back:
                f = _with_trip_time(_with_place(f, back[-1][1], "where.trip_before"), back[-1][0], ctx)
        out.append(f)
    return out


def _trip_ends(travel: Token) -> bool:
    """ "returned from a trip to Riyadh", "flew home from Tokyo": the end of the trip, not its time."""
    node = travel
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            ends = lexicon.forms(node.lemma_, node.lower_) & lexicon.words("trip_end_verbs.txt")
            if ends and (node.lemma_.lower() not in ("fly", "come") or _home_or_back(node)):
                return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _home_or_back(verb: Token) -> bool:
    return any(c.lower_ in ("home", "back") for c in verb.children)


def _with_trip_time(frame: Frame, travel: Token, ctx: Context) -> Frame:
    """ "Earlier this month X travelled to Paris. There he met Y": talks on the trip the sentence before
    told, with no time of their own, are held in the trip's time."""
    if frame.when is not None or _trip_ends(travel):
        return frame
    when = when_at(travel, ctx.article, "when.trip_before")
    if when is None:
        return frame
    return replace(frame, when=when, rules=frame.rules + (RuleHit(when.rule, when.start, when.end),))


_TRAVEL_FOR = TriggerSpec("travel", "VERB", "visit", "visit", "with")


def _purpose_is_talks(verb: Token) -> bool:
    """ "for talks", "for the final round of negotiations" (a "visit" is the trip itself, not its purpose)."""
    return any(
        x.pos_ in ("NOUN", "PROPN") and lexicon.forms(x.lemma_, x.lower_) & (_MEETING_NOUNS - {"visit"})
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "for"
        for x in c.subtree
    )


def travel_for_talks(ctx: Context, state_of) -> list[Frame]:
    """Frames for "X is due to travel to Brussels next month for ... negotiations": the traveller's
    talks abroad, when the traveller's state is known and the place lies outside it."""
    out = []
    verbs = _trip_words("verb")
    for sent in ctx.article.sentences:
        for t in sent:
            if (
                t.pos_ != "VERB"
                or not lexicon.forms(t.lemma_, t.lower_) & verbs
                or ctx.article.in_quote(t.idx)
            ):
                continue
            dest = _destination(t)
            if dest is None or not _purpose_is_talks(t):
                continue
            agents = [p for s in subjects(t) for p in parties_of(s, ctx, "agent") if p.person is not None]
            if not agents or any(state_of(p.person) in (None, dest[0].state) for p in agents):
                continue
            when = next(
                (
                    When(" ".join(s.text.split()), s.start_char, s.end_char, "when.travel", False)
                    for s in time_spans(sent, ctx.article)
                    if s.root.head.i == t.i or s.root.i in [c.i for c in t.children]
                ),
                None,
            )
            mod = modality.of_trigger(t, tuple(when.text.split()) if when else ())
            rules = (
                RuleHit("trips.travel_for_talks", t.idx, t.idx + len(t.text)),
                RuleHit(mod.rule, t.idx, t.idx),
            )
            out.append(
                Frame(
                    Trigger(t.i, _TRAVEL_FOR),
                    sent.start_char,
                    sent.end_char,
                    tuple(agents),
                    when,
                    dest[0],
                    mod,
                    False,
                    False,
                    False,
                    False,
                    rules,
                )
            )
    return out


def _lead(ctx: Context) -> Span | None:
    """The first sentence of the body with a verb (a dateline the parser splits off is none)."""
    body = [s for s in ctx.article.sentences if s.start_char >= ctx.article.meta.body_start]
    return next((s for s in body if any(t.pos_ in ("VERB", "AUX") for t in s)), None)


def scene(ctx: Context) -> Place | None:
    """Where the story's main meeting is held when none of its sentences says: the place of a meeting
    word in the lead ("... during a high-level dialogue in the Chinese capital"), else the dateline's
    city ("NAIROBI —")."""
    lead = _lead(ctx)
    if lead is not None:
        for t in lead:
            if t.pos_ in ("NOUN", "PROPN") and lexicon.forms(t.lemma_, t.lower_) & _MEETING_NOUNS:
                place = where_of(t, ctx.article)
                if place is not None:
                    return replace(place, rule="where.lead_scene")
    filed = ctx.article.filed
    if filed is not None:
        return Place(
            filed[0], filed[1], "where.dateline", ctx.article.meta.body_start, ctx.article.meta.body_start
        )
    return None


def _reference_point(noun: Token) -> bool:
    """ "ahead of Friday's summit", "after the talks", "since the summit": another event the clause is
    timed by, not the main meeting."""
    prep = noun.head if noun.dep_ == "pobj" else None
    if prep is None:
        return False
    if prep.lower_ == "of" and prep.head.lower_ in ("ahead", "prior"):
        return True
    return prep.lower_ in ("before", "after", "since", "until", "following", "ahead")


def lead_time(ctx: Context, call: bool | None) -> When | None:
    """When the story's main meeting is held when none of its sentences says: the time of a meeting word
    in the lead ("... agreed on Tuesday in a video call"), when it is a call as the main meeting is (or
    in person as it is), else the time of the lead's own clause."""
    lead = _lead(ctx)
    if lead is None:
        return None
    cues = lexicon.words("call_cues.txt")
    for t in lead:
        if t.pos_ not in ("NOUN", "PROPN") or not lexicon.forms(t.lemma_, t.lower_) & _MEETING_NOUNS:
            continue
        is_call = t.lemma_.lower() in ("call", "videoconference", "teleconference") or any(
            c.lower_ in cues for c in t.children
        )
        if (call is not None and is_call != call) or _reference_point(t):
            continue
        when = when_of(t, lead, ctx.article)
        if when is not None:
            return replace(when, rule="when.lead_scene")
    # "Finance ministers warned on Tuesday that ...": the time of the lead's own clause, when its subject is a
    # side of talks (people, states, "leaders"), unless it ends a trip ("returned from Riyadh today").
    if _trip_ends(lead.root) or not any(_side_like(s, ctx) for s in subjects(lead.root)):
        return None
    return when_at(lead.root, ctx.article, "when.lead_root")


def _side_like(subj: Token, ctx: Context) -> bool:
    words = lexicon.words("party_nouns.txt") | lexicon.words("group_words.txt")
    return bool(parties_of(subj, ctx, "agent")) or bool(lexicon.forms(subj.lemma_, subj.lower_) & words)


_PURPOSE_VERBS = {"discuss", "meet", "hold", "negotiate", "talk", "review", "sign", "attend", "seek"}


def _for_talks(verb: Token) -> bool:
    """Whether a visit is for talks: "for talks on ...", "to discuss ...", "to meet ..."."""
    if _purpose_is_talks(verb):
        return True
    return any(
        c.dep_ in ("advcl", "xcomp")
        and lexicon.forms(c.lemma_, c.lower_) & _PURPOSE_VERBS
        and any(a.lower_ == "to" for a in c.children)
        for c in verb.children
    )


def state_visits(ctx: Context) -> list[Frame]:
    """ "X will visit Japan, China and South Korea next week for talks on ...": a visit abroad for talks
    is one meeting with each state visited, held where the visitor goes."""
    out = []
    for sent in ctx.article.sentences:
        for t in sent:
            if (
                t.pos_ != "VERB"
                or t.lemma_.lower() != "visit"
                or ctx.article.in_quote(t.idx)
                or not _for_talks(t)
            ):
                continue
            agents = [p for s in subjects(t) for p in parties_of(s, ctx, "agent") if p.person is not None]
            states = {ctx.affiliations[p.person].state for p in agents if p.person in ctx.affiliations}
            objs = [c for o in t.children if o.dep_ in ("dobj", "obj") for c in conjuncts(o)]
            places = [hit for o in objs if (hit := place_at(o)) is not None and hit[1] not in states]
            if not agents or len(places) < 2:
                continue  # one place visited is the trip of the talks the sentence tells (see place_frames)
            when = next(
                (
                    When(" ".join(s.text.split()), s.start_char, s.end_char, "when.visit", False)
                    for s in time_spans(sent, ctx.article)
                    if s.root.head.i == t.i
                ),
                None,
            )
            mod = modality.of_trigger(t, tuple(when.text.split()) if when else ())
            for city, state, _rule in places:
                parties = (
                    *agents,
                    Party("state", state=state, token=t.i, rule="trips.state_visited", role="partner"),
                )
                place = Place(city, state, "where.visited", t.idx, t.idx + len(t.text))
                rules = (
                    RuleHit("trips.state_visit", t.idx, t.idx + len(t.text)),
                    RuleHit(mod.rule, t.idx, t.idx),
                )
                out.append(
                    Frame(
                        Trigger(t.i, _TRAVEL_FOR),
                        sent.start_char,
                        sent.end_char,
                        parties,
                        when,
                        place,
                        mod,
                        False,
                        False,
                        True,
                        False,
                        rules,
                    )
                )
    return out
