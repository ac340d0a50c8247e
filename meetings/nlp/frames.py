"""One frame per trigger: who, with whom, when, where, how (in person or by call) and whether it happened.

``parties`` reads the sides, ``setting`` the time and the place, ``modality`` whether it took place; this
module puts them together, checks that the trigger has what its lexicon entry needs, and splits a
frame whose partners are several meetings ("held talks with A and, separately, with B").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from . import geo, lexicon, modality
from .parties import Context, Party, noun_parties, verb_parties
from .setting import (
    Place,
    When,
    place_of_phrase,
    when_of,
    when_of_antecedent,
    when_of_event_before,
    when_of_relative,
    where_of,
)
from .syntax import light_verb, reference_clause, setting_verb
from .triggers import Trigger
from .types import RuleHit

__all__ = ["Context", "Frame", "Party", "Place", "When", "build", "split"]


@dataclass(frozen=True)
class Frame:
    trigger: Trigger
    sent_start: int
    sent_end: int
    parties: tuple[Party, ...]
    when: When | None
    where: Place | None
    modality: modality.Modality
    is_call: bool | None  # True: a call; False: in person; None: the text does not say
    definite: bool  # "the talks", "their meeting": may refer to talks already reported
    new_event: bool  # "a separate meeting", "another call": never the one reported before
    passing: bool  # "they last met in June": an earlier meeting told in passing
    rules: tuple[RuleHit, ...] = field(default=())
    sidelines: bool = False  # "held talks on the sidelines": at the time and place of the main meeting
    named: bool = False  # a named event ("the Eastern Partnership Summit"): not the meeting told before

    @property
    def persons(self) -> tuple[int, ...]:
        out: list[int] = []
        for p in self.parties:
            if p.person is not None and p.person not in out:
                out.append(p.person)
        return tuple(out)


def _hit(rule: str, tok: Token) -> RuleHit:
    return RuleHit(rule, tok.idx, tok.idx + len(tok.text))


def _enough(trig: Trigger, tok: Token, agents: list[Party], partners: list[Party], call: bool) -> str | None:
    """Whether the trigger has what its lexicon entry needs; returns the rule that says so."""
    needs = trig.spec.needs
    groups = any(a.kind == "group" for a in agents)
    if needs in ("party", "with"):
        if partners:
            return f"needs.{needs}.partner"
        return f"needs.{needs}.subjects" if len(agents) >= 2 or groups else None
    if needs in ("object", "visit"):
        return f"needs.{needs}" if partners else None
    if needs == "noun_with":
        if partners:
            return "needs.noun_with.partner"
        return "needs.noun_with.call" if trig.kind == "call" and call and agents else None
    if (
        tok.tag_ in ("NNS", "NNPS")
        and not trig.spec.word.startswith("=")
        and not partners
        and light_verb(tok) is None
    ):
        return None  # "the Quad meetings of Japan, the United States ...": meetings in general
    return "needs.noun"


def _call_cue(heads: list[Token]) -> Token | None:
    """A word that makes the talks a call: "phone call", "spoke by telephone", "via video link", "virtual"."""
    cues = lexicon.words("call_cues.txt")
    for h in heads:
        for c in h.children:
            if c.lower_ in cues and c.dep_ in ("amod", "compound", "advmod", "nmod", "npadvmod"):
                return c
            if c.lower_ in ("by", "over", "via", "on", "through") and c.pos_ == "ADP":
                for o in c.subtree:
                    if o.lower_ in cues:
                        return o
    return None


def _in_person_or_call(trig: Trigger, cue: Token | None, where) -> bool | None:
    """A call (a call word, "spoke by phone"), in person ("met", "visited", "hosted", a place), or not
    said ("spoke with", "discussed with", "the talks")."""
    if trig.kind == "call" or cue is not None:
        return True
    if where is not None or trig.kind in ("visit", "host", "summit") or trig.spec.word == "meet":
        return False
    return None


def _flags(trig: Token) -> tuple[bool, bool, bool, bool]:
    """(definite, new_event, passing, sidelines) of a trigger: "the talks", "a separate meeting", "their
    previous summit", "last met", "held talks on the sidelines"."""
    verb = light_verb(trig) or trig
    definite = trig.pos_ in ("NOUN", "PROPN") and any(
        c.lower_ in ("the", "this", "that", "these", "those", "their", "his", "her", "its")
        for c in trig.children
        if c.dep_ in ("det", "poss")
    )
    mods = {c.lower_ for c in trig.children if c.dep_ in ("amod", "det", "advmod")}
    new_event = bool(mods & lexicon.words_with("event_cues.tsv", "cue", "another")) or any(
        c.lower_ == "separately" for c in verb.children
    )
    if _said_of_the_event(trig):
        # "It was Girma's second visit to Kenya": what the story's event is, not another one
        definite, new_event = True, False
    earlier = lexicon.words_with("event_cues.tsv", "cue", "earlier")
    passing = (
        bool(mods & earlier)
        or reference_clause(verb)
        or any(c.lower_ in earlier and c.dep_ == "advmod" for c in verb.children)
        # "Last time we met in this hall ...", "the previous time they met"
        or any(
            c.lemma_ == "time" and any(a.lower_ in earlier for a in c.children)
            for c in [*verb.children, *([verb.head] if verb.dep_ == "relcl" else [])]
        )
    )
    sidelines = any(
        _sidelines_of_main(o)
        for h in {trig, verb}
        for c in h.children
        if c.dep_ == "prep"
        for o in c.children
    )
    return definite, new_event, passing, sidelines


