"""Who is who in one article: names grouped into people, and the words that refer back to them.

- ``cluster``: every form of a name is one person ("Li Wenhua", "Wang", "Mr Wang"); a shorter form joins
  the fullest form that holds all its words, the nearest one before it when several do (two Presidents
  Bush). Later bare surnames the model did not tag are found too.
- ``pronoun``: "he", "she", "his", "her" is the last person named as the subject of a clause in this or
  the two sentences before, of the right gender when the article tells it.
- ``nominal``: "the minister", "the Kenyan president" is the last person named with that office (and
  that state).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from . import geo, lexicon
from .names import NameMention, name_key
from .titles import OfficeCue, cue_for

_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Person:
    id: int
    name: str  # the fullest form of the name in the article
    key: tuple[str, ...]
    aliases: tuple[str, ...]  # the other forms
    title: str | None  # the fullest office the article gives
    gender: str | None  # "m", "f" or None when the article does not tell
    private: bool  # an expert, journalist or business person: speaks for no state or body


@dataclass(frozen=True)
class Mention:
    person: int
    first: int  # tokens
    last: int
    start: int  # characters
    end: int
    rule: str


class People:
    """The people of one document and where each is mentioned (read-only once built)."""

    def __init__(
        self,
        doc: Doc,
        persons: tuple[Person, ...],
        mentions: tuple[Mention, ...],
        cues: dict[int, tuple[OfficeCue, ...]],
    ):
        self.doc = doc
        self.persons = persons
        self.mentions = mentions
        self.cues = cues
        self._by_token = {i: m for m in mentions for i in range(m.first, m.last + 1)}
        self._starts = [m.start for m in mentions]

    def get(self, pid: int) -> Person:
        return self.persons[pid]

    def at_token(self, i: int) -> Mention | None:
        return self._by_token.get(i)

    def in_tokens(self, first: int, last: int) -> list[Mention]:
        """Mentions whose last token lies in ``first..last``."""
        return [m for m in self.mentions if first <= m.last <= last]

    def before(self, char: int) -> list[Mention]:
        """Mentions ending before ``char``, nearest first."""
        k = bisect.bisect_left(self._starts, char)
        return [m for m in reversed(self.mentions[:k]) if m.end <= char]

    @cached_property
    def token_ids(self) -> set[int]:
        return set(self._by_token)


def _gender(mentions: list[NameMention], cues: list[OfficeCue], doc: Doc) -> str | None:
    """ "Mr", "Mrs", "Queen", "spokeswoman": the gender the honorifics and offices of a person tell."""
    gender = lexicon.table("gender_words.tsv")
    votes = []
    for m in mentions:
        if m.first > 0 and doc[m.first - 1].lower_ in gender:
            votes.append(gender[doc[m.first - 1].lower_][0])
    for c in cues:
        votes.extend(gender[w][0] for w in (c.title or "").lower().split() if w in gender)
    return max(set(votes), key=votes.count) if votes and len(set(votes)) == 1 else None


def _group(names: tuple[NameMention, ...]) -> list[list[NameMention]]:
    """Name mentions grouped by person: fullest forms first; a form joins the fullest form holding all
    its words, the nearest one before it when several do."""
    groups: list[list[NameMention]] = []
    words: list[set[str]] = []
    starts: list[list[int]] = []  # each group's mention positions, sorted
    for m in sorted(names, key=lambda n: (-len(n.key), n.first)):
        hosts = [k for k, w in enumerate(words) if set(m.key) <= w]
        # "Mr Holm" is Ivo Holm, not the firm Lund-Holm: whole words of a name before parts of one
        whole = [k for k in hosts if set(m.key) <= _whole_words(groups[k][0].text)]
        hosts = whole or hosts
        if not hosts:
            groups.append([m])
            words.append(set(m.key))
            starts.append([m.first])
            continue
        before = [
            (starts[k][bisect.bisect_left(starts[k], m.first) - 1], k)
            for k in hosts
            if starts[k][0] < m.first
        ]
        host = max(before)[1] if before else hosts[0]
        groups[host].append(m)
        bisect.insort(starts[host], m.first)
    return groups


def _whole_words(text: str) -> set[str]:
    return {geo.fold(w) for w in text.split()}


def _known_parts(doc: Doc, groups: list[list[NameMention]], taken: set[int]) -> list[tuple[int, NameMention]]:
    """Later mentions by one word of a name that the model did not tag ("Dalton met ...")."""
    index: dict[str, int] = {}
    for k, g in enumerate(groups):
        for w in g[0].key:
            if len(w) >= 3 and not geo.state_of_word(w):
                index[w] = -1 if w in index and index[w] != k else k
    out = []
    for t in doc:
        if t.i in taken or not t.text[:1].isupper() or t.pos_ not in ("PROPN", "NOUN", "ADJ"):
            continue
        k = index.get(geo.fold(t.text), -1)
        if k >= 0 and t.lower_ not in lexicon.words("not_names.txt"):
            m = NameMention(
                t.i, t.i, t.idx, t.idx + len(t.text), t.text, name_key([t.text]), "coref.known_part"
            )
            out.append((k, m))
    return out


def cluster(doc: Doc, names: tuple[NameMention, ...]) -> People:
    """The people of the document, from its name mentions."""
    groups = _group(names)
    taken = {i for m in names for i in range(m.first, m.last + 1)}
    for k, m in _known_parts(doc, groups, taken):
        groups[k].append(m)
    all_names = [m for g in groups for m in g]
    names_at = {i for m in all_names for i in range(m.first, m.last + 1)}
    persons, mentions, cues = [], [], {}
    for pid, g in enumerate(groups):
        g.sort(key=lambda m: m.first)
        own = tuple(cue_for(doc, m, names_at) for m in g)
        full = max(g, key=lambda m: (len(m.key), -m.first))
        titles = [c.title for c in own if c.title]
        title = max(titles, key=lambda t: len(t.split())) if titles else None
        aliases = tuple(sorted({m.text for m in g} - {full.text}))
        persons.append(
            Person(
                pid,
                full.text,
                full.key,
                aliases,
                title,
                _gender(g, list(own), doc),
                any(c.private for c in own),
            )
        )
        mentions.extend(Mention(pid, m.first, m.last, m.start, m.end, m.rule) for m in g)
        cues[pid] = own
    mentions.sort(key=lambda m: m.first)
    return People(doc, tuple(_counterpart_titles(doc, persons, mentions, cues)), tuple(mentions), cues)


def _counterpart_titles(doc: Doc, persons: list[Person], mentions: list[Mention], cues) -> list[Person]:
    """ "Foreign Minister Park Min-jun and his Japanese counterpart Kenji Sato": a counterpart holds
    the office of the titled person named before them in the sentence."""
    out = list(persons)
    for p in persons:
        if p.title is not None:
            continue
        for m, cue in zip([x for x in mentions if x.person == p.id], cues[p.id], strict=False):
            if not cue.counterpart:
                continue
            sent = doc[m.first].sent
            before = [x for x in mentions if sent.start <= x.first < m.first and persons[x.person].title]
            if before:
                out[p.id] = Person(**{**p.__dict__, "title": persons[before[-1].person].title})
                break
    return out


def subject_like(tok: Token) -> bool:
    return tok.dep_ in _SUBJECT_DEPS or (
        tok.dep_ in ("compound", "appos", "poss") and tok.head.dep_ in _SUBJECT_DEPS
    )


def pronoun(tok: Token, people: People, exclude=lambda char: False) -> tuple[Person, str] | None:
    """The person a third-person pronoun refers to, with the rule that chose them."""
    if tok.lower_ not in _PRONOUNS:
        return None
    gender = lexicon.table("gender_words.tsv")[tok.lower_][0]
    doc = tok.doc
    ahead = _cataphora(tok, people, gender)
    if ahead is not None:
        return ahead, "coref.pronoun_cataphora"
    sent_start = tok.sent.start
    fallback = None
    for m in people.before(tok.idx):
        if exclude(m.start):
            continue
        p = people.get(m.person)
        if p.gender not in (None, gender):
            continue
        head = doc[m.last]
        back = doc[m.first].sent.start
        if back < sent_start and _sentences_between(doc, back, sent_start) > 2:
            break
        if fallback is None:
            fallback = p
        if subject_like(head) or subject_like(doc[m.first]):
            if back < sent_start and not _main_subject(head):
                main = _main_subject_of(doc[m.first].sent, people, gender, tok.idx, exclude)
                if main is not None and main.id != p.id:
                    return main, "coref.pronoun_main_subject"
            return p, "coref.pronoun_subject"
    return (fallback, "coref.pronoun_last") if fallback is not None else None


def _main_subject(tok: Token) -> bool:
    """Whether ``tok`` (or the noun it qualifies) is the subject of its sentence's main verb."""
    node = tok.head if tok.dep_ in ("compound", "appos", "poss") else tok
    verb = node.head
    return node.dep_ in _SUBJECT_DEPS and (
        verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
    )


