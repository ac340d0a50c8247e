"""The sides of talks: who a frame's subject, object and prepositional phrases stand for.

A party is resolved to a person (a name, a pronoun, "the minister"), a state ("Chinese officials"), a body
("the EU"), a group that refers back ("the two sides") or the publisher ("we", in a readout). The slots:
the subject and its conjuncts ("Wang and Otieno met"), the object ("met Otieno", "received the minister"),
"with"/"to"/"from" phrases ("talks with", "spoke to", "a call from"), a noun's possessor ("Volkov's talks"),
"between" ("talks between A and B"), the sides a noun is named for ("US-China talks"); for a meeting noun,
the subject of the light verb that holds it ("held talks", "had a call"), or of the clause it is the
setting of ("During the talks, Wang said ...").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from . import coref, geo, lexicon
from .affiliation import Affiliation
from .article import Article
from .coref import People
from .syntax import (
    SUBJECT_DEPS,
    conjuncts,
    entity_of,
    light_verb,
    noun_phrase,
    objects,
    setting_verb,
    subjects,
)
from .triggers import TriggerSpec


@dataclass(frozen=True)
class Party:
    kind: str  # person | state | org | group | publisher
    person: int | None = None
    state: str | None = None
    org: str | None = None
    token: int = -1
    rule: str = ""
    role: str = "agent"  # agent | partner
    word: str = ""  # for a group, its noun ("leader" of "the two leaders"), to find whom it refers to


@dataclass(frozen=True)
class Context:
    """What the slot functions read besides the sentence."""

    article: Article
    people: People
    affiliations: dict[int, Affiliation]
    speakers: tuple[int, ...] = ()  # the people whose turns a transcript gives ("Name: ..."), when two


def _group(tok: Token) -> bool:
    """ "the two sides", "both leaders", "the two", "the pair", "they": parties told before. A noun of a
    state's people ("Egyptian intelligence officials") is that state, not a group."""
    low = tok.lower_
    if low in ("they", "them", "both"):
        return True
    if tok.pos_ == "NUM" and low in ("two", "three", "four", "five") and tok.dep_ in SUBJECT_DEPS:
        return True  # "the two", "the three laid wreaths"
    if not lexicon.forms(tok.lemma_, low) & lexicon.words("group_words.txt"):
        return False
    kids = {c.lower_ for c in tok.children}
    if kids & {"two", "both", "three", "four"}:
        return True
    named = any(c.ent_type_ in ("NORP", "GPE", "ORG") for c in tok.children)
    # "the foreign ministers of India and Pakistan": the states named, not a group that refers back
    of_states = any(o.ent_type_ in ("GPE", "NORP", "ORG") for o in objects(tok, ("of", "from")))
    return (
        tok.tag_ in ("NNS", "NNPS")
        and bool(kids & {"the", "these", "those", "their"})
        and not (named or of_states)
    )


def _states_in(tokens: list[Token]) -> list[tuple[str | None, str | None, Token]]:
    """The states and bodies named by the words of a phrase ("Chinese officials", "the EU delegation",
    "China's foreign minister", "Iran"), each once."""
    out: list[tuple[str | None, str | None, Token]] = []
    seen = set()
    for t in sorted(tokens, key=lambda x: x.i):
        if t.ent_type_ not in ("GPE", "NORP", "ORG") and not (
            t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ")
        ):
            continue
        phrase = t.text
        if t.ent_iob_ == "B" or t.ent_iob_ == "I":
            ent = entity_of(t)
            phrase = ent.text if ent is not None else t.text
        c = geo.state_of_word(phrase, metonyms=True) or geo.state_of_word(t.text, metonyms=True)
        o = None if c else geo.organization_of(phrase) or geo.organization_of(t.text)
        if (c or o) and (c, o) not in seen:
            seen.add((c, o))
            out.append((c, o, t))
    return out


def _named_person(np: list[Token], ctx: Context) -> list[int]:
    out: list[int] = []
    for t in np:
        m = ctx.people.at_token(t.i)
        if m is not None and m.person not in out:
            out.append(m.person)
    return out


def _person_party(pid: int, tok: Token, rule: str, role: str) -> Party:
    return Party("person", person=pid, token=tok.i, rule=rule, role=role)


