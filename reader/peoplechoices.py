"""The user's own choices about people: whom they follow, and their corrections of
who is who (`people.json`; no Textual).

Like `folders.json`, this cannot be derived from the articles, so it lives
apart from the catalog and the index (rebuilding or re-importing them never
touches it), written whole through a temporary file and a rename, with a copy
in `backups/`.  `reader.healing.load_people_choices` reads it at opening and
restores a damaged one from that copy.

- `follows`: person key -> `Follow` (display name, and when their new
  articles were last seen, as the catalog's `added` time: seconds since the epoch).
- `merges`: (key, into) pairs: the person of `key` is listed under the person
  of `into` (`reader person merge`).
- `splits`: (person, alias) pairs: `alias` is kept apart from `person`,
  however the library would link them (`reader person split`).

A later correction replaces an earlier one about the same two keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.safefile import BACKUP_FOLDER, write_atomic

FILE_NAME = "people.json"
VERSION = 1


class PeopleFileError(Exception):
    """`people.json` cannot be read: `str()` is "FILE: reason"."""


@dataclass(frozen=True, slots=True)
class Follow:
    name: str
    seen: float


@dataclass(frozen=True, slots=True)
class PeopleChoices:
    follows: dict[str, Follow] = field(default_factory=dict)
    merges: tuple[tuple[str, str], ...] = ()
    splits: tuple[tuple[str, str], ...] = ()

    def followed(self, key: str, name: str, seen: float) -> PeopleChoices:
        return replace(self, follows={**self.follows, key: Follow(name, seen)})

    def unfollowed(self, key: str) -> PeopleChoices:
        return replace(self, follows={k: f for k, f in self.follows.items() if k != key})

    def merged(self, key: str, into: str) -> PeopleChoices:
        """`key` listed under `into` (an earlier split of the two is dropped)."""
        pair = {key, into}
        return replace(
            self,
            merges=(*(m for m in self.merges if set(m) != pair), (key, into)),
            splits=tuple(s for s in self.splits if set(s) != pair),
        )

    def split(self, person: str, alias: str) -> PeopleChoices:
        """`alias` kept apart from `person` (an earlier merge of the two is dropped)."""
        pair = {person, alias}
        return replace(
            self,
            merges=tuple(m for m in self.merges if set(m) != pair),
            splits=(*(s for s in self.splits if set(s) != pair), (person, alias)),
        )


def choices_path(library: Path) -> Path:
    return library / FILE_NAME


def backup_of(library: Path) -> Path:
    return library / BACKUP_FOLDER / FILE_NAME


def read_choices(path: Path) -> PeopleChoices | None:
    """The choices saved at `path`; None when there is no such file.

    Raises `PeopleFileError` for a file that is not a people file.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise PeopleFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        loaded = json.loads(data.decode("utf-8"))
        follows = {
            str(entry["key"]): Follow(str(entry["name"]), float(entry["seen"]))
            for entry in loaded["follow"]
        }
        merges = tuple((str(e["key"]), str(e["into"])) for e in loaded["merge"])
        splits = tuple((str(e["person"]), str(e["alias"])) for e in loaded["split"])
    except (ValueError, KeyError, TypeError) as error:
        raise PeopleFileError(
            f"{path}: not a people file ({type(error).__name__}: {error})"
        ) from None
    return PeopleChoices(follows, merges, splits)


def write_choices(library: Path, choices: PeopleChoices) -> None:
    """Save the choices (and the backup copy), each replaced in one step."""
    payload = {
        "version": VERSION,
        "follow": [
            {"key": key, "name": follow.name, "seen": follow.seen}
            for key, follow in sorted(choices.follows.items())
        ],
        "merge": [{"key": key, "into": into} for key, into in choices.merges],
        "split": [{"person": person, "alias": alias} for person, alias in choices.splits],
    }
    data = (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    write_atomic(choices_path(library), data)
    write_atomic(backup_of(library), data)
