"""Reading article files: the formats, and what is wrong with a bad file.

Parsing never raises for user input.  `read_file` returns the articles it could
read plus `Problem`s, each naming the file (and line) and the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reader.sentences import first_sentence
from reader.textnorm import to_nfc

MAX_FILE_BYTES = 5 * 1024 * 1024
ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".jsonl", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TITLE_MAX_CHARS = 80


@dataclass(frozen=True, slots=True)
class Article:
    """One article as parsed from a file.

    `key` tells apart several articles of one file (a JSON Lines line): it is ""
    for one-article files.  `date` is ISO `YYYY-MM-DD` or "" when unknown.
    `feeds` names the feeds the article came from (front matter `feed`).
    """

    title: str
    body: str
    date: str = ""
    author: str = ""
    source: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    key: str = ""
    feeds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input file. `skipped` is False for a mere warning."""

    path: str
    reason: str
    line: int | None = None
    skipped: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (in `reader index --json`)."""
        return {
            "file": self.path,
            "line": self.line,
            "reason": self.reason,
            "skipped": self.skipped,
        }


@dataclass(slots=True)
class FileRead:
    """What reading one file gave."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""


def read_file(path: Path, shown_as: str | None = None) -> FileRead:
    """Parse one file of any supported format.

    `shown_as` is the name used in messages (defaults to the path).  An empty,
    binary, oversized or undecodable file gives no article and one Problem.
    """
    name = shown_as or str(path)
    result = FileRead()
    try:
        data = path.read_bytes()
    except OSError as error:
        result.problems.append(Problem(name, f"cannot read ({error.strerror or error})"))
        return result
    result.content_hash = content_hash(data)
    if len(data) > MAX_FILE_BYTES:
        result.problems.append(
            Problem(
                name, f"too large ({len(data) / 1e6:.1f} MB, limit {MAX_FILE_BYTES // 10**6} MB)"
            )
        )
        return result
    if not data.strip():
        result.problems.append(Problem(name, "empty file"))
        return result
    if b"\x00" in data[:8192]:
        result.problems.append(Problem(name, "binary file (contains NUL bytes)"))
        return result
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        parse_html(data, name, result)
        return result
    text, encoding_note = decode(data)
    if encoding_note:
        result.problems.append(Problem(name, encoding_note, skipped=False))
    text = to_nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if suffix == ".jsonl":
        parse_jsonl(text, name, result)
    elif suffix in (".md", ".markdown"):
        parse_markdown(text, name, result)
    else:
        result.articles.append(parse_text(text))
    return result


def content_hash(data: bytes) -> str:
    """What tells two versions of a file apart (the catalog keeps it per file)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def decode(data: bytes) -> tuple[str, str]:
    """Text of `data` and a note when it was not UTF-8."""
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        offset = error.start
    for fallback in ("cp1252", "latin-1"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        return text, f"not UTF-8 (bad byte at offset {offset}), read as {fallback}"
    raise AssertionError("latin-1 decodes every byte string")


_SEED_FIRST_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*(.*)$")


def parse_text(text: str) -> Article:
    """The seed format (`date YYYY-MM-DD body…`) or plain text (title, blank line, body).

    HTML character references are decoded ("&#163;1.8m" is "£1.8m"): text
    saved from web pages keeps them (the BBC corpus does).
    """
    text = unescape_html(text)
    first, _, rest = text.partition("\n")
    seed = _SEED_FIRST_LINE.match(first)
    if seed:
        date = valid_date(seed.group(1)) or ""
        body = tidy_body(seed.group(2) + "\n" + rest)
        return Article(title=derive_title(body), body=body, date=date)
    if first.strip() and len(first) <= 200 and rest.startswith("\n"):
        body = tidy_body(rest)
        if body:
            return Article(title=first.strip(), body=body)
    body = tidy_body(text)
    return Article(title=derive_title(body), body=body)


def unescape_html(text: str) -> str:
    """`text` with HTML character references ("&amp;", "&#163;") decoded, in NFC."""
    return to_nfc(html.unescape(text)) if "&" in text else text


def tidy_body(text: str) -> str:
    """Strip outer blank space and trailing spaces; keep paragraphs as they are."""
    lines = [line.rstrip() for line in text.strip().split("\n")]
    return "\n".join(lines)


def derive_title(body: str) -> str:
    """The first sentence of `body`, cut at a word boundary near TITLE_MAX_CHARS."""
    sentence = first_sentence(body)
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    cut = sentence.rfind(" ", 0, TITLE_MAX_CHARS)
    return sentence[: cut if cut > 20 else TITLE_MAX_CHARS].rstrip(" ,;:–-") + "…"


def valid_date(value: object) -> str | None:
    """ISO date of a front-matter/JSON value, or None when it is not a date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                return None
    return None


_META_FIELDS = ("title", "date", "author", "source", "url", "tags", "feed")


