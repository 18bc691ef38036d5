"""Copies of one story: exact and near-duplicate articles grouped (SQLite; no Textual).

Wire stories reach a library many times over, and re-published ones come back
with a word changed.  Two articles are copies when the Jaccard similarity of
their sets of five-word shingles (title and body, folded to words) is at least
`SIMILAR`, estimated by MinHash (`datasketch`, 128 permutations); candidates
are found by locality-sensitive hashing over 16 bands of 8 values, kept in the
catalog, so an import looks up only the buckets of its new articles instead of
comparing every pair.  At `SIMILAR` = 0.8 a pair of copies shares a bucket
with probability 0.95; a candidate is kept only when its estimated similarity
reaches `SIMILAR`.  Articles of fewer than `MIN_SHINGLES` shingles (a line or
two) are never grouped: sharing a sentence is not being a copy.

Copies form groups (transitively: A like B, B like C) named by their smallest
article id.  Triggers queue every article added, changed or removed in
`copies_dirty`, in the transaction of the change, and `refresh_copies` redoes
only those and the groups they touch: an interrupted import leaves the queue
for the next one.  Only the title and the first `LEAD_WORDS` words are read:
copies share their opening, and the cost per article stays flat (see the
README for the import cost measured).
"""

from __future__ import annotations

import functools
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from reader.peopletables import chunks, marks
from reader.safefile import run_script
from reader.textnorm import words

if TYPE_CHECKING:
    import numpy
    import numpy.typing
    from datasketch import MinHash

