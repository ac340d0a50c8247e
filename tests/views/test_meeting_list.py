import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.models import Meeting, Person
from meetings.services.corrections import meeting_merge
from tests.factories import make_meeting

URL = reverse("meetings:meeting_list")

pytestmark = pytest.mark.django_db


def meeting_ids(response) -> list[int]:
    """The ids of the meetings listed, in page order."""
    return [int(pk) for pk in re.findall(r'class="meeting__title" href="/meetings/(\d+)/"', response.text)]


def facet_count(response, input_id: str) -> int | None:
    """The count shown beside the filter input with this id, or None if the value is not shown."""
    match = re.search(
        rf'id="{re.escape(input_id)}"[^>]*>[^<]*<span class="count"[^>]*>(\d+)</span>', response.text
    )
    return int(match.group(1)) if match else None


@pytest.fixture
def world(db):
    """Four meetings with different countries, topics, statuses and dates, plus an undated one."""
    return {
        "cn_fr_trade": make_meeting(
            date=dt.date(2025, 3, 1),
            countries=("CN", "FR"),
            topics=("trade-investment",),
            city="Paris",
            location="FR",
        ),
        "cn_us_security": make_meeting(
            date=dt.date(2025, 6, 10), countries=("CN", "US"), topics=("security-defense",)
        ),
        "fr_de_planned": make_meeting(
            date=dt.date(2025, 9, 20),
            countries=("FR", "DE"),
            topics=("trade-investment", "energy"),
            status=Meeting.Status.PLANNED,
        ),
        "cn_fr_old": make_meeting(date=dt.date(2024, 1, 5), countries=("CN", "FR"), topics=("energy",)),
        "undated": make_meeting(date=None, countries=("JP",)),
    }


def test_lists_meetings_newest_first_with_undated_last(client, world):
    response = client.get(URL)

    assert response.status_code == 200
    assert meeting_ids(response) == [
        world["fr_de_planned"].pk,
        world["cn_us_security"].pk,
        world["cn_fr_trade"].pk,
        world["cn_fr_old"].pk,
        world["undated"].pk,
    ]


def test_equal_dates_are_ordered_by_newest_id(client, db):
    first = make_meeting(date=dt.date(2025, 1, 1))
    second = make_meeting(date=dt.date(2025, 1, 1))

    assert meeting_ids(client.get(URL)) == [second.pk, first.pk]


def test_row_shows_date_status_participants_place_topics_and_quote_count(client, db):
    meeting = make_meeting(
        date=dt.date(2025, 10, 15),
        countries=("CN", "FR"),
        city="Beijing",
        location="CN",
        topics=("energy",),
        people=(("Wang Yi", "CN", "Foreign Minister"), ("Jean-Noël Barrot", "FR", "Minister for Europe")),
        quotes=3,
    )

    html = client.get(URL).text

    assert "15 October 2025" in html
    assert "Held" in html
    assert "Wang Yi</a>, Foreign Minister" in html
    assert '(<a href="/countries/CN/">China</a>)' in html
    assert "Beijing, China" in html
    assert "Energy" in html
    assert "3 quotes" in html
    assert f'href="{meeting.get_absolute_url()}"' in html


def test_a_row_without_quotes_has_no_quotes_link(client, db):
    make_meeting(quotes=0)
    html = client.get(URL).text
    assert "0 quotes" not in html and 'class="meeting__quotes"' not in html


def test_row_shows_organization_when_participant_has_no_country(client, db):
    meeting = make_meeting(people=(("António Guterres", None, "Secretary-General"),))
    participation = meeting.participations.get()
    participation.organization = "United Nations"
    participation.save()

    assert "(United Nations)" in client.get(URL).text


def test_filter_by_one_country(client, world):
    response = client.get(URL, {"country": "US"})

    assert meeting_ids(response) == [world["cn_us_security"].pk]


def test_filter_by_several_countries_keeps_meetings_involving_all_of_them(client, world):
    response = client.get(URL, {"country": ["CN", "FR"]})

    assert meeting_ids(response) == [world["cn_fr_trade"].pk, world["cn_fr_old"].pk]


def test_country_codes_are_case_insensitive(client, world):
    assert meeting_ids(client.get(URL, {"country": "us"})) == [world["cn_us_security"].pk]


def test_filter_by_topic(client, world):
    response = client.get(URL, {"topic": "energy"})

    assert meeting_ids(response) == [world["fr_de_planned"].pk, world["cn_fr_old"].pk]


