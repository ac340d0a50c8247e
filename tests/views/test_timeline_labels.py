"""Month labels on the timelines (issue 12, item 4): readable ticks under the bars ("Jan 2024",
"Apr", or years over a long span) and the counts as text, on the meetings list and on the person,
country and topic pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from meetings.models import Person
from meetings.selectors import MonthCount
from meetings.templatetags.meetings_extras import timeline_chart
from tests.factories import make_meeting


def months(*pairs: tuple[int, int]) -> list[MonthCount]:
    return [MonthCount(dt.date(year, month, 1), 1) for year, month in pairs]


def labels(chart) -> list[str]:
    return [tick.label for tick in chart.ticks]


@pytest.mark.parametrize(
    ("timeline", "expected"),
    [
        (months((2025, 3), (2025, 5)), ["Mar 2025", "Apr", "May"]),
        (months((2024, 11), (2025, 2)), ["Nov 2024", "Dec", "Jan 2025", "Feb"]),
        (months((2024, 1), (2024, 12)), ["Jan 2024", "Apr", "Jul", "Oct"]),  # quarters
        (months((2024, 2), (2024, 11)), ["Mar 2024", "May", "Jul", "Sep", "Nov"]),
        (months((2022, 1), (2024, 12)), ["2022", "2023", "2024"]),  # Januaries, by their year
        (months((2025, 6), (2025, 6)), ["Jun 2025"]),
        (months((2000, 1), (2025, 1)), ["2000", "2010", "2020"]),  # counted per year
    ],
)
def test_ticks_are_round_months_or_years_and_few_enough_for_a_phone(timeline, expected):
    chart = timeline_chart(timeline)

    assert labels(chart) == expected
    assert len(chart.ticks) <= 5


def test_a_label_at_the_right_edge_ends_where_its_bar_ends():
    chart = timeline_chart(months((2024, 2), (2024, 11)))

    assert [(t.x, t.anchor) for t in chart.ticks] == [
        (10.0, "start"),
        (30.0, "start"),
        (50.0, "start"),
        (70.0, "start"),
        (100.0, "end"),
    ]


def tick_labels(html: str) -> list[str]:
    return re.findall(r'<text class="timeline__tick"[^>]*>([^<]+)</text>', html)


def listed_months(html: str) -> list[str]:
    block = html[html.index('<details class="timeline__list">') :]
    block = block[: block.index("</details>")]
    return [
        f"{label}: {count}"
        for label, count in re.findall(r'<li><a href="[^"]+"[^>]*>([^<]+)</a>: (\d+) ', block)
    ]


@pytest.fixture
def spring(db):
    """Meetings in March and May 2025 (none in April) between Ghana and Norway, on energy."""
    for day in (dt.date(2025, 3, 4), dt.date(2025, 3, 20), dt.date(2025, 5, 2)):
        make_meeting(
            date=day,
            countries=("GH", "NO"),
            topics=("energy",),
            people=(("Amara Owusu", "GH", "Foreign Minister"),),
        )


def _pages():
    return {
        "list": lambda: reverse("meetings:meeting_list"),
        "person": lambda: reverse("meetings:person_detail", args=[Person.objects.get(name="Amara Owusu").pk]),
        "country": lambda: reverse("meetings:country_detail", args=["GH"]),
        "topic": lambda: reverse("meetings:topic_detail", args=["energy"]),
    }


@pytest.mark.parametrize("page", list(_pages()))
def test_timelines_have_month_labels_and_the_counts_as_text(client, spring, page):
    html = client.get(_pages()[page]()).text

    assert tick_labels(html) == ["Mar 2025", "Apr", "May"]
    assert "Meetings per month, March 2025 to May 2025" in html
    # Months without meetings are not listed; each listed month links to its meetings.
    assert listed_months(html) == ["March 2025: 2", "May 2025: 1"]
    assert re.search(r'<li><a href="/\?[^"]*date_from=2025-05-01&amp;date_to=2025-05-31"', html)


def test_a_timeline_of_one_month_names_it_once(client, db):
    make_meeting(date=dt.date(2025, 6, 3))

    html = client.get(reverse("meetings:meeting_list")).text

    assert "Meetings per month, June 2025; a bar narrows the list to its month." in html
    assert tick_labels(html) == ["Jun 2025"]
