"""An internal error of the extractor is a failure, never an empty result (issue: no silent failure)."""

import logging

import pytest

from meetings.nlp import extract as extract_module
from meetings.nlp import frames
from meetings.nlp.extract import extract_texts

TEXT = "Title: T\nDate: 2025-06-12\n\nChinese Foreign Minister Li Wenhua met French President Claire Dumont."


@pytest.fixture
def broken_frames(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("a bug in a stage")

    monkeypatch.setattr(frames, "build", boom)


def test_a_bug_in_a_stage_raises_by_default(nlp, taxonomy, broken_frames):
    with pytest.raises(RuntimeError, match="a bug in a stage"):
        list(extract_texts([TEXT], nlp=nlp, taxonomy=taxonomy))


def test_recorded_errors_are_logged_with_the_article_and_kept_on_the_result(
    nlp, taxonomy, broken_frames, caplog
):
    with caplog.at_level(logging.ERROR, logger=extract_module.__name__):
        out = list(extract_texts([TEXT, TEXT], nlp=nlp, taxonomy=taxonomy, errors="record"))
    assert [ex.error for ex in out] == ["RuntimeError: a bug in a stage"] * 2
    assert all(ex.meetings == () for ex in out)
    assert "extraction failed on text 0 (T)" in caplog.text


def test_an_unknown_error_mode_is_refused(nlp, taxonomy):
    with pytest.raises(ValueError, match="errors must be"):
        list(extract_texts([TEXT], nlp=nlp, taxonomy=taxonomy, errors="ignore"))


def test_a_text_that_is_not_text_is_a_type_error(nlp, taxonomy):
    with pytest.raises(TypeError, match="an article is text"):
        list(extract_texts([b"bytes"], nlp=nlp, taxonomy=taxonomy))
