"""Bookmarks as files: Markdown to read, JSON and CSV with every field (no Textual).

A JSON export is what `reader bookmarks import` reads back; each record is
`Bookmark.to_record()`, the same as `reader bookmarks list --json` prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from reader.bookmarks.model import (
    Anchor,
    Bookmark,
    BookmarkFileError,
    normalise_tags,
    now,
)

FORMATS = ("md", "json", "csv")
# The version of the JSON export (the store's schema version when it was made).
EXPORT_VERSION = 1
CSV_FIELDS = (
    "id", "text", "speaker", "article_id", "title", "date", "path", "anchor_text",
    "prefix", "suffix", "start", "end", "note", "tags", "created", "orphaned",
)  # fmt: skip


def render(fmt: str, bookmarks: Sequence[Bookmark]) -> str:
    """`bookmarks` as "md", "json" or "csv" text; ValueError for another format."""
    if fmt == "md":
        return to_markdown(bookmarks)
    if fmt == "json":
        return to_json(bookmarks)
    if fmt == "csv":
        return to_csv(bookmarks)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def to_json(bookmarks: Sequence[Bookmark]) -> str:
    payload = {"format": "reader-bookmarks", "version": EXPORT_VERSION,
               "bookmarks": [b.to_record() for b in bookmarks]}  # fmt: skip
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_csv(bookmarks: Sequence[Bookmark]) -> str:
    """One row per bookmark, every field; tags joined with ", " (tags never hold commas)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for b in bookmarks:
        a = b.anchor
        writer.writerow(
            [b.id, b.text, b.speaker or "", b.article_id, b.title, b.date, b.path, a.text,
             a.prefix, a.suffix, a.start, a.end, b.note, ", ".join(b.tags), b.created,
             "yes" if b.orphaned else "no"]
        )  # fmt: skip
    return out.getvalue()


def to_markdown(bookmarks: Sequence[Bookmark]) -> str:
    """A readable list: each quote as a block quote, then "— speaker, *title*, date"."""
    lines = ["# Bookmarks", ""]
    if not bookmarks:
        lines += ["No bookmarks yet.", ""]
    for b in bookmarks:
        for line in b.text.splitlines() or [""]:
            lines.append(f"> {line}".rstrip())
        source = ", ".join(
            part for part in (b.speaker, f"*{b.title}*" if b.title else "", b.date) if part
        )
        lines += [">", f"> — {source or 'unknown source'}", ""]
        if b.note:
            lines += [f"Note: {b.note}", ""]
        extras = []
        if b.tags:
            extras.append("Tags: " + ", ".join(b.tags))
        if b.orphaned:
            extras.append("(no longer found in the article)")
        if extras:
            lines += [" · ".join(extras), ""]
    return "\n".join(lines)


def from_json(text: str, shown_as: str = "<json>") -> list[Bookmark]:
    """The bookmarks of a JSON export (a bare list of records is accepted too).

    Raises `BookmarkFileError` naming `shown_as` and the reason when the text
    is not a valid export.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BookmarkFileError(
            shown_as, f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    records = data.get("bookmarks") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise BookmarkFileError(shown_as, "not a bookmarks export (no list of bookmarks)")
    return [_from_record(record, shown_as, number) for number, record in enumerate(records, 1)]


def _from_record(record: object, shown_as: str, number: int) -> Bookmark:
    def fail(reason: str) -> BookmarkFileError:
        return BookmarkFileError(shown_as, f"bookmark {number}: {reason}")

    if not isinstance(record, dict):
        raise fail("not an object")
    try:
        anchor = record.get("anchor") or {}
        if not isinstance(anchor, dict):
            raise fail("'anchor' is not an object")
        text = _string(record, "text", fail)
        tags = record.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise fail("'tags' is not a list of texts")
        bookmark = Bookmark(
            id=_string(record, "id", fail),
            text=text,
            speaker=record.get("speaker") or None,
            article_id=_string(record, "article_id", fail),
            title=str(record.get("title", "")),
            date=str(record.get("date", "")),
            path=str(record.get("path", "")),
            anchor=Anchor(
                str(anchor.get("text", text)),
                str(anchor.get("prefix", "")),
                str(anchor.get("suffix", "")),
                int(anchor.get("start", 0)),
                int(anchor.get("end", 0)),
            ),
            note=str(record.get("note", "")),
            tags=normalise_tags(tags),
            created=str(record.get("created") or now()),
            orphaned=bool(record.get("orphaned", False)),
        )
    except (TypeError, ValueError) as error:
        raise fail(f"bad value ({error})") from None
    if bookmark.speaker is not None and not isinstance(bookmark.speaker, str):
        raise fail("'speaker' is not text")
    return bookmark


def _string(record: dict[str, Any], key: str, fail: Callable[[str], BookmarkFileError]) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value:
        raise fail(f"missing or empty '{key}'")
    return value
