"""One parsed article as every stage sees it: the Doc, its metadata, its quotations and its setting."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlparse

from spacy.tokens import Doc, Span, Token

from . import geo, lexicon
from .dates import PartialDate
from .types import ArticleMeta


def _host(url: str | None) -> str:
    try:
        return urlparse((url or "").strip()).netloc.lower()
    except ValueError:
        return ""


def publisher_state(url: str | None, source: str | None) -> str | None:
    """The state whose government published the text (a readout, an address, a transcript), else None.
    A news site under a country's domain is no government voice."""
    text = f"{_host(url)} {(source or '').lower()}"
    for site, (code,) in lexicon.table("government_sites.tsv").items():
        if site in text:
            return code
    m = re.search(r"(?:^|\.)gov\.([a-z]{2})(?:$|[/:])", _host(url))
    if m:
        return "GB" if m[1] == "uk" else m[1].upper()
    return None


@dataclass(frozen=True)
class Article:
    """The article as parsed: ``doc.text`` is the text as read with the dateline blanked (offsets kept)."""

    doc: Doc
    meta: ArticleMeta
    quote_spans: tuple[tuple[int, int], ...] = ()  # quotations with their marks
    filed: tuple[str | None, str] | None = None  # (city, state) of the dateline or Location header
    text: str = field(default="", compare=False)

    @cached_property
    def published(self) -> PartialDate | None:
        return PartialDate.from_iso(self.meta.published)

    @cached_property
    def publisher(self) -> str | None:
        return publisher_state(self.meta.url, self.meta.source)

    @cached_property
    def headline(self) -> tuple[int, int] | None:
        title = self.meta.title
        if not title:
            return None
        i = self.text.find(title)
        return (i, i + len(title)) if 0 <= i < max(self.meta.body_start, 1) + len(title) else None

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.idx for t in self.doc]

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [s for s, _ in self.quote_spans]

    def in_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self._quote_starts, char) - 1
        return k >= 0 and self.quote_spans[k][0] <= char < self.quote_spans[k][1]

    def token_at(self, char: int) -> Token | None:
        if not len(self.doc):
            return None
        k = bisect.bisect_right(self._token_starts, char) - 1
        return self.doc[max(0, min(k, len(self.doc) - 1))]

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        """The sentences that report: the headline's and the body's (header lines are left out)."""
        head = self.headline
        out = []
        for s in self.doc.sents:
            in_head = head is not None and s.start_char < head[1] and s.end_char > head[0]
            if s.end_char > self.meta.body_start or in_head:
                if s.text.strip():
                    out.append(s)
        return tuple(out)

    def in_headline(self, char: int) -> bool:
        head = self.headline
        return head is not None and head[0] <= char < head[1]

    @cached_property
    def first_person(self) -> bool:
        """Whether the body speaks in the first person outside quotations (an address, a transcript)."""
        n = 0
        for t in self.doc:
            if (
                t.idx >= self.meta.body_start
                and t.lower_ in ("i", "we", "my", "our")
                and not self.in_quote(t.idx)
            ):
                n += 1
                if n >= 3:
                    return True
        return False


def filed_place(text: str, meta: ArticleMeta) -> tuple[str | None, str] | None:
    """Where a readout or wire story was filed: a ``Location:`` header or a dateline city
    ("NAIROBI, April 20 -", "ANKARA —")."""
    head = text[: meta.body_start]
    m = re.search(r"^(?:Location|Dateline):[ \t]*(.+)$", head, re.M)
    candidates = [p.strip(" -—–") for p in re.split(r"[,;]", m[1])] if m else []
    body = text[meta.body_start : meta.body_start + 200]
    m = re.match(r"\s*([A-Z][A-Z .'’-]{2,30}?)(?:,\s*[A-Z][A-Za-z .'’-]{2,30}?)?(?:\s*[—–-]|,|\s+\()", body)
    if m:
        candidates.append(m[1].strip())
    for cand in candidates:
        if not cand or re.search(r"\d", cand):
            continue
        hit = geo.city_lookup(cand.title() if cand.isupper() else cand)
        if hit:
            return hit
    return None
