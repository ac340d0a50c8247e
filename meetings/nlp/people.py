"""People named in an article: full names, titles and the state or body each one represents."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from spacy.tokens import Doc, Span, Token

from . import geo

# The word that names a person by office ("the Foreign Minister", "his counterpart", "the Pope").
_HEAD_NOUNS = {
    "minister",
    "president",
    "secretary",
    "chancellor",
    "adviser",
    "advisor",
    "commissioner",
    "envoy",
    "king",
    "queen",
    "premier",
    "ambassador",
    "chairman",
    "chairwoman",
    "chairperson",
    "chair",
    "representative",
    "director",
    "speaker",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "leader",
    "emir",
    "prince",
    "sheikh",
    "governor",
    "senator",
    "pm",
    "general",
    "chief",
    "counsellor",
    "counselor",
    "mayor",
    "pope",
    "sultan",
    "coordinator",
    "negotiator",
    "monarch",
    "head",
    "counterpart",
}
# The last word of an office ("Foreign Minister", "Secretary of State", "Commission Chairperson"): a
# person noun, or a word that ends the name of a department or body.
TITLE_HEADS = _HEAD_NOUNS | {
    "princess",
    "deputy",
    "vice-president",
    "crown",
    "state",
    "defense",
    "defence",
    "affairs",
    "security",
    "house",
    "staff",
    "commission",
    "council",
    "office",
    "department",
    "ministry",
    "foreign",
    "trade",
    "industry",
}
# Words a title may contain before its head, in lower case ("his Russian counterpart", "foreign minister").
_TITLE_MODS = {
    "foreign",
    "prime",
    "deputy",
    "vice",
    "defence",
    "defense",
    "trade",
    "finance",
    "interior",
    "energy",
    "economy",
    "commerce",
    "petroleum",
    "oil",
    "security",
    "national",
    "state",
    "first",
    "special",
    "senior",
    "chief",
    "executive",
    "external",
    "high",
    "crown",
    "supreme",
    "acting",
    "former",
    "top",
    "assistant",
    "under",
    "principal",
    "permanent",
    "political",
    "economic",
    "presidential",
    "diplomatic",
    "agriculture",
    "health",
    "justice",
    "labour",
    "labor",
    "industry",
    "culture",
    "education",
    "environment",
    "policy",
    "affairs",
    "relations",
    "intelligence",
    "military",
    "party",
    "opposition",
    "climate",
}
_HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "his",
    "her",
    "majesty",
    "excellency",
    "h.e.",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "prof",
    "prof.",
}
_LINKERS = {"of", "for", "the", "and", "on", "&", "-"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# ccTLDs and government sites: a readout published by a government speaks for that state's officials.
_SITE_COUNTRY = {
    "state.gov": "US",
    "whitehouse.gov": "US",
    "defense.gov": "US",
    "kremlin.ru": "RU",
    "gov.uk": "GB",
    "elysee.fr": "FR",
    "president.gov.ua": "UA",
    "fmprc.gov.cn": "CN",
}


@dataclass
class Person:
    name: str
    tokens: tuple[str, ...]
    title: str | None = None
    country: str | None = None
    organization: str | None = None
    aliases: set[str] = field(default_factory=set)
    # Described as an expert, scholar, journalist or business person: speaks for no state or body.
    private: bool = False


@dataclass
class Mention:
    start: int  # char offsets of the name
    end: int
    person: Person
    token_i: int  # index of the name's last token


_NOT_NAME_TAIL = {"meeting", "call", "visit", "talks", "readout", "travel", "trip", "jr", "jr.", "sr", "sr."}


def _clean_name_tokens(ent: Span) -> list[Token]:
    toks = [t for t in ent if not t.is_space]
    # A possessive ends the name ("Blinken's Meeting with ..." in a headline).
    for k, t in enumerate(toks):
        if t.lower_ in {"'s", "’s", "'"} or "\n" in t.text:
            toks = toks[:k]
            break
    while toks and toks[-1].lower_.strip(",") in _NOT_NAME_TAIL:
        toks = toks[:-1]
    # The small model often leaves a first name outside the entity ("Antony J. Blinken").
    doc = ent.doc
    while toks and toks[0].i > 0:
        prev = doc[toks[0].i - 1]
        if (
            prev.pos_ == "PROPN"
            and prev.text[:1].isupper()
            and prev.is_alpha
            and prev.whitespace_
            and prev.lower_ not in TITLE_HEADS
            and prev.lower_ not in _TITLE_MODS
            and prev.lower_ not in _HONORIFICS
            and not prev.is_sent_start
            and prev.ent_type_ not in ("GPE", "NORP", "ORG", "LOC", "FAC")
            and not (prev.i > 0 and doc[prev.i - 1].lower_ in ("of", "for", "the", "to"))
            and not geo.country_of_word(prev.text)
        ):
            toks = [prev, *toks]
        else:
            break
    while toks and (
        toks[0].lower_ in _HONORIFICS
        or toks[0].lower_ in _HEAD_NOUNS
        or toks[0].lower_ in _TITLE_MODS
        or toks[0].lower_ in _STATE_WORDS
    ):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].lower_ in {"'s", "’s"}):
        toks = toks[:-1]
    return toks


def _add_fuller(out: list[list[Token]], seen: set[int], name: list[Token] | None) -> None:
    """Add ``name`` unless it overlaps a name found already; it replaces the shorter names it contains
    (the model tags only "Tim" of "Special Envoy for Yemen Tim Lenderking")."""
    if not name:
        return
    ids = {x.i for x in name}
    inside = [ts for ts in out if {x.i for x in ts} < ids]
    if any(x.i in seen for x in name) and sum(len(ts) for ts in inside) != len(ids & seen):
        return
    for ts in inside:
        out.remove(ts)
    out.append(name)
    seen.update(ids)


def _after_portfolio(doc: Doc, j: int) -> list[Token] | None:
    """The holder named after an office's portfolio: "Commissioner for International Partnerships
    Lena Vogt", "Special Envoy for the Horn of Africa David Satterfield". ``doc[j]`` is "for". The
    portfolio and the name are one run of capitalised words; the name is its tail, from the first
    word the model labels a person, else the last two words, and only when a portfolio word is left."""
    run: list[Token] = []
    k = j + 1
    while k < len(doc) and len(run) < 10:
        t = doc[k]
        if "\n" in doc[k - 1].whitespace_ or (t.is_space and "\n" in t.text):
            break
        if t.ent_type_ in ("DATE", "TIME") or t.lower_ in _WEEKDAYS:
            break  # "Richard Armitage Tuesday met ..."
        if t.text[:1].isupper() and (t.is_alpha or _name_hyphen(doc, k)) or t.lower_ in ("of", "the", "and"):
            run.append(t)
        elif _name_hyphen(doc, k):
            run.append(t)
        else:
            break
        k += 1
    # "... Olusegun Obasanjo and AU Commissioner ...": another office starts after the linker.
    h = next((n for n, t in enumerate(run) if t.lower_ in _HEAD_NOUNS), None)
    if h is not None:
        cut = max((n for n in range(h) if run[n].lower_ in ("and", "of", "the")), default=0)
        run = run[:cut]
    # The name is the capitalised tail after the last linker or state word.
    tail: list[Token] = []
    for t in reversed(run):
        # The model's labels are no guide here: it tags "Africa Olusegun Obasanjo" as a place.
        if t.lower_ in ("of", "the", "and") or geo.country_of_word(t.text):
            break
        tail.insert(0, t)
    persons = [x for x in tail if x.ent_type_ == "PERSON"]
    if persons:
        name = tail[tail.index(persons[0]) :]
    else:
        n = min(2, len(tail))
        while n + 2 <= len(tail) and tail[-n - 1].text == "-":
            n += 2  # "Kassym-Jomart Tokayev"
        name = tail[-n:]
    portfolio = run[: len(run) - len(name)]
    if not name or len(name) > 4 or not any(t.text[:1].isupper() for t in portfolio):
        return None
    after = doc[name[-1].i + 1] if name[-1].i + 1 < len(doc) else None
    if after is not None and after.lower_ in ("'s", "’s"):
        return None  # "President of the People's Republic of China": a state's name, not a person
    if any(x.lower_ in TITLE_HEADS or x.lower_ in _TITLE_MODS or x.lower_ in _STATE_WORDS for x in name):
        return None  # "Minister for Foreign Affairs said": the tail is the portfolio
    return name if _looks_like_name(name) else None


# What a person is when the article calls him "an American expert on foreign policy": someone who
# represents no state at talks (ANNOTATION.md: meetings with business people, journalists or NGOs are
# not meetings).
_PRIVATE_ROLES = {
    "expert",
    "analyst",
    "scholar",
    "academic",
    "researcher",
    "professor",
    "journalist",
    "reporter",
    "editor",
    "columnist",
    "activist",
    "businessman",
    "businesswoman",
    "entrepreneur",
    "investor",
    "economist",
    "lawyer",
    "historian",
    "author",
    "writer",
}


def _private_role(toks: list[Token]) -> bool:
    """Whether an apposition after the name makes the person a private one ("Damon Wilson, an American
    expert on foreign policy"); the first noun of the apposition decides."""
    doc = toks[0].doc
    k = toks[-1].i + 1
    if k >= len(doc) or doc[k].text != ",":
        return False
    for t in doc[k + 1 : min(len(doc), k + 7)]:
        if (
            t.pos_ in ("DET", "ADJ", "PUNCT")
            or t.ent_type_ in ("NORP", "GPE")
            or t.lower_ in ("leading", "former")
        ):
            continue
        if t.pos_ in ("NOUN", "PROPN"):
            nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
            if nxt is not None and nxt.pos_ == "NOUN" and nxt.lemma_.lower() in _PRIVATE_ROLES:
                return True  # "a policy expert"
            return t.lemma_.lower() in _PRIVATE_ROLES
        return False
    return False


def _looks_like_name(toks: list[Token]) -> bool:
    if not toks or len(toks) > 6:
        return False
    words = [t for t in toks if t.is_alpha or "-" in t.text or "." in t.text]
    if not words or not words[0].text[:1].isupper():
        return False
    if any("\n" in t.text for t in toks):
        return False
    joined = " ".join(t.text for t in toks)
    if geo.country_of_word(joined) or geo.organization_of(joined) or geo.city_lookup(joined):
        return False
    return True


def _fold(s: str) -> str:
    return geo._fold(s)


# Words of a state's formal name between an office and its holder ("Prime Minister of the Slovak
# Republic Eduard Heger").
_STATE_WORDS = {
    "the",
    "republic",
    "kingdom",
    "federation",
    "state",
    "states",
    "union",
    "people's",
    "islamic",
    "federal",
    "democratic",
    "arab",
    "socialist",
    "united",
    "of",
    "sultanate",
    "principality",
    "grand",
    "duchy",
    "commonwealth",
    "emirates",
    "confederation",
}


def _name_hyphen(doc: Doc, j: int) -> bool:
    return (
        doc[j].text == "-"
        and j > 0
        and doc[j - 1].whitespace_ == ""
        and doc[j].whitespace_ == ""
        and j + 1 < len(doc)
        and doc[j + 1].text[:1].isupper()
    )


def _surface(toks: list[Token]) -> str:
    # The span's own text: ``doc.text`` would join every token of the article again.
    return re.sub(r"\s+", " ", toks[0].doc[toks[0].i : toks[-1].i + 1].text).strip()


def _key(toks: list[Token]) -> tuple[str, ...]:
    return tuple(_fold(t.text) for t in toks if t.is_alpha or "." in t.text)


class People:
    """The people of one document and where each is mentioned."""

    def __init__(
        self,
        doc: Doc,
        source_country: str | None = None,
        headline: tuple[int, int] | None = None,
        body_start: int | None = None,
    ):
        self.doc = doc
        self.source_country = source_country
        self.persons: list[Person] = []
        self.mentions: list[Mention] = []
        spans = self._name_spans(doc)
        by_last: dict[str, Person] = {}
        pending: list[tuple[list[Token], Span]] = []
        for toks in spans:
            pending.append(toks)
        # Fullest forms first, so a later "Wang" joins "Wang Yi" whatever the order in the text.
        pending = [ts for ts in pending if ts and _key(ts)]
        for toks in sorted(pending, key=lambda ts: -len(ts)):
            key = _key(toks)
            person = self._find(key)
            if person is None:
                person = Person(name=_surface(toks), tokens=key)
                self.persons.append(person)
                by_last[key[-1]] = person
            elif len(key) < len(person.tokens) or key != person.tokens:
                person.aliases.add(_surface(toks))
        # Another name ends the words of an office read backwards from a name.
        self._name_tokens = {t.i for ts in pending for t in ts}
        for toks in sorted(pending, key=lambda ts: ts[0].idx):
            key = _key(toks)
            person = self._find(key)
            if person is None:
                continue
            self.mentions.append(Mention(toks[0].idx, toks[-1].idx + len(toks[-1].text), person, toks[-1].i))
            title, country, org = self._context(toks)
            if title is None and self._counterpart(toks):
                # "his Russian counterpart Sergey Lavrov" holds the same office as the other party.
                prev = next(
                    (
                        m
                        for m in reversed(self.mentions[:-1])
                        if m.person is not person
                        and m.person.title
                        and doc[m.token_i].sent.start == toks[0].sent.start
                    ),
                    None,
                )
                if prev is not None:
                    title = prev.person.title
            if _private_role(toks):
                person.private = True
            # The fullest form of the office wins ("Secretary of State" over "Secretary").
            if title and (not person.title or len(title.split()) > len(person.title.split())):
                person.title = title
            if (country or org) and not (person.country or person.organization):
                person.country, person.organization = country, org
        # Later mentions by one part of the name only ("Lenderking met ...") that the model did not tag.
        index: dict[str, Person] = {}
        for p in self.persons:
            for w in p.tokens:
                if len(w) >= 3 and not geo.country_of_word(w):
                    index.setdefault(w, p)
        spans_ = sorted((m.start, m.end) for m in self.mentions)
        span_starts = [a for a, _ in spans_]

        def covered(pos: int) -> bool:
            k = bisect.bisect_right(span_starts, pos) - 1
            return k >= 0 and spans_[k][0] <= pos < spans_[k][1]

        for t in doc:
            if t.text[:1].isupper() and t.is_alpha and not covered(t.idx):
                p = index.get(_fold(t.text))
                # The model's label is no veto here: it tags unfamiliar surnames as places ("Šefčovič").
                if (
                    p is not None
                    and t.pos_ in ("PROPN", "NOUN", "ADJ", "VERB")
                    and not (
                        geo.country_of_word(t.text) or geo.city_lookup(t.text) or geo.organization_of(t.text)
                    )
                ):
                    self.mentions.append(Mention(t.idx, t.idx + len(t.text), p, t.i))
        self.mentions.sort(key=lambda m: m.start)
        # A government's readout names its own official in the headline without saying whose
        # official he is ("Secretary Blinken's Call with ..."); that official serves the publisher.
        if source_country and headline:
            for m in self.mentions:
                p = m.person
                if headline[0] <= m.start < headline[1] and not (p.country or p.organization):
                    p.country = source_country
        if source_country and body_start is not None:
            # ... and the officials its opening sentences name without a state are its own.
            sents = [s for s in doc.sents if s.end_char > body_start][:2]
            end = sents[-1].end_char if sents else body_start
            first_seen = False
            for m in self.mentions:
                if (
                    body_start <= m.start < end
                    and not (m.person.country or m.person.organization)
                    and (m.person.title or not first_seen)
                ):
                    m.person.country = source_country
                if m.start >= body_start:
                    first_seen = True
        self._starts = [m.start for m in self.mentions]
        self._tok_starts = [t.idx for t in doc]

    def _find(self, key: tuple[str, ...]) -> Person | None:
        for p in self.persons:
            if key == p.tokens:
                return p
        # A shorter form names the same person when all its words appear in a fuller name
        # ("Wang" in "Wang Yi", "Blinken" in "Antony J. Blinken").
        cands = [p for p in self.persons if set(key) <= set(p.tokens)]
        if len(cands) >= 1:
            return cands[0]
        return None

    @staticmethod
    def _name_spans(doc: Doc) -> list[list[Token]]:
        out = []
        seen: set[int] = set()
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            toks = _clean_name_tokens(ent)
            if _looks_like_name(toks):
                out.append(toks)
                seen.update(t.i for t in toks)
        # The small model misses names it has not seen (Šefčovič); a capitalised run right after an
        # office title ("Foreign Minister Hayashi Yoshimasa") is a name all the same.
        for t in doc:
            if t.lower_ in _HEAD_NOUNS and t.text[:1].isupper() and t.i + 1 < len(doc):
                j = t.i + 1
                k_name = len(doc)  # from here on a GPE label does not stop the name
                state_named = False
                # "President of Kazakhstan Kassym-Jomart Tokayev": skip the state to reach the name.
                if doc[j].lower_ == "of":
                    k = j + 1
                    while (
                        k < len(doc)
                        and (
                            doc[k].lower_ in _STATE_WORDS
                            or doc[k].lower_ in ("'s", "’s")  # "the People's Republic of China"
                            or geo.country_of_word(doc[k].text)
                            or doc[k].ent_type_ == "GPE"
                            and doc[k].text[:1].isupper()
                        )
                    ):
                        k += 1
                    state_named = any(
                        geo.country_of_word(doc[x].text) or doc[x].ent_type_ == "GPE" for x in range(j + 1, k)
                    )
                    if k > j + 1:
                        # The model can fold the name into the state ("of the Italian Republic Mario
                        # Draghi" as one GPE): hand back a trailing run of plain words when the words
                        # before it already name the state.
                        back = k
                        while (
                            back - 1 > j + 1
                            and k - back < 3
                            and doc[back - 1].pos_ == "PROPN"
                            and doc[back - 1].text[:1].isupper()
                            and doc[back - 1].lower_ not in _STATE_WORDS
                            and not geo.country_of_word(doc[back - 1].text)
                        ):
                            back -= 1
                        if back < k and any(geo.country_of_word(doc[x].text) for x in range(j + 1, back)):
                            k = k_name = back
                        j = k
                elif doc[j].lower_ == "for":
                    _add_fuller(out, seen, _after_portfolio(doc, j))
                    continue
                run = []
                while (
                    j < len(doc)
                    and (doc[j].pos_ == "PROPN" or _name_hyphen(doc, j))
                    and doc[j].text[:1].isupper()
                    and (doc[j].ent_type_ not in ("GPE", "NORP", "DATE") or j >= k_name)
                    and j not in seen
                    and not geo.country_of_word(doc[j].text)
                    and doc[j].lower_ not in TITLE_HEADS
                    and "\n" not in doc[j].text_with_ws[:-1]
                ):
                    run.append(doc[j])
                    j += 1
                    if j < len(doc) and _name_hyphen(doc, j):
                        run.append(doc[j])  # "Kassym-Jomart"
                        j += 1
                if run and j < len(doc) and j in seen:
                    run = []  # "Chancellor of the Exchequer Nigel Lawson": the run is the office's
                elif not run and j < len(doc) and j in seen:
                    continue  # the holder is named already ("Secretary of State Richard Armitage")
                if (
                    run
                    and len(run) <= 4
                    and _looks_like_name(run)
                    and not (run[0].lower_ in _HEAD_NOUNS or run[0].lower_ in _TITLE_MODS)
                ):
                    out.append(run)
                    seen.update(x.i for x in run)
                elif not run and doc[t.i + 1].lower_ == "of" and not state_named:
                    # "Secretary of Defense Lloyd Austin", "Speaker of the House of Representatives
                    # Nancy Pelosi": the portfolio is no state.
                    _add_fuller(out, seen, _after_portfolio(doc, t.i + 1))
        return out

    def _counterpart(self, toks: list[Token]) -> bool:
        doc = self.doc
        return any(
            doc[i].lower_ in ("counterpart", "counterparts") for i in range(max(0, toks[0].i - 3), toks[0].i)
        )

    def _context(self, toks: list[Token]) -> tuple[str | None, str | None, str | None]:
        """Title and affiliation from the words around a name: "Chinese Foreign Minister Wang Yi",
        "President of Kazakhstan Kassym-Jomart Tokayev", "Kishida of Japan", "Ruto, Kenya's president"."""
        doc = self.doc
        first = toks[0].i
        i = first - 1
        prefix: list[Token] = []
        while i >= 0 and first - i <= 10:
            t = doc[i]
            if t.is_space and t.text.count("\n") == 1 and not t.text.strip(" \n"):
                # A hard line wrap inside "EC\nExternal Relations Commissioner Willy de Clercq".
                i -= 1
                continue
            if (
                (t.ent_type_ == "PERSON" or t.i in self._name_tokens)
                and t.lower_ not in _HEAD_NOUNS
                and t.lower_ not in _HONORIFICS
            ):
                break
            if "\n" in t.text or (t.whitespace_ == "" and "\n" in doc[i + 1].text_with_ws[:0]):
                break
            if (
                t.text == ","
                and prefix
                and prefix[0].text[:1].isupper()
                and i > 0
                and doc[i - 1].is_alpha
                and doc[i - 1].text[:1].isupper()
                and not any(x.lower_ in _HEAD_NOUNS for x in prefix)
            ):
                # A portfolio listed with commas: "Commissioner for Political Affairs, Peace and Security".
                prefix.insert(0, t)
                i -= 1
                continue
            ok = (
                (t.text[:1].isupper() and t.is_alpha)
                or t.lower_ in _LINKERS
                or t.lower_ in _HEAD_NOUNS
                or t.lower_ in _TITLE_MODS
                or t.lower_ in {"'s", "’s", "his", "her", "their"}
                or t.lower_ in _HONORIFICS
                or t.text in {".", "-"}
                and i > 0
                and doc[i - 1].text.upper() in {"U.S", "U.K", "U.N"}
                or t.text in {"U.S.", "U.K.", "U.N.", "E.U."}
                or (t.lower_ in TITLE_HEADS)
            )
            if not ok:
                break
            if t.i < first - 1 and t.text[:1].isupper() and doc[i].is_sent_start:
                prefix.insert(0, t)
                break
            prefix.insert(0, t)
            i -= 1
        country = org = None
        title_words: list[str] = []
        j = 0
        while j < len(prefix):
            t = prefix[j]
            word = t.text
            # Multi-word country names ("South Korea", "United States", "African Union").
            matched = False
            for n in (5, 4, 3, 2, 1):
                if j + n <= len(prefix):
                    # Spaced as written: "People's Republic of China" is China, "Republic of China" Taiwan.
                    phrase = re.sub(r" (['’]s)\b", r"\1", " ".join(x.text for x in prefix[j : j + n]))
                    c = geo.country_of_word(phrase)
                    o = geo.organization_of(phrase)
                    portfolio = any(w.lower() in {"for", "to"} for w in title_words)
                    if (c or o) and portfolio:
                        # "Special Envoy for Yemen", "Ambassador to China": the state is the portfolio.
                        title_words.extend(x.text for x in prefix[j : j + n])
                        j += n
                        matched = True
                        break
                    if (c or o) and not (n == 1 and t.lower_ in _HEAD_NOUNS):
                        # The state word nearest the name is his ("the visit to Ukraine of US Secretary
                        # of State Antony Blinken").
                        if o and not c:
                            org, country = o, None
                        else:
                            country, org = c, None
                        if title_words and title_words[-1].lower() in {"of", "for"}:
                            title_words.pop()
                        j += n
                        if j < len(prefix) and prefix[j].lower_ in {"'s", "’s"}:
                            j += 1
                        matched = True
                        break
            if matched:
                continue
            if t.lower_ in _HONORIFICS or t.lower_ in {"'s", "’s", "his", "her", "their", "the"}:
                j += 1
                continue
            title_words.append(word)
            j += 1
        while title_words and title_words[0].lower() in _LINKERS:
            title_words.pop(0)
        while title_words and title_words[-1].lower() in _LINKERS:
            title_words.pop()
        title = None
        while title_words and not (
            title_words[0].lower() in TITLE_HEADS
            or title_words[0].lower() in _TITLE_MODS
            or title_words[0].lower() in _HEAD_NOUNS
        ):
            title_words.pop(0)
        if title_words and any(w.lower() in _HEAD_NOUNS for w in title_words):
            # Keep the office from its first title word on ("Prime Minister", not "Spanish PM Kenya").
            title = " ".join(title_words).replace(" ,", ",")
            if title.lower() == "counterpart":
                title = None
        last = toks[-1].i
        # "Kishida of Japan", "King Abdullah II of Jordan"
        if last + 2 < len(doc) and doc[last + 1].lower_ == "of":
            phrase = doc[last + 2 : min(len(doc), last + 5)]
            for n in (3, 2, 1):
                words = " ".join(t.text for t in phrase[:n])
                c = geo.country_of_name(words)
                o = geo.organization_of(words)
                if c or o:
                    if not (country or org):
                        country, org = c, (o if not c else None)
                    break
        # Appositive after the name: "William Ruto, Kenya's president,"
        if last + 2 < len(doc) and doc[last + 1].text == ",":
            k = last + 2
            app = []
            while k < len(doc) and k < last + 9 and doc[k].text not in {",", ".", ";"}:
                app.append(doc[k])
                k += 1
            if any(t.lower_ in _HEAD_NOUNS for t in app):
                for t in app:
                    c = geo.country_of_word(t.text)
                    o = geo.organization_of(t.text)
                    if (c or o) and not (country or org):
                        country, org = c, (o if not c else None)
                if not title:
                    words = [t.text for t in app if t.lower_ in _HEAD_NOUNS or t.lower_ in _TITLE_MODS]
                    title = " ".join(words) or None
        return title, country, org

    def at(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return self.mentions[lo:hi]

    def before(self, pos: int, exclude: list[tuple[int, int]] | None = None) -> Person | None:
        """Who "he" or "she" at ``pos`` most likely is in news prose: the last person named as the
        subject of a clause in this or the previous two sentences, else the last person named."""
        k = bisect.bisect_left(self._starts, pos) - 1
        last = None
        doc = self.doc
        here = doc[self._token_index(pos)].sent.start if len(doc) else 0
        sents_back = 0
        prev_sent = here
        while k >= 0:
            m = self.mentions[k]
            k -= 1
            if exclude and any(s <= m.start < e for s, e in exclude):
                continue
            tok = doc[m.token_i]
            st = tok.sent.start
            if st != prev_sent:
                sents_back += 1
                prev_sent = st
            if last is None:
                last = m.person
            if sents_back > 2:
                break
            if tok.dep_ in ("nsubj", "nsubjpass") or (
                tok.dep_ in ("compound", "appos") and tok.head.dep_ in ("nsubj", "nsubjpass")
            ):
                return m.person
        return last

    def titled_before(self, pos: int, office: str) -> Person | None:
        k = bisect.bisect_left(self._starts, pos) - 1
        while k >= 0:
            p = self.mentions[k].person
            if p.title and office in p.title.lower().split():
                return p
            k -= 1
        return None

    def _token_index(self, pos: int) -> int:
        starts = self._tok_starts
        return max(0, min(len(starts) - 1, bisect.bisect_right(starts, pos) - 1))

    def by_token(self, token: Token) -> Person | None:
        for m in self.at(token.idx - 60, token.idx + 1):
            if m.start <= token.idx < m.end:
                return m.person
        return None


def source_country(url: str | None, source: str | None) -> str | None:
    host = ""
    if url:
        try:
            host = urlparse(url.strip()).netloc.lower()
        except ValueError:
            host = ""
    text = f"{host} {(source or '').lower()}"
    for site, code in _SITE_COUNTRY.items():
        if site in text:
            return code
    m = re.search(r"\.([a-z]{2})(?:[/:\s]|$)", host)
    if m and m[1] not in {"io", "co", "tv", "me", "ai"}:
        c = m[1].upper()
        if c == "UK":
            return "GB"
        from pycountry import countries

        if countries.get(alpha_2=c):
            return c
    return None


def publisher_state(url: str | None, source: str | None) -> str | None:
    """The state whose government published the text (a readout, an address, a transcript), else None.

    News sites under a country code are no government voice: their "I" is a reporter or a quoted guest."""
    code = source_country(url, source)
    if code is None:
        return None
    host = ""
    if url:
        try:
            host = urlparse(url.strip()).netloc.lower()
        except ValueError:
            host = ""
    text = f"{host} {(source or '').lower()}"
    if any(site in text for site in _SITE_COUNTRY) or re.search(r"(?:^|\.)gov(?:\.|$)", host):
        return code
    return None


def display_name(p: Person) -> str:
    return re.sub(r"\s+", " ", p.name).strip()