def _pair_before(t: Token, ctx: Context, role: str) -> list[Party]:
    """ "Sato invited Oyelaran to Tokyo, and the two will meet in July": "the two" or "both" are the two
    people named before it in its sentence, when there are exactly two."""
    if t.dep_ not in SUBJECT_DEPS:
        return []
    found = []
    for m in ctx.people.in_tokens(t.sent.start, t.i - 1):
        if (
            m.person not in found
            and not ctx.people.get(m.person).private
            and not ctx.article.in_quote(m.start)
        ):
            found.append(m.person)
    return [_person_party(p, t, "party.the_two_before", role) for p in found] if len(found) == 2 else []


def _apposition(t: Token, np: list[Token], named: list[int], ctx: Context, role: str) -> list[Party]:
    """ "the Ghanaian and Japanese leaders, Tarek Oyelaran and Kenji Sato,": every person of the
    apposition, and the states the noun names ("Ghanaian and Japanese"), whoever stands for which."""
    appos = [x for c in t.children if c.dep_ == "appos" for a in conjuncts(c)[1:] for x in noun_phrase(a)]
    more = [p for p in _named_person(appos, ctx) if p not in named]
    if not more:
        return []
    words = [x for x in np if x.i < t.i] + [y for c in t.children if c.dep_ == "amod" for y in conjuncts(c)]
    return [_person_party(p, t, "party.apposition", role) for p in named + more] + [
        Party("state" if c else "org", state=c, org=o, token=x.i, rule="party.state", role=role)
        for c, o, x in _states_in(words)
    ]


def _one_party(t: Token, ctx: Context, role: str) -> list[Party]:
    """What one noun phrase head stands for as a side of talks."""
    np = noun_phrase(t)
    named = _named_person(np, ctx)
    listed = _apposition(t, np, named, ctx, role)
    if listed:
        return listed
    if named:
        return [_person_party(p, t, "party.name", role) for p in named]
    low = t.lower_
    if low in ("he", "she", "him", "her", "his"):
        hit = coref.pronoun(t, ctx.people, exclude=ctx.article.in_quote)
        return [_person_party(hit[0].id, t, hit[1], role)] if hit else []
    if low in ("we", "us", "our") and len(ctx.speakers) == 2:
        # "Last time we met in this hall": the two speakers of a transcript.
        return [_person_party(p, t, "party.transcript_we", role) for p in ctx.speakers]
    if low in ("i", "me", "my", "we", "us", "our") and ctx.article.publisher and ctx.article.first_person:
        return [Party("publisher", state=ctx.article.publisher, token=t.i, rule="party.publisher", role=role)]
    back = coref.plural(t)
    if back is not None:
        found = [p for h in back[0] for p in parties_of(h, ctx, role)]
        if found:
            return [Party(p.kind, p.person, p.state, p.org, t.i, back[1], role) for p in found]
    pair = _pair_before(t, ctx, role) if low in ("two", "both") else []
    if pair:
        return pair
    if _group(t) or low in ("we", "us", "their"):
        word = t.lemma_.lower() if t.pos_ == "NOUN" else ""
        return [Party("group", token=t.i, rule="party.group", role=role, word=word)]
    states = _states_in(np)
    side_noun = bool(lexicon.forms(t.lemma_, low) & lexicon.words("party_nouns.txt"))
    if not states and side_noun:
        # "senior officials from the Republic of Yemen and Saudi governments", "a delegation from Iran"
        named = [x for o in objects(t, ("from", "of")) for c in conjuncts(o) for x in noun_phrase(c)]
        states = _states_in(named)
    side = (states[0][0], states[0][1]) if len(states) == 1 else (None, None)
    leaders = _leaders(t, ctx, role, side) if side_noun else []
    office = "office" in lexicon.office_kinds().get(low, ()) or low in ("counterpart", "counterparts")
    if office:
        state = (states[0][0] or states[0][1]) if states else None
        states_of = {pid: a.state or a.org for pid, a in ctx.affiliations.items()}
        hit = (
            coref.nominal(t, ctx.people, states_of, state)
            if low not in ("counterpart", "counterparts")
            else None
        )
        if hit is not None:
            return [_person_party(hit[0].id, t, hit[1], role)]
    if states:
        kind = "office_state" if office else "state"
        return leaders + [
            Party("state" if c else "org", state=c, org=o, token=x.i, rule=f"party.{kind}", role=role)
            for c, o, x in states
        ]
    if side_noun and (t.tag_ in ("NNS", "NNPS") or low.endswith("s")) and not leaders:
        return _noun_antecedent(t, ctx, role)
    return leaders


