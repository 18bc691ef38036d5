"""`reader feed`, `reader fetch` and `reader add`: subscriptions and pages from the web.

They call `reader.feeds.Feeds`, the API a Feeds screen calls too.  `fetch`
and `add` exit 1 only when every feed or page failed (each failure is named
on the summary line); a feed that fails among others is a line, not an exit.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USER_ERROR,
    Commands,
    ProgressBar,
    UserError,
    opened_library,
    print_json,
    print_notices,
    say_waiting,
)
from reader.wording import plural

if TYPE_CHECKING:
    from reader.feeds import Feeds


def add_commands(commands: Commands) -> None:
    """Register `feed` (add, list, remove, import, export), `fetch` and `add`."""
    feed = commands.add(
        "feed", options=False, help="subscribe to feeds, list, remove, import or export"
    )
    actions = feed.add_subparsers(title="actions", metavar="ACTION", required=True)
    common = [commands.common]

    add = actions.add_parser(
        "add",
        parents=common,
        help="subscribe to a feed (or to the feed a page names)",
        description="Subscribe to the RSS or Atom feed at URL; for an HTML page, to the "
        'feed it names in <link rel="alternate">.  `reader fetch` brings its articles.',
    )
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", metavar="NAME", help="default: the feed's own title")
    add.add_argument(
        "--summary-only",
        action="store_true",
        help="keep the feed's text; never fetch the full article from its page",
    )
    add.set_defaults(handler=cmd_feed_add)

    listing = actions.add_parser(
        "list", parents=common, help="the feeds: articles, unread, last fetched, last error"
    )
    listing.add_argument("--json", action="store_true", help="print the feeds as JSON")
    listing.set_defaults(handler=cmd_feed_list)

    remove = actions.add_parser(
        "remove", parents=common, help="unsubscribe, and remove the feed's articles"
    )
    remove.add_argument("name", metavar="NAME")
    remove.add_argument(
        "--keep-articles", action="store_true", help="keep the articles in the library"
    )
    remove.set_defaults(handler=cmd_feed_remove)

    opml_in = actions.add_parser(
        "import", parents=common, help="subscribe to the feeds of an OPML file"
    )
    opml_in.add_argument("file", metavar="FILE.opml", type=Path)
    opml_in.set_defaults(handler=cmd_feed_import)

    opml_out = actions.add_parser("export", parents=common, help="write the feeds as OPML 2.0")
    opml_out.add_argument("--output", metavar="FILE", type=Path, help="default: standard output")
    opml_out.add_argument("--force", action="store_true", help="replace FILE if it exists")
    opml_out.set_defaults(handler=cmd_feed_export)

    fetch = commands.add(
        "fetch", handler=cmd_fetch, help="fetch every feed (or those named), import what is new"
    )
    fetch.add_argument("names", nargs="*", metavar="NAME")
    fetch.add_argument("--json", action="store_true", help="print the report as JSON")

    save = commands.add("add", handler=cmd_add, help="save web pages as articles (read it later)")
    save.add_argument("urls", nargs="+", metavar="URL")
    save.add_argument("--json", action="store_true", help="print the report as JSON")


@contextmanager
def _feeds(args: argparse.Namespace) -> Iterator[Feeds]:
    """The library's feeds, opened as every command opens the library; closed after."""
    from reader.feeds import FeedError, Feeds
    from reader.feeds.store import FeedStoreError
    from reader.lock import LibraryBusy

    with opened_library(args) as library:
        try:
            feeds = Feeds(library, on_wait=say_waiting)
        except FeedStoreError as error:
            raise UserError(str(error)) from None
        print_notices(library)
        try:
            yield feeds
        except FeedError as error:
            raise UserError(str(error)) from None
        except LibraryBusy as busy:
            raise UserError(f"{library.folder}: {busy}") from None
        finally:
            feeds.close()


