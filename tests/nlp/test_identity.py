"""The identity policy (meetings/nlp/identity.py) on invented names: one rule per test."""

import datetime as dt

import pytest

from meetings.nlp.identity import (
    Candidate,
    Mention,
    clean_name,
    fullest,
    given_agree,
    is_person_name,
    name_form,
    person_match,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Marta Kowal Kowal MartaPresident", "Marta Kowal"),
        ("Ivo Renn Renn IvoPrime", "Ivo Renn"),
        ("Ivo  Renn", "Ivo Renn"),
        ("Ivo Renn,", "Ivo Renn"),
        ("Sean McAllister", "Sean McAllister"),  # an inner capital that is part of the name
        ("Anna von der Berg", "Anna von der Berg"),
        ("Mr Ivo Renn", "Ivo Renn"),
    ],
)
def test_clean_name_drops_glued_tag_lists_and_repeats(raw, clean):
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Marta Kowal", True),
        ("Kowal", True),
        ("QUESTION", False),  # a transcript's label
        ("COVID", False),
        ("Easter", False),
        ("Paris", False),
        ("France", False),
        ("Prime Minister", False),  # a title with no name
        ("Joint Plan of Action", False),  # a lower-case word that is no particle
        ("Anna von der Berg", True),
        ("Khalid al-Nasser", True),
        ("Ministry", False),
        ("Final Communique", False),  # a document's name
        ("Councilor", False),  # a title alone
        ("State Councillor", False),
        ("Press Statement", False),
        ("", False),
        ("one two three four five six seven", False),
    ],
)
def test_is_person_name(name, person):
    assert is_person_name(name) is person


def test_particles_belong_to_the_surname():
    assert name_form("Anna von der Berg").surname == "von der berg"
    assert name_form("von der Berg").given == ()


def test_fullest_is_the_clean_form_with_most_words():
    assert (
        fullest(["Kowal", "Marta Kowal", "Marta J. Kowal", "Marta Kowal Kowal MartaPresident"])
        == "Marta J. Kowal"
    )


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (("marta",), ("marta", "j"), True),  # a middle initial on one side only
        (("m",), ("marta",), True),  # an initial
        (("tony",), ("anthony",), True),  # a short form in the variants lexicon
        (("george", "h", "w"), ("george", "w"), False),  # middles on both sides must agree
        (("marta",), ("maria",), False),
    ],
)
def test_given_names_agree(a, b, agree):
    assert given_agree(a, b) is agree


KOWAL = Candidate(
    id=1, names=("Marta J. Kowal", "Marta Kowal"), state="PL", offices=frozenset({"Foreign Minister"})
)


def test_same_full_name_even_with_another_state():
    verdict = person_match(Mention("Marta Kowal", state="CZ"), [KOWAL])
    assert (verdict.candidate, verdict.rule) == (KOWAL, "same-full-name")


def test_compatible_full_name_with_no_state_against_it():
    verdict = person_match(Mention("M. Kowal", state="PL"), [KOWAL])
    assert (verdict.candidate, verdict.rule) == (KOWAL, "compatible-full-name")


def test_compatible_full_name_with_another_state_is_someone_else():
    assert person_match(Mention("M. Kowal", state="CZ"), [KOWAL]).candidate is None


def test_a_bare_surname_with_the_same_state_is_the_one_candidate():
    verdict = person_match(Mention("Kowal", state="PL"), [KOWAL])
    assert (verdict.candidate, verdict.rule) == (KOWAL, "surname-only")


def test_a_bare_surname_that_fits_two_people_is_nobody_known():
    other = Candidate(id=2, names=("Jan Kowal",), state="PL", offices=frozenset({"Prime Minister"}))
    assert person_match(Mention("Kowal", state="PL"), [KOWAL, other]).rule == "ambiguous"
    assert (
        person_match(Mention("Kowal", state="PL", office="Prime Minister"), [KOWAL, other]).candidate == other
    )
    # with no state said, the office decides
    verdict = person_match(Mention("Kowal", office="Prime Minister"), [KOWAL, other])
    assert verdict.candidate == other