def _noun_antecedent(t: Token, ctx: Context, role: str) -> list[Party]:
    """ "EU trade ministers met ... Ministers later agreed to resume negotiations with Ghana": a plural
    side noun with no state of its own stands for the state or body it was told with before."""
    doc = t.doc
    first = t.sent.start
    for _ in range(12):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    word = lexicon.forms(t.lemma_, t.lower_) & lexicon.words("party_nouns.txt")
    for x in reversed(doc[first : t.i]):
        if not lexicon.forms(x.lemma_, x.lower_) & word or ctx.article.in_quote(x.idx):
            continue
        named = noun_phrase(x) + [y for o in objects(x, ("from", "of")) for y in noun_phrase(o)]
        states = _states_in(named)
        if len(states) == 1:
            c, o, _ = states[0]
            return [
                Party(
                    "state" if c else "org",
                    state=c,
                    org=o,
                    token=t.i,
                    rule="party.noun_antecedent",
                    role=role,
                )
            ]
    return []


def _leaders(t: Token, ctx: Context, role: str, side: tuple[str | None, str | None]) -> list[Party]:
    """ "a delegation led by Minister Oyelaran", "a team from Ghana headed by X": the people who lead a
    side take part, for the side's state or body (the clause may hang from the noun or its "from" phrase)."""
    heads = [t] + objects(t, ("from", "of"))
    return [
        replace(p, rule="party.led_by", state=side[0], org=side[1])
        for h in heads
        for c in h.children
        if c.dep_ == "acl" and c.lemma_.lower() in ("lead", "head")
        for o in objects(c, ("by",))
        for p in parties_of(o, ctx, role)
        if p.kind == "person"
    ]


def parties_of(tok: Token, ctx: Context, role: str) -> list[Party]:
    out: list[Party] = []
    for t in conjuncts(tok):
        out.extend(_one_party(t, ctx, role))
    return out


def _noun_sides(trig: Token) -> list[Token]:
    """The words a meeting noun is named for ("US-China talks", "the EU-India summit", "Volkov-Xi
    talks"): its compound and adjective modifiers, when they name two or more sides."""
    return [
        x
        for x in trig.doc[trig.left_edge.i : trig.i]
        if x.dep_ in ("compound", "amod", "nmod", "npadvmod") or x.head.dep_ in ("compound", "amod")
    ]


def verb_parties(trig: Token, spec: TriggerSpec, ctx: Context) -> tuple[list[Party], list[Party]]:
    needs = spec.needs
    passive = [c for c in trig.children if c.dep_ == "nsubjpass"]
    by = objects(trig, ("by",))
    if passive and by:  # "Wang was received by Otieno"
        agents = [p for t in by for p in parties_of(t, ctx, "agent")]
        partners = [p for t in passive for p in parties_of(t, ctx, "partner")]
        return agents, partners
    agents = [p for t in subjects(trig) for p in parties_of(t, ctx, "agent")]
    objs = objects(trig, spec.preps)
    if needs in ("party", "object", "visit"):
        objs += [
            c
            for c in trig.children
            if c.dep_ in ("dobj", "obj", "oprd")
            or (c.dep_ == "npadvmod" and c.i > trig.i and ctx.people.at_token(c.i) is not None)
        ]  # "called President X" (oprd, or npadvmod for a name: misparses of the object)
    partners = invitation(trig, ctx) if needs == "visit" else []
    if "with" in spec.preps:
        partners += _with_on_object(trig, ctx)
    for t in objs:
        words = " ".join(x.text for x in sorted(noun_phrase(t), key=lambda x: x.i) if x.dep_ != "det")
        seat = geo.seat_of(words) if needs == "visit" else None
        if seat is not None:  # "visited the White House": the President's guest
            partners.append(
                Party("state", state=seat, token=t.i, rule="party.seat_of_government", role="partner")
            )
            continue
        if needs == "visit" and t.ent_type_ in ("GPE", "LOC", "FAC") and ctx.people.at_token(t.i) is None:
            continue  # "visited Beijing": a place, not a party
        partners.extend(parties_of(t, ctx, "partner"))
    return agents, partners


def _with_on_object(verb: Token, ctx: Context) -> list[Party]:
    """ "discussed trade with President Dumont", parsed as "[trade with Dumont]": a named person in a
    "with" phrase of the verb's object is the verb's partner (a state there is the topic's:
    "discussed cooperation with Japan")."""
    return [
        replace(p, rule="party.with_on_object")
        for d in verb.children
        if d.dep_ in ("dobj", "obj") and ctx.people.at_token(d.i) is None
        for o in objects(d, ("with",))
        for p in parties_of(o, ctx, "partner")
        if p.kind == "person"
    ]


