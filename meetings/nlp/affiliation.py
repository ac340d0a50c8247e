"""The one place that gives a person a state or a body. It returns new records; nothing is changed.

In order: what the article says around the person's names (``titles.OfficeCue``: "Chinese Foreign
Minister", "of Japan", "Kenya's president"), what earlier articles said about the same name (the batch
and the archive, the way an analyst would look it up), the publisher's own principal in a government
readout, and, at one meeting, what the other participants and the place leave (``complete``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import geo, lexicon
from .article import Article
from .coref import People, Person


@dataclass(frozen=True)
class Affiliation:
    state: str | None  # ISO alpha-2
    org: str | None  # an international body, when the person represents one (state is then None)
    rule: str
    start: int = 0  # the characters that say so (0, 0 when it is no one place)
    end: int = 0


@dataclass(frozen=True)
class KnownPerson:
    """What the batch or the archive already knows about a name (the state most sources give)."""

    state: str | None
    org: str | None
    sources: int = 1


# Looked up by the folded words of a full name ("wang yi"), or by a surname with a title word.
KnownPeople = Mapping[str, KnownPerson]


def from_cues(people: People, person: Person) -> Affiliation | None:
    """The first state or body the article gives the person in the words around one of the names."""
    for cue in people.cues[person.id]:
        if cue.state or cue.org:
            return Affiliation(cue.state, cue.org, f"affil.{cue.rule}", cue.start, cue.end)
    return None


def from_known(person: Person, known: KnownPeople | None) -> Affiliation | None:
    if known is None or len(person.key) < 2:
        return None
    hit = known.get(" ".join(person.key))
    if hit is None or not (hit.state or hit.org):
        return None
    return Affiliation(hit.state, hit.org, "affil.known")


def _principal(article: Article, people: People, known: dict[int, Affiliation]) -> Person | None:
    """The readout's own official: the first person named in the headline or the lead, not as the
    other side ("with ..."), whose state the article does not say ("Readout of President Biden's Call
    with Prime Minister Sato of Japan", "Secretary Carver met ...")."""
    doc = article.doc
    for sent in article.sentences[:2]:
        for m in people.in_tokens(sent.start, sent.end - 1):
            if any(a.lower_ in ("with", "to", "from") for a in doc[m.last].ancestors if a.i >= sent.start):
                continue
            if m.person not in known and not people.get(m.person).private:
                return people.get(m.person)
    return None


def _fits(title: str | None, office: str) -> bool:
    words = set((title or "").lower().split())
    if office == "leader":
        return bool(words & lexicon.office_words("leader"))
    return office in words


def from_nominals(article: Article, people: People, out: dict[int, Affiliation]) -> dict[int, Affiliation]:
    """ "Prime Minister Arjun Rao hosted ... since the Indian leader visited ...": an office named
    with a state and no name refers to the last person named with that office, whose state it gives."""
    found: dict[int, Affiliation] = {}
    doc = article.doc
    for t in doc:
        if "office" not in lexicon.office_kinds().get(t.lower_, ()) or people.at_token(t.i) is not None:
            continue
        if t.i + 1 < len(doc) and people.at_token(t.i + 1) is not None:
            continue  # "the Indian Prime Minister Modi": a title, read by the cues
        state = next(
            (
                geo.state_of_adjective(c.text) or geo.state_of_name(c.text)
                for c in t.children
                if c.dep_ in ("amod", "compound", "poss")
                and (geo.state_of_adjective(c.text) or geo.state_of_name(c.text))
            ),
            None,
        )
        if state is None or not any(c.lower_ == "the" or c.dep_ == "poss" for c in t.children):
            continue
        for m in people.before(t.idx):
            p = people.get(m.person)
            if not _fits(p.title, t.lower_) or p.private:
                continue
            known_state = (out.get(p.id) or found.get(p.id) or Affiliation(None, None, "")).state
            if known_state is not None and known_state != state:
                continue  # another state's leader: not the one meant
            if known_state is None:
                found[p.id] = Affiliation(state, None, "affil.nominal_mention", t.idx, t.idx + len(t.text))
            break
        else:
            named = _named_next(article, people, t)
            if named is not None and named.id not in out and named.id not in found:
                found[named.id] = Affiliation(
                    state, None, "affil.nominal_named_next", t.idx, t.idx + len(t.text)
                )
    return found


def _named_next(article: Article, people: People, t) -> Person | None:
    """ "Egypt's foreign minister has urged ... Badr Abdel made the appeal on Tuesday": an office told
    before any name, as the subject of its sentence, is the person the next sentence has as its subject,
    when nothing in the article gives that person an office or a state of their own."""
    if t.dep_ not in ("nsubj", "nsubjpass") or people.before(t.idx):
        return None
    doc = article.doc
    end = t.sent.end
    while end < len(doc) and not doc[end].is_alpha:
        end += 1
    if end >= len(doc):
        return None
    nxt = doc[end].sent
    for m in people.in_tokens(nxt.start, nxt.end - 1):
        head = doc[m.last]
        if head.dep_ not in ("nsubj", "nsubjpass") or head.head.i != nxt.root.i:
            continue
        p = people.get(m.person)
        if p.private or p.title or any(c.state or c.org for c in people.cues[p.id]):
            return None
        return p
    return None


def from_clauses(article: Article, people: People, out: Mapping[int, Affiliation]) -> dict[int, Affiliation]:
    """ "Tarek Oyelaran, who has led Ghana since 2020, ...": the state a person's relative clause says
    they lead."""
    found: dict[int, Affiliation] = {}
    doc = article.doc
    verbs = lexicon.words("lead_verbs.txt")
    for m in people.mentions:
        if m.person in out or m.person in found or people.get(m.person).private:
            continue
        for c in doc[m.last].children:
            if c.dep_ != "relcl" or not lexicon.forms(c.lemma_, c.lower_) & verbs:
                continue
            for o in (o for o in c.children if o.dep_ in ("dobj", "obj")):
                state = geo.state_of_name(o.text) or geo.state_of_name(doc[o.left_edge.i : o.i + 1].text)
                if state is None and any(x.dep_ == "poss" for x in o.children):
                    state = next((geo.state_of_name(x.text) for x in o.children if x.dep_ == "poss"), None)
                if state is not None:
                    found[m.person] = Affiliation(
                        state, None, "affil.leads_state", o.idx, o.idx + len(o.text)
                    )
    return found


def resolve(article: Article, people: People, known: KnownPeople | None = None) -> dict[int, Affiliation]:
    """Each person's state or body, where the article or the archive tells it; persons left out are
    unaffiliated."""
    out: dict[int, Affiliation] = {}
    for p in people.persons:
        if p.private:
            continue
        hit = from_cues(people, p) or from_known(p, known)
        if hit is not None:
            out[p.id] = hit
    out.update(from_nominals(article, people, out))
    out.update(from_clauses(article, people, out))
    if article.publisher:
        principal = _principal(article, people, out)
        if principal is not None:
            out[principal.id] = Affiliation(article.publisher, None, "affil.publisher")
    return out


def from_rounds(states: Mapping[int, str], known: Mapping[int, Affiliation]) -> dict[int, Affiliation]:
    """A leader named in a round of calls without a state takes the state the address named just before
    ("India is a traditional world power. Discussed with Prime Minister M ...")."""
    return {p: Affiliation(s, None, "affil.round_state") for p, s in states.items() if p not in known}


def from_leaders(sides: Mapping[int, tuple[str | None, str | None]], known: Mapping[int, Affiliation]):
    """The leader of a delegation whose state the article names ("a Ghanaian delegation led by Minister
    X") represents that state, when nothing else says."""
    return {
        p: Affiliation(s, o, "affil.leads_delegation")
        for p, (s, o) in sides.items()
        if p not in known and (s or o)
    }


def complete(
    participants: list[int],
    states: set[str],
    orgs: set[str],
    place_state: str | None,
    affiliations: Mapping[int, Affiliation],
    publisher: str | None = None,
) -> dict[int, Affiliation]:
    """New affiliations for the one participant of a meeting whose state the article leaves unsaid:
    the host when the meeting is held in a state no other participant represents ("Otieno held talks with
    President Xi in Beijing"), else the other side of a meeting between two named states (named as
    parties or through the other participant), else, in a government's readout, that government when
    nothing at the meeting stands for it (a readout names foreign officials with their states, its own
    often without: "Secretary Carver met Kenyan Foreign Minister Otieno on Monday")."""
    unknown = [p for p in participants if p not in affiliations]
    if len(unknown) != 1 or len(participants) < 2:
        return {}
    known_states = {
        affiliations[p].state for p in participants if p in affiliations and affiliations[p].state
    }
    if place_state and place_state not in known_states:
        return {unknown[0]: Affiliation(place_state, None, "affil.host_at_place")}
    named = states | known_states
    others = named - known_states
    if len(named) == 2 and len(others) == 1 and len(known_states) == 1 and not orgs:
        return {unknown[0]: Affiliation(next(iter(others)), None, "affil.other_side")}
    if publisher and publisher not in named:
        return {unknown[0]: Affiliation(publisher, None, "affil.publisher_side")}
    return {}
