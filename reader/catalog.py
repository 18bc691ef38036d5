"""The catalog: a SQLite database of imported folders, files and articles.

It is the source of truth for article text and metadata (the Whoosh index is
rebuilt from it when its schema changes) and the manifest that makes imports
incremental: a file is re-read only when its mtime or size changed, and
re-indexed only when its content hash changed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.articles import Article
from reader.copies import create_copies_tables
from reader.peopletables import create_people_tables, store_article_people
from reader.safefile import run_script, schema_transaction, use_wal
from reader.textnorm import fold_text

# Bump when the tables change in a way old rows cannot be read, or when the
# files are read differently: the library is then re-imported from its
# folders.  2: people tables (see reader.peopletables); 3: people group totals;
# 4: the index queue; 5: HTML character references decoded in text files;
# 6: the feeds an article came from (front matter `feed`); 7: copies of one
# story; 8: folded titles, so that the list comes in order from an index.
CATALOG_SCHEMA_VERSION = 8
# Versions a catalog is brought up from in place, without a re-import.
MIGRATIONS: dict[int, str] = {}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS roots (
    name TEXT PRIMARY KEY,
    path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    root TEXT NOT NULL,
    relpath TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (root, relpath)
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    relpath TEXT NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    author TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    tags TEXT NOT NULL,
    body TEXT NOT NULL,
    people TEXT NOT NULL DEFAULT '[]',
    quotes TEXT NOT NULL DEFAULT '[]',
    added REAL NOT NULL,
    feeds TEXT NOT NULL DEFAULT '[]',
    -- The title as the list sorts it (`fold_text`: case, accents, quote marks).
    title_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_by_file ON articles (root, relpath);
-- The article list, newest first then by title, read from this index alone
-- (its columns are all the list needs): no table scan, no sort.
CREATE INDEX IF NOT EXISTS articles_by_date
    ON articles (date DESC, title_key, id, title, source, root, relpath);
-- Articles whose index documents may not match the catalog yet.  The catalog
-- commits first and the index after it; whatever a crash between the two
-- leaves undone is listed here and redone (see Library.repair).
CREATE TABLE IF NOT EXISTS index_queue (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS index_queue_added AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO index_queue VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS index_queue_changed AFTER UPDATE ON articles BEGIN
    INSERT OR IGNORE INTO index_queue VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS index_queue_removed AFTER DELETE ON articles BEGIN
    INSERT OR IGNORE INTO index_queue VALUES (old.id);
END;
"""


def folder_of(root: str, relpath: str) -> str:
    """The folder an article is listed in: the imported folder's name and the
    sub-folders of its file ("news/sport" for sport/derby.txt imported with news/)."""
    return f"{root}/{relpath}".rsplit("/", 1)[0]


@dataclass(frozen=True, slots=True)
class FileState:
    mtime_ns: int
    size: int
    hash: str


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as the library knows it: parsed fields plus where it came from."""

    id: str
    title: str
    body: str
    date: str
    author: str
    source: str
    url: str
    tags: tuple[str, ...]
    root: str
    relpath: str
    path: str

    @property
    def folder(self) -> str:
        """The folder it is listed in (see `folder_of`)."""
        return folder_of(self.root, self.relpath)

    @property
    def location(self) -> str:
        """Its folder and file name as the library knows them ("news/sport/derby.txt")."""
        return f"{self.root}/{self.relpath}"

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader show --json`): the fields and the file's path."""
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "author": self.author,
            "source": self.source,
            "url": self.url,
            "tags": list(self.tags),
            "path": self.path,
            "body": self.body,
        }


@dataclass(frozen=True, slots=True)
class TextRow:
    """An article's indexed fields as stored (tags, people, quotes, feeds still JSON)."""

    id: str
    title: str
    body: str
    date: str
    author: str
    source: str
    tags: str
    people: str
    quotes: str
    feeds: str


@dataclass(slots=True)  # not frozen: made 100,000 at a time, and frozen takes twice as long
class ArticleSummary:
    """What a list of articles shows: no body."""

    id: str
    title: str
    date: str
    source: str
    folder: str
    path: str
    # The other copies of this story (`reader.copies`) when the list shows it once.
    copies: tuple[str, ...] = ()


def by_title(summaries: Iterable[ArticleSummary]) -> list[ArticleSummary]:
    """Articles by title (case, accents and quote marks ignored, as everywhere), then
    newest first."""
    items = sorted(summaries, key=lambda s: s.date, reverse=True)
    items.sort(key=lambda s: fold_text(s.title))
    return items


