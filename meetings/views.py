from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from meetings import exports, indexes, selectors
from meetings.forms import IndexForm, MeetingFilterForm, NetworkFilterForm, QuoteFilterForm
from meetings.models import Country, Meeting, Topic


class _Paginator(Paginator):
    """Django's paginator, told its count when a cached selector has it (instead of counting the
    rows again), and taking a page number below 1 as the first page: ``get_page`` gives the last
    for those, and these pages have always given the first (tests/views/test_page_numbers.py)."""

    def __init__(self, *args, count: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return super().count if self._known_count is None else self._known_count

    def get_page(self, number) -> Page:
        try:
            self.validate_number(number)
        except PageNotAnInteger:
            pass  # get_page gives the first page
        except EmptyPage:
            if int(number) < 1:  # a whole number by now: EmptyPage comes after that check
                return self.page(1)
        return super().get_page(number)


INDEX_PAGE_SIZE = 50


def _page(
    request: HttpRequest, queryset: QuerySet, *, param: str = "page", count: int | None = None, size: int = 0
) -> Page:
    size = size or getattr(settings, "MEETINGS_PAGE_SIZE", 25)
    return _Paginator(queryset, size, count=count).get_page(request.GET.get(param))


@require_safe
@vary_on_headers("HX-Request")
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET)
    form.is_valid()  # invalid fields are ignored, and named on the page
    filters = form.filters()
    export_rows = request.GET.get("rows")  # read before the canonical parameters, which drop it
    request.GET = form.canonical(request.GET, keep=("page", "format"))
    meetings = selectors.meeting_list(filters=filters)
    if (fmt := request.GET.get("format")) in exports.FORMATS:
        if export_rows == "participants":
            return exports.participant_export(request, meetings, fmt=fmt)
        return exports.meeting_export(request, meetings, fmt=fmt)
    summary = selectors.meeting_summary(filters=filters)
    context = {
        "form": form,
        "filters": filters,
        "filtered": bool(filters.keys() - {"sort", "match"}),
        "page": _page(request, meetings, count=summary.count),
        "facets": summary.facets,
        "timeline": summary.timeline,
        "htmx": bool(request.htmx),
    }
    # The rendered regions are cached under this key (see the template).
    context["region_key"] = selectors.region_key(
        "meetings",
        filters=filters,
        scopes=selectors.facet_scopes(filters),
        page=context["page"].number,
        ignored=",".join(sorted(form.errors)),
    )
    if request.htmx:
        return render(request, "meetings/meeting_list.html#results", context)
    return render(request, "meetings/meeting_list.html", context)


@require_safe
def place_map(request: HttpRequest) -> HttpResponse:
    """Meetings per country held in, on a world map and in a table, under the list's filters."""
    form = MeetingFilterForm(request.GET)
    form.is_valid()  # invalid fields are ignored, and named on the page
    filters = form.filters()
    request.GET = form.canonical(request.GET, keep=())
    context = {
        "form": form,
        "filters": filters,
        "filtered": bool(filters.keys() - {"sort", "match"}),
        "total": selectors.meeting_count(filters=filters),
        "places": selectors.meeting_places(filters=filters),
    }
    return render(request, "meetings/place_map.html", context)


@require_safe
def meeting_network(request: HttpRequest) -> HttpResponse:
    """Who met whom in the list's selection: countries (or people) as nodes, shared meetings as edges."""
    form = NetworkFilterForm(request.GET)
    form.is_valid()  # invalid fields are ignored, and named on the page
    filters = form.filters()
    kind = filters.pop("nodes", "") or selectors.COUNTRIES
    request.GET = form.canonical(request.GET, keep=())
    context = {
        "form": form,
        "filters": filters,
        "kind": kind,
        "network": selectors.meeting_network(filters=filters, kind=kind),
    }
    return render(request, "meetings/network.html", context)