def _own_agents(trig: Token, ctx: Context) -> list[Party]:
    """A meeting noun's own sides: its possessor ("Volkov's talks"), the sides it is named for ("US-China
    talks", "the Volkov-Xi summit"), "by" and "of" phrases ("a visit by ...", "a meeting of ...")."""
    agents = [p for c in trig.children if c.dep_ == "poss" for p in parties_of(c, ctx, "agent")]
    sides = _states_in(_noun_sides(trig))
    named = _named_person(_noun_sides(trig), ctx)
    if len(sides) + len(named) >= 2:
        agents.extend(
            Party("state" if c else "org", state=c, org=o, token=x.i, rule="party.named_sides")
            for c, o, x in sides
        )
        agents.extend(_person_party(p, trig, "party.named_sides", "agent") for p in named)
    agents.extend(p for t in objects(trig, ("by", "of")) for p in parties_of(t, ctx, "agent"))
    return agents


def invitation(head: Token, ctx: Context) -> list[Party]:
    """ "at the invitation of President Xi": the host who invited the visitor."""
    out = []
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in ("at", "on", "upon"):
            for inv in c.children:
                if inv.lemma_.lower() == "invitation":
                    for o in objects(inv, ("of", "from")):
                        out.extend(replace(p, rule="party.invitation") for p in parties_of(o, ctx, "partner"))
    return out


def noun_parties(trig: Token, spec: TriggerSpec, ctx: Context) -> tuple[list[Party], list[Party]]:
    agents = _own_agents(trig, ctx)
    lv = light_verb(trig)
    # The lexicon says which prepositions bring the other side: "a call to", but "talks on the path to ...".
    partners = [p for t in objects(trig, spec.preps) for p in parties_of(t, ctx, "partner")]
    partners += invitation(trig, ctx)
    if lv is not None:
        partners += [p for t in objects(lv, ("with",)) for p in parties_of(t, ctx, "partner")]
        agents.extend(p for t in subjects(lv) for p in parties_of(t, ctx, "agent"))
    elif not agents or all(a.kind == "group" for a in agents):
        # "told X during their meeting": the people of the clause, before a group that refers back
        found, around = _setting_parties(trig, ctx)
        agents = found or agents
        partners = partners or around
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in trig.children)
    if not agents and not partners and definite:
        back = coref.plural_subject_before(trig)  # "X and Y agreed ... The summit in Andong ..."
        if back is not None:
            agents = [
                replace(p, rule="party.definite_antecedent")
                for h in back[0]
                for p in parties_of(h, ctx, "agent")
            ]
    if not agents and partners and _readout_voice(trig, ctx):
        agents.append(
            Party("publisher", state=ctx.article.publisher, token=trig.i, rule="party.publisher_implicit")
        )
    return agents, partners


def _setting_parties(trig: Token, ctx: Context) -> tuple[list[Party], list[Party]]:
    """Who acts at a meeting that is only the setting of a clause: "During the telephone conversation,
    Ivan Volkov congratulated President Karimov" (the subject and the people it addresses)."""
    verb = setting_verb(trig)
    if verb is None:
        # "Defence Minister X, after a separate meeting with Y, said ...", "X, in Accra for talks with Y,":
        # the person the phrase qualifies.
        head = (
            trig.head.head
            if trig.dep_ == "pobj" and trig.head.lower_ in ("after", "before", "during", "following", "for")
            else None
        )
        if head is not None and ctx.people.at_token(head.i) is not None:
            return [replace(p, rule="party.setting_person") for p in parties_of(head, ctx, "agent")], []
        return [], []
    agents = [
        replace(p, rule="party.setting_subject") for t in subjects(verb) for p in parties_of(t, ctx, "agent")
    ]
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "dative")] + objects(verb, ("with", "to"))
    partners = [
        replace(p, rule="party.setting_object")
        for t in objs
        for p in parties_of(t, ctx, "partner")
        if p.kind in ("person", "publisher")
    ]
    return agents, partners


def _readout_voice(trig: Token, ctx: Context) -> bool:
    """A government readout names its own principal by leaving them out: "Telephone conversation with
    President of Uzbekistan ..." (its headline), "Held talks with ..." (its lead)."""
    art = ctx.article
    if not art.publisher:
        return False
    return any(s.start <= trig.i < s.end for s in art.sentences[:2]) or art.first_person
