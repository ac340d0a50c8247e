"""Quotations: where the marks are, which ones are someone's words, and whose.

- ``find_quote_spans``: the spans between quotation marks, from the text alone (straight marks
  alternate, curly ones face their way; a stray mark never swallows the rest of the article).
- ``is_speech``: a quotation of four words or more is someone's words; a shorter one only when it is no
  label ("its policy of "strategic autonomy"") and a speech cue stands in its sentence.
- ``attribute``: the speaker is the subject of the nearest speech cue outside the quotation ("X said",
  "according to X", "X's words"), a person before a body; a quotation standing alone goes on with the
  previous speaker's words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Token

from . import coref, geo, lexicon
from .affiliation import Affiliation
from .article import Article
from .coref import People
from .types import RuleHit

_OPEN = {"“", "„", "«"}
OPENING_MARKS = frozenset({'"', *_OPEN})  # the marks a quotation can open with
_CLOSE = {"”", "»"}
_STRAIGHT = {'"'}
_MARKS = re.compile(r'["“”„«»]')
_SUBJ = {"nsubj", "nsubjpass", "csubj"}


@dataclass(frozen=True)
class FoundQuote:
    start: int  # the quoted text without its marks
    end: int
    speaker: str | None
    speaker_country: str | None
    person: int | None  # the speaker, when a named person
    rules: tuple[RuleHit, ...] = ()


def _paragraph_breaks(text: str) -> list[int]:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    long_lines = sum(1 for ln in lines if len(ln) > 90)
    # Hard-wrapped wire copy breaks lines inside paragraphs; a paragraph there starts after a blank line
    # or with an indent. Elsewhere every newline ends a paragraph.
    wrapped = len(lines) >= 5 and long_lines <= len(lines) // 10
    pat = r"\n[ \t]*\n|\n(?=[ \t]+\S)" if wrapped else r"\n"
    return [m.start() for m in re.finditer(pat, text)]


def _opens(text: str, i: int, open_at: int | None) -> bool:
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


def _reopens(text: str, i: int, open_at: int) -> bool:
    """British style: a quotation that goes on with a new sentence reopens without closing ("... the
    money. "The investment may ..."): one quote per sentence run."""
    return (
        text[i] in _STRAIGHT
        and i > 0
        and text[i - 1].isspace()
        and i + 1 < len(text)
        and text[i + 1].isalnum()
        and re.search(r"[.?!]\s*$", text[open_at + 1 : i]) is not None
    )


def find_quote_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Character spans (without the marks) of the quotations in ``text[start:]``. A quotation that runs
    over a paragraph break goes on only when the next paragraph opens with a mark (one quote per
    paragraph); otherwise the opening mark was stray and is dropped."""
    breaks = _paragraph_breaks(text)
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _MARKS.finditer(text, start):
        i = m.start()
        if open_at is None:
            open_at = i if _opens(text, i, None) else None
            continue
        k = bisect.bisect_right(breaks, open_at)
        br = breaks[k] if k < len(breaks) and breaks[k] < i else None
        if br is not None:
            para = br + 1
            while para < len(text) and text[para].isspace():
                para += 1
            if para == i and _opens(text, i, open_at) and text[open_at + 1 : br].strip():
                out.append((open_at + 1, br))
            open_at = i if _opens(text, i, open_at) else None
            continue
        if text[i] in _OPEN and text[open_at] in _OPEN:
            open_at = i  # two opening marks in a row: the first was stray
        elif _reopens(text, i, open_at):
            out.append((open_at + 1, i - 1 if text[i - 1] == " " else i))
            open_at = i
        else:
            if i > open_at + 1 and text[open_at + 1 : i].strip():
                out.append((open_at + 1, i))
            open_at = None
    return out


def _is_cue(t: Token) -> bool:
    forms = lexicon.forms(t.lemma_, t.lower_)
    if t.pos_ in ("VERB", "AUX") and forms & lexicon.words("speech_verbs.txt"):
        return True
    if t.pos_ == "NOUN" and forms & lexicon.words("speech_nouns.txt"):
        return True
    return t.lower_ == "according"


# "what he called "a new chapter"", "what Moreau dubbed ...": a naming verb with its subject before it
_SOMEONE_CALLED = re.compile(
    r"(?:\b(?:he|she|they|we|I)\b|\b[A-Z][\w'’-]+)\s+(?:called|dubbed|termed|described as)\s*$"
)


def _named_by_someone(text: str, s: int) -> bool:
    """Whether the words before a quotation (its opening mark at ``s - 1``) have someone call it so,
    which makes it their words, not a label."""
    return bool(_SOMEONE_CALLED.search(text[max(0, s - 61) : s - 1]))


