"""People across articles: what the batch and the archive know of a name."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models

from meetings.models import (
    Person,
    name_key,
)
from meetings.nlp.affiliation import KnownPerson
from meetings.nlp.types import Extraction


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