def _main_subject_of(sent, people: People, gender: str, before: int, exclude) -> Person | None:
    """ "Adebayo said it appeared Mensah was ... But she said ...": the main clause's subject of the
    sentence before is who "he" goes on with, not the subject of a clause inside it."""
    for m in people.in_tokens(sent.start, sent.end - 1):
        p = people.get(m.person)
        if m.start < before and not exclude(m.start) and p.gender in (None, gender):
            if _main_subject(sent.doc[m.last]) or _main_subject(sent.doc[m.first]):
                return p
    return None


def _cataphora(tok: Token, people: People, gender: str) -> Person | None:
    """ "In his meeting with Abiy, Wang discussed ...": a possessive in a phrase set before the clause is
    the clause's subject, when a person is named there after it."""
    if tok.lower_ not in ("his", "her"):
        return None
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for s in verb.children:
        if s.dep_ in _SUBJECT_DEPS and s.i > tok.i:
            m = people.at_token(s.i)
            if m is not None and people.get(m.person).gender in (None, gender):
                return people.get(m.person)
    return None


def _sentences_between(doc: Doc, a: int, b: int) -> int:
    n, i = 0, b
    while i > a:
        i = doc[i - 1].sent.start
        n += 1
    return n


def nominal(
    tok: Token, people: People, states: dict[int, str | None], state: str | None = None
) -> tuple[Person, str] | None:
    """The person "the minister", "the Kenyan president", "the Secretary" refers to: the last one named
    before with that office word in their title (and that state, when one is said)."""
    office = tok.lower_
    if "office" not in lexicon.office_kinds().get(office, ()):
        return None
    for m in people.before(tok.idx):
        p = people.get(m.person)
        if p.title and office in p.title.lower().split() and (state is None or states.get(p.id) == state):
            return p, "coref.nominal"
    if state is not None:
        same = [
            p
            for p in people.persons
            if p.title and office in p.title.lower().split() and states.get(p.id) == state
        ]
        if len(same) == 1:
            return same[0], "coref.nominal_later"
        of_state = [p for p in people.persons if states.get(p.id) == state]
        if len(of_state) == 1 and (of_state[0].title is None or office in of_state[0].title.lower().split()):
            # "The President of Russia arrived ...": the one person of that state the article names.
            return of_state[0], "coref.nominal_state_only"
        if office in lexicon.office_words("generic"):
            # "the head of the World Health Organization", "the UN relief chief": the body's one official.
            same = [p for p in people.persons if p.title and states.get(p.id) == state]
            if len(same) == 1:
                return same[0], "coref.nominal_body"
    return None