def article_from_fields(
    fields: dict[str, object], body: str, name: str, line: int | None, result: FileRead, key: str
) -> Article:
    """Build an Article from front matter / JSON fields, noting odd values as warnings."""
    date = ""
    if fields.get("date") not in (None, ""):
        date = valid_date(fields["date"]) or ""
        if not date:
            result.problems.append(
                Problem(name, f"date {fields['date']!r} is not YYYY-MM-DD, left empty", line, False)
            )
    tags = fields.get("tags") or ()
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    tag_tuple = tuple(str(t) for t in tags if str(t).strip()) if isinstance(tags, list) else ()
    feeds = fields.get("feed") or ()
    feed_list = [feeds] if isinstance(feeds, str) else feeds if isinstance(feeds, list) else []
    feed_tuple = tuple(dict.fromkeys(text_field(f) for f in feed_list if text_field(f)))
    body = tidy_body(to_nfc(body))
    title = " ".join(str(fields.get("title") or "").split()) or derive_title(body)
    return Article(
        title=to_nfc(title),
        body=body,
        date=date,
        author=text_field(fields.get("author")),
        source=text_field(fields.get("source")),
        url=text_field(fields.get("url")),
        tags=tag_tuple,
        key=key,
        feeds=feed_tuple,
    )


def text_field(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return to_nfc(str(value).strip())


_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def parse_markdown(text: str, name: str, result: FileRead) -> None:
    """Markdown with optional YAML front matter between `---` lines."""
    fields: dict[str, object] = {}
    body = text
    if text.startswith("---\n"):
        end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
        if not end:
            result.problems.append(Problem(name, "front matter opened with --- is never closed", 1))
            return
        raw = text[4 : 4 + end.start()]
        body = text[4 + end.end() :]
        try:
            loaded = yaml.safe_load(raw)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            reason = getattr(error, "problem", None) or "invalid YAML"
            result.problems.append(Problem(name, f"malformed front matter: {reason}", line))
            return
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            result.problems.append(Problem(name, "front matter is not a mapping of fields", 2))
            return
        fields = {str(k).lower(): v for k, v in loaded.items()}
    if not fields.get("title"):
        lines = body.lstrip("\n").split("\n", 1)
        heading = _HEADING.match(lines[0])
        if heading:
            fields["title"] = heading.group(1)
            body = lines[1] if len(lines) > 1 else ""
    if not body.strip():
        result.problems.append(Problem(name, "no article text after the front matter"))
        return
    if isinstance(fields.get("title"), str):
        fields["title"] = unescape_html(str(fields["title"]))
    body = unescape_html(body)
    result.articles.append(article_from_fields(fields, body, name, None, result, key=""))


def parse_html(data: bytes, name: str, result: FileRead) -> None:
    """A saved web page: its article through the same extractor as fetched pages
    (`reader.webpage`); navigation, comments and other boilerplate are left out."""
    from reader.webpage import extract_page

    page = extract_page(data)
    if page is None:
        result.problems.append(Problem(name, "no article text found in the HTML page"))
        return
    result.articles.append(
        Article(
            title=page.title or derive_title(page.text),
            body=page.text,
            date=valid_date(page.date) or "",
            author=page.author,
            source=page.site,
            url=page.url,
        )
    )


def parse_jsonl(text: str, name: str, result: FileRead) -> None:
    """One JSON object a line, with `body` and the front-matter fields."""
    seen_keys: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            result.problems.append(Problem(name, f"malformed JSON line ({error.msg})", number))
            continue
        if not isinstance(record, dict):
            result.problems.append(Problem(name, "JSON line is not an object", number))
            continue
        body = record.get("body")
        if not isinstance(body, str) or not body.strip():
            result.problems.append(Problem(name, "JSON line has no text in 'body'", number))
            continue
        key = jsonl_key(record, number)
        if key in seen_keys:
            result.problems.append(Problem(name, f"duplicate article id {key!r}", number))
            continue
        seen_keys.add(key)
        fields = {k: record.get(k) for k in _META_FIELDS}
        result.articles.append(article_from_fields(fields, body, name, number, result, key))


def jsonl_key(record: dict[str, object], line_number: int) -> str:
    """What identifies a JSON Lines article inside its file: its `id`, else `url`, else line."""
    for name in ("id", "url"):
        value = record.get(name)
        if isinstance(value, (str, int)) and str(value).strip():
            return f"{name}:{value}"
    return f"line:{line_number}"


def article_id(root_name: str, relative_path: str, key: str = "") -> str:
    """Stable id: the imported folder's id plus the path below it (plus the line key).

    The folder's id is given once, when it is first imported (its name, made
    unique: see `importer.new_folder_id`), so re-indexing, moving or renaming
    the whole folder and editing the text keep ids: read marks and bookmarks
    follow an article through all of them.
    """
    ident = f"{root_name}/{relative_path}"
    if key:
        ident += f"#{key}"
    return hashlib.blake2b(ident.encode("utf-8"), digest_size=8).hexdigest()
