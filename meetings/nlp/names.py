"""Where people are named: spans of person names, without titles or honorifics, each with its rule.

Names come from the model's PERSON entities, cleaned, and from the capitalised run after an office
word ("Foreign Minister Tanaka Hiroshi", "Commissioner for Trade Tomáš Dvořák"), which the small
model often misses. What is no name is left out: states, bodies, cities, holidays, headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import geo, lexicon
from .dates import WEEKDAYS

# Prefixes after which a capital inside a word is part of a name ("McCarthy", "DeSantis").
_INNER_CAPITAL_OK = re.compile(r"^(?:Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|O'|D'|Al-|El-)[A-Z]")


@dataclass(frozen=True)
class NameMention:
    first: int  # token index of the name's first token
    last: int  # token index of its last token (inclusive)
    start: int  # character offsets of the name
    end: int
    text: str
    key: tuple[str, ...]  # its words folded: ("wang", "yi")
    rule: str


def _office_or_honorific(word: str) -> bool:
    w = word.lower()
    kinds = lexicon.office_kinds().get(w, ())
    return bool(kinds) and not ({"office", "honorific", "modifier"}.isdisjoint(kinds))


def _is_state_or_body(text: str) -> bool:
    return bool(geo.state_of_word(text) or geo.organization_of(text))


def _glued(word: str) -> bool:
    """A word glued to the next one by a page's tag list ("EmmanuelPresident")."""
    return bool(re.search(r"[a-z][A-Z]", word)) and not _INNER_CAPITAL_OK.match(word)


def name_key(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(geo.fold(w) for w in words if re.search(r"\w", w) and w.lower() not in ("'s", "’s"))


def looks_like_name(toks: list[Token], *, titled: bool = False) -> bool:
    """Whether a run of tokens can be a person's name: one to six words, the first capitalised, no line
    break, not all in capitals (a heading), and not a state, body, city, landmark or listed non-name.
    ``titled``: the run follows a capitalised office or honorific ("King Hassan", "President Lima"),
    where a word that is also a city's name is the person's."""
    if not toks or len(toks) > 6:
        return False
    words = [t for t in toks if t.is_alpha or "-" in t.text or "." in t.text or "'" in t.text]
    if not words or not words[0].text[:1].isupper():
        return False
    if any("\n" in t.text or "\n" in t.whitespace_ for t in toks[:-1]) or any(_glued(t.text) for t in toks):
        return False
    joined = " ".join(t.text for t in toks)
    if len(joined) > 2 and joined.isupper() and len(toks) == 1:
        return False
    folded = geo.fold(joined)
    if folded in lexicon.words("not_names.txt") or all(
        geo.fold(t.text) in lexicon.words("not_names.txt") for t in toks
    ):
        return False
    if len(toks) > 1 and geo.fold(toks[-1].text) in lexicon.words("document_words.txt"):
        return False  # "Press Statement": a heading
    if _is_state_or_body(joined) or (not titled and (geo.city_lookup(joined) or geo.landmark(joined))):
        return False
    return not all(
        _office_or_honorific(t.text) or t.lower_ in lexicon.words("state_name_words.txt") for t in toks
    )


def _strip(toks: list[Token]) -> list[Token]:
    """The name inside an entity: no honorific, office, state adjective or possessive around it, no
    trailing word that the model glued to it ("Carver's Meeting"), and a repeated word once only."""
    for k, t in enumerate(toks):
        if t.lower_ in ("'s", "’s", "'") or "\n" in t.text or t.is_space:
            toks = toks[:k]
            break
    while toks and (toks[-1].lower_.strip(",") in lexicon.words("name_tails.txt") or toks[-1].is_punct):
        toks = toks[:-1]
    while toks and (
        _office_or_honorific(toks[0].text)
        or toks[0].lower_ in lexicon.words("state_name_words.txt")
        or _is_state_or_body(toks[0].text)
        or toks[0].lower_ in ("his", "her", "former", "then")
    ):
        toks = toks[1:]
    return no_repeats(toks)


def no_repeats(toks: list[Token]) -> list[Token]:
    """A name up to a word it repeats: "Claire Dumont Dumont ClairePresident" is a page's tag list glued on."""
    seen: set[str] = set()
    for k, t in enumerate(toks):
        if t.lower_ in seen and t.is_alpha:
            return toks[:k]
        seen.add(t.lower_)
    return toks


def _first_name_before(doc: Doc, toks: list[Token]) -> list[Token]:
    """The small model often leaves a first name outside the entity ("John Q. Carver")."""
    while toks and toks[0].i > 0:
        prev = doc[toks[0].i - 1]
        before = doc[prev.i - 1] if prev.i > 0 else None
        if not (
            prev.pos_ == "PROPN"
            and prev.text[:1].isupper()
            and (prev.is_alpha or re.fullmatch(r"[A-Z]\.", prev.text))
            and prev.whitespace_
            and not prev.is_sent_start
            and not _office_or_honorific(prev.text)
            and prev.lower_ not in lexicon.words("state_name_words.txt")
            and prev.ent_type_ not in ("GPE", "NORP", "ORG", "LOC", "FAC", "DATE")
            and not _is_state_or_body(prev.text)
            and not (before is not None and before.lower_ in ("of", "for", "the", "to"))
        ):
            break
        toks = [prev, *toks]
    return toks


def _last_name_after(doc: Doc, toks: list[Token]) -> list[Token]:
    """An entity cut inside a name: after a particle ("Anna von der | Berg") or a hyphen."""
    nxt = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
    ends_open = (
        toks[-1].lower_ in lexicon.words("name_particles.txt")
        or (toks[-1].text in ("-", "–") and not toks[-1].whitespace_)
        or (
            nxt is not None and nxt.lower_ in lexicon.words("name_particles.txt")
        )  # "Farid Kamal | oglu Mammadov"
    )
    if not ends_open:
        return toks
    j = toks[-1].i + 1
    lead = []
    while j < len(doc) and doc[j].lower_ in lexicon.words("name_particles.txt") and len(lead) < 2:
        lead.append(doc[j])  # "Anna von | der Berg"
        j += 1
    rest = _run(doc, j, limit=2)
    return [*toks, *lead, *rest] if rest else toks


def _mention(doc: Doc, toks: list[Token], rule: str) -> NameMention:
    first, last = toks[0], toks[-1]
    text = re.sub(r"\s+", " ", doc[first.i : last.i + 1].text).strip()
    return NameMention(
        first.i, last.i, first.idx, last.idx + len(last.text), text, name_key([t.text for t in toks]), rule
    )


def _from_entities(doc: Doc) -> list[NameMention]:
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        toks = _strip([t for t in ent])
        if toks and toks[0].i == ent.start:
            toks = _first_name_before(doc, toks)
        if toks and toks[-1].i == ent.end - 1 and ent.end < len(doc):
            toks = _last_name_after(doc, toks)
        if looks_like_name(toks, titled=_titled(doc, toks)):
            out.append(_mention(doc, toks, "name.entity"))
    return out


def _titled(doc: Doc, toks: list[Token]) -> bool:
    """Whether the name right after a capitalised office or honorific ("King Hassan")."""
    if not toks or toks[0].i == 0:
        return False
    before = doc[toks[0].i - 1]
    return before.text[:1].isupper() and _office_or_honorific(before.text)


def _untagged_runs(doc: Doc) -> list:
    """Runs of capitalised proper nouns the model gave no entity label, joined by "compound"."""
    out = []
    for t in doc:
        if t.ent_iob_ != "O" or t.pos_ != "PROPN" or t.dep_ == "compound":
            continue
        left = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_iob_ == "O"]
        if left and left[0].i == t.i - len(left):
            out.append(doc[left[0].i : t.i + 1])
    return out


