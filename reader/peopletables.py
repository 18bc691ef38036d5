"""The people tables of the catalog and their upkeep (SQLite; no Textual).

An article's people, with every mention, are stored as JSON in its `people`
column (see `Person.to_record`).  So that listing everyone, or a
person's articles, is one query rather than a scan of every article, two
tables mirror that JSON:

- `article_people`: one row per person per article: key, spelling, number of
  mentions and first mention.  `store_article_people` writes the rows with the
  article; a trigger deletes them with it.
- `people`: one row per key: display name, totals, aliases seen, and the key
  the person is listed under (`canonical`).  A lone name ("Alonso") is listed
  under the full name ("xabi alonso") when exactly one full name of the
  library ends with it, as `people.resolve_library_names` defines.  Rows that
  are their own canonical key also hold the totals of everyone listed under
  them (`group_articles`, `group_mentions`), so the People list is read off
  an index, most articles first.

The user's corrections (`reader.peoplechoices`: merge one person into
another, keep an alias apart) are applied over the library's own linking by
`apply_corrections`, after every refresh: the catalog keeps which keys they
touched, so a correction dropped later is undone too.

Triggers queue every key whose rows change in `people_dirty`, inside the same
transaction as the change, and `refresh_people` re-totals only those keys and
re-links only their surnames: it costs what the import changed, not what the
library holds, and an interrupted import leaves the queue for next time.
`reader.peoplestore` reads the tables.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from reader.people import display_name, initials_links, is_lone_name, key_of, surname_key
from reader.safefile import run_script

_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_people (
    article_id TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    first_start INTEGER NOT NULL,
    first_end INTEGER NOT NULL,
    PRIMARY KEY (article_id, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_people_by_key ON article_people (key);
CREATE TABLE IF NOT EXISTS people (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    lone INTEGER NOT NULL,
    surname TEXT NOT NULL,
    canonical TEXT NOT NULL,
    candidates INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    aliases TEXT NOT NULL,
    group_articles INTEGER NOT NULL,
    group_mentions INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS people_by_canonical ON people (canonical);
CREATE INDEX IF NOT EXISTS people_by_surname ON people (surname, lone);
CREATE INDEX IF NOT EXISTS people_listed ON people (group_articles DESC, key)
    WHERE canonical = key;
CREATE INDEX IF NOT EXISTS people_linked ON people (canonical) WHERE canonical != key;
CREATE TABLE IF NOT EXISTS people_dirty (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS article_people_gone AFTER DELETE ON articles BEGIN
    DELETE FROM article_people WHERE article_id = old.id;
END;
CREATE TRIGGER IF NOT EXISTS article_people_added AFTER INSERT ON article_people BEGIN
    INSERT OR IGNORE INTO people_dirty VALUES (new.key);
END;
CREATE TRIGGER IF NOT EXISTS article_people_removed AFTER DELETE ON article_people BEGIN
    INSERT OR IGNORE INTO people_dirty VALUES (old.key);
END;
"""

# Aliases kept per person: the most used ones (a famous name gathers typos).
MAX_ALIASES = 12
_CHUNK = 500

_PEOPLE_COLUMNS = [
    "key", "name", "lone", "surname", "canonical", "candidates", "articles", "mentions",
    "aliases", "group_articles", "group_mentions",
]  # fmt: skip


def create_people_tables(db: sqlite3.Connection) -> None:
    """Create the people tables and triggers of a catalog (no-op when present).

    Tables of an older layout are dropped first: such a catalog has an older
    schema version too, so the library re-imports it and refills them.
    """
    columns = [row[1] for row in db.execute("PRAGMA table_info(people)")]
    if columns and columns != _PEOPLE_COLUMNS:
        run_script(
            db,
            "DROP TABLE IF EXISTS people; DROP TABLE IF EXISTS article_people;"
            " DROP TABLE IF EXISTS people_dirty;"
            " DROP TRIGGER IF EXISTS article_people_gone;",
        )
    run_script(db, _SCHEMA)


