"""One policy for "is this the same meeting?", inside an article and across articles.

``same_event`` compares two plain descriptions of a meeting (``EventKey``). The extractor uses it to
join the frames of one article into meetings; the ingestion services use it to join a meeting an
article reports to one already stored, with a day's tolerance for reports from other time zones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from . import lexicon
from .dates import PartialDate, resolve
from .geo import fold
from .types import RuleHit


@dataclass(frozen=True)
class EventKey:
    """What decides whether two reports are one meeting."""

    people: frozenset[str] = frozenset()  # stable identifiers of the named participants
    states: frozenset[str] = frozenset()  # the states and bodies taking part
    status: str = "held"
    date: PartialDate | None = None
    city: str | None = None
    is_call: bool | None = None  # None: not known either way
    passing: bool = False  # told in passing ("they last met in June")
    new_event: bool = False  # told as another meeting ("a separate meeting", "another call")
    unaffiliated: int = 0  # named participants whose state is not known


def _people_agree(a: frozenset[str], b: frozenset[str]) -> str | None:
    common = a & b
    if not common:
        return None
    if a <= b or b <= a:
        return "same.people_contained"
    if len(common) >= 2:
        return "same.people_shared"
    return None  # one person in common, each with someone else: two meetings (a tour's stops)


def _states_agree(a: EventKey, b: EventKey) -> str | None:
    if not a.states or not b.states:
        return None
    if a.people or b.people:
        # One side told by states only ("Spanish PM to host French, German allies"), the other by names
        # (a named person whose state the article leaves unsaid may be any one of the states).
        # That wildcard holds when the states come first ("Leaders of A, B, C and D agreed ... X hosted
        # Y, Z and W"): a report by states after one by names is a meeting of its own.
        unnamed, named = (a, b) if not a.people else (b, a)
        missing = unnamed.states - named.states
        room = named.unaffiliated if unnamed is a else 0
        return "same.states_of_named" if len(missing) <= room else None
    if a.states == b.states:
        return "same.states"
    return None


def same_event(a: EventKey, b: EventKey, *, day_tolerance: int = 0) -> str | None:
    """The rule that makes ``a`` and ``b`` one meeting, or None when they are two.

    Never one: different status (held / planned), dates that cannot be the same day (``day_tolerance``
    days apart at most), different cities, a call and a meeting in person, an earlier meeting told in
    passing against one told as news. Then one when the people agree (one holds all the other's, or
    they share two), or, for a report without names, when the states agree."""
    if a.status != b.status:
        return None
    if a.date is not None and not a.date.compatible(b.date, days=day_tolerance):
        return None
    if a.city and b.city and fold(a.city) != fold(b.city):
        return None
    if a.is_call is not None and b.is_call is not None and a.is_call != b.is_call:
        return None
    if a.passing != b.passing and not (a.date and b.date and a.date.precision == b.date.precision == "day"):
        return None
    if a.people and b.people:
        return _people_agree(a.people, b.people)
    return _states_agree(a, b)


# --- joining the frames of one article ---------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A meeting of one article while its frames are joined."""

    persons: tuple[int, ...]
    states: frozenset[str]  # states and bodies named as parties (not through a person)
    status: str
    date: PartialDate | None
    date_text: str | None
    date_key: PartialDate | None  # the first day of the meeting's own span of days, for joining
    city: str | None
    place_state: str | None
    place_rule: str | None
    is_call: bool | None  # None: not said
    passing: bool
    new_event: bool
    evidence: tuple[tuple[int, int], ...]
    rules: tuple  # RuleHit, from the frames
    groups: bool = False  # a party is a group that refers back ("the two sides")

    def key(self, person_states: dict[int, str | None]) -> EventKey:
        states = set(self.states) | {person_states[p] for p in self.persons if person_states.get(p)}
        return EventKey(
            people=frozenset(str(p) for p in self.persons),
            states=frozenset(states),
            unaffiliated=sum(1 for p in self.persons if not person_states.get(p)),
            status=self.status,
            date=self.date_key or self.date,
            city=self.city,
            is_call=self.is_call,
            passing=self.passing,
            new_event=self.new_event,
        )


def _better_date(a: Draft, b: Draft) -> Draft:
    """``a`` with ``b``'s date when ``b`` knows it more precisely."""
    rank = {"year": 1, "month": 2, "day": 3}
    if b.date is not None and (a.date is None or rank[b.date.precision] > rank[a.date.precision]):
        return Draft(**{**a.__dict__, "date": b.date, "date_text": b.date_text, "date_key": b.date_key})
    return a


