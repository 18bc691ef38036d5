"""Did you mean: close words from the library's own vocabulary for a query's rare words.

A word of the query is worth correcting when no article has it, or very few
do while a word one or two edits away is in many more.  Candidates come from
Whoosh's edit-distance walk through the `content` terms, sharing the typed
word's first letter (most misspellings keep it; this keeps the walk to a
few milliseconds at BBC scale), and are ranked by distance, then by whether
they go on from the typed word (an unfinished name: "klop" -> "klopp"), then
by how many articles hold them.

Only words the query looks for are corrected: not a NOT, a prefix (`manag*`),
a person, a tag, a date.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.searching import Searcher
from whoosh.support.levenshtein import damerau_levenshtein

from reader.query import And, Near, Node, Or, ParsedQuery, Terms
from reader.textnorm import tokens

# A word in at most this many articles may be a misspelling...
FEW_ARTICLES = 2
# ...when a close word is in at least this many times as many.
MORE_COMMON = 10
# Corrected queries offered at most.
MOST_SUGGESTIONS = 3
# Words this short are not corrected (one edit turns them into many words).
SHORTEST = 3


def suggestions(searcher: Searcher, parsed: ParsedQuery) -> tuple[str, ...]:
    """The query text with its rare words corrected, best first (none when no word is rare).

    The first suggestion corrects every rare word with its best candidate; the
    next ones use each word's second and third candidates.
    """
    corrections: dict[str, list[str]] = {}
    for word in dict.fromkeys(_searched_words(parsed.root)):
        if len(word) < SHORTEST or not word.isalpha():
            continue
        found = _articles_up_to(searcher, word, FEW_ARTICLES + 1)
        if found > FEW_ARTICLES:
            continue
        ranked = _candidates(searcher, word, found)
        if ranked:
            corrections[word] = ranked
    if not corrections:
        return ()
    offered: list[str] = []
    for rank in range(MOST_SUGGESTIONS):
        choice = {word: ranked[min(rank, len(ranked) - 1)] for word, ranked in corrections.items()}
        text = _replace_words(parsed.text, choice)
        if text not in offered:
            offered.append(text)
    return tuple(offered)


def _articles_up_to(searcher: Searcher, word: str, enough: int) -> int:
    """The number of articles holding `word`, counted segment by segment until it
    reaches `enough`: a word of most queries is in the first segment looked at
    (a count over every segment of a 100,000-article index took 0.3 ms a word,
    5 % of a phrase search with no hits)."""
    found = 0
    for leaf, _offset in searcher.reader().leaf_readers():
        found += int(leaf.doc_frequency("content", word))
        if found >= enough:
            break
    return found


def _candidates(searcher: Searcher, word: str, found: int) -> list[str]:
    """Close words in many more articles than `word`'s `found`, best first."""
    reader = searcher.reader()
    most_edits = 1 if len(word) <= 4 else 2
    enough = max(1, found * MORE_COMMON)
    ranked = []
    for candidate in reader.terms_within("content", word, most_edits, prefix=1):
        if candidate == word:
            continue
        articles = int(reader.doc_frequency("content", candidate))
        if articles < enough:
            continue
        edits = _distance(word, candidate)
        ranked.append((edits, not candidate.startswith(word), -articles, candidate))
    ranked.sort()
    return [candidate for *_, candidate in ranked[:MOST_SUGGESTIONS]]


def _distance(first: str, second: str) -> int:
    return int(damerau_levenshtein(first, second))


def _searched_words(node: Node) -> Iterator[str]:
    """The words of the text fields that `node` looks for (not under a NOT)."""
    if isinstance(node, Terms):
        if node.field in ("content", "title", "quote") and not node.prefix:
            yield from node.words
    elif isinstance(node, Near):
        yield from node.words
    elif isinstance(node, (And, Or)):
        for item in node.items:
            yield from _searched_words(item)


def _replace_words(text: str, choice: dict[str, str]) -> str:
    """`text` with each word whose folded form is a key of `choice` replaced."""
    pieces, last = [], 0
    for token in tokens(text):
        replacement = choice.get(token.text)
        if replacement is not None:
            pieces += [text[last : token.start], replacement]
            last = token.end
    pieces.append(text[last:])
    return "".join(pieces)
