"""The extractor's lexicons (``meetings/nlp/lexicon/``), loaded once and checked.

A ``.txt`` file is a word list; a ``.tsv`` file has the columns its ``# columns:`` line names. A ``#``
starts a comment, on its own line or after an entry. Loading checks that every row has the named
columns, that no entry repeats, and that enumerated columns hold known values, so that a typing
mistake in a data file fails the tests instead of silently matching nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

# The values an enumerated column may hold, per file and column.
_ALLOWED = {
    ("triggers.tsv", "pos"): {"VERB", "NOUN"},
    ("triggers.tsv", "kind"): {"meet", "call", "visit", "host", "summit"},
    ("triggers.tsv", "needs"): {"party", "with", "object", "visit", "noun", "noun_with"},
    ("trigger_negatives.tsv", "relation"): {"dobj", "with", "prep", "oprd", "quote"},
    ("modality.tsv", "where"): {"aux", "head", "mod", "mark", "date", "report"},
    ("modality.tsv", "class"): {
        "planned",
        "proposed",
        "urged",
        "conditional",
        "negated",
        "would",
        "reporting",
    },
    ("event_cues.tsv", "cue"): {"another", "earlier", "joint"},
    ("gender_words.tsv", "gender"): {"m", "f"},
    ("country_names.tsv", "kind"): {"name", "metonym"},
    ("organizations.tsv", "kind"): {"name", "acronym", "adjective"},
    ("places.tsv", "kind"): {"landmark", "seat", "city", "capital"},
    ("trip_words.tsv", "pos"): {"noun", "verb"},
}
# The columns that identify a row, where more than the first one.
_KEYS = {
    "triggers.tsv": ("word", "pos"),
    "trigger_negatives.tsv": ("trigger", "relation", "word"),
    "modality.tsv": ("cue", "where"),
    "places.tsv": ("name", "kind"),
    "trip_words.tsv": ("word", "pos"),
    "event_cues.tsv": ("word", "cue"),
    "given_name_variants.tsv": ("formal", "short"),
}
_OFFICE_KINDS = {"office", "leader", "modifier", "end", "honorific", "generic"}


class LexiconError(ValueError):
    """A data file breaks its own format."""


@dataclass(frozen=True)
class Row:
    values: tuple[str, ...]
    line: int

    def __getitem__(self, k: int) -> str:
        return self.values[k]


def _entries(name: str) -> list[tuple[int, str]]:
    path = LEXICON_DIR / name
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = raw.split("#", 1)[0] if not raw.lstrip().startswith("#") else ""
        if raw.lstrip().startswith("#") or not entry.strip():
            continue
        out.append((n, entry.rstrip()))
    return out


def _columns(name: str) -> list[str]:
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    m = re.search(r"^#\s*columns:\s*(.+)$", text, re.M)
    if not m:
        raise LexiconError(f"{name}: no '# columns:' line")
    return m[1].split()


@cache
def words(name: str) -> frozenset[str]:
    """The entries of a word list, lower case."""
    seen: dict[str, int] = {}
    for n, entry in _entries(name):
        w = entry.strip().lower()
        if w in seen:
            raise LexiconError(f"{name}:{n}: {w!r} repeats line {seen[w]}")
        seen[w] = n
    return frozenset(seen)


@cache
def rows(name: str) -> tuple[Row, ...]:
    """The rows of a table, checked against its columns and allowed values; no key (the first column,
    or the columns ``_KEYS`` names) repeats."""
    cols = _columns(name)
    key_at = [cols.index(c) for c in _KEYS.get(name, cols[:1])]
    out, seen = [], {}
    for n, entry in _entries(name):
        values = tuple(v.strip() for v in entry.split("\t"))
        if len(values) != len(cols) or not all(values):
            raise LexiconError(f"{name}:{n}: expected {len(cols)} columns ({', '.join(cols)}), got {values}")
        for k, col in enumerate(cols):
            allowed = _ALLOWED.get((name, col))
            if allowed is not None and values[k] not in allowed:
                raise LexiconError(f"{name}:{n}: {col} {values[k]!r} is not one of {sorted(allowed)}")
        key = tuple(values[k].lower() for k in key_at)
        if key in seen:
            raise LexiconError(f"{name}:{n}: {key} repeats line {seen[key]}")
        seen[key] = n
        out.append(Row(values, n))
    return tuple(out)


def table(name: str) -> dict[str, tuple[str, ...]]:
    """A two-or-more-column table keyed by its first column (lower case)."""
    return {r[0].lower(): r.values[1:] for r in rows(name)}


@cache
def office_kinds() -> dict[str, frozenset[str]]:
    """offices.tsv: each word with the kinds it can be inside a title."""
    out = {}
    for r in rows("offices.tsv"):
        kinds = frozenset(k.strip() for k in r[1].split(","))
        if not kinds <= _OFFICE_KINDS:
            raise LexiconError(f"offices.tsv:{r.line}: unknown kind in {r[1]!r}")
        out[r[0].lower()] = kinds
    return out


@cache
def office_words(kind: str) -> frozenset[str]:
    """The words of offices.tsv that can be ``kind`` (office, leader, modifier, end, honorific)."""
    if kind not in _OFFICE_KINDS:
        raise LexiconError(f"no office kind {kind!r}")
    return frozenset(w for w, kinds in office_kinds().items() if kind in kinds)


def check_all() -> list[str]:
    """Load every data file once (the tests call this); returns the names loaded."""
    names = []
    for path in sorted(LEXICON_DIR.iterdir()):
        if path.suffix == ".txt":
            words(path.name)
        elif path.suffix == ".tsv":
            rows(path.name)
        else:
            continue
        names.append(path.name)
    office_kinds()
    return names


def forms(lemma: str, lower: str) -> set[str]:
    """The forms of a word to look up in a lexicon: its lemma, itself, and itself without a regular
    ending, since the small model's lemmatizer errs on unknown forms ("hopes" -> "hop")."""
    out = {lemma.lower(), lower}
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("es", "e"),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
    ):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            out.add(lower[: -len(suffix)] + repl)
    return out


@cache
def words_with(name: str, column: str, value: str) -> frozenset[str]:
    """The first column of the rows of a table whose ``column`` holds ``value`` (lower case)."""
    k = _columns(name).index(column)
    return frozenset(r[0].lower() for r in rows(name) if r[k] == value)
