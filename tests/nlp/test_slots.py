"""Rule tests on hand-built Docs: each slot function of the extractor, without the statistical model.

Every Doc is written out word by word with its heads (absolute indices), dependency labels, parts of
speech, lemmas and entity tags, the way spaCy's own tests build them, so that a rule is tested on
exactly the parse it is written for.
"""

import pytest
import spacy
from spacy.tokens import Doc

from meetings.nlp import affiliation, coref, modality, names, syntax, triggers
from meetings.nlp.article import Article
from meetings.nlp.dates import PartialDate
from meetings.nlp.frames import Context, build
from meetings.nlp.merge import EventKey, same_event
from meetings.nlp.setting import when_of, where_of
from meetings.nlp.types import ArticleMeta

VOCAB = spacy.blank("en").vocab


def make(words, heads, deps, pos, lemmas=None, ents=None):
    """A parsed Doc; ``ents`` are IOB tags ("B-PERSON", "I-PERSON", "O")."""
    return Doc(
        VOCAB,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas or [w.lower() for w in words],
        ents=ents or ["O"] * len(words),
    )


def context(doc, published="2025-06-12"):
    article = Article(doc, ArticleMeta(published=published), (), None, doc.text)
    people = coref.cluster(doc, names.find_names(doc))
    return Context(article, people, affiliation.resolve(article, people))


# "Li Wen met Ana Ruiz in Nairobi on Tuesday ."
MET = make(
    ["Li", "Wen", "met", "Ana", "Ruiz", "in", "Nairobi", "on", "Tuesday", "."],
    [1, 2, 2, 4, 2, 2, 5, 2, 7, 2],
    ["compound", "nsubj", "ROOT", "compound", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
    ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"],
    ["Li", "Wen", "meet", "Ana", "Ruiz", "in", "Nairobi", "on", "Tuesday", "."],
    ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "B-GPE", "O", "B-DATE", "O"],
)

# "Li Wen held talks with Ana Ruiz ."
HELD_TALKS = make(
    ["Li", "Wen", "held", "talks", "with", "Ana", "Ruiz", "."],
    [1, 2, 2, 2, 3, 6, 4, 2],
    ["compound", "nsubj", "ROOT", "dobj", "prep", "compound", "pobj", "punct"],
    ["PROPN", "PROPN", "VERB", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT"],
    ["Li", "Wen", "hold", "talk", "with", "Ana", "Ruiz", "."],
    ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "I-PERSON", "O"],
)


def test_a_verb_trigger_has_subject_and_object_as_parties():
    ctx = context(MET)
    (trig,) = triggers.find(MET)
    (frame,) = build(trig, ctx)
    assert [ctx.people.get(p).name for p in frame.persons] == ["Li Wen", "Ana Ruiz"]
    assert {p.rule for p in frame.parties} == {"party.name"}


def test_the_date_and_place_attached_to_the_trigger():
    ctx = context(MET)
    tok = MET[2]
    when = when_of(tok, tok.sent, ctx.article)
    assert (when.text, when.rule, when.own) == ("on Tuesday", "when.own", True)
    where = where_of(tok, ctx.article)
    assert (where.city, where.state, where.rule) == ("Nairobi", "KE", "where.city")


def test_a_light_verb_holds_a_meeting_noun():
    talks = HELD_TALKS[3]
    assert syntax.light_verb(talks).text == "held"
    ctx = context(HELD_TALKS)
    (trig,) = triggers.find(HELD_TALKS)
    (frame,) = build(trig, ctx)
    roles = {ctx.people.get(p.person).name: p.role for p in frame.parties}
    assert roles == {"Li Wen": "agent", "Ana Ruiz": "partner"}


def test_a_place_inside_another_nouns_phrase_is_no_place_of_the_meeting():
    # "Li Wen met Ana Ruiz to discuss the war in Gaza ."
    doc = make(
        ["Li", "Wen", "met", "Ana", "Ruiz", "to", "discuss", "the", "war", "in", "Gaza", "."],
        [1, 2, 2, 4, 2, 6, 2, 8, 6, 8, 9, 2],
        [
            "compound",
            "nsubj",
            "ROOT",
            "compound",
            "dobj",
            "aux",
            "advcl",
            "det",
            "dobj",
            "prep",
            "pobj",
            "punct",
        ],
        ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PART", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
        ["Li", "Wen", "meet", "Ana", "Ruiz", "to", "discuss", "the", "war", "in", "Gaza", "."],
        ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-GPE", "O"],
    )
    assert where_of(doc[2], context(doc).article) is None


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "lemmas", "status"),
    [
        # "They will meet ."
        (
            ["They", "will", "meet", "."],
            [2, 2, 2, 2],
            ["nsubj", "aux", "ROOT", "punct"],
            ["PRON", "AUX", "VERB", "PUNCT"],
            ["they", "will", "meet", "."],
            "planned",
        ),
        # "They plan to meet ."
        (
            ["They", "plan", "to", "meet", "."],
            [1, 1, 3, 1, 1],
            ["nsubj", "ROOT", "aux", "xcomp", "punct"],
            ["PRON", "VERB", "PART", "VERB", "PUNCT"],
            ["they", "plan", "to", "meet", "."],
            "planned",
        ),
        # "They called for talks ."
        (
            ["They", "called", "for", "talks", "."],
            [1, 1, 1, 2, 1],
            ["nsubj", "ROOT", "prep", "pobj", "punct"],
            ["PRON", "VERB", "ADP", "NOUN", "PUNCT"],
            ["they", "call", "for", "talk", "."],
            "urged",
        ),
        # "They did not meet ."
        (
            ["They", "did", "not", "meet", "."],
            [3, 3, 3, 3, 3],
            ["nsubj", "aux", "neg", "ROOT", "punct"],
            ["PRON", "AUX", "PART", "VERB", "PUNCT"],
            ["they", "do", "not", "meet", "."],
            "negated",
        ),
        # "They hope to meet ."
        (
            ["They", "hope", "to", "meet", "."],
            [1, 1, 3, 1, 1],
            ["nsubj", "ROOT", "aux", "xcomp", "punct"],
            ["PRON", "VERB", "PART", "VERB", "PUNCT"],
            ["they", "hope", "to", "meet", "."],
            "proposed",
        ),
        # "They met during the talks ." -- an adverbial says nothing about the talks
        (
            ["They", "agreed", "during", "the", "talks", "."],
            [1, 1, 1, 4, 2, 1],
            ["nsubj", "ROOT", "prep", "det", "pobj", "punct"],
            ["PRON", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
            ["they", "agree", "during", "the", "talk", "."],
            "held",
        ),
    ],
)
def test_modality_climbs_complements_only(words, heads, deps, pos, lemmas, status):
    doc = make(words, heads, deps, pos, lemmas)
    trig = next(t for t in doc if t.lemma_ in ("meet", "talk"))
    assert modality.of_trigger(trig).status == status