def test_filter_by_status(client, world):
    assert meeting_ids(client.get(URL, {"status": "planned"})) == [world["fr_de_planned"].pk]


def test_filter_by_date_from_is_inclusive_and_drops_undated(client, world):
    response = client.get(URL, {"date_from": "2025-06-10"})

    assert meeting_ids(response) == [world["fr_de_planned"].pk, world["cn_us_security"].pk]


def test_filter_by_date_to_is_inclusive(client, world):
    response = client.get(URL, {"date_to": "2025-03-01"})

    assert meeting_ids(response) == [world["cn_fr_trade"].pk, world["cn_fr_old"].pk]


def test_filters_combine(client, world):
    response = client.get(
        URL,
        {
            "country": "FR",
            "topic": "trade-investment",
            "status": "held",
            "date_from": "2025-01-01",
            "date_to": "2025-12-31",
        },
    )

    assert meeting_ids(response) == [world["cn_fr_trade"].pk]


def test_no_match_explains_why_and_offers_to_clear(client, world):
    response = client.get(URL, {"country": "JP", "status": "planned"})

    assert meeting_ids(response) == []
    assert "No meetings match these filters" in response.text
    assert f'href="{URL}">Clear all filters' in response.text


def test_empty_database_says_there_are_no_meetings_yet(client, db):
    assert "No meetings yet" in client.get(URL).text


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"country": "ZZ"}, "country"),
        ({"topic": "nope"}, "topic"),
        ({"status": "cancelled"}, "status"),
        ({"date_from": "2025-13-45"}, "start date"),
        ({"date_to": "yesterday"}, "end date"),
    ],
)
def test_invalid_filter_is_ignored_with_a_message_not_an_error(client, world, params, ignored):
    """Decision: a value that does not validate is dropped (200, the other filters still apply)
    and the page says which filter was ignored, rather than answering 400."""
    response = client.get(URL, params)

    assert response.status_code == 200
    assert f"Ignored the {ignored} filter" in response.text
    assert len(meeting_ids(response)) == 5


def test_invalid_filter_does_not_drop_the_valid_ones(client, world):
    response = client.get(URL, {"country": "ZZ", "status": "planned"})

    assert meeting_ids(response) == [world["fr_de_planned"].pk]
    assert "Ignored the country filter" in response.text


def test_invalid_filter_value_is_escaped_in_the_message(client, world):
    response = client.get(URL, {"country": "<script>x</script>"})

    assert response.status_code == 200
    assert "<script>x" not in response.text.lower()
    assert "&lt;SCRIPT&gt;X&lt;/SCRIPT&gt;" in response.text  # codes are upper-cased before validation


def test_date_range_the_wrong_way_round_ignores_the_end_date(client, world):
    response = client.get(URL, {"date_from": "2025-06-01", "date_to": "2025-01-01"})

    assert "Ignored the end date filter" in response.text
    assert meeting_ids(response) == [world["fr_de_planned"].pk, world["cn_us_security"].pk]


@pytest.fixture
def thirty_meetings(db, settings):
    settings.MEETINGS_PAGE_SIZE = 10
    return [make_meeting(date=dt.date(2025, 1, 1) + dt.timedelta(days=i)) for i in range(30)]


@pytest.mark.parametrize(
    ("page", "shown"),
    [("1", 1), ("2", 2), ("-1", 1), ("0", 1), ("99999", 3), ("abc", 1), ("", 1), ("2.5", 1)],
)
def test_page_numbers_are_clamped_never_an_error(client, thirty_meetings, page, shown):
    response = client.get(URL, {"page": page})

    assert response.status_code == 200
    assert f"Page {shown} of 3" in response.text
    assert len(meeting_ids(response)) == 10


def test_pagination_links_keep_the_filters(client, thirty_meetings):
    response = client.get(URL, {"country": "CN", "status": "held"})

    assert 'href="?country=CN&amp;status=held&amp;page=2"' in response.text
    assert 'hx-get="?country=CN&amp;status=held&amp;page=2"' in response.text


def test_second_page_has_a_link_back_with_the_filters(client, thirty_meetings):
    response = client.get(URL, {"country": ["CN", "FR"], "page": "2"})

    assert 'href="?country=CN&amp;country=FR&amp;page=1"' in response.text
    assert 'href="?country=CN&amp;country=FR&amp;page=3"' in response.text


