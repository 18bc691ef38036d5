"""A person over time and in company: their timeline and who appears with them
(SQLite, read off the catalog's people tables; no Textual).

Both answers are one indexed query each over `article_people`, so a name in
thousands of articles costs what its rows cost, not what the library holds.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.peopletables import marks

# A person whose dated articles span at most this many days gets a timeline by
# ISO week; a longer span gets one by month (a bar per week over years would
# not fit a terminal).
WEEKLY_SPAN_DAYS = 92
# The periods named as the busiest, and the companions listed.
BUSIEST = 3
APPEARS_WITH = 10


@dataclass(frozen=True, slots=True)
class Period:
    """A month ("2021-04") or an ISO week ("2021-W17") of a person's timeline.

    `first_day`/`last_day` are the ISO dates it covers (inclusive), so the
    articles of a period are those whose date starts with a day in between;
    `articles` counts the person's articles dated in it (0 for a gap).
    """

    period: str
    first_day: str
    last_day: str
    articles: int

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`timeline` of `reader person --json`)."""
        return {"period": self.period, "articles": self.articles}

    def holds(self, date: str) -> bool:
        """Whether an article dated `date` (ISO, any precision from a day) falls in it."""
        return self.first_day <= date[:10] <= self.last_day


@dataclass(frozen=True, slots=True)
class Companion:
    """Someone mentioned in the same articles as a person: `articles` counts them."""

    key: str
    name: str
    articles: int

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`appears_with` of `reader person --json`)."""
        return {"key": self.key, "name": self.name, "articles": self.articles}


def timeline(db: sqlite3.Connection, keys: Sequence[str]) -> list[Period]:
    """The person's articles per period, oldest first, gaps included as zeros.

    `keys` are every key listed under the person.  Months, or ISO weeks when
    the dated articles span at most `WEEKLY_SPAN_DAYS`; undated articles (and
    dates that are not ISO days) are left out.  Empty when none is dated.
    """
    if not keys:
        return []
    rows = db.execute(
        "SELECT DISTINCT p.article_id, a.date FROM article_people p"
        " JOIN articles a ON a.id = p.article_id"
        f" WHERE p.key IN ({marks(keys)}) AND a.date != ''",
        list(keys),
    )
    days = [day for _, date in rows if (day := _day(date)) is not None]
    if not days:
        return []
    weekly = (max(days) - min(days)).days <= WEEKLY_SPAN_DAYS
    counts = Counter(_period_of(day, weekly) for day in days)
    periods: list[Period] = []
    current = _period_start(min(days), weekly)
    while current <= max(days):
        following = _next_period(current, weekly)
        label = _period_of(current, weekly)
        last = following - datetime.timedelta(days=1)
        periods.append(Period(label, current.isoformat(), last.isoformat(), counts[label]))
        current = following
    return periods


def busiest(periods: Sequence[Period], count: int = BUSIEST) -> list[Period]:
    """The `count` periods with most articles (ties: the earlier first), gaps never."""
    ranked = sorted((p for p in periods if p.articles), key=lambda p: (-p.articles, p.first_day))
    return ranked[:count]


def appears_with(
    db: sqlite3.Connection, keys: Sequence[str], limit: int = APPEARS_WITH
) -> list[Companion]:
    """The people most often named in the same articles as the person of `keys`.

    Each companion is counted under the person they are listed under (a linked
    "Brown" counts for Gordon Brown), once per article; a lone name that may
    be several people is left out, as is the person themselves.  Most
    articles first, then by key.
    """
    if not keys:
        return []
    placeholders = marks(keys)
    rows = db.execute(
        "SELECT c.canonical, count(DISTINCT o.article_id) AS shared"
        " FROM article_people o JOIN people c ON c.key = o.key"
        " WHERE o.article_id IN"
        f" (SELECT article_id FROM article_people WHERE key IN ({placeholders}))"
        f" AND o.key NOT IN ({placeholders})"
        " AND NOT (c.lone = 1 AND c.candidates > 1 AND c.canonical = c.key)"
        " GROUP BY c.canonical ORDER BY shared DESC, c.canonical",
        [*keys, *keys],
    )
    found: list[tuple[str, int]] = []
    for canonical, shared in rows:
        if canonical in keys:
            continue  # a linked alias of the person themselves
        found.append((canonical, shared))
        if len(found) >= limit:
            break
    names = dict(
        db.execute(
            f"SELECT key, name FROM people WHERE key IN ({marks(found)})",
            [key for key, _ in found],
        ).fetchall()
    )
    return [Companion(key, names.get(key, key), shared) for key, shared in found]


def _day(date: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(date[:10])
    except ValueError:
        return None


def _period_start(day: datetime.date, weekly: bool) -> datetime.date:
    if weekly:
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_period(start: datetime.date, weekly: bool) -> datetime.date:
    if weekly:
        return start + datetime.timedelta(days=7)
    return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _period_of(day: datetime.date, weekly: bool) -> str:
    if weekly:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02}"
    return f"{day.year:04}-{day.month:02}"