def is_speech(article: Article, s: int, e: int) -> str | None:
    """The rule that makes the quotation someone's words, or None for a quoted term."""
    inner = article.text[s:e]
    n = len(re.findall(r"\w+", inner))
    if n == 0:
        return None
    before = re.findall(r"[\w'-]+", article.text[max(0, s - 30) : s - 1].lower())[-2:] or [""]
    label = before[-1] in lexicon.words("label_words.txt") and not _named_by_someone(article.text, s)
    tok = article.token_at(s)
    if tok is None:
        return None
    verbless = not any(
        t.pos_ in ("VERB", "AUX") for t in tok.doc[tok.i : article.token_at(max(s, e - 1)).i + 1]
    )
    if n >= 6 or (n >= 4 and not (label and verbless)):
        return "quote.long"
    if label and not (len(before) == 2 and before[0] == "as"):
        return None  # "the "coalition of the willing"", its policy of "strategic autonomy"
    for t in tok.sent:
        if not (s - 1 <= t.idx < e + 1) and (
            _is_cue(t) or t.lemma_.lower() in ("describe", "call", "brand", "dub")
        ):
            return "quote.short_with_cue"  # "described the group as an "exclusive clique""
    if _after_colon_cue(article, s):
        return "quote.after_colon_cue"
    return None


def _after_colon_cue(article: Article, s: int) -> bool:
    """ "A Ghanaian official said:\n\n"Nothing was agreed."": a quotation after a speech cue that ends
    in a colon, across the paragraph break."""
    before = article.text[max(0, s - 200) : s - 1].rstrip()
    if not before.endswith(":"):
        return False
    colon = article.token_at(s - 1 - (len(article.text[: s - 1]) - len(article.text[: s - 1].rstrip())) - 1)
    return colon is not None and any(_is_cue(t) for t in colon.sent if not article.in_quote(t.idx))


@dataclass(frozen=True)
class _Speaker:
    name: str
    country: str | None
    person: int | None
    rule: str
    token: int