def test_full_page_has_layout_form_and_htmx_wiring(client, world):
    response = client.get(URL)
    html = response.text

    assert "<html" in html
    assert "Diplomatic meetings" in html
    assert 'id="results"' in html
    assert 'hx-get="/"' in html and 'hx-trigger="change, submit"' in html
    assert 'hx-target="#results"' in html and 'hx-push-url="true"' in html
    assert 'method="get" action="/"' in html
    assert 'type="submit"' in html
    assert "historyRestoreAsHxRequest" in html
    assert "htmx-2" in html  # vendored, not from a CDN
    assert 'hx-headers=\'{"x-csrftoken": "' in html
    assert "hx-swap-oob" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_request_gets_only_the_results_and_the_facets(client, world, htmx_headers):
    response = client.get(URL, {"country": "US"}, headers=htmx_headers)
    html = response.text

    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert html.lstrip().startswith('<section id="results"')
    assert meeting_ids(response) == [world["cn_us_security"].pk]
    assert '<div id="facets" class="facets" hx-swap-oob="true">' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_request_and_full_page_list_the_same_meetings(client, world, htmx_headers):
    params = {"country": "FR", "topic": "trade-investment"}

    full = client.get(URL, params)
    fragment = client.get(URL, params, headers=htmx_headers)

    assert meeting_ids(full) == meeting_ids(fragment) == [world["fr_de_planned"].pk, world["cn_fr_trade"].pk]


def test_facet_counts_without_filters(client, world):
    response = client.get(URL)

    assert facet_count(response, "country-CN") == 3
    assert facet_count(response, "country-FR") == 3
    assert facet_count(response, "country-US") == 1
    assert facet_count(response, "country-JP") == 1
    assert facet_count(response, "country-GB") is None  # no meetings: not shown
    assert facet_count(response, "topic-trade-investment") == 2
    assert facet_count(response, "topic-energy") == 2
    assert facet_count(response, "topic-health") is None
    assert facet_count(response, "status-held") == 4
    assert facet_count(response, "status-planned") == 1


def test_country_counts_are_within_the_results_since_countries_combine(client, world):
    response = client.get(URL, {"country": "CN"})

    # Adding France to China gives the two China-France meetings.
    assert facet_count(response, "country-CN") == 3
    assert facet_count(response, "country-FR") == 2
    assert facet_count(response, "country-US") == 1
    assert facet_count(response, "country-DE") is None
    assert 'id="country-CN" name="country" value="CN" checked' in response.text


def test_topic_and_status_counts_ignore_their_own_filter(client, world):
    response = client.get(URL, {"topic": "energy", "status": "held"})

    # Topic counts are under status=held; status counts are under topic=energy.
    assert facet_count(response, "topic-energy") == 1
    assert facet_count(response, "topic-trade-investment") == 1
    assert facet_count(response, "topic-security-defense") == 1
    assert facet_count(response, "status-held") == 1
    assert facet_count(response, "status-planned") == 1
    assert 'id="topic-energy" name="topic" value="energy" checked' in response.text
    assert 'id="status-held" name="status" value="held" checked' in response.text


def test_facet_counts_follow_the_date_filter(client, world):
    response = client.get(URL, {"date_to": "2024-12-31"})

    assert facet_count(response, "country-CN") == 1
    assert facet_count(response, "country-US") is None
    assert facet_count(response, "topic-energy") == 1
    assert facet_count(response, "status-planned") is None


def test_selected_values_stay_shown_with_zero_count(client, world):
    response = client.get(URL, {"country": ["JP", "US"], "topic": "health"})

    assert meeting_ids(response) == []
    assert facet_count(response, "country-JP") == 0
    assert facet_count(response, "country-US") == 0
    assert facet_count(response, "topic-health") == 0


def test_facets_come_out_of_band_with_htmx_results(client, world, htmx_headers):
    response = client.get(URL, {"status": "planned"}, headers=htmx_headers)

    assert facet_count(response, "country-DE") == 1
    assert facet_count(response, "country-CN") is None


def make_many(count: int) -> None:
    for i in range(count):
        make_meeting(
            date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            countries=("CN", "FR", "US"),
            topics=("energy", "trade-investment"),
            people=((f"Minister {i}", "CN", "Foreign Minister"), (f"Envoy {i}", "FR", "Envoy")),
            quotes=2,
        )


