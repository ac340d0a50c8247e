import datetime as dt

import pytest

from meetings.selectors import meeting_facets, meeting_list
from tests.factories import country, make_meeting, topic

pytestmark = pytest.mark.django_db


def test_quote_count_is_not_multiplied_by_country_filters():
    meeting = make_meeting(countries=("CN", "FR", "US"), quotes=3)

    [found] = meeting_list(filters={"country": [country("CN"), country("FR")]})

    assert found == meeting
    assert found.quote_count == 3


def test_meeting_without_quotes_counts_zero():
    make_meeting(quotes=0)

    assert meeting_list().get().quote_count == 0


def test_filters_accept_codes_and_slugs_as_well_as_instances():
    wanted = make_meeting(countries=("CN", "FR"), topics=("energy",))
    make_meeting(countries=("CN",), topics=("energy",))

    assert list(meeting_list(filters={"country": ["CN", "FR"], "topic": "energy"})) == [wanted]
    assert list(meeting_list(filters={"country": [country("FR")], "topic": topic("energy")})) == [wanted]


def test_undated_meetings_sort_last():
    undated = make_meeting(date=None)
    dated = make_meeting(date=dt.date(2020, 1, 1))

    assert list(meeting_list()) == [dated, undated]


def test_facets_of_an_empty_database_are_empty():
    facets = meeting_facets()

    assert (facets.countries, facets.topics, facets.statuses, facets.people, facets.years) == ([],) * 5


def test_facets_run_one_query_per_facet_then_come_from_the_cache(django_assert_num_queries):
    make_meeting(countries=("CN", "FR"), topics=("energy",))
    filters = {"country": [country("CN")], "topic": topic("energy")}

    # the data version, then countries, topics, statuses, people, years
    with django_assert_num_queries(6):
        facets = meeting_facets(filters=filters)
    # cached: only the data version is read
    with django_assert_num_queries(1):
        assert meeting_facets(filters=filters) == facets

    assert [(f.value, f.count, f.selected) for f in facets.countries] == [("CN", 1, True), ("FR", 1, False)]
    assert [(f.value, f.count, f.selected) for f in facets.topics] == [("energy", 1, True)]
    assert [(f.value, f.count) for f in facets.statuses] == [("held", 1)]
