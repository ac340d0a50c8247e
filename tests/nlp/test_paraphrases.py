"""The basic ways news writes a meeting, crossed with each other (CheckList-style), through the real model.

Each trigger is written with each way of giving a title and a state; each date and place expression is
tried with several triggers; each negative must give no meeting. The people and places are invented
or generic; none comes from the development gold.
"""

import itertools

import pytest

PUBLISHED = "2025-06-12"  # a Thursday

# (how the first person is written, name, state); (the second person, name, state)
FIRST = [
    ("Chinese Foreign Minister Li Wenhua", "Li Wenhua", "CN"),
    ("Kenya's President Amani Otieno", "Amani Otieno", "KE"),
    ("President of Kazakhstan Nurlan Bekov", "Nurlan Bekov", "KZ"),
    ("Prime Minister Kenji Sato of Japan", "Kenji Sato", "JP"),
    ("Marta Nowak, Poland's foreign minister,", "Marta Nowak", "PL"),
    ("U.S. Secretary of State John Carver", "John Carver", "US"),
]
SECOND = [
    ("French President Claire Dumont", "Claire Dumont", "FR"),
    ("his Brazilian counterpart Paulo Mendes", "Paulo Mendes", "BR"),
    ("German Chancellor Hans Becker", "Hans Becker", "DE"),
]

# (template, status); {a} and {b} are the two people, {when} and {where} the time and place.
TRIGGERS = [
    ("{a} met {b}{where}{when}.", "held"),
    ("{a} met with {b}{where}{when}.", "held"),
    ("{a} held talks with {b}{where}{when}.", "held"),
    ("{a} received {b}{where}{when}.", "held"),
    ("{a} hosted {b}{where}{when}.", "held"),
    ("{a} sat down with {b}{where}{when}.", "held"),
    ("{a} had a meeting with {b}{where}{when}.", "held"),
    ("{a} will meet {b}{where}{when}.", "planned"),
    ("{a} is due to hold talks with {b}{where}{when}.", "planned"),
    ("{a} is scheduled to meet {b}{where}{when}.", "planned"),
]
CALLS = [
    "{a} spoke by phone with {b}{when}.",
    "{a} had a phone call with {b}{when}.",
    "{a} held a video call with {b}{when}.",
    "{a} called {b}{when} to discuss the war.",
    "{a} and {b} spoke by telephone{when}.",
]
# (expression, date for a held meeting, date for a planned one)
WHEN = [
    (" on Tuesday", "2025-06-10", "2025-06-17"),
    (" on June 3", "2025-06-03", "2026-06-03"),
    (" on 20 June", "2024-06-20", "2025-06-20"),
    (" yesterday", "2025-06-11", None),
    (" today", "2025-06-12", "2025-06-12"),
    (" last month", "2025-05", None),
    (" next week", None, "2025-06"),
    (" in March 2024", "2024-03", None),
    ("", None, None),
]
WHERE = [
    (" in Nairobi", ("Nairobi", "KE")),
    (" at the White House", ("Washington", "US")),
    (" in the Chinese capital", ("Beijing", "CN")),
    (" at the Kremlin", ("Moscow", "RU")),
    (" in Geneva", ("Geneva", "CH")),
    ("", None),
]

NEGATIVES = [
    "{a} called for talks with {b}.",
    "{a} invited {b} to visit the country.",
    "{a} refused to meet {b}.",
    "{a} said {b} would meet rebel leaders only if a ceasefire held.",
    "{a} urged {b} to hold talks with the opposition.",
    "{a} wants to meet {b}.",
    "{a} proposed a meeting with {b}.",
    "{a} did not meet {b}.",
    "{a} cancelled a planned visit by {b}.",
    "{a}'s plan met the demands of {b}.",
    "{a} called {b} a reliable partner.",
    "{a} gave a speech on trade in Nairobi.",
    "{a} met business leaders and students in Nairobi.",
]


def _meeting(ex, names):
    found = [m for m in ex.meetings if names <= {p.name for p in m.participants}]
    assert found, (
        f"no meeting with {names}: {[(m.status, [p.name for p in m.participants]) for m in ex.meetings]}"
    )
    return found[0]


def _article(body: str) -> str:
    return f"Title: Report\nDate: {PUBLISHED}\n\n{body}"


def _ok(status, when, where):
    # Planned meetings are not written "yesterday" or "last month": those pairs are left out.
    return not (status == "planned" and when[2] is None and when[0]) and not (
        status == "held" and when[0] == " next week"
    )


CASES = [
    (t, a, b, when, where)
    for (t, a, b), when, where in itertools.product(
        [(t, a, b) for t in TRIGGERS for a, b in zip(FIRST, itertools.cycle(SECOND), strict=False)][::2],
        WHEN[::3] + [WHEN[-1]],
        WHERE[::2],
    )
    if _ok(t[1], when, where)
]


@pytest.mark.parametrize(
    ("trigger", "a", "b"), [(t, a, b) for t in TRIGGERS for a, b in zip(FIRST, SECOND * 2, strict=False)]
)
def test_every_trigger_with_every_title(extract, trigger, a, b):
    template, status = trigger
    ex = extract(_article(template.format(a=a[0], b=b[0], when="", where="")))
    m = _meeting(ex, {a[1], b[1]})
    assert m.status == status
    people = {p.name: p for p in m.participants}
    assert people[a[1]].country == a[2] and people[b[1]].country == b[2]
    assert set(m.countries) == {a[2], b[2]}


@pytest.mark.parametrize(("trigger", "a", "b", "when", "where"), CASES)
def test_dates_and_places(extract, trigger, a, b, when, where):
    template, status = trigger
    ex = extract(_article(template.format(a=a[0], b=b[0], when=when[0], where=where[0])))
    m = _meeting(ex, {a[1], b[1]})
    want = when[1] if status == "held" else when[2]
    assert (m.date.iso if m.date else None) == want
    if where[1] is None:
        assert m.location is None
    else:
        assert (m.location.city, m.location.country) == where[1]


@pytest.mark.parametrize("template", CALLS)
@pytest.mark.parametrize("when", [WHEN[0], WHEN[3], WHEN[-1]])
def test_calls_have_no_place(extract, template, when):
    a, b = FIRST[0], SECOND[0]
    ex = extract(_article(template.format(a=a[0], b=b[0], when=when[0])))
    m = _meeting(ex, {a[1], b[1]})
    assert m.location is None and m.status == "held"
    assert (m.date.iso if m.date else None) == when[1]


@pytest.mark.parametrize("template", NEGATIVES)
def test_negatives_are_no_meetings(extract, template):
    ex = extract(_article(template.format(a=FIRST[0][0], b=SECOND[0][0])))
    assert ex.meetings == ()
