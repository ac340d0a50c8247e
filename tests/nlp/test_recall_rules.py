"""Rules that find more of the people and meetings a story tells: people who join talks in a clause or
sentence of their own. Invented names throughout; through the real model."""

import pytest

PUBLISHED = "2025-06-12"  # a Thursday


def _article(body: str) -> str:
    return f"Title: Report\nDate: {PUBLISHED}\n\n{body}"


def _rules(meeting) -> set[str]:
    return {r.rule for r in meeting.rules}


def _with(ex, name):
    found = [m for m in ex.meetings if name in {p.name for p in m.participants}]
    assert found, [[p.name for p in m.participants] for m in ex.meetings]
    return found[0]


JOINED = [
    (
        "French President Claire Dumont, who chaired the online talks, was joined by German "
        "Chancellor Jonas Weber and Polish Prime Minister Adam Nowicki.",
        {"Claire Dumont", "Jonas Weber", "Adam Nowicki"},
        "party.joined_by",
    ),
    (
        "Japanese Prime Minister Kenji Sato held talks with French President Claire Dumont on Monday. They "
        "were joined by Ghanaian Foreign Minister Tarek Oyelaran.",
        {"Kenji Sato", "Claire Dumont", "Tarek Oyelaran"},
        "party.joined_by_next",
    ),
    (
        "Japanese Prime Minister Kenji Sato held a video call with French President Claire Dumont on "
        "Monday. Ghanaian President Tarek Oyelaran took part from Accra.",
        {"Kenji Sato", "Claire Dumont", "Tarek Oyelaran"},
        "party.took_part",
    ),
]


@pytest.mark.parametrize(("text", "names", "rule"), JOINED)
def test_people_who_join_talks(extract, text, names, rule):
    ex = extract(_article(text))
    m = _with(ex, sorted(names)[0])
    assert names <= {p.name for p in m.participants}
    assert rule in _rules(m)


