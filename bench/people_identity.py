#!/usr/bin/env python
"""How many people records there are, and how many of them should not be (issue 11).

    DATABASE_URL=sqlite:////tmp/ids/new.sqlite3 .venv/bin/python bench/people_identity.py

Counts the people, the one-word names, the names that are no person's (``identity.is_person_name``),
the garbled ones (``identity.clean_name`` changes them) and the records that the identity policy
would merge into another (``people_resolve --dry-run`` does the same with the database's help).
Prints figures; not a test.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")


def main() -> int:
    import django

    django.setup()
    from meetings.models import Person
    from meetings.nlp.identity import Candidate, Mention, clean_name, is_person_name, name_form, person_match

    people = list(Person.objects.all())
    one_word = [p for p in people if len(p.name.split()) == 1]
    not_persons = [p for p in people if not is_person_name(clean_name(p.name))]
    garbled = [p for p in people if clean_name(p.name) != p.name]
    by_surname: dict[str, list] = defaultdict(list)
    for p in people:
        by_surname[name_form(p.name).surname].append(p)
    duplicates = []
    for group in by_surname.values():
        group.sort(key=lambda p: (-len(p.name.split()), p.pk))
        kept: list[Candidate] = []
        for p in group:
            verdict = person_match(Mention(p.name, state=p.country_id), kept)
            if verdict.candidate:
                duplicates.append((p.name, p.country_id, verdict.candidate.names[0], verdict.rule))
            else:
                kept.append(Candidate(id=p.pk, names=(p.name,), state=p.country_id))
    print(f"people: {len(people)}")
    print(f"one-word names: {len(one_word)}")
    print(f"not a person's name: {len(not_persons)} {sorted(p.name for p in not_persons)[:20]}")
    print(f"garbled names: {len(garbled)} {sorted(p.name for p in garbled)[:10]}")
    print(f"records the policy would merge into another: {len(duplicates)}")
    for name, state, into, rule in sorted(duplicates)[:25]:
        print(f"  {name} ({state}) -> {into} [{rule}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
