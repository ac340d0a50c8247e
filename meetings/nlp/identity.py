"""Who is who across articles: the forms of a person's name, and one policy for whether a name
mentioned in a new article is a person already known (plain Python over strings, no Django).

The services (``meetings.services.people``) give it what the database knows of each candidate;
the same policy decides at ingestion and when the archive is tidied (``manage.py people_resolve``).

Rules, each named where it decides (``Verdict.rule``):

- ``same-full-name``: the same name of two words or more (accents, case and punctuation aside) is the
  same person, even when a source gives another state (an extraction slip is likelier than two
  namesakes in diplomatic news), unless their times are far apart;
- ``compatible-full-name``: the same surname and given names that agree ("Anna K. Berg" and "Anna
  Berg", "A. Berg", "Tony Berg" for "Anthony Berg" by the variants lexicon), with no state against it;
  middle names given on both sides must agree, so "George H. W." and "George W." stay apart;
- ``surname-only``: a bare surname ("Berg", "Minister Berg") is someone already known only when one
  person with a full name alone fits it: of the same state and office, else of the same state, else
  of the same office (a state read wrongly is common; "President Berg" is the one President Berg),
  else, with neither said, the only one of that surname; among several, one in ``DOMINANT`` times
  as many meetings as any other; records of the bare surname alone are copies of whoever that is,
  and when nobody can tell, the mention goes to the earliest such copy rather than a new one;
- ``known-by-surname``: someone stored under a bare surname is the person a full name of that surname
  now names, when no state says otherwise (and with the same office, when both are known);
- ``far-apart``: times more than ``YEARS_APART`` years apart keep namesakes apart unless the whole
  name, given names and middle initials, is the same.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from . import geo, lexicon

YEARS_APART = 12
DOMINANT = 3
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])")
_INNER_CAPITAL_OK = re.compile(r"^(?:Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|O'|D'|Al-|El-)[A-Z]")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)


@dataclass(frozen=True)
class NameForm:
    """A name as parts: given names (first ones), the surname (with its particles) and the key."""

    given: tuple[str, ...]
    surname: str
    key: str

    @property
    def full(self) -> bool:
        return bool(self.given)


def name_key(name: str) -> str:
    """The form used to recognise a name again: accents, case and punctuation dropped (stored with
    every alias, so it must not change without re-keying them)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in letters.casefold())
    return " ".join(cleaned.split())


def name_form(name: str) -> NameForm:
    words = name_key(name).split()
    particles = lexicon.words("name_particles.txt")
    cut = len(words) - 1
    while cut > 0 and words[cut - 1] in particles:
        cut -= 1
    return NameForm(given=tuple(words[:cut]), surname=" ".join(words[cut:]), key=" ".join(words))


def _glued_at(word: str) -> int | None:
    if _INNER_CAPITAL_OK.match(word):
        return None
    match = _GLUED.search(word)
    return match.start() if match else None


def clean_name(raw: str) -> str:
    """A stored name without what a page glued to it: a tag list after the name ("Anna Berg Berg
    AnnaMinister"), a word repeated, white space runs. Empty when nothing of a name is left."""
    words: list[str] = []
    seen: set[str] = set()
    honorific = {w for w, kinds in lexicon.office_kinds().items() if kinds == {"honorific"}}
    given = (raw or "").split()
    while len(given) > 1 and name_key(given[0]) in honorific:
        given = given[1:]  # "Mr", "Dr": a courtesy, not a name
    for word in given:
        cut = _glued_at(word)
        piece = word[:cut] if cut is not None else word
        if name_key(piece) in seen and name_key(piece):
            break  # the name again: a tag list starts here
        words.append(piece)
        seen.add(name_key(piece))
        if cut is not None:
            break
    return " ".join(words).strip(" ,;:")


