"""End-to-end extraction: text in, meetings, people and quotes out (the real model, loaded once)."""

from pathlib import Path

import pytest

from meetings.nlp import coref, names
from meetings.nlp.extract import extract_texts

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_7f5b43aafe90f08e.txt"


def people(ex):
    return {p.name: p for m in ex.meetings for p in m.participants}


def test_seed_article(extract):
    ex = extract(SEED.read_text(encoding="utf-8"))
    assert ex.article.published == "2025-10-16"
    assert len(ex.meetings) == 1
    m = ex.meetings[0]
    assert (m.status, m.date.iso) == ("held", "2025-10-15")
    assert m.location is not None and (m.location.city, m.location.country) == ("Beijing", "CN")
    ps = people(ex)
    assert ps["Wang Yi"].country == "CN" and ps["Wang Yi"].title == "Foreign Minister"
    assert ps["Emmanuel Bonne"].country == "FR"
    assert m.countries == ("CN", "FR")
    by_text = {q.text: q for q in ex.quotes}
    assert by_text["strengthen high-level exchanges"].speaker == "Wang Yi"
    assert by_text["provide solid political guarantees for bilateral relations."].speaker == "Wang Yi"
    assert "strategic autonomy" not in by_text and "multipolar" not in by_text
    text = SEED.read_text(encoding="utf-8")
    for q in ex.quotes:
        assert text[q.start : q.end] == q.text


