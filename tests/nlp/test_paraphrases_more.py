"""More of the ways news writes a meeting: titles set after the name, officials of international bodies,
passive and noun forms of the triggers, more time and place expressions, and the common shapes of
attributed quotations. Invented names throughout; through the real model."""

import pytest

PUBLISHED = "2025-06-12"  # a Thursday


def _article(body: str) -> str:
    return f"Title: Report\nDate: {PUBLISHED}\n\n{body}"


def _meeting(ex, names):
    found = [m for m in ex.meetings if names <= {p.name for p in m.participants}]
    assert found, f"no meeting with {names}: {[[p.name for p in m.participants] for m in ex.meetings]}"
    return found[0]


# (sentence, {names}, {name: state or body})
TITLES = [
    ("Foreign Minister of Japan Kenji Sato met French President Claire Dumont.", {"JP", "FR"}),
    ("Japan's foreign minister, Kenji Sato, met French President Claire Dumont.", {"JP", "FR"}),
    ("The Japanese foreign minister, Kenji Sato, met French President Claire Dumont.", {"JP", "FR"}),
    ("NATO Secretary General Lars Holm met French President Claire Dumont.", {"NATO", "FR"}),
    ("UN Secretary-General Lars Holm met French President Claire Dumont.", {"United Nations", "FR"}),
    ("EU foreign policy chief Lars Holm met French President Claire Dumont.", {"European Union", "FR"}),
    ("European Commission President Lars Holm met French President Claire Dumont.", {"European Union", "FR"}),
    ("Claire Dumont, the French president, met Kenji Sato, Japan's prime minister.", {"FR", "JP"}),
]

TRIGGERS = [
    "Kenji Sato and Claire Dumont met in Paris.",
    "Japanese Prime Minister Kenji Sato was received by French President Claire Dumont.",
    "French President Claire Dumont welcomed Japanese Prime Minister Kenji Sato to Paris.",
    "French President Claire Dumont greeted Japanese Prime Minister Kenji Sato at the Elysee Palace.",
    "Talks between Japanese Prime Minister Kenji Sato and French President Claire Dumont lasted two hours.",
    "Japanese Prime Minister Kenji Sato's meeting with French President Claire Dumont was cordial.",
    "A meeting between Japanese Prime Minister Kenji Sato and French President Claire Dumont took place.",
    "Japanese Prime Minister Kenji Sato and French President Claire Dumont had talks on trade.",
    "Japanese Prime Minister Kenji Sato conferred with French President Claire Dumont.",
    "Japanese Prime Minister Kenji Sato and French President Claire Dumont held a phone call.",
    "Japanese Prime Minister Kenji Sato received a call from French President Claire Dumont.",
    "In a phone call, Japanese Prime Minister Kenji Sato told French President Claire Dumont about the plan.",
    "Japanese Prime Minister Kenji Sato paid a visit to French President Claire Dumont.",
    "Japanese Prime Minister Kenji Sato visited French President Claire Dumont in Paris.",
    "Japanese Prime Minister Kenji Sato held a bilateral meeting with French President Claire Dumont.",
]

# (expression, date for a held meeting)
WHEN = [
    ("on Monday evening", "2025-06-09"),
    ("Monday", "2025-06-09"),
    ("on March 3rd", "2025-03-03"),
    ("on 3rd March", "2025-03-03"),
    ("last Tuesday", "2025-06-10"),
    ("earlier this week", "2025-06"),
    ("on Wednesday, June 11", "2025-06-11"),
    ("on May 30, 2024", "2024-05-30"),
]

WHERE = [
    ("in Paris, France", ("Paris", "FR")),
    ("in the French capital", ("Paris", "FR")),
    ("at the Elysee Palace", ("Paris", "FR")),
    ("at United Nations headquarters in New York", ("New York", "US")),
    ("on the sidelines of the G20 summit in Rio de Janeiro", ("Rio de Janeiro", "BR")),
    ("during a visit to Tokyo", ("Tokyo", "JP")),
    ("in Brussels", ("Brussels", "BE")),
]

QUOTES = [
    (
        'French President Claire Dumont said: "We are ready to talk."',
        "We are ready to talk.",
        "Claire Dumont",
    ),
    (
        '"We are ready to talk," French President Claire Dumont said.',
        "We are ready to talk,",
        "Claire Dumont",
    ),
    (
        '"We are ready to talk," said French President Claire Dumont.',
        "We are ready to talk,",
        "Claire Dumont",
    ),
    (
        'French President Claire Dumont told reporters: "We are ready to talk."',
        "We are ready to talk.",
        "Claire Dumont",
    ),
    (
        'French President Claire Dumont met Kenji Sato. "We are ready to talk," she said.',
        "We are ready to talk,",
        "Claire Dumont",
    ),
    (
        'According to French President Claire Dumont, "the talks were useful."',
        "the talks were useful.",
        "Claire Dumont",
    ),
    (
        'Japan\'s Foreign Ministry said the talks were "frank and useful."',
        "frank and useful.",
        "Japan's Foreign Ministry",
    ),
    ('French President Claire Dumont called the talks "a step forward."', "a step forward.", "Claire Dumont"),
]