def is_person_name(name: str) -> bool:
    """Whether a stored name can be a person's: letters, at most six words, not a heading in
    capitals, not a listed non-name (holidays, diseases, bodies, labels), not a title alone, no
    lower-case word but a particle, no word of a body's or a thing's name, not a state, body or place."""
    words = _WORD.findall(name or "")
    if not words or len(words) > 6 or not words[0][:1].isupper():
        return False
    if len(words) == 1 and len(words[0]) > 2 and words[0].isupper():
        return False  # QUESTION, COVID
    folded = geo.fold(" ".join(words))
    not_names = lexicon.words("not_names.txt")
    if folded in not_names or all(geo.fold(w) in not_names for w in words):
        return False
    offices = lexicon.office_kinds()
    if all(offices.get(w.lower()) for w in words):
        return False  # "Prime Minister": a title with no name
    particles = lexicon.words("name_particles.txt")
    if any(w[:1].islower() and re.split(r"[-'’]", w.lower())[0] not in particles for w in words):
        return False  # "Plan of Action": a lower-case word that is no particle of a name ("al-", "bin")
    if geo.fold(words[-1]) in lexicon.words("document_words.txt"):
        return False  # "Press Statement": a heading
    if any(w.lower() in lexicon.words("org_words.txt") for w in words):
        return False  # a word that makes the run a body's, a place's or a thing's name
    text = " ".join(words)
    return not (geo.state_of_word(text) or geo.organization_of(text) or geo.city_lookup(text))


MAX_NAME_WORDS = 3  # words of a name beyond its particles; a longer form has usually caught a title


def fullest(names: list[str]) -> str:
    """The name to show for a person: the clean form with the most words (then the longest, then the
    first seen), preferring forms of at most ``MAX_NAME_WORDS`` words besides particles ("Anna von
    der Berg"), since a longer one has usually caught the end of a title ("Human Rights Anna Berg")."""
    clean = [n for n in (clean_name(x) for x in names) if n and is_person_name(n)]
    pool = clean or [n for n in names if n]
    particles = lexicon.words("name_particles.txt")

    def rank(n: str) -> tuple:
        words = [w for w in name_key(n).split() if w not in particles]
        return (len(words) <= MAX_NAME_WORDS, len(n.split()), len(n), -pool.index(n))

    return max(pool, key=rank, default="")


@cache
def _variants() -> frozenset[tuple[str, str]]:
    pairs = {(r[0].lower(), r[1].lower()) for r in lexicon.rows("given_name_variants.tsv")}
    return frozenset(pairs | {(b, a) for a, b in pairs})


