"""The Content Security Policy in real Chromium: no page breaks it, and htmx filtering still works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.e2e.test_analyst import world  # noqa: F401 - the same data as the analyst's path
from tests.factories import make_uploader

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Runs before any page script and outside the page's policy: records every violation the page reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def console(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("pageerror", lambda e: messages.append(f"page error: {e}"))
    return messages


@pytest.fixture
def watched(page, console):
    """The page, and the CSP violations its console and its documents report."""
    page.add_init_script(RECORD_VIOLATIONS)

    def violations() -> list[str]:
        reported = [m for m in console if "Content Security Policy" in m or m.startswith("page error")]
        return reported + page.evaluate("window.__cspViolations || []")

    return page, violations


def test_pages_report_no_csp_violation_and_htmx_filters_work(watched, live_server, world):  # noqa: F811
    page, violations = watched
    meeting = Meeting.objects.filter(participations__person__name="Zhao Lin").order_by("-date").first()
    person = meeting.participations.get(person__name="Zhao Lin").person
    for path in (
        "/quotes/",
        f"/meetings/{meeting.pk}/",
        f"/people/{person.pk}/",
        "/countries/CN/",
        "/topics/energy/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert violations() == [], path

    page.goto(live_server.url + "/")
    expect(page.locator("#results-heading")).to_contain_text("25 meetings")
    page.evaluate("window.notReloaded = true")
    with page.expect_response(lambda r: "country=CN" in r.url):
        page.locator("label[for=country-CN]").click()
    expect(page.locator("#results-heading")).to_contain_text("15 meetings match")
    expect(page).to_have_url(re.compile(r"/\?country=CN$"))
    with page.expect_response(lambda r: "q=Beijing" in r.url):
        page.locator("input[name=q]").fill("Beijing")
    expect(page).to_have_url(re.compile(r"q=Beijing"))
    assert page.evaluate("window.notReloaded") is True, "htmx swapped the results in place"
    assert violations() == []


def test_the_upload_page_reports_no_csp_violation(watched, live_server, world):  # noqa: F811
    page, violations = watched
    make_uploader()
    page.goto(live_server.url + "/admin/login/?next=/upload/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "pw-12345-long")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/upload/$"))

    assert violations() == []


def test_an_inline_script_would_be_reported(watched, live_server, world):  # noqa: F811
    """The watch works: an inline script injected into a page is refused and reported."""
    page, violations = watched
    page.goto(live_server.url + "/quotes/")
    page.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.appendChild(s)"
    )
    page.wait_for_timeout(200)

    assert page.evaluate("window.ran") is None
    assert any("script-src" in v for v in violations())


def test_htmx_needs_no_eval_on_the_list_pages(page, console, live_server, world):  # noqa: F811
    for path in ("/", "/quotes/"):
        page.goto(live_server.url + path)
        page.locator("input[name=q]").fill("Beijing")
        page.locator("input[name=q]").blur()
        page.wait_for_timeout(500)

    assert [m for m in console if "evalDisallowed" in m or "EvalError" in m] == []
