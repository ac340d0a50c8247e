"""Article metadata from the top of a plain-text news file: header lines, datelines, headline."""

from __future__ import annotations

import re
from datetime import date

from .types import ArticleMeta

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_HEADER_LINE = re.compile(r"^([A-Z][A-Za-z-]{1,20}):[ \t]*(.*)$")
_KNOWN_KEYS = {
    "title",
    "date",
    "source",
    "url",
    "location",
    "published",
    "author",
    "category",
    "dateline",
    "places",
    "topics",
    "original-date",
    "byline",
    "headline",
    "section",
}


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date(s: str) -> str | None:
    """The first full date written in ``s`` (ISO, 2026.05.20, 16/10/2025 day-first, 17.12.2025,
    "January 15, 2026", "3 March 2026"), as ISO text."""
    m = re.search(r"\b(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)", s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    # News outside the US writes dates day first; 16/10/2025 cannot be month first anyway.
    m = re.search(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", s)
    if m:
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        return _iso(y, mo, d) or _iso(y, d, mo)
    m = re.search(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", s)
    if m:
        return _iso(int(m[3]), _MONTHS[m[1].lower().rstrip(".")], int(m[2]))
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE}),?\s+(\d{{4}})\b", s)
    if m:
        return _iso(int(m[3]), _MONTHS[m[2].lower().rstrip(".")], int(m[1]))
    m = re.search(r"\b(\d{1,2})-([A-Z]{3})-(\d{4})\b", s)
    if m and m[2].lower() in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    return None


_MASTHEAD_START = re.compile(r"^(?:By|Updated|Published|Posted|Last updated|Filed)\b", re.I)


def _masthead_line(line: str) -> bool:
    """A line between a headline and the body that names the outlet, the author or the time ("Savanna
    Times", "By Priya Raman | 26 March 2026", "Updated: 2026.05.20 09:30 KST")."""
    if not line or len(line) > 90 or re.search(r"[.?!\"”:]$", line):
        return False
    if find_date(line) or _MASTHEAD_START.match(line) or "|" in line:
        return True
    words = line.split()
    return len(words) <= 5 and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "&") for w in words)


def _after_masthead(lines: list[str], i: int) -> tuple[int, str | None, str | None]:
    """The first line of the body after the masthead lines that follow a headline, the outlet's name
    and the date when a masthead line gives them."""
    outlet = day = None
    seen = 0
    while i < len(lines) and seen < 4:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if not _masthead_line(line):
            break
        part = line.split("|")[0].strip()
        if (
            outlet is None
            and not find_date(part)
            and not _MASTHEAD_START.match(part)
            and len(part.split()) <= 5
        ):
            outlet = part or None
        day = day or find_date(line)
        seen += 1
        i += 1
    return i, outlet, day


