"""`manage.py people_resolve`: the archive brought in line with the identity policy of ingestion."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from meetings.models import Participation, Person, Quote
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """People as an older ingestion stored them: one person three times, a garbled name, a label."""
    make_meeting(
        date=dt.date(2025, 5, 5),
        people=(("Marta J. Kowal", "PL", "Foreign Minister"), ("Pavel Dorn", "CZ", "Foreign Minister")),
    )
    make_meeting(date=dt.date(2025, 6, 5), people=(("Marta Kowal", "PL", "Foreign Minister"),))
    make_meeting(
        date=dt.date(2025, 7, 5),
        people=(("Kowal", "PL", "Foreign Minister"), ("Dorn", "CZ", "Foreign Minister")),
    )
    make_meeting(date=dt.date(2025, 8, 5), people=(("Jan Kowal", "PL", "Prime Minister"),))
    make_meeting(date=dt.date(2025, 9, 5), people=(("Ivo Renn Renn IvoPrime", "SI", "Prime Minister"),))
    meeting = make_meeting(date=dt.date(2025, 9, 6), people=(("QUESTION", None, ""),), quotes=1)
    Quote.objects.filter(meeting=meeting).update(speaker=Person.objects.get(name="QUESTION"))


def run(*args) -> str:
    out = StringIO()
    call_command("people_resolve", *args, stdout=out)
    return out.getvalue()


def test_people_resolve_merges_repairs_and_removes(archive):
    output = run()

    names = sorted(Person.objects.values_list("name", flat=True))
    assert names == ["Ivo Renn", "Jan Kowal", "Marta J. Kowal", "Pavel Dorn"]
    assert Participation.objects.filter(person__name="Marta J. Kowal").count() == 3
    assert Participation.objects.filter(person__name="Pavel Dorn").count() == 2
    assert set(Person.objects.get(name="Marta J. Kowal").aliases.values_list("key", flat=True)) >= {
        "marta kowal",
        "kowal",
    }
    quote = Quote.objects.get()
    assert quote.speaker is None and quote.speaker_label == "QUESTION", "the words keep their label"
    assert "people: 8 -> 4 (3 merged, 1 names repaired, 1 non-persons removed)" in output
    assert "  merged: Kowal -> Marta J. Kowal" in output

    assert "people: 4 -> 4 (0 merged, 0 names repaired, 0 non-persons removed)" in run(), "idempotent"


def test_dry_run_changes_nothing(archive):
    output = run("--dry-run")
    assert "would change: 8 -> 4" in output
    assert Person.objects.count() == 8
