"""Topics of a stretch of text from the taxonomy's keyword phrases."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .types import TopicSpec


@lru_cache(maxsize=8)
def _compiled(
    taxonomy: tuple[TopicSpec, ...],
) -> tuple[tuple[str, re.Pattern | None, re.Pattern | None], ...]:
    out = []
    for spec in taxonomy:
        words, acronyms = [], []
        for k in spec.keywords:
            k = k.strip().lower()
            if not k:
                continue
            # Keywords of up to three letters are acronyms (WHO, AI, COP, IMF): in lower case they
            # would match ordinary words ("who", "cop"), so they match only in capitals.
            if len(k) <= 3 and re.fullmatch(r"[a-z0-9]+", k):
                acronyms.append(re.escape(k.upper()))
            else:
                # Plural, singular and possessive forms of a keyword signal the same issue.
                if k.endswith("s") and not k.endswith("ss") and len(k) > 4:
                    k = k[:-1]
                words.append(re.escape(k).replace(r"\ ", r"[\s-]+") + r"(?:s|es|'s|’s)?")
        ci = re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w])", re.I) if words else None
        cs = re.compile(r"(?<![\w-])(?:" + "|".join(acronyms) + r")(?![\w])") if acronyms else None
        out.append((spec.slug, ci, cs))
    return tuple(out)


def topics_in(text: str, taxonomy: Sequence[TopicSpec]) -> tuple[str, ...]:
    """Slugs of the topics whose phrases occur in ``text``, in taxonomy order."""
    if not text:
        return ()
    found = []
    for slug, ci, cs in _compiled(tuple(taxonomy)):
        if (ci is not None and ci.search(text)) or (cs is not None and cs.search(text)):
            found.append(slug)
    return tuple(found)