@pytest.mark.parametrize(("text", "sides"), TITLES)
def test_titles_after_the_name_and_officials_of_bodies(extract, text, sides):
    ex = extract(_article(text))
    assert len(ex.meetings) == 1
    got = {p.country or p.organization for p in ex.meetings[0].participants}
    assert got == sides


@pytest.mark.parametrize("text", TRIGGERS)
def test_more_ways_to_tell_a_meeting(extract, text):
    ex = extract(_article(text))
    m = _meeting(ex, {"Kenji Sato", "Claire Dumont"})
    assert m.status == "held"
    assert len(ex.meetings) == 1


@pytest.mark.parametrize(("when", "date"), WHEN)
def test_more_time_expressions(extract, when, date):
    ex = extract(_article(f"Japanese Prime Minister Kenji Sato met French President Claire Dumont {when}."))
    m = _meeting(ex, {"Kenji Sato", "Claire Dumont"})
    assert (m.date.iso if m.date else None) == date


@pytest.mark.parametrize(("where", "place"), WHERE)
def test_more_place_expressions(extract, where, place):
    ex = extract(_article(f"Japanese Prime Minister Kenji Sato met French President Claire Dumont {where}."))
    m = _meeting(ex, {"Kenji Sato", "Claire Dumont"})
    assert m.location is not None and (m.location.city, m.location.country) == place


@pytest.mark.parametrize(("text", "quote", "speaker"), QUOTES)
def test_the_common_shapes_of_a_quotation(extract, text, quote, speaker):
    ex = extract(_article(text))
    got = {q.text: q.speaker for q in ex.quotes}
    assert quote in got and got[quote] == speaker, got


# (text, expected [(status, {names}, {states})]) - several sentences, the discourse the basic ones make
STORIES = [
    (
        "U.S. and Russian delegations held talks in Geneva on Monday.",
        [("held", set(), {"US", "RU"})],
    ),
    (
        "Talks were held in Geneva on Monday between the United States and Iran.",
        [("held", set(), {"US", "IR"})],
    ),
    (
        "Japanese Prime Minister Kenji Sato is expected to meet French President Claire Dumont next week.",
        [("planned", {"Kenji Sato", "Claire Dumont"}, {"JP", "FR"})],
    ),
    (
        "Japanese Prime Minister Kenji Sato and French President Claire Dumont are set to hold talks in Paris.",
        [("planned", {"Kenji Sato", "Claire Dumont"}, {"JP", "FR"})],
    ),
    (
        "Japanese Prime Minister Kenji Sato will travel to Paris next week to meet French President Claire Dumont.",
        [("planned", {"Kenji Sato", "Claire Dumont"}, {"JP", "FR"})],
    ),
    (
        "Japanese Prime Minister Kenji Sato met French President Claire Dumont in Paris on Monday. The two "
        "leaders discussed trade. Sato then flew to Berlin, where he held talks with German Chancellor Hans Becker.",
        [
            ("held", {"Kenji Sato", "Claire Dumont"}, {"JP", "FR"}),
            ("held", {"Kenji Sato", "Hans Becker"}, {"JP", "DE"}),
        ],
    ),
    (
        "The foreign ministers of India and Pakistan met on the sidelines of the UN General Assembly in New "
        "York on Tuesday.",
        [("held", set(), {"IN", "PK"})],
    ),
    (
        "U.S. Secretary of State John Carver met separately with Saudi Foreign Minister Khalid Nasser and "
        "Qatari Prime Minister Hamad Yusuf in Riyadh on Monday.",
        [
            ("held", {"John Carver", "Khalid Nasser"}, {"US", "SA"}),
            ("held", {"John Carver", "Hamad Yusuf"}, {"US", "QA"}),
        ],
    ),
    (
        "Chinese Premier Zhao Lei arrived in Canberra on Tuesday for a three-day visit. He will meet "
        "Australian Prime Minister Tom Reid on Wednesday.",
        [("planned", {"Zhao Lei", "Tom Reid"}, {"CN", "AU"})],
    ),
    ("President Claire Dumont received the credentials of new ambassadors on Monday.", []),
    ("The two presidents are scheduled to meet at the G7 summit in Italy next month.", []),
    (
        "A planned meeting between Japanese Prime Minister Kenji Sato and French President Claire Dumont was "
        "called off.",
        [],
    ),
    (
        "Japanese Prime Minister Kenji Sato and French President Claire Dumont will not meet this week.",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), STORIES)
def test_stories(extract, text, expected):
    ex = extract(_article(text))
    got = [(m.status, {p.name for p in m.participants}, set(m.countries)) for m in ex.meetings]
    assert len(got) == len(expected), got
    for status, names, states in expected:
        assert any(s == status and names <= n and states <= c for s, n, c in got), got