def _said_of_the_event(trig: Token) -> bool:
    """Whether a meeting noun is what "it" or "this" is ("It was their third meeting this year",
    "This is the first visit by ..."): the event told before, described."""
    head = trig.head
    return (
        trig.dep_ == "attr"
        and head.lemma_ == "be"
        and any(c.dep_ == "nsubj" and c.lower_ in ("it", "this", "that") for c in head.children)
    )


def _named_event(trig: Token) -> bool:
    """ "the December Eastern Partnership Summit", "the G20 summit": an event with a name of its own,
    whose mention does not refer to the meeting told before."""
    if trig.pos_ not in ("NOUN", "PROPN"):
        return False
    capital = trig.text[:1].isupper() and not trig.is_sent_start
    names = [c for c in trig.children if c.dep_ in ("compound", "amod", "nmod") and c.text[:1].isupper()]

    def place_or_side(c: Token) -> bool:  # "the Downing Street talks", "the US-China talks"
        words = [t for t in c.subtree if t.i < trig.i]
        return bool(geo.state_of_word(c.text) or geo.organization_of(c.text) or place_of_phrase(words))

    return capital or any(not place_or_side(c) for c in names)


def _sidelines_of_main(tok: Token) -> bool:
    """ "on the sidelines", "on the sidelines of the summit": of the meeting the article reports (not of
    another named event, "on the sidelines of the UN General Assembly")."""
    if tok.lower_ not in ("sidelines", "margins", "margin"):
        return False
    of = [o for c in tok.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    return (
        not of
        or any(c.lower_ in ("the", "this", "their") for c in of[0].children)
        and not any(c.dep_ in ("compound", "amod") and c.text[:1].isupper() for c in of[0].children)
    )


def build(trig: Trigger, ctx: Context) -> list[Frame]:
    """The frames of one trigger: none when it lacks what its entry needs, several when its partners are
    several meetings ("held talks with A and, separately, with B")."""
    frame = _frame(trig, ctx)
    if frame is None:
        return []
    return split(frame, ctx)


def _frame(trig: Trigger, ctx: Context) -> Frame | None:
    tok = ctx.article.doc[trig.i]
    sent = tok.sent
    is_verb = tok.pos_ in ("VERB", "AUX")
    agents, partners = verb_parties(tok, trig.spec, ctx) if is_verb else noun_parties(tok, trig.spec, ctx)
    lv = light_verb(tok)
    cue = _call_cue([tok] + ([lv] if lv is not None else []))
    enough = _enough(trig, tok, agents, partners, cue is not None)
    if enough is None:
        return None
    when = (
        when_of(tok, sent, ctx.article)
        or when_of_relative(tok, ctx.article)
        or when_of_event_before(tok, ctx.article)
    )
    antecedent = [p for p in agents if p.rule == "party.definite_antecedent"]
    if when is None and antecedent:
        when = when_of_antecedent(ctx.article.doc[antecedent[0].token], ctx.article)
    date_words = tuple(when.text.split()) if when else ()
    mod = modality.of_trigger(tok, date_words)
    if any(p.rule.startswith("party.setting_") for p in agents + partners):
        # "X will not meet Y during the G20 meeting": the meeting is the setting of a clause whose
        # people act; a clause that is denied or only urged or supposed denies it too, and its future
        # is the meeting's unless the meeting is happening now ("in the course of today's meeting we
        # will exchange ..." is held today)
        verb = setting_verb(tok)
        said = modality.of_trigger(verb, date_words) if verb is not None else None
        now = when is not None and when.own and modality.is_now(date_words)
        if said is not None and (not said.announced or (said.status == "planned" and not now)):
            mod = modality.stronger(mod, said)
    where = None if (trig.kind == "call" or cue is not None) else where_of(tok, ctx.article)
    is_call = _in_person_or_call(trig, cue, where)
    definite, new_event, passing, sidelines = _flags(tok)
    rules = [
        _hit(trig.rule, tok),
        RuleHit(enough, tok.idx, tok.idx + len(tok.text)),
        RuleHit(mod.rule, tok.idx, tok.idx),
    ]
    rules += [
        RuleHit(
            p.rule,
            ctx.article.doc[p.token].idx,
            ctx.article.doc[p.token].idx + len(ctx.article.doc[p.token].text),
        )
        for p in agents + partners
    ]
    if when:
        rules.append(RuleHit(when.rule, when.start, when.end))
    if where:
        rules.append(RuleHit(where.rule, where.start, where.end))
    if cue is not None:
        rules.append(_hit("call.cue", cue))
    return Frame(
        trig,
        sent.start_char,
        sent.end_char,
        tuple(agents + partners),
        when,
        where,
        mod,
        is_call,
        definite,
        new_event,
        passing,
        tuple(rules),
        sidelines,
        _named_event(tok),
    )


def _partner_groups(frame: Frame, ctx: Context) -> list[list[Party]]:
    """The partners of a frame in groups that are meetings of their own: one group per "with" phrase
    when the sentence says "separately"; else one group per state when the partners of one verb are of
    several states and nothing says they met together."""
    doc = ctx.article.doc
    partners = [p for p in frame.parties if p.role == "partner"]
    sent = doc[frame.trigger.i].sent
    words = {t.lower_ for t in sent}
    if words & {"separately", "separate"}:
        by_prep: dict[int, list[Party]] = {}
        for p in partners:
            prep = next((a.i for a in doc[p.token].ancestors if a.lower_ == "with"), -1)
            by_prep.setdefault(prep, []).append(p)
        if len(by_prep) >= 2:
            return list(by_prep.values())
        people = [p for p in partners if p.person is not None]
        if len(people) >= 2 and len(people) == len(partners):
            return [[p] for p in people]  # "met separately with A and B"
    if (
        words & lexicon.words_with("event_cues.tsv", "cue", "joint")
        or frame.trigger.kind == "summit"
        or doc[frame.trigger.i].pos_ not in ("VERB", "AUX")
    ):
        return [partners]
    # A traveller meeting unnamed officials of several states ("met with Saudi, Omani and Yemeni
    # officials") meets each apart; named people listed together met together.
    if frame.trigger.kind != "meet" or any(p.kind != "state" and p.kind != "org" for p in partners):
        return [partners]
    states: dict[str, list[Party]] = {}
    for p in partners:
        states.setdefault(p.state or p.org, []).append(p)
    return list(states.values()) if len(states) >= 2 else [partners]


def split(frame: Frame, ctx: Context) -> list[Frame]:
    groups = _partner_groups(frame, ctx)
    if len(groups) < 2:
        return [frame]
    agents = tuple(p for p in frame.parties if p.role == "agent")
    rule = RuleHit("frame.split_partners", frame.sent_start, frame.sent_start)
    return [
        replace(frame, parties=agents + tuple(g), new_event=True, rules=frame.rules + (rule,)) for g in groups
    ]
