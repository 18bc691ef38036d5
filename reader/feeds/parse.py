"""Reading a feed (RSS 0.9x, 1.0, 2.0, Atom) with feedparser, and finding a page's feed.

`parse_feed` never raises: a document that is no feed at all gives a
`ParsedFeed` with `error` set; a partly broken one keeps every entry
feedparser could read, with `warning` saying what was wrong.  Only bytes are
ever given to feedparser, which would otherwise fetch a URL itself.

Each entry gets its identity (`Entry.key`): its id, else its link, else its
title and date, so that the same entry seen again updates its article.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from reader.webpage import fragment_text

FEED_TYPES = ("application/rss+xml", "application/atom+xml")


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a feed.  `text` is the longer of its content and its summary,
    as plain paragraphs; `date` is ISO `YYYY-MM-DD` or "".  `fingerprint`
    changes whenever anything the feed says about the entry changes."""

    key: str
    link: str
    title: str
    date: str
    author: str
    text: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What a feed document holds.  `error` is set (and `entries` empty) when it is
    not a feed; `warning` when it is one but partly broken."""

    title: str = ""
    site: str = ""
    entries: tuple[Entry, ...] = ()
    error: str = ""
    warning: str = ""

    @property
    def is_feed(self) -> bool:
        return not self.error


def parse_feed(data: bytes, url: str = "", content_type: str = "") -> ParsedFeed:
    """Parse a feed document fetched from `url` (relative links resolve against it)."""
    import feedparser

    headers = {"content-location": url} if url else {}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    except Exception as error:  # feedparser's own bugs on hostile input
        return ParsedFeed(error=f"not a feed ({type(error).__name__})")
    channel = parsed.get("feed", {})
    broken = _problem(parsed.get("bozo_exception")) if parsed.get("bozo") else ""
    if not parsed.get("version") and not parsed.entries:
        if broken and "html" not in content_type.lower() and not _looks_like_html(data):
            return ParsedFeed(error=f"not a feed: broken XML ({broken})")
        return ParsedFeed(error="not an RSS or Atom feed")
    entries = []
    for raw in parsed.entries:
        entry = _entry(raw, url)
        if entry is not None:
            entries.append(entry)
    warning = f"partly broken XML ({broken}); kept what could be read" if broken else ""
    return ParsedFeed(
        title=_one_line(channel.get("title")),
        site=str(channel.get("link") or ""),
        entries=tuple(entries),
        warning=warning,
    )


def _entry(raw: Any, base: str) -> Entry | None:
    title = _one_line(raw.get("title"))
    link = normal_link(urljoin(base, str(raw.get("link") or "").strip())) if raw.get("link") else ""
    # dict.get: feedparser's own `get` maps a missing `updated_parsed` to
    # `published_parsed` with a deprecation warning.
    published, updated = dict.get(raw, "published_parsed"), dict.get(raw, "updated_parsed")
    date = _date(published or updated)
    summary = fragment_text(str(raw.get("summary") or ""))
    contents = [fragment_text(str(c.get("value") or "")) for c in raw.get("content") or []]
    text = max([summary, *contents], key=len)
    ident = str(raw.get("id") or "").strip()
    if ident:
        key = f"id:{ident}"
    elif link:
        key = f"link:{link}"
    elif title or date:
        key = f"title:{title}|{date}"
    else:
        return None  # nothing to know it by again
    author = _one_line(raw.get("author"))
    fingerprint = hashlib.blake2b(
        json.dumps([title, link, date, _date_time(updated), author, text]).encode("utf-8"),
        digest_size=12,
    ).hexdigest()
    return Entry(key, link, title, date, author, text, fingerprint)


def normal_link(url: str) -> str:
    """A link as identity: without its `#fragment`, scheme and host in lower case."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        return url.strip()
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def _date(value: Any) -> str:
    if not isinstance(value, time.struct_time):
        return ""
    return time.strftime("%Y-%m-%d", time.gmtime(calendar.timegm(value)))


def _date_time(value: Any) -> str:
    if not isinstance(value, time.struct_time):
        return ""
    return time.strftime("%Y-%m-%dT%H:%M:%S", value)


def _one_line(value: object) -> str:
    text = str(value or "")
    if "<" in text or "&" in text:
        text = fragment_text(text)
    return " ".join(text.split())


def _problem(error: object) -> str:
    if error is None:
        return "unknown problem"
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:120]


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<html" in head or b"<!doctype html" in head


# Finding a page's feed -----------------------------------------------------------


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "base" and values.get("href") and not self.base:
            self.base = values["href"]
        if tag != "link":
            return
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.found.append(values["href"].strip())


def feed_links(html: bytes, url: str) -> list[str]:
    """The feeds a page names in `<link rel="alternate" type="application/rss+xml">`
    (or `atom+xml`), as absolute URLs, in page order."""
    collector = _AlternateLinks()
    try:
        collector.feed(html.decode("utf-8", errors="replace"))
        collector.close()
    except (AssertionError, ValueError):  # html.parser on badly broken markup
        pass
    base = urljoin(url, collector.base) if collector.base else url
    return list(dict.fromkeys(urljoin(base, href) for href in collector.found))