MEETINGS = [
    # text, published header, expected [(status, date, {names}, countries)]
    (
        "Chinese Foreign Minister Wang Yi met French President Emmanuel Macron in Paris on Monday.",
        "2025-03-05",
        [("held", "2025-03-03", {"Wang Yi", "Emmanuel Macron"}, ("CN", "FR"))],
    ),
    (
        "Turkish Foreign Minister Selim Aydin spoke by telephone with his Russian counterpart Ivan Petrov "
        "yesterday.",
        "2026-01-15",
        [("held", "2026-01-14", {"Selim Aydin", "Ivan Petrov"}, ("RU", "TR"))],
    ),
    (
        "Japanese Prime Minister Kenji Sato will visit Washington next month to meet U.S. President John Carver.",
        "2024-03-10",
        [("planned", "2024-04", {"Kenji Sato", "John Carver"}, ("JP", "US"))],
    ),
    (
        # One meeting told three times is one meeting.
        "German Chancellor Hans Becker held talks with Polish Prime Minister Piotr Zielinski. Becker and "
        "Zielinski also discussed migration. The meeting between Becker and Zielinski lasted two hours.",
        "2024-02-12",
        [("held", None, {"Hans Becker", "Piotr Zielinski"}, ("DE", "PL"))],
    ),
    (
        "EU foreign policy chief Anna Lind met Indian External Affairs Minister Ravi Kumar in Brussels on "
        "Tuesday. Lind will visit New Delhi in May to meet Indian Prime Minister Arjun Rao.",
        "2025-03-13",
        [
            ("held", "2025-03-11", {"Anna Lind", "Ravi Kumar"}, ("IN",)),
            ("planned", "2025-05", {"Anna Lind", "Arjun Rao"}, ("IN",)),
        ],
    ),
    (
        # "There" is where the traveller arrived; "separately" makes two meetings.
        "Chinese Foreign Minister Wang Yi arrived in Addis Ababa on Tuesday. There, on Wednesday, he held "
        "talks with Ethiopian Prime Minister Tesfaye Bekele and, separately, with African Union Commission "
        "Chairperson Moussa Diallo.",
        "2026-01-09",
        [
            ("held", "2026-01-07", {"Wang Yi", "Tesfaye Bekele"}, ("CN", "ET")),
            ("held", "2026-01-07", {"Wang Yi", "Moussa Diallo"}, ("CN",)),
        ],
    ),
    (
        "The president welcomed the recent trilateral summit in Baghdad between Iraq, Jordan, and Egypt.",
        "2021-07-19",
        [("held", None, set(), ("EG", "IQ", "JO"))],
    ),
    (
        # The dateline's day is the filing date, not the meeting's: "on Wednesday" is resolved instead.
        "RABAT, March 6 - Portuguese Foreign Minister Ana Ribeiro met Moroccan Foreign Minister Karim "
        "Benali in Rabat on Wednesday for talks on migration.",
        "2026-03-06",
        [("held", "2026-03-04", {"Ana Ribeiro", "Karim Benali"}, ("MA", "PT"))],
    ),
    (
        # A name after an office's portfolio ("Commissioner for International Partnerships Lena Vogt").
        "NAIROBI, April 20 - European Union Commissioner for International Partnerships Lena Vogt will "
        "meet Kenyan President Daniel Mwangi in Nairobi next week to discuss climate finance, officials "
        "said on Monday.",
        "2026-04-20",
        [("planned", None, {"Lena Vogt", "Daniel Mwangi"}, ("KE",))],  # next week runs into May
    ),
    (
        # "met face to face": "face" is misparsed as the object of "met".
        "Russian and Ukrainian delegations last met face to face in Istanbul in July 2025.",
        "2026-01-15",
        [("held", "2025-07", set(), ("RU", "UA"))],
    ),
    (
        # An expert of a foundation represents no state: a meeting with him is no diplomatic meeting.
        "Ukrainian presidential aide Oleh Marchenko had a meeting with Peter Grant, an American expert on "
        "foreign policy, in Kyiv.",
        "2022-05-05",
        [],
    ),
    (
        # Talks named for two sides have them as parties; one state names the subject ("Ukraine talks").
        "US-China trade talks were held in Geneva on Monday. Turkish Foreign Minister Selim Aydin and "
        "Russian Foreign Minister Ivan Petrov discussed reviving Ukraine talks by phone on Tuesday.",
        "2022-03-11",
        [
            ("held", "2022-03-07", set(), ("CN", "US")),
            ("held", "2022-03-08", {"Selim Aydin", "Ivan Petrov"}, ("RU", "TR")),
        ],
    ),
    (
        # An official going abroad for talks meets a side the sentence leaves unnamed; the place's
        # state is not taken for it. Travel at home, or with no talks in view, is no meeting.
        "Indian Commerce Minister Vikram Desai is due to travel to Brussels next month for the final round "
        "of negotiations. Indian Finance Minister Leela Iyer will travel to Mumbai for talks. "
        "Indian Home Minister Rohan Shah will travel to Paris for a holiday.",
        "2025-11-05",
        [("planned", "2025-12", {"Vikram Desai"}, ("IN",))],
    ),
    (
        # A proposal, an offer or an obligation announces no meeting.
        "The two presidents offered to organize talks with the rebels. The government proposed a meeting of "
        "prime ministers with its neighbour. The bill calls on the Secretary of State to enter into talks "
        "with Japan on defence spending.",
        "2022-02-26",
        [],
    ),
    ("President Claire Dumont gave a speech on the economy in Marseille on Friday.", "2025-03-15", []),
    (
        "French Interior Minister Paul Girard met French police chiefs in Paris on Friday.",
        "2025-03-15",
        [],
    ),
    (
        # An earlier meeting told in passing is a meeting of its own, with its own date and place.
        "Kenyan President Daniel Mwangi met Japanese Prime Minister Kenji Sato in Tokyo on Monday. The "
        "two leaders last met in Nairobi in March.",
        "2025-06-12",
        [
            ("held", "2025-06-09", {"Daniel Mwangi", "Kenji Sato"}, ("JP", "KE")),
            ("held", "2025-03", {"Daniel Mwangi", "Kenji Sato"}, ("JP", "KE")),
        ],
    ),
    (
        # Unnamed officials of several states met by one traveller: one meeting per state.
        "U.S. envoy John Carver met with senior officials from Saudi Arabia, Oman and Yemen.",
        "2025-06-12",
        [
            ("held", None, {"John Carver"}, ("SA", "US")),
            ("held", None, {"John Carver"}, ("OM", "US")),
            ("held", None, {"John Carver"}, ("US", "YE")),
        ],
    ),
]


