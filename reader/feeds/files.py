"""The article files that feeds and saved pages become (no Textual).

Each fetched article is a Markdown file with YAML front matter (`title`,
`date`, `author`, `source`, `url`, `feed`, `tags`) under the library's feeds
folder, so it is a plain file like any other: the importer reads it, and it
survives catalog and index rebuilds.

    LIBRARY/feeds/<feed folder>/<date>-<title words>-<key hash>.md
    LIBRARY/feeds/saved-pages/<date>-<title words>-<url hash>.md

The name ends with a hash of the entry's identity, so an entry whose title
or date changes keeps its file (and its article id, read mark and
bookmarks), and the file of an entry can be found again from the file names
alone.  Files are written whole or not at all (`safefile.write_atomic`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from reader.safefile import write_atomic

FEEDS_FOLDER = "feeds"
PAGES_FOLDER = "saved-pages"
# A mark in `tags` for an article whose page could not be read in full: its
# text is what the feed said.
SUMMARY_ONLY_TAG = "summary only"
NAME_WORDS_CHARS = 50


@dataclass(frozen=True, slots=True)
class ArticleFile:
    """What goes into one article file."""

    title: str
    body: str
    date: str = ""
    author: str = ""
    source: str = ""
    url: str = ""
    feeds: tuple[str, ...] = ()
    summary_only: bool = False


def slug(text: str, limit: int = NAME_WORDS_CHARS) -> str:
    """Lower-case ASCII words of `text` joined by "-", cut at a word ("" when none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        longer = f"{out}-{word}" if out else word
        if len(longer) > limit:
            break
        out = longer
    return out or (words[0][:limit] if words else "")


def identity_hash(identity: str) -> str:
    """The short hash that ends the file name of an entry or page."""
    return hashlib.blake2b(identity.encode("utf-8"), digest_size=5).hexdigest()


def file_name(identity: str, title: str, date: str) -> str:
    words = slug(title) or "article"
    return f"{date or 'undated'}-{words}-{identity_hash(identity)}.md"


def find_file(folder: Path, identity: str) -> Path | None:
    """The file in `folder` written for `identity` earlier, whatever its title then."""
    if not folder.is_dir():
        return None
    return next(iter(sorted(folder.glob(f"*-{identity_hash(identity)}.md"))), None)


def render(article: ArticleFile) -> bytes:
    """The Markdown file of an article: front matter, a blank line, the body.

    `&` starting a character reference is written `&amp;`, since the reader
    decodes character references in Markdown text.
    """
    fields: dict[str, object] = {"title": article.title}
    if article.date:
        fields["date"] = article.date
    for name, value in (("author", article.author), ("source", article.source)):
        if value:
            fields[name] = value
    if article.url:
        fields["url"] = article.url
    if article.feeds:
        fields["feed"] = article.feeds[0] if len(article.feeds) == 1 else list(article.feeds)
    if article.summary_only:
        fields["tags"] = [SUMMARY_ONLY_TAG]
    head = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    body = re.sub(r"&(?=#?\w+;)", "&amp;", article.body.strip())
    return f"---\n{head}---\n\n{body}\n".encode()


def read_feeds(path: Path) -> tuple[str, ...]:
    """The `feed` names in the front matter of an article file (empty when unreadable)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ()
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return ()
    try:
        fields = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return ()
    value = fields.get("feed") if isinstance(fields, dict) else None
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(str(name) for name in names)


def with_feeds(path: Path, feeds: Sequence[str]) -> bool:
    """Rewrite the `feed` field of an article file to `feeds`; False when the file
    is gone or not one of ours.  The rest of the file is kept byte for byte."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    match = re.match(r"---\n(.*?\n)---\n", text, re.DOTALL)
    if not match:
        return False
    lines = match.group(1).splitlines(keepends=True)
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("feed:"):
            skipping = True
            continue
        if skipping and line.startswith(("- ", "  ")):
            continue
        skipping = False
        kept.append(line)
    if feeds:
        value = feeds[0] if len(feeds) == 1 else list(feeds)
        kept.append(yaml.safe_dump({"feed": value}, allow_unicode=True, width=1000))
    new = "---\n" + "".join(kept) + "---\n" + text[match.end() :]
    if new != text:
        write_atomic(path, new.encode())
    return True


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it holds exactly that already; True when written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True
