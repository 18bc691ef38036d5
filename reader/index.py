"""The Whoosh index: schema, fields, opening and checking (no Textual).

Whoosh holds only what search needs.  Titles, bodies and metadata live in the
catalog (SQLite), which is also where a rebuilt index is refilled from.

Phrases.  Whoosh checks a phrase from word positions with a Python loop over
every article holding all its words: with a frequent word in the phrase
("used for", "the net") that was most of a second at 20,000 articles, and
positions were a third of the index.  So `content` (title and body) keeps
word counts only, and phrases are found through `pairs`: each pair of
adjacent words where one is among the `COMMON_WORDS` most frequent English
words and the other among the `PAIR_WORDS` most frequent ("used for", "in
the", "said it") is one term.  A phrase looks up its pairs, and its words
that no pair covers, which narrows it to a few candidates; these are then
checked against the article text (see `reader.search`).  A two-word phrase
that is a pair needs no check at all.  Lucene's CommonGrams keeps every pair
with one frequent word; that made the BBC index 2.9x bare Whoosh's.

Other fields: `title`, `author` and `source` keep positions (short texts,
phrases answered exactly); `quote` keeps the quoted words, whose phrases are
checked against the stored quote text; `person`, `tag` and `feed` keep keys;
`date` is a column for sorting.

Encodings: positions are one width byte and the deltas as 1, 2 or 4-byte
integers instead of Whoosh's pickled list; the one to three postings Whoosh
inlines in its term table are arrays instead of a pickle.
"""

from __future__ import annotations

import json
import pickle
import struct
import sys
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.formats import Positions
from whoosh.index import FileIndex
from whoosh.system import pack_uint

from reader.textnorm import words

# Bump when the schema, the fields' encoding, the list of common words or the
# segment layout change: older indexes are rebuilt.  (3: one file per segment
# part; 4: compact encodings, pairs of common words; 5: pairs of a common
# word and a frequent one, no positions in `content`; 6: `feed`, tags folded
# as the query folds them.)
INDEX_SCHEMA_VERSION = 6
INDEX_NAME = "articles"
# Written in the index folder; an index without it is rebuilt.
VERSION_FILE = "reader-index.json"
# Between two quotes of an article: a word no query contains, so that a phrase
# never matches across the end of one quote and the start of the next.
QUOTE_SEPARATOR = "\nqqquotebreakqqq\n"
# A pair of adjacent words is a `pairs` term when one is among the first
# COMMON_WORDS words of reader/data/common_words.txt and the other among the
# first PAIR_WORDS.  Measured on the BBC articles (one segment): 100/100 was
# 8.8 MB in all, 100/1,000 13.3 MB, 100/2,000 15.8 MB, 100/5,000 19.4 MB; bare
# Whoosh writes 14.1 MB.
COMMON_WORDS = 100
PAIR_WORDS = 2000

# Posting lists this short are stored inside the term table instead of as a
# compressed block of their own.  A block costs a header, a zlib stream and a
# pickle; inlined postings are not compressed, so a longer limit grows the
# term table: 4 gave the smallest BBC index (17.2 MB; 1: 19.3, 16: 18.1).
INLINE_POSTINGS = 4
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


# Inlined postings -------------------------------------------------------------
#
# Whoosh stores the postings it inlines in the term table as a pickle of three
# tuples: 86 bytes on average for one to three postings, half of the BBC
# index's term tables.  They are written here as arrays instead (10 bytes for
# one posting); a pickle (from Whoosh itself) is still read.

_COMPACT = 0xFE  # a pickle starts with 0x80
_ONE_POSTING = struct.Struct("<BBBHH")  # marker, flags, count, id, value length
_ONE_WEIGHTED_POSTING = struct.Struct("<BBBHBH")  # ... id, weight, value length


def pack_inline(ids: Sequence[int], weights: Sequence[float], values: Sequence[bytes]) -> bytes:
    if len(ids) == 1 and ids[0] < 0x10000 and len(values[0]) < 0x10000:
        # Most terms of a segment: one posting.  The same bytes as below, sooner.
        weight = weights[0]
        if weight == 1.0:
            return _ONE_POSTING.pack(_COMPACT, 0, 1, ids[0], len(values[0])) + values[0]
        if weight == int(weight) and 0 <= weight < 0x100:
            head = _ONE_WEIGHTED_POSTING.pack(_COMPACT, 2, 1, ids[0], int(weight), len(values[0]))
            return head + values[0]
    id_type = "H" if max(ids) < 0x10000 else "I"
    whole = all(w == int(w) and 0 <= w < 0x100 for w in weights)
    if all(w == 1.0 for w in weights):
        weight_kind, weight_bytes = 0, b""
    elif whole:
        weight_kind, weight_bytes = 1, bytes(int(w) for w in weights)
    else:
        weight_kind, weight_bytes = 2, _little(array("f", weights))
    value_lengths = [len(v) for v in values]
    length_type = "H" if max(value_lengths, default=0) < 0x10000 else "I"
    flags = (id_type == "I") | weight_kind << 1 | (length_type == "I") << 3
    return b"".join(
        (
            bytes((_COMPACT, flags, len(ids))),
            _little(array(id_type, ids)),
            weight_bytes,
            _little(array(length_type, value_lengths)),
            *values,
        )
    )


