"""People across the whole library, read from the catalog's people tables (no Textual).

`reader.peopletables` defines the tables and keeps them up to date; this
module answers the People list, the Person screen and `reader people` /
`reader person`, each in a few indexed queries.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reader.extraction import people_from_json
from reader.people import Mention, Person, key_of
from reader.peoplechoices import PeopleChoices
from reader.peopletables import (
    apply_corrections,
    chunks,
    marks,
    rebuild_people,
    refresh_people,
)
from reader.personfacts import Companion, Period, appears_with, timeline
from reader.sentences import sentence_around
from reader.textnorm import words

# Characters read on each side of a mention to find its sentence.
_CONTEXT = 400


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

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader people --json`)."""
        return {
            "key": self.key,
            "name": self.name,
            "aliases": list(self.aliases),
            "articles": self.article_count,
            "mentions": self.mention_count,
        }


@dataclass(frozen=True, slots=True)
class PersonRef:
    """Another person a name may stand for (see `PersonDetail`)."""

    key: str
    name: str
    article_count: int

    def to_record(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name}


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

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.article_id,
            "title": self.title,
            "date": self.date,
            "start": self.start,
            "end": self.end,
            "mentions": self.mention_count,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
        }


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
    - `timeline`: their dated articles per month or week, oldest first, gaps
      as zeros (see `reader.personfacts.timeline`).
    - `appears_with`: the people most often named in the same articles.
    """

    key: str
    name: str
    aliases: tuple[str, ...]
    article_count: int
    mention_count: int
    candidates: tuple[PersonRef, ...]
    ambiguous_aliases: tuple[PersonRef, ...]
    appearances: tuple[Appearance, ...]
    timeline: tuple[Period, ...] = ()
    appears_with: tuple[Companion, ...] = ()

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader person --json`)."""
        return {
            "key": self.key,
            "name": self.name,
            "aliases": list(self.aliases),
            "articles": self.article_count,
            "mentions": self.mention_count,
            "candidates": [ref.to_record() for ref in self.candidates],
            "ambiguous_aliases": [ref.to_record() for ref in self.ambiguous_aliases],
            "appearances": [seen.to_record() for seen in self.appearances],
            "timeline": [period.to_record() for period in self.timeline],
            "appears_with": [companion.to_record() for companion in self.appears_with],
        }


class PeopleStore:
    """Queries and upkeep of the people tables over one catalog connection.

    Cheap to create; holds no state but the connection and the user's
    corrections (`choices`), applied over the library's own linking.  Callers
    serialise access (the Library holds its lock).
    """

    def __init__(self, db: sqlite3.Connection, choices: PeopleChoices | None = None) -> None:
        self.db = db
        self.choices = choices or PeopleChoices()

    # Upkeep --------------------------------------------------------------

    def refresh(self) -> int:
        """Bring `people` up to date with `article_people` (see `refresh_people`),
        corrections included; the number of keys redone."""
        redone = refresh_people(self.db)
        self.apply_corrections(force=bool(redone))
        return redone

    def rebuild(self) -> int:
        """Recompute `people` from `article_people` entirely; the number of keys."""
        redone = rebuild_people(self.db)
        self.apply_corrections(force=True)
        return redone

    def apply_corrections(self, force: bool = False) -> bool:
        """List people as the corrections say (see `peopletables.apply_corrections`)."""
        return apply_corrections(self.db, self.choices.merges, self.choices.splits, force=force)

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
                "SELECT key, name, articles FROM people"
                " WHERE surname = ? AND lone = 0 AND canonical = key",
                surname,
            )
        elif not lone:
            ambiguous = self._refs(
                "SELECT key, name, articles FROM people"
                " WHERE key = ? AND lone = 1 AND candidates > 1 AND canonical = key",
                surname,
            )
        keys = [row[0] for row in rows]
        return PersonDetail(
            key=canonical,
            name=name,
            aliases=aliases,
            article_count=sum(row[3] for row in rows),
            mention_count=sum(row[4] for row in rows),
            candidates=candidates,
            ambiguous_aliases=ambiguous,
            appearances=tuple(self.appearances(keys, limit)),
            timeline=tuple(timeline(self.db, keys)),
            appears_with=tuple(appears_with(self.db, keys)),
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
            f" WHERE p.key IN ({marks(keys)})"
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
            left, right = sentence_around(window, start - lead, end - lead)
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
        for chunk in chunks(keys):
            for key, target in self.db.execute(
                f"SELECT key, canonical FROM people WHERE key IN ({marks(chunk)})", chunk
            ):
                canonical[key] = target
        targets = list(set(canonical.values()))
        for chunk in chunks(targets):
            for key, name in self.db.execute(
                f"SELECT key, name FROM people WHERE key IN ({marks(chunk)})", chunk
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
