"""An analyst's use of the chips, the map and the network in real Chromium."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Invented envoys, one a country.
ENVOYS = {
    "CN": ("Lin Havard", "CN", "Special Envoy"),
    "FR": ("Odile Marchetti", "FR", "Foreign Minister"),
    "US": ("Corin Blake", "US", "Secretary of State"),
    "DE": ("Jana Vollrath", "DE", "Foreign Minister"),
    "BR": ("Tiago Serrano", "BR", "Foreign Minister"),
    "IN": ("Ravi Kettering", "IN", "External Affairs Minister"),
    "ZA": ("Naledi Vos", "ZA", "Foreign Minister"),
    "JP": ("Ken Moriyama", "JP", "Foreign Minister"),
    "NG": ("Ada Okafor-Lind", "NG", "Foreign Minister"),
}
CAPITALS = {
    "CN": "Beijing",
    "FR": "Paris",
    "US": "Washington",
    "DE": "Berlin",
    "BR": "Brasília",
    "IN": "New Delhi",
}


@pytest.fixture
def atlas(reference_data):
    """Thirty meetings between nine countries, held in the capital of the first of each pair."""
    pairs = [
        ("CN", "FR"),
        ("US", "DE"),
        ("FR", "DE"),
        ("CN", "US"),
        ("BR", "IN"),
        ("IN", "ZA"),
        ("US", "JP"),
        ("FR", "NG"),
        ("DE", "BR"),
        ("CN", "ZA"),
    ]
    for i in range(30):
        countries = pairs[i % len(pairs)]
        host = countries[0] if countries[0] in CAPITALS else countries[1]
        make_meeting(
            date=dt.date(2024, 2, 1) + dt.timedelta(days=23 * i),
            countries=countries,
            topics=("energy",) if i % 2 else ("trade-investment",),
            city=CAPITALS.get(host, ""),
            location=host,
            people=tuple(ENVOYS[c] for c in countries),
        )


def heading_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#results-heading").inner_text().strip()).group())


def test_chips_and_the_map(page, live_server, atlas):
    page.goto(live_server.url + "/")
    expect(page.locator("#results-heading")).to_contain_text("30 meetings")

    # "Any of" the countries, said in the facet: each ticked country adds its meetings.
    page.locator("label[for=match-any]").click()
    expect(page).to_have_url(re.compile(r"/\?match=any$"))

    # A long facet narrows as the analyst types; ticking keeps what was typed.
    find = page.get_by_label("Find a country in this list")
    find.fill("germ")
    expect(page.locator("#country-facet li:visible")).to_have_count(1)
    page.locator("label[for=country-DE]").click()
    expect(page).to_have_url(re.compile(r"/\?match=any&country=DE$"))
    expect(page.locator("#results-heading")).to_contain_text("9 meetings match")
    expect(page.get_by_label("Find a country in this list")).to_have_value("germ")
    expect(page.locator("#country-facet li:visible")).to_have_count(1)

    page.get_by_label("Find a country in this list").fill("")
    page.locator("label[for=country-JP]").click()
    expect(page.locator("#results-heading")).to_contain_text("12 meetings match")
    page.locator("label[for=topic-trade-investment]").click()
    expect(page.locator("#results-heading")).to_contain_text("9 meetings match")
    chips = page.locator(".chip")
    expect(chips).to_have_count(3)
    screenshot(page, "list-chips")

    # Removing the Japan chip keeps Germany and the topic.
    page.get_by_label("Remove the filter Any of: Japan").click()
    expect(page.locator("#results-heading")).to_contain_text("6 meetings match")
    expect(page.locator("#country-JP")).not_to_be_checked()
    expect(page.locator("#country-DE")).to_be_checked()

    # The same selection on a map: Germany's meetings were held in Washington, Paris and Berlin.
    page.get_by_role("link", name="On a map").click()
    expect(page).to_have_url(re.compile(r"/map/\?.*topic=trade-investment"))
    expect(page.locator(".chip")).to_have_count(2)
    germany = page.locator('.worldmap a[data-code="DE"]')
    expect(germany).to_have_attribute("aria-label", re.compile(r"Germany: \d meetings? held there"))
    ranked = page.locator("table.index-table tbody tr")
    assert ranked.count() == page.locator(".worldmap a[data-code]").count()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "map")

    # A country on the map leads to the meetings held there, under the same filters.
    held = int(re.search(r"(\d+) meetings? held", germany.get_attribute("aria-label")).group(1))
    germany.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/\?.*place=DE"))
    expect(page.locator("#results-heading")).to_contain_text(f"{held} meeting")
    expect(page.get_by_label("Remove the filter Held in: Germany")).to_be_visible()
    expect(page.get_by_label("Remove the filter Topic: Trade and investment")).to_be_visible()


def test_the_network_of_a_selection(page, live_server, atlas):
    # From the list filtered by a topic to the network of those meetings.
    page.goto(live_server.url + "/?topic=trade-investment")
    page.get_by_role("link", name="As a network").click()
    expect(page).to_have_url(re.compile(r"/network/\?topic=trade-investment$"))
    expect(page.get_by_label("Remove the filter Topic: Trade and investment")).to_be_visible()
    # Trade meetings are the even ones: pairs 0, 2, 4, 6 and 8, three times each.
    expect(page.locator("table.network__pairs tbody tr")).to_have_count(5)
    expect(page.locator("table.network__pairs tbody tr").first).to_contain_text("3")
    expect(page.locator(".network__node")).to_have_count(7)
    expect(page.locator('line[data-pair="CN-FR"] title')).to_have_text("China and France: 3 meetings")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "network")

    # The nodes are links reached with the keyboard: Tab to the first one and open it.
    first = page.locator(".network__node").first
    label = first.get_attribute("aria-label").split(":")[0]
    first.focus()
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(label)

    # People as nodes, and a pair's count leads to the meetings they shared.
    page.goto(live_server.url + "/network/?topic=trade-investment&nodes=people")
    expect(page.locator(".network__node")).to_have_count(7)
    pair = page.locator("table.network__pairs tbody tr").first
    shared = int(pair.locator("td.num").inner_text())
    pair.locator("td.num a").click()
    expect(page.locator("#results-heading")).to_contain_text(f"{shared} meetings match")

    # At 375 px the table stands in for the drawing, and nothing overflows.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/network/?topic=trade-investment")
    expect(page.locator(".network")).to_be_hidden()
    expect(page.locator("table.network__pairs")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "network-375")
