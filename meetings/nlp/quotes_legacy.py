"""Quotations: where the marks are, which ones are someone's words, and whose."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import geo
from .people import _HEAD_NOUNS as _TITLE_WORDS
from .people import People, display_name

_OPEN = {"“", "„", "«"}
_CLOSE = {"”", "»"}
_STRAIGHT = {'"'}
_MARKS = re.compile(r'["“”„«»]')

# Verbs and nouns that present words as someone's: the cue must stand outside the quotation.
SPEECH_VERBS = {
    "say",
    "tell",
    "add",
    "stress",
    "emphasize",
    "emphasise",
    "urge",
    "call",
    "reiterate",
    "note",
    "state",
    "declare",
    "describe",
    "praise",
    "warn",
    "insist",
    "vow",
    "pledge",
    "write",
    "announce",
    "accuse",
    "argue",
    "explain",
    "express",
    "highlight",
    "underline",
    "underscore",
    "affirm",
    "reaffirm",
    "assert",
    "claim",
    "comment",
    "remark",
    "reply",
    "respond",
    "ask",
    "demand",
    "promise",
    "condemn",
    "criticize",
    "criticise",
    "suggest",
    "propose",
    "agree",
    "quote",
    "point",
    "hope",
    "want",
    "believe",
    "admit",
    "acknowledge",
    "confirm",
    "deny",
    "dismiss",
    "welcome",
    "observe",
    "recall",
    "conclude",
    "caution",
    "predict",
    "signal",
    "voice",
    "brand",
    "label",
    "term",
    "dub",
    "denounce",
    "lament",
    "tweet",
    "post",
    "mention",
    "indicate",
    "assure",
    "repeat",
    "summarize",
    "characterize",
    "commit",
    "offer",
    "order",
    "report",
    "thank",
    "invite",
    "appeal",
    "press",
    "push",
    "seek",
    "wish",
    "consider",
    "see",
    "view",
    "regard",
    "reject",
    "oppose",
    "support",
    "discuss",
    "speak",
    "read",
    "recognize",
    "recognise",
}
SPEECH_NOUNS = {
    "call",
    "statement",
    "remarks",
    "remark",
    "words",
    "comment",
    "comments",
    "message",
    "appeal",
    "pledge",
    "promise",
    "warning",
    "readout",
    "speech",
    "address",
    "interview",
    "letter",
    "tweet",
    "post",
    "vow",
    "demand",
    "plea",
    "assurance",
    "proposal",
    "offer",
}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
# Words before a short quoted term that make it a name or a label, not someone's words
# ("its policy of "strategic autonomy"", a "multipolar" world, a so-called "early harvest").
_LABEL_BEFORE = {
    "of",
    "a",
    "an",
    "the",
    "so-called",
    "called",
    "its",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "dubbed",
    "named",
    "titled",
    "entitled",
    "term",
    "word",
    "phrase",
    "slogan",
}
_GROUPS = {
    "side",
    "sides",
    "delegation",
    "delegations",
    "leaders",
    "ministers",
    "countries",
    "parties",
    "governments",
    "nations",
    "group",
    "experts",
    "officials",
    "two",
}


# Heads of noun phrases that name a speaking body or group rather than a state or a thing.
_SPEAKER_NOUNS = {
    "ministry",
    "office",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "embassy",
    "sides",
    "side",
    "government",
    "statement",
    "readout",
    "group",
    "delegation",
    "department",
    "kremlin",
    "commission",
    "council",
    "presidency",
    "agency",
    "both",
    "officials",
    "official",
    "sources",
    "source",
    "diplomats",
    "leaders",
    "ministers",
    "experts",
}


@dataclass
class RawQuote:
    start: int
    end: int
    speaker: str | None = None
    speaker_country: str | None = None
    person: object | None = None


def _paragraph_breaks(text: str) -> list[int]:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    long_lines = sum(1 for ln in lines if len(ln) > 90)
    # Hard-wrapped wire copy (Reuters 1987) breaks lines inside paragraphs; a paragraph there starts
    # after a blank line or with an indent. Elsewhere every newline ends a paragraph.
    wrapped = len(lines) >= 5 and long_lines <= len(lines) // 10
    pat = r"\n[ \t]*\n|\n(?=[ \t]+\S)" if wrapped else r"\n"
    return [m.start() for m in re.finditer(pat, text)]


def find_quote_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Character spans (without the marks) of the quotations in ``text[start:]``.

    Straight marks alternate; curly marks say which way they face. A quotation that runs over a
    paragraph break continues only when the next paragraph opens with a mark (the convention for
    quotations of several paragraphs); otherwise the opening mark was stray and is dropped, so an
    unbalanced mark never swallows the rest of the article."""
    breaks = _paragraph_breaks(text)
    out: list[tuple[int, int]] = []
    open_at: int | None = None

    def para_break_between(a: int, b: int) -> int | None:
        k = bisect.bisect_right(breaks, a)
        return breaks[k] if k < len(breaks) and breaks[k] < b else None

    def opens(i: int) -> bool:
        c = text[i]
        if c in _OPEN:
            return True
        if c in _CLOSE:
            return False
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before.isspace() or before in "([{—–-/:" or i == 0:
            return True
        if after.isspace() or after in ".,;:!?)]—–-" or i + 1 == len(text):
            return False
        return open_at is None

    for m in _MARKS.finditer(text, start):
        i = m.start()
        if open_at is None:
            if opens(i):
                open_at = i
            continue
        br = para_break_between(open_at, i)
        if br is not None:
            para_start = br + 1
            while para_start < len(text) and text[para_start].isspace():
                para_start += 1
            if para_start == i and opens(i):
                # A quotation of several paragraphs: one quote per paragraph.
                if text[open_at + 1 : br].strip():
                    out.append((open_at + 1, br))
                open_at = i
            else:
                open_at = i if opens(i) else None
            continue
        if text[i] in _OPEN and text[open_at] in _OPEN:
            open_at = i  # two opening marks in a row: the first was stray
            continue
        if (
            text[i] in _STRAIGHT
            and i > 0
            and text[i - 1].isspace()
            and i + 1 < len(text)
            and text[i + 1].isalnum()
            and re.search(r"[.?!]\s*$", text[open_at + 1 : i])
        ):
            # British style: a quotation that goes on with a new sentence reopens without closing
            # ("... and we have the money. "The investment may ..."): one quote per sentence run.
            out.append((open_at + 1, i - 1 if text[i - 1] == " " else i))
            open_at = i
            continue
        if i > open_at + 1 and text[open_at + 1 : i].strip():
            out.append((open_at + 1, i))
        open_at = None
    return out


