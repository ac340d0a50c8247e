"""Meetings: sentences that report talks between two or more states or bodies, merged per event."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from . import geo
from .dates_legacy import is_duration, range_start, resolve_date
from .people import _HEAD_NOUNS, People, Person
from .quotes_legacy import SPEECH_VERBS

_MEET_NOUNS = {
    "meeting",
    "summit",
    "talk",
    "negotiation",
    "conversation",
    "visit",
    "consultation",
    "teleconference",
    "videoconference",
    "lunch",
    "dinner",
    "tête-à-tête",
    "round",
}
_CALL_WORDS = {
    "phone",
    "telephone",
    "video",
    "videoconference",
    "teleconference",
    "call",
    "virtual",
    "virtually",
    "phoned",
    "telephoned",
}
_PLAN_LEMMAS = {
    "plan",
    "schedule",
    "due",
    "expect",
    "set",
    "prepare",
    "intend",
    "aim",
    "propose",
    "invite",
    "hope",
    "seek",
    "want",
    "offer",
    "arrange",
    "agree",
}
_PARTY_NOUNS = {
    "counterpart",
    "president",
    "minister",
    "leader",
    "delegation",
    "official",
    "government",
    "side",
    "team",
    "negotiator",
    "envoy",
    "king",
    "premier",
    "chancellor",
    "counterparts",
    "diplomat",
    "ambassador",
    "secretary",
    "prime",
    "foreign",
    "authorities",
    "leadership",
    "representative",
    "emir",
    "monarch",
    "host",
    "hosts",
    "ally",
    "allies",
    "partner",
}
# "returned from travel to Saudi Arabia": the lead's trip places the meetings told after it.
_TRIP_NOUNS = {"travel", "trip", "tour", "journey"}
_VENUE_NOUNS = {"hall", "room", "palace", "residence", "building", "venue", "chamber"}
_ANAPHORS = re.compile(
    r"\b(the two (?:ministers|leaders|sides|men|women|presidents|officials|diplomats)|"
    r"both (?:leaders|ministers|sides|men)|the leaders(?! of)|they)\b",
    re.I,
)


@dataclass
class Candidate:
    status: str
    date: str | None
    date_text: str | None
    location: tuple[str | None, str | None] | None
    persons: list[Person]
    countries: set[str]
    orgs: set[str]
    evidence: list[tuple[int, int]]
    sent_starts: list[int] = field(default_factory=list)
    is_call: bool = False
    group: int | None = None  # meetings split from one sentence's list of sides share it
    new_event: bool = False  # told as a new one ("a new U.S.-U.K. dialogue"): no earlier mention
    key_date: str | None = None  # the first day of a span dated by its month, for merging only


def sent_ents(sent: Span) -> list[Span]:
    """The entities of a sentence. ``Span.ents`` scans every entity of the document, which makes a
    loop over sentences quadratic on long transcripts; this walks tokens instead."""
    out = []
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        t = doc[i]
        if t.ent_iob_ == "B":
            j = i + 1
            while j < sent.end and doc[j].ent_iob_ == "I":
                j += 1
            out.append(Span(doc, i, j, label=t.ent_type_))
            i = j
        else:
            i += 1
    return out


def _governor(tok: Token) -> Token:
    """The verb a word hangs from: a date or place belongs to the event of that verb."""
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node.i != tok.i or node.head.i == node.i:
            return node
        node = node.head
    return node


def _attached(tok: Token, trig: Token) -> bool:
    g = _governor(tok)
    return g.i == trig.i or g.i == _governor(trig).i or tok.head.i == trig.i or tok.head.head.i == trig.i


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _object_is_party(tok: Token) -> bool:
    """Whether "meet"/"receive" has people or states as object (not "meet the demand")."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
    if not objs:
        return True
    for o in objs:
        if (
            o.ent_type_ in ("PERSON", "GPE", "NORP", "ORG")
            or o.lemma_.lower() in _PARTY_NOUNS
            or o.lower_ in _HEAD_NOUNS
            or o.pos_ == "PROPN"
            or o.lower_ in {"him", "her", "them"}
            or o.lemma_.lower() in _VENUE_NOUNS
            or o.lower_ in ("face", "face-to-face")
        ):
            # A venue as object is a misparsed place ("we met in here this hall") and "met face to
            # face" a misparsed manner: still meeting people.
            return True
    return False


def triggers(sent: Span, quote_spans: list[tuple[int, int]]) -> list[tuple[Token, str]]:
    """Words of ``sent`` that report a meeting, with the kind of meeting."""
    out = []
    low = {t.lower_ for t in sent}
    for t in sent:
        if _in_spans(t.idx, quote_spans):
            continue
        lem = t.lemma_.lower()
        kids = {c.lower_ for c in t.children}
        if t.pos_ in ("VERB", "AUX"):
            if lem == "meet" and _object_is_party(t):
                out.append((t, "meet"))
            elif lem in ("speak", "talk", "confer") and (
                "with" in kids
                or "by" in kids
                or any(x.lower_ == "with" for x in t.doc[t.i + 1 : min(len(t.doc), t.i + 4)])
            ):
                out.append((t, "call" if low & _CALL_WORDS else "meet"))
            elif lem in ("phone", "telephone", "call") and any(
                c.ent_type_ == "PERSON" or c.lemma_ in _PARTY_NOUNS for c in t.children if c.dep_ == "dobj"
            ):
                out.append((t, "call"))
            elif (
                lem == "visit" and _object_is_party(t) and any(c.dep_ in ("dobj", "obj") for c in t.children)
            ):
                out.append((t, "visit"))
            elif lem in ("host", "receive", "welcome") and any(
                c.dep_ in ("dobj", "obj")
                and (c.ent_type_ == "PERSON" or c.lemma_.lower() in _PARTY_NOUNS or c.lower_ in _HEAD_NOUNS)
                for c in t.children
            ):
                # Hosting or receiving a person is a visit; "will welcome 100,000 Ukrainians" is not.
                out.append((t, "visit"))
            elif lem == "travel" and "to" in kids:
                out.append((t, "visit"))
            elif lem == "negotiate" and "with" in kids:
                out.append((t, "meet"))
            elif lem == "discuss" and any(
                c.lower_ == "with"
                and any(
                    o.dep_ == "pobj"
                    and (o.ent_type_ == "PERSON" or o.lower_ in _HEAD_NOUNS or o.pos_ == "PROPN")
                    for o in c.children
                )
                for c in t.children
            ):
                # "Discussed with Prime Minister Modi the course of ...": talks with a named party.
                out.append((t, "call" if low & _CALL_WORDS else "meet"))
        elif t.pos_ in ("NOUN", "PROPN"):
            if lem in ("talk", "talks") and t.lower_ == "talks":
                out.append((t, "call" if low & _CALL_WORDS else "meet"))
            elif lem in (
                "meeting",
                "summit",
                "negotiation",
                "conversation",
                "consultation",
                "visit",
                "videoconference",
                "teleconference",
            ):
                if (
                    lem == "meeting"
                    and t.text[:1].isupper()
                    and not t.is_sent_start
                    and t.i > 0
                    and t.nbor(-1).text[:1].isupper()
                    and t.nbor(-1).pos_ == "PROPN"
                    and t.nbor(-1).ent_type_ == "ORG"
                ):
                    continue
                out.append(
                    (
                        t,
                        "call"
                        if lem == "conversation" and low & _CALL_WORDS
                        else "summit"
                        if lem == "summit"
                        else "meet",
                    )
                )
            elif lem == "call" and (low & {"phone", "telephone", "video"} or "with" in kids):
                out.append((t, "call"))
            elif lem in ("lunch", "dinner") and "working" in low:
                out.append((t, "meet"))
            elif lem in ("dialogue", "dialog") and _state_pair(t):
                # "dialogue" alone is a policy ("called for dialogue"); named for two sides it is talks.
                out.append((t, "meet"))
    return out


