"""Whatever the input, extraction returns one result per text; an internal error fails these tests
(``errors="raise"`` is the default), it is never turned into an empty result."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.nlp.extract import extract_texts
from meetings.nlp.header import parse_article
from meetings.nlp.quotes import find_quote_spans

QUOTEY = st.lists(
    st.sampled_from(list("ab \"“”„«»'’\n .,:") + ["Wang Yi", " met ", "said"]), max_size=120
).map("".join)
SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check(text, nlp, taxonomy):
    out = list(extract_texts([text], nlp=nlp, taxonomy=taxonomy))
    assert len(out) == 1
    for q in out[0].quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
    out[0].to_json()


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text(nlp, taxonomy, text):
    _check(text, nlp, taxonomy)


@SETTINGS
@given(st.binary(max_size=400))
def test_binary_junk(nlp, taxonomy, data):
    _check(data.decode("utf-8", errors="replace"), nlp, taxonomy)


@SETTINGS
@given(QUOTEY)
def test_odd_quotation_marks(nlp, taxonomy, text):
    _check(text, nlp, taxonomy)
    for s, e in find_quote_spans(text):
        assert 0 <= s < e <= len(text)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_header_parser_never_raises(text):
    meta = parse_article(text)
    assert 0 <= meta.body_start <= len(text)


def test_empty_and_huge(nlp, taxonomy):
    _check("", nlp, taxonomy)
    huge = "Chinese Foreign Minister Wang Yi met French President Emmanuel Macron. " * 9000
    out = list(extract_texts([huge], nlp=nlp, taxonomy=taxonomy))
    assert len(out) == 1
