"""Where a word stands in the parse: the light verb that holds a meeting noun, the verb a noun is the
setting of, a verb's subjects, a head's prepositional objects, a noun phrase and its conjuncts.
Small helpers over spaCy tokens that every slot function of ``parties`` and ``setting`` shares."""

from __future__ import annotations

from spacy.tokens import Span, Token

from . import lexicon

SUBJECT_DEPS = ("nsubj", "nsubjpass")
_SETTING_PREPS = {"during", "at", "after", "before", "following", "in", "on", "amid", "ahead", "since", "for"}
_NP_DEPS = {"compound", "amod", "appos", "nmod", "poss", "flat", "det", "nummod", "case", "punct", "npadvmod"}


def light_verb(trig: Token) -> Token | None:
    """The verb that holds a meeting noun: "held talks", "had a call", "entered into talks", "paid a visit"."""
    if trig.pos_ not in ("NOUN", "PROPN"):
        return None
    node = trig
    if node.dep_ == "conj":  # "held meetings and talks"
        node = node.head
    measure = node.head.head if node.dep_ == "pobj" and node.head.lower_ == "of" else None
    if measure is not None and lexicon.forms(measure.lemma_, measure.lower_) & lexicon.words(
        "talk_measures.txt"
    ):
        node = measure  # "held two hours of talks", "began a new round of negotiations"
    if node.dep_ in ("dobj", "obj", "attr", "nsubjpass") and node.head.pos_ in ("VERB", "AUX"):
        if lexicon.forms(node.head.lemma_, node.head.lower_) & lexicon.words("light_verbs.txt"):
            return node.head
    if node.dep_ == "pobj" and node.head.lower_ in ("into", "in") and node.head.head.pos_ == "VERB":
        verb = node.head.head
        if lexicon.forms(verb.lemma_, verb.lower_) & lexicon.words("light_verbs.txt"):
            return verb
    return None


def setting_verb(trig: Token) -> Token | None:
    """The verb a meeting noun is the setting of: "During the talks, Wang stressed ...", "Speaking after
    the meeting, ...", "on the sidelines of the summit, X met Y"."""
    if trig.pos_ not in ("NOUN", "PROPN") or trig.dep_ != "pobj":
        return None
    prep = trig.head
    if prep.lower_ == "of" and prep.head.lower_ in ("sidelines", "margins", "side", "course", "end", "start"):
        prep = prep.head.head if prep.head.dep_ == "pobj" else prep.head
    if prep.lower_ not in _SETTING_PREPS or prep.head.pos_ not in ("VERB", "AUX"):
        return None
    return prep.head


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb ``tok`` hangs from (itself when it is one)."""
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def noun_phrase(tok: Token) -> list[Token]:
    """The words of the noun phrase ``tok`` heads, without its clauses and prepositional phrases (but
    with "of" phrases: "the President of France Claire Dumont")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in _NP_DEPS:
            out.extend(noun_phrase(c))
            if c.dep_ in ("amod", "compound", "nmod"):  # "Russian and Ukrainian representatives"
                out.extend(x for k in c.children if k.dep_ == "conj" for x in noun_phrase(k))
        elif c.dep_ == "prep" and c.lower_ == "of":
            # "the President of France", "the Quad grouping of the United States, India and Japan"
            out.extend(
                x for o in c.children if o.dep_ == "pobj" for k in conjuncts(o) for x in noun_phrase(k)
            )
    return out