MORE_MEETINGS = [
    (
        # "his" in a phrase set before the clause is the clause's subject, named after it.
        "Chinese Foreign Minister Li Wenhua held talks with Ethiopian Prime Minister Tesfaye Bekele and, "
        "separately, with AU Commission Chairperson Moussa Diallo. Diallo said the talks went well. In his "
        "meeting with Bekele, Li discussed the railway.",
        "2025-06-12",
        [
            ("held", None, {"Li Wenhua", "Tesfaye Bekele"}, ("CN", "ET")),
            ("held", None, {"Li Wenhua", "Moussa Diallo"}, ("CN",)),
        ],
    ),
    (
        # A visit to several states for talks is a meeting with each; without talks in view, none.
        "U.S. Secretary of State John Carver will visit Japan, China and South Korea next week for talks on "
        "North Korea. French President Claire Dumont visited Spain and Portugal on holiday.",
        "2025-06-12",
        [
            ("planned", "2025-06", {"John Carver"}, ("JP", "US")),
            ("planned", "2025-06", {"John Carver"}, ("CN", "US")),
            ("planned", "2025-06", {"John Carver"}, ("KR", "US")),
        ],
    ),
    (
        # A meeting told in a where-clause is held at the time of the clause its place belongs to.
        "Egyptian Foreign Minister Karim Benali made the appeal on Tuesday in Cairo, where he hosted "
        "Kenyan President Daniel Mwangi for talks.",
        "2025-06-12",
        [("held", "2025-06-10", {"Karim Benali", "Daniel Mwangi"}, ("EG", "KE"))],
    ),
    (
        # "spoke with X to reaffirm ..." is parsed "with [X to reaffirm]": X is still the other side.
        "President John Carver, Jr. spoke today with Prime Minister Kenji Sato of Japan to reaffirm the "
        "partnership.",
        "2025-06-12",
        [("held", "2025-06-12", {"John Carver", "Kenji Sato"}, ("JP",))],
    ),
    (
        # A named event is not the meeting told before it; without parties it is no meeting at all.
        "Kenyan President Daniel Mwangi met EU Commissioner Lena Vogt. Mwangi praised the results of the "
        "December Eastern Partnership Summit in Brussels.",
        "2025-06-12",
        [("held", None, {"Daniel Mwangi", "Lena Vogt"}, ("KE",))],
    ),
]


@pytest.mark.parametrize(("body", "published", "expected"), MORE_MEETINGS)
def test_more_meetings(extract, body, published, expected):
    test_meetings(extract, body, published, expected)
    ex = extract(f"Title: Test\nDate: {published}\n\n{body}")
    if "Summit in Brussels" in body:
        assert ex.meetings[0].location is None


PLACES = [
    (
        "EU and India officials held talks in the Indian capital on Monday. EU Trade Commissioner Jan Novak "
        "met Indian Commerce Minister Vikram Desai on Monday.",
        ("New Delhi", "IN"),
    ),
    (
        "The prime minister has met Italian Prime Minister Marco Bianchi and German Chancellor Hans Becker. "
        "The Downing Street talks covered Turkey.",
        ("London", "GB"),
    ),
    (
        "Turkish Foreign Minister Selim Aydin spoke by phone with Russian Foreign Minister Ivan Petrov in Ankara.",
        None,
    ),
    (
        "Japanese Prime Minister Kenji Sato met Chinese Premier Zhao Lei at the Great Hall of the People.",
        ("Beijing", "CN"),
    ),
    (
        # A person's first name is no city, and a state that qualifies what was discussed no place.
        "National Security Advisor Tom Reed spoke with his South African counterpart Sydney Nkosi on "
        "Tuesday. They discussed the recent U.S. operation in the region.",
        None,
    ),
    (
        # The lead's trip places the meetings told after it.
        "U.S. Special Envoy for Yemen Mark Dalton returned from travel to Saudi Arabia today. Dalton "
        "met with senior officials from the Republic of Yemen government.",
        (None, "SA"),
    ),
]


@pytest.mark.parametrize(("body", "place"), PLACES)
def test_meeting_places(extract, body, place):
    ex = extract(f"Title: Test\nDate: 2025-03-05\n\n{body}")
    assert len(ex.meetings) == 1
    loc = ex.meetings[0].location
    assert (loc.city, loc.country) == place if place else loc is None


@pytest.mark.parametrize(("body", "published", "expected"), MEETINGS)
def test_meetings(extract, body, published, expected):
    ex = extract(f"Title: Test\nDate: {published}\n\n{body}")
    got = [
        (m.status, m.date.iso if m.date else None, {p.name for p in m.participants}, m.countries)
        for m in ex.meetings
    ]
    for status, date, people, countries in expected:
        match = [g for g in got if people <= g[2] and g[1] == date and set(countries) <= set(g[3])]
        assert match, f"no meeting {status} {date} {people} {countries} in {got}"
        assert match[0][0] == status
    assert len(got) == len(expected), got