def _first_person_doc(doc: Doc, body_start: int, quote_spans) -> bool:
    """Whether the body speaks in the first person outside quotations (an address, a transcript)."""
    n = 0
    for t in doc:
        if t.idx >= body_start and t.lower_ in ("i", "we", "my", "our") and not _in_spans(t.idx, quote_spans):
            n += 1
            if n >= 3:
                return True
    return False


def _subjects(verb: Token) -> list[Token]:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    node = verb
    while not subj and node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
        node = node.head  # "We have ... done some work together, had a working lunch"
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subj


def _publisher_party(sent: Span, trig: Token, first_person: bool) -> str | None:
    """How the publisher's principal takes part in the meeting of ``trig``: "I" or "we" as the subject
    ("I spoke with ...", "We met ..."), or the unnamed speaker of a first-person readout ("Held talks
    with ...", "Discussed with ...", "The conversation with ... put everything in its place").
    Returns "i", "we", "readout" or None."""
    verb = trig if trig.pos_ in ("VERB", "AUX") else _governor(trig)
    if trig.pos_ not in ("VERB", "AUX") and any(
        c.dep_ == "poss" or c.lower_ == "between" for c in trig.children
    ):
        return None  # "Putin's talks with ...", "talks between A and B": their own parties
    subj = _subjects(verb) if verb.pos_ in ("VERB", "AUX") else []
    if subj:
        if any(c.lower_ == "i" for c in subj):
            return "i"
        if any(c.lower_ == "we" for c in subj):
            return "we"
        if not (trig.pos_ == "NOUN" and any(c.i == trig.i for c in subj)):
            return None
    if not first_person:
        return None
    if trig.pos_ == "NOUN" and any(c.lower_ == "with" for c in trig.children):
        return "readout"
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if (
        first is not None
        and first.tag_ in ("VBD", "VBN")
        and first.text[:1].isupper()
        and (first.i == verb.i or first.i == trig.i or first.head.i in (trig.i, verb.i))
    ):
        return "readout"
    return None


# Offices of those who speak for a state: in a round of calls they are the other side.
_LEADER_TITLES = {
    "president",
    "minister",
    "chancellor",
    "king",
    "queen",
    "premier",
    "emir",
    "pope",
    "sultan",
    "monarch",
    "prince",
    "leader",
    "pm",
}
_ROUND_NOUNS = {"leader", "head", "counterpart", "colleague", "president", "partner"}
_ROUND_SCOPE = {"state", "country", "nation", "government", "world"}


@dataclass
class _Round:
    """A first-person round of talks ("During the day, I spoke every hour with the leaders of states"):
    the leaders the following sentences name are its calls."""

    date: str | None
    date_text: str | None
    quiet: int = 0  # sentences in a row that named no leader
    # The one other state the sentences since the last call named ("India is a traditional world
    # power. Discussed with Prime Minister Modi ..."): the state of a leader named without one.
    state: str | None = None


def _round_of_talks(trig: Token) -> bool | None:
    """True when ``trig`` has unnamed leaders of states as its other side ("spoke ... with the leaders
    of states"); False when the other side is some other group ("with the leaders of churches")."""
    for w in trig.children:
        if w.lower_ != "with":
            continue
        for o in w.children:
            if o.dep_ == "pobj" and o.tag_ == "NNS" and o.lemma_.lower() in _ROUND_NOUNS:
                scope = [x for p in o.children if p.lower_ == "of" for x in p.children if x.dep_ == "pobj"]
                # "the leaders of states - friends of Ukraine" (parsed "states-friends")
                return all(any(y.lemma_.lower() in _ROUND_SCOPE for y in x.subtree) for x in scope)
    return None


def _round_parties(
    sent: Span, people: People, quote_spans, publisher: str
) -> list[tuple[Person | None, str | None]]:
    """The leaders one sentence of a round names: (person, state) for a titled person of another
    state ("Prime Minister of the Netherlands Rutte", "President Erdogan"), (None, state) for an office
    named by its state only ("the President of Switzerland")."""
    out: list[tuple[Person | None, str | None]] = []
    named_at: set[int] = set()
    for m in people.at(sent.start_char, sent.end_char):
        p = m.person
        if _in_spans(m.start, quote_spans) or p.private or p.organization or p.country == publisher:
            continue
        named_at.add(m.token_i)
        if not (p.title and p.title.lower().split()[-1] in _LEADER_TITLES):
            continue
        if all(q is not p for q, _ in out):
            out.append((p, p.country))
    for t in sent:
        if t.lower_ not in _LEADER_TITLES or not t.text[:1].isupper() or _in_spans(t.idx, quote_spans):
            continue
        of = next((c for c in t.children if c.lower_ == "of"), None)
        obj = next((x for x in of.children if x.dep_ == "pobj"), None) if of is not None else None
        if obj is None or any(i in named_at for i in range(t.i, obj.right_edge.i + 2)):
            continue  # the office of a person named right after it is that person's
        c = geo.country_of_word(obj.text) or geo.country_of_name(
            sent.doc[obj.left_edge.i : obj.right_edge.i + 1].text
        )
        if c and c != publisher and all(x != c for _, x in out):
            out.append((None, c))
    return out


