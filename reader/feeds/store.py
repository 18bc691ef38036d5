"""The feeds a library subscribes to, and what was fetched from them: `feeds.sqlite`.

Like the list of folders, the subscriptions and their HTTP state (`ETag`,
`Last-Modified`, when last fetched, the last error) come from the user and
from nowhere else, so they live in a file of their own beside `folders.json`
that no catalog or index rebuild touches, with a copy in `backups/` after
every change (see `reader.healing`, which restores it when it is damaged).

It also remembers which entry of which feed became which article file
(`entries`) and which saved page (`pages`), so that an entry that changes
rewrites its own file, and a link seen in two feeds is one article.  Should
that memory be lost, the files themselves carry the entry's identity in
their names (see `reader.feeds.files`), so nothing is duplicated.

Methods may be called from any thread; writes happen under the library's
write lock (the caller's), so there is one writer.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.feeds.model import FeedError
from reader.lock import LibraryLock
from reader.safefile import (
    backup_or_problem,
    backup_path,
    run_script,
    schema_transaction,
    use_wal,
)
from reader.wording import plural

FILE_NAME = "feeds.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    folder TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    summary_only INTEGER NOT NULL DEFAULT 0,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_fetched TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entries (
    feed TEXT NOT NULL,
    key TEXT NOT NULL,
    relpath TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (feed, key)
);
CREATE INDEX IF NOT EXISTS entries_by_link ON entries (link);
CREATE INDEX IF NOT EXISTS entries_by_file ON entries (relpath);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    relpath TEXT NOT NULL
);
"""


class FeedStoreError(FeedError):
    """`feeds.sqlite` cannot be read: `str()` is "FILE: reason"."""


@dataclass(frozen=True, slots=True)
class FeedRow:
    """A subscription as stored.  `folder` is its folder's name under the feeds folder."""

    name: str
    url: str
    folder: str
    title: str
    summary_only: bool
    etag: str
    last_modified: str
    last_fetched: str
    last_error: str


@dataclass(frozen=True, slots=True)
class EntryRow:
    """The article file an entry became (relative to the feeds folder)."""

    relpath: str
    link: str
    fingerprint: str


