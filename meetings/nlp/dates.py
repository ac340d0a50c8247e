"""Dates of meetings: a partial date type, time expressions in a sentence, and their resolution.

A meeting is dated to the day, the month or the year the article allows, never more precisely; the
publication date is an anchor for "on Wednesday" or "yesterday", never a date of its own
(spec/ANNOTATION.md: a meeting the article gives no time for has no date).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .header import _MONTH_RE, _MONTHS


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        date(self.year, self.month or 1, self.day or 1)  # raises on an impossible date

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso

    @classmethod
    def from_iso(cls, text: str | None) -> PartialDate | None:
        if not text:
            return None
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
        if not m:
            return None
        try:
            return cls(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
        except ValueError:
            return None

    @classmethod
    def of(cls, d: date) -> PartialDate:
        return cls(d.year, d.month, d.day)

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day:
            return self.first_day()
        if self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    def contains(self, other: PartialDate) -> bool:
        """Whether ``other`` lies inside this date's span (a month contains its days)."""
        return self.first_day() <= other.first_day() and other.last_day() <= self.last_day()

    def compatible(self, other: PartialDate | None, *, days: int = 0) -> bool:
        """Whether the two can be one event's date: one contains the other, or both are days at most
        ``days`` apart (reports from different time zones)."""
        if other is None:
            return True
        if self.day and other.day:
            return abs((self.first_day() - other.first_day()).days) <= days
        return self.contains(other) or other.contains(self)


def _span_to_partial(first: date, last: date) -> PartialDate | None:
    """A range of days as the most precise date that holds it whole: one day, its month, its year."""
    if first == last:
        return PartialDate.of(first)
    if (first.year, first.month) == (last.year, last.month):
        return PartialDate(first.year, first.month)
    return None


@dataclass(frozen=True)
class Resolved:
    """A time expression resolved: the date, the rule that read it, and whether it is a span of
    several days (a meeting of its own span is dated by its first day, one inside a trip's by its month)."""

    date: PartialDate
    rule: str
    span_first: PartialDate | None = None


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD_RE = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(1[89]\d\d|20\d\d)"

# Time expressions that name no point in time: durations, repetitions, ages, open ranges.
_NOT_A_POINT = re.compile(
    r"\b(?:since|for|over the (?:past|last)|past|each|every|annual|annually|decades?|centur(?:y|ies)|"
    r"\d+\s*-?\s*(?:year|month|week|day|hour|minute)s?(?:-long| long)?\b(?! ago)|"
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+(?:years|months|weeks|days|hours)"
    r"(?! ago)|anniversary|until|till|by the end|era|age|old|recent(?:ly)?|ago\b(?<=years ago))\b",
    re.I,
)

# Where to look for a time expression that the model did not label as a date.
EXPRESSION = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:(?:on|from|between)\s+)?(?:{_MONTH_RE})\s+{_DAY_RE}(?:\s*(?:-|–|to|through|and)\s*(?:(?:{_MONTH_RE})\s+)?\d{{1,2}})?(?:,?\s+{_YEAR_RE})?"
    rf"|(?:(?:on|from|between)\s+)?{_DAY_RE}(?:\s*(?:-|–|to|and)\s*\d{{1,2}})?\s+(?:of\s+)?(?:{_MONTH_RE})(?:,?\s+{_YEAR_RE})?"
    rf"|(?:(?:last|next|this|on|early|late)\s+)?{_WD_RE}(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|(?:earlier|later)\s+(?:today|this\s+(?:week|month|year))|today|tonight|yesterday|tomorrow|last\s+night"
    rf"|this\s+(?:morning|afternoon|evening|week|month|year|weekend)|(?:last|next)\s+(?:week|weekend|month|year)"
    rf"|during\s+the\s+day|(?:earlier|later)\s+(?:in|that)\s+(?:the\s+)?day|(?:on\s+)?the\s+same\s+day|(?:the\s+)?end\s+of\s+(?:the|this|next)\s+(?:year|month)|(?:over|on|at)\s+the\s+weekend|(?:in\s+)?(?:early|mid|late)[-\s](?:{_MONTH_RE})"
    rf"|(?:in|last|next|this)\s+(?:{_MONTH_RE})(?:\s+{_YEAR_RE})?|(?:{_MONTH_RE})\s+{_YEAR_RE}|in\s+{_YEAR_RE}"
    rf"|(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?)\s+ago)\b",
    re.I,
)


def is_point(text: str) -> bool:
    """Whether a time expression names a point in time (not "for two hours", "since 2014", "every year")."""
    return not _NOT_A_POINT.search(text)


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def _year_for(month: int, day: int | None, pub: date | None, planned: bool) -> int | None:
    """The year of a month (and day) given without one: the most recent on or before publication for
    a held meeting, the next on or after it for a planned one; None without a publication date."""
    if pub is None:
        return None
    y = pub.year
    probe = (month, day or (1 if planned else 28))
    if planned and probe < (pub.month, pub.day if day else 1):
        y += 1
    elif not planned and probe > (pub.month, pub.day if day else 31):
        y -= 1
    return y