def test_namesakes_far_apart_in_time_stay_apart():
    elder = Candidate(
        id=3, names=("Pavel Dorn",), state="CZ", first=dt.date(1988, 1, 1), last=dt.date(1992, 12, 31)
    )
    assert (
        person_match(Mention("Pavel Dorn", state="CZ", when=dt.date(2024, 5, 1)), [elder]).candidate is None
    )
    assert (
        person_match(Mention("Pavel Dorn", state="CZ", when=dt.date(1995, 5, 1)), [elder]).candidate == elder
    )


def test_two_namesakes_with_different_middle_names_stay_apart():
    senior = Candidate(id=4, names=("Walter H. K. Brandt",), state="DE")
    verdict = person_match(Mention("Walter K. Brandt", state="DE"), [senior])
    assert verdict.candidate is None


def test_the_candidate_with_the_same_state_wins_when_several_fit():
    pl = Candidate(id=5, names=("Ewa Nowak",), state="PL")
    cz = Candidate(id=6, names=("Ewa Nowak",), state="CZ")
    assert person_match(Mention("Ewa Nowak", state="CZ"), [pl, cz]).candidate == cz


def test_a_person_known_by_a_bare_surname_is_the_one_a_full_name_later_names():
    bare = Candidate(id=7, names=("Kowal",), state="PL", offices=frozenset({"Foreign Minister"}))
    verdict = person_match(Mention("Marta Kowal", state="PL", office="Foreign Minister"), [bare])
    assert (verdict.candidate, verdict.rule) == (bare, "known-by-surname")
    assert person_match(Mention("Jan Kowal", state="PL", office="Prime Minister"), [bare]).candidate is None
    assert person_match(Mention("Marta Kowal", state="CZ"), [bare]).candidate is None
    unplaced = Candidate(id=17, names=("Kowal",))
    assert person_match(Mention("Marta Kowal", state="PL"), [unplaced]).candidate == unplaced


def test_records_of_a_bare_surname_never_make_a_bare_surname_ambiguous():
    bare = Candidate(id=8, names=("Kowal",), state="PL")
    assert person_match(Mention("Kowal", state="PL"), [KOWAL, bare]).candidate == KOWAL
    other_bare = Candidate(id=9, names=("Kowal",), state="PL")
    assert person_match(Mention("Kowal", state="PL"), [other_bare, bare]).candidate == bare


def test_a_bare_surname_with_a_state_read_wrongly_is_still_the_one_holder_of_that_office():
    president = Candidate(id=10, names=("Oskar Lind",), state="SE", offices=frozenset({"President"}))
    spouse = Candidate(id=11, names=("Maja Lind",), state="SE")
    verdict = person_match(Mention("Lind", state="NO", office="President"), [president, spouse])
    assert verdict.candidate == president
    assert person_match(Mention("Lind", state="NO"), [president, spouse]).candidate is None


def test_fullest_prefers_a_name_to_a_form_that_caught_a_title():
    assert fullest(["Lena Vogt", "Vogt", "International Partnerships Lena Vogt"]) == "Lena Vogt"
    assert fullest(["Khalid bin Faisal Al Nasser", "Khalid Al Nasser"]) == "Khalid bin Faisal Al Nasser"


def test_among_namesakes_of_one_office_the_one_most_meetings_name_is_meant():
    president = Candidate(
        id=12, names=("Oskar Lind",), state="SE", offices=frozenset({"President"}), meetings=30
    )
    slip = Candidate(id=13, names=("Maja Lind",), state="SE", offices=frozenset({"President"}), meetings=1)
    assert person_match(Mention("Lind", office="President"), [president, slip]).candidate == president


def test_when_nobody_can_tell_the_mention_goes_to_the_copy_kept_for_such_mentions():
    a = Candidate(id=14, names=("Oskar Lind",), state="SE", offices=frozenset({"President"}), meetings=2)
    b = Candidate(id=15, names=("Maja Lind",), state="SE", offices=frozenset({"President"}), meetings=2)
    copy = Candidate(id=16, names=("Lind",))
    assert person_match(Mention("Lind", office="President"), [a, b]).candidate is None
    verdict = person_match(Mention("Lind", office="President"), [a, b, copy])
    assert (verdict.candidate, verdict.rule) == (copy, "ambiguous")
