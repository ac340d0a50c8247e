"""Template helpers of the meetings pages: links to filtered lists, quote highlights, the timeline."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import Meeting
from meetings.selectors import (
    ANY,
    COUNTRY,
    DATE_FROM,
    DATE_TO,
    MARK_END,
    MARK_START,
    MATCH,
    PERSON,
    PLACE,
    PRECISION,
    REVIEWED,
    SEARCH,
    SPEAKER,
    STATUS,
    TOPIC,
    UNDATED,
    MonthCount,
)

register = template.Library()


def _query(base: Mapping | QueryDict | None, **params) -> str:
    """``base`` (a QueryDict keeps its repeated keys) with ``params`` set; None removes a key."""
    query = base.copy() if isinstance(base, QueryDict) else QueryDict(mutable=True)
    if isinstance(base, Mapping) and not isinstance(base, QueryDict):
        for key, value in base.items():
            query.setlist(key, value if isinstance(value, list | tuple) else [value])
    query._mutable = True
    for key, value in params.items():
        query.pop(key, None)
        if value is not None:
            query.setlist(key, value if isinstance(value, list | tuple) else [value])
    return query.urlencode()


@register.simple_tag
def meetings_url(**params) -> str:
    """The meetings page filtered by ``params``: {% meetings_url country="FR" topic=topic.slug %}."""
    query = _query(None, **params)
    return reverse("meetings:meeting_list") + (f"?{query}" if query else "")


@register.simple_tag
def quotes_url(**params) -> str:
    query = _query(None, **params)
    return reverse("meetings:quote_list") + (f"?{query}" if query else "")


@register.filter
def highlight(text: str) -> SafeString:
    """Quote text escaped, with the search's matched words (between MARK_START and MARK_END) in <mark>."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    href: str


@dataclass(frozen=True)
class Tick:
    x: float  # per cent of the width, so labels keep their size while the bars stretch
    label: str
    anchor: str = "start"  # "end" near the right edge: the label ends where its bar does


def _tick(i: int, n: int, label: str) -> Tick:
    if n > 1 and i / n > 0.8:
        return Tick(x=round(100 * (i + 1) / n, 2), label=label, anchor="end")
    return Tick(x=round(100 * i / n, 2), label=label)


@dataclass(frozen=True)
class Chart:
    width: int  # of the bars' box
    height: int  # of the whole chart, in CSS pixels
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    peak: int
    unit: str  # "month" or "year"
    summary: str
    undated: int = 0  # meetings without a date, shown beside the bars
    undated_href: str = ""

    @property
    def first_label(self) -> str:
        return self.bars[0].label if self.bars else ""

    @property
    def last_label(self) -> str:
        return self.bars[-1].label if self.bars else ""


# The bars are drawn in a WIDTH x PLOT box stretched to the column; the labels around them are in
# CSS pixels, so they stay readable from a phone to a wide screen.
WIDTH, PLOT, TOP, BOTTOM = 720, 100, 18, 24
# Beyond ten years of months the bars get too thin to see or click: count per year instead.
MAX_MONTHS = 120


def _months_between(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield dt.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# Tick labels are in CSS pixels under bars that stretch: at most this many fit a phone's width
# ("Sep 2024" is about 55 px) without running into each other.
MAX_TICKS = 5
# Months between labelled months, the smallest that gives at most MAX_TICKS labels; from a year
# up, only Januaries are labelled, by their year.
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)


def _ticks(buckets: list[dt.date], unit: str) -> list[Tick]:
    """Labels under the bars at round intervals (every quarter, every January, every fifth year):
    "Jan 2024" where a year starts or at the first label, the month alone ("Apr") in between."""
    if unit == "year":
        step = next((s for s in YEAR_STEPS if math.ceil(len(buckets) / s) <= MAX_TICKS), YEAR_STEPS[-1])
        return [
            _tick(i, len(buckets), str(start.year))
            for i, start in enumerate(buckets)
            if start.year % step == 0
        ]
    step = next((s for s in MONTH_STEPS if math.ceil(len(buckets) / s) <= MAX_TICKS), MONTH_STEPS[-1])
    ticks: list[Tick] = []
    for i, start in enumerate(buckets):
        index = start.year * 12 + start.month - 1
        if index % step:
            continue
        if step >= 12:
            label = str(start.year)
        elif start.month == 1 or not ticks:
            label = start.strftime("%b %Y")
        else:
            label = start.strftime("%b")
        ticks.append(_tick(i, len(buckets), label))
    return ticks


