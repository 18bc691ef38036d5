"""Bookmarked quotes and passages, kept safe in their own SQLite file (no Textual).

The store is `bookmarks.sqlite` in the library folder, apart from the catalog,
so that rebuilding or re-importing the catalog never touches a bookmark.

Safety:
- WAL journal, `synchronous = FULL` and one transaction per change: once
  `add` (or any change) returns, the bookmark is on disk and survives the
  process being killed.
- `busy_timeout` and `BEGIN IMMEDIATE`: two `reader` processes writing at the
  same time wait for each other instead of failing or losing a write.
- Nothing ever deletes a bookmark except `delete`, which returns it so that
  `restore` can undo.  When an article changes, `reanchor` finds the bookmarked
  text again; when it cannot, or the article left the library, the bookmark is
  flagged `orphaned` and kept with its text.

Each bookmark carries a copy of what it needs to be shown without the library:
the text, speaker, article title, date and path.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reader.bookmarks.anchoring import locate
from reader.bookmarks.formats import from_json, render
from reader.bookmarks.model import (
    Anchor,
    Bookmark,
    BookmarkFileError,
    BookmarkFilter,
    ImportResult,
    ReanchorResult,
    make_anchor,
    normalise_tags,
    now,
)
from reader.quotestore import speaker_matches
from reader.safefile import backup_or_problem, use_wal
from reader.safewrite import write_text
from reader.textnorm import fold_text

FILE_NAME = "bookmarks.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bookmarks (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    speaker TEXT,
    article_id TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    path TEXT NOT NULL,
    anchor_text TEXT NOT NULL,
    prefix TEXT NOT NULL,
    suffix TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at INTEGER NOT NULL,
    note TEXT NOT NULL,
    tags TEXT NOT NULL,
    created TEXT NOT NULL,
    orphaned INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS bookmarks_by_article ON bookmarks (article_id);
CREATE INDEX IF NOT EXISTS bookmarks_by_created ON bookmarks (created);
"""
_COLUMNS = (
    "id, text, speaker, article_id, title, date, path, anchor_text, prefix, suffix,"
    " start_at, end_at, note, tags, created, orphaned"
)


