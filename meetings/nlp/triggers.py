"""Candidate meeting expressions: the words of ``lexicon/triggers.tsv``, matched by spaCy's Matcher.

A trigger is only a candidate: ``frames`` decides whether it has the parties it needs. What this module
does leave out is a trigger word in a phrase of ``trigger_negatives.tsv`` ("meet the demand", "called
for talks", "called the talks constructive") and any trigger inside a quotation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from . import lexicon

_POS = {"VERB": ["VERB", "AUX"], "NOUN": ["NOUN", "PROPN"]}


@dataclass(frozen=True)
class TriggerSpec:
    word: str
    pos: str
    kind: str  # meet | call | visit | host | summit
    needs: str  # party | with | object | visit | noun | noun_with

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


def _pattern(spec: TriggerSpec) -> list[dict]:
    """A verb phrase is matched from its verb ("sit down"), a noun phrase up to its noun ("video conference")."""
    words = spec.word.split()
    head = words[0] if spec.pos == "VERB" else words[-1]
    tok = {"LOWER": head[1:]} if head.startswith("=") else {"LEMMA": {"IN": [head, head.capitalize()]}}
    tok["POS"] = {"IN": _POS[spec.pos]}
    if spec.pos == "VERB":
        return [tok, *({"LOWER": w} for w in words[1:])]
    return [*({"LOWER": w} for w in words[:-1]), tok]


@cache
def _matcher(vocab: Vocab) -> tuple[Matcher, dict[int, TriggerSpec]]:
    matcher = Matcher(vocab)
    keys = {}
    for k, spec in enumerate(specs()):
        key = f"T{k}"
        matcher.add(key, [_pattern(spec)])
        keys[vocab.strings[key]] = spec
    return matcher, keys


@cache
def _negatives() -> dict[tuple[str, str], frozenset[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for r in lexicon.rows("trigger_negatives.tsv"):
        out.setdefault((r[0], r[1]), set()).add(r[2])
    return {k: frozenset(v) for k, v in out.items()}


def negative(tok: Token, spec: TriggerSpec) -> str | None:
    """The negative phrase the trigger word stands in ("meet the demand"), as a rule name, or None."""
    neg = _negatives()
    word = spec.word.split()[0].lstrip("=")
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
    """The trigger words of ``doc`` in text order; ``skip(char)`` leaves out quotations and header lines."""
    matcher, keys = _matcher(doc.vocab)
    found: dict[int, Trigger] = {}
    for key, start, end in matcher(doc):
        spec = keys[key]
        head = (
            end - 1 if spec.pos == "NOUN" else start
        )  # "video conference" is a conference, "sat down" a sitting
        tok = doc[head]
        if skip(tok.idx):
            continue
        if negative(tok, spec) is None and (head not in found or len(spec.word) > len(found[head].spec.word)):
            found[head] = Trigger(head, spec)
    return [found[i] for i in sorted(found)]