@register.simple_tag
def timeline_chart(months: list[MonthCount], base: QueryDict | None = None, **params) -> Chart | None:
    """Bar geometry of meetings per month (per year over a long span) for an inline SVG, and the
    number of undated meetings (the ``month=None`` entry), which have no place on the axis.

    Each bar links to the meetings page narrowed to its month, keeping ``base``'s filters (the
    current query on the meetings page itself) and ``params`` (``country="FR"``); the undated
    meetings link to the ``precision=none`` filter."""
    base = QueryDict(_query(base, **params))
    undated = sum(m.count for m in months if m.month is None)
    months = [m for m in months if m.month is not None]
    url = reverse("meetings:meeting_list")
    undated_href = (
        f"{url}?{_query(base, precision=UNDATED, date_from=None, date_to=None, page=None)}" if undated else ""
    )
    if not months:
        if not undated:
            return None
        summary = f"no dated meeting; {undated} undated."
        return Chart(WIDTH, 0, 0, [], [], 0, "month", summary, undated, undated_href)
    counts = {m.month: m.count for m in months}
    buckets = list(_months_between(months[0].month, months[-1].month))
    unit = "month"
    if len(buckets) > MAX_MONTHS:
        unit = "year"
        years: dict[dt.date, int] = {}
        for month, count in counts.items():
            years[dt.date(month.year, 1, 1)] = years.get(dt.date(month.year, 1, 1), 0) + count
        counts = years
        buckets = [dt.date(y, 1, 1) for y in range(buckets[0].year, buckets[-1].year + 1)]
    peak = max(counts.values())
    step = WIDTH / len(buckets)
    gap = min(2.0, step * 0.15)
    plot_height = PLOT
    bars = []
    for i, start in enumerate(buckets):
        count = counts.get(start, 0)
        if unit == "year":
            end, label = dt.date(start.year, 12, 31), str(start.year)
        else:
            end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
            label = start.strftime("%B %Y")
        height = max(2.0, plot_height * count / peak) if count else 0.0
        bars.append(
            Bar(
                x=round(i * step + gap / 2, 2),
                y=round(plot_height - height, 2),
                width=round(step - gap, 2),
                height=round(height, 2),
                label=label,
                count=count,
                href=f"{url}?{_query(base, date_from=start.isoformat(), date_to=end.isoformat(), page=None)}",
            )
        )
    ticks = _ticks(buckets, unit)
    total = sum(counts.values())
    summary = (
        f"{total} dated meeting{'s' if total != 1 else ''} from {bars[0].label} to {bars[-1].label}; "
        f"at most {peak} in a {unit}."
    )
    if undated:
        summary += f" {undated} undated."
    return Chart(
        WIDTH, TOP + PLOT + BOTTOM, TOP + PLOT, bars, ticks, peak, unit, summary, undated, undated_href
    )


@register.filter
def web_url(url: str) -> str:
    """``url`` when it is safe to link to (http or https), else an empty string."""
    from urllib.parse import urlsplit

    return url if urlsplit(url or "").scheme.lower() in {"http", "https"} else ""


@register.filter
def pair(first, second) -> list[str]:
    """Two values as a list, for a filter that repeats: {% meetings_url country=code|pair:other %}."""
    return [str(first), str(second)]


PAGE_PARAMETERS = ("page", "quotes_page")


@register.inclusion_tag("meetings/_pager.html", takes_context=True)
def pager(
    context,
    page,
    param: str = "page",
    label: str = "Pages",
    previous_text: str = "← Newer",
    next_text: str = "Older →",
    swap: str = "",
) -> dict:
    """Previous and next links of a paginated list, keeping every other parameter of the request
    (built by ``{% querystring %}`` in the template): {% pager quotes "quotes_page" "Quote pages" %}.
    Nothing is shown when there is one page."""
    if param not in PAGE_PARAMETERS:
        raise template.TemplateSyntaxError(
            f"pager: the page parameter is one of {PAGE_PARAMETERS}, not {param!r}"
        )
    return {
        "page": page,
        "param": param,
        "query": context["request"].GET,
        "label": label,
        "swap": swap,
        "previous_text": previous_text,
        "next_text": next_text,
    }


