"""People across the whole library, kept in the catalog database (SQLite; no Textual).

An article's people, with every mention, are stored as JSON in its `people`
column (see `extraction.person_record`).  So that listing everyone, or a
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

Triggers queue every key whose rows change in `people_dirty`, inside the same
transaction as the change, and `PeopleStore.refresh` re-totals only those keys
and re-links only their surnames: it costs what the import changed, not what
the library holds, and an interrupted import leaves the queue for next time.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reader.extraction import people_from_json
from reader.people import Mention, Person, display_name, is_lone_name, key_of, surname_key
from reader.textnorm import words

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
# Characters read on each side of a mention to find its sentence.
_CONTEXT = 400
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """One person of the library, as the People list shows them.

    `key` is the canonical key (pass it to `Library.person`), `name` the display
    name, `aliases` the other forms seen (spellings, lone surnames linked to
    this person); counts cover every article listed under the person.
    """

    key: str
    name: str
    aliases: tuple[str, ...]
    article_count: int
    mention_count: int


@dataclass(frozen=True, slots=True)
class PersonRef:
    """Another person a name may stand for (see `PersonDetail`)."""

    key: str
    name: str
    article_count: int


@dataclass(frozen=True, slots=True)
class Appearance:
    """An article mentioning a person, at its first mention of them.

    `start`/`end` index the article body; `sentence` is the sentence holding
    the mention, starting at body offset `sentence_start`, so the mention is
    `sentence[start - sentence_start : end - sentence_start]`.
    """

    article_id: str
    title: str
    date: str
    start: int
    end: int
    mention_count: int
    sentence: str
    sentence_start: int


@dataclass(frozen=True, slots=True)
class PersonDetail:
    """Everything the Person screen shows about one person.

    - `candidates`: when this is a lone name ("Alonso") that several full names
      of the library end with, those people; it is then kept separate from all
      of them.  Empty otherwise.
    - `ambiguous_aliases`: lone names that may be this person but are not
      linked to them because other people share the surname.
    - `appearances`: the articles listed under this person, newest first
      (undated last), then by title.
    """

    key: str
    name: str
    aliases: tuple[str, ...]
    article_count: int
    mention_count: int
    candidates: tuple[PersonRef, ...]
    ambiguous_aliases: tuple[PersonRef, ...]
    appearances: tuple[Appearance, ...]


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
        db.executescript(
            "DROP TABLE IF EXISTS people; DROP TABLE IF EXISTS article_people;"
            " DROP TABLE IF EXISTS people_dirty;"
            " DROP TRIGGER IF EXISTS article_people_gone;"
        )
    db.executescript(_SCHEMA)


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


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(items: Sequence[object]) -> str:
    return ",".join("?" * len(items))


class PeopleStore:
    """Queries and upkeep of the people tables over one catalog connection.

    Cheap to create; holds no state but the connection.  Callers serialise
    access (the Library holds its lock).
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # Upkeep --------------------------------------------------------------

    def refresh(self) -> int:
        """Bring `people` up to date with `article_people`; the number of keys redone.

        Only keys queued in `people_dirty` are re-totalled, and only lone names
        sharing a surname with them are re-linked.  Commits.
        """
        dirty = [row[0] for row in self.db.execute("SELECT key FROM people_dirty")]
        if not dirty:
            return 0
        with self.db:
            surnames: set[str] = set()
            for chunk in _chunks(dirty):
                surnames.update(self._retotal(chunk))
                self.db.execute(f"DELETE FROM people_dirty WHERE key IN ({_marks(chunk)})", chunk)
            # Who is listed under whom only changes among people sharing a surname.
            self._relink(sorted(surnames))
            self._regroup(sorted(surnames))
        return len(dirty)

    def rebuild(self) -> int:
        """Recompute `people` from `article_people` entirely; the number of keys."""
        with self.db:
            self.db.execute("DELETE FROM people")
            self.db.execute(
                "INSERT OR IGNORE INTO people_dirty SELECT DISTINCT key FROM article_people"
            )
        return self.refresh()

    def _retotal(self, keys: Sequence[str]) -> set[str]:
        """Recompute the `people` rows of `keys`; the surnames they had or now have."""
        marks = _marks(keys)
        surnames = {
            row[0]
            for row in self.db.execute(f"SELECT surname FROM people WHERE key IN ({marks})", keys)
        }
        self.db.execute(f"DELETE FROM people WHERE key IN ({marks})", keys)
        # Totals are summed by SQLite: a famous name has thousands of rows.
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        aliases: dict[str, Counter[str]] = defaultdict(Counter)
        mentions: Counter[str] = Counter()
        for key, name, articles, count in self.db.execute(
            "SELECT key, name, count(*), sum(mentions) FROM article_people"
            f" WHERE key IN ({marks}) GROUP BY key, name",
            keys,
        ):
            spellings[key][name] = articles
            mentions[key] += count
        for key, alias, count in self.db.execute(
            "SELECT p.key, a.value, count(*) FROM article_people p, json_each(p.aliases) a"
            f" WHERE p.key IN ({marks}) AND p.aliases != '[]' GROUP BY p.key, a.value",
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
        self.db.executemany("INSERT INTO people VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        return surnames

    def _relink(self, surnames: Sequence[str]) -> None:
        """Point each lone name among `surnames` at its one full name, or at itself."""
        for chunk in _chunks(surnames):
            candidates: dict[str, list[str]] = defaultdict(list)
            for surname, key in self.db.execute(
                f"SELECT surname, key FROM people WHERE lone = 0 AND surname IN ({_marks(chunk)})",
                chunk,
            ):
                candidates[surname].append(key)
            updates = []
            for lone in chunk:
                found = candidates.get(lone, [])
                updates.append((found[0] if len(found) == 1 else lone, len(found), lone))
            self.db.executemany(
                "UPDATE people SET canonical = ?, candidates = ? WHERE key = ? AND lone = 1",
                updates,
            )

    def _regroup(self, surnames: Sequence[str]) -> None:
        """Recompute the group totals of everyone whose surname is among `surnames`."""
        for chunk in _chunks(surnames):
            self.db.execute(
                "UPDATE people SET"
                " group_articles = CASE WHEN canonical = key THEN"
                " (SELECT sum(m.articles) FROM people m WHERE m.canonical = people.key) ELSE 0 END,"
                " group_mentions = CASE WHEN canonical = key THEN"
                " (SELECT sum(m.mentions) FROM people m WHERE m.canonical = people.key) ELSE 0 END"
                f" WHERE surname IN ({_marks(chunk)})",
                chunk,
            )

    # Queries ---------------------------------------------------------------

    def canonical_key(self, key: str) -> str | None:
        """The key `key` is listed under, or None when the library has no such person.

        A surname that no article uses alone (the seed says "Alonso" only after
        "Xabi Alonso"; "O'Driscoll" has the key "o driscoll") still resolves
        when exactly one full name of the library ends with it.
        """
        row = self.db.execute("SELECT canonical FROM people WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return str(row[0])
        found = self._surname_candidates(key)
        return found[0] if len(found) == 1 else None

    def _surname_candidates(self, surname: str) -> list[str]:
        """Keys of the full names whose last word is `surname`."""
        rows = self.db.execute(
            "SELECT key FROM people WHERE surname = ? AND lone = 0 ORDER BY key", (surname,)
        )
        return [row[0] for row in rows]

    def same_person_keys(self, key: str) -> list[str]:
        """Every key listed under the same person as `key` (its canonical key first).

        `[key]` itself when the library does not know it, so a search for an
        unknown person still searches for exactly that key.
        """
        canonical = self.canonical_key(key)
        if canonical is None:
            return [key]
        rows = self.db.execute(
            "SELECT key FROM people WHERE canonical = ? AND key != ? ORDER BY key",
            (canonical, canonical),
        )
        return [canonical, *(row[0] for row in rows)]

    def summaries(
        self, text_filter: str = "", limit: int | None = None, offset: int = 0
    ) -> list[PersonSummary]:
        """People by number of articles (most first, then by key); `offset` skips some.

        `text_filter`: each of its words must start a word of the person's name
        or of a name linked to them ("klo" finds Jurgen Klopp, "alonso" finds
        Xabi Alonso), case- and accent-insensitively.
        """
        where, args = "", []
        filter_words = words(text_filter)
        if filter_words:
            tests = " AND ".join("(' ' || key) LIKE ?" for _ in filter_words)
            where = f" AND key IN (SELECT canonical FROM people WHERE {tests})"
            args = [f"% {word}%" for word in filter_words]
        sql = (
            "SELECT key, name, aliases, group_articles, group_mentions FROM people"
            f" WHERE canonical = key{where} ORDER BY group_articles DESC, key"
            f" LIMIT {-1 if limit is None else max(0, int(limit))} OFFSET {max(0, int(offset))}"
        )
        rows = self.db.execute(sql, args).fetchall()
        # Few names are linked to another, so all of them are read at once.
        linked: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
        for canonical, key, name, aliases in self.db.execute(
            "SELECT canonical, key, name, aliases FROM people WHERE canonical != key"
        ):
            linked[canonical].append((key, name, json.loads(aliases)))
        result = []
        for key, name, aliases, articles, mentions in rows:
            members = [(key, name, json.loads(aliases)), *linked.get(key, ())]
            _, shown = _name_and_aliases(key, members)
            result.append(PersonSummary(key, name, shown, articles, mentions))
        return result

    def detail(self, key_or_name: str, limit: int | None = None) -> PersonDetail | None:
        """The person a key or name ("Xabi Alonso", "jurgen klopp", "Alonso") stands for.

        A lone name linked to a full name gives that full name's person.  A lone
        name no article uses alone but several full names end with gives a
        detail with those `candidates` and no appearances.  None when nobody
        of the library has that name.  `limit` caps appearances.
        """
        key = key_of(key_or_name)
        canonical = self.canonical_key(key)
        if canonical is None:
            return self._unknown_lone_name(key, key_or_name)
        rows = self.db.execute(
            "SELECT key, name, aliases, articles, mentions, lone, surname, candidates"
            " FROM people WHERE canonical = ?",
            (canonical,),
        ).fetchall()
        members = [(key, name, json.loads(aliases)) for key, name, aliases, *_ in rows]
        name, aliases = _name_and_aliases(canonical, members)
        head = next(row for row in rows if row[0] == canonical)
        lone, surname, candidate_count = head[5], head[6], head[7]
        candidates: tuple[PersonRef, ...] = ()
        ambiguous: tuple[PersonRef, ...] = ()
        if lone and candidate_count > 1:
            candidates = self._refs(
                "SELECT key, name, articles FROM people WHERE surname = ? AND lone = 0", surname
            )
        elif not lone:
            ambiguous = self._refs(
                "SELECT key, name, articles FROM people"
                " WHERE key = ? AND lone = 1 AND candidates > 1",
                surname,
            )
        return PersonDetail(
            key=canonical,
            name=name,
            aliases=aliases,
            article_count=sum(row[3] for row in rows),
            mention_count=sum(row[4] for row in rows),
            candidates=candidates,
            ambiguous_aliases=ambiguous,
            appearances=tuple(self.appearances([row[0] for row in rows], limit)),
        )

    def _unknown_lone_name(self, key: str, written: str) -> PersonDetail | None:
        if not key:
            return None
        candidates = self._refs(
            "SELECT key, name, articles FROM people WHERE surname = ? AND lone = 0", key
        )
        if not candidates:
            return None
        return PersonDetail(key, written.strip(), (), 0, 0, candidates, (), ())

    def _refs(self, sql: str, value: str) -> tuple[PersonRef, ...]:
        refs = [PersonRef(*row) for row in self.db.execute(sql, (value,))]
        refs.sort(key=lambda ref: (-ref.article_count, ref.key))
        return tuple(refs)

    def appearances(self, keys: Sequence[str], limit: int | None = None) -> list[Appearance]:
        """Articles naming any of `keys`, newest first, each at its first mention of them."""
        if not keys:
            return []
        sql = (
            "SELECT p.article_id, a.title, a.date, p.first_start, p.first_end, p.mentions,"
            f" max(0, p.first_start - {_CONTEXT}) AS lead,"
            f" substr(a.body, max(0, p.first_start - {_CONTEXT}) + 1,"
            f" p.first_end - max(0, p.first_start - {_CONTEXT}) + {_CONTEXT})"
            " FROM article_people p JOIN articles a ON a.id = p.article_id"
            f" WHERE p.key IN ({_marks(keys)})"
            " ORDER BY a.date DESC, a.title, p.article_id, p.first_start"
        )
        result: list[Appearance] = []
        seen: set[str] = set()
        for article_id, title, date, start, end, count, lead, window in self.db.execute(
            sql, list(keys)
        ):
            if article_id in seen:  # two keys of one person in one article: first one wins
                continue
            seen.add(article_id)
            left, right = sentence_bounds(window, start - lead, end - lead)
            result.append(
                Appearance(
                    article_id, title, date, start, end, count, window[left:right], lead + left
                )
            )
            if limit is not None and len(result) >= limit:
                break
        return result

    def article_people(self, article_id: str) -> list[Person]:
        """The people of one article under their library names, by first mention.

        Mentions keep the article's offsets; `aliases` are the other forms the
        article itself uses ("Alonso" for Xabi Alonso).  Empty for an unknown id.
        """
        row = self.db.execute("SELECT people FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return []
        found = people_from_json(row[0])
        keys = list({person.key for person in found})
        canonical: dict[str, str] = {}
        names: dict[str, str] = {}
        for chunk in _chunks(keys):
            for key, target in self.db.execute(
                f"SELECT key, canonical FROM people WHERE key IN ({_marks(chunk)})", chunk
            ):
                canonical[key] = target
        targets = list(set(canonical.values()))
        for chunk in _chunks(targets):
            for key, name in self.db.execute(
                f"SELECT key, name FROM people WHERE key IN ({_marks(chunk)})", chunk
            ):
                names[key] = name
        grouped: dict[str, list[Person]] = defaultdict(list)
        for person in found:
            grouped[canonical.get(person.key, person.key)].append(person)
        result = []
        for key, persons in grouped.items():
            name = names.get(key, persons[0].name)
            mentions = sorted(
                {m for person in persons for m in person.mentions}, key=_mention_order
            )
            forms = [form for p in persons for form in (p.name, *p.aliases)]
            aliases = tuple(dict.fromkeys(form for form in forms if form != name))
            result.append(Person(name, key, aliases, tuple(mentions)))
        result.sort(key=lambda person: _mention_order(person.mentions[0]))
        return result


def _mention_order(mention: Mention) -> tuple[int, int]:
    return (mention.start, mention.end)


def _name_and_aliases(
    canonical: str, members: Iterable[tuple[str, str, list[str]]]
) -> tuple[str, tuple[str, ...]]:
    """Display name of `canonical` and the aliases of everyone listed under it."""
    members = list(members)
    name = next((name for key, name, _ in members if key == canonical), canonical)
    forms: list[str] = []
    for key, member_name, aliases in sorted(members, key=lambda m: m[0] != canonical):
        forms.extend((member_name, *aliases) if key != canonical else aliases)
    return name, tuple(dict.fromkeys(form for form in forms if form != name))


# A sentence ends at . ! ? or … followed by a space or a closing mark, or at a
# line break; "Mr." and initials ("J. Smith") do not end one.
_SENTENCE_END = re.compile(r"(?:[.!?…][\"'”’)\]]*)(?=\s)|\n")
_NOT_AN_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Col|Capt|Lt|Sgt)|\b[A-Z])\.$")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(left, right) of the sentence of `text` holding text[start:end], spaces trimmed.

    Falls back to the start or end of `text` when no boundary is found, so a
    sentence longer than the text given is cut rather than lost.
    """
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        if _ends_sentence(text, match):
            left = match.end()
    right = len(text)
    for match in _SENTENCE_END.finditer(text, end):
        if _ends_sentence(text, match):
            right = match.end()
            break
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    stop = match.start() + 1
    return not _NOT_AN_END.search(text[max(0, stop - 6) : stop])