def cmd_feed_add(args: argparse.Namespace) -> int:
    with _feeds(args) as feeds:
        status = feeds.add(args.url, args.name, summary_only=args.summary_only)
    how = " (summaries only)" if status.summary_only else ""
    print(f"subscribed to {status.name!r}{how}: {status.url}; `reader fetch` brings its articles")
    return EXIT_OK


def cmd_feed_list(args: argparse.Namespace) -> int:
    with _feeds(args) as feeds:
        found = feeds.list_feeds()
    if args.json:
        print_json([status.to_record() for status in found])
        return EXIT_OK
    if not found:
        print("no feeds yet: reader feed add URL", file=sys.stderr)
        return EXIT_OK
    width = max(len(status.name) for status in found)
    for status in found:
        counts = f"{plural(status.articles, 'article')}, {status.unread:,} unread"
        print(f"{status.name:<{width}}  {counts}  fetched {status.fetched_when}  {status.url}")
        if status.last_error:
            print(f"{'':<{width}}  last error: {status.last_error}")
    return EXIT_OK


def cmd_feed_remove(args: argparse.Namespace) -> int:
    with _feeds(args) as feeds:
        name = feeds.status(args.name).name
        removed = feeds.remove(args.name, keep_articles=args.keep_articles,
                               on_wait=say_waiting)  # fmt: skip
    kept = "its articles kept" if args.keep_articles else f"{plural(removed, 'article')} removed"
    print(f"unsubscribed from {name!r}; {kept}")
    return EXIT_OK


def cmd_feed_import(args: argparse.Namespace) -> int:
    with _feeds(args) as feeds:
        result = feeds.import_opml(args.file)
    for line in result.skipped:
        print(f"reader: {args.file}: skipped {line}", file=sys.stderr)
    print(f"{result.summary()} (from {args.file})")
    return EXIT_OK


def cmd_feed_export(args: argparse.Namespace) -> int:
    from reader.safewrite import WriteRefused, write_text

    with _feeds(args) as feeds:
        text = feeds.export_opml()
        count = len(feeds.list_feeds())
        folder = feeds.library.folder
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_text(args.output, text, protected=folder, overwrite=args.force)
    except WriteRefused as refused:
        hint = " (--force replaces it)" if refused.exists else ""
        raise UserError(f"{refused}{hint}") from None
    print(f"{plural(count, 'feed')} written to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace) -> int:
    with _feeds(args) as feeds:
        if not feeds.list_feeds():
            raise UserError("no feeds yet: reader feed add URL")
        with _progress("feeds", args.json) as progress:
            report = feeds.fetch(args.names, progress, on_wait=say_waiting)
    if args.json:
        print_json(report.to_record())
    else:
        for result in report.feeds:
            for warning in result.warnings:
                print(f"reader: {result.name}: {warning}", file=sys.stderr)
        for problem in report.problems:
            print(f"reader: {problem}", file=sys.stderr)
        print(report.summary())
    if report.interrupted:
        return EXIT_INTERRUPTED
    all_failed = bool(report.feeds) and len(report.failed) == len(report.feeds)
    return EXIT_USER_ERROR if all_failed else EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    with _feeds(args) as feeds, _progress("pages", args.json) as progress:
        report = feeds.save_pages(args.urls, progress, on_wait=say_waiting)
    if args.json:
        print_json(report.to_record())
    else:
        for problem in report.problems:
            print(f"reader: {problem}", file=sys.stderr)
        for page in report.pages:
            if page.article_id:
                print(f"{page.title}  ({page.article_id})")
        print(report.summary())
    return EXIT_USER_ERROR if len(report.failed) == len(report.pages) else EXIT_OK


@contextmanager
def _progress(unit: str, quiet: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on standard error when it is a terminal (none with --json)."""
    bar = ProgressBar(sys.stderr, unit) if sys.stderr.isatty() and not quiet else None
    try:
        yield bar.update if bar is not None else None
    finally:
        if bar is not None:
            bar.finish()