def store_article_people(db: sqlite3.Connection, article_id: str, people_json: str) -> None:
    """Replace the `article_people` rows of an article from its people JSON; the caller commits.

    Records without mentions are skipped; records sharing a key are merged.
    """
    db.execute("DELETE FROM article_people WHERE article_id = ?", (article_id,))
    merged: dict[str, list[Any]] = {}
    for record in json.loads(people_json):
        mentions = record.get("mentions") or []
        if not mentions:
            continue
        key = record.get("key") or key_of(record["name"])
        first = min(mentions, key=lambda m: m["start"])
        aliases = list(record.get("aliases") or [])
        row = merged.get(key)
        if row is None:
            merged[key] = [record["name"], aliases, len(mentions), first["start"], first["end"]]
            continue
        row[1] = list(dict.fromkeys([*row[1], record["name"], *aliases]))
        row[2] += len(mentions)
        if first["start"] < row[3]:
            row[3], row[4] = first["start"], first["end"]
    db.executemany(
        "INSERT INTO article_people VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (article_id, key, name, json.dumps(aliases, ensure_ascii=False), count, start, end)
            for key, (name, aliases, count, start, end) in merged.items()
        ],
    )


def chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    """`items` in slices small enough for one SQL statement's parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(items: Sequence[object]) -> str:
    """The "?,?,?" placeholders of an `IN (...)` over `items`."""
    return ",".join("?" * len(items))


# The rules linking names (`_relink`): a catalog linked by older ones is
# linked again, once, from its `article_people` rows (no re-import).
# 2: names with middle initials listed under the bare name.
LINKING = 2
_LINKING_META = "people_linking"


def refresh_people(db: sqlite3.Connection) -> int:
    """Bring `people` up to date with `article_people`; the number of keys redone.

    Only keys queued in `people_dirty` are re-totalled, and only lone names
    sharing a surname with them are re-linked; every key, when the catalog
    was linked by older rules (`LINKING`).  Commits.
    """
    row = db.execute("SELECT value FROM meta WHERE key = ?", (_LINKING_META,)).fetchone()
    if row is None or row[0] != str(LINKING):
        with db:
            db.execute("INSERT OR IGNORE INTO people_dirty SELECT DISTINCT key FROM article_people")
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (_LINKING_META, str(LINKING)))
    dirty = [row[0] for row in db.execute("SELECT key FROM people_dirty")]
    if not dirty:
        return 0
    with db:
        surnames: set[str] = set()
        for chunk in chunks(dirty):
            surnames.update(_retotal(db, chunk))
            db.execute(f"DELETE FROM people_dirty WHERE key IN ({marks(chunk)})", chunk)
        # Who is listed under whom only changes among people sharing a surname.
        _relink(db, sorted(surnames))
        _regroup(db, sorted(surnames))
    return len(dirty)


def rebuild_people(db: sqlite3.Connection) -> int:
    """Recompute `people` from `article_people` entirely; the number of keys."""
    with db:
        db.execute("DELETE FROM people")
        db.execute("INSERT OR IGNORE INTO people_dirty SELECT DISTINCT key FROM article_people")
    return refresh_people(db)


def _retotal(db: sqlite3.Connection, keys: Sequence[str]) -> set[str]:
    """Recompute the `people` rows of `keys`; the surnames they had or now have."""
    placeholders = marks(keys)
    surnames = {
        row[0]
        for row in db.execute(f"SELECT surname FROM people WHERE key IN ({placeholders})", keys)
    }
    db.execute(f"DELETE FROM people WHERE key IN ({placeholders})", keys)
    # Totals are summed by SQLite: a famous name has thousands of rows.
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    aliases: dict[str, Counter[str]] = defaultdict(Counter)
    mentions: Counter[str] = Counter()
    for key, name, articles, count in db.execute(
        "SELECT key, name, count(*), sum(mentions) FROM article_people"
        f" WHERE key IN ({placeholders}) GROUP BY key, name",
        keys,
    ):
        spellings[key][name] = articles
        mentions[key] += count
    for key, alias, count in db.execute(
        "SELECT p.key, a.value, count(*) FROM article_people p, json_each(p.aliases) a"
        f" WHERE p.key IN ({placeholders}) AND p.aliases != '[]' GROUP BY p.key, a.value",
        keys,
    ):
        aliases[key][alias] = count
    rows = []
    for key, forms in spellings.items():
        name = display_name(forms)
        seen = Counter({form: n for form, n in forms.items() if form != name})
        seen.update({alias: n for alias, n in aliases[key].items() if alias != name})
        shown = [alias for alias, _ in seen.most_common(MAX_ALIASES)]
        surname = surname_key(name)
        surnames.add(surname)
        articles = forms.total()
        rows.append(
            (
                key, name, int(is_lone_name(name)), surname, key, 0, articles,
                mentions[key], json.dumps(shown, ensure_ascii=False), articles, mentions[key],
            )
        )  # fmt: skip
    db.executemany("INSERT INTO people VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    return surnames


def _relink(db: sqlite3.Connection, surnames: Sequence[str]) -> None:
    """Point each full name among `surnames` written with middle initials at the
    same name without them (`people.initials_links`), and each lone name at its
    one full name, or at itself."""
    for chunk in chunks(surnames):
        full: dict[str, list[str]] = defaultdict(list)
        for surname, key in db.execute(
            f"SELECT surname, key FROM people WHERE lone = 0 AND surname IN ({marks(chunk)})",
            chunk,
        ):
            full[surname].append(key)
        # Names sharing a surname are all here: their links are made among them.
        linked = initials_links(key for keys in full.values() for key in keys)
        db.executemany(
            "UPDATE people SET canonical = ? WHERE key = ? AND lone = 0",
            [(linked.get(key, key), key) for keys in full.values() for key in keys],
        )
        updates = []
        for lone in chunk:
            found = sorted({linked.get(key, key) for key in full.get(lone, [])})
            updates.append((found[0] if len(found) == 1 else lone, len(found), lone))
        db.executemany(
            "UPDATE people SET canonical = ?, candidates = ? WHERE key = ? AND lone = 1",
            updates,
        )


def _regroup(db: sqlite3.Connection, surnames: Sequence[str]) -> None:
    """Recompute the group totals of everyone whose surname is among `surnames`."""
    for chunk in chunks(surnames):
        db.execute(
            "UPDATE people SET"
            " group_articles = CASE WHEN canonical = key THEN"
            " (SELECT sum(m.articles) FROM people m WHERE m.canonical = people.key) ELSE 0 END,"
            " group_mentions = CASE WHEN canonical = key THEN"
            " (SELECT sum(m.mentions) FROM people m WHERE m.canonical = people.key) ELSE 0 END"
            f" WHERE surname IN ({marks(chunk)})",
            chunk,
        )


# Catalog meta: the corrections applied last, and the keys they touched.
_CORRECTIONS_META = "people_corrections"


def apply_corrections(
    db: sqlite3.Connection,
    merges: Sequence[tuple[str, str]],
    splits: Sequence[tuple[str, str]],
    *,
    force: bool = False,
) -> bool:
    """List people as the user's corrections say; whether anything was redone.

    `merges` are (key, into): `key`, and everyone listed under it, is listed
    under the person of `into`; `splits` are (person, alias): `alias` is its
    own person.  Keys the library does not hold are ignored.  Without `force`,
    nothing is done when the corrections are those applied last.  Commits.
    """
    wanted = json.dumps([list(map(list, merges)), list(map(list, splits))])
    row = db.execute("SELECT value FROM meta WHERE key = ?", (_CORRECTIONS_META,)).fetchone()
    before = json.loads(row[0]) if row else {"applied": "[[], []]", "keys": []}
    if not force and before["applied"] == wanted:
        return False
    named = {key for pair in (*merges, *splits) for key in pair}
    touched = sorted(named | set(before["keys"]))
    with db:
        # Everyone listed under a touched key goes back to the library's own linking.
        listed: set[str] = set(touched)
        for chunk in chunks(touched):
            listed.update(
                row[0]
                for row in db.execute(
                    f"SELECT key FROM people WHERE canonical IN ({marks(chunk)})", chunk
                )
            )
        keys = sorted(listed)
        surnames: set[str] = set()
        for chunk in chunks(keys):
            db.execute(f"UPDATE people SET canonical = key WHERE key IN ({marks(chunk)})", chunk)
            surnames.update(
                row[0]
                for row in db.execute(
                    f"SELECT surname FROM people WHERE key IN ({marks(chunk)})", chunk
                )
            )
        _relink(db, sorted(surnames))
        for key, into in merges:
            target = _canonical(db, into)
            if target is None or _canonical(db, key) in (None, target):
                continue
            db.execute(
                "UPDATE people SET canonical = ? WHERE key = ? OR canonical = ?",
                (target, key, key),
            )
        for person, alias in splits:
            db.execute(
                "UPDATE people SET canonical = key WHERE key = ? AND canonical = ?",
                (alias, _canonical(db, person)),
            )
        surnames.update(
            row[0]
            for chunk in chunks(sorted(named))
            for row in db.execute(
                f"SELECT surname FROM people WHERE key IN ({marks(chunk)})", chunk
            )
        )
        _regroup(db, sorted(surnames))
        db.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            (_CORRECTIONS_META, json.dumps({"applied": wanted, "keys": sorted(named | listed)})),
        )
    return True


def _canonical(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT canonical FROM people WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])