_PROPOSE_LEMMAS = {"offer", "propose", "suggest"}
_URGE_LEMMAS = {
    "require",
    "urge",
    "press",
    "encourage",
    "force",
    "oblige",
    "call",
    "ask",
    "instruct",
    "direct",
}
_ORGANIZE_LEMMAS = {"organize", "organise", "host", "hold", "arrange", "convene", "have", "set"}


def _is_proposal(trig: Token) -> bool:
    """A meeting only offered or proposed ("offered to organize talks with Russia", "proposed a meeting
    of prime ministers", "the proposed meeting"): no meeting is announced, so none is reported."""
    if trig.pos_ == "NOUN":
        if any(c.dep_ == "amod" and c.lower_ == "proposed" for c in trig.children):
            return True
        if trig.dep_ == "compound" and trig.head.lemma_.lower() in _MEET_NOUNS | {"talks"}:
            return _is_proposal(trig.head)  # "summit talks"
        prep = trig.head
        if (
            trig.dep_ == "pobj"
            and prep.lower_ == "for"
            and prep.head.lower_ == "way"
            and prep.head.head.lemma_.lower() in ("open", "pave", "clear", "prepare")
        ):
            return True  # "it would open the way for summit talks between ...": a possibility
        head = trig.head
        if trig.dep_ == "dobj" and head.lemma_.lower() in _PROPOSE_LEMMAS:
            return True
        if (
            trig.dep_ == "dobj"
            and head.lemma_.lower() in _ORGANIZE_LEMMAS
            and head.dep_ == "xcomp"
            and head.head.lemma_.lower() in _PROPOSE_LEMMAS
        ):
            return True
    elif trig.dep_ == "xcomp" and trig.head.lemma_.lower() in _PROPOSE_LEMMAS:
        return True  # "offered to meet"
    # "a measure that would require Shultz to enter into talks with Japan", "urged both sides to
    # resume talks": talks someone is asked or obliged to hold are not announced.
    node = trig
    for _ in range(4):
        # an infinitive clause ("calls on Shultz to enter into talks"), which the parser also labels advcl
        clause = node.dep_ in ("xcomp", "ccomp") or (
            node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        )
        if clause and node.head.lemma_.lower() in _URGE_LEMMAS:
            return True
        if node.head.i == node.i or node.pos_ == "VERB" and not clause:
            break
        node = node.head
    return False


