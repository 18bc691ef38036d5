"""What the feeds API returns: plain frozen values, each with `to_record()` for `--json`.

Nothing here raises or touches the network; `FeedError` is the one exception
the API raises, for a request it refuses (an unknown feed, a name taken, a
URL that is not a feed), with a one-line reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.wording import plural


class FeedError(Exception):
    """A feeds request that cannot be done: `str()` is one line saying why."""


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """One subscribed feed as the `feed list` command and a Feeds screen show it.

    `articles` counts the feed's article files in the library, `unread` those
    never opened.  `last_fetched` is when the feed was last asked for (ISO 8601,
    UTC, "" when never) and `last_error` why that failed ("" when it did not).
    """

    name: str
    url: str
    title: str
    summary_only: bool
    articles: int
    unread: int
    last_fetched: str
    last_error: str

    @property
    def query(self) -> str:
        """The search that lists this feed's articles."""
        return f'feed:"{self.name}"'

    @property
    def fetched_when(self) -> str:
        """When it was last fetched, for people: "2026-11-30 19:55 UTC", or "never"."""
        if not self.last_fetched:
            return "never"
        return f"{self.last_fetched.replace('T', ' ').rstrip('Z')[:16]} UTC"

    def to_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.url,
            "title": self.title,
            "summary_only": self.summary_only,
            "articles": self.articles,
            "unread": self.unread,
            "last_fetched": self.last_fetched or None,
            "last_error": self.last_error or None,
        }


@dataclass(frozen=True, slots=True)
class FeedResult:
    """What fetching one feed did.

    `error` is the one-line reason the feed could not be read ("" when it was);
    `not_modified` is True when the server answered 304.  `warnings` are
    one-line notes about single entries (a refused link, a page that could not
    be read, a partly broken feed) that did not stop the feed.
    """

    name: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    summary_only: int = 0
    not_modified: bool = False
    error: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.error)

    def to_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "summary_only": self.summary_only,
            "not_modified": self.not_modified,
            "error": self.error or None,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class FetchReport:
    """What a `fetch` did, feed by feed; `problems` are the import's (files skipped)."""

    feeds: tuple[FeedResult, ...]
    seconds: float = 0.0
    interrupted: bool = False
    problems: tuple[str, ...] = ()

    @property
    def new(self) -> int:
        return sum(result.new for result in self.feeds)

    @property
    def updated(self) -> int:
        return sum(result.updated for result in self.feeds)

    @property
    def failed(self) -> tuple[FeedResult, ...]:
        return tuple(result for result in self.feeds if result.failed)

    def summary(self) -> str:
        """One line: "12 new, 2 updated from 5 feeds; 1 failed: NAME: reason"."""
        text = f"{self.new:,} new, {self.updated:,} updated from {plural(len(self.feeds), 'feed')}"
        if self.failed:
            reasons = "; ".join(f"{result.name}: {result.error}" for result in self.failed)
            text += f"; {len(self.failed)} failed: {reasons}"
        if self.interrupted:
            text += "; interrupted: run it again to finish"
        return text

    def to_record(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "updated": self.updated,
            "failed": len(self.failed),
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "feeds": [result.to_record() for result in self.feeds],
            "problems": list(self.problems),
        }


@dataclass(frozen=True, slots=True)
class PageResult:
    """What saving one web page did: `article_id` of its article ("" when it failed);
    `added` for a new article, `updated` for one saved before whose text changed
    (neither: the library had it already, as it is)."""

    url: str
    title: str = ""
    article_id: str = ""
    added: bool = False
    updated: bool = False
    error: str = ""

    def to_record(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "id": self.article_id or None,
            "added": self.added,
            "updated": self.updated,
            "error": self.error or None,
        }


@dataclass(frozen=True, slots=True)
class PagesReport:
    pages: tuple[PageResult, ...]
    problems: tuple[str, ...] = ()

    @property
    def failed(self) -> tuple[PageResult, ...]:
        return tuple(page for page in self.pages if page.error)

    def summary(self) -> str:
        """One line: "1 added, 0 updated; 1 failed: URL: reason" ("1 unchanged" when
        a page was in the library already)."""
        added = sum(1 for page in self.pages if page.added)
        updated = sum(1 for page in self.pages if page.updated)
        unchanged = len(self.pages) - added - updated - len(self.failed)
        text = f"{added:,} added, {updated:,} updated"
        if unchanged:
            text += f", {unchanged:,} unchanged"
        if self.failed:
            reasons = "; ".join(f"{page.url}: {page.error}" for page in self.failed)
            text += f"; {len(self.failed)} failed: {reasons}"
        return text

    def to_record(self) -> dict[str, Any]:
        return {
            "pages": [page.to_record() for page in self.pages],
            "problems": list(self.problems),
        }


@dataclass(frozen=True, slots=True)
class OpmlImport:
    """What `feed import FILE.opml` did: names added, and one line per outline skipped."""

    added: tuple[str, ...]
    skipped: tuple[str, ...]

    def summary(self) -> str:
        return f"{plural(len(self.added), 'feed')} added, {len(self.skipped):,} skipped"