def test_a_negative_object_makes_no_trigger():
    # "The plan met the demand ."
    doc = make(
        ["The", "plan", "met", "the", "demand", "."],
        [1, 2, 2, 4, 2, 2],
        ["det", "nsubj", "ROOT", "det", "dobj", "punct"],
        ["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
        ["the", "plan", "meet", "the", "demand", "."],
    )
    assert triggers.find(doc) == []
    assert triggers.negative(doc[2], triggers.specs()[0]) == "negative.meet_demand"


def test_a_reference_clause_is_told_in_passing():
    # "since he visited Paris"
    doc = make(
        ["since", "he", "visited", "Paris"],
        [2, 2, 2, 2],
        ["mark", "nsubj", "ROOT", "dobj"],
        ["SCONJ", "PRON", "VERB", "PROPN"],
        ["since", "he", "visit", "Paris"],
    )
    assert syntax.reference_clause(doc[2])


def test_conjuncts_and_entities_are_read_from_the_parse():
    # "Iraq , Jordan and Egypt"
    doc = make(
        ["Iraq", ",", "Jordan", "and", "Egypt"],
        [0, 0, 0, 2, 2],
        ["ROOT", "punct", "conj", "cc", "conj"],
        ["PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN"],
        ents=["B-GPE", "O", "B-GPE", "O", "B-GPE"],
    )
    assert [t.text for t in syntax.conjuncts(doc[0])] == ["Iraq", "Jordan", "Egypt"]
    assert syntax.entity_of(doc[2]).text == "Jordan"


def test_a_shorter_form_of_a_name_is_the_same_person():
    # "Ana Ruiz spoke . Ruiz left ."
    doc = make(
        ["Ana", "Ruiz", "spoke", ".", "Ruiz", "left", "."],
        [1, 2, 2, 2, 5, 5, 5],
        ["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"],
        ["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O"],
    )
    people = coref.cluster(doc, names.find_names(doc))
    assert [(p.name, p.aliases) for p in people.persons] == [("Ana Ruiz", ("Ruiz",))]


def test_the_host_is_the_one_participant_of_unknown_state():
    aff = {1: affiliation.Affiliation("US", None, "affil.office.adjective")}
    new = affiliation.complete([0, 1], {"US"}, set(), "PH", aff)
    assert new == {0: affiliation.Affiliation("PH", None, "affil.host_at_place")}
    assert affiliation.complete([0, 1], {"US"}, set(), "US", aff) == {}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (EventKey(people=frozenset("ab")), EventKey(people=frozenset("a")), "same.people_contained"),
        (EventKey(people=frozenset("ab")), EventKey(people=frozenset("ac")), None),  # a tour's two stops
        (
            EventKey(people=frozenset("ab"), status="held"),
            EventKey(people=frozenset("ab"), status="planned"),
            None,
        ),
        (
            EventKey(people=frozenset("ab"), date=PartialDate(2025, 6, 3)),
            EventKey(people=frozenset("ab"), date=PartialDate(2025, 6)),
            "same.people_contained",
        ),
        (
            EventKey(people=frozenset("ab"), date=PartialDate(2025, 6, 3)),
            EventKey(people=frozenset("ab"), date=PartialDate(2025, 6, 4)),
            None,
        ),
        (
            EventKey(people=frozenset("ab"), is_call=True),
            EventKey(people=frozenset("ab"), is_call=False),
            None,
        ),
        (EventKey(people=frozenset("ab"), city="Paris"), EventKey(people=frozenset("ab"), city="Rome"), None),
        (EventKey(states=frozenset({"US", "CN"})), EventKey(states=frozenset({"US", "CN"})), "same.states"),
    ],
)
def test_same_event(a, b, same):
    assert same_event(a, b) == same
    assert same_event(b, a) == same


def test_a_report_by_states_first_may_name_the_unaffiliated_later():
    # "Leaders of A, B and C agreed ... X (state unsaid) hosted Y and Z": one meeting; the other way
    # round, a report by states after one by names is a meeting of its own.
    states = EventKey(states=frozenset({"US", "CN", "FR"}))
    named = EventKey(people=frozenset("ab"), states=frozenset({"US", "CN"}), unaffiliated=1)
    assert same_event(states, named) == "same.states_of_named"
    assert same_event(named, states) is None


def test_same_event_across_articles_allows_a_day():
    a = EventKey(people=frozenset("ab"), date=PartialDate(2025, 6, 3))
    b = EventKey(people=frozenset("ab"), date=PartialDate(2025, 6, 4))
    assert same_event(a, b) is None and same_event(a, b, day_tolerance=1) == "same.people_contained"
