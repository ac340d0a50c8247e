"""The data files of meetings/nlp/lexicon load, and a broken one fails loudly."""

import pytest

from meetings.nlp import geo, lexicon


def test_every_data_file_loads():
    names = lexicon.check_all()
    assert "triggers.tsv" in names and "offices.tsv" in names and "speech_verbs.txt" in names


@pytest.fixture
def lexicon_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "LEXICON_DIR", tmp_path)
    for f in (lexicon.words, lexicon.rows, lexicon.office_kinds, lexicon.office_words):
        f.cache_clear()
    yield tmp_path
    for f in (lexicon.words, lexicon.rows, lexicon.office_kinds, lexicon.office_words):
        f.cache_clear()


def test_comments_and_blank_lines_are_skipped(lexicon_dir):
    (lexicon_dir / "w.txt").write_text("# a list\nmeet  # why\n\ntalk\n", encoding="utf-8")
    assert lexicon.words("w.txt") == {"meet", "talk"}


def test_a_repeated_word_is_an_error(lexicon_dir):
    (lexicon_dir / "w.txt").write_text("meet\nMeet\n", encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="repeats"):
        lexicon.words("w.txt")


def test_a_row_with_missing_columns_is_an_error(lexicon_dir):
    (lexicon_dir / "triggers.tsv").write_text("# columns: word\tpos\tkind\tneeds\nmeet\tVERB\tmeet\n")
    with pytest.raises(lexicon.LexiconError, match="expected 4 columns"):
        lexicon.rows("triggers.tsv")


def test_an_unknown_value_is_an_error(lexicon_dir):
    (lexicon_dir / "triggers.tsv").write_text("# columns: word\tpos\tkind\tneeds\nmeet\tVERB\tgreet\tparty\n")
    with pytest.raises(lexicon.LexiconError, match="kind 'greet'"):
        lexicon.rows("triggers.tsv")


def test_office_kinds():
    assert "leader" in lexicon.office_kinds()["president"]
    assert "mr" in lexicon.office_words("honorific")
    assert "foreign" in lexicon.office_words("modifier")


@pytest.mark.parametrize(
    ("text", "code"),
    [("Britain", "GB"), ("the United States", "US"), ("U.S.", "US"), ("Türkiye", "TR"), ("France", "FR")],
)
def test_state_names(text, code):
    assert geo.state_of_name(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("Indian", "IN"), ("American", "US"), ("Chinese", "CN"), ("South Korean", "KR"), ("Emirati", "AE")],
)
def test_adjectives_of_states_not_of_territories(text, code):
    assert geo.state_of_adjective(text) == code


def test_capitals_stand_for_states_only_when_asked():
    assert geo.state_of_name("Beijing") is None
    assert geo.state_of_name("Beijing", metonyms=True) == "CN"


def test_acronyms_of_bodies_count_in_capitals_only():
    assert geo.organization_of("WHO") == "WHO"
    assert geo.organization_of("who") is None
    assert geo.organization_of("the European Commission") == "European Union"
    assert geo.organization_of("European", adjective=False) is None


def test_landmarks_and_cities():
    assert geo.landmark("Camp David") == (None, "US")
    assert geo.city_lookup("the White House") == ("Washington", "US")
    assert geo.city_lookup("Kiev") == ("Kyiv", "UA")
    assert geo.capital_of("KZ") == "Astana"
