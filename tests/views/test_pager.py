"""The pager shared by every paginated list: links keep the other parameters, one page shows none."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

TEMPLATE = Template('{% load meetings_extras %}{% pager page "quotes_page" "Quote pages" %}')


def render(query: str, number: int, count: int = 30, template: Template = TEMPLATE) -> str:
    request = RequestFactory().get("/people/1/" + query)
    page = Paginator(range(count), 10).page(number)
    return template.render(Context({"request": request, "page": page}))


def test_middle_page_links_both_ways_and_keeps_the_other_parameters():
    html = render("?page=3&quotes_page=2&topic=trade", 2)

    assert 'aria-label="Quote pages"' in html
    # {% querystring %} sets the page where the query had it; the others stay in their order.
    assert (
        'href="?page=3&amp;quotes_page=1&amp;topic=trade" hx-get="?page=3&amp;quotes_page=1&amp;topic=trade"'
        in html
    )
    assert 'rel="prev">← Newer</a>' in html
    assert 'href="?page=3&amp;quotes_page=3&amp;topic=trade"' in html
    assert 'rel="next">Older →</a>' in html
    assert "Page 2 of 3" in html
    assert "hx-swap" not in html


def test_first_and_last_pages_have_one_link():
    first, last = render("", 1), render("", 3)

    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_a_single_page_shows_no_pager():
    assert render("", 1, count=5).strip() == ""


def test_labels_and_swap_can_be_given():
    template = Template(
        '{% load meetings_extras %}{% pager page previous_text="← Older" next_text="Newer →" swap="outerHTML" %}'
    )
    html = render("?sort=oldest", 2, template=template)

    assert 'aria-label="Pages" hx-swap="outerHTML"' in html
    assert 'href="?sort=oldest&amp;page=1"' in html and "← Older" in html and "Newer →" in html


def test_a_page_parameter_missing_from_the_query_is_added_last():
    html = render("?topic=trade&topic=energy", 1)

    assert 'href="?topic=trade&amp;topic=energy&amp;quotes_page=2"' in html


def test_an_unknown_page_parameter_is_refused():
    template = Template('{% load meetings_extras %}{% pager page "p" %}')

    with pytest.raises(TemplateSyntaxError, match="quotes_page"):
        render("", 1, template=template)