def by_date(summaries: Iterable[ArticleSummary]) -> list[ArticleSummary]:
    """Articles newest first (undated last), then by title as `by_title` compares them."""
    items = sorted(summaries, key=lambda s: fold_text(s.title))
    items.sort(key=lambda s: s.date, reverse=True)
    return items


class Catalog:
    """The library's SQLite database. One connection per thread (see `connect`).

    Opening a file that is not a sound catalog raises `sqlite3.DatabaseError`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = connect(path)
        try:
            with schema_transaction(self.db):
                version = self.schema_version
                if version == 0 and self.is_empty_file:
                    self.create_tables()
                elif version in MIGRATIONS or version == CATALOG_SCHEMA_VERSION:
                    run_script(self.db, _SCHEMA)
                    create_people_tables(self.db)
                    create_copies_tables(self.db)
                    if version in MIGRATIONS:
                        self.mark_schema_current()
            # count(*) walks a whole index of the articles table: a cheap probe
            # that meets most damage (40 ms at 100,000 articles).
            self.count()
        except BaseException:
            self.db.close()
            raise

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    @property
    def is_empty_file(self) -> bool:
        """True for a catalog with no tables yet (a new library)."""
        return int(self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) == 0

    def create_tables(self) -> None:
        """Make a new (empty) catalog file a current one."""
        run_script(self.db, _SCHEMA)
        create_people_tables(self.db)
        create_copies_tables(self.db)
        self.mark_schema_current()

    def mark_schema_current(self) -> None:
        self.db.execute(f"PRAGMA user_version = {CATALOG_SCHEMA_VERSION}")

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # Roots -----------------------------------------------------------------

    def roots(self) -> dict[str, Path]:
        return {name: Path(path) for name, path in self.db.execute("SELECT name, path FROM roots")}

    def set_root(self, name: str, path: Path) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO roots VALUES (?, ?)", (name, str(path)))

    # Files -------------------------------------------------------------------

    def file_states(self, root: str) -> dict[str, FileState]:
        rows = self.db.execute(
            "SELECT relpath, mtime_ns, size, hash FROM files WHERE root = ?", (root,)
        )
        return {relpath: FileState(m, s, h) for relpath, m, s, h in rows}

    def article_counts(self, root: str) -> dict[str, int]:
        """Articles per file of a root, in one query (an unchanged 100k library needs it fast)."""
        rows = self.db.execute(
            "SELECT relpath, count(*) FROM articles WHERE root = ? GROUP BY relpath", (root,)
        )
        return {relpath: count for relpath, count in rows}

    def article_ids_of_file(self, root: str, relpath: str) -> set[str]:
        rows = self.db.execute(
            "SELECT id FROM articles WHERE root = ? AND relpath = ?", (root, relpath)
        )
        return {row[0] for row in rows}

    def save_file(
        self,
        root: str,
        relpath: str,
        state: FileState,
        articles: Sequence[tuple[str, Article]],
        analysis: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        """Record a file and replace its articles; the caller commits.

        `analysis` maps article id to (people JSON, quotes JSON).
        """
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
            (root, relpath, state.mtime_ns, state.size, state.hash),
        )
        self.db.execute("DELETE FROM articles WHERE root = ? AND relpath = ?", (root, relpath))
        now = time.time()
        for article_id, a in articles:
            people, quotes = (analysis or {}).get(article_id, ("[]", "[]"))
            self.db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    article_id, root, relpath, a.key, a.title, a.date, a.author, a.source,
                    a.url, json.dumps(list(a.tags)), a.body, people, quotes, now,
                    json.dumps(list(a.feeds), ensure_ascii=False), fold_text(a.title),
                ),
            )  # fmt: skip
            store_article_people(self.db, article_id, people)

    def touch_file(self, root: str, relpath: str, state: FileState) -> None:
        """Record a new mtime/size for a file whose content did not change."""
        self.db.execute(
            "UPDATE files SET mtime_ns = ?, size = ? WHERE root = ? AND relpath = ?",
            (state.mtime_ns, state.size, root, relpath),
        )

    def forget_file(self, root: str, relpath: str) -> None:
        self.db.execute("DELETE FROM files WHERE root = ? AND relpath = ?", (root, relpath))
        self.db.execute("DELETE FROM articles WHERE root = ? AND relpath = ?", (root, relpath))

    # The index queue -------------------------------------------------------------

    def queued_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM index_queue").fetchone()[0])

    def queued_ids(self, limit: int) -> list[str]:
        rows = self.db.execute("SELECT id FROM index_queue LIMIT ?", (limit,))
        return [row[0] for row in rows]

    def unqueue(self, ids: Sequence[str] | None = None) -> None:
        """Forget queued ids (all when None) once the index matches the catalog; commits."""
        with self.db:
            if ids is None:
                self.db.execute("DELETE FROM index_queue")
                return
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" * len(chunk))
                self.db.execute(f"DELETE FROM index_queue WHERE id IN ({marks})", chunk)

    def queue_everything(self) -> None:
        """Queue every article, for a new empty index; commits."""
        with self.db:
            self.db.execute("INSERT OR IGNORE INTO index_queue SELECT id FROM articles")

    # Articles ------------------------------------------------------------------

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def article(self, article_id: str) -> StoredArticle | None:
        row = self.db.execute(
            "SELECT a.id, a.title, a.body, a.date, a.author, a.source, a.url, a.tags, a.root,"
            " a.relpath, r.path FROM articles a LEFT JOIN roots r ON r.name = a.root"
            " WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        id_, title, body, date, author, source, url, tags, root, relpath, root_path = row
        path = str(Path(root_path) / relpath) if root_path else relpath
        tag_list = tuple(json.loads(tags))
        return StoredArticle(
            id_, title, body, date, author, source, url, tag_list, root, relpath, path
        )

    def find_ids(self, prefix: str, limit: int = 10) -> list[str]:
        """Ids starting with `prefix` (so users can type a short id), in id order."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "~", limit),
        )
        return [row[0] for row in rows]

    def summaries(
        self,
        ids: Iterable[str] | None = None,
        *,
        newest: int | None = None,
        ordered: bool = False,
    ) -> Iterator[ArticleSummary]:
        """Summaries of the given articles (all articles when `ids` is None), unordered;
        `ordered` (all articles only), newest first (undated last), then by title as
        `by_date` orders them; with `newest`, only that many, in that order."""
        sql = (
            "SELECT a.id, a.title, a.date, a.source, a.root, a.relpath, r.path"
            " FROM articles a LEFT JOIN roots r ON r.name = a.root"
        )
        # Read from the articles_by_date index, in its order.
        order = " ORDER BY a.date DESC, a.title_key"
        if newest is not None:
            rows: Iterable[tuple[str, ...]] = self.db.execute(f"{sql}{order} LIMIT ?", (newest,))
        elif ids is None:
            rows = self.db.execute(sql + order if ordered else sql)
        else:
            rows = []
            id_list = list(ids)
            for start in range(0, len(id_list), 500):
                chunk = id_list[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows.extend(self.db.execute(f"{sql} WHERE a.id IN ({marks})", chunk))
        for article_id, title, date, source, root, relpath, root_path in rows:
            folder = folder_of(root, relpath)
            # os.path rather than Path: 100,000 Path objects cost a third of a second.
            path = os.path.join(root_path, relpath) if root_path else relpath
            yield ArticleSummary(article_id, title, date, source, folder, path)

    def texts(
        self,
        ids: Sequence[str],
        json_columns: Iterable[str] = ("tags", "people", "quotes", "feeds"),
    ) -> dict[str, TextRow]:
        """The searchable texts of each id (missing ids are left out).

        Of the JSON columns, only `json_columns` are read (the others are "[]"):
        an article's people and quotes are often larger than its text, and a
        phrase check needs neither.
        """
        json_columns = tuple(json_columns)
        wanted = [c if c in json_columns else "'[]'" for c in ("tags", "people", "quotes", "feeds")]
        columns = ", ".join(["id", "title", "body", "date", "author", "source", *wanted])
        found: dict[str, TextRow] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT {columns} FROM articles WHERE id IN ({marks})", chunk
            ):
                found[row[0]] = TextRow(*row)
        return found

    def added_since(self, when: float) -> list[str]:
        """The ids of the articles imported (or changed) after `when` (seconds since the epoch)."""
        return [
            row[0] for row in self.db.execute("SELECT id FROM articles WHERE added > ?", (when,))
        ]

    def all_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM articles")}

    def close(self) -> None:
        self.db.close()


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode that waits for other processes rather than failing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30, check_same_thread=False)
    try:
        use_wal(db, "NORMAL")
    except BaseException:
        db.close()
        raise
    return db


def people_keys(people_json: str) -> list[str]:
    """Folded keys of the people stored with an article."""
    return [person["key"] for person in json.loads(people_json)]


def quote_texts(quotes_json: str) -> list[str]:
    """The quoted words stored with an article."""
    return [quote["text"] for quote in json.loads(quotes_json)]
