"""A staff member confirms a meeting from the review queue in real Chromium and sees it marked."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.factories import make_meeting

# The live server empties the database after the test; the countries and topics loaded by the
# migrations are put back for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_confirms_a_meeting_from_the_queue_and_sees_it_marked(live_server, page, reference_data):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "pw-12345-long")
    lone = make_meeting(
        date=dt.date(2025, 3, 1), countries=("FR",), people=(("Aline Brevard", "FR", "Foreign Minister"),)
    )

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "pw-12345-long")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Review").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    row = page.locator(f"#review-{lone.pk}")
    expect(row).to_contain_text("one named participant")
    screenshot(page, "review_queue")

    row.get_by_role("button", name="Confirm").click()

    # htmx swaps the row for what was done, in place, without leaving the page.
    expect(page.locator(f"#review-{lone.pk}")).to_contain_text("Confirmed")
    expect(page).to_have_url(re.compile(r"/review/$"))
    page.locator(f"#review-{lone.pk}").get_by_role("link", name="Open the meeting").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{lone.pk}/$"))
    expect(page.locator(".badge--reviewed")).to_have_text("Reviewed by staff")
    page.goto(f"{live_server.url}/?reviewed=yes")
    expect(page.locator(".meeting")).to_have_count(1)
    expect(page.locator(".meeting .badge--reviewed")).to_be_visible()
