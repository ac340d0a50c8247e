"""Undated meetings and the date precision (issue 12, item 2): an "Undated" bucket in the year
facet and beside the timeline, year counts that add up to the heading, and a validated filter by
precision (day, month, year, none)."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.models import Meeting, Person
from tests.factories import make_meeting

URL = reverse("meetings:meeting_list")

pytestmark = pytest.mark.django_db


def meeting_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="meeting__title" href="/meetings/(\d+)/"', response.text)]


def heading_count(html: str) -> int:
    return int(re.search(r'<h2 id="results-heading" class="results__count">\s*(\d+) meeting', html).group(1))


def year_facet(html: str) -> dict[str, int]:
    block = html[html.index('<ul class="facet-list facet-list--years"') :]
    block = block[: block.index("</ul>")]
    return {
        label: int(n)
        for label, n in re.findall(r'>(\d{4}|Undated) <span class="count"[^>]*>(\d+)</span>', block)
    }


def year_link(html: str, label: str) -> str:
    match = re.search(rf'<a href="([^"]*)" hx-get="[^"]*"[^>]*>{label} <span class="count"', html)
    return match.group(1).replace("&amp;", "&")


def _dated(day: dt.date, precision: str, **kwargs) -> Meeting:
    meeting = make_meeting(date=day, **kwargs)
    Meeting.objects.filter(pk=meeting.pk).update(date_precision=precision)
    return meeting


@pytest.fixture
def dates():
    """Meetings dated to the day, the month and the year, over two years, and two undated ones."""
    people = (("Amara Owusu", "GH", "Foreign Minister"),)
    return {
        "day": _dated(dt.date(2025, 3, 4), "day", countries=("GH", "NO"), topics=("energy",), people=people),
        "month": _dated(dt.date(2025, 5, 1), "month", countries=("GH", "JP")),
        "year": _dated(dt.date(2024, 1, 1), "year", countries=("GH", "NO"), status=Meeting.Status.PLANNED),
        "day_2024": _dated(dt.date(2024, 7, 9), "day", countries=("JP", "PE"), city="Lima", location="PE"),
        "undated": make_meeting(date=None, countries=("GH", "NO"), topics=("energy",), people=people),
        "undated_jp": make_meeting(date=None, countries=("JP",), city="Lima", location="PE"),
    }


def test_the_year_facet_has_an_undated_bucket_and_adds_up_to_the_heading(client, dates):
    html = client.get(URL).text

    assert heading_count(html) == 6
    assert year_facet(html) == {"2025": 2, "2024": 2, "Undated": 2}
    assert list(year_facet(html)) == ["2025", "2024", "Undated"], "undated comes after the years"


@pytest.mark.parametrize(
    "params",
    [
        {"country": "GH"},
        {"country": ["GH", "NO"]},
        {"topic": "energy"},
        {"status": "held"},
        {"q": "lima"},
        {"person": "owusu"},  # replaced by the person's id in the test
        {"precision": "day"},
        {"precision": "year", "country": "GH"},
    ],
)
def test_year_counts_add_up_to_the_heading_under_the_other_filters(client, dates, params):
    if params.get("person"):
        params = {"person": Person.objects.get(name="Amara Owusu").pk}
    html = client.get(URL, params).text

    assert heading_count(html) > 0
    assert sum(year_facet(html).values()) == heading_count(html)


def test_the_undated_bucket_lists_the_undated_meetings_and_says_it_is_chosen(client, dates):
    link = year_link(client.get(URL, {"country": "GH"}).text, "Undated")
    assert link == "?country=GH&precision=none"

    response = client.get(URL + link)

    assert meeting_ids(response) == [dates["undated"].pk]
    assert heading_count(response.text) == 1
    assert re.search(
        r'aria-current="true" title="Any date precision">Undated <span class="count"[^>]*>1<', response.text
    )
    assert '<option value="none" selected>Undated</option>' in response.text
    # The years stay shown with what they would give, and choosing one drops "undated".
    assert year_facet(response.text) == {"2025": 2, "2024": 1, "Undated": 1}
    assert year_link(response.text, "2025") == "?country=GH&date_from=2025-01-01&date_to=2025-12-31"


def test_choosing_a_year_keeps_a_day_month_or_year_precision(client, dates):
    html = client.get(URL, {"precision": "day"}).text

    assert year_facet(html) == {"2025": 1, "2024": 1}
    assert year_link(html, "2024") == "?precision=day&date_from=2024-01-01&date_to=2024-12-31"


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        ("day", ["day", "day_2024"]),
        ("month", ["month"]),
        ("year", ["year"]),
        ("none", ["undated_jp", "undated"]),
        ("", ["month", "day", "day_2024", "year", "undated_jp", "undated"]),
    ],
)
def test_filter_by_date_precision(client, dates, precision, expected):
    response = client.get(URL, {"precision": precision})

    assert response.status_code == 200
    assert meeting_ids(response) == [dates[name].pk for name in expected]
    assert "Ignored" not in response.text


@pytest.mark.parametrize("bad", ["decade", "DAY", "unknown", "day\x00", "'; drop table"])
def test_a_bad_precision_is_ignored_with_a_message_never_an_error(client, dates, bad):
    response = client.get(URL, {"precision": bad, "country": "GH"})

    assert response.status_code == 200
    assert "Ignored the date precision filter" in response.text
    assert heading_count(response.text) == 4  # the country still applies, the precision does not
    htmx = client.get(URL, {"precision": bad}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "Ignored the date precision filter" in htmx.text


def test_the_timeline_shows_the_undated_meetings_beside_the_bars(client, dates):
    html = client.get(URL, {"country": "GH"}).text

    assert re.search(
        r'<p class="timeline__undated"><a href="/\?country=GH&amp;precision=none" hx-get="[^"]+">'
        r"Undated: 1 meeting</a>, not on the timeline</p>",
        html,
    )
    assert "3 dated meetings from January 2024 to May 2025; at most 1 in a month. 1 undated." in html


def test_a_selection_of_undated_meetings_alone_still_shows_them(client, dates):
    html = client.get(URL, {"precision": "none"}).text

    assert '<svg class="timeline__svg"' not in html
    assert "Undated: 2 meetings</a></p>" in html
    assert "No meeting of this selection has a date." in html


def test_a_person_page_timeline_links_to_their_undated_meetings(client, dates):
    person = Person.objects.get(name="Amara Owusu")
    html = client.get(reverse("meetings:person_detail", args=[person.pk])).text

    assert f'<a href="/?person={person.pk}&amp;precision=none">Undated: 1 meeting</a>' in html


def make_many(count: int) -> None:
    for i in range(count):
        make_meeting(
            date=None if i % 3 == 0 else dt.date(2024, 1, 1) + dt.timedelta(days=20 * i),
            countries=("GH", "NO"),
            people=((f"Envoy {i} Sample", "GH", "Envoy"),),
        )


@pytest.mark.parametrize("params", [{}, {"precision": "none"}, {"precision": "day", "country": "GH"}])
def test_query_count_does_not_grow_with_meetings(client, settings, django_assert_max_num_queries, params):
    settings.MEETINGS_PAGE_SIZE = 100

    def queries() -> int:
        cache.clear()
        with django_assert_max_num_queries(1000) as captured:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(captured)

    make_many(5)
    with_5 = queries()
    make_many(45)
    with_50 = queries()

    assert with_5 == with_50
    html = client.get(URL, params).text
    if params.get("precision") == "none":  # the bucket chosen gives the results, the years are the others
        assert year_facet(html)["Undated"] == heading_count(html) == 17
    else:
        assert sum(year_facet(html).values()) == heading_count(html)