def unpack_inline(data: bytes) -> tuple[tuple[int, ...], tuple[float, ...], tuple[bytes, ...]]:
    flags, count = data[1], data[2]
    at = 3
    ids = _from_little("I" if flags & 1 else "H", data, at, count)
    at += count * ids.itemsize
    weight_kind = flags >> 1 & 3
    if weight_kind == 0:
        weights: tuple[float, ...] = (1.0,) * count
    elif weight_kind == 1:
        weights = tuple(float(w) for w in data[at : at + count])
        at += count
    else:
        weights = tuple(_from_little("f", data, at, count))
        at += count * 4
    lengths = _from_little("I" if flags & 8 else "H", data, at, count)
    at += count * lengths.itemsize
    values = []
    for length in lengths:
        values.append(data[at : at + length])
        at += length
    return tuple(ids), weights, tuple(values)


def _little(packed: array[Any]) -> bytes:
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def _from_little(kind: str, data: bytes, at: int, count: int) -> array[Any]:
    packed = array(kind)
    packed.frombytes(data[at : at + count * packed.itemsize])
    if sys.byteorder == "big":
        packed.byteswap()
    return packed


_whoosh_to_bytes = W3TermInfo.to_bytes
_whoosh_from_bytes = W3TermInfo.from_bytes.__func__


def _to_bytes(self: W3TermInfo) -> bytes:
    if not self.is_inlined():
        return bytes(_whoosh_to_bytes(self))
    # Whoosh's own packing, then the postings as arrays instead of a pickle.
    inlined, self._inlined = self._inlined, ((), (), ())
    try:
        head = _whoosh_to_bytes(self)[: self._struct.size]
    finally:
        self._inlined = inlined
    return bytes(head) + pack_inline(*inlined)


def _from_bytes(cls: type[W3TermInfo], data: bytes) -> W3TermInfo:
    size = cls._struct.size
    if data[0] and len(data) > size and data[size] == _COMPACT:
        terminfo = _whoosh_from_bytes(cls, data[:size] + _EMPTY_PICKLE)
        terminfo._inlined = unpack_inline(data[size:])
        return terminfo
    return _whoosh_from_bytes(cls, data)


_EMPTY_PICKLE = pickle.dumps(((), (), ()), 2)
W3TermInfo.to_bytes = _to_bytes
W3TermInfo.from_bytes = classmethod(_from_bytes)


