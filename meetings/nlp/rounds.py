"""Rounds of calls in a first-person address: "During the day, I spoke with the leaders of states. ...
Discussed with Prime Minister M the course of ... Thanked my friend E ... And also the President of
Switzerland." Each leader the address names after such an opener is a call of the publisher's
principal, on the opener's day; a leader named without a state takes the state the address named just
before ("India is a traditional world power. Discussed with Prime Minister M ..."). The round ends at a
sentence that opens another kind of round ("I spoke with the leaders of churches") or after two
sentences that name no leader.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from . import geo, lexicon, modality
from .frames import Context, Frame, Party
from .setting import When, when_of
from .syntax import entities_in
from .triggers import Trigger, TriggerSpec
from .types import RuleHit

_CALL = TriggerSpec("call", "NOUN", "call", "noun", "with")
# The heads of the "with" phrase of an opener: "the leaders of states", "my colleagues", "counterparts".
_ROUND_NOUNS = {"leader", "head", "counterpart", "colleague", "partner", "president"}
# What the leaders lead, when the opener says: states are a round of calls, churches are not.
_STATE_SCOPES = {"state", "country", "nation", "world", "government", "partner", "friend", "ally"}


@dataclass(frozen=True)
class _Opener:
    sent: Span
    when: When | None


def _opener(sent: Span, ctx: Context) -> tuple[bool, When | None] | None:
    """(whether it opens a round of state leaders, its time) for "I spoke with the leaders of states",
    None when the sentence opens no round."""
    for t in sent:
        if t.lemma_.lower() not in ("speak", "talk", "call", "hold", "have") or ctx.article.in_quote(t.idx):
            continue
        if not any(c.lower_ in ("i", "we") for c in t.children if c.dep_ == "nsubj"):
            continue
        heads = [o for c in t.children if c.lower_ == "with" for o in c.children if o.dep_ == "pobj"]
        for h in heads:
            if h.tag_ == "NNS" and h.lemma_.lower() in _ROUND_NOUNS:
                scope = [x for p in h.children if p.lower_ == "of" for x in p.subtree]
                of_states = not scope or any(x.lemma_.lower() in _STATE_SCOPES for x in scope)
                return of_states, when_of(t, sent, ctx.article)
    return None


def _leaders(sent: Span, ctx: Context, publisher: str) -> list[tuple[int | None, str | None, Token]]:
    """The leaders a sentence of a round names: (person, state, token) for a named person of another
    state ("Prime Minister of the Netherlands R", "my friend E"), (None, state, token) for an office
    named by its state only ("the President of Switzerland")."""
    out: list[tuple[int | None, str | None, Token]] = []
    doc = sent.doc
    for m in ctx.people.in_tokens(sent.start, sent.end - 1):
        a = ctx.affiliations.get(m.person)
        if ctx.article.in_quote(m.start) or ctx.people.get(m.person).private or (a and a.state == publisher):
            continue
        if a is not None and a.org:
            continue
        if all(p != m.person for p, _, _ in out):
            out.append((m.person, a.state if a else None, doc[m.last]))
    named = {t.i for _, _, t in out}
    for t in sent:
        if "office" not in lexicon.office_kinds().get(t.lower_, ()) or not t.text[:1].isupper():
            continue
        of = [x for c in t.children if c.lower_ == "of" for x in c.children if x.dep_ == "pobj"]
        if not of or any(i in named for i in range(t.i, of[0].right_edge.i + 2)):
            continue
        state = geo.state_of_name(doc[of[0].left_edge.i : of[0].right_edge.i + 1].text) or geo.state_of_word(
            of[0].text
        )
        if state and state != publisher and all(s != state for _, s, _ in out):
            out.append((None, state, t))
    return out


def _named_state(sent: Span, publisher: str) -> str | None:
    states = {geo.state_of_name(e.text) for e in entities_in(sent) if e.label_ == "GPE"} - {None, publisher}
    return next(iter(states)) if len(states) == 1 else None


def _call(
    sent: Span, person: int | None, state: str | None, tok: Token, when: When | None, publisher: str
) -> Frame:
    parties = [Party("publisher", state=publisher, token=tok.i, rule="rounds.publisher")]
    if person is not None:
        parties.append(Party("person", person=person, token=tok.i, rule="rounds.leader", role="partner"))
    else:
        parties.append(
            Party("state", state=state, token=tok.i, rule="rounds.office_of_state", role="partner")
        )
    rules = (
        RuleHit("rounds.call", tok.idx, tok.idx + len(tok.text)),
        *((RuleHit(when.rule, when.start, when.end),) if when else ()),
    )
    held = modality.Modality("held", "modality.round")
    return Frame(
        Trigger(tok.i, _CALL),
        sent.start_char,
        sent.end_char,
        tuple(parties),
        when,
        None,
        held,
        is_call=True,
        definite=False,
        new_event=False,
        passing=False,
        rules=rules,
    )


def calls(ctx: Context) -> tuple[list[Frame], dict[int, str], set[int]]:
    """The calls of the article's rounds, the states the rounds give leaders named without one, and the
    starts of the sentences that open a round (their own frame, with a group as its other side, is
    the round itself and no meeting)."""
    publisher = ctx.article.publisher
    if not publisher or not ctx.article.first_person:
        return [], {}, set()
    frames: list[Frame] = []
    states: dict[int, str] = {}
    openers: set[int] = set()
    current: _Opener | None = None
    quiet, last_state = 0, None
    for sent in ctx.article.sentences:
        opened = _opener(sent, ctx)
        if opened is not None:
            openers.add(sent.start_char)
            current = _Opener(sent, opened[1]) if opened[0] else None
            quiet, last_state = 0, None
            continue
        if current is None:
            continue
        leaders = _leaders(sent, ctx, publisher)
        if not leaders:
            quiet += 1
            last_state = _named_state(sent, publisher) or last_state
            if quiet > 2:
                current = None
            continue
        quiet = 0
        for person, state, tok in leaders:
            if person is not None and state is None and last_state is not None:
                states[person] = last_state
            frames.append(_call(sent, person, state, tok, current.when, publisher))
        last_state = None
    return frames, states, openers