def conjuncts(tok: Token) -> list[Token]:
    """ "A, B and C": the token and its conjuncts, and "A as well as B"."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(conjuncts(c))
        elif c.dep_ == "cc" or (c.dep_ == "prep" and c.lower_ in ("alongside",)):
            out.extend(x for g in c.children if g.dep_ in ("conj", "pobj") for x in conjuncts(g))
    return out


def objects(head: Token, preps: tuple[str, ...]) -> list[Token]:
    """The objects of ``head``'s prepositions ("talks with X", "a call from Y"), "together with" too."""
    out = []
    for c in head.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            out.extend(o for o in c.children if o.dep_ in ("pobj", "dobj"))
            # "spoke with X to reaffirm ...", parsed as "with [X to reaffirm]": X is the clause's subject.
            out.extend(s for o in c.children if o.dep_ == "pcomp" for s in o.children if s.dep_ == "nsubj")
            # "a dinner for visiting President X", parsed as "for [visiting X]": X is the object
            out.extend(
                s
                for o in c.children
                if o.dep_ == "pcomp" and o.lower_ in ("visiting", "outgoing", "incoming")
                for s in o.children
                if s.dep_ in ("dobj", "obj")
            )
        elif c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in preps for m in c.children):
            out.extend(s for s in c.children if s.dep_ == "nsubj")  # the same, with "with" read as a mark
        elif c.dep_ == "advmod" and c.lower_ == "together":
            out.extend(o for p in c.children if p.lower_ == "with" for o in p.children if o.dep_ == "pobj")
    return out


def subjects(verb: Token) -> list[Token]:
    """The subjects of a verb, or of the verb it continues ("arrived in Paris and met ...", "is due to
    meet ...", "the envoy, who met ..."), or of the clause it opens ("After meeting Otieno, Wang said")."""
    node = verb
    for _ in range(4):
        subj = [c for c in node.children if c.dep_ in SUBJECT_DEPS]
        if subj and node.dep_ == "relcl" and all(c.tag_ in ("WP", "WDT") for c in subj):
            return [node.head]  # "Dumont, who chaired the talks": the relative pronoun is the noun it follows
        if subj:
            return subj
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("PROPN", "NOUN", "PRON"):
            head = node.head
            copula = head.head
            if head.dep_ in ("attr", "oprd") and copula.lemma_.lower() in ("be", "become", "remain"):
                # "Gruber became the first leader to meet Petrov": the one who became it met him
                said = [c for c in copula.children if c.dep_ in SUBJECT_DEPS]
                if said:
                    return said
            return [head]  # "the envoy, who met ...", "Cruz, briefing reporters after ..."
        if node.dep_ in ("conj", "xcomp", "advcl", "pcomp", "ccomp", "acomp") and node.head.i != node.i:
            node = node.head
            if node.pos_ == "ADP":
                node = node.head
            continue
        break
    return []


def reference_clause(tok: Token) -> bool:
    """Whether ``tok`` stands in a clause told as a point of reference ("since the Indian leader visited
    the White House", "before they met in June"): an earlier or later event, not the one reported."""
    node = tok
    for _ in range(3):
        if any(
            c.dep_ == "mark" and c.lower_ in ("since", "before", "until", "when", "after")
            for c in node.children
        ):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def arguments(head: Token, *, objects: bool = True) -> list[Token]:
    """The people a verb or noun has as objects ("met X", "talks with X") and the words set beside them
    ("his counterpart, X", "X and Y"): where a place phrase that the parser hung on them belongs to the
    event ("met his counterpart Paulo Mendes in Nairobi")."""
    out = [c for c in head.children if c.dep_ in ("dobj", "obj")] if objects else []
    out += [
        o
        for c in head.children
        if (c.dep_ == "prep" and c.lower_ in ("with", "to")) or c.dep_ == "agent"  # "was received by X"
        for o in c.children
        if o.dep_ == "pobj"
    ]
    # "welcomed a delegation led by X to Rome on Wednesday": the words of the delegation's leading
    out += [
        a for t in list(out) for a in t.children if a.dep_ == "acl" and a.lemma_.lower() in ("lead", "head")
    ]
    more = [x for t in out for x in t.children if x.dep_ in ("appos", "conj")]
    return out + more + [x for t in more for x in t.children if x.dep_ in ("appos", "conj")]


def entity_of(tok: Token) -> Span | None:
    """The entity ``tok`` is part of, read from its own IOB tags (``Doc.ents`` builds every entity of the
    document on each access, which a loop over tokens would make quadratic)."""
    if tok.ent_iob_ not in ("B", "I"):
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def entities_in(span: Span) -> list[Span]:
    """The entities that start inside ``span``."""
    out = []
    for t in span:
        if t.ent_iob_ == "B":
            out.append(entity_of(t))
    return out
