"""What the benchmark times: the reader, bare Whoosh (bench/bare.py), SQLite FTS5.

Each engine answers a `Query` with the first page (20 hits) and a total:
- the reader: `Library.search`, everything included (parse, Whoosh, snippets);
- bare Whoosh: see `bench.bare.BareWhooshEngine`;
- FTS5: the same texts in an FTS5 table (unicode61, diacritics removed),
  ranked by bm25, with a snippet per hit.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Protocol

from bench.queries import Query
from reader.library import Library

PAGE = 20


class Engine(Protocol):
    name: str

    def search(self, query: Query) -> int: ...

    def close(self) -> None: ...


class ReaderEngine:
    name = "reader"

    def __init__(self, folder: Path) -> None:
        self.library = Library(folder, seed=False)

    def search(self, query: Query) -> int:
        return self.library.search(query.text, limit=PAGE).total

    def close(self) -> None:
        self.library.close()


class Fts5Engine:
    name = "fts5"

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)

    def search(self, query: Query) -> int:
        match = fts5_match(query)
        rows = self.db.execute(
            "SELECT rowid, title, snippet(articles, 1, '[', ']', '…', 12) FROM articles"
            " WHERE articles MATCH ? ORDER BY rank LIMIT ?",
            (match, PAGE),
        ).fetchall()
        total = self.db.execute(
            "SELECT count(*) FROM articles WHERE articles MATCH ?", (match,)
        ).fetchone()[0]
        return max(int(total), len(rows))

    def close(self) -> None:
        self.db.close()


def fts5_match(query: Query) -> str:
    quoted = [f'"{w}"' for w in query.words]
    if query.kind == "person":
        return f'people : "{" ".join(query.words)}"'
    if query.kind.startswith("phrase"):
        return f'"{" ".join(query.words)}"'
    return " AND ".join(quoted)


def build_fts5(catalog_path: Path, target: Path) -> tuple[float, int]:
    """An FTS5 database of the catalog's texts at `target`; (seconds, articles)."""
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    source = sqlite3.connect(catalog_path)
    db = sqlite3.connect(target)
    db.execute(
        "CREATE VIRTUAL TABLE articles USING fts5(title, body, people,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    count = 0
    with db:
        rows = source.execute("SELECT title, body, people FROM articles")
        for title, body, people_json in rows:
            keys = [p.get("key", "") for p in json.loads(people_json) if isinstance(p, dict)]
            db.execute("INSERT INTO articles VALUES (?, ?, ?)", (title, body, ", ".join(keys)))
            count += 1
    db.close()
    source.close()
    return time.perf_counter() - started, count