class BookmarkStore:
    """The bookmarks of one library. Safe to share between threads; one per process is enough."""

    def __init__(self, path: Path, backup_to: Path | None = None) -> None:
        """Open (or create) the store; a file that is not one raises `BookmarkFileError`.

        Such a file is never changed or replaced here: it may be the only copy
        (`reader.healing` sets it aside and restores a backup).  With
        `backup_to`, every change is followed by a consistent copy of the
        whole store there (SQLite's backup API; milliseconds for thousands of
        bookmarks), so a damaged file loses nothing.
        """
        self.path = path
        self.backup_to = backup_to
        self.backup_problem: str | None = None
        self._lock = threading.RLock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        try:
            self._prepare()
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise BookmarkFileError(str(path), f"cannot be read as bookmarks ({error})") from None

    def _prepare(self) -> None:
        use_wal(self.db, "FULL")
        if self._schema_version() < SCHEMA_VERSION:
            with self._write():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # Changing ----------------------------------------------------------------

    def add(
        self,
        *,
        body: str,
        start: int,
        end: int,
        article_id: str,
        title: str = "",
        date: str = "",
        path: str = "",
        speaker: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Bookmark:
        """Bookmark `body[start:end]` of an article; on disk when this returns.

        Raises ValueError when the span is empty or outside `body`.
        """
        anchor = make_anchor(body, start, end)
        bookmark = Bookmark(
            id=str(uuid.uuid4()),
            text=anchor.text,
            speaker=speaker,
            article_id=article_id,
            title=title,
            date=date,
            path=path,
            anchor=anchor,
            note=note,
            tags=normalise_tags(tags),
            created=now(),
            orphaned=False,
        )
        with self._write():
            self._insert(bookmark)
        return bookmark

    def update(
        self, bookmark_id: str, *, note: str | None = None, tags: Iterable[str] | None = None
    ) -> Bookmark | None:
        """Change the note and/or tags; the updated bookmark, or None when there is no such id."""
        with self._write():
            found = self._get(bookmark_id)
            if found is None:
                return None
            changed = replace(
                found,
                note=found.note if note is None else note,
                tags=found.tags if tags is None else normalise_tags(tags),
            )
            self.db.execute(
                "UPDATE bookmarks SET note = ?, tags = ? WHERE id = ?",
                (changed.note, json.dumps(list(changed.tags), ensure_ascii=False), bookmark_id),
            )
        return changed

    def delete(self, bookmark_id: str) -> Bookmark | None:
        """Delete a bookmark; returns it (pass it to `restore` to undo), None if unknown."""
        with self._write():
            found = self._get(bookmark_id)
            if found is not None:
                self.db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return found

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put back a deleted bookmark as it was (same id and time). A no-op if it is there."""
        with self._write():
            self._insert(bookmark, ignore_existing=True)
        return bookmark

    def reanchor(self, article_id: str, body: str) -> ReanchorResult:
        """Find each bookmark of an article again in its new `body`.

        In order: the old offsets still hold the text; the text (quote marks
        folded, spacing free) where the old context matches best; the text
        alone when it occurs exactly once.  Otherwise the bookmark is flagged
        orphaned, keeping its text and old offsets.  A bookmark found again
        loses its orphaned flag.
        """
        unchanged = moved = orphaned = 0
        updates: list[tuple[str, Anchor | None]] = []  # None: flag as orphaned
        with self._lock:
            current = list(self._select("WHERE article_id = ?", (article_id,)))
        for bookmark in current:
            found = locate(bookmark.anchor, body)
            if found is None:
                orphaned += 1
                if not bookmark.orphaned:
                    updates.append((bookmark.id, None))
                continue
            anchor = make_anchor(body, *found)
            if anchor == bookmark.anchor:
                unchanged += 1
            else:
                moved += 1
            if anchor != bookmark.anchor or bookmark.orphaned:
                updates.append((bookmark.id, anchor))
        if updates:
            # Only changes are written: re-checking an unchanged article costs no write.
            with self._write():
                for bookmark_id, new_anchor in updates:
                    if new_anchor is None:
                        self.db.execute(
                            "UPDATE bookmarks SET orphaned = 1 WHERE id = ?", (bookmark_id,)
                        )
                    else:
                        self.db.execute(
                            "UPDATE bookmarks SET anchor_text = ?, prefix = ?, suffix = ?,"
                            " start_at = ?, end_at = ?, orphaned = 0 WHERE id = ?",
                            (new_anchor.text, new_anchor.prefix, new_anchor.suffix,
                             new_anchor.start, new_anchor.end, bookmark_id),
                        )  # fmt: skip
        return ReanchorResult(unchanged, moved, orphaned)

    def mark_orphaned(self, article_ids: Iterable[str]) -> int:
        """Flag the bookmarks of articles that left the library; how many were flagged."""
        ids = list(article_ids)
        count = 0
        if not ids:
            return 0
        with self._write():
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                cursor = self.db.execute(
                    f"UPDATE bookmarks SET orphaned = 1 WHERE orphaned = 0"
                    f" AND article_id IN ({marks})",
                    chunk,
                )
                count += cursor.rowcount
        return count

    # Reading -----------------------------------------------------------------

    def get(self, bookmark_id: str) -> Bookmark | None:
        with self._lock:
            return self._get(bookmark_id)

    def find(self, typed: str) -> list[Bookmark]:
        """The bookmarks a filter typed by the user keeps: words, and `#tag`s that must
        all match (see `BookmarkFilter`); newest first."""
        wanted = BookmarkFilter.parse(typed)
        return self.list(wanted.text, tags=wanted.tags)

    def list(
        self,
        text: str = "",
        *,
        speaker: str | None = None,
        tags: Iterable[str] = (),
        article_id: str | None = None,
        limit: int | None = None,
    ) -> list[Bookmark]:
        """Bookmarks, newest first.

        `text` keeps those where every word of it is found in the text,
        speaker, tags, note or title; each of `tags` must match a tag whole;
        `speaker` names the speaker as `Library.quotes` understands it
        ("alonso" and "Xabi Alonso" match each other).  All ignore case,
        accents and quote marks.
        """
        where, args = ("WHERE article_id = ?", (article_id,)) if article_id else ("", ())
        with self._lock:
            rows = list(self._select(f"{where} ORDER BY created DESC, rowid DESC", args))
        wanted = fold_text(text).split()
        tags = tuple(tags)
        found = []
        for bookmark in rows:
            if speaker is not None and not speaker_matches(bookmark.speaker, speaker):
                continue
            if not bookmark.has_tags(tags):
                continue
            if wanted:
                haystack = fold_text(
                    " ".join((bookmark.text, bookmark.speaker or "", " ".join(bookmark.tags),
                              bookmark.note, bookmark.title))
                )  # fmt: skip
                if not all(word in haystack for word in wanted):
                    continue
            found.append(bookmark)
            if limit is not None and len(found) >= limit:
                break
        return found

    def article_ids(self) -> set[str]:
        """Ids of the articles that have bookmarks."""
        with self._lock:
            return {row[0] for row in self.db.execute("SELECT DISTINCT article_id FROM bookmarks")}

    def count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT count(*) FROM bookmarks").fetchone()[0])

    # Export and import ---------------------------------------------------------

    def export(self, fmt: str, bookmarks: Sequence[Bookmark] | None = None) -> str:
        """All bookmarks (or `bookmarks`), newest first, as "md", "json" or "csv" text."""
        return render(fmt, self.list() if bookmarks is None else list(bookmarks))

    def export_file(self, path: Path, fmt: str, *, overwrite: bool = False) -> int:
        """Write every bookmark to `path` as `fmt`; how many were written.

        The rules of `reader.safewrite` apply, with the library folder (this
        store's) protected: `WriteRefused` when `path` is inside it, or exists
        and not `overwrite`, or cannot be written.
        """
        found = self.list()
        write_text(path, self.export(fmt, found), protected=self.path.parent, overwrite=overwrite)
        return len(found)

    def import_json(self, text: str, shown_as: str = "<json>") -> ImportResult:
        """Add the bookmarks of a JSON export that are not here yet (same id = same bookmark).

        All or nothing: raises `BookmarkFileError` naming `shown_as` and the
        reason when the text is not a valid export.
        """
        bookmarks = from_json(text, shown_as)
        added = 0
        with self._write():
            for bookmark in bookmarks:
                added += self._insert(bookmark, ignore_existing=True)
        return ImportResult(added, len(bookmarks) - added)

    def import_file(self, path: Path) -> ImportResult:
        """`import_json` on a file; a missing or unreadable file raises `BookmarkFileError`."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BookmarkFileError(str(path), "no such file") from None
        except UnicodeDecodeError:
            raise BookmarkFileError(str(path), "not UTF-8 text") from None
        except OSError as error:
            raise BookmarkFileError(str(path), error.strerror or str(error)) from None
        return self.import_json(text, str(path))

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # Internals -----------------------------------------------------------------

    def _write(self) -> _Transaction:
        return _Transaction(self)

    def back_up(self) -> None:
        """Copy the whole store to `backup_to` (nothing without one).

        A backup that fails (a full disk) does not undo the change, which is
        committed already; `backup_problem` says why until one succeeds.
        """
        if self.backup_to is None:
            return
        with self._lock:
            self.backup_problem = backup_or_problem(self.db, self.backup_to)

    def _insert(self, bookmark: Bookmark, ignore_existing: bool = False) -> bool:
        verb = "INSERT OR IGNORE" if ignore_existing else "INSERT"
        a = bookmark.anchor
        cursor = self.db.execute(
            f"{verb} INTO bookmarks ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                bookmark.id, bookmark.text, bookmark.speaker, bookmark.article_id,
                bookmark.title, bookmark.date, bookmark.path, a.text, a.prefix, a.suffix,
                a.start, a.end, bookmark.note,
                json.dumps(list(bookmark.tags), ensure_ascii=False), bookmark.created,
                int(bookmark.orphaned),
            ),
        )  # fmt: skip
        return cursor.rowcount == 1

    def _get(self, bookmark_id: str) -> Bookmark | None:
        return next(self._select("WHERE id = ?", (bookmark_id,)), None)

    def _select(self, where: str, args: Sequence[Any]) -> Iterator[Bookmark]:
        for row in self.db.execute(f"SELECT {_COLUMNS} FROM bookmarks {where}", args).fetchall():
            (id_, text, speaker, article_id, title, date, path, a_text, prefix, suffix, start,
             end, note, tags, created, orphaned) = row  # fmt: skip
            yield Bookmark(
                id_, text, speaker, article_id, title, date, path,
                Anchor(a_text, prefix, suffix, start, end),
                note, tuple(json.loads(tags)), created, bool(orphaned),
            )  # fmt: skip


class _Transaction:
    """`with store._write():` one IMMEDIATE transaction, committed on success, under the
    lock, and the store backed up after a commit."""

    def __init__(self, store: BookmarkStore) -> None:
        self.store = store
        self.db = store.db
        self.lock = store._lock

    def __enter__(self) -> None:
        self.lock.acquire()
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.lock.release()
            raise

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")
            if kind is None:
                self.store.back_up()
        finally:
            self.lock.release()
