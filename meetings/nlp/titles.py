"""The office and the state or body the words around a name give it.

"Chinese Foreign Minister Li Wenhua", "President of Kazakhstan Nurlan-Bek Bekov", "Sato of Japan",
"Amani Otieno, Kenya's president,", "his Russian counterpart Ivan Petrov", "Damon Wilson, an American
expert". This module only reads the cues; ``affiliation`` decides what a person represents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import geo, lexicon
from .names import NameMention

_LINKERS = {"of", "for", "the", "and", "on", "&", "-", "to"}
_POSSESSIVE = {"'s", "’s", "his", "her", "their", "its"}
_ABBREVIATED_STATES = {"U.S.", "U.K.", "U.N.", "E.U.", "U.S", "U.K", "U.N"}


@dataclass(frozen=True)
class OfficeCue:
    """What the words around one mention of a name say about the person."""

    title: str | None = None
    state: str | None = None
    org: str | None = None
    rule: str | None = None  # the rule that found the state or body
    title_rule: str | None = None
    counterpart: bool = False  # "his Russian counterpart Ivan Petrov": same office as the other side
    private: bool = False  # "an American expert": speaks for no state or body
    start: int = 0  # characters the cue covers
    end: int = 0


def _kinds(t: Token) -> frozenset[str]:
    return lexicon.office_kinds().get(t.lower_, frozenset())


def _title_word(t: Token) -> bool:
    return bool(_kinds(t) - {"honorific"})


def _prefix_word(doc: Doc, i: int, prefix: list[Token]) -> bool:
    t = doc[i]
    return (
        (t.text[:1].isupper() and (t.is_alpha or "-" in t.text))
        or t.lower_ in _LINKERS
        or _title_word(t)
        or t.lower_ in _POSSESSIVE
        or "honorific" in _kinds(t)
        or t.text in _ABBREVIATED_STATES
        or (t.text in (".", "-") and i > 0 and doc[i - 1].text.upper() in _ABBREVIATED_STATES)
    )


def _prefix(doc: Doc, first: int, names_at: set[int]) -> list[Token]:
    """The words before a name that can belong to its office, read backwards until something else."""
    prefix: list[Token] = []
    i = first - 1
    while i >= 0 and first - i <= 10:
        t = doc[i]
        if t.is_space and t.text.count("\n") == 1 and not t.text.strip(" \n"):
            i -= 1  # a hard line wrap inside "EC\nExternal Relations Commissioner Jan de Vries"
            continue
        if "\n" in t.text or "\n" in t.whitespace_ or (i in names_at and not _title_word(t)):
            break
        if (
            t.text == ","
            and prefix
            and prefix[0].text[:1].isupper()
            and i > 0
            and doc[i - 1].is_alpha
            and doc[i - 1].text[:1].isupper()
            and not any("office" in _kinds(x) for x in prefix)
        ):
            prefix.insert(
                0, t
            )  # a portfolio listed with commas: "Commissioner for Political Affairs, Peace and Security"
            i -= 1
            continue
        if not _prefix_word(doc, i, prefix):
            break
        prefix.insert(0, t)
        if t.is_sent_start and t.i < first - 1:
            break
        i -= 1
    while prefix and prefix[0].lower_ in _LINKERS - {"the"}:
        prefix.pop(0)  # "a letter to Japanese Prime Minister Sato": "to" is the sentence's, not the title's
    return prefix


def _state_phrase(words: list[Token], j: int) -> tuple[int, str | None, str | None]:
    """The longest run of words from ``j`` that names a state or a body: (length, state, body)."""
    for n in (5, 4, 3, 2, 1):
        if j + n > len(words):
            continue
        phrase = re.sub(r" (['’]s)\b", r"\1", " ".join(x.text for x in words[j : j + n]))
        phrase = phrase.replace(" .", ".")
        if n == 1 and "office" in _kinds(words[j]):
            continue
        c = geo.state_of_word(phrase)
        o = None if c else geo.organization_of(phrase)
        if c or o:
            return n, c, o
    return 0, None, None


def _adviser_to(title: list[str], prefix: list[Token], after: int) -> bool:
    """Whether a state phrase names the state of an office the title serves ("... to the Prime Minister
    of Estonia", "... to the German Chancellor"), not a portfolio ("Envoy for Yemen")."""
    if "to" not in (w.lower() for w in title) or "for" in (w.lower() for w in title[title.index("to") :]):
        return False
    office_before = any(
        "office" in lexicon.office_kinds().get(w.lower(), ()) for w in title[title.index("to") :]
    )
    office_after = after < len(prefix) and "office" in _kinds(prefix[after])
    return (office_before and title[-1].lower() == "of") or office_after


def _read_prefix(prefix: list[Token]) -> tuple[list[str], str | None, str | None, str | None]:
    """Split the words before a name into the title and the state or body they name."""
    title: list[str] = []
    state = org = rule = None
    j = 0
    while j < len(prefix):
        n, c, o = _state_phrase(prefix, j)
        if n:
            the = bool(title) and title[-1].lower() == "the"
            if the and not any(w.lower() in ("for", "to") for w in title[:-1]):
                title.pop()  # "President of the Republic of Kazakhstan": the article goes with the state
            if _adviser_to(title, prefix, j + n) and state is None and org is None:
                # "Adviser to the President of Latvia", "adviser to the German Chancellor": the
                # state of the office advised is the adviser's; the title keeps the office only
                state, org, rule = c, o, "office.adviser_to"
                if title and title[-1].lower() == "of":
                    title.pop()
            elif any(w.lower() in ("for", "to") for w in title):
                title.extend(x.text for x in prefix[j : j + n])  # "Special Envoy for Yemen": the portfolio
            else:
                state, org = c, o
                rule = (
                    "office.possessive"
                    if j + n < len(prefix) and prefix[j + n].lower_ in ("'s", "’s")
                    else "office.of_state"
                    if title and title[-1].lower() == "of"
                    else "office.adjective"
                )
                if title and title[-1].lower() in ("of", "for"):
                    title.pop()
            j += n
            continue
        t = prefix[j]
        # "the" inside a title stays ("Chancellor of the Exchequer", "Adviser to the Chancellor")
        inner_the = t.lower_ == "the" and bool(title) and title[-1].lower() in ("of", "to", "for")
        if not (
            "honorific" in _kinds(t)
            or t.lower_ in _POSSESSIVE
            or (t.lower_ == "the" and not inner_the)
            or t.text == "."
        ):
            title.append(t.text)
        j += 1
    return title, state, org, rule


def _clean_title(words: list[str]) -> str | None:
    while words and (words[0].lower() in _LINKERS or words[0] == ","):
        words = words[1:]
    while words and (words[-1].lower() in _LINKERS or words[-1] == ","):
        words = words[:-1]
    while words and not lexicon.office_kinds().get(words[0].lower()):
        words = words[1:]  # "Spanish PM Kenya ...": the office starts at its first office word
    if not any("office" in lexicon.office_kinds().get(w.lower(), ()) for w in words):
        return None
    title = re.sub(r" ?([-‐]) ?", r"\1", " ".join(words).replace(" ,", ","))  # "Secretary-General"
    return None if title.lower() in ("counterpart", "counterparts") else title


def _name_of(doc: Doc, last: int) -> tuple[str | None, str | None]:
    """ "Sato of Japan", "King Hassan III of Jordan", "Borrell of the EU"."""
    if last + 2 >= len(doc) or doc[last + 1].lower_ != "of":
        return None, None
    words = doc[last + 2 : min(len(doc), last + 6)]
    for n in (4, 3, 2, 1):
        phrase = " ".join(t.text for t in words[:n])
        c = geo.state_of_name(phrase)
        o = None if c else geo.organization_of(phrase, adjective=False)
        if c or o:
            return c, o
    return None, None


def _apposition(doc: Doc, last: int, names_at: set[int]) -> tuple[list[Token], bool]:
    """The words of ", Kenya's president," after a name, and whether they make the person a private one
    ("Damon Wilson, an American expert on foreign policy"). A clause (", met ...") or a list (", and
    ...") is no apposition, and another name ends it."""
    if last + 2 >= len(doc) or doc[last + 1].text != ",":
        return [], False
    app: list[Token] = []
    k = last + 2
    stops = (",", ".", ";", "—", "–", "(")
    while k < len(doc) and k < last + 10 and doc[k].text not in stops and "\n" not in doc[k].text:
        if k in names_at:
            break
        app.append(doc[k])
        k += 1
    clause = ("CCONJ", "VERB", "AUX", "ADP", "SCONJ", "PRON")
    if not app or app[0].pos_ in clause or any(t.pos_ in ("VERB", "AUX") for t in app):
        return [], False
    private_roles = lexicon.words("private_roles.txt")
    nouns = [t for t in app if t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("NORP", "GPE")]
    private = bool(nouns) and any(t.lemma_.lower() in private_roles for t in nouns[:2])
    return app, private


def _before_comma(doc: Doc, first: int, names_at: set[int]) -> list[Token]:
    """ "The French President, Claire Dumont,", "the foreign minister of China, Li Wenhua": an office set
    off by a comma before the name."""
    if first < 2 or doc[first - 1].text != ",":
        return []
    prefix = _prefix(doc, first - 1, names_at)
    return prefix if any("office" in _kinds(t) for t in prefix[-4:]) else []


def _names_listed(doc: Doc, first: int, names_at: set[int]) -> tuple[int, int, int] | None:
    """(index of the mention, number of names, token of the comma before them) when the name at
    ``first`` is one of a list of names set off by a comma ("..., Ann Lee and Bo Kim, met")."""
    i = first
    before = 0
    while True:  # back over the names listed before this one
        j = i - 1
        while j >= 0 and j in names_at:
            j -= 1
        if j < 0:
            return None
        if doc[j].lower_ in ("and", ",") and j - 1 in names_at:
            k = j - 1
            while k - 1 >= 0 and k - 1 in names_at:
                k -= 1
            i, before = k, before + 1
            continue
        if doc[j].text != ",":
            return None
        comma = j
        break
    n, k = before + 1, first
    while k < len(doc):  # on over the names listed after it
        while k < len(doc) and k in names_at:
            k += 1
        if k + 1 < len(doc) and doc[k].lower_ in ("and", ",") and k + 1 in names_at:
            n, k = n + 1, k + 1
            continue
        break
    return before, n, comma


def _respective(doc: Doc, mention: NameMention, names_at: set[int]) -> tuple[str | None, str | None, int]:
    """ "The foreign ministers of Armenia and Azerbaijan, A and B," or "the Kenyan and Ugandan
    presidents, A and B,": the office in the plural, and the states in the order of the names.
    (title, state, start of the phrase), or (None, None, 0)."""
    listed = _names_listed(doc, mention.first, names_at)
    if listed is None or listed[1] < 2:
        return None, None, 0
    at, count, comma = listed
    start = max(doc[comma].sent.start, comma - 14)
    words = [t for t in doc[start:comma]]
    office = next((k for k in range(len(words) - 1, -1, -1) if words[k].tag_ in ("NNS", "NNPS")), None)
    if office is None or "office" not in lexicon.office_kinds().get(words[office].lemma_.lower(), ()):
        return None, None, 0
    states: list[str | None] = []
    j = 0
    while j < len(words):
        n, c, o = _state_phrase(words, j)
        if n and (c or o):
            states.append(c or o)
            j += n
        else:
            j += 1
    if len(states) != count:
        return None, None, 0
    first = office
    while first > 0 and _title_word(words[first - 1]) and not geo.state_of_word(words[first - 1].text):
        first -= 1
    title = (
        " ".join(w.text.capitalize() for w in words[first:office]) + " " + words[office].lemma_.capitalize()
    )
    return title.strip(), states[at], words[0].idx


def cue_for(doc: Doc, mention: NameMention, names_at: set[int]) -> OfficeCue:
    """What the words around ``mention`` say: its office, its state or body, a counterpart, a private role."""
    prefix = _prefix(doc, mention.first, names_at)
    if (
        prefix
        and _read_prefix(prefix)[1:3] == (None, None)
        and prefix[0].i > 1
        and doc[prefix[0].i - 1].text == ","
    ):
        # "Qatar's Prime Minister and Foreign Minister, Sheikh Mohammed ...": the office before the comma.
        prefix = _before_comma(doc, prefix[0].i, names_at) + prefix
    prefix = prefix or _before_comma(doc, mention.first, names_at)
    counterpart = any(t.lower_ in ("counterpart", "counterparts") for t in prefix[-3:])
    words, state, org, rule = _read_prefix(prefix)
    title = _clean_title(words)
    title_rule = "title.before" if title else None
    start = prefix[0].idx if prefix else mention.start
    end = mention.end
    if not (state or org):
        state, org = _name_of(doc, mention.last)
        rule = "office.name_of" if (state or org) else None
    if not (state or org or title):
        title, side, at = _respective(doc, mention, names_at)
        if side is not None:
            state, org = (side, None) if len(side) == 2 and side.isupper() else (None, side)
            rule, title_rule, start = "office.respective", "title.respective", at
    app, private = _apposition(doc, mention.last, names_at)
    if app and any("office" in _kinds(t) for t in app):
        for n in range(len(app)):
            size, c, o = _state_phrase(app, n)
            if size and not (state or org):
                state, org, rule = c, o, "office.apposition"
                break
        if not title:
            app_words = [
                t.text
                for t in app
                if _title_word(t) or (t.text[:1].isupper() and t.is_alpha and not geo.state_of_word(t.text))
            ]
            title, title_rule = _clean_title(app_words), "title.apposition"
        end = app[-1].idx + len(app[-1].text)
    if not private:
        private = any(
            t.lemma_.lower() in lexicon.words("private_roles.txt") for t in prefix[-2:] if t.pos_ == "NOUN"
        )
    return OfficeCue(title, state, org, rule, title_rule if title else None, counterpart, private, start, end)
