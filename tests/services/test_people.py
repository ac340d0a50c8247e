"""One person, one record (issue 11): articles naming people in several forms give one Person each;
namesakes stay apart; names that are no person's are not stored; a garbled name is stored clean."""

import pytest

from meetings.models import Participation, Person
from meetings.nlp.types import Participant
from meetings.services.ingest import articles_ingest
from meetings.services.people import PersonResolver, person_refresh
from meetings.services.readers import ArticleInput

pytestmark = pytest.mark.django_db

ARTICLES = [
    "Date: 2025-05-05\n\nPolish Foreign Minister Marta J. Kowal met Czech Foreign Minister Pavel Dorn in "
    "Warsaw on Monday to discuss energy.\n",
    "Date: 2025-06-10\n\nForeign Minister Marta Kowal of Poland held talks with Japanese Prime Minister "
    'Ken Sato in Tokyo on Tuesday. "We spoke about trade," Kowal said.\n',
    "Date: 2025-07-01\n\nPolish Foreign Minister Kowal met Czech Foreign Minister Dorn in Prague on Monday.\n",
    "Date: 2025-08-04\n\nPolish Prime Minister Jan Kowal met German Chancellor Lena Hartmann in Berlin on "
    "Monday.\n",
    "Date: 2025-09-01\n\nPolish Prime Minister Kowal met German Chancellor Hartmann in Warsaw on Monday to "
    "discuss trade.\n",
]


def ingest(*texts: str) -> None:
    report = articles_ingest(inputs=[ArticleInput(name=f"{i}.txt", text=t) for i, t in enumerate(texts)])
    assert report.count("failed") == 0, report.failures


def meetings_of(name: str) -> int:
    return Participation.objects.filter(person__name=name).count()


def test_every_form_of_a_name_is_one_person_and_namesakes_stay_apart():
    ingest(*ARTICLES)

    assert sorted(Person.objects.values_list("name", flat=True)) == [
        "Jan Kowal",
        "Ken Sato",
        "Lena Hartmann",
        "Marta J. Kowal",
        "Pavel Dorn",
    ]
    marta = Person.objects.get(name="Marta J. Kowal")
    assert marta.country_id == "PL"
    assert set(marta.aliases.values_list("key", flat=True)) == {"marta j kowal", "marta kowal", "kowal"}
    assert meetings_of("Marta J. Kowal") == 3, "the bare surname as foreign minister is her"
    assert meetings_of("Jan Kowal") == 2, "the bare surname as prime minister is him"
    assert meetings_of("Pavel Dorn") == 2 and meetings_of("Lena Hartmann") == 2
    assert marta.quotes.count() == 1


def test_a_state_given_wrongly_once_neither_splits_the_person_nor_wins():
    ingest(
        *ARTICLES[:2],
        "Date: 2025-11-03\n\nCzech Foreign Minister Marta Kowal met Japanese Prime Minister Ken Sato in Tokyo "
        "on Monday.\n",
    )
    marta = Person.objects.get(aliases__key="marta kowal")
    assert marta.country_id == "PL", "the state most of her participations give"
    assert meetings_of(marta.name) == 3


def test_the_displayed_name_is_the_fullest_seen_in_any_order():
    ingest(ARTICLES[2], ARTICLES[1], ARTICLES[0])
    assert Person.objects.filter(aliases__key="kowal").get().name == "Marta J. Kowal"


def test_names_that_are_no_persons_are_not_stored_and_garbled_ones_are_stored_clean():
    resolver = PersonResolver({"PL"})
    assert resolver.resolve(Participant(name="QUESTION")) is None
    assert resolver.resolve(Participant(name="Easter")) is None
    assert not Person.objects.exists()

    person = resolver.resolve(Participant(name="Marta Kowal Kowal MartaForeign", country="PL"))
    assert person.name == "Marta Kowal"
    assert resolver.resolve(Participant(name="Marta Kowal", country="PL")) == person


def test_refresh_repairs_a_garbled_stored_name():
    person = Person.objects.create(name="Ivo Renn Renn IvoPrime")
    person.aliases.create(name="Ivo Renn Renn IvoPrime")
    person.aliases.create(name="Ivo Renn")
    person_refresh(person=person)
    assert Person.objects.get(pk=person.pk).name == "Ivo Renn"
