"""Candidate meeting expressions: the rows of ``lexicon/triggers.tsv`` found in a Doc.

The rows are looked up by their head word in an index (spaCy's Matcher, with one pattern per row and
form, cost more than the parse itself on long transcripts).

A trigger is only a candidate: ``frames`` decides whether it has the parties it needs. What this module
does leave out is a trigger word in a phrase of ``trigger_negatives.tsv`` ("meet the demand", "called
for talks", "called the talks constructive") and any trigger inside a quotation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from . import lexicon
from .quotes import OPENING_MARKS

_POS = {"VERB": ["VERB", "AUX"], "NOUN": ["NOUN", "PROPN"]}


@dataclass(frozen=True)
class TriggerSpec:
    word: str
    pos: str
    kind: str  # meet | call | visit | host | summit
    needs: str  # party | with | object | visit | noun | noun_with
    others: str = "with"  # the prepositions that bring the other side, comma separated

    @property
    def preps(self) -> tuple[str, ...]:
        return tuple(self.others.split(","))

    @property
    def rule(self) -> str:
        return f"trigger.{self.pos.lower()}.{self.word.lstrip('=').replace(' ', '_')}"


@dataclass(frozen=True)
class Trigger:
    i: int  # the token that heads the expression
    spec: TriggerSpec

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def rule(self) -> str:
        return self.spec.rule


@cache
def specs() -> tuple[TriggerSpec, ...]:
    return tuple(TriggerSpec(*r.values) for r in lexicon.rows("triggers.tsv"))


@cache
def _matter_verbs() -> frozenset[str]:
    """Verbs whose every row takes the other side only by a preposition or as a second subject
    ("talked with", "discussed the war with"): their direct object is what was talked about."""
    verbs: dict[str, set[str]] = {}
    for spec in specs():
        if spec.pos == "VERB" and " " not in spec.word:
            verbs.setdefault(spec.word.lstrip("="), set()).add(spec.needs)
    return frozenset(w for w, needs in verbs.items() if needs == {"with"})


def object_is_matter(tok: Token) -> bool:
    """Whether ``tok``'s direct object is the subject of the talks, not a party or their place."""
    return tok.pos_ in _POS["VERB"] and (
        tok.lemma_.lower() in _matter_verbs() or tok.lower_ in _matter_verbs()
    )


@cache
def _index() -> dict[str, tuple[TriggerSpec, ...]]:
    """The trigger rows by their head word (a verb phrase's first word, a noun phrase's last)."""
    out: dict[str, list[TriggerSpec]] = {}
    for spec in specs():
        words = spec.word.split()
        head = (words[0] if spec.pos == "VERB" else words[-1]).lstrip("=")
        out.setdefault(head, []).append(spec)
    return {k: tuple(v) for k, v in out.items()}


def _matches(doc: Doc, tok: Token, spec: TriggerSpec) -> bool:
    """Whether ``tok`` heads the row: the right part of speech, the exact form for "=talks", and the
    other words of a phrase beside it ("sat down", "video conference")."""
    if tok.pos_ not in _POS[spec.pos]:
        return False
    words = spec.word.split()
    if words[0].startswith("=") and tok.lower_ != words[0][1:]:
        return False
    rest = words[1:] if spec.pos == "VERB" else words[:-1]
    start = tok.i + 1 if spec.pos == "VERB" else tok.i - len(rest)
    if start < 0 or start + len(rest) > len(doc):
        return False
    return all(doc[start + k].lower_ == w for k, w in enumerate(rest))


@cache
def _negatives() -> dict[tuple[str, str], frozenset[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for r in lexicon.rows("trigger_negatives.tsv"):
        out.setdefault((r[0], r[1]), set()).add(r[2])
    return {k: frozenset(v) for k, v in out.items()}


def _object_then_quote(tok: Token) -> bool:
    """ "called India "a time-tested friend"": a name right after the verb, then a quotation (read by
    the words: the parser often loses the verb in such a sentence)."""
    doc = tok.doc
    k = tok.i + 1
    while k < len(doc) and (doc[k].pos_ == "PROPN" or (doc[k].tag_ == "DT" and k == tok.i + 1)):
        k += 1
    return tok.i + 1 < k < len(doc) and doc[k].text in OPENING_MARKS


def negative(tok: Token, spec: TriggerSpec) -> str | None:
    """The negative phrase the trigger word stands in ("meet the demand"), as a rule name, or None."""
    neg = _negatives()
    word = spec.word.split()[0].lstrip("=")
    if neg.get((word, "quote")) and _object_then_quote(tok):
        return f"negative.{word}_quote"
    for child in tok.children:
        lem = child.lemma_.lower()
        if child.dep_ in ("dobj", "obj") and lem in neg.get((word, "dobj"), ()):
            return f"negative.{word}_{lem}"
        if (
            child.dep_ == "oprd"
            and neg.get((word, "oprd"))
            and any(c.dep_ in ("dobj", "obj") for c in tok.children)
        ):
            return f"negative.{word}_oprd"
        timed = any(o.ent_type_ in ("DATE", "TIME") for o in child.children)  # "called him on Tuesday"
        if child.dep_ in ("prep", "prt") and child.lower_ in neg.get((word, "prep"), ()) and not timed:
            return f"negative.{word}_{child.lower_}"
        if child.lower_ == "with" and child.dep_ == "prep":
            objs = [o.lemma_.lower() for o in child.children if o.dep_ == "pobj"]
            if any(o in neg.get((word, "with"), ()) for o in objs):
                return f"negative.{word}_with_{objs[0]}"
    return None


def find(doc: Doc, skip=lambda char: False) -> list[Trigger]:
    """The trigger words of ``doc`` in text order; ``skip(char)`` leaves out quotations and header lines.
    Each token is looked up by its lemma and its form (the lemmatizer misses "Talks" in a headline); of
    two rows on one token the longer phrase wins ("video conference" over "conference")."""
    index = _index()
    found: list[Trigger] = []
    for tok in doc:
        rows = index.get(tok.lemma_.lower(), ()) + index.get(tok.lower_, ())
        if not rows or skip(tok.idx):
            continue
        hits = [spec for spec in rows if _matches(doc, tok, spec)]
        if not hits:
            continue
        spec = max(hits, key=lambda h: len(h.word.split()))
        if negative(tok, spec) is None:
            found.append(Trigger(tok.i, spec))
    return found
