"""What the reader remembers between runs: read articles, reading positions,
the last article read, the chosen theme (no Textual).

Kept in `state.sqlite` in the library folder, apart from the catalog, so
rebuilding the catalog or the index never forgets what was read.  Several
`reader` processes may share it (WAL, short transactions).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.safefile import use_wal

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reading (
    article_id TEXT PRIMARY KEY,
    opened TEXT NOT NULL,
    scroll INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class ReadingPosition:
    article_id: str
    scroll: int


class ReadingState:
    """Read marks and positions.  Methods are safe to call from any thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.db = sqlite3.connect(path, timeout=10, check_same_thread=False)
        use_wal(self.db)
        with self.db:
            self.db.executescript(_SCHEMA)

    def read_ids(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self.db.execute("SELECT article_id FROM reading")}

    def remember(self, article_id: str, scroll: int) -> None:
        """Mark `article_id` read, at line `scroll`, and as the last article read."""
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        with self._lock, self.db:
            self.db.execute(
                "INSERT INTO reading(article_id, opened, scroll) VALUES (?, ?, ?)"
                " ON CONFLICT(article_id) DO UPDATE SET opened = excluded.opened,"
                " scroll = excluded.scroll",
                (article_id, now, max(0, scroll)),
            )

    def position(self, article_id: str) -> int:
        """The line the reader left `article_id` at (0 when never read)."""
        with self._lock:
            row = self.db.execute(
                "SELECT scroll FROM reading WHERE article_id = ?", (article_id,)
            ).fetchone()
        return int(row[0]) if row else 0

    def last_read(self) -> ReadingPosition | None:
        with self._lock:
            row = self.db.execute(
                "SELECT article_id, scroll FROM reading ORDER BY opened DESC LIMIT 1"
            ).fetchone()
        return ReadingPosition(row[0], int(row[1])) if row else None

    def get(self, key: str, default: str = "") -> str:
        with self._lock:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set(self, key: str, value: str) -> None:
        with self._lock, self.db:
            self.db.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def back_up(self, target: Path) -> None:
        """A consistent copy of the whole state at `target` (see `reader.safefile`)."""
        from reader.safefile import backup_sqlite

        with self._lock:
            backup_sqlite(self.db, target)

    def close(self) -> None:
        with self._lock:
            self.db.close()
