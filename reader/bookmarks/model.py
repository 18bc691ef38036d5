"""What a bookmark is, and the small rules about its text, note and tags (no Textual)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reader.textnorm import fold_text

CONTEXT_CHARS = 40


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a bookmark sits in its article: `body[start:end] == text` when not orphaned.

    `prefix` and `suffix` are up to `CONTEXT_CHARS` characters of the body just
    before and after, used to find the text again after the article changes.
    """

    text: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked quote or passage.

    `text` is what was bookmarked and never changes; `created` is ISO 8601 in
    UTC; `tags` are trimmed, without commas, each once; `orphaned` is True when
    the text could not be found in its article (or the article is gone).
    """

    id: str
    text: str
    speaker: str | None
    article_id: str
    title: str
    date: str
    path: str
    anchor: Anchor
    note: str
    tags: tuple[str, ...]
    created: str
    orphaned: bool

    def to_record(self) -> dict[str, Any]:
        """Every field as JSON-ready data (the anchor nested): `--json` and the JSON export."""
        a = self.anchor
        return {
            "id": self.id,
            "text": self.text,
            "speaker": self.speaker,
            "article_id": self.article_id,
            "title": self.title,
            "date": self.date,
            "path": self.path,
            "anchor": {"text": a.text, "prefix": a.prefix, "suffix": a.suffix,
                       "start": a.start, "end": a.end},
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "orphaned": self.orphaned,
        }  # fmt: skip

    def has_tags(self, tags: Iterable[str]) -> bool:
        """Whether every one of `tags` is a tag of this bookmark, whole, ignoring case,
        accents and spacing."""
        return all(any(_same_tag(mine, tag) for mine in self.tags) for tag in tags)


@dataclass(frozen=True, slots=True)
class BookmarkFilter:
    """What a user types to find bookmarks: `#tag` words are tags (all must match
    whole), the other words are looked for in the text, speaker, tags, note and title."""

    text: str
    tags: tuple[str, ...]

    @classmethod
    def parse(cls, typed: str) -> BookmarkFilter:
        """ "#football klopp #derby" -> text "klopp", tags ("football", "derby")."""
        words = typed.split()
        tags = tuple(w[1:] for w in words if w.startswith("#") and len(w) > 1)
        return cls(" ".join(w for w in words if not w.startswith("#")), tags)


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    already_there: int


@dataclass(frozen=True, slots=True)
class ReanchorResult:
    """What `reanchor` did to an article's bookmarks."""

    unchanged: int = 0
    moved: int = 0
    orphaned: int = 0


class BookmarkFileError(Exception):
    """A bookmarks file that cannot be read: `str()` is "FILE: reason"."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def make_anchor(body: str, start: int, end: int) -> Anchor:
    """The anchor of `body[start:end]`, with its context. Raises ValueError for an empty span."""
    if not 0 <= start < end <= len(body):
        raise ValueError(f"span {start}:{end} is empty or outside the text ({len(body)} chars)")
    return Anchor(
        body[start:end],
        body[max(0, start - CONTEXT_CHARS) : start],
        body[end : end + CONTEXT_CHARS],
        start,
        end,
    )


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, non-empty tags, each once in first-seen order; "a, b" gives two tags."""
    found: dict[str, None] = {}
    for tag in tags:
        for part in tag.split(","):
            cleaned = " ".join(part.split())
            if cleaned:
                found.setdefault(cleaned, None)
    return tuple(found)


def split_note(text: str) -> tuple[str, tuple[str, ...]]:
    """(note, tags) from what a user types in one box: `#word` is a tag, the rest the note."""
    typed = BookmarkFilter.parse(text)
    return typed.text, normalise_tags(typed.tags)


def join_note(note: str, tags: Iterable[str]) -> str:
    """The inverse of `split_note`, to edit a bookmark's note and tags in one box."""
    return " ".join([note, *(f"#{tag}" for tag in tags)]).strip()


# Marks that open or close a quotation.  A closing ’ is left out: at the end of
# a passage it is far more often an apostrophe ("the fans’").
OPENING_MARKS = '“„«‘"'
CLOSING_MARKS = '”»"'


def quoted(text: str) -> str:
    """`text` between “ and ”, as lists and messages show a bookmark.

    A passage that begins or ends with a quotation mark of its own (“The key
    thing is…) is shown as it is: adding ours doubled the mark (““The key…).
    """
    text = text.strip()
    if text[:1] in OPENING_MARKS or text[-1:] in CLOSING_MARKS:
        return text
    return f"“{text}”"


def _same_tag(a: str, b: str) -> bool:
    return fold_text(a).split() == fold_text(b).split()


def now() -> str:
    """The current time as bookmarks record it: ISO 8601, UTC, microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