class _Attributor:
    """Finds the speaker of each quotation of one article, in text order."""

    def __init__(self, article: Article, people: People, affiliations: dict[int, Affiliation]):
        self.article = article
        self.people = people
        self.affiliations = affiliations
        self.prev: FoundQuote | None = None

    def _person(self, pid: int, tok: Token, rule: str) -> _Speaker:
        a = self.affiliations.get(pid)
        return _Speaker(self.people.get(pid).name, a.state if a else None, pid, rule, tok.i)

    def _pronoun(self, tok: Token, q_start: int) -> _Speaker | None:
        prev = self.prev
        text = self.article.text
        if (
            prev is not None
            and prev.person is not None
            and 0 <= q_start - prev.end < 500
            and "\n" not in text[prev.end : q_start]
            and not self._other_subject_between(prev, tok)
        ):
            # "he said" after a quotation in the same paragraph goes on with that speaker's words.
            return _Speaker(
                prev.speaker or "", prev.speaker_country, prev.person, "speaker.pronoun_previous_quote", tok.i
            )
        if prev is not None and self._unnamed_goes_on(prev, tok):
            # "the spokesman replied: "..." He called the plan ...": the unnamed speaker goes on
            return _Speaker(
                prev.speaker or "", prev.speaker_country, None, "speaker.pronoun_previous_body", tok.i
            )
        hit = coref.pronoun(tok, self.people, exclude=self.article.in_quote)
        return self._person(hit[0].id, tok, "speaker." + hit[1]) if hit else None

    def _other_subject_between(self, prev: FoundQuote, tok: Token) -> bool:
        """ "'...,' A said. B added that ... '...,' she said": another person, the subject of a clause
        between the previous quotation and the pronoun, is who the pronoun goes on with."""
        doc = self.article.doc
        return any(
            m.person != prev.person and (coref.subject_like(doc[m.last]) or coref.subject_like(doc[m.first]))
            for m in self.people.before(tok.idx)
            if m.start >= prev.end and not self.article.in_quote(m.start)  # not a name quoted
        )

    def _unnamed_goes_on(self, prev: FoundQuote, tok: Token) -> bool:
        """Whether "he"/"she" goes on with the previous quotation's unnamed speaker (one person: "a
        Treasury spokesman", "a senior official"), named by no one since."""
        if prev.person is not None or not prev.speaker or not 0 <= tok.idx - prev.end < 400:
            return False
        last = prev.speaker.split()[-1].lower()
        # a singular side or role noun ("official", "diplomat", "analyst") or an office ("spokesman")
        roles = lexicon.words("party_nouns.txt") | lexicon.words("private_roles.txt")
        one_person = last in roles or "office" in lexicon.office_kinds().get(last, ())
        gender = lexicon.table("gender_words.tsv").get(last, (None,))[0]
        pron = lexicon.table("gender_words.tsv")[tok.lower_][0]
        named = [m for m in self.people.before(tok.idx) if m.start >= prev.end]
        return one_person and gender in (None, pron) and not named

    def _body(self, tok: Token) -> _Speaker | None:
        """A body or a group as written, without its article ("China's Foreign Ministry", "both sides")."""
        right = [x for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "of") for x in c.subtree]
        end = max([tok.i, *(x.i for x in right)]) + 1  # "spokesman for the War Information Headquarters"
        toks = list(self.article.doc[tok.left_edge.i : end])
        while toks and toks[0].lower_ in ("the", "a", "an"):
            toks = toks[1:]
        if not toks:
            return None
        phrase = re.sub(
            r"\s+", " ", self.article.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
        ).strip()
        if len(phrase) > 60:
            return None
        country = next((c for t in toks if (c := geo.state_of_word(t.text, metonyms=True))), None)
        return _Speaker(phrase, country, None, "speaker.body", tok.i)

    def speaker_of(self, tok: Token, q_start: int) -> _Speaker | None:
        """The speaker a cue's subject (or object of "according to") stands for."""
        low = tok.lower_
        if low in ("he", "she", "him", "her"):
            return self._pronoun(tok, q_start)
        if tok.pos_ == "PRON" and low != "both":
            return None
        # "Mr B's official spokesman said": the spokesman speaks, not B.
        spokes = low in lexicon.words("speaker_bodies.txt") or "office" in lexicon.office_kinds().get(low, ())
        for t in [tok, *tok.children]:
            m = self.people.at_token(t.i)
            deps = ("appos", "compound", "flat") if spokes else ("appos", "compound", "poss", "flat")
            if m is not None and (t.i == tok.i or t.dep_ in deps):
                return self._person(m.person, tok, "speaker.name")
        if "office" in lexicon.office_kinds().get(low, ()):
            mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss")]
            # "the minister said", "the French leader told reporters": the person named before with
            # that office (and that state); any other modifier ("the trade minister") names another office
            said = {geo.state_of_word(c.text) for c in mods}
            if len(said) <= 1 and None not in said:
                states = {p: a.state for p, a in self.affiliations.items()}
                hit = coref.nominal(tok, self.people, states, next(iter(said), None))
                if hit:
                    return self._person(
                        hit[0].id, tok, "speaker.nominal_of_state" if said else "speaker.nominal"
                    )
        return self._body(tok)

    def _from_cue(self, cue: Token, q_start: int) -> _Speaker | None:
        if cue.lower_ == "according":
            objs = [o for c in cue.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"]
            return self.speaker_of(objs[0], q_start) if objs else None
        if cue.pos_ == "NOUN":
            owner = next((c for c in cue.children if c.dep_ == "poss"), None)
            if owner is None:
                owner = next(
                    (
                        o
                        for c in cue.children
                        if c.dep_ == "acl"
                        for g in c.children
                        if g.dep_ == "agent"
                        for o in g.children
                        if o.dep_ == "pobj"
                    ),
                    None,
                )
            return self.speaker_of(owner, q_start) if owner is not None else None
        node = cue
        for _ in range(4):
            subj = next(
                (c for c in node.children if c.dep_ in _SUBJ and not self.article.in_quote(c.idx)), None
            )
            if subj is not None:
                return self.speaker_of(subj, q_start)
            if node.dep_ == "relcl" or (
                node.i == cue.i and node.dep_ == "acl" and node.head.pos_ == "PROPN" and node.head.i < node.i
            ):
                # "the minister, who said ..."; "Petrov called India "a friend"", which the parser reads
                # as "a Petrov called India": the name the cue hangs from speaks
                return self.speaker_of(node.head, q_start)
            if node.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acl") or node.head.i == node.i:
                return None
            node = node.head
        return None

    def _cues(self, s: int, e: int) -> list[Token]:
        first, last = self.article.token_at(s), self.article.token_at(max(s, e - 1))
        sents = {first.sent.start: first.sent, last.sent.start: last.sent}
        cues = [
            t for st in sorted(sents) for t in sents[st] if not self.article.in_quote(t.idx) and _is_cue(t)
        ]
        return sorted(cues, key=lambda t: s - t.idx if t.idx < s else t.idx - e)

    def attribute(self, s: int, e: int, rule: str) -> FoundQuote:
        """A person's cue beats a nearer cue whose subject is a state or a thing ("India, he said, would
        not accept ..."); a quotation with no cue goes on with the previous speaker's words."""
        found = [(sp, cue) for cue in self._cues(s, e) if (sp := self._from_cue(cue, s)) is not None]
        bodies = lexicon.words("speaker_bodies.txt")
        best = (
            next((x for x in found if x[0].person is not None), None)  # a person's words first
            or next((x for x in found if (x[0].name.lower().split()[-1:] or [""])[0] in bodies), None)
            or (found[0] if found else None)
        )
        if best is not None:
            return self._found(s, e, best[0], rule, best[1])
        before = self._cue_before(s) or self._subject_before(s)
        if before is not None:
            return self._found(s, e, before[0], rule, before[1])
        prev = self.prev
        if prev is not None and prev.speaker and s - prev.end < 700:
            return FoundQuote(
                s,
                e,
                prev.speaker,
                prev.speaker_country,
                prev.person,
                (RuleHit(rule, s, e), RuleHit("speaker.continues", s, e)),
            )
        return FoundQuote(s, e, None, None, None, (RuleHit(rule, s, e),))

    def _cue_before(self, s: int) -> tuple[_Speaker, Token] | None:
        """ "Adebayo said a deal could be hard. "We spoke for hours ..."": a quotation with
        no cue of its own is the words of the person the sentence before reports, when that report comes
        after the previous quotation (else the previous speaker goes on); across a paragraph break when
        the report ends in a colon ("A Ghanaian official said:"), a body's words too."""
        first = self.article.token_at(s)
        if first is None or first.sent.start == 0:
            return None
        prev_sent = self.article.doc[first.sent.start - 1].sent
        while not any(t.is_alpha for t in prev_sent) and prev_sent.start > 0:
            prev_sent = self.article.doc[prev_sent.start - 1].sent  # a lone mark or blank line
        floor = self.prev.end if self.prev is not None else -1
        colon = self.article.text[prev_sent.start_char : s - 1].rstrip().endswith(":")
        between = self.article.text[prev_sent.end_char : s]
        if prev_sent.start_char < floor or ("\n\n" in between and not colon):
            return None
        for t in reversed(list(prev_sent)):
            if self.article.in_quote(t.idx) or not _is_cue(t) or t.pos_ == "NOUN":
                continue
            sp = self._from_cue(t, s)
            if sp is not None and (sp.person is not None or colon):
                return replace(sp, rule="speaker.cue_before"), t
        return None

    def _subject_before(self, s: int) -> tuple[_Speaker, Token] | None:
        """ "Oyelaran was more cautious.\n\n"There is a long way to go."": a paragraph that is only a
        quotation, after a sentence about a named person told since the previous quotation, is that
        person's words."""
        first = self.article.token_at(s)
        text = self.article.text
        if first is None or first.sent.start == 0 or not text[: s - 1].rstrip(" \t").endswith("\n"):
            return None
        prev_sent = self.article.doc[first.sent.start - 1].sent
        while not any(t.is_alpha for t in prev_sent) and prev_sent.start > 0:
            prev_sent = self.article.doc[prev_sent.start - 1].sent
        if self.prev is not None and prev_sent.start_char < self.prev.end:
            return None
        subj = [c for c in prev_sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        m = self.people.at_token(subj[0].i) if subj else None
        return (
            None if m is None else (self._person(m.person, subj[0], "speaker.subject_before"), prev_sent.root)
        )

    def _found(self, s: int, e: int, sp: _Speaker, rule: str, cue: Token) -> FoundQuote:
        tok = self.article.doc[sp.token]
        rules = (
            RuleHit(rule, s, e),
            RuleHit("speaker.cue", cue.idx, cue.idx + len(cue.text)),
            RuleHit(sp.rule, tok.idx, tok.idx + len(tok.text)),
        )
        return FoundQuote(s, e, sp.name, sp.country, sp.person, rules)


def find(article: Article, people: People, affiliations: dict[int, Affiliation]) -> list[FoundQuote]:
    """The quotations of the article's body that are someone's words, each with its speaker."""
    att = _Attributor(article, people, affiliations)
    out = []
    for s, e in find_quote_spans(article.text, article.meta.body_start):
        rule = is_speech(article, s, e)
        if rule is None:
            continue
        q = att.attribute(s, e, rule)
        out.append(q)
        att.prev = q
    return out