@cache
def _ranked_words() -> tuple[str, ...]:
    text = resources.files("reader").joinpath("data", "common_words.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line and not line.startswith("#"))


@cache
def common_words() -> frozenset[str]:
    """The `COMMON_WORDS` most frequent words, folded (reader/data/common_words.txt)."""
    return frozenset(_ranked_words()[:COMMON_WORDS])


@cache
def pair_words() -> frozenset[str]:
    """The `PAIR_WORDS` most frequent words, folded."""
    return frozenset(_ranked_words()[:PAIR_WORDS])


def is_pair(first: str, second: str) -> bool:
    """Whether two adjacent words are indexed together as one `pairs` term."""
    common, frequent = common_words(), pair_words()
    return (first in common and second in frequent) or (second in common and first in frequent)


class WordTokenizer(Tokenizer):  # type: ignore[misc]
    """Whoosh tokenizer yielding the folded words of `textnorm.words`.

    The fields below index without it (see `PositionedText.index`); Whoosh
    still calls it for its own uses of a field's analyzer.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTokenizer)

    def __hash__(self) -> int:
        return hash(WordTokenizer)

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
        terms: Sequence[str] = words(value) if tokenize else [value]
        for position, term in enumerate(terms):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + position
            yield token


_BIG_ENDIAN = sys.byteorder == "big"
_COUNTS = [pack_uint(count) for count in range(64)]
_ONE_SMALL_POSITION = [bytes((1, position)) for position in range(0x100)]


class CompactPositions(Positions):  # type: ignore[misc]
    """Whoosh's Positions format with a smaller encoding, decoded in C.

    A posting's value is one byte giving the width (1, 2 or 4) and the
    position deltas as little-endian unsigned integers of that width; the
    frequency is the number of deltas.
    """

    def encode(self, poslist: Sequence[int]) -> bytes:
        if len(poslist) == 1 and poslist[0] < 0x100:
            return _ONE_SMALL_POSITION[poslist[0]]  # most postings
        deltas = [b - a for a, b in zip((0, *poslist), poslist, strict=False)]
        largest = max(deltas) if deltas else 0
        if largest < 0x100:
            return b"\x01" + bytes(deltas)
        packed = array("H" if largest < 0x10000 else "I", deltas)
        if _BIG_ENDIAN:
            packed.byteswap()
        return bytes((packed.itemsize,)) + packed.tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        width = valuestring[0]
        if width == 1:
            deltas: Sequence[int] = valuestring[1:]
        else:
            packed = array("H" if width == 2 else "I")
            packed.frombytes(valuestring[1:])
            if _BIG_ENDIAN:
                packed.byteswap()
            deltas = packed
        position, positions = 0, []
        for delta in deltas:
            position += delta
            positions.append(position)
        return positions

    def decode_frequency(self, valuestring: bytes) -> int:
        return (len(valuestring) - 1) // valuestring[0]

    def decode_weight(self, valuestring: bytes) -> float:
        return float(self.decode_frequency(valuestring) * self.field_boost)


class PositionedText(TEXT):  # type: ignore[misc]
    """A TEXT field with compact positions, indexed in one pass over `textnorm.words`.

    Whoosh's own path sends every word through a token object and two
    dictionaries; collecting positions directly does the same work in about
    half the time.
    """

    def __init__(self) -> None:
        super().__init__(analyzer=WordTokenizer(), phrase=True)
        self.format = CompactPositions(field_boost=1.0)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        terms = words(value)
        positions: dict[str, list[int]] = {}
        for position, term in enumerate(terms):
            if term is not None:
                found = positions.get(term)
                if found is None:
                    positions[term] = [position]
                else:
                    found.append(position)
        encode = self.format.encode
        for term, places in positions.items():
            yield term.encode("utf-8"), len(places), float(len(places)), encode(places)


class CountedText(TEXT):  # type: ignore[misc]
    """A TEXT field without positions whose terms are counted in one pass.

    With `pairs`, the terms are the adjacent pairs `is_pair` keeps ("used for").
    """

    def __init__(self, pairs: bool = False) -> None:
        super().__init__(analyzer=WordTokenizer(), phrase=False)
        self.pairs = pairs

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        terms: Iterable[str] = _words_of(value)
        if self.pairs:
            common, frequent = common_words(), pair_words()
            terms = [
                f"{a} {b}"
                for a, b in pairwise(_words_of(value))
                if (a in common and b in frequent) or (b in common and a in frequent)
            ]
        for term, count in Counter(terms).items():
            yield (
                term.encode("utf-8"),
                count,
                float(count),
                _COUNTS[count] if count < 64 else pack_uint(count),
            )


_last_words: tuple[str, list[str]] = ("", [])


def _words_of(text: str) -> list[str]:
    """`words(text)`, remembered for the last text: `content` and `pairs` share one."""
    global _last_words
    if _last_words[0] is not text:
        _last_words = (text, words(text))
    return _last_words[1]


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        content=CountedText(),
        pairs=CountedText(pairs=True),
        title=PositionedText(),
        quote=CountedText(),
        person=KEYWORD(commas=True, scorable=True),
        author=PositionedText(),
        source=PositionedText(),
        tag=KEYWORD(commas=True),
        feed=KEYWORD(commas=True),
        date=ID(sortable=True),
    )


# Undated articles carry this date in the index: they sort after dated ones
# in a newest-first listing, and date ranges start above it.
NO_DATE = "0000-00-00"


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
    feeds: Sequence[str] = (),
) -> dict[str, str]:
    """The Whoosh document of one article. `people` are folded person keys; `tags`
    and `feeds` are names as written (folded here by `name_key`)."""
    content = f"{title}\n{body}"
    return {
        "id": article_id,
        "content": content,
        "pairs": content,
        "title": title,
        "quote": QUOTE_SEPARATOR.join(quotes),
        "person": ",".join(people),
        "author": author,
        "source": source,
        "tag": ",".join(map(name_key, tags)),
        "feed": ",".join(map(name_key, feeds)),
        "date": date or NO_DATE,
    }


def name_key(name: str) -> str:
    """A tag's or a feed's name as `tag:` and `feed:` match it: its folded words
    ("BBC News" -> "bbc news", "Économie" -> "economie"), as the query folds them."""
    return " ".join(words(name))


def writer_options(limitmb: int = 256) -> dict[str, Any]:
    """Keyword arguments for every Whoosh writer of the library (memory, codec).

    Writers never take Whoosh's own lock: the library's write lock
    (`reader.lock`) already makes sure there is one writer.
    """
    # Blocks keep their shortest and longest document (`length_stats`), so
    # that Whoosh can skip the blocks whose best score cannot reach a page.
    codec = W3Codec(inlinelimit=INLINE_POSTINGS)
    # Compound segments are opened by copying each part from the memory map into
    # a BytesIO: on 2,225 BBC articles that was 176 MB of RSS and up to 0.9 s to
    # open a searcher; with one file per part it is 2 MB and 2 ms.
    return {"limitmb": limitmb, "codec": codec, "compound": False, "_lk": False}


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


# Opening and creating -----------------------------------------------------------


class IndexUnusable(Exception):
    """The index cannot be used as it is: `str()` says why; `outdated` when it is
    only of another version (rebuilt without calling it damaged)."""

    def __init__(self, reason: str, *, outdated: bool = False) -> None:
        super().__init__(reason)
        self.outdated = outdated


@dataclass(frozen=True, slots=True)
class IndexFiles:
    """Where an index lives (a folder of the library)."""

    folder: Path

    @property
    def version_file(self) -> Path:
        return self.folder / VERSION_FILE


def open_index(folder: Path) -> FileIndex:
    """Open the index in `folder` and check that it can be searched.

    Raises `IndexUnusable` when it is missing, of another version, or
    damaged (a segment file missing, truncated or garbled where opening reads
    it).  A commit by another process at the same moment can delete the files
    being opened, so opening is tried again before giving up.
    """
    if not folder.is_dir():
        raise IndexUnusable("missing")
    version = _stored_version(folder)
    if version != INDEX_SCHEMA_VERSION:
        built = "an unknown version" if version is None else f"version {version}"
        raise IndexUnusable(
            f"built for {built}, this reader uses {INDEX_SCHEMA_VERSION}", outdated=True
        )
    for attempt in range(3):
        try:
            ix = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME, schema=make_schema())
            check_searchable(ix)
            return ix
        except FileNotFoundError:
            if attempt == 2:
                raise IndexUnusable("a file of the index is missing") from None
            time.sleep(0.05)
        except whoosh_index.EmptyIndexError:
            raise IndexUnusable("no table of contents") from None
        except Exception as error:  # whatever a garbled file makes Whoosh raise
            raise IndexUnusable(describe(error)) from error
    raise AssertionError("unreachable")


def check_searchable(ix: FileIndex) -> None:
    """Open every segment's files the way a search does; raises when one is broken.

    Whoosh opens the column files (lengths, stored ids, dates) lazily; opening
    them here makes a truncated file fail now rather than in the first search,
    and keeps them open if another process's merge deletes them later.
    """
    searcher = ix.searcher()
    try:
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            if not reader.doc_count_all():
                continue
            # Whoosh takes a missing column for "no values" and goes on with
            # wrong scores or dates: these three every document has.
            for column in ("_stored", "_content_len", "date"):
                name = W3Codec.column_filename(reader.segment(), column)
                if not ix.storage.file_exists(name):
                    raise IndexUnusable(f"{name} is missing")
            last = reader.doc_count_all() - 1
            reader.stored_fields(last)
            reader.doc_field_length(last, "content")
            reader.column_reader("date")[last]
    finally:
        searcher.close()


def create_index(folder: Path) -> FileIndex:
    """A new empty index in `folder`, which must not exist (set it aside first)."""
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(str(folder), make_schema(), indexname=INDEX_NAME)
    # Written last: an index whose creation was interrupted is rebuilt.
    (folder / VERSION_FILE).write_text(
        json.dumps({"schema": INDEX_SCHEMA_VERSION}) + "\n", encoding="utf-8"
    )
    return ix


def _stored_version(folder: Path) -> int | None:
    try:
        return int(json.loads((folder / VERSION_FILE).read_text("utf-8"))["schema"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def describe(error: BaseException) -> str:
    """One line for an error from a damaged file: its message, or its kind."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return text[:160] or type(error).__name__


def orphan_files(ix: FileIndex) -> list[Path]:
    """Files of the index folder that no segment of the current generation uses.

    A killed import leaves the segments its workers were writing, and Whoosh's
    temporary folders; the next commit's clean-up misses the folders.
    """
    folder = Path(ix.storage.folder)
    used = {segment.segment_id() for segment in ix._segments()}
    pattern = whoosh_index.TOC._segment_pattern(INDEX_NAME)
    found = []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match and match.group(1) not in used:
            found.append(path)
    return found