@require_safe
@vary_on_headers("HX-Request")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    codes = selectors.meeting_countries(meeting_id=pk)
    if codes is None:
        merged_into = selectors.meeting_redirect(meeting_id=pk)
        if merged_into is None:
            raise Http404("No such meeting.")
        return HttpResponsePermanentRedirect(merged_into.get_absolute_url())

    def meeting_read() -> Meeting:
        meeting = selectors.meeting_detail(meeting_id=pk).first()
        if meeting is None:  # deleted since its countries were read
            raise Http404("No such meeting.")
        return meeting

    # The page is read only when its cached regions are not there (see the template): they are
    # kept under the meeting's version and its countries' (its "other meetings" are theirs).
    meeting = SimpleLazyObject(meeting_read)
    quotes = _page(request, selectors.meeting_quotes(meeting=pk), param="quotes_page")
    context = {
        "meeting": meeting,
        "quotes": quotes,
        "region_key": selectors.region_key(
            "meeting",
            scopes=[selectors.meeting_scope(pk), *(selectors.country_scope(code) for code in codes)],
            meeting=pk,
            quotes=quotes.number,
        ),
    }
    if request.htmx and request.htmx.target == "quotes":
        return render(request, "meetings/meeting_detail.html#quotes", context)
    context |= {
        "sources": SimpleLazyObject(lambda: selectors.meeting_source_texts(meeting=meeting)),
        "related": SimpleLazyObject(lambda: list(selectors.meeting_related(meeting=meeting))),
        "country_codes": codes,
    }
    return render(request, "meetings/meeting_detail.html", context)


@require_safe
@vary_on_headers("HX-Request")
def meeting_source(request: HttpRequest, pk: int, article_id: int) -> HttpResponse:
    """One source of a meeting, whole; htmx asks for its body alone (the meeting page's "whole
    article"), a browser without JavaScript opens it as a page."""
    meeting = get_object_or_404(Meeting, pk=pk)
    source = selectors.meeting_source_text(meeting=meeting, article_id=article_id)
    if source is None:
        raise Http404("This article is no source of this meeting.")
    template = "meetings/meeting_source.html#body" if request.htmx else "meetings/meeting_source.html"
    return render(request, template, {"meeting": meeting, "source": source})


@require_safe
@vary_on_headers("HX-Request")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.person_detail(person_id=pk))
    context = {
        "person": person,
        "page": _page(
            request,
            selectors.person_meetings(person=person),
            count=selectors.meeting_count(filters={selectors.PERSON: [person]}),
        ),
        "quotes": _page(
            request,
            selectors.person_quotes(person=person),
            param="quotes_page",
            count=selectors.quote_count(filters={selectors.SPEAKER: person}),
        ),
    }
    # The rendered lists are cached under this key (see the template).
    context["region_key"] = selectors.region_key(
        "person",
        filters={selectors.PERSON: [person]},
        scopes=[selectors.person_scope(person)],
        page=context["page"].number,
        quotes=context["quotes"].number,
    )
    if request.htmx:
        region = "quotes" if request.htmx.target == "quotes" else "meetings"
        return render(request, f"meetings/person_detail.html#{region}", context)
    context |= {
        "titles": selectors.person_titles(person=person),
        "countries": selectors.person_countries(person=person),
        "counterparts": selectors.person_counterparts(person=person),
        "timeline": selectors.meeting_timeline(filters={selectors.PERSON: [person]}),
    }
    return render(request, "meetings/person_detail.html", context)


COUNTERPARTS_LISTED = 20


@require_safe
@vary_on_headers("HX-Request")
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    filters = {selectors.COUNTRY: [country]}
    context = {
        "country": country,
        "page": _page(
            request, selectors.meeting_list(filters=filters), count=selectors.meeting_count(filters=filters)
        ),
    }
    # The rendered list is cached under this key (see the template).
    context["region_key"] = selectors.region_key(
        "country", filters=filters, scopes=[selectors.country_scope(country)], page=context["page"].number
    )
    if request.htmx:
        return render(request, "meetings/country_detail.html#meetings", context)
    context |= {
        # Every counterpart, for the map; the ranked list shows the first COUNTERPARTS_LISTED.
        "counterparts": selectors.country_counterparts(country=country, limit=300),
        "counterparts_listed": COUNTERPARTS_LISTED,
        "topics": selectors.country_topics(country=country),
        "timeline": selectors.meeting_timeline(filters=filters),
    }
    return render(request, "meetings/country_detail.html", context)


