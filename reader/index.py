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
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.index import FileIndex
from whoosh.system import pack_uint

from reader.textnorm import words

# Bump when the schema, the analyzers or the segment layout change: older
# indexes are rebuilt (3: one file per segment part instead of compound files).
INDEX_SCHEMA_VERSION = 3
INDEX_NAME = "articles"
# Between two quotes of an article: a word no query contains, so that a phrase
# never matches across the end of one quote and the start of the next.
QUOTE_SEPARATOR = "\nqqquotebreakqqq\n"

# Posting lists this short are stored inside the term table instead of as a
# compressed block of their own: most bigrams occur in one or two articles of a
# segment, and writing a block per term was a third of the commit time.
INLINE_POSTINGS = 16
# Segments with fewer documents are merged together at the end of an import.
SMALL_SEGMENT_DOCS = 500


def _set_inline(terminfo: W3TermInfo, ids: Any, weights: Any, values: list[bytes]) -> None:
    # Formats without per-posting values (ID, KEYWORD) pass no values, and an
    # inlined posting list without values reads back "" where merging needs b"".
    terminfo.set_inlined(ids, weights, values or [b""] * len(ids))


# whoosh-reloaded 2.7.5 calls `set_inline` where the method is `set_inlined`,
# so its inlining option fails as shipped.
if not hasattr(W3TermInfo, "set_inline"):
    W3TermInfo.set_inline = _set_inline


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


class CountedText(TEXT):  # type: ignore[misc]
    """A TEXT field without positions whose terms are counted in one pass.

    Whoosh's own path sends every word through a token object and two
    dictionaries; counting the words directly does the same work in a third of
    the time, which matters because `content` and `bigrams` carry almost all
    of an article's terms.
    """

    def __init__(self, bigrams: bool = False) -> None:
        super().__init__(analyzer=WordTokenizer(bigrams=bigrams), phrase=False)
        self.bigrams = bigrams

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        terms = _words_of(value)
        if self.bigrams:
            terms = [f"{a} {b}" for a, b in pairwise(terms)]
        boost = self.format.field_boost
        for term, count in Counter(terms).items():
            yield term.encode("utf-8"), count, count * boost, pack_uint(count)


_last_words: tuple[str, list[str]] = ("", [])


def _words_of(text: str) -> list[str]:
    """`words(text)`, remembered for the last text: `content` and `bigrams` share one."""
    global _last_words
    if _last_words[0] is not text:
        _last_words = (text, words(text))
    return _last_words[1]


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        # `content` is title + body; no positions (phrases go through bigrams).
        content=CountedText(),
        bigrams=CountedText(bigrams=True),
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
        "quote": QUOTE_SEPARATOR.join(quotes),
        "person": ",".join(people),
        "author": author,
        "source": source,
        "tag": ",".join(tags),
        # Undated articles sort after dated ones in a newest-first listing.
        "date": date or "0000-00-00",
    }


def writer_options(limitmb: int = 256) -> dict[str, Any]:
    """Keyword arguments for every Whoosh writer of the library (memory, codec)."""
    codec = W3Codec(inlinelimit=INLINE_POSTINGS)
    # Per-term minimum and maximum document lengths only tighten Whoosh's score
    # bounds; looking up a length for every posting was a fifth of the commit.
    codec.length_stats = False
    # Compound segments are opened by copying each part from the memory map into
    # a BytesIO: on 2,225 BBC articles that was 176 MB of RSS and up to 0.9 s to
    # open a searcher; with one file per part it is 2 MB and 2 ms.
    return {"limitmb": limitmb, "codec": codec, "compound": False}


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: merge the segments under `SMALL_SEGMENT_DOCS` documents.

    Whoosh's default policy can decide to merge every segment at once when a
    library has a few dozen of them, which takes minutes at 100,000 articles;
    this one only ever rewrites small segments (left by small imports).
    """
    from whoosh.reading import SegmentReader

    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) < 2:
        return list(segments)
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in small]


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
