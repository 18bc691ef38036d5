"""The people a user follows: how many of their articles are new since last seen,
and which articles those are (SQLite, over the people tables; no Textual).

Who is followed, and when they were last seen, is the user's (`people.json`,
see `reader.peoplechoices`); an article is new for a followed person when
the catalog added it after that time.  A person merged into another since
they were followed is counted under the person they are now listed under.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reader.peoplechoices import Follow
from reader.textnorm import words


@dataclass(frozen=True, slots=True)
class Followed:
    """A followed person: `key` to open them, `new_articles` added since `seen`
    (seconds since the epoch), `articles` in all (0: no article names them now)."""

    key: str
    name: str
    articles: int
    new_articles: int
    seen: float

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader following --json`)."""
        return {
            "key": self.key,
            "name": self.name,
            "articles": self.articles,
            "new_articles": self.new_articles,
            "seen": self.seen,
        }


_NEW_ARTICLES = (
    "SELECT DISTINCT p.article_id FROM people k"
    " JOIN article_people p ON p.key = k.key"
    " JOIN articles a ON a.id = p.article_id"
    " WHERE k.canonical = ? AND a.added > ?"
)


def followed_people(
    db: sqlite3.Connection, follows: Mapping[str, Follow], text_filter: str = ""
) -> list[Followed]:
    """Every followed person, most new articles first, then by name.

    `text_filter`: each of its words must start a word of the name, case- and
    accent-insensitively (as the People list filters).
    """
    wanted = words(text_filter)
    result = []
    for key, follow in follows.items():
        name_words = words(follow.name)
        if not all(any(w.startswith(word) for w in name_words) for word in wanted):
            continue
        listed = _listed_under(db, key)
        articles = 0
        new = 0
        if listed is not None:
            articles = int(
                db.execute("SELECT group_articles FROM people WHERE key = ?", (listed,)).fetchone()[
                    0
                ]
            )
            new = len(db.execute(_NEW_ARTICLES, (listed, follow.seen)).fetchall())
        result.append(Followed(listed or key, follow.name, articles, new, follow.seen))
    result.sort(key=lambda f: (-f.new_articles, f.name.casefold()))
    return result


def new_article_ids(db: sqlite3.Connection, follows: Mapping[str, Follow]) -> set[str]:
    """The articles naming a followed person added since that person was last seen."""
    found: set[str] = set()
    for key, follow in follows.items():
        listed = _listed_under(db, key)
        if listed is not None:
            found.update(row[0] for row in db.execute(_NEW_ARTICLES, (listed, follow.seen)))
    return found


def _listed_under(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT canonical FROM people WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])