def count_queries(client, django_assert_max_num_queries, params) -> int:
    cache.clear()  # factories write without bumping the data version, as the services do
    with django_assert_max_num_queries(1000) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [{}, {"country": ["CN", "FR"], "topic": "energy", "status": "held", "date_from": "2024-01-01"}],
    ids=["unfiltered", "all-filters"],
)
def test_list_page_query_count_does_not_grow_with_meetings(
    client, db, settings, django_assert_num_queries, django_assert_max_num_queries, params
):
    settings.MEETINGS_PAGE_SIZE = 100  # every meeting on one page, so rendering all of them is measured
    make_many(5)
    with_5 = count_queries(client, django_assert_max_num_queries, params)
    make_many(45)
    with_50 = count_queries(client, django_assert_max_num_queries, params)

    assert with_5 == with_50
    cache.clear()
    with django_assert_num_queries(with_50):
        response = client.get(URL, params)
    assert len(meeting_ids(response)) == 50


@pytest.mark.parametrize("meetings", [5, 50])
def test_list_page_runs_a_fixed_number_of_queries(client, db, settings, django_assert_num_queries, meetings):
    settings.MEETINGS_PAGE_SIZE = 100
    make_many(meetings)

    # data version, count, page, participations, countries, topics, five facet aggregates, timeline
    with django_assert_num_queries(12):
        response = client.get(URL)
    assert len(meeting_ids(response)) == meetings


def test_list_page_is_served_from_the_cache_until_a_write(
    client, db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    a = make_meeting(countries=("CN", "FR"))
    b = make_meeting(countries=("CN", "US"))
    client.get(URL)

    with django_assert_num_queries(1):  # the data version; counts and regions are cached
        response = client.get(URL)
    assert sorted(meeting_ids(response)) == sorted([a.pk, b.pk])

    with django_capture_on_commit_callbacks(execute=True):
        meeting_merge(target=a, others=[b])
    response = client.get(URL)
    assert meeting_ids(response) == [a.pk]
    assert "1 meeting" in response.text


def test_list_page_with_every_filter_adds_only_the_two_validation_queries(
    client, db, settings, django_assert_num_queries
):
    settings.MEETINGS_PAGE_SIZE = 100
    make_many(20)
    params = {"country": ["CN", "FR"], "topic": "energy", "status": "held", "date_from": "2024-01-01"}

    # the 12 of the unfiltered page, plus looking up the countries and the topic given
    with django_assert_num_queries(14):
        response = client.get(URL, params)
    assert len(meeting_ids(response)) == 20


# Search, people, sort, years and the timeline


@pytest.fixture
def people_world(db):
    return {
        "paris": make_meeting(
            date=dt.date(2025, 3, 1),
            countries=("CN", "FR"),
            city="Paris",
            location="FR",
            people=(("Wang Yi", "CN", "Foreign Minister"), ("Jean-Noël Barrot", "FR", "Minister for Europe")),
        ),
        "beijing": make_meeting(
            date=dt.date(2024, 6, 1),
            countries=("CN", "US"),
            city="Beijing",
            location="CN",
            people=(("Wang Yi", "CN", "Foreign Minister"), ("Marco Rubio", "US", "Secretary of State")),
        ),
        "berlin": make_meeting(
            date=dt.date(2025, 8, 1),
            countries=("FR", "DE"),
            city="Berlin",
            location="DE",
            people=(("Jean-Noël Barrot", "FR", "Minister for Europe"),),
        ),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("wang", ["paris", "beijing"]),  # a participant, in any case
        ("barrot paris", ["paris"]),  # every word must match somewhere
        ("berlin", ["berlin"]),  # the city
        ("germany", ["berlin"]),  # the host country
        ("secretary", ["beijing"]),  # a title
        ("  ", ["berlin", "paris", "beijing"]),
        ("nobody", []),
        ("%", []),
        ("_", []),
    ],
)
def test_search_over_participants_and_places(client, people_world, q, expected):
    response = client.get(URL, {"q": q})

    assert meeting_ids(response) == [people_world[name].pk for name in expected]


def test_search_matches_aliases(client, people_world):
    wang = people_world["paris"].people.get(name="Wang Yi")
    wang.aliases.create(name="王毅")

    assert meeting_ids(client.get(URL, {"q": "王毅"})) == [
        people_world["paris"].pk,
        people_world["beijing"].pk,
    ]


def test_empty_search_result_says_why(client, people_world):
    response = client.get(URL, {"q": "nobody"})

    assert "No meetings match these filters: no participant or place matches “nobody”" in response.text