class FeedStore:
    """The library's feeds.  Safe to use from several threads (calls are serialised)."""

    def __init__(self, path: Path, backup_to: Path | None = None) -> None:
        """Open (or create) the store; a file that is not one raises `FeedStoreError`.

        With `backup_to`, every change is followed by a consistent copy there.
        """
        self.path = path
        self.backup_to = backup_to
        self.backup_problem: str | None = None
        self._lock = threading.RLock()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        except sqlite3.Error as error:
            raise FeedStoreError(f"{path}: cannot be opened ({error})") from None
        try:
            use_wal(self.db)
            with schema_transaction(self.db):
                version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
                if version > SCHEMA_VERSION:
                    raise FeedStoreError(f"{path}: made by a newer reader (version {version})")
                run_script(self.db, _SCHEMA)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise FeedStoreError(f"{path}: cannot be read as a list of feeds ({error})") from None
        except BaseException:
            self.db.close()
            raise

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            with self.db:
                yield self.db
            self.back_up()

    def back_up(self) -> None:
        """Copy the whole store to `backup_to`; a failure is kept in `backup_problem`."""
        if self.backup_to is None:
            return
        with self._lock:
            self.backup_problem = backup_or_problem(self.db, self.backup_to)

    # Feeds -------------------------------------------------------------------

    def feeds(self) -> list[FeedRow]:
        """Every feed, by name (ignoring case)."""
        with self._lock:
            rows = self.db.execute(
                "SELECT name, url, folder, title, summary_only, etag, last_modified,"
                " last_fetched, last_error FROM feeds ORDER BY name COLLATE NOCASE"
            ).fetchall()
        return [_feed_row(row) for row in rows]

    def feed(self, name: str) -> FeedRow | None:
        """The feed called `name`, or else the one `name` is the name of ignoring case."""
        found = {row.name: row for row in self.feeds()}
        if name in found:
            return found[name]
        folded = [row for row in found.values() if row.name.casefold() == name.casefold()]
        return folded[0] if len(folded) == 1 else None

    def feed_with_url(self, url: str) -> FeedRow | None:
        return next((row for row in self.feeds() if row.url == url), None)

    def add_feed(self, name: str, url: str, folder: str, title: str, summary_only: bool) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO feeds (name, url, folder, title, summary_only, added)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (name, url, folder, title, int(summary_only), now_iso()),
            )

    def remove_feed(self, name: str) -> None:
        """Forget a feed and its entries (the article files are the caller's business)."""
        with self._write() as db:
            db.execute("DELETE FROM entries WHERE feed = ?", (name,))
            db.execute("DELETE FROM feeds WHERE name = ?", (name,))

    def record_fetch(
        self,
        name: str,
        when: str,
        error: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        title: str | None = None,
    ) -> None:
        """Note a fetch of `name`: when, its error ("" for none) and, when given, the
        validators for the next conditional request and the feed's own title."""
        with self._write() as db:
            db.execute(
                "UPDATE feeds SET last_fetched = ?, last_error = ? WHERE name = ?",
                (when, error, name),
            )
            if etag is not None or last_modified is not None:
                db.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ? WHERE name = ?",
                    (etag or "", last_modified or "", name),
                )
            if title:
                db.execute("UPDATE feeds SET title = ? WHERE name = ?", (title, name))

    # Entries -----------------------------------------------------------------

    def entries(self, feed: str) -> dict[str, EntryRow]:
        """Entry key -> its article file, for one feed."""
        with self._lock:
            rows = self.db.execute(
                "SELECT key, relpath, link, fingerprint FROM entries WHERE feed = ?", (feed,)
            ).fetchall()
        return {
            key: EntryRow(relpath, link, fingerprint) for key, relpath, link, fingerprint in rows
        }

    def save_entries(self, feed: str, rows: dict[str, EntryRow]) -> None:
        """Record (or replace) entries of `feed`, in one transaction."""
        if not rows:
            return
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO entries (feed, key, relpath, link, fingerprint)"
                " VALUES (?, ?, ?, ?, ?)",
                [(feed, key, r.relpath, r.link, r.fingerprint) for key, r in rows.items()],
            )

    def file_of_link(self, link: str) -> str | None:
        """The article file a link already became, in any feed or as a saved page."""
        if not link:
            return None
        with self._lock:
            row = self.db.execute(
                "SELECT relpath FROM entries WHERE link = ? UNION ALL"
                " SELECT relpath FROM pages WHERE url = ? LIMIT 1",
                (link, link),
            ).fetchone()
        return str(row[0]) if row else None

    def feeds_of_file(self, relpath: str) -> list[str]:
        """The feeds whose entries became the file `relpath`, by name."""
        with self._lock:
            rows = self.db.execute(
                "SELECT DISTINCT feed FROM entries WHERE relpath = ? ORDER BY feed", (relpath,)
            ).fetchall()
        return [str(row[0]) for row in rows]

    def files_of_feed(self, feed: str) -> list[str]:
        with self._lock:
            rows = self.db.execute(
                "SELECT DISTINCT relpath FROM entries WHERE feed = ? ORDER BY relpath", (feed,)
            ).fetchall()
        return [str(row[0]) for row in rows]

    # Saved pages -------------------------------------------------------------

    def page_file(self, url: str) -> str | None:
        with self._lock:
            row = self.db.execute("SELECT relpath FROM pages WHERE url = ?", (url,)).fetchone()
        return str(row[0]) if row else None

    def save_page(self, url: str, relpath: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO pages (url, relpath) VALUES (?, ?)", (url, relpath))

    def close(self) -> None:
        with self._lock:
            self.db.close()


def now_iso() -> str:
    """The time now as the store keeps it: ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _feed_row(row: tuple[object, ...]) -> FeedRow:
    name, url, folder, title, summary_only, etag, modified, fetched, error = row
    return FeedRow(
        str(name), str(url), str(folder), str(title), bool(summary_only), str(etag),
        str(modified), str(fetched), str(error),
    )  # fmt: skip


def open_store(
    library: Path,
    lock: LibraryLock,
    notices: list[str],
    on_wait: Callable[[str], None] | None = None,
) -> FeedStore:
    """The feeds of the library in `library`, restored from a backup when damaged."""
    from reader.healing import restore_if_damaged

    path = library / FILE_NAME
    restore_if_damaged(library, path, "list of feeds", lock, notices, on_wait, _count_feeds)
    newest = backup_path(library, FILE_NAME, 1)
    store = FeedStore(path, backup_to=newest)
    if not newest.exists():
        store.back_up()
    return store


def _count_feeds(path: Path) -> str:
    try:
        db = sqlite3.connect(path)
        try:
            number = int(db.execute("SELECT count(*) FROM feeds").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return "the feeds"
    return plural(number, "feed")