def plural(tok: Token) -> tuple[list[Token], str] | None:
    """The parties "they" refers to: the nearest subject before it, in this sentence or the one before,
    that names two or more ("The European Union and India said they ...", "Wang and Otieno ... They")."""
    if tok.lower_ not in ("they", "them", "their"):
        return None
    return plural_subject_before(tok)


def plural_subject_before(tok: Token) -> tuple[list[Token], str] | None:
    """The nearest subject before ``tok``, in its sentence or the one before, that names two or more."""
    doc = tok.doc
    start = tok.sent.start
    prev_start = doc[start - 1].sent.start if start > 0 else start
    for i in range(tok.i - 1, prev_start - 1, -1):
        t = doc[i]
        if (
            t.dep_ in _SUBJECT_DEPS
            and t.lower_ not in ("they", "them")
            and any(c.dep_ == "conj" for c in t.children)
        ):
            return [t], "coref.they"
    return None


def turn_speakers(doc: Doc, people: People) -> tuple[int, ...]:
    """The people who head the turns of a transcript ("President of Russia Ivan Volkov: Mr President,
    ..."): a name followed by a colon at the start of a line or a sentence."""
    out: list[int] = []
    for m in people.mentions:
        after = doc[m.last + 1] if m.last + 1 < len(doc) else None
        if after is None or after.text != ":":
            continue
        start = doc[m.first]
        line_start = start.is_sent_start or (start.i > 0 and "\n" in doc[start.i - 1].text_with_ws)
        prefix_start = any(doc[k].is_sent_start for k in range(max(0, m.first - 8), m.first + 1))
        if (line_start or prefix_start) and m.person not in out:
            out.append(m.person)
    return tuple(out)
