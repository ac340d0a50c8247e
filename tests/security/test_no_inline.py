"""No inline script or style anywhere, so the Content Security Policy can forbid both."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_meeting

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style>": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"""\sstyle\s*=\s*["'{]""", re.I),
    "event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.I),
    "hx-on attribute (needs eval)": re.compile(r"\shx-on[:\-]", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def inline_found(html: str) -> list[str]:
    return [f"{name}: {m.group(0)!r}" for name, rx in INLINE.items() for m in rx.finditer(html)]


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_have_no_inline_script_or_style(path):
    assert inline_found(path.read_text(encoding="utf-8")) == []


def test_the_scan_finds_what_it_looks_for():
    found = inline_found('<script>x()</script><p style="color:red" onclick="x()"><style></style>')
    assert len(found) == 4
    assert inline_found('<script src="/static/js/app.js" defer></script>') == []


def test_htmx_is_configured_by_its_meta_tag_without_inline_styles():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    content = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'', base).group(1)

    config = json.loads(content)

    assert config["includeIndicatorStyles"] is False
    assert config.get("allowEval", True) is False, "no eval: the policy has no 'unsafe-eval'"


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_script_or_style_and_carry_the_policy(client, admin_user):
    meeting = make_meeting(people=(("Wang Yi", "CN", "Minister"),), topics=("civil-nuclear",), quotes=1)
    urls = [
        reverse("meetings:meeting_list"),
        reverse("meetings:quote_list"),
        reverse("meetings:place_map"),
        reverse("meetings:meeting_network"),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:person_detail", args=[meeting.participations.get().person_id]),
        reverse("meetings:country_detail", args=["CN"]),
        reverse("meetings:topic_detail", args=["civil-nuclear"]),
    ]
    client.force_login(admin_user)
    for url in [*urls, reverse("meetings:upload")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_found(response.content.decode()) == [], url
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["default-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["form-action"] == "'self'"