@dataclass(frozen=True)
class Chip:
    """One active filter value, and what the page's query keeps when it is removed: ``rest``, the
    other values of a filter that repeats (countries, people), and ``match``, how the remaining
    countries combine (None once no country is left)."""

    name: str  # the filter: a key of the filter mapping, or "dates" for the date range
    kind: str
    label: str
    rest: tuple[str, ...] = ()
    match: str | None = None


def _date_range_label(date_from: dt.date | None, date_to: dt.date | None) -> str:
    if date_from and date_to:
        if (date_from.month, date_from.day, date_to.month, date_to.day) == (1, 1, 12, 31):
            if date_from.year == date_to.year:
                return str(date_from.year)
        return f"{date_from.isoformat()} to {date_to.isoformat()}"
    if date_from:
        return f"from {date_from.isoformat()}"
    return f"until {date_to.isoformat()}"


_PRECISION_LABELS = {UNDATED: "undated", **{v: f"to the {v}" for v in Meeting.DatePrecision.values}}


@register.simple_tag
def filter_chips(filters: Mapping) -> list[Chip]:
    """The active filters of a list page (its validated filter mapping), one chip per value, in
    the order of the filter panel."""
    chips: list[Chip] = []
    if text := filters.get(SEARCH):
        chips.append(Chip(SEARCH, "Search", f"“{text}”"))
    if filters.get(DATE_FROM) or filters.get(DATE_TO):
        chips.append(Chip("dates", "Date", _date_range_label(filters.get(DATE_FROM), filters.get(DATE_TO))))
    if precision := filters.get(PRECISION):
        chips.append(Chip(PRECISION, "Dated", _PRECISION_LABELS.get(precision, precision)))
    if status := filters.get(STATUS):
        chips.append(Chip(STATUS, "Status", Meeting.Status(status).label))
    if filters.get(REVIEWED):
        chips.append(Chip(REVIEWED, "Reviewed", "by staff only"))
    countries = filters.get(COUNTRY) or []
    if not isinstance(countries, list | tuple):  # the quotes page filters by one country
        countries = [countries]
    codes = [country.code for country in countries]
    any_of = len(codes) > 1 and filters.get(MATCH) == ANY
    for i, country in enumerate(countries):
        rest = tuple(codes[:i] + codes[i + 1 :])
        # Removing the last country also drops how countries combine, which then means nothing.
        match = (filters.get(MATCH) or None) if rest else None
        chips.append(Chip(COUNTRY, "Any of" if any_of else "Country", country.name, rest, match))
    if place := filters.get(PLACE):
        chips.append(Chip(PLACE, "Held in", place.name))
    if topic := filters.get(TOPIC):
        chips.append(Chip(TOPIC, "Topic", topic.name))
    people = list(filters.get(PERSON) or ())
    ids = [str(p.pk) for p in people]
    for i, person in enumerate(people):
        chips.append(Chip(PERSON, "Person", person.name, tuple(ids[:i] + ids[i + 1 :])))
    if speaker := filters.get(SPEAKER):
        chips.append(Chip(SPEAKER, "Speaker", speaker.name))
    return chips


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    path: str  # empty: drawn as a dot at (x, y)
    x: float
    y: float
    count: int
    level: int  # 0 (no meetings) to MAP_LEVELS, the shade
    title: str


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    shapes: list[MapShape]  # the countries without meetings first, so the others are drawn on top
    peak: int
    missing: list[str]  # countries with meetings the outlines do not know (listed in the table only)


MAP_LEVELS = 5


def _level(count: int, peak: int) -> int:
    """A shade from 1 to MAP_LEVELS on a logarithmic scale: counts run from one meeting to hundreds."""
    if not count:
        return 0
    return max(1, math.ceil(MAP_LEVELS * math.log1p(count) / math.log1p(peak)))


