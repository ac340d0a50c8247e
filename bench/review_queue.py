#!/usr/bin/env python
"""How many meetings land in the review queue, and why (issue 11, item 5).

    DATABASE_URL=sqlite:////tmp/review/seeds.sqlite3 .venv/bin/python bench/review_queue.py

Counts the meetings, those in the queue (``selectors.review_queue``) and the meetings each reason
flags (a meeting may have several). Prints figures; not a test.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")

# The first words of each reason ``selectors.review._reasons`` gives, as the figures name them.
KINDS = {
    "“": "a name that is no person's",
    "no date": "no date, although the article is dated",
    "one named": "one named participant",
    "no named": "no named participant",
}


def main() -> int:
    import django

    django.setup()
    from meetings import selectors
    from meetings.models import Meeting

    non_persons = selectors.review_non_person_ids()
    items = selectors.review_items(
        meetings=selectors.review_queue(non_person_ids=non_persons), non_person_ids=non_persons
    )
    flagged: Counter[str] = Counter()
    for item in items:
        kinds = set()
        for reason in item.reasons:
            kind = next((k for prefix, k in KINDS.items() if reason.startswith(prefix)), None)
            kinds.add(kind or "a participant's state differs from their record")
        flagged.update(kinds)
    print(f"meetings: {Meeting.objects.count()}, in the queue: {len(items)}")
    for kind, n in flagged.most_common():
        print(f"  {kind}: {n}")
    for item in items[:10]:
        print(f"  meeting {item.meeting.pk}: {'; '.join(item.reasons)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
