"""Stemming, optional (`search.stemming` in config.yaml): `run` also finds `runs`,
`running` and `ran` (no Textual).

Done when searching, not when indexing: a plain word of the query is widened
to the words of the library that share its stem (Snowball's English stemmer,
`whoosh.lang.porter2`), and those of its irregular forms (`ran`, `went`,
`said`: Whoosh's English morphology table), so the index and the import are
the same with stemming on or off and the setting takes effect without a
rebuild.  The words sharing a stem are found among the library's words that
start with it ("elect": elected, election, electing).

Phrases, prefixes (`manag*`), people and tags stay exact.  The widened words
are in the query's tree, so the phrase check (`query.matches`) and the
highlighting agree with what Whoosh finds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache

from whoosh.lang.morph_en import variations
from whoosh.lang.porter2 import stem as porter2_stem

from reader.query import And, Highlight, Node, Not, Or, ParsedQuery, Terms

# The library's words that start with a text (the `content` field's terms).
Vocabulary = Callable[[str], Iterable[str]]
# Stems shorter than this are not widened ("be", "go": most of the vocabulary
# starts with them, and their forms are in the irregular table).
SHORTEST_STEM = 3


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(porter2_stem(word))


def widen_words(parsed: ParsedQuery, vocabulary: Vocabulary) -> ParsedQuery:
    """`parsed` with each plain word (a word of the text, the title or a quote, not
    a phrase or a prefix) widened to every library word of the same stem."""
    forms: dict[str, tuple[str, ...]] = {}

    def widen(node: Node) -> Node:
        if isinstance(node, Terms):
            if node.field not in ("content", "title", "quote") or node.prefix:
                return node
            if len(node.words) != 1:
                return node
            word = node.words[0]
            if word not in forms:
                forms[word] = _forms(word, vocabulary)
            found = forms[word]
            if len(found) == 1:
                return node
            return Or(tuple(Terms(node.field, (form,)) for form in found))
        if isinstance(node, And):
            return And(tuple(widen(item) for item in node.items))
        if isinstance(node, Or):
            return Or(tuple(widen(item) for item in node.items))
        if isinstance(node, Not):
            return Not(widen(node.item))
        return node

    root = widen(parsed.root)
    highlights: list[Highlight] = []
    for mark in parsed.highlights:
        if isinstance(mark, Terms) and len(mark.words) == 1 and mark.words[0] in forms:
            highlights.extend(Terms(mark.field, (form,)) for form in forms[mark.words[0]])
        else:
            highlights.append(mark)
    return replace(parsed, root=root, highlights=tuple(highlights))


def _forms(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """`word` and the library's words sharing its stem or an irregular form's stem."""
    stems = {stem(form) for form in {word, *variations(word)}}
    found = {word}
    for root in stems:
        if len(root) < SHORTEST_STEM:
            continue
        found.update(other for other in vocabulary(root) if stem(other) == root)
    return tuple(sorted(found))