@register.simple_tag
def world_map(counts: Iterable, *, meaning: str = "held there", own: str = "") -> WorldMap:
    """Shapes of a world map shaded by ``counts`` (items with ``code``, ``name`` and ``count``, or
    ``key``, ``label`` and ``count``); ``meaning`` ends each shape's title ("France: 3 meetings
    held there"); ``own`` is the code of the page's own country, outlined."""
    from meetings.worldmap import HEIGHT, WIDTH, outlines

    by_code = {getattr(c, "code", None) or c.key: c.count for c in counts}
    names = {getattr(c, "code", None) or c.key: getattr(c, "name", None) or c.label for c in counts}
    peak = max(by_code.values(), default=0)
    shapes = []
    for outline in outlines().values():
        count = by_code.get(outline.code, 0)
        if not outline.path and not count and outline.code != own:
            continue  # a dot for a small state only where there is something to point at
        name = names.get(outline.code, outline.name)
        if outline.code == own:
            title = name
        elif count:
            title = f"{name}: {count} meeting{'s' if count != 1 else ''} {meaning}"
        else:
            title = f"{name}: no meetings"
        shapes.append(
            MapShape(
                outline.code, name, outline.path, outline.x, outline.y, count, _level(count, peak), title
            )
        )
    shapes.sort(key=lambda s: (bool(s.count) or s.code == own, not s.path))
    known = outlines()
    missing = sorted(names[code] for code in by_code if code not in known)
    return WorldMap(WIDTH, HEIGHT, shapes, peak, missing)


@dataclass(frozen=True)
class DrawnNode:
    key: str
    label: str
    count: int
    x: float
    y: float
    r: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label: "start" on the right half, "end" on the left


@dataclass(frozen=True)
class DrawnEdge:
    a: str
    b: str
    count: int
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    title: str


@dataclass(frozen=True)
class NetworkDrawing:
    size: int
    nodes: list[DrawnNode]
    edges: list[DrawnEdge]


# The drawing's box, and the circle the nodes sit on (room outside it for the labels).
NETWORK_SIZE, NETWORK_RING = 640, 200


@register.simple_tag
def network_drawing(network) -> NetworkDrawing:
    """A circular layout of ``network`` (``selectors.meeting_network``): nodes around a circle,
    most meetings first clockwise from the top, sized by their meetings; edges as straight lines as
    thick as their meetings. Deterministic: the same selection is drawn the same way."""
    center = NETWORK_SIZE / 2
    n = len(network.nodes)
    peak = max((node.count for node in network.nodes), default=1)
    heaviest = max((edge.count for edge in network.edges), default=1)
    nodes: dict[str, DrawnNode] = {}
    for i, node in enumerate(network.nodes):
        angle = 2 * math.pi * i / max(n, 1) - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        nodes[node.key] = DrawnNode(
            node.key,
            node.label,
            node.count,
            round(center + NETWORK_RING * cos, 1),
            round(center + NETWORK_RING * sin, 1),
            round(4 + 10 * math.sqrt(node.count / peak), 1),
            round(center + (NETWORK_RING + 20) * cos, 1),
            round(center + (NETWORK_RING + 20) * sin + 4, 1),
            "start" if cos > 0.01 else ("end" if cos < -0.01 else "middle"),
        )
    edges = []
    for edge in reversed(network.edges):  # the heaviest drawn last, on top
        a, b = nodes[edge.a.key], nodes[edge.b.key]
        meetings = f"{edge.count} meeting{'s' if edge.count != 1 else ''}"
        edges.append(
            DrawnEdge(
                a.key,
                b.key,
                edge.count,
                a.x,
                a.y,
                b.x,
                b.y,
                round(1 + 7 * edge.count / heaviest, 1),
                f"{a.label} and {b.label}: {meetings}",
            )
        )
    return NetworkDrawing(NETWORK_SIZE, list(nodes.values()), edges)


@register.simple_tag
def pair_keys(current, a: str, b: str) -> list[str]:
    """The keys a filter repeats to give the meetings of a pair within the current selection: the
    countries (or people) already chosen and the pair's two."""
    keys = [str(getattr(value, "code", None) or getattr(value, "pk", value)) for value in current or ()]
    return keys + [key for key in (a, b) if key not in keys]