def _anchor(published: PartialDate | str | None) -> date | None:
    if isinstance(published, str):
        published = PartialDate.from_iso(published)
    return published.first_day() if published is not None and published.day else None


def _day(y: int | None, m: int, d: int) -> PartialDate | None:
    if y is None:
        return None
    try:
        return PartialDate(y, m, d)
    except ValueError:
        return None


def _iso_rule(t: str, pub: date | None, planned: bool) -> Resolved | None:
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    d = _day(int(m[1]), int(m[2]), int(m[3])) if m else None
    return Resolved(d, "date.iso") if d else None


_SPAN_MD = re.compile(
    rf"\b({_MONTH_RE})\s+{_DAY_RE}\s*(?:-|–|to|through|until|and)\s*(?:({_MONTH_RE})\s+)?(\d{{1,2}})\b(?:,?\s+{_YEAR_RE})?",
    re.I,
)
_SPAN_DM = re.compile(
    rf"\b{_DAY_RE}(?:\s+({_MONTH_RE}))?\s*(?:-|–|to|until|and)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})(?:,?\s+{_YEAR_RE})?",
    re.I,
)


def _span_rule(t: str, pub: date | None, planned: bool) -> Resolved | None:
    """Several days: "March 21-22", "from June 5 to 14", "21-22 March 2022", "30 May to 2 June"."""
    m = _SPAN_MD.search(t)
    if m:
        m1, d1, m2, d2, yr = _month(m[1]), int(m[2]), _month(m[3]) if m[3] else None, int(m[4]), m[5]
    else:
        m = _SPAN_DM.search(t)
        if not m:
            return None
        d1, m1, d2, m2, yr = int(m[1]), _month(m[2]) if m[2] else None, int(m[3]), _month(m[4]), m[5]
        m1, m2 = m1 or m2, m2
    m2 = m2 or m1
    if not m1 or not d2 > 0:
        return None
    y = int(yr) if yr else _year_for(m1, d1, pub, planned)
    first, last = _day(y, m1, d1), _day(y if m2 >= m1 else (y or 0) + 1, m2, d2)
    if first is None or last is None or last.first_day() < first.first_day():
        return None
    whole = PartialDate(first.year, first.month) if first.month == last.month else PartialDate(first.year)
    return Resolved(whole, "date.day_span", span_first=first)


def _month_day_rule(t: str, pub: date | None, planned: bool) -> Resolved | None:
    """ "March 3", "March 3, 2021", "3 March", "3rd of March 2021"."""
    m = re.search(rf"\b({_MONTH_RE})\s+{_DAY_RE}\b(?:,?\s+{_YEAR_RE})?", t, re.I)
    if m:
        mon, day, yr = _month(m[1]), int(m[2]), m[3]
    else:
        m = re.search(rf"\b{_DAY_RE}\s+(?:of\s+)?({_MONTH_RE})(?:,?\s+{_YEAR_RE})?", t, re.I)
        if not m:
            return None
        day, mon, yr = int(m[1]), _month(m[2]), m[3]
    if not mon or not 1 <= day <= 31:
        return None
    d = _day(int(yr) if yr else _year_for(mon, day, pub, planned), mon, day)
    return Resolved(d, "date.month_day") if d else None


def _relative_day_rule(t: str, pub: date | None, planned: bool) -> Resolved | None:
    """ "today", "this morning", "yesterday", "last night", "tomorrow", "two days ago"."""
    if pub is None:
        return None
    if re.search(r"\b(?:today|tonight|this (?:morning|afternoon|evening)|during the day)\b", t):
        return Resolved(PartialDate.of(pub), "date.today")
    if re.search(r"\bday before yesterday\b", t):
        return Resolved(PartialDate.of(pub - timedelta(days=2)), "date.yesterday")
    if re.search(r"\byesterday\b|\blast night\b", t):
        return Resolved(PartialDate.of(pub - timedelta(days=1)), "date.yesterday")
    if re.search(r"\bday after tomorrow\b", t):
        return Resolved(PartialDate.of(pub + timedelta(days=2)), "date.tomorrow")
    if re.search(r"\btomorrow\b", t):
        return Resolved(PartialDate.of(pub + timedelta(days=1)), "date.tomorrow")
    m = re.search(r"\b(a|one|two|three|four|five|six|\d+)\s+(days?|weeks?)\s+ago\b", t)
    if m:
        n = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(m[1]) or int(m[1])
        days = n * (7 if m[2].startswith("week") else 1)
        return Resolved(PartialDate.of(pub - timedelta(days=days)), "date.days_ago")
    return None


def _weekday_rule(t: str, pub: date | None, planned: bool) -> Resolved | None:
    """A weekday: the most recent such day on or before publication for a held meeting, the next one
    for a planned one; "last" and "next" say which way."""
    m = re.search(rf"\b(?:(last|next|this|past|coming)\s+)?({_WD_RE})\b", t)
    if not m or pub is None:
        return None
    wd = WEEKDAYS.index(m[2])
    forward = m[1] in ("next", "coming") or (planned and m[1] not in ("last", "past"))
    if forward:
        delta = (wd - pub.weekday()) % 7 or (7 if m[1] == "next" or not planned else 0)
        return Resolved(PartialDate.of(pub + timedelta(days=delta)), "date.weekday")
    delta = (pub.weekday() - wd) % 7
    if delta == 0 and m[1] in ("last", "past"):
        delta = 7
    return Resolved(PartialDate.of(pub - timedelta(days=delta)), "date.weekday")


