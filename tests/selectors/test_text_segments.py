import pytest

from meetings.selectors import TextSegment, text_segments


def render(segments: list[TextSegment]) -> str:
    """Segments written back as text with [evidence] and {quote} marks, to read the cuts at a glance."""
    out = []
    for s in segments:
        text = s.text
        if s.quote:
            text = "{" + text + "}"
        if s.evidence:
            text = "[" + text + "]"
        out.append(text)
    return "".join(out)


@pytest.mark.parametrize(
    ("evidence", "quotes", "expected"),
    [
        ([], [], "abcdefghij"),
        ([[2, 5]], [], "ab[cde]fghij"),
        ([], [[0, 3]], "{abc}defghij"),
        ([[0, 10]], [], "[abcdefghij]"),
        ([[2, 5], [7, 9]], [], "ab[cde]fg[hi]j"),
        ([[2, 5], [4, 8]], [], "ab[cdefgh]ij"),  # overlapping evidence merges
        ([[2, 8]], [[4, 6]], "ab[cd][{ef}][gh]ij"),  # quote inside evidence
        ([[2, 6]], [[4, 9]], "ab[cd][{ef}]{ghi}j"),  # quote straddling the end of evidence
        ([[5, 2], [3, 3]], [], "abcdefghij"),  # empty and reversed spans dropped
        ([[-4, 2], [8, 99]], [], "[ab]cdefgh[ij]"),  # clamped to the text
        (["junk", None, [1], ["a", "b"], {"x": 1}], [], "abcdefghij"),  # malformed JSON dropped
    ],
)
def test_text_segments(evidence, quotes, expected):
    segments = text_segments("abcdefghij", evidence=evidence, quotes=quotes)

    assert render(segments) == expected
    assert "".join(s.text for s in segments) == "abcdefghij"


def test_empty_text_has_no_segments():
    assert text_segments("", evidence=[[0, 3]]) == []
