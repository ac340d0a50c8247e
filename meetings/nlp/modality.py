"""Whether a reported meeting took place, is planned, or is only proposed, urged, conditional or denied.

The cues are data (``lexicon/modality.tsv``). They are read on the path from the trigger up to the head
of its clause, through complements only ("plans to meet", "called for talks", "ahead of the summit",
"a meeting is planned"), not through adverbials ("agreed during the talks" says nothing about the talks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from . import lexicon

# Strongest first: one cue of an earlier class decides.
_ORDER = ("negated", "urged", "proposed", "conditional", "planned")
# Edges the path climbs: a verb's complement, a noun as object or subject of the cue, a preposition's
# object under the cue ("call for", "ahead of", "in preparation for"), a clause modifying a noun.
_CLIMB = {
    "xcomp",
    "ccomp",
    "dobj",
    "obj",
    "nsubjpass",
    "pobj",
    "pcomp",  # "looks forward to receiving him"
    "prep",
    "acl",
    "amod",
    "attr",
    "compound",
    "advcl_to",
    "auxpass",
}
_PREPS = {"for", "of", "to", "toward", "towards", "about"}


@dataclass(frozen=True)
class Modality:
    status: str  # held | planned | proposed | urged | conditional | negated
    rule: str
    token: int | None = None  # the cue, for --explain

    @property
    def announced(self) -> bool:
        """Whether the meeting counts: it took place or is announced."""
        return self.status in ("held", "planned")


@cache
def _cues() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for r in lexicon.rows("modality.tsv"):
        out.setdefault(r[1], {})[r[0]] = r[2]
    return out


_NOW = frozenset({"today", "now", "tonight", "this", "currently"})
_TIME_MARKS = frozenset({"when", "once", "after", "before", "until", "whenever"})


def _path(trig: Token) -> list[Token]:
    """The trigger and the words it hangs from through complements, up to six steps."""
    out = [trig]
    node = trig
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            break
        dep = node.dep_
        if dep == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            dep = "advcl_to"  # "calls on them to meet", which the parser also labels advcl
        elif (
            dep == "advcl"
            and node.tag_ == "VBG"
            and not any(c.dep_ in ("mark", "nsubj", "aux") for c in node.children)
        ):
            dep = "advcl_to"  # "will visit Accra, meeting the president": the participle shares the tense
        if dep not in _CLIMB or (dep in ("pobj", "pcomp") and head.lower_ not in _PREPS):
            break
        out.append(head)
        node = head
    return out


def _would(node: Token, path: list[Token]) -> str:
    """ "would": reported future under a speech verb ("said they would meet"), else a condition."""
    up = path[-1].head
    reporting = _cues()["report"]
    if up.lemma_.lower() in reporting or node.head.lemma_.lower() in reporting:
        return "planned"
    if any(c.lower_ == "have" for c in node.children):
        return "conditional"  # "would have met"
    return "conditional"


def _class_at(node: Token, trig: Token, path: list[Token]) -> tuple[str, str] | None:
    cues = _cues()
    found = []
    if node.i != trig.i:
        for lem in sorted(lexicon.forms(node.lemma_, node.lower_) & cues["head"].keys()):
            found.append((cues["head"][lem], f"modality.head.{lem}"))
    for c in node.children:
        low = c.lower_
        if c.dep_ in ("aux", "auxpass") and low in cues["aux"]:
            cls = cues["aux"][low]
            found.append((_would(node, path) if cls == "would" else cls, f"modality.aux.{low}"))
        elif c.dep_ in ("neg", "advmod", "amod", "det", "compound", "nmod") and low in cues["mod"]:
            found.append((cues["mod"][low], f"modality.mod.{low}"))
        elif c.dep_ == "mark" and low in cues["mark"]:
            found.append((cues["mark"][low], f"modality.mark.{low}"))
    if not found:
        return None
    return min(found, key=lambda f: _ORDER.index(f[0]))


def is_now(date_words: tuple[str, ...]) -> bool:
    """Whether a time is the present ("today", "today's", "this morning", "now")."""
    return bool({re.sub(r"['’]s$", "", w.lower()) for w in date_words} & _NOW)


def stronger(a: Modality, b: Modality) -> Modality:
    """Of two readings, the one that changes more ("negated" over "planned" over "held")."""
    rank = {s: k for k, s in enumerate(_ORDER)}
    return b if rank.get(b.status, len(_ORDER)) < rank.get(a.status, len(_ORDER)) else a


def _headline_future(path: list[Token]) -> bool:
    """A headline's infinitive of intent: "Spanish PM to host allies"."""
    top = path[-1]
    return (
        top.dep_ == "ROOT"
        and top.pos_ == "VERB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in top.children)
    )


def of_trigger(trig: Token, date_words: tuple[str, ...] = ()) -> Modality:
    """The modality of the meeting ``trig`` reports; ``date_words`` are the words of its date
    ("next week" makes it planned)."""
    path = _path(trig)
    best = None
    for node in path:
        hit = _class_at(node, trig, path)
        if hit and (best is None or _ORDER.index(hit[0]) < _ORDER.index(best[0])):
            best = (*hit, node.i)
    if best is not None:
        return Modality(best[0], best[1], best[2])
    date_cues = _cues()["date"]
    for w in date_words:
        if w.lower() in date_cues:
            return Modality(date_cues[w.lower()], f"modality.date.{w.lower()}")
    to_be = next((n for n in path if n.dep_ == "xcomp" and n.head.lemma_ == "be"), None)
    if to_be is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in to_be.children):
        return Modality("planned", "modality.is_to", to_be.head.i)  # "is to visit"
    if _headline_future(path):
        return Modality("planned", "modality.headline_to", path[-1].i)
    verb = next((n for n in path if n.pos_ in ("VERB", "AUX")), None)
    if verb is not None and _present_in_time_clause(verb):
        return Modality("planned", "modality.present_in_time_clause", verb.i)
    if verb is None and trig.dep_ in ("nsubj", "nsubjpass") and trig.head.pos_ in ("VERB", "AUX"):
        verb = trig.head  # "the summit takes place on Friday"
    if verb is not None and _present_with_date(verb, date_words):
        return Modality("planned", "modality.present_with_date", verb.i)
    return Modality("held", "modality.held")


def _present_with_date(verb: Token, date_words: tuple[str, ...]) -> bool:
    """ "Sato arrives in Accra on Sunday for talks", "begins a visit on Sunday": a present tense with a day
    of its own, in the body of a story, is the timetable of what is to come ("today" is what happens now)."""
    words = {w.lower() for w in date_words}
    return (
        bool(words)
        and not words & _NOW
        and verb.dep_ in ("ROOT", "conj")
        and (
            verb.tag_ in ("VBZ", "VBP")
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
            # "are meeting on Friday": the present progressive with a day to come
            or verb.tag_ == "VBG"
            and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children)
        )
    )


def _present_in_time_clause(verb: Token) -> bool:
    """ "... will raise it when he meets the minister", "once they meet": a present tense in a clause of
    time stands for the future."""
    return (
        verb.tag_ in ("VBZ", "VBP")
        and verb.dep_ == "advcl"
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        and any(c.dep_ in ("advmod", "mark") and c.lower_ in _TIME_MARKS for c in verb.children)
    )