def _listed_with(root: Token, found: list[NameMention]) -> bool:
    """Whether ``root`` is conjoined with a person's name ("A, B and C", where the model tagged only A)."""
    people = {i for m in found for i in range(m.first, m.last + 1)}
    heads = [root.head] if root.dep_ == "conj" else []
    heads += [c for c in root.children if c.dep_ == "conj"]
    return any(h.i in people for h in heads)


def _between_names(doc: Doc, toks: list[Token], found: list[NameMention]) -> bool:
    """ "Park Ji-ho, Haruto Sato and Tomas Reyes": a run between two names of a list, by the words."""
    ends = {m.last for m in found}
    starts = {m.first for m in found}
    a, b = toks[0].i, toks[-1].i
    return (
        a >= 2
        and b + 2 < len(doc)
        and doc[a - 1].lower_ in (",", "and")
        and a - 2 in ends
        and doc[b + 1].lower_ in (",", "and")
        and b + 2 in starts
    )


def _person_tagged_otherwise(doc: Doc, persons: list[NameMention] | None = None) -> list[NameMention]:
    """An unknown person's name that the model tags as an organisation ("Karim Benali made the
    appeal"): two or three capitalised words, none of them a word of organisations or places, that
    stand where people stand (the subject of a clause, or set off by an office in apposition)."""
    out = []
    for ent in [*doc.ents, *_untagged_runs(doc)]:
        toks = _strip(list(ent))  # "Kazakhstan Nurlan Bekov" after "President of"
        listed = bool(toks) and (
            (toks[-1].dep_ == "conj" and _listed_with(toks[-1], persons or []))
            or _between_names(doc, toks, persons or [])
        )
        labels = ("ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "") + (("FAC", "NORP") if listed else ())
        if ent.label_ not in labels or not 2 <= len(toks) <= 3:
            continue
        if not all(
            t.text[:1].isupper() and not t.text.isupper() and (t.is_alpha or "-" in t.text) for t in toks
        ):
            continue
        if any(
            geo.fold(t.text) in lexicon.words("org_words.txt") or _office_or_honorific(t.text) for t in toks
        ):
            continue
        if (
            not toks
            or (toks[-1].dep_ not in ("nsubj", "nsubjpass", "appos", "pobj", "dobj") and not listed)
            or not looks_like_name(toks)
        ):
            continue
        out.append(_mention(doc, toks, "name.org_tagged_person"))
    return out


def _name_word(doc: Doc, j: int) -> bool:
    t = doc[j]
    if (
        t.text[:1].isupper()
        and (t.is_alpha or re.fullmatch(r"[A-Z]\.|[\w'’.-]+", t.text))
        and t.pos_ in ("PROPN", "NOUN", "ADJ", "X", "VERB")
    ):
        return t.lower_ not in WEEKDAYS and not _office_or_honorific(t.text) and t.ent_type_ != "DATE"
    return False


def _hyphen(doc: Doc, j: int) -> bool:
    return (
        doc[j].text in ("-", "–")
        and j > 0
        and not doc[j - 1].whitespace_
        and not doc[j].whitespace_
        and j + 1 < len(doc)
        and doc[j + 1].text[:1].isupper()
    )


def _run(doc: Doc, j: int, limit: int = 5) -> list[Token]:
    """The capitalised words from ``j`` on that can make a name ("Nurlan-Bek Bekov", "Anna von
    der Berg"); it stops at a line break, a state word, a date and an office word."""
    run: list[Token] = []
    while j < len(doc) and len(run) < limit:
        t = doc[j]
        if run and "\n" in doc[j - 1].whitespace_ + doc[j - 1].text:
            break
        if _hyphen(doc, j) and run:
            run.extend([t, doc[j + 1]])
            j += 2
            continue
        if (
            t.lower_ in lexicon.words("name_particles.txt")
            and run
            and j + 1 < len(doc)
            and doc[j + 1].text[:1].isupper()
        ):
            run.append(t)
        elif _name_word(doc, j) and not (geo.state_of_word(t.text) and t.ent_type_ in ("GPE", "NORP")):
            run.append(t)
        else:
            break
        j += 1
    while run and run[-1].lower_ in lexicon.words("name_particles.txt"):
        run.pop()
    return run


def _skip_state(doc: Doc, j: int) -> tuple[int, bool]:
    """After an office's "of": skip the state ("President of the Republic of Kazakhstan ...") and say
    whether one was named. Returns the index after it."""
    k = j
    named = False
    while k < len(doc) and (
        doc[k].lower_ in lexicon.words("state_name_words.txt")
        or geo.state_of_word(doc[k].text)
        or (doc[k].ent_type_ == "GPE" and doc[k].text[:1].isupper())
    ):
        named = named or bool(geo.state_of_word(doc[k].text) or doc[k].ent_type_ == "GPE")
        k += 1
    phrase = doc[j:k].text
    if k > j and not geo.state_of_word(phrase) and named:
        # The model can fold the holder into the state ("of the Italian Republic Marco Bianchi"): give
        # back the trailing plain words when the words before them already name the state.
        back = k
        while (
            back - 1 > j
            and k - back < 3
            and doc[back - 1].pos_ == "PROPN"
            and not geo.state_of_word(doc[back - 1].text)
            and doc[back - 1].lower_ not in lexicon.words("state_name_words.txt")
        ):
            back -= 1
        if back < k and any(geo.state_of_word(doc[x].text) for x in range(j, back)):
            k = back
    return k, named


def _after_portfolio(doc: Doc, j: int) -> list[Token] | None:
    """The holder named after an office's portfolio ("Commissioner for International Partnerships
    Lena Vogt", "Secretary of Defense Mark Hale"). ``doc[j]`` is "for" or "of". The portfolio and the
    name are one run of capitalised words; the name is its tail: from the first word the model tags as
    a person, else its last two words, and only when a portfolio word is left before it."""
    run: list[Token] = []
    k = j + 1
    while k < len(doc) and len(run) < 10:
        t = doc[k]
        if "\n" in doc[k - 1].whitespace_ or t.ent_type_ in ("DATE", "TIME") or t.lower_ in WEEKDAYS:
            break
        if (
            (t.text[:1].isupper() and (t.is_alpha or _hyphen(doc, k)))
            or t.lower_ in ("of", "the", "and")
            or _hyphen(doc, k)
        ):
            run.append(t)
            k += 1
        else:
            break
    office_at = next(
        (n for n, t in enumerate(run) if "office" in lexicon.office_kinds().get(t.lower_, ())), None
    )
    if office_at is not None:  # "... Mensah and AU Commissioner ...": another office starts
        run = run[: max((n for n in range(office_at) if run[n].lower_ in ("and", "of", "the")), default=0)]
    while run and run[-1].lower_ in lexicon.words("name_tails.txt"):
        run = run[:-1]  # "Special Envoy for the Lakes of Africa Mark Hale Travel to ...": a headline's verb
    tail: list[Token] = []
    for t in reversed(run):
        if t.lower_ in ("of", "the", "and") or geo.state_of_word(t.text):
            break
        tail.insert(0, t)
    persons = [x for x in tail if x.ent_type_ == "PERSON"]
    if persons and persons[0] is not tail[0]:
        name = tail[tail.index(persons[0]) :]
    else:
        n = min(2, len(tail))
        while n + 2 <= len(tail) and tail[-n - 1].text in ("-", "–"):
            n += 2
        name = tail[-n:] if n else []
    if 1 < len(name) == len(tail) and run.index(tail[0]) > 0 and run[run.index(tail[0]) - 1].lower_ == "of":
        name = name[1:]  # "Envoy for the Lakes of Africa Hale": the word after "of" is the portfolio's
    portfolio = run[: len(run) - len(name)]
    after = doc[name[-1].i + 1] if name and name[-1].i + 1 < len(doc) else None
    if not name or len(name) > 4 or not any(t.text[:1].isupper() for t in portfolio):
        return None
    if after is not None and after.lower_ in ("'s", "’s"):
        return None  # "President of the People's Republic of China": a state's name
    if any(
        _office_or_honorific(x.text)
        or x.lower_ in lexicon.words("state_name_words.txt")
        or "end" in lexicon.office_kinds().get(x.lower_, ())
        for x in name
    ):
        return None  # "Minister for Foreign Affairs said": the tail is the portfolio
    return name if looks_like_name(name) else None


def _after_office(doc: Doc, t: Token, taken: set[int]) -> tuple[list[Token] | None, str]:
    """The name right after a capitalised office word ("Foreign Minister Tanaka Hiroshi",
    "President of Kazakhstan Nurlan-Bek Bekov"), or after its portfolio."""
    j = t.i + 1
    if j < len(doc) and doc[j].lower_ == "of":
        k, named = _skip_state(doc, j + 1)
        if not named:
            return _after_portfolio(doc, j), "name.after_portfolio"
        j = k
    elif j < len(doc) and doc[j].lower_ == "for":
        return _after_portfolio(doc, j), "name.after_portfolio"
    if j in taken:
        return None, ""
    run = _run(doc, j)
    while run and run[-1].lower_ in lexicon.words("name_tails.txt"):
        run = run[:-1]  # "Foreign Minister Tanaka Visit": a headline's noun
    run = no_repeats(run)
    if run and run[-1].i + 1 in taken:
        return None, ""  # "Chancellor of the Exchequer Nigel Lawson": the run is the office's
    return (run if looks_like_name(run, titled=_titled(doc, run)) else None), "name.after_office"


def find_names(doc: Doc) -> tuple[NameMention, ...]:
    """Every person name of the document, in text order, none overlapping another."""
    entities = _from_entities(doc)
    found = entities + _person_tagged_otherwise(doc, entities)
    taken = {i for m in found for i in range(m.first, m.last + 1)}
    for t in doc:
        if not (t.text[:1].isupper() and "office" in lexicon.office_kinds().get(t.lower_, ())):
            continue
        if t.i + 1 >= len(doc) or t.i in taken:
            continue
        toks, rule = _after_office(doc, t, taken)
        if not toks:
            continue
        ids = set(range(toks[0].i, toks[-1].i + 1))
        # The model can fold a portfolio's last word into the name ("Partnerships Lena Vogt").
        found = [
            m
            for m in found
            if not (m.first < toks[0].i and m.last == toks[-1].i and rule == "name.after_portfolio")
        ]
        taken = {i for m in found for i in range(m.first, m.last + 1)}
        inside = [m for m in found if set(range(m.first, m.last + 1)) < ids]
        if ids & taken and sum(m.last - m.first + 1 for m in inside) != len(ids & taken):
            continue
        found = [m for m in found if m not in inside]
        found.append(_mention(doc, toks, rule))
        taken |= ids
    return tuple(sorted(found, key=lambda m: m.first))
