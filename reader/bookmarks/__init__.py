"""Bookmarks: quotes and passages a user keeps, with a note and tags (no Textual).

- `model`: what a bookmark is (`Bookmark`, `Anchor`), its note, tags and filter;
- `store`: `BookmarkStore`, the SQLite file that keeps them safe;
- `anchoring`: finding a bookmarked text again after its article changed;
- `formats`: Markdown, JSON and CSV files.

The names below are the package's public face; import them from here.
"""

from reader.bookmarks.anchoring import locate
from reader.bookmarks.formats import FORMATS, from_json, render, to_csv, to_json, to_markdown
from reader.bookmarks.model import (
    Anchor,
    Bookmark,
    BookmarkFileError,
    BookmarkFilter,
    ImportResult,
    ReanchorResult,
    join_note,
    make_anchor,
    normalise_tags,
    quoted,
    split_note,
)
from reader.bookmarks.store import FILE_NAME, BookmarkStore

__all__ = [
    "FILE_NAME",
    "FORMATS",
    "Anchor",
    "Bookmark",
    "BookmarkFileError",
    "BookmarkFilter",
    "BookmarkStore",
    "ImportResult",
    "ReanchorResult",
    "from_json",
    "join_note",
    "locate",
    "make_anchor",
    "normalise_tags",
    "quoted",
    "render",
    "split_note",
    "to_csv",
    "to_json",
    "to_markdown",
]