SHINGLE_WORDS = 5
MIN_SHINGLES = 20
LEAD_WORDS = 200
PERMUTATIONS = 128
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SIMILAR = 0.8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id TEXT PRIMARY KEY,
    signature BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS article_bands (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_bands_by_article ON article_bands (article_id);
CREATE TABLE IF NOT EXISTS article_copies (
    article_id TEXT PRIMARY KEY,
    copy_group TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_copies_by_group ON article_copies (copy_group);
CREATE TABLE IF NOT EXISTS copies_dirty (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS copies_added AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO copies_dirty VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS copies_changed AFTER UPDATE OF title, body ON articles BEGIN
    INSERT OR IGNORE INTO copies_dirty VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS copies_removed AFTER DELETE ON articles BEGIN
    INSERT OR IGNORE INTO copies_dirty VALUES (old.id);
END;
"""


def create_copies_tables(db: sqlite3.Connection) -> None:
    """Create the tables and triggers of copies in a catalog (no-op when present)."""
    run_script(db, _SCHEMA)


def signature(title: str, body: str) -> numpy.typing.NDArray[numpy.uint64] | None:
    """The MinHash values of an article's five-word shingles; None when it has too few."""
    import numpy

    # The title and the first LEAD_WORDS words: a copy shares its opening, and
    # reading no further keeps the cost per article flat (a third of the time
    # for a BBC article).
    items = words(f"{title}\n{body[: LEAD_WORDS * 8]}")[: LEAD_WORDS + len(title.split())]
    if len(items) < SHINGLE_WORDS:
        return None
    # Each word hashed once (CRC-32), each shingle hashed as a polynomial of its
    # words' hashes, in numpy: joining and hashing every shingle's text took
    # three quarters of the time.
    codes = {word: zlib.crc32(word.encode()) for word in set(items)}
    hashed = numpy.array([codes[word] for word in items], dtype=numpy.uint64)
    count = len(items) - SHINGLE_WORDS + 1
    shingles = numpy.zeros(count, dtype=numpy.uint64)
    for at, factor in enumerate(_FACTORS):
        shingles += hashed[at : at + count] * numpy.uint64(factor)
        shingles &= numpy.uint64(_MASK)
    unique = numpy.unique(shingles)
    if len(unique) < MIN_SHINGLES:
        return None
    minhash = _minhash()
    minhash.update_batch(unique.tolist())
    return numpy.asarray(minhash.hashvalues, dtype=numpy.uint64)


# Odd multipliers of the shingle hash, one per word position; 32-bit results.
_FACTORS = (1, 0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F)
_MASK = (1 << 32) - 1


@functools.cache
def _template() -> MinHash:
    """The permutations of every MinHash here: made once, not once per article."""
    from datasketch import MinHash  # 0.6 s to import: only when importing

    return MinHash(num_perm=PERMUTATIONS)


def _minhash() -> MinHash:
    from datasketch import MinHash

    template = _template()
    # The shingles are 32-bit hashes already: MinHash takes them as they are.
    return MinHash(
        num_perm=PERMUTATIONS,
        hashfunc=int,
        permutations=template.permutations,
        scheme=template.scheme,
    )


def _buckets(values: numpy.typing.NDArray[numpy.uint64]) -> list[tuple[int, int]]:
    """(band, bucket) of each band of a signature's hash values."""
    return [
        (band, zlib.crc32(values[band * ROWS : (band + 1) * ROWS].tobytes()))
        for band in range(BANDS)
    ]


def refresh_copies(db: sqlite3.Connection) -> int:
    """Bring the groups of copies up to date with the articles; the articles redone.

    Commits.  Costs what changed since the last refresh (see the module docstring).
    """
    dirty = [row[0] for row in db.execute("SELECT id FROM copies_dirty")]
    if not dirty:
        return 0
    with db:
        for chunk in chunks(dirty):
            for table in ("article_signatures", "article_bands"):
                db.execute(f"DELETE FROM {table} WHERE article_id IN ({marks(chunk)})", chunk)
            signatures: list[tuple[str, bytes]] = []
            bands: list[tuple[int, int, str]] = []
            for article_id, title, body in db.execute(
                f"SELECT id, title, body FROM articles WHERE id IN ({marks(chunk)})", chunk
            ):
                found = signature(title, body)
                if found is None:
                    continue
                signatures.append((article_id, found.tobytes()))
                bands.extend((band, bucket, article_id) for band, bucket in _buckets(found))
            db.executemany("INSERT INTO article_signatures VALUES (?, ?)", signatures)
            db.executemany("INSERT INTO article_bands VALUES (?, ?, ?)", bands)
        # The groups the changed articles were in may split or join others.
        start = set(dirty)
        for chunk in chunks(dirty):
            start.update(
                row[0]
                for row in db.execute(
                    "SELECT article_id FROM article_copies WHERE copy_group IN (SELECT"
                    f" copy_group FROM article_copies WHERE article_id IN ({marks(chunk)}))",
                    chunk,
                )
            )
        groups = _components(db, sorted(start))
        touched = sorted({member for group in groups for member in group} | start)
        for chunk in chunks(touched):
            db.execute(f"DELETE FROM article_copies WHERE article_id IN ({marks(chunk)})", chunk)
        db.executemany(
            "INSERT INTO article_copies VALUES (?, ?)",
            [(member, min(group)) for group in groups if len(group) > 1 for member in group],
        )
        for chunk in chunks(dirty):
            db.execute(f"DELETE FROM copies_dirty WHERE id IN ({marks(chunk)})", chunk)
    return len(dirty)


def _components(db: sqlite3.Connection, start: Iterable[str]) -> list[set[str]]:
    """The groups of copies reachable from the articles `start`, each a set of ids."""
    import numpy

    cache: dict[str, numpy.typing.NDArray[numpy.uint64] | None] = {}

    def minhash(article_id: str) -> numpy.typing.NDArray[numpy.uint64] | None:
        if article_id not in cache:
            row = db.execute(
                "SELECT signature FROM article_signatures WHERE article_id = ?", (article_id,)
            ).fetchone()
            cache[article_id] = (
                None if row is None else numpy.frombuffer(row[0], dtype=numpy.uint64)
            )
        return cache[article_id]

    seen: set[str] = set()
    groups: list[set[str]] = []
    for first in start:
        if first in seen:
            continue
        group = {first}
        seen.add(first)
        frontier = [first]
        while frontier:
            current = frontier.pop()
            mine = minhash(current)
            if mine is None:
                continue
            candidates: set[str] = set()
            for band, bucket in _buckets(mine):
                candidates.update(
                    row[0]
                    for row in db.execute(
                        "SELECT article_id FROM article_bands WHERE band = ? AND bucket = ?",
                        (band, bucket),
                    )
                )
            for other in candidates - group:
                theirs = minhash(other)
                # The share of equal MinHash values estimates the Jaccard similarity.
                if theirs is not None and (mine == theirs).mean() >= SIMILAR:
                    group.add(other)
                    seen.add(other)
                    frontier.append(other)
        groups.append(group)
    return groups


def copy_groups(db: sqlite3.Connection, ids: Sequence[str] | None = None) -> dict[str, str]:
    """Article id -> its group, for the articles among `ids` (all when None) that have copies."""
    if ids is None:
        return dict(db.execute("SELECT article_id, copy_group FROM article_copies").fetchall())
    found: dict[str, str] = {}
    for chunk in chunks(list(ids)):
        found.update(
            db.execute(
                "SELECT article_id, copy_group FROM article_copies"
                f" WHERE article_id IN ({marks(chunk)})",
                chunk,
            ).fetchall()
        )
    return found


def members(db: sqlite3.Connection, groups: Iterable[str]) -> dict[str, list[str]]:
    """Group -> its article ids (sorted), for `groups`."""
    result: dict[str, list[str]] = defaultdict(list)
    wanted = sorted(set(groups))
    for chunk in chunks(wanted):
        for article_id, group in db.execute(
            "SELECT article_id, copy_group FROM article_copies"
            f" WHERE copy_group IN ({marks(chunk)}) ORDER BY article_id",
            chunk,
        ):
            result[group].append(article_id)
    return result


def group_count(db: sqlite3.Connection) -> int:
    """The number of groups of copies in the library."""
    return int(db.execute("SELECT count(DISTINCT copy_group) FROM article_copies").fetchone()[0])


Item = TypeVar("Item")


def once_per_story(
    items: Sequence[Item],
    groups: Mapping[str, str],
    id_of: Callable[[Item], str],
    with_copies: Callable[[Item, tuple[str, ...]], Item],
    mates: Mapping[str, Sequence[str]] | None = None,
) -> list[Item]:
    """`items` with the copies of one story kept once, where the first of them is,
    given the ids of its other copies by `with_copies`.

    `groups` maps an article id to its group (`copy_groups`); `mates` a group
    to all its ids (by default, those among `items`).
    """
    if not groups:
        return list(items)
    if mates is None:
        found: dict[str, list[str]] = defaultdict(list)
        for member, its_group in groups.items():
            found[its_group].append(member)
        mates = found
    kept: list[Item] = []
    shown: set[str] = set()
    for item in items:
        article_id = id_of(item)
        group = groups.get(article_id)
        if group is None:
            kept.append(item)
            continue
        if group in shown:
            continue
        shown.add(group)
        others = tuple(sorted(i for i in mates.get(group, ()) if i != article_id))
        kept.append(with_copies(item, others))
    return kept