@require_safe
@vary_on_headers("HX-Request")
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    filters = {selectors.TOPIC: topic}
    context = {
        "topic": topic,
        "page": _page(
            request, selectors.meeting_list(filters=filters), count=selectors.meeting_count(filters=filters)
        ),
        "quotes": _page(
            request,
            selectors.quote_list(filters=filters),
            param="quotes_page",
            count=selectors.quote_count(filters=filters),
        ),
    }
    # The rendered lists are cached under this key (see the template).
    context["region_key"] = selectors.region_key(
        "topic",
        filters=filters,
        scopes=[selectors.topic_scope(topic)],
        page=context["page"].number,
        quotes=context["quotes"].number,
    )
    if request.htmx:
        region = "quotes" if request.htmx.target == "quotes" else "meetings"
        return render(request, f"meetings/topic_detail.html#{region}", context)
    context["timeline"] = selectors.meeting_timeline(filters=filters)
    return render(request, "meetings/topic_detail.html", context)


@require_safe
@vary_on_headers("HX-Request")
def quote_list(request: HttpRequest) -> HttpResponse:
    form = QuoteFilterForm(request.GET)
    form.is_valid()  # invalid fields are ignored, and named on the page
    filters = form.filters()
    request.GET = form.canonical(request.GET, keep=("page", "format"))
    if (fmt := request.GET.get("format")) in exports.FORMATS:
        return exports.quote_export(request, selectors.quote_list(filters=filters, candidates=None), fmt=fmt)
    # Every scope this page is keyed by, in one read, so all of it is of one moment.
    selectors.versions([*selectors.quote_scopes(filters), selectors.LISTS])
    total = selectors.quote_count(filters=filters)
    shown = min(total, selectors.SEARCH_CANDIDATES) if filters.get(selectors.SEARCH) else total
    context = {
        "form": form,
        "filters": filters,
        "filtered": bool(filters),
        "total": total,
        "page": _page(request, selectors.quote_list(filters=filters), count=shown),
        "htmx": bool(request.htmx),
    }
    # The rendered results are cached under this key (see the template).
    context["region_key"] = selectors.region_key(
        "quotes", filters=filters, page=context["page"].number, ignored=",".join(sorted(form.errors))
    )
    if request.htmx:
        return render(request, "meetings/quote_list.html#results", context)
    return render(request, "meetings/quote_list.html", context)


_INDEXES = {
    "people": (indexes.people_index, "People", "person", "people", "a name, e.g. “Berg” or “Anna”"),
    "countries": (
        indexes.countries_index,
        "Countries",
        "country",
        "countries",
        "a name or a code, e.g. “Ghana” or “GH”",
    ),
    "topics": (indexes.topics_index, "Topics", "topic", "topics", "e.g. “energy”"),
}


def _index(request: HttpRequest, kind: str) -> HttpResponse:
    form = IndexForm(request.GET)
    form.is_valid()  # an invalid search or sort is ignored, as on the lists
    q, sort = form.cleaned_data.get("q") or "", form.cleaned_data.get("sort") or "meetings"
    selector, heading, noun, noun_plural, placeholder = _INDEXES[kind]
    request.GET = form.canonical(request.GET, keep=("page",))
    context = {
        "form": form,
        "kind": kind,
        "heading": heading,
        "noun": noun,
        "noun_plural": noun_plural,
        "placeholder": placeholder,
        "sorts": indexes.SORTS,
        "sort": sort,
        "sort_label": indexes.SORTS[sort],
        "page": _page(request, selector(q=q, sort=sort), size=INDEX_PAGE_SIZE),
    }
    template = "meetings/index.html#results" if request.htmx else "meetings/index.html"
    return render(request, template, context)


@require_safe
@vary_on_headers("HX-Request")
def person_index(request: HttpRequest) -> HttpResponse:
    return _index(request, "people")


@require_safe
@vary_on_headers("HX-Request")
def country_index(request: HttpRequest) -> HttpResponse:
    return _index(request, "countries")


@require_safe
@vary_on_headers("HX-Request")
def topic_index(request: HttpRequest) -> HttpResponse:
    return _index(request, "topics")
