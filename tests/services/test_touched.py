"""What a write that names what it touched bumps: the scopes of each meeting as it was before the
write and as it is after, so a meeting leaving a selection is seen leaving it."""

import pytest

from meetings.models import Person
from meetings.selectors import versions
from meetings.services.invalidation import Touched, data_changed
from tests.factories import country, make_meeting, topic

pytestmark = pytest.mark.django_db


def bumped(django_capture_on_commit_callbacks, write, scopes: list[str]) -> dict[str, int]:
    before = versions(scopes)
    with django_capture_on_commit_callbacks(execute=True):
        write()
    after = versions(scopes)
    return {name: b - a for name, a, b in zip(["epoch", *scopes], before, after, strict=True)}


def test_a_meeting_moved_from_one_country_and_topic_to_others_bumps_both_sides(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(countries=("GH", "KE"), topics=("energy",), people=(("Ada Oyelaran", "GH", ""),))
    make_meeting(countries=("US", "MX"))
    ada = Person.objects.get(name="Ada Oyelaran")

    def write():
        touched = Touched()
        touched.meetings_before([meeting.pk])
        meeting.countries.set([country("GH"), country("TZ")])
        meeting.topics.set([topic("trade-investment")])
        data_changed(touched)

    scopes = [
        "lists",
        f"meeting:{meeting.pk}",
        "country:KE",
        "country:TZ",
        "country:GH",
        "topic:energy",
        "topic:trade-investment",
        f"person:{ada.pk}",
        "country:US",
        "topic:climate-environment",
    ]
    assert bumped(django_capture_on_commit_callbacks, write, scopes) == {
        "epoch": 0,
        **{scope: 1 for scope in scopes[:-2]},
        "country:US": 0,
        "topic:climate-environment": 0,
    }


def test_a_renamed_person_bumps_the_scopes_of_every_meeting_they_took_part_in(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(
        countries=("NO", "SE"), people=(("Ilka Varren", "NO", ""), ("Sten Mork", "SE", ""))
    )
    ilka, sten = Person.objects.get(name="Ilka Varren"), Person.objects.get(name="Sten Mork")

    def write():
        touched = Touched()
        Person.objects.filter(pk=ilka.pk).update(name="Ilka M. Varren")
        touched.person_renamed(ilka.pk)
        data_changed(touched)

    scopes = [f"meeting:{meeting.pk}", "country:NO", "country:SE", f"person:{ilka.pk}", f"person:{sten.pk}"]
    assert bumped(django_capture_on_commit_callbacks, write, [*scopes, "country:FI"]) == {
        "epoch": 0,
        **{scope: 1 for scope in scopes},
        "country:FI": 0,
    }


def test_a_write_without_scopes_bumps_the_epoch_only(django_capture_on_commit_callbacks):
    assert bumped(django_capture_on_commit_callbacks, data_changed, ["lists", "country:FR"]) == {
        "epoch": 1,
        "lists": 0,
        "country:FR": 0,
    }


def test_nothing_is_bumped_before_the_commit(django_capture_on_commit_callbacks):
    before = versions(["lists"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        data_changed(Touched())
    assert versions(["lists"]) == before
    assert len(callbacks) == 1


def test_reading_the_scopes_of_meetings_and_bumping_them_take_one_query_each(django_assert_num_queries):
    from meetings.models import Quote
    from meetings.services.invalidation import _meeting_scopes, _versions_bump

    a = make_meeting(
        countries=("GH", "KE"), topics=("energy",), people=(("Ada Oyelaran", "GH", ""),), quotes=2
    )
    b = make_meeting(countries=("US",))
    ada = Person.objects.get(name="Ada Oyelaran")
    Quote.objects.filter(meeting=a).update(speaker=ada)
    Quote.objects.filter(meeting=a).first().topics.set([topic("trade-investment")])

    with django_assert_num_queries(1):
        scopes = _meeting_scopes({a.pk, b.pk})
    assert scopes == {
        f"meeting:{a.pk}",
        f"meeting:{b.pk}",
        "country:GH",
        "country:KE",
        "country:US",
        "topic:energy",
        "topic:trade-investment",
        f"person:{ada.pk}",
    }

    _versions_bump([5, 6])  # makes the rows: three queries the first time
    with django_assert_num_queries(1):
        _versions_bump([5, 6])