def test_filter_by_people_keeps_meetings_with_all_of_them(client, people_world):
    wang = people_world["paris"].people.get(name="Wang Yi")
    barrot = people_world["paris"].people.get(name="Jean-Noël Barrot")

    assert meeting_ids(client.get(URL, {"person": wang.pk})) == [
        people_world["paris"].pk,
        people_world["beijing"].pk,
    ]
    assert meeting_ids(client.get(URL, {"person": [wang.pk, barrot.pk]})) == [people_world["paris"].pk]


def test_person_facet_counts_within_the_results(client, people_world):
    wang = people_world["paris"].people.get(name="Wang Yi")
    barrot = people_world["paris"].people.get(name="Jean-Noël Barrot")
    rubio = people_world["beijing"].people.get(name="Marco Rubio")

    response = client.get(URL, {"person": wang.pk})

    assert facet_count(response, f"person-{wang.pk}") == 2
    assert facet_count(response, f"person-{barrot.pk}") == 1
    assert facet_count(response, f"person-{rubio.pk}") == 1
    assert f'id="person-{wang.pk}" name="person" value="{wang.pk}" checked' in response.text


def test_sort_oldest_first(client, people_world):
    response = client.get(URL, {"sort": "oldest"})

    assert meeting_ids(response) == [people_world[n].pk for n in ("beijing", "paris", "berlin")]
    assert '<option value="oldest" selected>Oldest first</option>' in response.text
    assert "No meetings match" not in response.text and "Clear all filters" not in response.text


def test_year_facet_counts_and_links_set_the_date_range(client, people_world):
    response = client.get(URL, {"country": "FR"})
    html = response.text

    assert re.search(
        r'<a href="\?country=FR&amp;date_from=2025-01-01&amp;date_to=2025-12-31" '
        r'hx-get="\?country=FR&amp;date_from=2025-01-01&amp;date_to=2025-12-31">2025 '
        r'<span class="count"[^>]*>2</span>',
        html,
    )
    assert "2024 <span" not in html  # the only 2024 meeting is not French

    chosen = client.get(URL, {"date_from": "2025-01-01", "date_to": "2025-12-31"})
    assert meeting_ids(chosen) == [people_world["berlin"].pk, people_world["paris"].pk]
    assert 'aria-current="true" title="Any date">2025' in chosen.text


def test_timeline_draws_a_bar_per_month_linking_to_that_month(client, people_world):
    html = client.get(URL, {"country": "CN"}).text

    assert '<svg class="timeline__svg"' in html
    assert "2 dated meetings from June 2024 to March 2025" in html
    link = "/?country=CN&amp;date_from=2025-03-01&amp;date_to=2025-03-31"
    assert f'<a href="{link}" hx-get="{link}" aria-label="March 2025: 1 meeting">' in html
    assert html.count("<rect ") == 2  # empty months get no bar


def test_timeline_counts_per_year_over_a_long_span(client, db):
    make_meeting(date=dt.date(2000, 1, 1))
    make_meeting(date=dt.date(2025, 1, 1))

    html = client.get(URL).text

    assert "Meetings per year" in html
    assert 'aria-label="2000: 1 meeting"' in html


def test_htmx_response_carries_the_dates_and_facets_out_of_band(client, people_world, htmx_headers):
    response = client.get(URL, {"date_from": "2025-01-01"}, headers=htmx_headers)

    assert '<div id="facets" class="facets" hx-swap-oob="true">' in response.text
    assert 'name="date_from" value="2025-01-01"' in response.text
    assert "<form" not in response.text


def test_search_box_is_labelled_and_wired_for_htmx(client, people_world):
    html = client.get(URL).text

    assert '<label for="id_q">Search participants and places:</label>' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-include="closest form"' in html
    assert '<label for="id_sort">Sort:</label>' in html
    assert 'href="/">Clear all</a>' in html


def test_rows_link_people_countries_and_topics(client, db):
    meeting = make_meeting(topics=("energy",), people=(("Wang Yi", "CN", "Foreign Minister"),))
    wang = meeting.people.get()

    html = client.get(URL).text

    assert f'<a class="person" href="/people/{wang.pk}/">Wang Yi</a>' in html
    assert '<a href="/countries/CN/">China</a>' in html
    assert '<a class="tag" href="/topics/energy/">Energy</a>' in html


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"person": "abc"}, "person"),
        ({"person": "999999"}, "person"),
        ({"person": "9" * 40}, "person"),
        ({"person": "-3"}, "person"),
        ({"sort": "sideways"}, "sort"),
        ({"q": "x" * 5000}, "search"),
        ({"q": "wang\x00"}, "search"),
        ({"country": "x" * 5000}, "country"),
        ({"date_from": "99999-01-01"}, "start date"),
        ({"date_to": "0000-00-00"}, "end date"),
    ],
)
def test_more_bad_parameters_are_ignored_with_a_message(client, world, params, ignored):
    response = client.get(URL, params)

    assert response.status_code == 200
    assert f"Ignored the {ignored} filter" in response.text
    assert len(meeting_ids(response)) == 5


