"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium must be at /usr/bin/chromium (`apt-get install chromium`); Playwright's own browser
downloads are not used. Without Chromium the tests are skipped, unless E2E_REQUIRED=1 (CI), where a
missing browser is a failure."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Playwright's sync API runs an event loop in the test's thread; Django's ORM refuses to run in a
# thread with a running loop unless told it is safe. Here it is: the loop belongs to Playwright.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def reference_data(db):
    """The countries and topics migration 0002 loads. A live-server test runs in a transaction that
    ends with a flush, and serialized_rollback does not always put them back (seen when non-browser
    tests run first in the same session): load them again when they are missing."""
    from django.apps import apps

    from meetings.models import Country

    if not Country.objects.exists():
        importlib.import_module("meetings.migrations.0002_default_countries_and_topics").load(apps, None)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