def _week_rule(t: str, pub: date | None, planned: bool) -> Resolved | None:
    """A week or weekend without its day: the month when the whole range lies in one month."""
    if pub is None:
        return None
    monday = pub - timedelta(days=pub.weekday())
    ranges = [
        (r"\b(?:last|past) weekend\b", monday - timedelta(days=2), monday - timedelta(days=1)),
        (r"\b(?:this|next|coming) weekend\b", monday + timedelta(days=5), monday + timedelta(days=6)),
        (
            r"\b(?:over|on|at) the weekend\b",
            *(
                (monday + timedelta(5), monday + timedelta(6))
                if planned
                else (monday - timedelta(2), monday - timedelta(1))
            ),
        ),
        (r"\blast week\b", monday - timedelta(days=7), monday - timedelta(days=1)),
        (r"\b(?:next|coming) week\b", monday + timedelta(days=7), monday + timedelta(days=13)),
        (r"\bearlier this week\b", monday, pub),
        (r"\blater this week\b", pub, monday + timedelta(days=6)),
        (r"\bthis week\b", *((pub, monday + timedelta(days=6)) if planned else (monday, pub))),
    ]
    for pattern, first, last in ranges:
        if re.search(pattern, t):
            d = _span_to_partial(first, last)
            return Resolved(d, "date.week") if d else None
    return None


def _month_rule(t: str, pub: date | None, planned: bool) -> Resolved | None:
    """ "this month", "last month", "next month", "in June", "June 2024", "early June", "last June"."""
    if pub is not None:
        for pattern, shift in (
            (r"\bend of (?:the|this) month\b", 0),
            (r"\b(?:earlier |later )?this month\b", 0),
            (r"\blast month\b", -1),
            (r"\bnext month\b", 1),
        ):
            if re.search(pattern, t):
                k = pub.year * 12 + pub.month - 1 + shift
                return Resolved(PartialDate(k // 12, k % 12 + 1), "date.month")
    m = re.search(
        rf"\b(?:(last|next|this|in|early|mid|late)[-\s]+)?({_MONTH_RE})(?:\s+(?:of\s+)?{_YEAR_RE})?\b",
        t,
        re.I,
    )
    if not m or not _month(m[2]) or (m[2].lower() == "may" and not (m[1] or m[3])):
        return None  # "may" is a verb far more often than a month
    mon = _month(m[2])
    if m[3]:
        return Resolved(PartialDate(int(m[3]), mon), "date.month")
    if pub is None:
        return None
    y = _year_for(mon, None, pub, planned if m[1] not in ("last", "next") else m[1] == "next")
    if m[1] == "last" and mon >= pub.month:
        y = pub.year - 1
    elif m[1] == "next" and mon <= pub.month:
        y = pub.year + 1
    return Resolved(PartialDate(y, mon), "date.month")


def _year_rule(t: str, pub: date | None, planned: bool) -> Resolved | None:
    """ "this year", "last year", "next year", "earlier this year", "in 2019"."""
    if pub is not None:
        for pattern, shift in (
            (r"\bend of (?:the|this) year\b", 0),
            (r"\bend of next year\b", 1),
            (r"\b(?:earlier |later )?this year\b", 0),
            (r"\blast year\b", -1),
            (r"\bnext year\b", 1),
        ):
            if re.search(pattern, t):
                return Resolved(PartialDate(pub.year + shift), "date.year")
    m = re.search(rf"\b{_YEAR_RE}\b", t)
    return Resolved(PartialDate(int(m[1])), "date.year") if m else None


# In order: the first rule that reads the expression wins.
_RULES = (
    _iso_rule,
    _span_rule,
    _month_day_rule,
    _relative_day_rule,
    _weekday_rule,
    _week_rule,
    _month_rule,
    _year_rule,
)


def resolve(text: str, published: PartialDate | str | None, *, planned: bool = False) -> Resolved | None:
    """The date a time expression names, resolved against the publication date ("on Wednesday",
    "yesterday", "last Tuesday", "in September", "March 3", "2022-05-16"); None when it names no point
    in time or needs a publication date the article does not give."""
    if not text or not is_point(text):
        return None
    t = " ".join(text.split())
    low = t.lower()
    pub = _anchor(published)
    for rule in _RULES:
        hit = rule(t if rule in (_span_rule, _month_day_rule, _month_rule) else low, pub, planned)
        if hit is not None:
            return hit
    return None


def expressions(text: str) -> list[tuple[int, int]]:
    """Character spans of the time expressions in ``text`` that name a point in time."""
    return [(m.start(), m.end()) for m in EXPRESSION.finditer(text) if is_point(m.group(0))]