def test_repeated_single_value_parameters_use_the_last(client, world):
    response = client.get(
        URL + "?status=nope&status=planned&topic=energy&topic=trade-investment&page=9&page=1"
    )

    assert response.status_code == 200
    assert meeting_ids(response) == [world["fr_de_planned"].pk]


def test_repeated_country_is_harmless(client, world):
    assert meeting_ids(client.get(URL, {"country": ["US", "US", "us"]})) == [world["cn_us_security"].pk]


@pytest.mark.parametrize("page", ["-99999999999999999999", "99999999999999999999999999", "1" * 500])
def test_huge_page_numbers_are_clamped(client, thirty_meetings, page):
    response = client.get(URL, {"page": page})

    assert response.status_code == 200
    assert len(meeting_ids(response)) == 10


def test_bad_htmx_request_still_answers_with_the_partial(client, world, htmx_headers):
    response = client.get(
        URL, {"country": "ZZ", "page": "-1", "date_from": "2025-13-45"}, headers=htmx_headers
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert "Ignored the country filter" in response.text


# Export


def streamed(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_export_csv_is_the_whole_selection_not_the_page(client, thirty_meetings):
    response = client.get(URL, {"format": "csv", "page": "2"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meetings.csv"'
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert len(rows) == 30
    assert [row["date"] for row in rows][:2] == ["2025-01-30", "2025-01-29"]


def test_export_follows_the_filters(client, world):
    response = client.get(URL, {"country": ["CN", "FR"], "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(streamed(response))))

    assert [int(row["id"]) for row in rows] == [world["cn_fr_trade"].pk, world["cn_fr_old"].pk]
    assert rows[0]["countries"] == "CN; FR"
    assert rows[0]["topics"] == "trade-investment"
    assert rows[0]["city"] == "Paris" and rows[0]["location_country"] == "FR"
    assert rows[0]["url"] == f"http://testserver/meetings/{world['cn_fr_trade'].pk}/"


def test_export_json(client, db):
    meeting = make_meeting(
        topics=("energy",), people=(("Wang Yi", "CN", "Foreign Minister"),), quotes=2, countries=("CN", "FR")
    )

    data = json.loads(streamed(client.get(URL, {"format": "json"})))

    assert data == [
        {
            "id": meeting.pk,
            "url": f"http://testserver/meetings/{meeting.pk}/",
            "date": "2025-10-15",
            "date_precision": "day",
            "status": "held",
            "city": "",
            "location_country": None,
            "countries": ["CN", "FR"],
            "topics": ["energy"],
            "participants": ["Wang Yi, Foreign Minister, China"],
            "quote_count": 2,
            "reviewed": False,
        }
    ]


def test_export_links_keep_the_filters(client, world):
    html = client.get(URL, {"country": "CN", "page": "1"}).text

    assert 'href="?country=CN&amp;format=csv"' in html
    assert 'href="?country=CN&amp;format=json"' in html


def test_export_query_count_does_not_grow_with_meetings(client, db, django_assert_max_num_queries):
    counts = []
    for count in (5, 45):
        make_many(count)
        with django_assert_max_num_queries(1000) as captured:
            assert len(streamed(client.get(URL, {"format": "csv"})).splitlines()) == count + 1 + (
                5 if counts else 0
            )
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_list_page_with_search_people_and_sort_query_count_does_not_grow(
    client, db, settings, django_assert_max_num_queries
):
    settings.MEETINGS_PAGE_SIZE = 100
    counts = []
    for count in (5, 45):
        for i in range(count):
            make_meeting(
                date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                topics=("energy",),
                people=(("Wang Yi", "CN", "Foreign Minister"), (f"Envoy {count}-{i}", "FR", "Envoy")),
                quotes=1,
            )
        wang = Person.objects.get(name="Wang Yi")
        cache.clear()  # factories write without bumping the data version, as the services do
        with django_assert_max_num_queries(1000) as captured:
            response = client.get(URL, {"q": "minister", "person": wang.pk, "sort": "oldest"})
        assert response.status_code == 200
        counts.append(len(captured))
    assert len(meeting_ids(response)) == 50
    assert counts[0] == counts[1]