def _is_planned(trig: Token, sent: Span) -> bool:
    node = trig
    for _ in range(6):
        for c in node.children:
            if (
                c.dep_ == "aux"
                and c.lemma_.lower() in ("will", "shall", "'ll")
                or c.lower_ in ("will", "'ll")
                # Reported future: "agencies reported that the ministers would discuss it at a meeting".
                or c.dep_ == "aux"
                and c.lower_ == "would"
                and not any(x.lower_ == "have" for x in node.children)
                and node.head.lemma_.lower() in SPEECH_VERBS | {"report", "expect", "announce"}
            ):
                return True
            if c.dep_ in ("amod", "compound") and c.lower_ in (
                "upcoming",
                "forthcoming",
                "next",
                "planned",
                "proposed",
                "future",
            ):
                return True
        if node.lemma_.lower() in _PLAN_LEMMAS and node.i != trig.i:
            return True
        if node.lower_ == "ahead" or (
            node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lower_ == "ahead"
        ):
            return True
        if node.dep_ == "xcomp" and node.head.lemma_ == "be":
            return True  # "is to visit"
        if (
            node.dep_ == "ROOT"
            and node.pos_ == "VERB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        ):
            return True  # headline future: "Spanish PM to host allies"
        if node.head.i == node.i:
            break
        node = node.head
    return False


def _pick_date(sent: Span, trig: Token, quote_spans) -> Span | None:
    best = None
    for ent in sent_ents(sent):
        if ent.label_ not in ("DATE", "TIME") or _in_spans(ent.start_char, quote_spans):
            continue
        if (
            is_duration(ent.text)
            or ent.label_ == "TIME"
            and not re.search(r"today|tonight|morning|evening", ent.text, re.I)
        ):
            continue
        # A date that hangs from another verb ("a statement issued on Wednesday") dates that event.
        if not _attached(ent.root, trig):
            continue
        d = abs(ent.start - trig.i)
        if best is None or d < best[0]:
            best = (d, ent)
    return best[1] if best else None


def _location(sent: Span, trig: Token | None, kind: str, quote_spans) -> tuple[str | None, str | None] | None:
    low = sent.text.lower()
    relaxed = trig is None
    if trig is None:
        trig = sent.root
    if kind == "call" or re.search(
        r"\b(phone|telephone|video ?call|videoconference|video link|virtual)", low
    ):
        return None
    own = " ".join(t.lower_ for t in trig.subtree) if not relaxed else ""
    for key, val in geo.LANDMARKS.items():
        if own and re.search(rf"\b{re.escape(key)}\b", own):
            return val  # "the Downing Street talks", "talks at the Kremlin"
    best = None
    for ent in sent_ents(sent):
        if ent.label_ not in ("GPE", "LOC", "FAC", "ORG", "PERSON") or _in_spans(ent.start_char, quote_spans):
            continue
        if ent.label_ == "PERSON" and not geo.city_lookup(ent.text):
            continue
        if ent.root.dep_ == "compound" and ent.root.head.lemma_.lower() in _MEET_NOUNS:
            hit = geo.city_lookup(ent.text)
            if hit:
                return hit  # "the Madrid summit", "the Istanbul talks"
        prev = sent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        prev2 = sent.doc[ent.start - 2].lower_ if ent.start > 1 else ""
        if ent.root.dep_ == "dobj" and ent.root.head.lemma_ == "visit":
            # "will visit New Delhi": the visited place is where the talks are.
            hit = geo.city_lookup(ent.text)
            cc = None if hit else geo.country_of_name(ent.text)
            if hit or cc:
                cand = hit or (None, cc)
                d = (0 if hit else 1000) + abs(ent.start - trig.i)
                if best is None or d < best[0]:
                    best = (d, cand)
            continue
        if prev not in ("in", "at", "to", "the") or (prev == "the" and prev2 not in ("in", "at", "to")):
            continue
        if (
            (prev == "to" or prev2 == "to")
            and kind != "visit"
            and not any(x.lemma_ in ("visit", "travel", "fly", "arrive", "go", "trip", "tour") for x in sent)
        ):
            continue
        # "talks in Nairobi" places the talks; "the war in Ukraine" does not.
        prep = ent.root.head
        if prep.head.lemma_.lower() in _MEET_NOUNS and prep.head.i != trig.i and not relaxed:
            continue  # "ahead of an EU summit in Brussels" places the summit, not these talks
        in_subtree = trig.left_edge.i <= prep.i <= trig.right_edge.i and prep.head.pos_ in ("PROPN", "NOUN")
        if not (
            prep.head.i == trig.i
            or _governor(prep).i == _governor(trig).i
            or in_subtree
            or relaxed
            and (prep.head.pos_ in ("VERB", "AUX") or prep.head.lemma_ in _MEET_NOUNS | _TRIP_NOUNS)
        ):
            continue
        name = ent.text
        hit = geo.city_lookup(name)
        if hit:
            cand = (hit[0], hit[1])
            score = 0
        else:
            cc = geo.country_of_name(name)
            if not cc:
                continue
            cand = (None, cc)
            score = 1
        d = score * 1000 + abs(ent.start - trig.i)
        if best is None or d < best[0]:
            best = (d, cand)
    if best:
        return best[1]
    for key, val in geo.LANDMARKS.items():
        if re.search(rf"\b{re.escape(key)}\b", low):
            return val
    m = re.search(r"\b(?:in|to) the ([A-Z][a-z]+) capital\b", sent.text)
    if m:
        cc = geo.country_of_demonym(m[1])
        cap = geo.capital_of(cc) if cc else None
        if cap:
            return (cap, cc)
    return None


def _parties(sent: Span, trig: Token, people: People, quote_spans) -> tuple[list[Person], set[str], set[str]]:
    persons: list[Person] = []
    between = trig.pos_ == "NOUN" and any(c.lower_ == "between" for c in trig.children)
    if (
        not between
        and trig.pos_ == "NOUN"
        and trig.head.lemma_.lower() not in ("hold", "have", "conduct", "lead", "attend", "join", "host")
        and _state_pair(trig)
    ):
        # "Sherman also raised EU-UK negotiations": talks named for their sides are theirs alone.
        between = True
    for m in people.at(sent.start_char, sent.end_char):
        if _in_spans(m.start, quote_spans):
            continue
        tok = sent.doc[m.token_i]
        # The source of a report is not at the talks ("..., Peskov said").
        if (
            tok.dep_ in ("nsubj",)
            and tok.head.lemma_.lower() in SPEECH_VERBS
            and tok.head.i != trig.i
            and trig.i not in [x.i for x in tok.head.subtree]
        ):
            pass
        elif (
            tok.dep_ == "nsubj"
            and tok.head.lemma_.lower() in {"say", "tell", "add"}
            and trig.i not in range(tok.head.left_edge.i, tok.head.i)
        ):
            continue
        # People in another meeting the sentence mentions ("offered to host a meeting between Putin and
        # Zelensky") are not at this one.
        if trig.pos_ in ("VERB", "AUX") and any(
            a.lemma_.lower() in _MEET_NOUNS and a.i != trig.i and a.pos_ == "NOUN" for a in tok.ancestors
        ):
            continue
        # "welcomed the summit between Iraq, Jordan and Egypt": the "between" phrase lists all parties.
        if between and not (trig.left_edge.i <= m.token_i <= trig.right_edge.i):
            continue
        if m.person.private:
            continue  # an expert or journalist at the talks represents no side
        if m.person not in persons:
            persons.append(m.person)
    # "He met ...": the subject pronoun is the last person named before.
    for c in [*trig.children, *trig.head.children]:
        if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("he", "she"):
            p = people.before(c.idx, exclude=quote_spans)
            if p and p not in persons:
                persons.insert(0, p)
        elif (
            c.dep_ in ("nsubj", "nsubjpass")
            and c.lower_ in _HEAD_NOUNS
            and people.by_token(c) is None
            and (c.head.i == trig.i or trig.head.lemma_ in ("hold", "have", "conduct"))
            and any(d.lower_ == "the" for d in c.children)
        ):
            # "the Special Envoy met with ...": the person last named with that office.
            p = people.titled_before(c.idx, c.lower_)
            if p and p not in persons:
                persons.insert(0, p)
    countries: set[str] = set()
    orgs: set[str] = set()
    for p in persons:
        if p.country:
            countries.add(p.country)
        elif p.organization:
            orgs.add(p.organization)
    for t in sent:
        if _in_spans(t.idx, quote_spans):
            continue
        if t.ent_type_ not in ("GPE", "NORP", "ORG") and not t.text.isupper():
            continue
        if trig.pos_ in ("VERB", "AUX") and any(
            a.lemma_.lower() in _MEET_NOUNS and a.i != trig.i and a.pos_ == "NOUN" for a in t.ancestors
        ):
            continue
        word = t.text
        # "France, Britain and Spain" share the role of the first conjunct.
        r = t
        while r.dep_ == "conj" and r.head.i != r.i:
            r = r.head
        head = r.head
        role_party = (
            (
                r.dep_ == "pobj"
                and head.lower_ == "of"
                and (head.head.lemma_.lower() in _PARTY_NOUNS or head.head.lower_ in _HEAD_NOUNS)
            )
            or head.lemma_.lower() in _PARTY_NOUNS
            or head.lower_ in _HEAD_NOUNS
            or (
                r.dep_ == "pobj"
                and head.lower_ in ("with", "between", "and")
                and (
                    head.head.i == trig.i
                    or head.head.head.i == trig.i
                    or head.head.lemma_.lower() in _MEET_NOUNS
                )
            )
            or (r.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_.lower() in ("visit", "travel"))
            or (r.dep_ in ("nsubj", "dobj") and head.i == trig.i)
            or _modifies_meeting_noun(t, trig)
            or (
                # "India and Russia signed a memorandum during a meeting between ...": who acts at it.
                r.dep_ == "nsubj"
                and trig.pos_ == "NOUN"
                and trig.dep_ == "pobj"
                and trig.head.lower_ in ("during", "at")
                and trig.head.head.i == head.i
            )
            or (
                t.dep_ == "conj"
                and t.head.ent_type_ in ("GPE", "NORP")
                and t.head.head.lemma_.lower() in _PARTY_NOUNS
            )
            or (r.dep_ == "poss" and head.lemma_.lower() in _MEET_NOUNS | {"delegation"})
            or (t.dep_ == "conj" and head.dep_ in ("nsubj", "pobj") and head.head.i == trig.i)
        )
        if not role_party:
            continue
        phrase = word
        if t.ent_type_ and t.ent_iob_ in ("B", "I"):
            ent = next((e for e in sent_ents(sent) if e.start <= t.i < e.end), None)
            if ent is not None:
                phrase = ent.text
        c = geo.country_of_word(phrase) or geo.country_of_word(word)
        o = geo.organization_of(phrase) or geo.organization_of(word)
        if not (c or o) and _modifies_meeting_noun(t, trig):
            sides = _sides_of_word(word)  # "U.S.-U.K. dialogue"
            countries.update(x for x, _ in sides if x)
            orgs.update(y for _, y in sides if y)
            continue
        if (
            c
            and head.lower_ in _HEAD_NOUNS
            and head.lower_ != "counterpart"
            and not any(people.by_token(x) for x in head.subtree if x.ent_type_ == "PERSON")
        ):
            # "met the Kenyan president": the one president of that state named in the article.
            same = [
                p
                for p in people.persons
                if p.title and p.title.lower().split()[-1] == head.lower_ and p.country == c
            ] or [
                p
                for p in people.persons
                if p.title
                and not p.organization
                and p.title.lower().split()[-1] == head.lower_
                and p.country is None
            ][:1]
            if len(same) == 1 and same[0] not in persons:
                if same[0].country is None:
                    same[0].country = c
                persons.append(same[0])
        if o and not c:
            orgs.add(o)
        elif c and not geo.city_lookup(phrase) or c and t.dep_ in ("nsubj", "poss", "amod", "compound"):
            countries.add(c)
    return persons, countries, orgs


def _modifies_meeting_noun(t: Token, trig: Token) -> bool:
    """A state or body in the name of talks named for two sides: "US-China trade talks", "the EU-India
    summit", "a new U.S.-U.K. dialogue" (a chain of compounds and adjectives up to the meeting noun).
    One state alone names the subject, not a side ("Ukraine talks")."""
    if trig.pos_ not in ("NOUN", "PROPN") or not (trig.left_edge.i <= t.i < trig.i):
        return False
    return _on_modifier_chain(t, trig) and _state_pair(trig)


def _on_modifier_chain(t: Token, trig: Token) -> bool:
    node = t
    for _ in range(6):
        if node.dep_ not in ("compound", "amod", "nmod", "conj") or node.head.i == node.i:
            return False
        node = node.head
        if node.i == trig.i:
            return True
    return False


def _sides_of_word(word: str) -> list[tuple[str | None, str | None]]:
    """(country, organization) of each part of a word joined by hyphens ("U.S.-U.K.", "EU-India")."""
    out = []
    for part in re.split(r"[-–]", word) if re.search(r"\w[-–]\w|\.[-–]\w", word) else [word]:
        c = geo.country_of_word(part)
        o = None if c else geo.organization_of(part)
        if c or o:
            out.append((c, o))
    return out


def _state_pair(t: Token) -> bool:
    """Whether a noun is named for two or more states or bodies ("a new U.S.-U.K. dialogue")."""
    found = set()
    for x in t.doc[t.left_edge.i : t.i]:
        if _on_modifier_chain(x, t):
            found.update(_sides_of_word(x.text))
    return len(found) >= 2


def _groups_by_noun(
    sent: Span, trigs: list[tuple[Token, str]], people: People, persons: list[Person]
) -> list[list[Person]]:
    """The people of each of several meeting nouns of one kind: "the visit to Ukraine of Blinken and
    Austin, as well as the visit of Pelosi" is two visits. A person belongs to the nearest such noun
    whose phrase holds him; [] unless two or more nouns have people of their own."""
    nouns = [t for t, _ in trigs if t.pos_ == "NOUN"]
    if len(nouns) < 2 or len({t.lemma_.lower() for t in nouns}) != 1:
        return []
    groups: dict[int, list[Person]] = {}
    for m in people.at(sent.start_char, sent.end_char):
        if m.person not in persons:
            continue
        tok = sent.doc[m.token_i]
        owner = None
        for a in tok.ancestors:
            if any(a.i == n.i for n in nouns):
                owner = a.i
                break
        if owner is None:
            continue
        g = groups.setdefault(owner, [])
        if m.person not in g:
            g.append(m.person)
    if len(groups) < 2:
        return []
    return [groups[k] for k in sorted(groups)]


def _separate_groups(sent: Span, trig: Token, people: People, persons: list[Person]) -> list[list[Person]]:
    groups = []
    for t in sent:
        if t.lower_ != "with":
            continue
        g = []
        nested = {y.i for w in t.subtree if w.lower_ == "with" and w.i != t.i for y in w.subtree}
        for x in t.subtree:
            if x.i in nested:
                continue
            p = people.by_token(x) if x.ent_type_ == "PERSON" or x.pos_ == "PROPN" else None
            if p is not None and p in persons and p not in g:
                g.append(p)
        if g:
            groups.append(g)
    return groups


_GROUP_NOUNS = {"official", "representative", "government", "delegation", "authority", "counterpart"}
_JOINT_WORDS = {"joint", "jointly", "together", "trilateral", "multilateral", "summit", "conference", "forum"}


def _listed_parties(sent: Span, trig: Token, persons: list[Person]) -> list[tuple[str | None, str | None]]:
    """The separate sides of "Lenderking met with senior officials from the Republic of Yemen and Saudi
    governments, the Gulf Cooperation Council ... and the UN": a traveller of one state meeting unnamed
    officials of several states or bodies has one meeting with each (a summit or joint meeting has not).
    Returns [(country, organization)] in text order, or [] when the sentence is no such list."""
    if trig.lemma_.lower() != "meet" or trig.pos_ != "VERB" or not persons:
        return []
    hosts = {p.country for p in persons}
    if len(hosts) != 1 or None in hosts:
        return []
    if any(people_tok.ent_type_ == "PERSON" for people_tok in sent.doc[trig.i + 1 : sent.end]):
        return []
    after = sent.doc[trig.i + 1 : sent.end]
    if {t.lower_ for t in sent} & _JOINT_WORDS or not any(t.lemma_.lower() in _GROUP_NOUNS for t in after):
        return []
    host = next(iter(hosts))
    out: list[tuple[str | None, str | None]] = []
    for ent in sent_ents(sent):
        if ent.start <= trig.i or ent.label_ not in ("GPE", "NORP", "ORG"):
            continue
        if geo.city_lookup(ent.text) and not geo.country_of_word(ent.text):
            continue
        c = geo.country_of_word(ent.text)
        o = None if c else geo.organization_of(ent.text)
        # The words that modify the entity name its body too ("the UN Special Envoy's Office").
        for t in sent.doc[min(ent.start, max(ent.root.left_edge.i, trig.i + 1)) : ent.end]:
            if c or o:
                break
            c = geo.country_of_word(t.text)
            o = None if c else geo.organization_of(t.text)
        party = (c, None) if c else (None, o) if o else None
        if party and c != host and party not in out:
            out.append(party)
    return out if len(out) >= 2 else []


def _valid(
    persons: list[Person],
    countries: set[str],
    orgs: set[str],
    sent: Span | None = None,
    host: str | None = None,
) -> bool:
    unaffiliated = [p for p in persons if not (p.country or p.organization)]
    known = len(countries) + len(orgs)
    if known >= 2:
        return True
    if known + len(unaffiliated) < 2 or not persons:
        return False
    # A person of unknown state counts as another party only in a sentence that names some other state
    # or body: "Governors and mayors joined Vice President Harris" is a domestic meeting.
    if sent is None:
        return True
    if host and host not in countries and countries and all(p.title for p in unaffiliated):
        # Filed from a state no named side represents ("MANILA - ... Shultz ... after a meeting with
        # President Corazon Aquino"): the office holder of unknown state is the host.
        return True
    for t in sent:
        if t.ent_type_ in ("GPE", "NORP", "ORG") or t.text.isupper():
            c = geo.country_of_word(t.text)
            o = geo.organization_of(t.text)
            if (c and c not in countries) or (o and o not in orgs):
                return True
    return False


def _compatible(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def find_meetings(
    doc: Doc,
    people: People,
    quote_spans: list[tuple[int, int]],
    published: str | None,
    body_start: int,
    title_span: tuple[int, int] | None,
    fallback_place,
    publisher: str | None = None,
) -> list[Candidate]:
    """The meetings of one article. ``publisher`` is the state whose government published it (a
    readout, an address, a transcript): its principal is the unnamed "I"/"we" of the text."""
    cands: list[Candidate] = []
    prev_sent = None
    first_person = publisher is not None and _first_person_doc(doc, body_start, quote_spans)
    round_: _Round | None = None
    body = doc.text[body_start:]
    for sent in doc.sents:
        prev_sent, this_prev = sent, prev_sent
        sent_prev = this_prev
        in_title = title_span is not None and title_span[0] <= sent.start_char < title_span[1]
        if sent.start_char < body_start and not in_title:
            continue
        all_trigs = triggers(sent, quote_spans)
        trigs = [tk for tk in all_trigs if not _is_proposal(tk[0])]
        if round_ is not None and (trigs or not all_trigs):
            if _round_calls(cands, round_, sent, trigs, people, quote_spans, publisher, first_person):
                continue
            if round_.quiet >= 5:
                round_ = None  # the address has moved on
        if not trigs:
            continue
        trig, kind = trigs[0]
        if len(trigs) > 1:
            # Of several meeting words, the one whose phrase names the parties reports the meeting
            # ("the meeting with media representatives following the negotiations with Scholz").
            def n_parties(tk: Token, trigs=trigs) -> int:
                inner = {
                    y.i
                    for o, _ in trigs
                    if o.i != tk.i and tk.left_edge.i <= o.i <= tk.right_edge.i
                    for y in o.subtree
                }
                return sum(
                    1
                    for x in tk.subtree
                    if x.i != tk.i
                    and x.i not in inner
                    and (
                        x.ent_type_ in ("PERSON", "NORP")
                        or (x.ent_type_ == "GPE" and not geo.city_lookup(x.text))
                    )
                )

            trig, kind = max(trigs, key=lambda tk: (n_parties(tk[0]), -tk[0].i))
        persons, countries, orgs = _parties(sent, trig, people, quote_spans)
        voice = _publisher_party(sent, trig, first_person) if publisher else None
        if voice in ("i", "we") and not persons:
            scope = _round_of_talks(trig)
            if scope is not None:
                dent = _pick_date(sent, trig, quote_spans)
                dt = " ".join(dent.text.split()) if dent is not None else None
                day = resolve_date(dt, published) if dt else None
                if day is None and published and re.search(r"\bduring the day\b", sent.text, re.I):
                    day, dt = published, "during the day"  # an address on the day it is given
                round_ = _Round(day, dt) if scope else None
                continue
        past_mention = False
        if voice and publisher not in countries and (persons or countries or orgs):
            # "I spoke with Prime Minister of the Italian Republic Mario Draghi": the publisher's
            # principal is the other side of the talks.
            countries = countries | {publisher}
        elif voice == "we" and not persons and not (countries - {publisher}) and not orgs and cands:
            # A transcript of two leaders' talks: "Last time we met in this hall on February 10" is a
            # meeting of the two speakers (each heads a turn: "Vladimir Putin: ...").
            main = cands[0]
            if (
                len(main.persons) == 2
                and len({p.country for p in main.persons if p.country}) == 2
                and all(
                    re.search(rf"(?m)(?:^|[.!?]\s)[^\n:.]{{0,80}}\b{re.escape(p.name.split()[-1])}:\s", body)
                    for p in main.persons
                )
            ):
                persons, countries, orgs = list(main.persons), set(main.countries), set(main.orgs)
                past_mention = True
        definite = trig.pos_ == "NOUN" and any(
            d.lower_ in ("the", "their", "these", "those", "this") for d in trig.children
        )
        own_parties = any(c.lower_ in ("between", "with") for c in trig.children) or any(
            _modifies_meeting_noun(x, trig) and _sides_of_word(x.text) for x in doc[trig.left_edge.i : trig.i]
        )
        if cands and definite and not persons and not own_parties:
            # "The Downing Street talks covered ...": the talks just reported, not new ones.
            last = max(cands, key=lambda c: c.evidence[-1][0])
            if last.location is None and not last.is_call:
                last.location = _location(sent, trig, kind, quote_spans)
            last.countries |= countries
            last.orgs |= orgs
            last.evidence.append((sent.start_char, sent.end_char))
            last.sent_starts.append(sent.start_char)
            continue
        trip = None
        if not _valid(persons, countries, orgs, sent, fallback_place[1] if fallback_place else None):
            if cands and _ANAPHORS.search(sent.text) and not persons:
                prev = cands[-1]
                persons, countries, orgs = list(prev.persons), set(prev.countries), set(prev.orgs)
            else:
                trip = _trip_for_talks(trigs, persons)
                if trip is None:
                    continue
                trig, kind = trip[0], "visit"
        groups = _separate_groups(sent, trig, people, persons) if "separately" in sent.text else []
        if not groups:
            groups = _groups_by_noun(sent, trigs, people, persons)
        listed = [] if groups else _listed_parties(sent, trig, persons)
        status = "planned" if _is_planned(trig, sent) else "held"
        dent = _pick_date(sent, trig, quote_spans)
        date_text = " ".join(dent.text.split()) if dent is not None else None
        if date_text and re.search(r"\b(later|next|coming|upcoming|tomorrow)\b", date_text, re.I):
            status = "planned"
        date = resolve_date(date_text, published, status) if date_text else None
        if published and date and len(date) == 10 and date > published and status == "held":
            status = "planned"
        if date is None and round_ is not None and voice:
            date, date_text = round_.date, round_.date_text  # a call of the round told apart
        loc = _location(sent, trig, kind, quote_spans) if trip is None else trip[1]
        if (
            loc is None
            and sent_prev is not None
            and kind != "call"
            and any(t.lower_ == "there" and t.dep_ == "advmod" for t in sent)
        ):
            # "There, he held talks ...": the place named in the sentence before.
            loc = _location(sent_prev, None, "meet", quote_spans)
        if loc is None and kind != "call" and fallback_place and any(t.lower_ == "here" for t in sent):
            loc = fallback_place  # "we met here": where the readout or transcript was filed
        if not persons and date is None and loc is None and trig.pos_ == "NOUN" and _state_pair(trig):
            # "raised EU-UK negotiations on the protocol" names a process; talks named for two sides
            # are a meeting when the article dates or places them ("US-China talks in Geneva on Monday").
            continue
        is_call = loc is None and (
            kind == "call" or bool(re.search(r"\b(phone|telephone|video)", sent.text, re.I))
        )
        if listed:
            host = persons[0].country
            for c_, o_ in listed:
                _merge_or_add(
                    cands,
                    Candidate(
                        status,
                        date,
                        date_text,
                        loc,
                        list(persons),
                        {host, c_} - {None},
                        {o_} - {None},
                        [(sent.start_char, sent.end_char)],
                        [sent.start_char],
                        is_call,
                        group=sent.start_char,
                    ),
                    avoid=sent.start_char,
                )
            continue
        if len(groups) >= 2:
            # "held talks with A and, separately, with B": two meetings with the same host.
            grouped = {id(p) for g in groups for p in g}
            hosts = [p for p in persons if id(p) not in grouped]
            # States named apart from the people ("the visit to Ukraine of ...") are in every meeting.
            places = countries - {p.country for p in persons}
            for g in groups:
                ps = hosts + g
                cs = {p.country for p in ps if p.country} | places
                os_ = {p.organization for p in ps if p.organization and not p.country}
                _merge_or_add(
                    cands,
                    Candidate(
                        status,
                        date,
                        date_text,
                        loc,
                        ps,
                        cs,
                        os_,
                        [(sent.start_char, sent.end_char)],
                        [sent.start_char],
                        is_call,
                    ),
                    avoid=sent.start_char,
                )
            continue
        c = Candidate(
            status,
            date,
            date_text,
            loc,
            persons,
            countries,
            orgs,
            [(sent.start_char, sent.end_char)],
            [sent.start_char],
            is_call,
        )
        # "a new U.S.-U.K. dialogue": an indefinite meeting noun introduces another meeting.
        c.new_event = trig.pos_ == "NOUN" and any(
            d.lower_ in ("a", "an", "another", "new", "separate")
            for d in trig.children
            if d.dep_ in ("det", "amod")
        )
        if trig.pos_ == "NOUN" and any(d.lower_ == "separate" for d in trig.children if d.dep_ == "amod"):
            cands.append(c)  # "after a separate meeting with Shultz": not the meeting told before
            continue
        c.key_date = range_start(date_text, published, status) if date_text else None
        if past_mention and date is not None and not any(_compatible(m.date, date) and m.date for m in cands):
            cands.append(c)  # an earlier meeting of the same two, with its own day
            continue
        _merge_or_add(cands, c)
    # The parser can cut a leading abbreviation off the lead ("U.S." | "Special Envoy ... returned").
    lead = next(
        (
            s
            for s in doc.sents
            if s.start_char >= body_start and sum(1 for t in s if not (t.is_punct or t.is_space)) >= 4
        ),
        None,
    )
    if cands and lead is not None:
        first = min(cands, key=lambda c: c.evidence[0][0])
        if first.location is None and not first.is_call:
            # The lead sentence sets the scene of the story's main meeting ("talks in the Indian capital").
            first.location = _location(lead, None, "meet", quote_spans)
            for c in cands:
                if c.group is not None and c.group == first.group and c.location is None and not c.is_call:
                    c.location = first.location
    for c in cands:
        if (
            c.location is None
            and not c.is_call
            and fallback_place
            and c.status == "held"
            and (c.date is None or c.date == published)
        ):
            c.location = fallback_place
    for c in cands:
        unaffiliated = [p for p in c.persons if not (p.country or p.organization)]
        if (
            c.location
            and c.location[1]
            and not c.is_call
            and len(unaffiliated) == 1
            and c.location[1] not in c.countries
            and len(c.persons) >= 2
        ):
            # The one person whose state the article leaves unsaid, at talks held in a state no other
            # participant represents, is the host ("Ruto held talks with President Xi in Beijing").
            unaffiliated[0].country = c.location[1]
            c.countries.add(c.location[1])
        elif len(unaffiliated) == 1 and len(c.countries) == 2 and not c.orgs:
            # "India and Russia signed ... during a meeting between India's Raha, Gazprom's Miller and
            # India's Aiyar": with every other participant from one of the two states, the one whose
            # state is unsaid represents the other.
            known = {p.country for p in c.persons if p.country}
            if len(known) == 1 and known < c.countries and not any(p.organization for p in c.persons):
                unaffiliated[0].country = next(iter(c.countries - known))
    cands.sort(key=lambda c: c.evidence[0][0])
    return cands


_TRAVEL_LEMMAS = {"travel", "fly", "go", "head", "return"}
_TALK_NOUNS = {"talk", "talks", "negotiation", "meeting", "summit", "consultation"}


def _trip_for_talks(
    trigs: list[tuple[Token, str]], persons: list[Person]
) -> tuple[Token, tuple[str | None, str | None]] | None:
    """ "Goyal is due to travel to Brussels next month for ... the final round of negotiations": a
    named official going abroad for talks meets the other side though the sentence does not name it.
    Returns (travel verb, place) when every named person's state is known and the place lies outside
    them; the place's state is not taken for the other side (Brussels talks may be the EU's)."""
    if not persons or any(p.country is None for p in persons):
        return None
    for t, _ in trigs:
        if t.pos_ != "VERB" or t.lemma_.lower() not in _TRAVEL_LEMMAS:
            continue
        dest = next((o for c in t.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"), None)
        if dest is None or dest.ent_type_ not in ("GPE", "LOC"):
            continue
        name = t.doc[dest.left_edge.i : dest.right_edge.i + 1].text
        place = geo.city_lookup(name) or (
            (None, geo.country_of_name(name)) if geo.country_of_name(name) else None
        )
        if place is None or place[1] in {p.country for p in persons}:
            continue
        purpose = [
            x
            for c in t.children
            if c.lower_ == "for"
            for x in c.subtree
            if x.pos_ == "NOUN" and (x.lemma_.lower() in _TALK_NOUNS or x.lower_ in _TALK_NOUNS)
        ]
        if purpose:
            return t, place
    return None


def _round_calls(
    cands: list[Candidate],
    round_: _Round,
    sent: Span,
    trigs: list[tuple[Token, str]],
    people: People,
    quote_spans,
    publisher: str | None,
    first_person: bool,
) -> bool:
    """Calls of a first-person round of talks named in ``sent``: "Discussed with Prime Minister Modi
    ...", "Thanked my friend Erdogan ...", "And also the President of Switzerland, ...". Returns whether
    the sentence is done with (a sentence reporting a meeting of its own goes the usual way)."""
    if not publisher:
        return False
    parties = _round_parties(sent, people, quote_spans, publisher)
    if not parties:
        round_.quiet += 1
        named = {
            geo.country_of_word(t.text)
            for t in sent
            if t.ent_type_ == "GPE" and not _in_spans(t.idx, quote_spans)
        } - {None, publisher}
        if named:
            round_.state = next(iter(named)) if len(named) == 1 else None
        return False
    round_.quiet = 0
    taken = {c for m in cands for c in m.countries}
    for p, _ in parties:
        if p is not None and p.country is None and round_.state and round_.state not in taken:
            p.country = round_.state
    parties = [(p, p.country if p is not None else c) for p, c in parties]
    round_.state = None
    if trigs:
        trig = trigs[0][0]
        persons, countries, orgs = _parties(sent, trig, people, quote_spans)
        if _valid(persons, countries | {publisher}, orgs, sent) and (countries - {publisher} or orgs):
            return False  # "The conversation with Prime Minister of the Italian Republic Mario Draghi"
    for p, c in parties:
        _merge_or_add(
            cands,
            Candidate(
                "held",
                round_.date,
                round_.date_text,
                None,
                [p] if p is not None else [],
                {publisher, c} - {None},
                set(),
                [(sent.start_char, sent.end_char)],
                [sent.start_char],
                True,
            ),
        )
    return True


def _merge_or_add(cands: list[Candidate], c: Candidate, avoid: int | None = None) -> None:
    # A later mention joins the earlier meeting that shares most of its people ("In his meeting with
    # Abiy, Wang ..." is the Wang-Abiy talks, not Wang's other meeting that week).
    best, best_n = None, 0
    for m in cands:
        if (
            m.status != c.status
            or not _compatible(m.key_date or m.date, c.key_date or c.date)
            or avoid in m.sent_starts
        ):
            continue
        shared = len(set(map(id, m.persons)) & set(map(id, c.persons)))
        if not shared and not m.persons and not c.persons and m.countries == c.countries:
            shared = 1
        elif (
            not shared
            and not c.new_event
            and bool(m.persons) != bool(c.persons)
            and m.countries
            and c.countries
            and (
                (not c.persons and c.countries <= m.countries)
                or (not m.persons and m.countries <= c.countries)
            )
        ):
            # The same talks told once by states ("Spanish PM to host French, German allies") and once
            # by names.
            shared = 1
        if shared > best_n:
            best, best_n = m, shared
    for m in [best] if best is not None else []:
        if True:
            for p in c.persons:
                if p not in m.persons:
                    m.persons.append(p)
            m.countries |= c.countries
            m.orgs |= c.orgs
            if c.date and (not m.date or len(c.date) > len(m.date)):
                m.date, m.date_text, m.key_date = c.date, c.date_text, c.key_date
            if m.location is None and c.location is not None and not m.is_call:
                m.location = c.location
            m.is_call = m.is_call or c.is_call
            if m.is_call:
                m.location = None
            m.evidence.extend(c.evidence)
            m.sent_starts.extend(c.sent_starts)
            return
    cands.append(c)