def test_joining_the_government_is_no_part_in_talks(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato held talks with French President Claire Dumont on Monday. "
            "Finance Minister Tarek Oyelaran joined the government in May."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert "Tarek Oyelaran" not in {p.name for p in m.participants}


def test_who_of_a_relative_clause_is_the_noun_it_follows(extract):
    ex = extract(
        _article(
            "Ghanaian President Tarek Oyelaran, who hosted talks with Japanese Prime Minister Kenji Sato in "
            "Accra on Monday, praised the visit."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert "Tarek Oyelaran" in {p.name for p in m.participants}


def test_a_person_in_a_with_phrase_of_the_object_is_the_partner(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato discussed trade with French President Claire Dumont in a "
            "phone call on Monday."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert "Claire Dumont" in {p.name for p in m.participants}
    assert "party.with_on_object" in _rules(m)


def test_a_state_in_a_with_phrase_of_the_object_is_a_topic(extract):
    ex = extract(_article("Japanese Prime Minister Kenji Sato discussed cooperation with Ghana on Monday."))
    assert not ex.meetings


def test_played_host_to(extract):
    ex = extract(
        _article("French President Claire Dumont played host to Japanese Prime Minister Kenji Sato.")
    )
    m = _with(ex, "Kenji Sato")
    assert {"FR", "JP"} <= set(m.countries)
    assert "trigger.verb.play_host" in _rules(m)


def test_a_title_after_to_keeps_its_state(extract):
    ex = extract(
        _article(
            "French President Claire Dumont wrote to Japanese Prime Minister Kenji Sato. Dumont met Sato "
            "in Paris on Monday."
        )
    )
    m = _with(ex, "Kenji Sato")
    sato = next(p for p in m.participants if p.name == "Kenji Sato")
    assert (sato.country, sato.title) == ("JP", "Prime Minister")


@pytest.mark.parametrize(
    "verb", ["opened", "began", "ended", "resumed", "took place", "got under way", "were held"]
)
def test_a_meeting_noun_as_subject_takes_the_time_and_place_of_its_verb(extract, verb):
    ex = extract(_article(f"Talks between Japan and Ghana {verb} in Geneva on Monday."))
    m = ex.meetings[0]
    assert (m.date.iso, m.location.city) == ("2025-06-09", "Geneva")


@pytest.mark.parametrize(
    "text",
    [
        "A Ghanaian delegation led by Foreign Minister Tarek Oyelaran held talks with Japanese Prime "
        "Minister Kenji Sato in Tokyo on Monday.",
        "Japanese Prime Minister Kenji Sato received a delegation from Ghana headed by Foreign Minister "
        "Tarek Oyelaran.",
    ],
)
def test_the_leader_of_a_delegation_takes_part_for_its_state(extract, text):
    ex = extract(_article(text))
    m = _with(ex, "Tarek Oyelaran")
    leader = next(p for p in m.participants if p.name == "Tarek Oyelaran")
    assert leader.country == "GH"
    assert "party.led_by" in _rules(m)


def test_a_dinner_for_the_guest(extract):
    ex = extract(
        _article("French President Claire Dumont hosted a dinner for Japanese Prime Minister Kenji Sato.")
    )
    m = _with(ex, "Kenji Sato")
    assert {"FR", "JP"} <= set(m.countries)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "Earlier this month, Japanese Prime Minister Kenji Sato travelled to Paris. There he met French "
            "President Claire Dumont.",
            "2025-06",
        ),
        (
            "Ghana's president, Tarek Oyelaran, flew to Tokyo on Monday. President Oyelaran met Prime "
            "Minister Kenji Sato of Japan.",
            "2025-06-09",
        ),
    ],
)
def test_talks_on_a_trip_told_before_take_its_time(extract, text, date):
    ex = extract(_article(text))
    m = ex.meetings[0]
    assert m.date.iso == date
    assert "when.trip_before" in _rules(m)


def test_the_main_meeting_takes_the_time_of_the_lead(extract):
    text = (
        "Title: Ministers warn of slowdown\nDate: 2025-06-12\n\nPARIS —\n\nFinance ministers warned on "
        "Tuesday that growth was slowing across the region.\n\nFrench President Claire Dumont, who chaired "
        "the video call, was joined by German Chancellor Jonas Weber."
    )
    ex = extract(text)
    m = _with(ex, "Jonas Weber")
    assert m.date.iso == "2025-06-10"
    assert "when.lead_root" in _rules(m)


def test_the_end_of_a_trip_gives_no_time_to_its_talks(extract):
    ex = extract(
        _article(
            "Ghanaian Foreign Minister Tarek Oyelaran returned from a trip to Japan today. Oyelaran met "
            "Japanese Prime Minister Kenji Sato and Japanese officials."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert m.date is None


def test_the_other_side_counts_a_state_named_through_a_person():
    from meetings.nlp import affiliation

    aff = {0: affiliation.Affiliation("GR", None, "affil.office.adjective")}
    new = affiliation.complete([0, 1], {"US"}, set(), None, aff)
    assert (new[1].state, new[1].rule) == ("US", "affil.other_side")


def test_a_readout_s_own_official_is_of_its_government():
    from meetings.nlp import affiliation

    aff = {0: affiliation.Affiliation("IL", None, "affil.office.adjective")}
    new = affiliation.complete([0, 1], set(), set(), None, aff, publisher="US")
    assert (new[1].state, new[1].rule) == ("US", "affil.publisher_side")
    # the government already stands at the meeting ("we spoke with ..."): the stranger is not its own
    assert affiliation.complete([0, 1], {"US", "GB"}, set(), None, aff, publisher="US") == {}


@pytest.mark.parametrize(
    "text",
    [
        "Japanese Prime Minister Kenji Sato is expected to raise the issue when he meets Ghanaian President "
        "Tarek Oyelaran.",
        "Japanese Prime Minister Kenji Sato will sign the deal once he meets Ghanaian President Tarek "
        "Oyelaran.",
    ],
)
def test_a_present_tense_in_a_clause_of_time_is_planned(extract, text):
    ex = extract(_article(text))
    m = _with(ex, "Kenji Sato")
    assert m.status == "planned"
    assert "modality.present_in_time_clause" in _rules(m)


def test_a_past_tense_in_a_clause_of_time_is_held(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato raised the issue when he met Ghanaian President Tarek "
            "Oyelaran on Monday."
        )
    )
    assert _with(ex, "Kenji Sato").status == "held"


@pytest.mark.parametrize(
    "text",
    [
        "Japanese Prime Minister Kenji Sato arrives in Accra on Sunday for talks with Ghanaian President "
        "Tarek Oyelaran.",
        "Japanese Prime Minister Kenji Sato meets Ghanaian President Tarek Oyelaran on Sunday.",
    ],
)
def test_a_present_tense_with_a_day_is_the_timetable(extract, text):
    m = _with(extract(_article(text)), "Kenji Sato")
    assert (m.status, m.date.iso) == ("planned", "2025-06-15")
    assert "modality.present_with_date" in _rules(m)


def test_a_present_tense_today_is_held(extract):
    ex = extract(
        _article("Japanese Prime Minister Kenji Sato meets Ghanaian President Tarek Oyelaran today.")
    )
    assert _with(ex, "Kenji Sato").status == "held"


def test_the_people_of_the_clause_a_meeting_is_the_setting_of(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato told Ghanaian President Tarek Oyelaran during their meeting "
            "on Monday that aid would rise."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert "Tarek Oyelaran" in {p.name for p in m.participants}


def test_the_day_over_the_year_of_one_meeting(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato met Ghanaian President Tarek Oyelaran for the second time "
            "this year on Monday."
        )
    )
    assert _with(ex, "Kenji Sato").date.iso == "2025-06-09"


@pytest.mark.parametrize(
    ("gap", "date"), [("hours after", "2025-06"), ("shortly after", "2025-06"), ("weeks after", None)]
)
def test_talks_timed_by_an_event_told_before(extract, gap, date):
    ex = extract(
        _article(
            "The flooding earlier this month destroyed thousands of homes in the north. Japanese Prime "
            f"Minister Kenji Sato spoke by phone with Ghanaian President Tarek Oyelaran {gap} the flooding."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert (m.date.iso if m.date else None) == date


def _speaker(ex, start):
    return next(q.speaker for q in ex.quotes if q.text.startswith(start))


def test_a_quotation_without_a_cue_is_the_words_of_the_report_before_it(extract):
    ex = extract(
        _article(
            'Japanese Prime Minister Kenji Sato said: "We will not give in." Ghanaian President Tarek '
            'Oyelaran said the talks had been open. "We spoke for three hours about the debt."'
        )
    )
    assert _speaker(ex, "We will not") == "Kenji Sato"
    assert _speaker(ex, "We spoke") == "Tarek Oyelaran"


def test_he_goes_on_with_the_main_subject_of_the_sentence_before(extract):
    ex = extract(
        _article(
            "The analyst Ruth Adebayo said it appeared Minister Kofi Mensah was putting more weight on "
            'trade. But she said a deal could be hard. "It will take years," she said.'
        )
    )
    assert _speaker(ex, "It will take") == "Ruth Adebayo"
    ex = extract(
        _article(
            "The analyst Emeka Okafor said it appeared Minister Kofi Mensah was putting more weight on "
            'trade. But he said a deal could be hard. "It will take years," he said.'
        )
    )
    assert _speaker(ex, "It will take") == "Emeka Okafor"


def test_a_surname_is_the_person_before_a_hyphenated_firm():
    from meetings.nlp import coref
    from meetings.nlp.names import NameMention

    person = NameMention(0, 1, 0, 14, "Erik Thorvaldsen", ("erik", "thorvaldsen"), "names.model")
    firm = NameMention(8, 10, 50, 64, "Berg-Thorvaldsen", ("berg", "thorvaldsen"), "names.model")
    later = NameMention(20, 20, 90, 99, "Thorvaldsen", ("thorvaldsen",), "names.model")
    groups = coref._group((person, firm, later))
    assert [m.text for m in next(g for g in groups if g[0] is person)] == ["Erik Thorvaldsen", "Thorvaldsen"]


def test_he_goes_on_with_an_unnamed_speaker(extract):
    ex = extract(
        _article(
            "Finance Minister Kofi Mensah cancelled a trip to Japan, an official said. Asked whether Mensah "
            'would travel later, the official replied: "Not this month."\nHe called the trip "merely '
            'symbolic."'
        )
    )
    assert _speaker(ex, "merely") == "official"


def test_a_plural_side_noun_stands_for_the_body_it_was_told_with(extract):
    ex = extract(
        _article(
            "The plan was backed by EU trade ministers on Monday. Officials said the vote was close. "
            "Ministers later agreed to resume negotiations with Japan."
        )
    )
    m = next(m for m in ex.meetings if "JP" in m.countries)
    assert "party.noun_antecedent" in _rules(m)


def test_a_headline_word_after_a_portfolio_and_name_is_no_part_of_the_name(extract):
    text = (
        "Title: Special Envoy for the Lakes of Africa Mark Hale Travel to Kenya\nDate: 2025-06-12\n\n"
        "Special Envoy for the Lakes of Africa Mark Hale met Kenyan Foreign Minister Amina Otieno today."
    )
    ex = extract(text)
    names = {p.name for m in ex.meetings for p in m.participants}
    assert "Mark Hale" in names
    assert not any("Travel" in n or "Africa" in n for n in names)


def test_the_word_after_of_in_a_portfolio_is_no_first_name(extract):
    text = (
        "Title: Special Envoy for the Lakes of Africa Hale Travel to Kenya\nDate: 2025-06-12\n\n"
        "Special Envoy for the Lakes of Africa Mark Hale met Kenyan Foreign Minister Amina Otieno today."
    )
    names = {p.name for m in extract(text).meetings for p in m.participants}
    assert "Mark Hale" in names
    assert not any("Africa" in n or "Travel" in n for n in names)


def test_welcomed_to_a_place(extract):
    ex = extract(
        _article(
            "French President Claire Dumont welcomed Japanese Prime Minister Kenji Sato to Lyon on Monday."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert (m.location.city, m.location.country) == ("Lyon", "FR")


def test_a_where_clause_with_its_where_inside(extract):
    ex = extract(
        _article(
            "Ghanaian President Tarek Oyelaran spoke from Accra, where on Monday morning he had hosted "
            "Japanese Prime Minister Kenji Sato."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert m.location.city == "Accra"


def test_looks_forward_to_receiving_is_planned(extract):
    ex = extract(
        _article(
            "French President Claire Dumont looks forward to receiving Japanese Prime Minister Kenji Sato in "
            "Paris on June 28."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert (m.status, m.date.iso, m.location.city) == ("planned", "2025-06-28", "Paris")


def test_the_people_in_apposition_to_a_side_noun(extract):
    ex = extract(_article("The Ghanaian and Japanese leaders, Tarek Oyelaran and Kenji Sato, met on Monday."))
    m = _with(ex, "Kenji Sato")
    assert "Tarek Oyelaran" in {p.name for p in m.participants}
    assert {"GH", "JP"} <= set(m.countries)


@pytest.mark.parametrize(
    "measure", ["two hours of talks", "a new round of negotiations", "a series of meetings"]
)
def test_a_light_verb_holds_a_measure_of_talks(extract, measure):
    ex = extract(
        _article(
            f"Japanese Trade Minister Kenji Sato held {measure} with Ghanaian Trade Minister Tarek Oyelaran."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert "Tarek Oyelaran" in {p.name for p in m.participants}


def test_a_person_in_a_place_for_talks(extract):
    ex = extract(
        _article(
            "Japanese Trade Minister Kenji Sato, in Accra for talks with Ghanaian officials, said on Monday the "
            "dispute could be resolved."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert "GH" in m.countries
    assert "party.setting_person" in _rules(m)


def test_a_relative_clause_of_leading_a_state_gives_the_state(extract):
    ex = extract(
        _article(
            "Tarek Oyelaran, who has led Ghana since 2020, met Prime Minister Kenji Sato of Japan on Monday."
        )
    )
    m = _with(ex, "Tarek Oyelaran")
    assert next(p for p in m.participants if p.name == "Tarek Oyelaran").country == "GH"
    assert "affil.leads_state" in _rules(m)


@pytest.mark.parametrize(
    ("words", "state"),
    [
        ("Senior Adviser to the President of Latvia", "LV"),
        ("Adviser to the German Chancellor", "DE"),
        ("Special Envoy for Yemen", None),
    ],
)
def test_an_adviser_to_an_office_of_a_state_is_of_that_state(words, state):
    import spacy
    from spacy.tokens import Doc

    from meetings.nlp import titles

    doc = Doc(spacy.blank("en").vocab, words=words.split())
    _, got, _, _ = titles._read_prefix(list(doc))
    assert got == state


_READOUT = "Title: {title}\nDate: 2022-03-01\nURL: http://en.kremlin.ru/events/president/news/1\n\n{body}\n"


def test_a_readout_s_meeting_with_an_official_of_unknown_state_is_at_home(extract):
    text = _READOUT.format(
        title="Meeting with Governor of the Northern Region Pavel Orlov",
        body="Ivan Volkov had a meeting with Governor of the Northern Region Pavel Orlov. The Governor "
        "reported on the harvest.",
    )
    assert extract(text).meetings == ()


def test_a_readout_s_call_with_a_foreign_leader_is_a_meeting(extract):
    text = _READOUT.format(
        title="Telephone conversation with President of Ghana Tarek Oyelaran",
        body="Ivan Volkov had a telephone conversation with President of Ghana Tarek Oyelaran.",
    )
    m = _with(extract(text), "Tarek Oyelaran")
    assert set(m.countries) == {"GH", "RU"}


def test_a_participle_shares_the_tense_of_its_clause(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato will visit Ghana from June 20 to 23, meeting President Tarek "
            "Oyelaran."
        )
    )
    m = _with(ex, "Tarek Oyelaran")
    assert (m.status, m.date.iso) == ("planned", "2025-06")


@pytest.mark.parametrize(
    "text",
    [
        "During his visit to Ghana on June 3-5, Japanese Prime Minister Kenji Sato met President Tarek "
        "Oyelaran.",
        "Japanese Prime Minister Kenji Sato paid a visit to Ghana on June 3-5.",
    ],
)
def test_the_days_of_a_visit_date_its_talks_by_the_month(extract, text):
    m = extract(_article(text)).meetings[0]
    assert m.date.iso == "2025-06"


def test_the_days_of_a_summit_date_it_by_the_first(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato and Ghanaian President Tarek Oyelaran held a summit on June 3-5."
        )
    )
    assert _with(ex, "Kenji Sato").date.iso == "2025-06-03"


def test_at_the_weekend():
    from meetings.nlp.dates import resolve

    assert resolve("at the weekend", "2025-06-12").date.iso == "2025-06"
    assert resolve("at the weekend", "2025-06-02") is None  # 31 May and 1 June: no one month


def test_a_quotation_after_a_colon_cue_across_a_paragraph_break(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato met Ghanaian President Tarek Oyelaran in Accra on Monday. "
            '"We will keep talking," Sato said.\n\nA Ghanaian official, speaking on condition of anonymity, said:\n\n'
            '"Nothing was agreed."'
        )
    )
    assert _speaker(ex, "Nothing was") == "Ghanaian official"


def test_a_quotation_paragraph_after_a_sentence_about_a_person(extract):
    ex = extract(
        _article(
            'Japanese Prime Minister Kenji Sato met Ghanaian President Tarek Oyelaran. "We will keep talking," '
            'Sato said.\n\nOyelaran was more cautious.\n\n"There is a long way to go."'
        )
    )
    assert _speaker(ex, "There is") == "Tarek Oyelaran"


@pytest.mark.parametrize(
    "text",
    [
        "Japanese Prime Minister Kenji Sato and Ghanaian President Tarek Oyelaran are meeting on Friday.",
        "The summit between Japanese Prime Minister Kenji Sato and Ghanaian President Tarek Oyelaran takes "
        "place on Friday.",
    ],
)
def test_a_present_progressive_or_an_event_verb_with_a_day_is_planned(extract, text):
    m = _with(extract(_article(text)), "Kenji Sato")
    assert (m.status, m.date.iso) == ("planned", "2025-06-13")


def test_the_day_of_another_event_is_not_the_meeting_s(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato met Ghanaian President Tarek Oyelaran ahead of Friday's summit."
        )
    )
    assert _with(ex, "Kenji Sato").date is None


def test_the_two_are_the_two_people_named_before_in_the_sentence(extract):
    ex = extract(
        _article(
            "Japanese Prime Minister Kenji Sato has invited Ghanaian President Tarek Oyelaran to Tokyo, and "
            "the two will meet in July."
        )
    )
    m = _with(ex, "Kenji Sato")
    assert ("Tarek Oyelaran" in {p.name for p in m.participants}, m.status) == (True, "planned")
    assert "party.the_two_before" in _rules(m)
