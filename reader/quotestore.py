"""Quotes across the library, read from the catalog (SQLite; no Textual).

Each article's quotes are stored as JSON in its `quotes` column (see
`Quote.to_record`).  Listing every quote reads the articles that have
any, newest first; libraries hold few enough quotes per article that no table
of their own is needed.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.people import without_middle_initials
from reader.quotes import Quote
from reader.textnorm import words


@dataclass(frozen=True, slots=True)
class QuoteEntry:
    """A quote with the article it comes from (`quote` offsets index that article's body)."""

    quote: Quote
    article_id: str
    title: str
    date: str
    path: str

    def to_record(self) -> dict[str, Any]:
        """The quote and its article as JSON-ready data (`reader quotes --json`)."""
        return {
            "text": self.quote.text,
            "speaker": self.quote.speaker,
            "start": self.quote.start,
            "end": self.quote.end,
            "article_id": self.article_id,
            "title": self.title,
            "date": self.date,
            "path": self.path,
        }


def speaker_matches(speaker: str | None, person: str) -> bool:
    """Does `person` (as a user types it) name `speaker`?

    Case, accents, quote marks and middle initials do not matter; a lone name
    matches the first or last name of a fuller one either way ("alonso" and
    "Xabi Alonso").
    """
    if speaker is None:
        return False
    # "Donald J. Trump" and "Donald Trump" are one speaker.
    said, wanted = without_middle_initials(words(speaker)), without_middle_initials(words(person))
    if not said or not wanted:
        return False
    if said == wanted:
        return True
    shorter, longer = sorted((said, wanted), key=len)
    return len(shorter) == 1 and shorter[0] in (longer[0], longer[-1])


def library_quotes(
    db: sqlite3.Connection,
    person: str | None = None,
    limit: int | None = None,
    *,
    said_by_person: bool = True,
) -> list[QuoteEntry]:
    """Quotes of every article, newest article first (undated last), in text order within one.

    `person` keeps only quotes whose speaker it names (see `speaker_matches`),
    or with `said_by_person=False` every quote of the articles that may name
    them; `limit` caps the number of entries.
    """
    where, args = "a.quotes != '[]'", []
    wanted = words(person) if person is not None else []
    if wanted:
        # A speaker is one of the article's people, whose folded keys are in the
        # `people` JSON: SQLite skips articles naming none of the words.
        where += " AND (" + " OR ".join("a.people LIKE ?" for _ in wanted) + ")"
        args = [f"%{word}%" for word in wanted]
    rows = db.execute(
        "SELECT a.id, a.title, a.date, a.relpath, r.path, a.quotes"
        " FROM articles a LEFT JOIN roots r ON r.name = a.root"
        f" WHERE {where} ORDER BY a.date DESC, a.title, a.id",
        args,
    )
    found: list[QuoteEntry] = []
    for article_id, title, date, relpath, root_path, quotes_json in rows:
        path = str(Path(root_path) / relpath) if root_path else relpath
        for record in json.loads(quotes_json):
            quote = Quote(record["start"], record["end"], record["text"], record.get("speaker"))
            if said_by_person and person is not None and not speaker_matches(quote.speaker, person):
                continue
            found.append(QuoteEntry(quote, article_id, title, date, path))
            if limit is not None and len(found) >= limit:
                return found
    return found
