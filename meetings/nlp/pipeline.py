"""The spaCy pipeline, loaded once per process and model name."""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Long government transcripts run to a few hundred thousand characters; the parser needs about 1 GB
# per 100,000 characters, so anything longer is cut (with a warning) by the extractor instead.
MAX_CHARS = 500_000
_HEADER_LINE = re.compile(r"^[A-Z][\w-]{1,20}:\s")
_INITIALS = re.compile(r"^(?:[A-Z]\.){2,3}$")


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break that ends a header line, headline, dateline or paragraph.

    The parser reads "Source: ...\\n\\nSecretary Carver spoke" as one sentence because nothing but
    whitespace separates them; a hard-wrapped wire line ("agreed a\\ntrade deal") is no boundary."""
    text = doc.text
    lines = [ln for ln in text.split("\n") if ln.strip()]
    wrapped = len(lines) >= 5 and sum(1 for ln in lines if len(ln) > 90) <= len(lines) // 10
    for tok in doc[:-1]:
        ws = tok.text if tok.is_space else tok.whitespace_
        if "\n" not in ws and not (tok.is_space and "\n" in tok.text):
            continue
        nxt = doc[tok.i + 1]
        if nxt.is_space:
            continue
        line_end = tok.idx if tok.is_space else tok.idx + len(tok.text)
        line_start = text.rfind("\n", 0, line_end) + 1
        prev_line = text[line_start:line_end].rstrip()
        gap = text[line_end : nxt.idx]
        boundary = (
            not wrapped
            or gap.count("\n") >= 2
            or re.search(r"\n[ \t]+$", gap) is not None
            or prev_line[-1:] in {".", "!", "?", ":", '"', "”", ")", "-", "—"}
            or _HEADER_LINE.match(prev_line) is not None
        )
        if boundary and not (wrapped and prev_line[-1:].isalpha() and nxt.text[:1].islower()):
            nxt.is_sent_start = True
            if _INITIALS.match(nxt.text) and nxt.i + 1 < len(doc) and not doc[nxt.i + 1].is_space:
                # "U.S. Special Envoy ..." opening a paragraph: the initials' full stop ends no sentence.
                doc[nxt.i + 1].is_sent_start = False
    return doc


@lru_cache(maxsize=4)
def load_pipeline(model_name: str) -> Language:
    """The named spaCy pipeline, with sentence starts at line breaks; later calls with the same name
    return the same object."""
    nlp = spacy.load(model_name)
    if "line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser" if "parser" in nlp.pipe_names else None)
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp
