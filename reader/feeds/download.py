"""Downloading feeds and their entries' pages in threads (no file is written here).

`run_threads` runs a download function over a list of items in up to
`HttpSettings.max_parallel` threads sharing one `Http` client (one request
per host at a time), and hands each result to a `write` function in the
calling thread, as it comes: writing stays in one thread, under the
library's write lock (see `reader.feeds.service`).  The threads end before
the call returns, except after a stop: a download still waiting on a server
then is abandoned (a daemon thread that writes nothing), so that neither
Ctrl-C nor quitting the app waits for a server's timeout.

`download_feed` reads one feed and, for each new or changed entry, its page,
and prepares the article to write; it never raises: a failure is the
download's `error`.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reader.articles import derive_title
from reader.errorlog import log_error
from reader.feeds.files import ArticleFile
from reader.feeds.http import FetchFailed, Http, HttpSettings, Stopped, check_url
from reader.feeds.parse import Entry, parse_feed
from reader.feeds.store import EntryRow, FeedRow
from reader.webpage import Page, extract_page

_T = TypeVar("_T")
_D = TypeVar("_D")

# (done, total, name) -> None: feeds (or pages) finished, of how many.
Progress = Callable[[int, int, str], None]

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9,"
    " application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.5, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
# How often a fetch looks at `should_stop` while its threads work.
POLL_SECONDS = 0.1
# How long a stopped fetch waits for the downloads under way to end.
STOP_GRACE_SECONDS = 1.0
# Added to the fingerprint kept for an entry whose page could not be fetched.
RETRY_MARK = "+retry"


@dataclass(frozen=True, slots=True)
class Prepared:
    """An entry made ready to write.  `retry`: its page could not be fetched, so it is
    looked at again (page included) the next time the feed is read."""

    entry: Entry
    article: ArticleFile
    retry: bool = False


@dataclass(slots=True)
class Download:
    """What downloading one feed got (no file written yet).  `known` entries whose
    fingerprint is unchanged are only counted (`unchanged`)."""

    row: FeedRow
    error: str = ""
    stopped: bool = False  # before the feed was read: nothing to write
    complete: bool = True  # False when stopped part-way through the entries
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    title: str = ""
    prepared: list[Prepared] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


def run_threads(
    settings: HttpSettings,
    items: Sequence[_T],
    download: Callable[[Http, _T], _D],
    write: Callable[[_D], None],
    progress: Progress | None,
    should_stop: Callable[[], bool] | None,
    label: Callable[[_T], str],
) -> bool:
    """Download `items` in threads and `write` each result here, in this thread.

    True when stopped early (`should_stop`, or Ctrl-C, which is raised again at
    once).  A stop lets the downloads under way end within `STOP_GRACE_SECONDS`
    and writes what they got; one still waiting on a server after that is
    left to end on its own (its thread is a daemon and writes nothing), so
    that quitting never waits for a slow server's timeout.
    """
    stop = threading.Event()
    if not items:
        return False
    todo: queue.SimpleQueue[_T] = queue.SimpleQueue()
    for item in items:
        todo.put(item)
    # (item, its download), or the exception a download raised (a bug).
    results: queue.SimpleQueue[tuple[_T, _D] | BaseException] = queue.SimpleQueue()
    http = Http(settings, stop)

    def work() -> None:
        while not stop.is_set():
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            try:
                results.put((item, download(http, item)))
            except BaseException as error:  # raised again in the calling thread
                results.put(error)
                return

    workers = [
        threading.Thread(target=work, name=f"reader-fetch-{n}", daemon=True)
        for n in range(max(1, min(settings.max_parallel, len(items))))
    ]
    done = 0

    def take(timeout: float) -> bool:
        """Write the next result if one comes within `timeout`; False if none came."""
        nonlocal done
        try:
            got = results.get(timeout=timeout)
        except queue.Empty:
            return False
        if isinstance(got, BaseException):
            raise got
        item, outcome = got
        write(outcome)
        done += 1
        if progress is not None:
            progress(done, len(items), label(item))
        return True

    if progress is not None:
        progress(0, len(items), "")
    try:
        for worker in workers:
            worker.start()
        while done < len(items):
            take(POLL_SECONDS)
            if should_stop is not None and should_stop():
                stop.set()
                break
        grace = time.monotonic() + STOP_GRACE_SECONDS
        while stop.is_set() and _alive(workers) and time.monotonic() < grace:
            take(POLL_SECONDS)
        while take(0):  # what ended meanwhile
            pass
    except BaseException:
        stop.set()
        raise
    finally:
        if not _alive(workers):
            http.close()  # else the abandoned downloads still use it; collected later
    return stop.is_set()


def _alive(threads: list[threading.Thread]) -> bool:
    return any(thread.is_alive() for thread in threads)


def download_feed(
    http: Http, row: FeedRow, known: dict[str, EntryRow], log_folder: Path
) -> Download:
    """Stage one for a feed (any thread): the feed, then the pages of its new and
    changed entries.  Never raises: a failure is the download's `error`."""
    try:
        return _download_feed(http, row, known)
    except Exception as error:  # a bug must not stop the other feeds
        log = log_error(log_folder, error)
        reason = f"unexpected error ({type(error).__name__}); details in {log}"
        return Download(row, error=reason)


