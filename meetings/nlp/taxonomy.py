"""The default issue taxonomy (meetings/data/topics.json) as keyword lists for the extractor."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from . import lexicon
from .types import TopicSpec

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Words of a topic's name that signal nothing on their own ("and", "relations").


def _name_words(name: str) -> list[str]:
    words = [
        w for w in re.findall(r"[a-z][a-z-]+", name.lower()) if w not in lexicon.words("topic_weak_words.txt")
    ]
    return words


@lru_cache(maxsize=1)
def default_taxonomy() -> tuple[TopicSpec, ...]:
    """One TopicSpec per topic of topics.json: its hints, the telling words of its name, and the extra
    phrases of topic_keywords.json, all lowercase."""
    topics = json.loads((DATA_DIR / "topics.json").read_text(encoding="utf-8"))["topics"]
    extra_path = DATA_DIR / "topic_keywords.json"
    extra = json.loads(extra_path.read_text(encoding="utf-8")) if extra_path.exists() else {}
    out = []
    for t in topics:
        kws: list[str] = []
        for k in [*t.get("hints", []), *_name_words(t["name"]), *extra.get(t["slug"], [])]:
            k = k.strip().lower()
            if k and k not in kws:
                kws.append(k)
        out.append(TopicSpec(slug=t["slug"], keywords=tuple(kws)))
    return tuple(out)