def absorb(a: Draft, b: Draft) -> Draft:
    """One draft from two reports of the same meeting (``b`` told after ``a``)."""
    merged = _better_date(a, b)
    persons = tuple(dict.fromkeys(a.persons + b.persons))
    city, place_state, place_rule = (
        (a.city, a.place_state, a.place_rule) if a.place_state else (b.city, b.place_state, b.place_rule)
    )
    is_call = True if (a.is_call or b.is_call) else (False if False in (a.is_call, b.is_call) else None)
    if is_call:
        city = place_state = place_rule = None
    return Draft(
        **{
            **merged.__dict__,
            "persons": persons,
            "states": a.states | b.states,
            "city": city,
            "place_state": place_state,
            "place_rule": place_rule,
            "is_call": is_call,
            "evidence": tuple(dict.fromkeys(a.evidence + b.evidence)),
            "rules": a.rules + b.rules,
            "groups": a.groups and b.groups,
        }
    )


def best_match(drafts: list[Draft], new: Draft, person_states: dict[int, str | None]) -> int | None:
    """The earlier draft ``new`` reports again: the one sharing most people, the latest on a tie.

    A meeting told as another ("a second meeting", "their first talks since") is a meeting of its own,
    unless its own sentence told it already with the same sides: "A and B met in Doha, in their first
    talks in two years" is one meeting."""
    key = new.key(person_states)
    best, best_score = None, 0
    for k, d in enumerate(drafts):
        dkey = d.key(person_states)
        if new.new_event and not (
            set(new.evidence) & set(d.evidence) and (dkey.people, dkey.states) == (key.people, key.states)
        ):
            continue
        if same_event(dkey, key) is None:
            continue
        score = (
            len(set(d.persons) & set(new.persons)) * 10 + len(d.key(person_states).states & key.states) + 1
        )
        if score >= best_score:
            best, best_score = k, score
    return best


# "Earlier in the day, ...", "on the same day": the day of the meeting told before.
SAME_DAY = re.compile(
    r"\b(?:(?:earlier|later) (?:in|that) (?:the )?day|the same day|that day|the day before)\b", re.I
)


def _same_day(d: Draft, drafts: list[Draft]) -> Draft:
    day = next((x.date for x in reversed(drafts) if x.date is not None and x.date.day), None)
    if day is None or d.date is not None or not any(r.rule == "date.same_day" for r in d.rules):
        return d
    if "before" in (d.date_text or "").lower():
        day = PartialDate.of(day.first_day() - timedelta(days=1))
    return Draft(**{**d.__dict__, "date": day})


def same_day_dated(drafts: list[Draft]) -> list[Draft]:
    """ "Earlier in the day" of a meeting whose day was known only once the lead's time dated the
    meeting told before it (after ``join``): the same day, again."""
    out: list[Draft] = []
    for d in drafts:
        out.append(_same_day(d, out))
    return out


def _resolved_date(frame, published: PartialDate | None, planned: bool):
    """(date, text, key, rule) of a frame: a meeting's own span of days is dated by its first day, a
    meeting inside a trip's span by the span's month (or year), keyed by the span's first day."""
    if frame.when is None:
        return None, None, None, None
    if SAME_DAY.search(frame.when.text):
        return None, frame.when.text, None, "date.same_day"  # dated by the meeting told before: see join
    hit = resolve(frame.when.text, published, planned=planned)
    if hit is None:
        return None, None, None, None
    if hit.span_first is not None:
        # "the summit on 5-7 June" is dated by its first day; "a visit from 5 to 9 June", a trip, by its
        # month: the talks on it are held on a day the span leaves open
        if frame.when.own and frame.trigger.kind != "visit":
            return hit.span_first, frame.when.text, hit.span_first, "date.own_span_first_day"
        return hit.date, frame.when.text, hit.span_first, "date.trip_span"
    return hit.date, frame.when.text, None, hit.rule


