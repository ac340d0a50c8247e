"""People across articles: one person, one record (issue 11).

``PersonResolver`` finds the stored person a participant or speaker is, by the one policy of
``meetings.nlp.identity.person_match`` over what the database knows of each candidate (names, state,
offices, when they met people), or stores a new one; names that are no person's ("QUESTION",
"Easter") are not stored; each person touched is then shown by the fullest clean form of their name
and given the state most of their participations give. ``KnownPeopleLookup`` tells the extractor
what the batch and the archive know of a name's state."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from django.db import models
from django.db.models import Count, Max, Min, Q

from meetings.models import Participation, Person, PersonAlias, name_key
from meetings.nlp.affiliation import KnownPerson
from meetings.nlp.identity import (
    Candidate,
    Mention,
    clean_name,
    fullest,
    is_person_name,
    name_form,
    person_match,
)
from meetings.nlp.types import Extraction, Participant


def person_forms(names: Iterable[str]) -> list[str]:
    """The clean forms of a person's names that are a person's, without repeats, in order."""
    forms: list[str] = []
    keys: set[str] = set()
    for raw in names:
        name = clean_name(raw)
        key = name_key(name)
        if key and key not in keys and is_person_name(name):
            forms.append(name)
            keys.add(key)
    return forms


def candidates_for(forms: list[str], *, exclude: Iterable[int] = ()) -> list[Candidate]:
    """The stored people any of these forms could be: the same name, or the same surname (a bare
    surname also finds a two-word name it begins, as in names written surname first)."""
    query = Q()
    for form in forms:
        parts = name_form(form)
        query |= Q(aliases__key=parts.key) | Q(aliases__key=parts.surname)
        query |= Q(aliases__key__endswith=" " + parts.surname)
        if not parts.full:
            query |= Q(aliases__key__startswith=parts.surname + " ")
    people = list(
        Person.objects.filter(query).exclude(pk__in=list(exclude)).distinct().prefetch_related("aliases")
    )
    if not people:
        return []
    ids = [p.pk for p in people]
    spans = {
        row["person"]: (row["first"], row["last"], row["n"])
        for row in Participation.objects.filter(person__in=ids)
        .values("person")
        .annotate(first=Min("meeting__date"), last=Max("meeting__date"), n=Count("id"))
    }
    offices: dict[int, set[str]] = {}
    for person_id, title in (
        Participation.objects.filter(person__in=ids).exclude(title="").values_list("person", "title")
    ):
        offices.setdefault(person_id, set()).add(title)
    return [
        Candidate(
            id=p.pk,
            names=tuple(dict.fromkeys([p.name, *(a.name for a in p.aliases.all())])),
            state=p.country_id,
            offices=frozenset(offices.get(p.pk, ())),
            first=spans.get(p.pk, (None, None, 0))[0],
            last=spans.get(p.pk, (None, None, 0))[1],
            meetings=spans.get(p.pk, (None, None, 0))[2],
        )
        for p in people
    ]


def person_aliases_add(person: Person, names: Iterable[str]) -> None:
    known = set(person.aliases.values_list("key", flat=True))
    for name in names:
        key = name_key(name)
        if key and key not in known:
            PersonAlias.objects.create(person=person, name=name[:200])
            known.add(key)


def person_refresh(*, person: Person) -> bool:
    """Show the person by the fullest clean form of their names, with the state most of their
    participations give (kept as it is when none gives one). True when the name changed."""
    name = fullest([person.name, *person.aliases.values_list("name", flat=True)])[:200] or person.name
    states = Counter(
        Participation.objects.filter(person=person, country__isnull=False).values_list(
            "country_id", flat=True
        )
    )
    country_id = (
        max(states.items(), key=lambda kv: (kv[1], kv[0] == person.country_id))[0] if states else None
    )
    changed = []
    if name != person.name:
        person.name = name
        changed.append("name")
    if country_id and country_id != person.country_id:
        person.country_id = country_id
        changed.append("country")
    if changed:
        person.save(update_fields=changed)
    return "name" in changed


class PersonResolver:
    """Resolves the people of one batch; remembers whom it touched so they are refreshed once."""

    def __init__(self, country_codes: set[str]) -> None:
        self.country_codes = country_codes
        self.touched: dict[int, Person] = {}

    def resolve(
        self, participant: Participant, *, when: dt.date | None = None, create: bool = True
    ) -> Person | None:
        """The stored person this participant is, a new one (unless ``create`` is false: a quote's
        speaker nobody can tell keeps a label rather than become a person), or None for a name
        that is no person's."""
        forms = person_forms([participant.name, *participant.aliases])
        if not forms:
            return None
        state = participant.country if participant.country in self.country_codes else None
        mention = Mention(name=fullest(forms), state=state, office=participant.title or "", when=when)
        verdict = person_match(mention, candidates_for(forms))
        if verdict.candidate is None and not create and verdict.rule == "ambiguous":
            return None
        if verdict.candidate is None:
            person = Person.objects.create(name=mention.name[:200], country_id=state)
        else:
            person = Person.objects.get(pk=verdict.candidate.id)
            if person.country_id is None and state:
                person.country_id = state
                person.save(update_fields=["country"])
        person_aliases_add(person, forms)
        self.touched[person.pk] = person
        return person

    def refresh(self) -> dict[int, bool]:
        """Refresh the people resolved since the last refresh; returns them, each with whether
        its name changed."""
        renamed = {pk: person_refresh(person=person) for pk, person in self.touched.items()}
        self.touched.clear()
        return renamed


class KnownPeopleLookup(Mapping):
    """What the batch and the archive already know of a person's state, for the extractor to use the
    way an analyst would ("President X" named without a state here, with one elsewhere). Keyed by a
    full name's key ("wang yi"); a name known under several states gives the one most records give."""

    def __init__(self) -> None:
        self._batch: dict[str, KnownPerson] = {}
        self._archive: dict[str, KnownPerson | None] = {}

    def learn(self, extraction: Extraction) -> None:
        """What an article of the batch said about its participants, for the articles after it."""
        for m in extraction.meetings:
            for p in m.participants:
                key = name_key(p.name)
                if (p.country or p.organization) and len(key.split()) >= 2:
                    self._batch.setdefault(key, KnownPerson(p.country, p.organization))

    def _from_archive(self, key: str) -> KnownPerson | None:
        counts = (
            Person.objects.filter(aliases__key=key, country__isnull=False)
            .values("country_id")
            .annotate(n=models.Count("id"))
            .order_by("-n", "country_id")
        )
        best = next(iter(counts), None)
        return KnownPerson(best["country_id"], None, best["n"]) if best else None

    def __getitem__(self, key: str) -> KnownPerson:
        if key in self._batch:
            return self._batch[key]
        if key not in self._archive:
            self._archive[key] = self._from_archive(key)
        hit = self._archive[key]
        if hit is None:
            raise KeyError(key)
        return hit

    def __iter__(self):
        return iter(self._batch)

    def __len__(self) -> int:
        return len(self._batch)
