"""The Whoosh index: schema, analyzers, opening and rebuilding.

Whoosh holds only what search needs.  Titles, bodies and metadata live in the
catalog (SQLite), which is also where a rebuilt index is refilled from.

Phrases are found through a `bigrams` field (each pair of adjacent words is one
term), because an AND of a phrase's bigrams is 10-30x faster in Whoosh than its
positional phrase query; the few false candidates are removed by checking the
text itself (see `query.Matcher`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.index import FileIndex

from reader.textnorm import words

# Bump when the schema or the analyzers change: older indexes are rebuilt.
INDEX_SCHEMA_VERSION = 1
INDEX_NAME = "articles"


class WordTokenizer(Tokenizer):  # type: ignore[misc]
    """Whoosh tokenizer yielding the folded words of `textnorm.words` (or their bigrams)."""

    def __init__(self, bigrams: bool = False) -> None:
        self.bigrams = bigrams

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTokenizer) and other.bigrams == self.bigrams

    def __hash__(self) -> int:
        return hash(self.bigrams)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        terms: Sequence[str]
        if not tokenize:
            terms = [value]
        else:
            terms = words(value)
            if self.bigrams:
                terms = [f"{a} {b}" for a, b in pairwise(terms)]
        for position, term in enumerate(terms):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + position
            yield token


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        # `content` is title + body; no positions (phrases go through bigrams).
        content=TEXT(analyzer=WordTokenizer(), phrase=False),
        bigrams=TEXT(analyzer=WordTokenizer(bigrams=True), phrase=False),
        title=TEXT(analyzer=WordTokenizer(), phrase=True),
        quote=TEXT(analyzer=WordTokenizer(), phrase=True),
        person=KEYWORD(commas=True, scorable=True),
        author=TEXT(analyzer=WordTokenizer(), phrase=True),
        source=TEXT(analyzer=WordTokenizer(), phrase=True),
        tag=KEYWORD(commas=True, lowercase=True),
        date=ID(sortable=True),
    )


def document_fields(
    article_id: str,
    title: str,
    body: str,
    date: str,
    author: str = "",
    source: str = "",
    tags: Sequence[str] = (),
    people: Sequence[str] = (),
    quotes: Sequence[str] = (),
) -> dict[str, str]:
    """The Whoosh document of one article. `people` are folded person keys."""
    content = f"{title}\n{body}"
    return {
        "id": article_id,
        "content": content,
        "bigrams": content,
        "title": title,
        "quote": "\n".join(quotes),
        "person": ",".join(people),
        "author": author,
        "source": source,
        "tag": ",".join(tags),
        # Undated articles sort after dated ones in a newest-first listing.
        "date": date or "0000-00-00",
    }


def open_index(folder: Path) -> tuple[FileIndex, bool]:
    """Open the index in `folder`, creating it if missing or unreadable.

    Returns the index and whether it was (re)created empty.
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if whoosh_index.exists_in(str(folder), indexname=INDEX_NAME):
            ix = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
            if set(ix.schema.names()) == set(make_schema().names()):
                return ix, False
    except Exception:
        pass
    return create_index(folder), True


def create_index(folder: Path) -> FileIndex:
    """A new empty index in `folder`, replacing whatever was there."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return whoosh_index.create_in(str(folder), make_schema(), indexname=INDEX_NAME)