QUOTES = [
    # text, expected [(quote text, speaker)]
    (
        'Wang emphasized Beijing\'s readiness to "strengthen high-level exchanges" with Paris.',
        [("strengthen high-level exchanges", None)],
    ),
    (
        'German Chancellor Lena Hartmann spoke. "We are ready," Hartmann said, "to talk to everyone."',
        [("We are ready,", "Lena Hartmann"), ("to talk to everyone.", "Lena Hartmann")],
    ),
    (
        "Foreign Secretary Yvette Cooper said: “Every barrel that is seized helps.” She added that Britain "
        "would use “every legal option” to stop it.",
        [("Every barrel that is seized helps.", "Yvette Cooper"), ("every legal option", "Yvette Cooper")],
    ),
    (
        'The ministry described the talks as "constructive and forward-looking".',
        [("constructive and forward-looking", "ministry")],
    ),
    ('France pursues its policy of "strategic autonomy" in a "multipolar" world.', []),
    (
        'Both sides agreed on the need to "maintain coordinated communication" on these issues.',
        [("maintain coordinated communication", "Both sides")],
    ),
    (
        'According to Indian Trade Minister Arjun Mehra, "there will be no deal without farmers."',
        [("there will be no deal without farmers.", "Arjun Mehra")],
    ),
    ('She said "this is an unbalanced quote and it never ends\n\nNext paragraph has no marks.', []),
    # A spokesman speaks for the person whose spokesman he is, not as that person.
    (
        'Prime Minister Ana Ruiz travelled. "The talks will be hard," Ms Ruiz\'s official spokesman said.',
        [("The talks will be hard,", "Ms Ruiz's official spokesman")],
    ),
    # A person's words beat the source that reports them ("according to a French official").
    (
        'President Claire Dumont told the call that Moscow was "playing for time," according to an official.',
        [("playing for time,", "Claire Dumont")],
    ),
    # A name in quotation marks is no one's words; a label a speaker gives is.
    (
        'Leaders of the "coalition of the willing" met. The ministry described it as an "exclusive clique".',
        [("exclusive clique", "ministry")],
    ),
    (
        'President Taras Bondar met reporters. "There is no signal from us that NATO is not our goal," the '
        "President said.",
        [("There is no signal from us that NATO is not our goal,", "Taras Bondar")],
    ),
    (
        'ONGC chairman Ravi Kapoor spoke. "Our cash flow is good," he told Reuters. "We have the money. "The '
        'investment may go up to $20bn."',
        [
            ("Our cash flow is good,", "Ravi Kapoor"),
            ("We have the money.", "Ravi Kapoor"),
            ("The investment may go up to $20bn.", "Ravi Kapoor"),
        ],
    ),
]


@pytest.mark.parametrize(("body", "expected"), QUOTES)
def test_quotes(extract, body, expected):
    text = f"Title: Test\nDate: 2025-01-01\n\n{body}"
    ex = extract(text)
    got = [(q.text, q.speaker) for q in ex.quotes]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for (_, speaker), (_, want) in zip(got, expected, strict=True):
        if want is not None:
            assert speaker == want
    for q in ex.quotes:
        assert text[q.start : q.end] == q.text


def test_extract_texts_keeps_order_and_one_result_per_text(nlp, taxonomy):
    texts = [
        "",
        "Chinese Foreign Minister Wang Yi met French President Emmanuel Macron.",
        "\x00\x01",
        "x" * 10,
    ]
    out = list(extract_texts(texts, nlp=nlp, taxonomy=taxonomy, batch_size=2))
    assert len(out) == 4
    assert out[1].meetings and not out[0].meetings


def _people(nlp, text):
    doc = nlp(text)
    return coref.cluster(doc, names.find_names(doc))


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        ("US Secretary of Defense Mark Hale visited Kyiv.", "Mark Hale", "Secretary of Defense"),
        (
            # The office read backwards stops at another name ("... Mark Hale and Speaker of ...").
            "US Secretary of Defense Mark Hale and Speaker of the House of Representatives Ellen Ward "
            "visited Kyiv.",
            "Ellen Ward",
            "Speaker of the House of Representatives",
        ),
        (
            "Ukrainian Foreign Minister Oleh Marchenko met EU Commissioner for International Partnerships "
            "Lena Vogt in Brussels.",
            "Lena Vogt",
            "Commissioner for International Partnerships",
        ),
        (
            "He met AU Commissioner for Political Affairs, Peace and Security Kwame Mensah.",
            "Kwame Mensah",
            "Commissioner for Political Affairs, Peace and Security",
        ),
    ],
)
def test_names_after_a_portfolio(nlp, body, name, title):
    people = {p.name: p for p in _people(nlp, body).persons}
    assert name in people and people[name].title == title


def test_an_office_or_a_day_is_no_part_of_a_name(nlp):
    people = _people(
        nlp,
        "US Deputy Secretary of State Richard Hale Tuesday met top Pakistani leaders. U.K. Chancellor "
        "of the Exchequer Nigel Ford has told Brazil's Finance Minister Paulo Mendes that talks are over.",
    )
    assert {p.name for p in people.persons} == {"Richard Hale", "Nigel Ford", "Paulo Mendes"}