def _word_count(s: str) -> int:
    return len(re.findall(r"\w+", s))


class QuoteFinder:
    def __init__(self, doc: Doc, people: People):
        self.doc = doc
        self.text = doc.text  # spaCy joins every token again on each ``doc.text``
        self.people = people
        self._tok_starts = [t.idx for t in doc]

    def token_at(self, char: int) -> Token | None:
        if not len(self.doc):
            return None
        k = bisect.bisect_right(self._tok_starts, char) - 1
        return self.doc[max(0, min(k, len(self.doc) - 1))]

    def find(self, body_start: int) -> list[RawQuote]:
        text = self.text
        spans = find_quote_spans(text, body_start)
        quote_spans = [(s - 1, e + 1) for s, e in spans]
        out: list[RawQuote] = []
        prev: RawQuote | None = None
        self._prev = None
        for s, e in spans:
            inner = text[s:e]
            if not self._is_speech(s, e, inner):
                continue
            q = RawQuote(s, e)
            self._attribute(q, quote_spans, prev)
            self._prev = prev
            out.append(q)
            prev = q
            self._prev = q
        return out

    def _is_speech(self, s: int, e: int, inner: str) -> bool:
        n = _word_count(inner)
        if n == 0:
            return False
        if n >= 4:
            return True
        # A short quoted term counts only as a fragment of someone's reported words: not inside a noun
        # phrase, and in a sentence that has a cue verb.
        before = self.text[max(0, s - 30) : s - 1]
        prev_word = re.findall(r"[\w'-]+", before.lower())[-1:] or [""]
        if prev_word[0] in _LABEL_BEFORE:
            return False
        tok = self.token_at(s)
        if tok is None:
            return False
        sent = tok.sent
        for t in sent:
            if s - 1 <= t.idx < e + 1:
                continue
            if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX"):
                return True
            if t.lower_ == "according":
                return True
            if t.lemma_.lower() in {"describe", "call"}:
                return True
        return False

    def _attribute(self, q: RawQuote, quote_spans: list[tuple[int, int]], prev: RawQuote | None) -> None:
        doc = self.doc
        first = self.token_at(q.start)
        last = self.token_at(max(q.start, q.end - 1))
        if first is None or last is None:
            return
        sents = {first.sent.start, last.sent.start}
        cands: list[tuple[int, Token]] = []
        inside = [(s, e) for s, e in quote_spans]
        for st in sorted(sents):
            sent = doc[st].sent
            for t in sent:
                if any(s <= t.idx < e for s, e in inside):
                    continue
                lem = t.lemma_.lower()
                if (
                    (t.pos_ in ("VERB", "AUX") and lem in SPEECH_VERBS)
                    or (t.pos_ in ("NOUN",) and lem in SPEECH_NOUNS)
                    or t.lower_ == "according"
                ):
                    dist = q.start - t.idx if t.idx < q.start else t.idx - q.end
                    cands.append((dist, t))
        cands.sort(key=lambda x: x[0])
        # A person's cue beats a nearer cue whose subject is a state or a thing ("India, he said, would
        # not accept ..."): reported words are people's words first.
        fallback = None
        for _, cue in cands:
            trial = RawQuote(q.start, q.end)
            if self._speaker_from_cue(trial, cue, inside):
                if (
                    trial.person is not None
                    or (trial.speaker or "").lower().split()[-1:]
                    and (trial.speaker or "").lower().split()[-1] in _SPEAKER_NOUNS
                ):
                    q.speaker, q.speaker_country, q.person = (
                        trial.speaker,
                        trial.speaker_country,
                        trial.person,
                    )
                    return
                if fallback is None:
                    fallback = trial
        if fallback is not None:
            q.speaker, q.speaker_country, q.person = (
                fallback.speaker,
                fallback.speaker_country,
                fallback.person,
            )
            return
        # A quotation standing alone continues the previous speaker's words.
        if prev is not None and prev.speaker and q.start - prev.end < 700:
            q.speaker, q.speaker_country, q.person = prev.speaker, prev.speaker_country, prev.person

    def _speaker_from_cue(self, q: RawQuote, cue: Token, inside: list[tuple[int, int]]) -> bool:
        if cue.lower_ == "according":
            for child in cue.children:
                if child.lower_ == "to":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            return self._set_from_np(q, obj)
            return False
        if cue.pos_ == "NOUN":
            for child in cue.children:
                if child.dep_ == "poss":
                    return self._set_from_np(q, child)
            for child in cue.children:
                if child.dep_ == "acl":
                    for g in child.children:
                        if g.dep_ == "agent":
                            for obj in g.children:
                                if obj.dep_ == "pobj":
                                    return self._set_from_np(q, obj)
            return False
        node = cue
        for _ in range(4):
            for child in node.children:
                if child.dep_ in _SUBJ and not any(s <= child.idx < e for s, e in inside):
                    return self._set_from_np(q, child)
            if (
                node.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acl", "relcl")
                and node.head.i != node.i
            ):
                if node.dep_ == "relcl":
                    return self._set_from_np(q, node.head)
                node = node.head
                continue
            break
        return False

    def _set_from_np(self, q: RawQuote, tok: Token) -> bool:
        people = self.people
        lower = tok.lower_
        if lower in {"he", "she", "him", "her"}:
            prev = self._prev
            if (
                prev is not None
                and prev.person is not None
                and 0 <= q.start - prev.end < 500
                and "\n" not in self.text[prev.end : q.start]
            ):
                # "he said" after a quotation in the same paragraph continues that speaker's words.
                q.speaker, q.speaker_country, q.person = prev.speaker, prev.speaker_country, prev.person
                return True
            p = people.before(tok.idx, exclude=[(q.start, q.end)])
            if p is None:
                return False
            q.speaker, q.speaker_country, q.person = display_name(p), p.country, p
            return True
        if tok.pos_ == "PRON" and lower not in {"both"}:
            return False
        p = people.by_token(tok)
        if p is not None:
            q.speaker, q.speaker_country, q.person = display_name(p), p.country, p
            return True
        if lower in _TITLE_WORDS and not any(c.dep_ in ("compound", "amod", "poss") for c in tok.children):
            # "the President said": the last person named with that office.
            p = people.titled_before(tok.idx, lower)
            if p is not None:
                q.speaker, q.speaker_country, q.person = display_name(p), p.country, p
                return True
        # A person named in apposition ("the spokesman, Dmitry Peskov,") or by compound.
        for child in tok.children:
            if child.dep_ in ("appos", "compound"):
                p = people.by_token(child)
                if p is not None:
                    q.speaker, q.speaker_country, q.person = display_name(p), p.country, p
                    return True
        if tok.pos_ == "PROPN":
            p = people._find((geo._fold(tok.text),))
            if p is not None:
                q.speaker, q.speaker_country, q.person = display_name(p), p.country, p
                return True
        # A body or group: the noun phrase without its article ("China's Foreign Ministry", "both sides").
        left = tok.left_edge
        toks = [t for t in self.doc[left.i : tok.i + 1]]
        while toks and toks[0].lower_ in {"the", "a", "an"}:
            toks = toks[1:]
        if not toks:
            return False
        phrase = self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
        phrase = re.sub(r"\s+", " ", phrase).strip()
        if len(phrase) > 60:
            return False
        country = None
        for t in toks:
            country = country or geo.country_of_word(t.text)
        q.speaker, q.speaker_country = phrase, country
        return True
