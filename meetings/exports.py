"""The current selection of meetings or quotes as CSV or JSON, streamed.

Rows are read as tuples (``values_list``) with ``.iterator()``, ``CHUNK_SIZE`` at a time, and each
chunk's related rows (countries, topics, participants) by one more ``values_list`` query per kind:
a large export holds one chunk in memory, never the whole selection, and builds no model object
(building them, to prefetch the related rows, was most of an export's time)."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse

from meetings.models import Meeting, Participation, Quote

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
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = None
    for row in rows:
        if writer is None:
            writer = csv.writer(_Echo())
            yield writer.writerow(list(row))
        yield writer.writerow([_csv_cell(v) for v in row.values()])


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


def _chunks(rows: Iterable[tuple], size: int = CHUNK_SIZE) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    """(key, value) pairs as lists of values by key, in the order the pairs came."""
    out: dict[int, list[Any]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def _absolute_url(request: HttpRequest, view_name: str) -> Callable[[int], str]:
    """The absolute URL of ``view_name`` for an id, reversed once for the whole export (a
    ``reverse`` per row cost more than reading the row)."""
    marker = "987654321"
    prefix, suffix = request.build_absolute_uri(reverse(view_name, args=[int(marker)])).rsplit(marker, 1)
    return lambda pk: f"{prefix}{pk}{suffix}"


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


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
    "reviewed",
]


def _meeting_rows(request: HttpRequest, meetings: QuerySet[Meeting]) -> Iterator[dict[str, Any]]:
    url = _absolute_url(request, "meetings:meeting_detail")
    rows = meetings.prefetch_related(None).values_list(
        "pk", "date", "date_precision", "status", "city", "location_country_id", "quote_count", "reviewed"
    )
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK_SIZE)):
        ids = [row[0] for row in chunk]
        countries = _grouped(
            Meeting.countries.through.objects.filter(meeting_id__in=ids)
            .order_by("country__name", "country_id")
            .values_list("meeting_id", "country_id")
        )
        topics = _grouped(
            Meeting.topics.through.objects.filter(meeting_id__in=ids)
            .order_by("topic__name", "topic_id")
            .values_list("meeting_id", "topic__slug")
        )
        participants = _grouped(
            (meeting_id, ", ".join(filter(None, [name, title, country_name if country_id else organization])))
            for meeting_id, name, title, country_id, country_name, organization in Participation.objects.filter(
                meeting_id__in=ids
            )
            .order_by("id")
            .values_list("meeting_id", "person__name", "title", "country_id", "country__name", "organization")
        )
        for pk, date, precision, status, city, location, quote_count, reviewed in chunk:
            yield {
                "id": pk,
                "url": url(pk),
                "date": _date(date),
                "date_precision": precision,
                "status": status,
                "city": city,
                "location_country": location,
                "countries": countries.get(pk, []),
                "topics": topics.get(pk, []),
                "participants": participants.get(pk, []),
                "quote_count": quote_count,
                "reviewed": reviewed,
            }


def meeting_export(request: HttpRequest, meetings: QuerySet[Meeting], *, fmt: str) -> StreamingHttpResponse:
    """One row per meeting of ``meetings`` (``selectors.meeting_list``), in its order."""
    return _stream(
        _meeting_rows(request, meetings), fmt=fmt, filename="meetings", empty_header=MEETING_FIELDS
    )


PARTICIPANT_FIELDS = [
    "meeting_id",
    "meeting_url",
    "date",
    "date_precision",
    "status",
    "city",
    "location_country",
    "person_id",
    "person",
    "person_url",
    "title",
    "country",
    "organization",
    "reviewed",
]


def _participant_rows(request: HttpRequest, meetings: QuerySet[Meeting]) -> Iterator[dict[str, Any]]:
    meeting_url = _absolute_url(request, "meetings:meeting_detail")
    person_url = _absolute_url(request, "meetings:person_detail")
    rows = meetings.prefetch_related(None).values_list(
        "pk", "date", "date_precision", "status", "city", "location_country_id", "reviewed"
    )
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK_SIZE)):
        participants = _grouped(
            (meeting_id, rest)
            for meeting_id, *rest in Participation.objects.filter(meeting_id__in=[row[0] for row in chunk])
            .order_by("id")
            .values_list("meeting_id", "person_id", "person__name", "title", "country_id", "organization")
        )
        for pk, date, precision, status, city, location, reviewed in chunk:
            for person_id, name, title, country, organization in participants.get(pk, ()):
                yield {
                    "meeting_id": pk,
                    "meeting_url": meeting_url(pk),
                    "date": _date(date),
                    "date_precision": precision,
                    "status": status,
                    "city": city,
                    "location_country": location,
                    "person_id": person_id,
                    "person": name,
                    "person_url": person_url(person_id),
                    "title": title,
                    "country": country,
                    "organization": organization,
                    "reviewed": reviewed,
                }


def participant_export(
    request: HttpRequest, meetings: QuerySet[Meeting], *, fmt: str
) -> StreamingHttpResponse:
    """One row per participant of each meeting of ``meetings``, in the meetings' order and then the
    order the meeting lists them in (the long form of the per-meeting export's ``participants``
    column); a meeting without participants has no row."""
    return _stream(
        _participant_rows(request, meetings),
        fmt=fmt,
        filename="participants",
        empty_header=PARTICIPANT_FIELDS,
    )


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


def _quote_rows(request: HttpRequest, quotes: QuerySet[Quote]) -> Iterator[dict[str, Any]]:
    meeting_url = _absolute_url(request, "meetings:meeting_detail")
    # Only the columns named are read: not the article's text, nor a search's highlighted text.
    rows = quotes.prefetch_related(None).values_list(
        "pk",
        "text",
        "speaker_id",
        "speaker__name",
        "speaker_label",
        "meeting_id",
        "article__title",
        "article__source",
        "article__url",
        "article__published",
    )
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK_SIZE)):
        topics = _grouped(
            Quote.topics.through.objects.filter(quote_id__in=[row[0] for row in chunk])
            .order_by("topic__name", "topic_id")
            .values_list("quote_id", "topic__slug")
        )
        for pk, text, speaker_id, speaker, label, meeting_id, title, source, url, published in chunk:
            yield {
                "id": pk,
                "text": text,
                "speaker": speaker if speaker_id else (label or "Unknown speaker"),
                "speaker_id": speaker_id,
                "topics": topics.get(pk, []),
                "meeting_id": meeting_id,
                "meeting_url": meeting_url(meeting_id) if meeting_id else "",
                "article_title": title,
                "article_source": source,
                "article_url": url,
                "published": _date(published),
            }


def quote_export(request: HttpRequest, quotes: QuerySet[Quote], *, fmt: str) -> StreamingHttpResponse:
    """One row per quote of ``quotes`` (``selectors.quote_list``), in its order."""
    return _stream(_quote_rows(request, quotes), fmt=fmt, filename="quotes", empty_header=QUOTE_FIELDS)