def _same_given(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return (a, b) in _variants()


def given_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """First given names that agree, and middle names that agree where both give them."""
    if not a or not b:
        return True
    if not _same_given(a[0], b[0]):
        return False
    ma, mb = a[1:], b[1:]
    if ma and mb:
        return len(ma) == len(mb) and all(x[0] == y[0] for x, y in zip(ma, mb, strict=True))
    return True


@dataclass(frozen=True)
class Mention:
    """A person as a new article names them."""

    name: str
    state: str | None = None
    office: str = ""  # the title as written ("Foreign Minister")
    when: dt.date | None = None


@dataclass(frozen=True)
class Candidate:
    """A person already stored, as the policy needs them."""

    id: int
    names: tuple[str, ...]
    state: str | None = None
    offices: frozenset[str] = frozenset()
    first: dt.date | None = None
    last: dt.date | None = None
    meetings: int = 0  # how many meetings the record takes part in


@dataclass(frozen=True)
class Verdict:
    candidate: Candidate | None
    rule: str
    considered: tuple[int, ...] = field(default=())


def _office(title: str) -> frozenset[str]:
    """The office a title names, as its office words ("Prime Minister": prime, minister), so that
    "Minister of Foreign Affairs" and "Foreign Minister" are one office and "Prime Minister" another."""
    offices = lexicon.office_kinds()
    return frozenset(w for w in name_key(title).split() if offices.get(w))


def _years_apart(mention: Mention, c: Candidate) -> float:
    if mention.when is None or c.first is None or c.last is None:
        return 0.0
    if c.first <= mention.when <= c.last:
        return 0.0
    nearest = c.first if mention.when < c.first else c.last
    return abs((mention.when - nearest).days) / 365.25


def _fits(mention: Mention, form: NameForm, c: Candidate) -> str | None:
    """The rule by which a candidate fits the mention, or None."""
    forms = [name_form(n) for n in c.names]
    far = _years_apart(mention, c) > YEARS_APART
    if form.full and any(f.key == form.key for f in forms):
        exact_middles = len(form.given) > 1
        return None if far and not exact_middles else "same-full-name"
    if far:
        return None
    if not form.full:
        surname_fits = any(
            f.surname == form.surname or (len(f.given) == 1 and f.given[0] == form.surname) for f in forms
        )
        return "surname-only" if surname_fits else None  # the state is weighed in _surname_only
    if mention.state and c.state and mention.state != c.state:
        return None
    if any(f.full and f.surname == form.surname and given_agree(f.given, form.given) for f in forms):
        return "compatible-full-name"
    if not any(f.full for f in forms) and any(f.surname == form.surname for f in forms):
        return _known_by_surname(mention, c)
    return None


def _known_by_surname(mention: Mention, c: Candidate) -> str | None:
    """A person stored under a bare surname ("Berg") is the one a full name now names ("Anna Berg")
    when no state says otherwise, and they have the same office if both are known."""
    if mention.state and c.state and c.state != mention.state:
        return None
    office = _office(mention.office)
    theirs = {_office(o) for o in c.offices} - {frozenset()}
    return "known-by-surname" if not office or not theirs or office in theirs else None


_RULE_RANK = {"same-full-name": 3, "compatible-full-name": 2, "known-by-surname": 1}


def person_match(mention: Mention, candidates: list[Candidate]) -> Verdict:
    """The stored person the mention names, by the rules above; None when nobody fits, or when a
    bare surname fits several."""
    form = name_form(mention.name)
    if not form.key:
        return Verdict(None, "no-name")
    fitting = [(rule, c) for c in candidates if (rule := _fits(mention, form, c))]
    ids = tuple(c.id for _, c in fitting)
    if not fitting:
        return Verdict(None, "new-person", ids)
    if not form.full:
        return _surname_only(mention, [c for _, c in fitting], ids)

    def rank(item: tuple[str, Candidate]) -> tuple:
        rule, c = item
        same_state = bool(mention.state and c.state == mention.state)
        return (_RULE_RANK.get(rule, 0), same_state, -_years_apart(mention, c), -c.id)

    rule, best = max(fitting, key=rank)
    return Verdict(best, rule, ids)


def _surname_only(mention: Mention, fitting: list[Candidate], ids: tuple[int, ...]) -> Verdict:
    named = [c for c in fitting if any(name_form(n).full for n in c.names)]
    if not named:
        # Known only by this surname so far: the record of the same state, else the earliest (a
        # second record of a bare surname would be a copy).
        same = [c for c in fitting if mention.state and c.state == mention.state]
        return Verdict(min(same or fitting, key=lambda c: c.id), "surname-only", ids)
    # People with a full name; records of the bare surname alone are their copies. A state read
    # wrongly is common, so the office can outweigh it: "President Berg" with a foreign state is
    # still the one President Berg.
    office = _office(mention.office)
    same_state = [c for c in named if mention.state and c.state == mention.state]
    same_office = [c for c in named if office and any(_office(o) == office for o in c.offices)]
    for pool in ([c for c in same_state if c in same_office], same_state, same_office):
        if len(pool) == 1 or (pool and _dominant(pool)):
            return Verdict(_dominant(pool) or pool[0], "surname-only", ids)
    if not mention.state and not office and len(named) == 1:
        return Verdict(named[0], "surname-only", ids)
    # Nobody can tell: a record of the bare surname already kept for such mentions, if any.
    bare = [c for c in fitting if c not in named and (not c.state or c.state == mention.state)]
    return Verdict(min(bare, key=lambda c: c.id) if bare else None, "ambiguous", ids)


def _dominant(pool: list[Candidate]) -> Candidate | None:
    """The one the sources mostly mean: in at least ``DOMINANT`` times as many meetings as any other."""
    ranked = sorted(pool, key=lambda c: -c.meetings)
    if len(ranked) == 1:
        return ranked[0]
    return ranked[0] if ranked[0].meetings >= DOMINANT * max(ranked[1].meetings, 1) else None
