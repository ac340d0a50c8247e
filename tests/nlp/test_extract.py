"""End-to-end extraction: text in, meetings, people and quotes out (the real model, loaded once)."""

from pathlib import Path

import pytest

from meetings.nlp.extract import extract_texts

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_7f5b43aafe90f08e.txt"


def people(ex):
    return {p.name: p for m in ex.meetings for p in m.participants}


def test_seed_article(extract):
    ex = extract(SEED.read_text(encoding="utf-8"))
    assert ex.article.published == "2025-10-16"
    assert len(ex.meetings) == 1
    m = ex.meetings[0]
    assert (m.status, m.date) == ("held", "2025-10-15")
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
        "Turkish Foreign Minister Hakan Fidan spoke by telephone with his Russian counterpart Sergey Lavrov "
        "yesterday.",
        "2026-01-15",
        [("held", "2026-01-14", {"Hakan Fidan", "Sergey Lavrov"}, ("RU", "TR"))],
    ),
    (
        "Japanese Prime Minister Fumio Kishida will visit Washington next month to meet U.S. President Joe Biden.",
        "2024-03-10",
        [("planned", "2024-04", {"Fumio Kishida", "Joe Biden"}, ("JP", "US"))],
    ),
    (
        "German Chancellor Olaf Scholz held talks with Polish Prime Minister Donald Tusk. Scholz and Tusk also "
        "discussed migration. The meeting between Scholz and Tusk lasted two hours.",
        "2024-02-12",
        [("held", None, {"Olaf Scholz", "Donald Tusk"}, ("DE", "PL"))],
    ),
    (
        "EU foreign policy chief Kaja Kallas met Indian External Affairs Minister Subrahmanyam Jaishankar "
        "in Brussels on Tuesday. Kallas will visit New Delhi in May to meet Indian Prime Minister Narendra Modi.",
        "2025-03-13",
        [
            ("held", "2025-03-11", {"Kaja Kallas", "Subrahmanyam Jaishankar"}, ("IN",)),
            ("planned", "2025-05", {"Kaja Kallas", "Narendra Modi"}, ("IN",)),
        ],
    ),
    (
        "Chinese Foreign Minister Wang Yi arrived in Addis Ababa on Tuesday. There, on Wednesday, he held talks "
        "with Ethiopian Prime Minister Abiy Ahmed and, separately, with African Union Commission Chairperson "
        "Mahmoud Ali Youssouf.",
        "2026-01-09",
        [
            ("held", "2026-01-07", {"Wang Yi", "Abiy Ahmed"}, ("CN", "ET")),
            ("held", "2026-01-07", {"Wang Yi", "Mahmoud Ali Youssouf"}, ("CN",)),
        ],
    ),
    (
        "President Biden welcomed the recent trilateral summit in Baghdad between Iraq, Jordan, and Egypt.",
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
        [("planned", "2026-04", {"Lena Vogt", "Daniel Mwangi"}, ("KE",))],
    ),
    (
        # A reported future ("would discuss") is planned, apart from the meeting held; the states that
        # act "during a meeting" are its parties.
        "Officials said India and Russia signed a memorandum on Tuesday during a meeting between Indian "
        "petroleum minister Mani Shankar Aiyar and Gazprom chairman Aleksey Miller. Agencies reported that "
        "Mr Aiyar and Russian energy minister Viktor Khristenko would discuss oil supplies at a meeting on "
        "Thursday.",
        "2005-01-19",
        [
            ("held", "2005-01-18", {"Mani Shankar Aiyar", "Aleksey Miller"}, ("IN", "RU")),
            ("planned", "2005-01-20", {"Viktor Khristenko"}, ("IN", "RU")),
        ],
    ),
    (
        # "met face to face": "face" is misparsed as the object of "met".
        "Russian and Ukrainian delegations last met face to face in Istanbul in July 2025.",
        "2026-01-15",
        [("held", "2025-07", set(), ("RU", "UA"))],
    ),
    (
        # An expert of a foundation represents no state: a meeting with him is no diplomatic meeting.
        "Ukrainian presidential aide Andriy Yermak had a meeting with Damon Wilson, an American expert on "
        "foreign policy and President of the National Endowment for Democracy, in Kyiv.",
        "2022-05-05",
        [],
    ),
    (
        # Talks named for two sides have them as parties; one state names the subject ("Ukraine talks").
        "US-China trade talks were held in Geneva on Monday. Turkish Foreign Minister Hakan Fidan and "
        "Russian Foreign Minister Sergey Lavrov discussed reviving Ukraine talks by phone on Tuesday.",
        "2022-03-11",
        [
            ("held", "2022-03-07", set(), ("CN", "US")),
            ("held", "2022-03-08", {"Hakan Fidan", "Sergey Lavrov"}, ("RU", "TR")),
        ],
    ),
    (
        # Two visit nouns, each with its own visitors: two visits.
        "Ukrainian presidential aide Andriy Yermak noted the successful visit to Ukraine of US Secretary of "
        "State Antony Blinken and US Secretary of Defense Lloyd Austin, as well as the visit of US House "
        "Speaker Nancy Pelosi.",
        "2022-05-05",
        [
            ("held", None, {"Antony Blinken", "Lloyd Austin"}, ("UA", "US")),
            ("held", None, {"Nancy Pelosi"}, ("UA", "US")),
        ],
    ),
    (
        # Talks named for two other sides are not the speaker's, and without a day or place they are a
        # process, not a meeting.
        "U.S. Deputy Secretary of State Wendy Sherman spoke today with Greek Foreign Minister Nikos Dendias. "
        "Deputy Secretary Sherman also raised EU-UK negotiations on the Northern Ireland Protocol.",
        "2022-02-14",
        [("held", "2022-02-14", {"Wendy Sherman", "Nikos Dendias"}, ("GR",))],
    ),
    (
        # An official going abroad for talks meets a side the sentence leaves unnamed; the place's
        # state is not taken for it. Travel at home, or with no talks in view, is no meeting.
        "Indian Commerce Minister Piyush Goyal is due to travel to Brussels next month for the final round "
        "of negotiations. Indian Finance Minister Nirmala Sitharaman will travel to Mumbai for talks. "
        "Indian Home Minister Amit Shah will travel to Paris for a holiday.",
        "2025-11-05",
        [("planned", "2025-12", {"Piyush Goyal"}, ("IN",))],
    ),
    (
        # A trip over several days is dated by its month, but does not swallow the meetings of its stops.
        "U.S. Deputy Secretary of State Wendy Sherman will travel to Spain and Egypt from March 4 to 11. "
        "Deputy Secretary Sherman will travel to Cairo from March 10 to 11, where she will meet with "
        "Egyptian Foreign Minister Sameh Shoukry.",
        "2022-03-03",
        [
            ("planned", "2022-03", {"Wendy Sherman"}, ("EG", "ES", "US")),
            ("planned", "2022-03", {"Wendy Sherman", "Sameh Shoukry"}, ("EG", "US")),
        ],
    ),
    (
        # A proposal announces no meeting.
        "Azerbaijani President Ilham Aliyev and Turkish President Recep Tayyip Erdogan offered to organize "
        "talks with Russia. South Korea proposed a meeting of prime ministers with North Korea. The letter "
        "said if the proposed meeting took place it would open the way for summit talks between South "
        "Korean President Chun Doo Hwan and North Korean leader Kim Il-sung. The amendment calls on U.S. "
        "Secretary of State George Shultz to enter into talks with Japan on defence spending.",
        "2022-02-26",
        [],
    ),
    ("President Emmanuel Macron gave a speech on the economy in Marseille on Friday.", "2025-03-15", []),
    (
        "French Interior Minister Bruno Retailleau met French police chiefs in Paris on Friday.",
        "2025-03-15",
        [],
    ),
]