def _header_fields(lines: list[str]) -> tuple[dict[str, str], int]:
    """The ``Key: value`` lines at the top of a file, and the index of the first line after them."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(lines) and i < 40:
        m = _HEADER_LINE.match(lines[i].strip())
        if not (m and (m[1].lower() in _KNOWN_KEYS or fields)):
            break
        fields.setdefault(m[1].lower(), m[2].strip())
        i += 1
    while fields and i < len(lines) and not lines[i].strip():
        i += 1
    return fields, i


def _plain_headline(lines: list[str]) -> tuple[str | None, str | None, str | None, int]:
    """A plain file's headline line, the outlet and date of its masthead lines, and where the body
    starts (BBC and AG News: a headline, a blank line, the body; news sites: masthead lines between)."""
    first = lines[0].strip()
    looks_like_headline = (len(lines) > 2 and first and len(first) < 200 and not lines[1].strip()) or (
        len(lines) > 1
        and first
        and len(first) < 150
        and not re.search(r"[.:]\s*$", first)
        and not re.match(r"^[\w .'-]{2,40}\s*\(", first)
    )
    if not looks_like_headline or find_date(first):
        return None, None, None, 0
    m = re.search(r"\(([A-Z][\w .-]{1,20})\)\s*$", first)
    i, outlet, day = _after_masthead(lines, 1)
    return first, (m[1] if m else outlet), day, i


def _source_in_body(head: str) -> str | None:
    """An outlet named in the first words of the body: "CaliToday (16/10/2025):", "(Reuters)", "AFP -"."""
    m = re.match(r"^\s*([A-Z][\w .&-]{1,40}?)\s*\((\d{1,2}/\d{1,2}/\d{4})\)", head)
    if m:
        return m[1].strip()
    m = re.search(r"\((Reuters|AFP|AP|Xinhua|TASS|Bloomberg)\)", head) or re.match(
        r"^\s*(AFP|AP|Reuters|Xinhua)\s+-", head
    )
    return m[1] if m else None


def _date_in_body(head: str) -> tuple[str | None, str | None]:
    """A date (and the outlet before it) in the first lines of the body: a masthead or a dateline."""
    for line in head.split("\n")[:4]:
        d = find_date(line[:120])
        if d:
            m = re.match(r"^\s*([A-Z][\w .&-]{1,40}?)\s*(?:\(|\||—|–|,)", line)
            return d, (m[1].strip() if m and not re.fullmatch(r"[A-Z .-]+", m[1]) else None)
    return None, None


def parse_article(text: str) -> ArticleMeta:
    """Title, source, URL and publication date of one article, and where its body starts."""
    if not text:
        return ArticleMeta()
    lines = text.split("\n")
    offsets, o = [], 0
    for line in lines:
        offsets.append(o)
        o += len(line) + 1
    fields, i = _header_fields(lines)
    title = fields.get("title") or fields.get("headline")
    # "en.kremlin.ru (President of Russia), via ..." keeps the part before the archive note.
    source = re.split(r",\s*via\b", fields["source"])[0].strip() if fields.get("source") else None
    published = next(
        (d for k in ("date", "published", "original-date") if fields.get(k) and (d := find_date(fields[k]))),
        None,
    )
    if not fields:
        title, source, published, i = _plain_headline(lines)
    pos = offsets[i] if i < len(lines) else len(text)
    head = text[pos : pos + 400]
    if not published:
        published, outlet = _date_in_body(head)
        source = source or outlet
    source = source or _source_in_body(head)
    return ArticleMeta(
        title=title or None,
        source=source or None,
        url=fields.get("url") or None,
        published=published,
        body_start=pos,
    )


# "NAIROBI, April 20 -", "GENEVA, 3 March 2026 (Reuters) -", "ANKARA —", "AFP -": a place in capitals,
# an optional date and agency, then a dash. "CaliToday (16/10/2025):" is a masthead of the same kind.
_DATELINE = re.compile(
    rf"[ \t]*(?:[A-Z][A-Z.'’-]+(?:[ \t][A-Z][A-Z.'’-]+){{0,3}}"
    rf"(?:,[ \t]*[A-Z][A-Za-z.'’-]+(?:[ \t][A-Z][A-Za-z.'’-]+){{0,2}})?"
    rf"(?:,?[ \t]*(?:{_MONTH_RE}[ \t]+\d{{1,2}}|\d{{1,2}}[ \t]+{_MONTH_RE})(?:,?[ \t]+\d{{4}})?)?"
    r"(?:[ \t]*\([A-Za-z .]{2,20}\))?[ \t]*(?:-{1,2}|—|–)[ \t]+"
    r"|[ \t]*[A-Z][\w .&-]{1,40}?[ \t]*\(\d{1,2}[/.]\d{1,2}[/.]\d{4}\):[ \t]*)"
)


def dateline_end(text: str, body_start: int) -> int:
    """Where the first line of the body starts once its dateline is left out (``body_start`` when
    there is none). The dateline is no part of the lead sentence's grammar: parsed with it, "RABAT,
    March 4 - Portuguese Foreign Minister ..." makes "March 4 - Portuguese" a date of the meeting."""
    m = _DATELINE.match(text, body_start)
    return m.end() if m else body_start
