"""The current selection of meetings or quotes as CSV or JSON, streamed.

Rows are read with ``.iterator(chunk_size=...)`` (prefetching per chunk), so a large export holds one
chunk in memory, never the whole selection."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse

from meetings.models import Meeting, Quote

FORMATS = ("csv", "json")
CHUNK_SIZE = 500


class _Echo:
    """A file-like object for csv.writer that hands each written line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)"): text
# from articles must stay text, so such a cell gets a leading apostrophe (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(_Echo(), fieldnames=list(row))
            yield writer.writeheader()
        yield writer.writerow({k: _csv_cell(v) for k, v in row.items()})


def _json_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False, default=str)
    yield "\n]\n"


def _stream(
    rows: Iterable[dict[str, Any]], *, fmt: str, filename: str, empty_header: list[str]
) -> StreamingHttpResponse:
    if fmt == "csv":
        lines = _csv_lines(rows)

        def with_header() -> Iterator[str]:
            # An empty selection still gets its header row.
            first = next(lines, None)
            if first is None:
                yield ",".join(empty_header) + "\r\n"
                return
            yield first
            yield from lines

        response = StreamingHttpResponse(with_header(), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_json_lines(rows), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _rows(queryset: QuerySet, to_row: Callable[[Any], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield to_row(obj)


MEETING_FIELDS = [
    "id",
    "url",
    "date",
    "date_precision",
    "status",
    "city",
    "location_country",
    "countries",
    "topics",
    "participants",
    "quote_count",
]


def meeting_export(request: HttpRequest, meetings: QuerySet[Meeting], *, fmt: str) -> StreamingHttpResponse:
    def to_row(meeting: Meeting) -> dict[str, Any]:
        return {
            "id": meeting.pk,
            "url": request.build_absolute_uri(meeting.get_absolute_url()),
            "date": meeting.date.isoformat() if meeting.date else "",
            "date_precision": meeting.date_precision,
            "status": meeting.status,
            "city": meeting.city,
            "location_country": meeting.location_country_id,
            "countries": [c.code for c in meeting.countries.all()],
            "topics": [t.slug for t in meeting.topics.all()],
            "participants": [
                ", ".join(filter(None, [p.person.name, p.title, p.affiliation]))
                for p in meeting.participations.all()
            ],
            "quote_count": meeting.quote_count,
        }

    return _stream(_rows(meetings, to_row), fmt=fmt, filename="meetings", empty_header=MEETING_FIELDS)


QUOTE_FIELDS = [
    "id",
    "text",
    "speaker",
    "speaker_id",
    "topics",
    "meeting_id",
    "meeting_url",
    "article_title",
    "article_source",
    "article_url",
    "published",
]


def quote_export(request: HttpRequest, quotes: QuerySet[Quote], *, fmt: str) -> StreamingHttpResponse:
    def to_row(quote: Quote) -> dict[str, Any]:
        return {
            "id": quote.pk,
            "text": quote.text,
            "speaker": quote.speaker_display,
            "speaker_id": quote.speaker_id,
            "topics": [t.slug for t in quote.topics.all()],
            "meeting_id": quote.meeting_id,
            "meeting_url": (
                request.build_absolute_uri(reverse("meetings:meeting_detail", args=[quote.meeting_id]))
                if quote.meeting_id
                else ""
            ),
            "article_title": quote.article.title,
            "article_source": quote.article.source,
            "article_url": quote.article.url,
            "published": quote.article.published.isoformat() if quote.article.published else "",
        }

    # The article's whole text is never needed here: reading it for every quote made large exports slow.
    quotes = quotes.defer("article__text")
    return _stream(_rows(quotes, to_row), fmt=fmt, filename="quotes", empty_header=QUOTE_FIELDS)