def _download_feed(http: Http, row: FeedRow, known: dict[str, EntryRow]) -> Download:
    download = Download(row)
    try:
        response = http.get(
            row.url, etag=row.etag, last_modified=row.last_modified, accept=FEED_ACCEPT
        )
    except Stopped:
        download.stopped = True
        return download
    except FetchFailed as error:
        download.error = str(error)
        return download
    download.etag, download.last_modified = response.etag, response.last_modified
    if response.not_modified:
        # A 304 need not repeat the validators: the stored ones stay good.
        download.etag = response.etag or row.etag
        download.last_modified = response.last_modified or row.last_modified
        download.not_modified = True
        return download
    parsed = parse_feed(response.body, response.url, response.content_type)
    if not parsed.is_feed:
        download.error = parsed.error
        return download
    download.title = parsed.title
    if parsed.warning:
        download.warnings.append(parsed.warning)
    for entry in parsed.entries:
        if http.stop.is_set():
            download.complete = False
            break
        label = _entry_label(entry)
        if entry.link:
            try:
                check_url(entry.link)
            except FetchFailed as error:
                download.warnings.append(f"{label}: link {entry.link} refused ({error})")
                continue
        old = known.get(entry.key)
        if old is not None and old.fingerprint == entry.fingerprint:
            download.unchanged += 1
            continue
        page, trouble, retry = None, "", False
        if entry.link and not row.summary_only:
            try:
                page, trouble = fetch_page(http, entry.link)
            except Stopped:
                download.complete = False
                break
            except FetchFailed as error:
                trouble, retry = f"page not read ({error})", True
        if trouble:
            download.warnings.append(f"{label}: {trouble}; kept the feed's summary")
        article = _article(entry, page, row, parsed.title)
        if article is None:
            download.warnings.append(f"{label}: no text in the feed or on its page")
            continue
        download.prepared.append(Prepared(entry, article, retry))
    if not download.complete:
        download.warnings.append("stopped before every entry was read")
    return download


def fetch_page(http: Http, url: str) -> tuple[Page | None, str]:
    """The article of the page at `url`, or None and why there is none.  Raises
    `FetchFailed` when the page cannot be fetched (`Stopped` when asked to stop)."""
    response = http.get(url, accept=PAGE_ACCEPT)
    kind = response.content_type.split(";")[0].strip().lower()
    if kind and "html" not in kind and "xml" not in kind and not kind.startswith("text/"):
        return None, f"the link is not a page ({kind})"
    page = extract_page(response.body, response.url)
    if page is None:
        return None, "no article text found on the page"
    return page, ""


def _article(entry: Entry, page: Page | None, row: FeedRow, feed_title: str) -> ArticleFile | None:
    """The article of an entry: the page's text when there is one at least as long as
    the feed's, else the feed's text marked "summary only" (unless the feed is
    subscribed `--summary-only`)."""
    if page is not None and len(page.text) >= len(entry.text):
        body, summary_only = page.text, False
    else:
        body, summary_only = entry.text, not row.summary_only
    if not body.strip():
        return None
    page_title = page.title if page is not None else ""
    return ArticleFile(
        title=entry.title or page_title or derive_title(body),
        body=body,
        date=entry.date or (page.date if page is not None else ""),
        author=entry.author or (page.author if page is not None else ""),
        source=feed_title or row.title or row.name,
        url=entry.link or (page.url if page is not None else ""),
        summary_only=summary_only,
    )


def _entry_label(entry: Entry) -> str:
    title = entry.title or entry.link or entry.key
    return f"entry {title[:60]!r}"
