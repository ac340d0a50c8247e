"""Reading articles from bytes, files and HTML pages: decoding, rejecting what is no article.

No database here: `ingest`, `extract` and the upload page read files by these same rules."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}  # what ingest and the upload page read
HTML_SUFFIXES = {".html", ".htm"}
HTML_MIN_WORDS = 12  # fewer words of main text in a page: no article (menus, links, notices)


class ArticleReadError(Exception):
    """A file that cannot be read as an article: ``str()`` names the file and says why, ``reason``
    only says why (for lines that name the file already)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class ArticleInput:
    """One article to ingest: its text as read, where it came from, and what the uploader told us."""

    name: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: dt.date | None = None


def article_text_normalize(raw: str) -> str:
    """The text as stored and extracted from: one newline convention, no byte-order mark.

    Offsets of quotes and evidence point into this text, so it is the only form ever stored."""
    return raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def article_content_hash(text: str) -> str:
    return hashlib.sha256(article_text_normalize(text).strip().encode("utf-8")).hexdigest()


def article_file_read(path: Path) -> ArticleInput:
    """A file given to ``manage.py ingest``, read by the same rules as an upload, without its size
    limit (bulk loads are trusted files); ``ArticleReadError`` names the file and says why not."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleReadError(path, f"cannot read it: {exc.strerror or exc}") from exc
    try:
        return article_bytes_read(name=str(path), data=data)
    except UploadRejected as exc:
        raise ArticleReadError(path, str(exc)) from exc


def article_paths_expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and the article files (.txt, .md) inside folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        else:
            yield path


# Control characters never found in text: a file containing them is binary, or decoded wrongly.
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f"} | {chr(c) for c in range(0x7F, 0xA0)}


class UploadRejected(Exception):
    """A file or text the upload refuses; the message says why, for the uploader."""


def _size_display(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def _looks_like_mojibake(text: str) -> bool:
    """UTF-8 that was once decoded as cp1252 and saved again ("MinistÃ©rio"): it round-trips."""
    if text.isascii():
        return False
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return False
    return repaired != text


def upload_size_check(size: int) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        shown, allowed = _size_display(size), _size_display(limit)
        if shown == allowed:  # just over the limit: rounded, the two would read the same
            shown, allowed = f"{size:,} bytes", f"{limit:,} bytes"
        raise UploadRejected(f"too large: {shown} (the limit is {allowed})")


def upload_text_decode(*, data: bytes) -> tuple[str, str]:
    """The text of an uploaded file and the encoding it was read in.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as such;
    other bytes as cp1252, the Windows superset of latin-1 in which such files are written. Whatever
    would come out garbled is rejected by name instead of stored as mojibake."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UploadRejected(f"undecodable: broken UTF-16 (byte {exc.start})") from exc
    elif b"\x00" in data:
        raise UploadRejected(
            "not text: contains NUL bytes (a binary file, or UTF-16 without a byte-order mark)"
        )
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError as exc:
                raise UploadRejected(
                    f"undecodable: neither UTF-8 nor cp1252/latin-1 (byte 0x{data[exc.start]:02x})"
                ) from exc
    if any(c in _CONTROL for c in text):
        raise UploadRejected(f"not text: control characters after decoding as {encoding}")
    if _looks_like_mojibake(text):
        raise UploadRejected('undecodable: the text is already garbled (UTF-8 read as cp1252, e.g. "Ã©")')
    return text, encoding


def _header(*, title: str = "", source: str = "", url: str = "", published: dt.date | None = None) -> str:
    """Header lines, as articles written by hand carry them, so the extractor reads the date that
    relative dates ("on Tuesday") count from."""
    lines = [
        f"{key}: {value}"
        for key, value in (
            ("Title", " ".join(title.split())),
            ("Date", published.isoformat() if published else ""),
            ("Source", " ".join(source.split())),
            ("URL", url.strip()),
        )
        if value
    ]
    return "\n".join(lines) + "\n\n" if lines else ""


def _html_article(*, name: str, html: str) -> ArticleInput:
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    body = (document.text or "").strip() if document else ""
    words = len(body.split())
    if words < HTML_MIN_WORDS:
        # A page whose main text is a menu, a link or a cookie notice holds no article.
        found = f" (only {words} word{'s' if words != 1 else ''}: a menu or a link)" if words else ""
        raise UploadRejected(f"empty: no article text found in the HTML page{found}")
    published = None
    if document.date:
        try:
            published = dt.date.fromisoformat(document.date[:10])
        except ValueError:
            published = None
    title = (document.title or "").strip()
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    meta = {"title": title, "source": document.sitename or "", "url": document.url or ""}
    return ArticleInput(
        name=name, text=_header(**meta, published=published) + body, published=published, **meta
    )


def article_bytes_read(*, name: str, data: bytes) -> ArticleInput:
    """The article in a file's bytes (.txt, .md, or the main text of an .html page), or
    ``UploadRejected`` saying why not."""
    suffix = Path(name).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise UploadRejected(
            f"not text: {suffix or 'no extension'} files are not accepted (.txt, .md, .html)"
        )
    if not data.strip():
        raise UploadRejected("empty file")
    text, _encoding = upload_text_decode(data=data)
    if suffix in HTML_SUFFIXES:
        return _html_article(name=name, html=text)
    text = article_text_normalize(text)
    if not text.strip():
        raise UploadRejected("empty file")
    return ArticleInput(name=name, text=text)


def upload_file_read(*, name: str, data: bytes) -> ArticleInput:
    """One uploaded file as an article, or ``UploadRejected`` saying why not."""
    upload_size_check(len(data))
    return article_bytes_read(name=name, data=data)


def upload_text_read(
    *, text: str, title: str = "", source: str = "", url: str = "", published: dt.date | None = None
) -> ArticleInput:
    """A pasted text as an article, the details given by the uploader as its header."""
    text = article_text_normalize(text).strip()
    if not text:
        raise UploadRejected("empty text")
    upload_size_check(len(text.encode("utf-8")))
    header = _header(title=title, source=source, url=url, published=published)
    return ArticleInput(
        name=title or "pasted text",
        text=header + text,
        title=title,
        source=source,
        url=url,
        published=published,
    )
