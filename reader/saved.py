"""Saved searches: a name for a query, run as `@NAME` (no Textual).

They come from two places: `searches.json` in the library folder (`reader
saved add/remove`) and `searches:` in the user's config.yaml.  Like
`folders.json`, the file cannot be derived from anything else, so rebuilding
the catalog or the index never touches it; it is written through a temporary
file and a rename, with a copy in `backups/`.  A file that cannot be read is
left as it is (the user's searches are in it) and every command that needs it
says which file and why, in one line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.safefile import BACKUP_FOLDER, write_atomic

FILE_NAME = "searches.json"
VERSION = 1
NAME_RULE = "letters, digits, '-' and '_', starting with a letter or digit, 40 at most"
_NAME = re.compile(r"[^\W_][\w-]{0,39}")
# Where a saved search was written.
IN_LIBRARY, IN_CONFIG = "library", "config"


class SavedSearchError(Exception):
    """A saved search cannot be read, added, removed or run: `str()` is one line
    naming the file or the search and the reason."""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query under a name; `origin` is `IN_LIBRARY` (searches.json) or `IN_CONFIG`."""

    name: str
    query: str
    origin: str = IN_LIBRARY

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader saved list --json`)."""
        return {"name": self.name, "query": self.query, "origin": self.origin}


@dataclass(frozen=True, slots=True)
class SavedCount:
    """A saved search with its number of matching articles (`total`, an estimate
    when `total_is_estimate`, as `SearchResult`'s) and how many of them were
    imported or changed since it was last opened (`new`; all of them when it
    never was)."""

    search: SavedSearch
    total: int
    total_is_estimate: bool
    new: int

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader saved list --json`)."""
        return {
            **self.search.to_record(),
            "total": self.total,
            "total_is_estimate": self.total_is_estimate,
            "new": self.new,
        }


def searches_path(library: Path) -> Path:
    return library / FILE_NAME


def is_name(text: str) -> bool:
    """Whether `text` can name a saved search (see `NAME_RULE`)."""
    return _NAME.fullmatch(text) is not None


def read_saved(library: Path) -> list[SavedSearch]:
    """The searches saved in the library's file, in the order written ([] when none).

    Raises `SavedSearchError` for a file that is not a list of saved searches.
    """
    path = searches_path(library)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise SavedSearchError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        entries = json.loads(data.decode("utf-8"))["searches"]
        found = [SavedSearch(str(entry["name"]), str(entry["query"])) for entry in entries]
    except (ValueError, KeyError, TypeError) as error:
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        raise SavedSearchError(
            f"{path}: not a list of saved searches ({reason}); fix it or move it away"
            f" (the last good copy is {BACKUP_FOLDER}/{FILE_NAME})"
        ) from None
    bad = [entry.name for entry in found if not is_name(entry.name)]
    if bad:
        raise SavedSearchError(f"{path}: {bad[0]!r} is not a name ({NAME_RULE})")
    return found


def write_saved(library: Path, searches: list[SavedSearch]) -> None:
    """Save the library's searches (and the backup copy), each replaced in one step."""
    payload = {
        "version": VERSION,
        "searches": [{"name": s.name, "query": s.query} for s in searches],
    }
    data = (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    write_atomic(searches_path(library), data)
    write_atomic(library / BACKUP_FOLDER / FILE_NAME, data)


def every_saved(library: Path, configured: Mapping[str, str]) -> list[SavedSearch]:
    """The library's searches then the configured ones, each by name; a name in both
    is the library's (the configured one is the older default)."""
    own = read_saved(library)
    names = {search.name for search in own}
    from_config = [
        SavedSearch(name, query, IN_CONFIG)
        for name, query in configured.items()
        if name not in names
    ]
    return sorted([*own, *from_config], key=lambda search: search.name.casefold())


def find_saved(library: Path, configured: Mapping[str, str], name: str) -> SavedSearch:
    """The saved search called `name`; `SavedSearchError` when none is."""
    searches = every_saved(library, configured)
    for search in searches:
        if search.name == name:
            return search
    known = ", ".join(s.name for s in searches) or "none yet: `reader saved add NAME QUERY`"
    raise SavedSearchError(f"no saved search named {name!r} (saved: {known})")


def add_saved(library: Path, configured: Mapping[str, str], name: str, query: str) -> bool:
    """Save `query` as `name` in the library's file; True when it replaced one."""
    if not is_name(name):
        raise SavedSearchError(f"{name!r} cannot name a saved search: use {NAME_RULE}")
    if name in configured:
        raise SavedSearchError(f"{name!r} is a saved search of config.yaml: change it there")
    own = read_saved(library)
    replaced = any(search.name == name for search in own)
    kept = [search for search in own if search.name != name]
    write_saved(library, [*kept, SavedSearch(name, query)])
    return replaced


def remove_saved(library: Path, configured: Mapping[str, str], name: str) -> None:
    """Remove `name` from the library's file (config.yaml's are removed there)."""
    own = read_saved(library)
    if not any(search.name == name for search in own):
        if name in configured:
            raise SavedSearchError(f"{name!r} is a saved search of config.yaml: remove it there")
        find_saved(library, configured, name)  # raises, listing the names there are
    write_saved(library, [search for search in own if search.name != name])


def saved_name(text: str) -> str | None:
    """NAME when the query `text` is `@NAME` alone, else None."""
    text = text.strip()
    return text[1:] if text.startswith("@") and is_name(text[1:]) else None
