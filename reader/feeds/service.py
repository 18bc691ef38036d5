"""Feeds and saved pages of a library: the one API for the command line and the app.

`Feeds(library)` subscribes to feeds, fetches them, saves single pages and
exchanges the list as OPML.  Everything it returns is a frozen value of
`reader.feeds.model`; a request it refuses raises `FeedError` with one line;
a feed that cannot be fetched is a `FeedResult` with its `error`, never an
exception, and never stops the other feeds.

Fetching runs in two stages.  Up to `HttpSettings.max_parallel` threads
download feeds and their entries' pages (one request per host at a time) and
extract the articles; nothing there writes (`reader.feeds.download`).  Each
feed's download then comes
back to the calling thread, which writes its article files and imports them
under the library's write lock (`Library.import_paths`), one feed at a time,
so new articles reach the library as each feed arrives.  The threads belong
to the fetch: it joins them before it returns, whatever happens.

An entry is fetched again only when the feed says something new about it
(its `fingerprint`); then its page is read again and its file rewritten in
place, so its article keeps its id, read mark and bookmarks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader.articles import article_id, derive_title
from reader.feeds.download import (
    FEED_ACCEPT,
    RETRY_MARK,
    Download,
    Progress,
    download_feed,
    fetch_page,
    run_threads,
)
from reader.feeds.files import (
    FEEDS_FOLDER,
    PAGES_FOLDER,
    ArticleFile,
    file_name,
    find_file,
    read_feeds,
    render,
    slug,
    with_feeds,
    write_if_changed,
)
from reader.feeds.http import FetchFailed, Http, HttpSettings, Response, check_url
from reader.feeds.model import (
    FeedError,
    FeedResult,
    FeedStatus,
    FetchReport,
    OpmlImport,
    PageResult,
    PagesReport,
)
from reader.feeds.opml import OpmlError, Outline, read_opml, write_opml
from reader.feeds.parse import Entry, feed_links, normal_link, parse_feed
from reader.feeds.store import EntryRow, FeedRow, now_iso, open_store
from reader.webpage import Page

if TYPE_CHECKING:
    from reader.importer import ImportReport
    from reader.library import Library

OnWait = Callable[[str], None]


class Feeds:
    """The feeds of an open library.  Use as a context manager, or `close()` it.

    Methods may be called from any thread (the app calls them from workers).
    `http` sets the network limits (tests shorten the timeouts).
    """

    def __init__(
        self,
        library: Library,
        *,
        http: HttpSettings | None = None,
        on_wait: OnWait | None = None,
    ) -> None:
        self.library = library
        self.http_settings = http or HttpSettings()
        self.folder = library.folder / FEEDS_FOLDER
        self.store = open_store(library.folder, library.lock, library.notices, on_wait)

    def __enter__(self) -> Feeds:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # Listing -----------------------------------------------------------------

    def list_feeds(self) -> list[FeedStatus]:
        """Every feed with its counts of articles and unread ones, by name."""
        root = self._root_id()
        read = self.library.state.read_ids()
        statuses = []
        for row in self.store.feeds():
            files = [r for r in self.store.files_of_feed(row.name) if (self.folder / r).is_file()]
            ids = [article_id(root, relpath) for relpath in files] if root else []
            statuses.append(
                FeedStatus(
                    name=row.name,
                    url=row.url,
                    title=row.title,
                    summary_only=row.summary_only,
                    articles=len(files),
                    unread=sum(1 for i in ids if i not in read) if root else len(files),
                    last_fetched=row.last_fetched,
                    last_error=row.last_error,
                )
            )
        return statuses

    def status(self, name: str) -> FeedStatus:
        """One feed; `FeedError` when there is no feed of that name."""
        row = self._feed(name)
        return next(status for status in self.list_feeds() if status.name == row.name)

    def refresh_due(self, minutes: int, now: datetime | None = None) -> bool:
        """Whether some feed was last fetched `minutes` ago or more (or never).

        Always False with `minutes` 0 (refreshing turned off) or no feeds.
        """
        if minutes <= 0:
            return False
        now = now or datetime.now(UTC)
        for row in self.store.feeds():
            if not row.last_fetched:
                return True
            try:
                when = datetime.strptime(row.last_fetched, "%Y-%m-%dT%H:%M:%SZ")
            except ValueError:
                return True
            if (now - when.replace(tzinfo=UTC)).total_seconds() >= minutes * 60:
                return True
        return False

    # Subscribing -------------------------------------------------------------

    def add(self, url: str, name: str | None = None, *, summary_only: bool = False) -> FeedStatus:
        """Subscribe to the feed at `url`, or to the feed an HTML page at `url` names
        in its `<link rel="alternate">`.  Nothing is imported until `fetch`.

        `name` defaults to the feed's own title.  Raises `FeedError` when the
        URL cannot be fetched or holds no feed, or the name or feed is taken.
        """
        try:
            url = check_url(url)
        except FetchFailed as error:
            raise FeedError(f"{url}: {error}") from None
        with Http(self.http_settings) as http:
            feed_url, title = self._find_feed(http, url)
        name = " ".join((name if name is not None else title or _host(feed_url)).split())
        if not name:
            raise FeedError("a feed needs a name (--name NAME)")
        taken = self.store.feed(name)
        if taken is not None and taken.name.casefold() == name.casefold():
            raise FeedError(f"a feed named {taken.name!r} exists already; choose another --name")
        same = self.store.feed_with_url(feed_url)
        if same is not None:
            raise FeedError(f"{feed_url}: already subscribed as {same.name!r}")
        self.store.add_feed(name, feed_url, self._folder_for(name), title, summary_only)
        return self.status(name)

    def _find_feed(self, http: Http, url: str) -> tuple[str, str]:
        """(feed URL, feed title) of `url`: itself when it is a feed, else the first
        feed its page names."""
        response = _get(http, url, FEED_ACCEPT)
        parsed = parse_feed(response.body, response.url, response.content_type)
        if parsed.is_feed:
            return url, parsed.title
        links = feed_links(response.body, response.url)
        if not links:
            raise FeedError(
                f"{url}: {parsed.error}, and the page names no feed"
                ' (<link rel="alternate" type="application/rss+xml">)'
            )
        reasons = []
        for link in links:
            try:
                found = _get(http, link, FEED_ACCEPT)
            except FeedError as error:
                reasons.append(str(error))
                continue
            linked = parse_feed(found.body, found.url, found.content_type)
            if linked.is_feed:
                return link, linked.title
            reasons.append(f"{link}: {linked.error}")
        raise FeedError(f"{url}: the feeds the page names cannot be read ({'; '.join(reasons)})")

    def _folder_for(self, name: str) -> str:
        """A folder name for a new feed, unused by the other feeds.

        A folder left by a feed of the same name (removed with its articles
        kept) is used again: its files are found by their names, not copied.
        """
        base = slug(name, 40) or "feed"
        taken = {row.folder for row in self.store.feeds()} | {PAGES_FOLDER}
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def remove(
        self, name: str, *, keep_articles: bool = False, on_wait: OnWait | None = None
    ) -> int:
        """Unsubscribe; unless `keep_articles`, its articles leave the library (an
        article another feed also has stays, as that feed's).  The number of
        article files removed."""
        row = self._feed(name)
        removed = 0
        with self.library.lock.hold("removing a feed", on_wait=on_wait):
            if not keep_articles:
                removed = self._remove_files(row)
                if self._root_id():
                    folder = self.folder / row.folder
                    self._import([folder if folder.is_dir() else self.folder], on_wait)
            self.store.remove_feed(row.name)
        return removed

    def _remove_files(self, row: FeedRow) -> int:
        folder = self.folder / row.folder
        candidates = set(self.store.files_of_feed(row.name))
        if folder.is_dir():
            candidates |= {f"{row.folder}/{path.name}" for path in folder.glob("*.md")}
        removed = 0
        for relpath in sorted(candidates):
            path = self.folder / relpath
            names = set(read_feeds(path)) | set(self.store.feeds_of_file(relpath))
            if row.name not in names:
                continue
            others = sorted(names - {row.name})
            if others:
                with_feeds(path, others)
            elif path.exists():
                path.unlink()
                removed += 1
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        return removed

    # OPML --------------------------------------------------------------------

    def export_opml(self) -> str:
        """Every feed as an OPML 2.0 document."""
        rows = self.store.feeds()
        return write_opml([Outline(r.name, r.url, "", r.summary_only) for r in rows])

    def import_opml(self, path: Path) -> OpmlImport:
        """Subscribe to the feeds of an OPML file (nothing is fetched).

        A feed already subscribed is skipped; a name already taken gets a
        number ("News (2)").  Raises `FeedError` for a file that is not OPML.
        """
        try:
            outlines, skipped = read_opml(path)
        except OpmlError as error:
            raise FeedError(str(error)) from None
        added: list[str] = []
        for outline in outlines:
            try:
                url = check_url(outline.url)
            except FetchFailed as error:
                skipped.append(f"{outline.url}: {error}")
                continue
            same = self.store.feed_with_url(url)
            if same is not None:
                skipped.append(f"{url}: already subscribed as {same.name!r}")
                continue
            name = self._free_name(outline.name or _host(url))
            self.store.add_feed(name, url, self._folder_for(name), "", outline.summary_only)
            added.append(name)
        return OpmlImport(tuple(added), tuple(skipped))

    def _free_name(self, name: str) -> str:
        taken = {row.name.casefold() for row in self.store.feeds()}
        candidate, number = name, 2
        while candidate.casefold() in taken:
            candidate, number = f"{name} ({number})", number + 1
        return candidate

    # Fetching ----------------------------------------------------------------

    def fetch(
        self,
        names: Sequence[str] = (),
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        *,
        wait: bool = True,
        on_wait: OnWait | None = None,
        on_result: Callable[[FeedResult], None] | None = None,
    ) -> FetchReport:
        """Fetch every feed (or those named) and import what is new or changed.

        `progress(done, total, name)` is called as each feed is finished, and
        `on_result` with its result, once its articles are in the library.
        Writing waits for another process's import (telling `on_wait`), or
        without `wait` raises `LibraryBusy`.  Raises `FeedError` for a name
        that is no feed; everything else is in the report.
        """
        started = time.perf_counter()
        rows = [self._feed(name) for name in names] if names else self.store.feeds()
        rows = list({row.name: row for row in rows}.values())
        known = {row.name: self.store.entries(row.name) for row in rows}
        results: dict[str, FeedResult] = {}
        problems: list[str] = []

        def write(download: Download) -> None:
            if download.stopped:
                return  # not fetched: nothing to say about the feed
            result, import_problems = self._write_download(download, wait, on_wait)
            results[download.row.name] = result
            problems.extend(import_problems)
            if on_result is not None:
                on_result(result)

        interrupted = run_threads(
            self.http_settings,
            rows,
            lambda http, row: download_feed(http, row, known[row.name], self.library.folder),
            write,
            progress,
            should_stop,
            lambda row: row.name,
        )
        ordered = tuple(results[row.name] for row in rows if row.name in results)
        return FetchReport(ordered, time.perf_counter() - started, interrupted, tuple(problems))

    def _write_download(
        self, download: Download, wait: bool, on_wait: OnWait | None
    ) -> tuple[FeedResult, list[str]]:
        """Stage two for a feed (the calling thread): write its files, import them, and
        remember what was fetched, under the library's write lock."""
        row = download.row
        warnings = tuple(download.warnings)
        if download.error:
            self.store.record_fetch(row.name, now_iso(), download.error)
            return FeedResult(row.name, error=download.error, warnings=warnings), []
        if download.not_modified:
            self.store.record_fetch(row.name, now_iso(), "", etag=download.etag,
                                    last_modified=download.last_modified)  # fmt: skip
            return FeedResult(row.name, not_modified=True, warnings=warnings), []
        new = updated = marked = 0
        problems: list[str] = []
        with self.library.lock.hold("fetching feeds", wait=wait, on_wait=on_wait):
            self._ensure_root(on_wait)
            current = self.store.entries(row.name)
            saved: dict[str, EntryRow] = {}
            folders = {row.folder}
            for prepared in download.prepared:
                entry = prepared.entry
                relpath, is_new, is_shared = self._file_for(row, entry, current.get(entry.key))
                folders.add(relpath.split("/", 1)[0])
                path = self.folder / relpath
                feeds = (
                    tuple(dict.fromkeys([*read_feeds(path), row.name]))
                    if not is_new
                    else (row.name,)
                )
                if is_shared:
                    with_feeds(path, feeds)
                else:
                    article = replace(prepared.article, feeds=feeds)
                    written = write_if_changed(path, render(article))
                    new += int(is_new)
                    updated += int(written and not is_new)
                    marked += int(article.summary_only)
                # An entry to look at again gets a fingerprint no entry has.
                mark = entry.fingerprint + (RETRY_MARK if prepared.retry else "")
                saved[entry.key] = EntryRow(relpath, entry.link, mark)
            if saved:
                # A shared article lives in the folder of the feed that had it first.
                report = self._import([self.folder / f for f in sorted(folders)], on_wait)
                problems = [str(problem) for problem in report.problems]
            self.store.save_entries(row.name, saved)
            # A feed read part-way is asked for whole next time (no validators).
            etag, modified = (download.etag, download.last_modified) if download.complete else (
                "", "",
            )  # fmt: skip
            self.store.record_fetch(row.name, now_iso(), "", etag=etag, last_modified=modified,
                                    title=download.title)  # fmt: skip
        unchanged = download.unchanged + len(download.prepared) - new - updated
        result = FeedResult(
            row.name, new=new, updated=updated, unchanged=unchanged, summary_only=marked,
            warnings=warnings,
        )  # fmt: skip
        return result, problems

    def _file_for(self, row: FeedRow, entry: Entry, old: EntryRow | None) -> tuple[str, bool, bool]:
        """(file relative to the feeds folder, whether it is new, whether it is another
        feed's article with the same link)."""
        if old is not None and (self.folder / old.relpath).is_file():
            return old.relpath, False, False
        found = find_file(self.folder / row.folder, entry.key)
        if found is not None:
            return f"{row.folder}/{found.name}", False, False
        if entry.link:
            other = self.store.file_of_link(entry.link)
            if other is not None and (self.folder / other).is_file():
                return other, False, True
        return f"{row.folder}/{file_name(entry.key, entry.title, entry.date)}", True, False

    # Saved pages -------------------------------------------------------------

    def save_pages(
        self,
        urls: Sequence[str],
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        *,
        wait: bool = True,
        on_wait: OnWait | None = None,
    ) -> PagesReport:
        """Save single web pages as articles (`reader add URL...`): each page's article
        text, title, author and date, in `feeds/saved-pages/`.  A page saved before
        is updated in place; a failure is that page's `error`."""
        results: dict[int, PageResult] = {}
        problems: list[str] = []
        numbered = list(enumerate(urls))

        def download(http: Http, item: tuple[int, str]) -> tuple[int, str, Page | str]:
            number, url = item
            try:
                check_url(url)
            except FetchFailed as error:
                return number, url, str(error)
            try:
                page, trouble = fetch_page(http, url)
            except FetchFailed as error:  # Stopped included: the page is not saved
                return number, url, f"page not read ({error})"
            return number, url, page if page is not None else trouble

        def write(outcome: tuple[int, str, Page | str]) -> None:
            number, url, page = outcome
            if isinstance(page, str):
                results[number] = PageResult(url, error=page)
                return
            result, import_problems = self._write_page(url, page, wait, on_wait)
            results[number] = result
            problems.extend(import_problems)

        run_threads(
            self.http_settings, numbered, download, write, progress, should_stop, lambda i: i[1]
        )
        ordered = tuple(results[number] for number, _ in numbered if number in results)
        return PagesReport(ordered, tuple(problems))

    def _write_page(
        self, url: str, page: Page, wait: bool, on_wait: OnWait | None
    ) -> tuple[PageResult, list[str]]:
        link = normal_link(url)
        with self.library.lock.hold("saving pages", wait=wait, on_wait=on_wait):
            self._ensure_root(on_wait)
            relpath = self.store.page_file(link)
            if relpath is None or not (self.folder / relpath).is_file():
                other = self.store.file_of_link(link)
                if other is not None and (self.folder / other).is_file():
                    return PageResult(url, page.title, self._article_id(other)), []
                found = find_file(self.folder / PAGES_FOLDER, link)
                name = found.name if found else file_name(link, page.title, page.date)
                relpath = f"{PAGES_FOLDER}/{name}"
            path = self.folder / relpath
            is_new = not path.exists()
            article = ArticleFile(
                title=page.title or derive_title(page.text),
                body=page.text,
                date=page.date,
                author=page.author,
                source=page.site,
                url=page.url or url,
            )
            written = write_if_changed(path, render(article))
            report = self._import([path], on_wait)
            self.store.save_page(link, relpath)
        result = PageResult(
            url, article.title, self._article_id(relpath), added=is_new,
            updated=written and not is_new,
        )  # fmt: skip
        return result, [str(problem) for problem in report.problems]

    # The feeds folder ------------------------------------------------------------

    def _root_id(self) -> str:
        """The id of the feeds folder among the library's folders ("" before the first fetch)."""
        mine = self.folder.resolve()
        for name, path in self.library.folders.items():
            if path == mine:
                return name
        return ""

    def _article_id(self, relpath: str) -> str:
        root = self._root_id()
        return article_id(root, relpath) if root else ""

    def _ensure_root(self, on_wait: OnWait | None) -> None:
        """Make the feeds folder one of the library's folders (first fetch)."""
        if not self._root_id():
            self.folder.mkdir(parents=True, exist_ok=True)
            self._import([self.folder], on_wait)

    def _import(self, paths: Iterable[Path], on_wait: OnWait | None) -> ImportReport:
        return self.library.import_paths([p for p in paths if p.exists()], on_wait=on_wait)

    def _feed(self, name: str) -> FeedRow:
        row = self.store.feed(name)
        if row is None:
            names = ", ".join(repr(r.name) for r in self.store.feeds()) or "none yet"
            raise FeedError(f"no feed named {name!r} (feeds: {names})")
        return row


def _get(http: Http, url: str, accept: str) -> Response:
    try:
        return http.get(url, accept=accept)
    except FetchFailed as error:
        raise FeedError(f"{url}: {error}") from None


def _host(url: str) -> str:
    return urlsplit(url).hostname or url