def draft_of(frame, published: PartialDate | None, private: set[int]):
    """The draft one frame reports, or None when it names no side (a group refers back: see ``join``)."""
    status = "planned" if frame.modality.status == "planned" else "held"
    date, text, key, rule = _resolved_date(frame, published, status == "planned")
    rules = list(frame.rules)
    if rule and frame.when:
        rules.append(RuleHit(rule, frame.when.start, frame.when.end))
    if (
        status == "held"
        and date is not None
        and date.day
        and published is not None
        and published.day
        and date > published
    ):
        status = "planned"  # a day after publication cannot have been held yet
        rules.append(RuleHit("status.after_publication", frame.when.start, frame.when.end))
    persons = tuple(p for p in frame.persons if p not in private)
    states = frozenset(
        p.state or p.org
        for p in frame.parties
        if p.kind in ("state", "org", "publisher") and (p.state or p.org)
    )
    place = frame.where
    return Draft(
        persons=persons,
        states=states,
        status=status,
        date=date,
        date_text=text,
        date_key=key,
        city=place.city if place else None,
        place_state=place.state if place else None,
        place_rule=place.rule if place else None,
        is_call=frame.is_call,
        passing=frame.passing,
        new_event=frame.new_event,
        evidence=((frame.sent_start, frame.sent_end),),
        rules=tuple(rules),
        groups=any(p.kind == "group" for p in frame.parties),
    )


def _referent(
    drafts: list[Draft], d: Draft, word: str, titles: dict[int, str | None], *, group: bool
) -> int | None:
    """The meeting a group ("the two leaders", "both sides") or a bare definite noun ("the talks") refers
    to: the last one told whose people fit the group's noun (leaders, ministers); for a definite noun,
    the last one with the same status."""
    candidates = [k for k in range(len(drafts) - 1, -1, -1) if group or drafts[k].status == d.status]
    for k in candidates:
        words = [set((titles.get(p) or "").lower().split()) for p in drafts[k].persons]
        if word in ("leader", "president") and not all(w & lexicon.office_words("leader") for w in words):
            continue
        if word == "minister" and not all(w & {"minister", "secretary", "commissioner"} for w in words):
            continue
        return k
    # No meeting of such people: the last one told ("the two ministers" of a minister and a commissioner).
    return (
        candidates[0]
        if candidates
        and group
        and word in ("minister", "leader", "president")
        and len(drafts[candidates[0]].persons) == 2
        else None
    )


def _with_rule(d: Draft, rule: str, at: int) -> Draft:
    return Draft(**{**d.__dict__, "rules": d.rules + (RuleHit(rule, at, at),)})


def _at_main(d: Draft, drafts: list[Draft]) -> Draft:
    """Talks "on the sidelines" are held when and where the article's main meeting is."""
    if not drafts:
        return d
    main = drafts[0]
    date = d.date or main.date
    city, state = (d.city, d.place_state) if d.place_state else (main.city, main.place_state)
    return Draft(
        **{
            **d.__dict__,
            "date": date,
            "date_key": d.date_key or main.date_key,
            "city": city,
            "place_state": state,
            "place_rule": d.place_rule or "where.sidelines_of_main",
        }
    )


def join(
    frames,
    published: PartialDate | None,
    person_states: dict[int, str | None],
    private: set[int],
    titles: dict[int, str | None] | None = None,
) -> list[Draft]:
    """The meetings of one article from its frames in text order: each frame joins the earlier meeting it
    reports again (``same_event``); a group ("the two sides") takes the parties of the meeting it refers
    to and is then matched like any frame; a definite noun with no party of its own ("the talks covered
    ...") is the meeting told last; every other frame is a new meeting."""
    titles = titles or {}
    drafts: list[Draft] = []
    for f in frames:
        if not f.modality.announced:
            continue
        d = draft_of(f, published, private)
        weak = bool(f.parties) and all(p.rule == "party.definite_antecedent" for p in f.parties)
        if not (d.persons or d.states) and d.groups:
            word = max((p.word for p in f.parties if p.kind == "group"), key=len)
            k = _referent(drafts, d, word, titles, group=True)
            if k is None:
                continue
            d = _with_rule(
                Draft(**{**d.__dict__, "persons": drafts[k].persons, "states": drafts[k].states}),
                "merge.group_refers_back",
                f.sent_start,
            )
        elif (not (d.persons or d.states) and f.definite and not f.named) or (weak and drafts):
            k = _referent(drafts, d, "", titles, group=False)
            if k is not None and not f.new_event and (d.date is None or d.date.compatible(drafts[k].date)):
                drafts[k] = absorb(drafts[k], _with_rule(d, "merge.definite_refers_back", f.sent_start))
            continue
        if not (d.persons or d.states):
            continue
        if f.sidelines:
            d = _at_main(d, drafts)
        d = _same_day(d, drafts)
        k = best_match(drafts, d, person_states)
        if k is None:
            drafts.append(d)
        else:
            drafts[k] = absorb(drafts[k], _with_rule(d, "merge.same_event", f.sent_start))
    return drafts
