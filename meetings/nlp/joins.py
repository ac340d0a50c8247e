"""People who join talks told in a clause of their own.

- "Dumont, who chaired the talks, was joined by Sato, Holm and Weber": the agents of a passive "join"
  whose subject is a side of talks in the same sentence take part in them.
- "Sato joined Dumont and Holm on the call": the subject of an active "join" whose object is a side.
- "Weber took part from Berlin." / "Weber also joined.": a person who takes part, with no meeting word
  in the sentence, takes part in the talks of the sentence before; so do the agents of "They were
  joined by ..." told right after the talks.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from .frames import Context, Frame, Party
from .parties import parties_of
from .syntax import objects, subjects
from .types import RuleHit

_JOIN = ("join",)
_TAKE_PART = ("participate", "join")


def _people(tokens: list[Token], ctx: Context, rule: str) -> list[Party]:
    return [
        replace(p, rule=rule, role="partner")
        for t in tokens
        for p in parties_of(t, ctx, "partner")
        if p.person is not None
    ]


def _span(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def _joiners(frame: Frame, ctx: Context) -> list[Party]:
    """The people a "join" verb of the frame's sentence adds to the frame's sides."""
    doc = ctx.article.doc
    sent = doc[frame.trigger.i].sent
    sides = {p.token for p in frame.parties} | {frame.trigger.i}
    out: list[Party] = []
    for t in sent:
        if t.pos_ != "VERB" or t.lemma_.lower() not in _JOIN or ctx.article.in_quote(t.idx):
            continue
        subj = subjects(t)
        by = objects(t, ("by",))
        if by and (any(c.dep_ == "auxpass" for c in t.children) or t.tag_ == "VBN"):
            if any(sides & _span(s) for s in subj):
                out += _people(by, ctx, "party.joined_by")
            continue
        objs = [c for c in t.children if c.dep_ in ("dobj", "obj")]
        if any(sides & _span(o) for o in objs):
            out += _people(subjects(t), ctx, "party.joined")
    return out


def _takes_part(verb: Token) -> bool:
    """ "took part", "participated", "joined" with no object of its own ("joined the government")."""
    low = verb.lemma_.lower()
    if verb.pos_ != "VERB":
        return False
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if low == "take":
        return len(objs) == 1 and objs[0].lower_ == "part" and not objects(objs[0], ("in",))
    if low in _TAKE_PART:
        return not objs and not objects(verb, ("in", "with", "by"))
    return False


def _took_part(frame: Frame, ctx: Context, taken: set[int]) -> list[Party]:
    """People of the sentence after the frame's who take part with no meeting word of their own."""
    doc = ctx.article.doc
    sent = doc[frame.trigger.i].sent
    if sent.end >= len(doc):
        return []
    nxt = doc[sent.end].sent
    root = nxt.root
    if root.i in taken or ctx.article.in_quote(root.idx):
        return []
    if _takes_part(root):
        return _people(subjects(root), ctx, "party.took_part")
    by = objects(root, ("by",))
    if root.lemma_.lower() in _JOIN and by and any(_refers_back(s, ctx) for s in subjects(root)):
        return _people(by, ctx, "party.joined_by_next")
    return []


def _refers_back(subj: Token, ctx: Context) -> bool:
    """ "They were joined by ...", "The two leaders were joined by ...": the sides told before."""
    return any(p.kind == "group" for p in parties_of(subj, ctx, "agent")) or subj.lower_ == "they"


def with_joiners(found: list[Frame], ctx: Context) -> list[Frame]:
    """The frames with the people who join them in a clause or a sentence of their own."""
    taken = {f.trigger.i for f in found}
    out = []
    for f in found:
        if f.passing or not f.modality.announced:
            out.append(f)
            continue
        known = set(f.persons)
        extra = []
        for p in _joiners(f, ctx) + _took_part(f, ctx, taken):
            if p.person not in known:
                known.add(p.person)
                extra.append(p)
        if extra:
            doc = ctx.article.doc
            hits = tuple(
                RuleHit(p.rule, doc[p.token].idx, doc[p.token].idx + len(doc[p.token].text)) for p in extra
            )
            f = replace(f, parties=f.parties + tuple(extra), rules=f.rules + hits)
        out.append(f)
    return out