def test_a_states_formal_name_is_no_person(nlp):
    people = _people(
        nlp,
        "The president had a telephone conversation with President of the People's Republic of China "
        "Chen Hao during which the two leaders had an exchange of views.",
    )
    assert "People" not in {p.name for p in people.persons}
    assert _people(nlp, "The Prime Minister of the Portuguese Republic noted the resistance.").persons == ()
    chen = next(p for p in people.persons if p.name == "Chen Hao")
    assert chen.title == "President"


def test_a_new_dialogue_is_another_meeting(extract):
    ex = extract(
        "Title: T\nDate: 2022-03-11\n\nU.S. National Security Advisor Tom Reed met today with Foreign "
        "Secretary Helen Ashby of the United Kingdom. They welcomed the launch earlier this week of a "
        "new U.S.-U.K. dialogue on the Indo-Pacific."
    )
    got = [
        (m.date.iso if m.date else None, {p.name for p in m.participants}, m.countries) for m in ex.meetings
    ]
    assert got[0] == ("2022-03-11", {"Tom Reed", "Helen Ashby"}, ("GB", "US"))


def test_host_of_unknown_state_and_a_separate_meeting(extract):
    # Held in a state no other participant represents, the office holder whose state is unsaid is the
    # host; "a separate meeting" with the same visitor is another meeting.
    ex = extract(
        "Title: T\nDate: 1987-06-16\n\nMANILA, June 16 - U.S. Secretary of State George Hale forecast a "
        "golden future for the country. Speaking at a luncheon after an hour-long meeting in Manila with "
        "President Maria Santos, Hale endorsed the government. Defence Minister Ramon Cruz, briefing "
        "reporters after a separate meeting with Hale, said the rebels would be beaten."
    )
    got = [({p.name for p in m.participants}, m.countries) for m in ex.meetings]
    assert ({"George Hale", "Maria Santos"}, ("PH", "US")) in got
    assert any(names == {"George Hale", "Ramon Cruz"} for names, _ in got)


def test_round_of_calls_in_a_first_person_address(extract):
    # "I spoke with the leaders of states": the leaders the address names next are its calls, each
    # with the publisher's state; a leader named without a state takes the state just mentioned.
    # The leaders of churches are no such round.
    ex = extract(
        "Title: Address by the President\nDate: 2022-03-01\nURL: https://www.president.gov.ua/en/news/a-1\n\n"
        "Our people are brave and we will defend our land. During the day, I spoke with the leaders of "
        "states. Poland is our great friend. Discussed with President Marek Nowicki the supply of fuel. "
        "Received full support. I told a good friend of Ukraine, Jonas Petraitis, President of Lithuania, "
        "that we need air defence. And also the Prime Minister of Estonia. Today I spoke with the leaders "
        "of our churches. Metropolitan Andriy prays for us. We will win."
    )
    got = sorted(
        (m.date.iso if m.date else None, {p.name for p in m.participants}, m.countries) for m in ex.meetings
    )
    assert got == sorted(
        [
            ("2022-03-01", {"Marek Nowicki"}, ("PL", "UA")),
            ("2022-03-01", {"Jonas Petraitis"}, ("LT", "UA")),
            ("2022-03-01", set(), ("EE", "UA")),
        ]
    )


def test_a_transcript_of_two_speakers(extract):
    # "we" in a transcript's turns is its two speakers; "we met here" is where it was filed.
    ex = extract(
        "Title: Meeting with the President of Kazakhstan\nDate: 2022-05-16\nLocation: The Kremlin, Moscow\n"
        "URL: http://en.kremlin.ru/events/president/news/1\n\n"
        "Ivan Volkov met with President of Kazakhstan Nurlan Bekov.\n\n"
        "President of Russia Ivan Volkov: Mr President, I am glad to see you.\n\n"
        "President of Kazakhstan Nurlan Bekov: Thank you. Last time we met here on February 10."
    )
    got = [((m.date.iso if m.date else None), {p.name for p in m.participants}) for m in ex.meetings]
    assert ("2022-02-10", {"Ivan Volkov", "Nurlan Bekov"}) in got
    earlier = next(m for m in ex.meetings if m.date and m.date.iso == "2022-02-10")
    assert (earlier.location.city, earlier.location.country) == ("Moscow", "RU")
    assert len(ex.meetings) == 2


def test_topics_per_meeting(extract):
    ex = extract(
        "Title: T\nDate: 2025-01-01\n\nChinese Foreign Minister Wang Yi met French President "
        "Emmanuel Macron in Paris. They discussed tariffs and the war in Ukraine."
    )
    assert {"trade-investment", "ukraine-war"} <= set(ex.meetings[0].topics)
