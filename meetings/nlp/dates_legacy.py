"""Resolving the time words of a news sentence against the publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .header import _MONTH_RE, _MONTHS, find_date

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Words that make a DATE entity a length of time or a span, not the day of an event.
_DURATION = re.compile(
    r"\b(since|for|decades?|years? ago|weeks?-long|days?-long|each|every|past|recent|nearly|almost|"
    r"\d+\s+(?:years|months|weeks|days)|anniversary|annual|century|centuries|era|end of the year|"
    r"until|by the end)\b",
    re.I,
)


def _parse_pub(published: str | None) -> date | None:
    if not published or len(published) != 10:
        return None
    try:
        return date.fromisoformat(published)
    except ValueError:
        return None


def _month_year(month: int, pub: date | None, status: str, year: int | None) -> int | None:
    if year:
        return year
    if not pub:
        return None
    y = pub.year
    # Without a year the month is the nearest one in the direction the event lies.
    if status == "planned" and month < pub.month:
        y += 1
    elif status != "planned" and month > pub.month:
        y -= 1
    return y


# "March 21-22", "from June 5 to 14", "21–22 March": several days.
_SPAN = re.compile(
    rf"\b({_MONTH_RE})\s+\d{{1,2}}\s*(?:[-–]|to|through|until)\s*\d{{1,2}}\b(?!\s*{_MONTH_RE})"
    rf"|\b\d{{1,2}}\s*(?:[-–]|to)\s*\d{{1,2}}\s+({_MONTH_RE})",
    re.I,
)


def range_start(text: str, published: str | None, status: str = "held") -> str | None:
    """The first day of a span of days ("June 5 to 14" gives June 5), None for any other expression.
    A trip dated by its month must not swallow the meetings of its single days."""
    text = " ".join(text.split())
    m = _SPAN.search(text)
    if not m:
        return None
    first = re.sub(r"\s*(?:[-–]|to|through|until)\s*\d{1,2}\b", "", m.group(0), count=1, flags=re.I)
    return resolve_date(text[: m.start()] + first + text[m.end() :], published, status)


def is_duration(text: str) -> bool:
    return bool(_DURATION.search(text))


def resolve_date(text: str, published: str | None, status: str = "held") -> str | None:
    """ISO date, month or year for a time expression such as "on Wednesday", "yesterday",
    "last Tuesday", "in September", "March 3" or "2022-05-16"; None when it names no point in time."""
    if not text:
        return None
    text = " ".join(text.split())  # hard-wrapped wire copy breaks "later this\nmonth"
    t = text.lower()
    pub = _parse_pub(published)
    span = _SPAN.search(text)
    if span:
        # "March 21-22": talks over several days have the month as their date, not the first day.
        mon = _MONTHS.get((span[1] or span[2]).lower().rstrip("."))
        yr = re.search(r"\b(19\d\d|20\d\d)\b", text)
        y = _month_year(mon, pub, status, int(yr[1]) if yr else None) if mon else None
        if y:
            return f"{y:04d}-{mon:02d}"
    full = find_date(text)
    if full:
        return full
    if pub:
        if re.search(r"\b(today|tonight|this (?:morning|afternoon|evening))\b", t):
            return pub.isoformat()
        if re.search(r"\byesterday\b|\blast night\b", t):
            return (pub - timedelta(days=1)).isoformat()
        if re.search(r"\btomorrow\b", t):
            return (pub + timedelta(days=1)).isoformat()
        for i, wd in enumerate(_WEEKDAYS):
            if re.search(rf"\b{wd}\b", t):
                if re.search(r"\bnext\b", t) or (status == "planned" and not re.search(r"\blast\b", t)):
                    delta = (i - pub.weekday()) % 7 or 7
                    return (pub + timedelta(days=delta)).isoformat()
                delta = (pub.weekday() - i) % 7
                if delta == 0 and re.search(r"\blast\b", t):
                    delta = 7
                return (pub - timedelta(days=delta)).isoformat()
        if re.search(r"\bnext month\b", t):
            y, m = (pub.year + 1, 1) if pub.month == 12 else (pub.year, pub.month + 1)
            return f"{y:04d}-{m:02d}"
        if re.search(r"\blast month\b", t):
            y, m = (pub.year - 1, 12) if pub.month == 1 else (pub.year, pub.month - 1)
            return f"{y:04d}-{m:02d}"
        if re.search(r"\bthis month\b|\bearlier this month\b|\blater this month\b", t):
            return f"{pub.year:04d}-{pub.month:02d}"
        if re.search(r"\b(next|this coming) week\b", t):
            d = pub + timedelta(days=7)
            return f"{d.year:04d}-{d.month:02d}"
        if re.search(r"\b(last|this|earlier this|later this) week\b", t):
            d = pub - timedelta(days=7) if "last" in t else pub
            return f"{d.year:04d}-{d.month:02d}"
        if re.search(r"\blast year\b", t):
            return f"{pub.year - 1:04d}"
        if re.search(r"\bnext year\b", t):
            return f"{pub.year + 1:04d}"
        if re.search(r"\bthis year\b", t):
            return f"{pub.year:04d}"
    m = re.search(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", text, re.I)
    if not m:
        m2 = re.search(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})(?:,?\s+(\d{{4}}))?", text, re.I
        )
        if m2:
            m = (None, m2[2], m2[1], m2[3])
    if m:
        mon = _MONTHS.get(m[1].lower().rstrip("."))
        day = int(m[2])
        if mon:
            y = _month_year(mon, pub, status, int(m[3]) if m[3] else None)
            if y:
                try:
                    d = date(y, mon, day)
                except ValueError:
                    return None
                if pub and not m[3]:
                    # A day past the publication date cannot be a held meeting of this year.
                    if status != "planned" and d > pub:
                        d = date(y - 1, mon, day) if (mon, day) != (2, 29) else d
                    elif status == "planned" and d < pub:
                        d = date(y + 1, mon, day) if (mon, day) != (2, 29) else d
                return d.isoformat()
    m = re.search(rf"\b({_MONTH_RE})(?:\s+(?:of\s+)?(\d{{4}}))?\b", text, re.I)
    if (
        m
        and m[1].lower().rstrip(".") in _MONTHS
        and not (m[1].lower() == "may" and not m[2] and text[:1].islower())
    ):
        mon = _MONTHS[m[1].lower().rstrip(".")]
        y = _month_year(mon, pub, status, int(m[2]) if m[2] else None)
        if y:
            return f"{y:04d}-{mon:02d}"
    m = re.search(r"\b(19[4-9]\d|20\d\d)\b", text)
    if m:
        return m[1]
    return None