PLACES = [
    (
        "EU and India officials held talks in the Indian capital on Monday. EU Trade Commissioner Maros Sefcovic "
        "met Indian Commerce Minister Piyush Goyal on Monday.",
        ("New Delhi", "IN"),
    ),
    (
        "Tony Blair has met Italian Prime Minister Silvio Berlusconi and German Chancellor Gerhard Schroeder. "
        "The Downing Street talks covered Turkey.",
        ("London", "GB"),
    ),
    (
        "Turkish Foreign Minister Hakan Fidan spoke by phone with Russian Foreign Minister Sergey Lavrov in Ankara.",
        None,
    ),
    (
        "Japanese Prime Minister Fumio Kishida met Chinese Premier Li Qiang at the Great Hall of the People.",
        ("Beijing", "CN"),
    ),
    (
        # The lead's trip places the meetings told after it.
        "U.S. Special Envoy for Yemen Tim Lenderking returned from travel to Saudi Arabia today. Lenderking "
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
    got = [(m.status, m.date, {p.name for p in m.participants}, m.countries) for m in ex.meetings]
    for status, date, names, countries in expected:
        match = [g for g in got if names <= g[2]]
        assert match, f"no meeting with {names} in {got}"
        assert match[0][0] == status and match[0][1] == date and set(countries) <= set(match[0][3])
    assert len(got) == len(expected)


QUOTES = [
    # text, expected [(quote text, speaker)]
    (
        'Wang emphasized Beijing\'s readiness to "strengthen high-level exchanges" with Paris.',
        [("strengthen high-level exchanges", None)],
    ),
    (
        'German Chancellor Olaf Scholz spoke. "We are ready," Scholz said, "to talk to everyone."',
        [("We are ready,", "Olaf Scholz"), ("to talk to everyone.", "Olaf Scholz")],
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
        'According to Indian Trade Minister Piyush Goyal, "there will be no deal without farmers."',
        [("there will be no deal without farmers.", "Piyush Goyal")],
    ),
    ('She said "this is an unbalanced quote and it never ends\n\nNext paragraph has no marks.', []),
    (
        'President Volodymyr Zelenskyy met reporters. "There is no signal from us that NATO is not our goal," the '
        "President said.",
        [("There is no signal from us that NATO is not our goal,", "Volodymyr Zelenskyy")],
    ),
    (
        'ONGC chairman Subir Raha spoke. "Our cash flow is good," he told Reuters. "We have the money. "The '
        'investment may go up to $20bn."',
        [
            ("Our cash flow is good,", "Subir Raha"),
            ("We have the money.", "Subir Raha"),
            ("The investment may go up to $20bn.", "Subir Raha"),
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


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        ("US Secretary of Defense Lloyd Austin visited Kyiv.", "Lloyd Austin", "Secretary of Defense"),
        (
            # The office read backwards stops at another name ("... Lloyd Austin and Speaker of ...").
            "US Secretary of Defense Lloyd Austin and Speaker of the House of Representatives Nancy Pelosi "
            "visited Kyiv.",
            "Nancy Pelosi",
            "Speaker of House of Representatives",
        ),
        (
            "Ukrainian Foreign Minister Dmytro Kuleba met EU Commissioner for International Partnerships "
            "Lena Vogt in Brussels.",
            "Lena Vogt",
            "Commissioner for International Partnerships",
        ),
        (
            "He met AU High Representative for the Horn of Africa Olusegun Obasanjo and AU Commissioner "
            "for Political Affairs, Peace and Security Bankole Adeoye.",
            "Olusegun Obasanjo",
            "High Representative for Horn of Africa",
        ),
        (
            "He met AU High Representative for the Horn of Africa Olusegun Obasanjo and AU Commissioner "
            "for Political Affairs, Peace and Security Bankole Adeoye.",
            "Bankole Adeoye",
            "Commissioner for Political Affairs, Peace and Security",
        ),
    ],
)
def test_names_after_a_portfolio(nlp, body, name, title):
    from meetings.nlp.people import People

    people = {p.name: p for p in People(nlp(body)).persons}
    assert name in people and people[name].title == title


def test_an_office_or_a_day_is_no_part_of_a_name(nlp):
    from meetings.nlp.people import People

    doc = nlp(
        "US Deputy Secretary of State Richard Armitage Tuesday met top Pakistani leaders. U.K. Chancellor "
        "of the Exchequer Nigel Lawson has told Brazil's Finance Minister Dilson Funaro that talks are over."
    )
    names = {p.name for p in People(doc).persons}
    assert names == {"Richard Armitage", "Nigel Lawson", "Dilson Funaro"}


def test_a_states_formal_name_is_no_person(nlp):
    from meetings.nlp.people import People

    doc = nlp(
        "Vladimir Putin had a telephone conversation with President of the People's Republic of China "
        "Xi Jinping during which the two leaders had an exchange of views."
    )
    people = {p.name: p for p in People(doc).persons}
    assert "People" not in people
    doc = nlp("The Prime Minister of the Portuguese Republic noted the resistance of Ukrainians.")
    assert People(doc).persons == []
    assert (people["Xi Jinping"].title, people["Xi Jinping"].country) == ("President", "CN")


def test_a_new_dialogue_is_another_meeting(extract):
    # "a new U.S.-U.K. dialogue" is talks, and another meeting than the one just reported.
    ex = extract(
        "Title: T\nDate: 2022-03-11\n\nU.S. National Security Advisor Jake Sullivan met today with Foreign "
        "Secretary Elizabeth Truss of the United Kingdom. They welcomed the launch earlier this week of a "
        "new U.S.-U.K. dialogue on the Indo-Pacific."
    )
    got = [(m.date, {p.name for p in m.participants}, m.countries) for m in ex.meetings]
    assert got == [
        ("2022-03-11", {"Jake Sullivan", "Elizabeth Truss"}, ("GB", "US")),
        ("2022-03", set(), ("GB", "US")),
    ]


def test_round_of_calls_in_a_first_person_address(extract):
    # "I spoke with the leaders of states": the leaders the address names next are its calls, each
    # with the publisher's state; a leader named without his state takes the state just mentioned.
    # The leaders of churches are no such round, and an address that moves on ends it.
    ex = extract(
        "Title: Address by the President\nDate: 2022-03-01\nURL: https://www.president.gov.ua/en/news/a-1\n\n"
        "Our people are brave and we will defend our land. During the day, I spoke with the leaders of "
        "states. Poland is our great friend. Discussed with President Duda the supply of fuel. Received "
        "full support. I told a good friend of Ukraine, Gitanas Nauseda, President of Lithuania, that we "
        "need air defence. And also the Prime Minister of Estonia. Today I spoke with the leaders of our "
        "churches. Metropolitan Epiphanius and President Biden pray for us. We will win."
    )
    got = [(m.status, m.date, {p.name for p in m.participants}, m.countries) for m in ex.meetings]
    assert got == [
        ("held", "2022-03-01", {"Duda"}, ("PL", "UA")),
        ("held", "2022-03-01", {"Gitanas Nauseda"}, ("LT", "UA")),
        ("held", "2022-03-01", set(), ("EE", "UA")),
    ]


def test_host_of_unknown_state_and_a_separate_meeting(extract):
    # Filed from Manila, the office holder whose state is unsaid is the host; "a separate meeting"
    # with the same visitor is another meeting.
    ex = extract(
        "Title: T\nDate: 1987-06-16\n\nMANILA, June 16 - U.S. Secretary of State George Shultz forecast a "
        "golden future for the country. Speaking at a luncheon after an hour-long meeting with President "
        "Corazon Aquino, Shultz endorsed the government. Defence Minister Rafael Ileto, briefing reporters "
        "after a separate meeting with Shultz, said the communists would be beaten."
    )
    got = [({p.name for p in m.participants}, m.countries) for m in ex.meetings]
    assert got == [
        ({"George Shultz", "Corazon Aquino"}, ("PH", "US")),
        ({"George Shultz", "Rafael Ileto"}, ("PH", "US")),
    ]


def test_one_meeting_per_listed_side(extract):
    # The UN is named only by a modifier of "Special Envoy's Office".
    ex = extract(
        "Title: T\nDate: 2021-07-30\n\nU.S. Special Envoy for Yemen Tim Lenderking returned from Saudi "
        "Arabia today. Lenderking met with senior officials from the Republic of Yemen and Saudi governments, "
        "the Gulf Cooperation Council, and the UN Special Envoy’s Office."
    )
    assert sorted(m.countries for m in ex.meetings) == [("SA", "US"), ("US",), ("US",), ("US", "YE")]
    assert all({p.name for p in m.participants} == {"Tim Lenderking"} for m in ex.meetings)


def test_topics_per_meeting(extract):
    ex = extract(
        "Title: T\nDate: 2025-01-01\n\nChinese Foreign Minister Wang Yi met French President "
        "Emmanuel Macron in Paris. They discussed tariffs and the war in Ukraine."
    )
    assert {"trade-investment", "ukraine-war"} <= set(ex.meetings[0].topics)
