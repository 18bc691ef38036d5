"""The `quotes` and `bookmarks` subcommands of `reader` (see `reader.cli` for exit codes)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from reader import cli
from reader.bookmarks import (
    FILE_NAME,
    FORMATS,
    Bookmark,
    BookmarkFileError,
    BookmarkStore,
    quoted,
)
from reader.resources import default_library
from reader.safewrite import WriteRefused


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Register `quotes` (and `bookmarks`) on the main parser's subcommands."""
    quotes = commands.add_parser("quotes", parents=[common], help="list the quotes in the library")
    quotes.add_argument("--person", metavar="NAME", help="only quotes by this speaker")
    quotes.add_argument("--limit", type=cli._positive_int, metavar="N")
    quotes.add_argument("--json", action="store_true", help="print quotes as JSON")
    quotes.set_defaults(handler=cmd_quotes)

    bookmarks = commands.add_parser("bookmarks", help="list, export or import bookmarks")
    actions = bookmarks.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="bookmarks, newest first")
    listing.add_argument("filter", nargs="?", default="", help="words to find in them")
    listing.add_argument("--speaker", metavar="NAME")
    listing.add_argument(
        "--tag", metavar="TAG", action="append", help="only bookmarks with this tag (repeatable)"
    )
    listing.add_argument("--json", action="store_true", help="print bookmarks as JSON")
    listing.set_defaults(handler=cmd_bookmarks_list)
    export = actions.add_parser("export", parents=[common], help="write every bookmark")
    export.add_argument("--format", choices=FORMATS, default="md")
    export.add_argument("--output", metavar="FILE", type=Path, help="default: standard output")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.set_defaults(handler=cmd_bookmarks_export)
    restore = actions.add_parser(
        "import", parents=[common], help="add the bookmarks of a JSON export (no duplicates)"
    )
    restore.add_argument("file", metavar="FILE.json", type=Path)
    restore.set_defaults(handler=cmd_bookmarks_import)


def cmd_quotes(args: argparse.Namespace) -> int:
    library = cli.open_library(args)
    try:
        entries = library.quotes(person=args.person, limit=args.limit)
    finally:
        library.close()
    if args.json:
        payload = [
            {
                "text": e.quote.text,
                "speaker": e.quote.speaker,
                "start": e.quote.start,
                "end": e.quote.end,
                "article_id": e.article_id,
                "title": e.title,
                "date": e.date,
                "path": e.path,
            }
            for e in entries
        ]
        print(json.dumps(payload, ensure_ascii=False))
        return cli.EXIT_OK
    if not entries:
        who = f" by {args.person}" if args.person else ""
        print(f"no quotes{who} in the library", file=sys.stderr)
        return cli.EXIT_OK
    for e in entries:
        print(f"“{e.quote.text}”")
        speaker = e.quote.speaker or "unknown speaker"
        print(f"    — {speaker}, {e.title} ({e.date or 'no date'}, {e.article_id})")
    return cli.EXIT_OK


# Bookmarks -------------------------------------------------------------------


def _bookmark_store(args: argparse.Namespace) -> BookmarkStore:
    """The library's bookmarks, opened without the catalog or index (nothing is imported);
    restored from their backup when the file is damaged."""
    from reader.healing import open_bookmarks
    from reader.lock import LibraryLock

    folder = (args.library or default_library()).expanduser()
    notices: list[str] = []
    try:
        store = open_bookmarks(folder, LibraryLock(folder), notices, cli._say_waiting)
        for notice in notices:
            print(f"reader: {notice}", file=sys.stderr)
        return store
    except BookmarkFileError as error:
        raise cli.UserError(str(error)) from None
    except (OSError, sqlite3.Error) as error:
        raise cli.UserError(f"{folder / FILE_NAME}: cannot open bookmarks ({error})") from None


def cmd_bookmarks_list(args: argparse.Namespace) -> int:
    store = _bookmark_store(args)
    try:
        found = store.list(args.filter, speaker=args.speaker, tags=args.tag or ())
    finally:
        store.close()
    if args.json:
        print(json.dumps([b.to_record() for b in found], ensure_ascii=False))
        return cli.EXIT_OK
    if not found:
        print("no bookmarks" + (" match" if args.filter or args.speaker or args.tag else ""),
              file=sys.stderr)  # fmt: skip
        return cli.EXIT_OK
    for bookmark in found:
        print(_one_line(bookmark))
    return cli.EXIT_OK


def _one_line(bookmark: Bookmark) -> str:
    text = " ".join(bookmark.text.split())
    if len(text) > 100:
        text = text[:99] + "…"
    source = ", ".join(p for p in (bookmark.speaker, bookmark.title, bookmark.date) if p)
    tags = f"  [{', '.join(bookmark.tags)}]" if bookmark.tags else ""
    orphan = "  (not found in its article)" if bookmark.orphaned else ""
    return f"{bookmark.id[:8]}  {quoted(text)} — {source or 'unknown source'}{tags}{orphan}"


def cmd_bookmarks_export(args: argparse.Namespace) -> int:
    store = _bookmark_store(args)
    try:
        if args.output is None:
            sys.stdout.write(store.export(args.format))
            return cli.EXIT_OK
        count = store.export_file(args.output, args.format, overwrite=args.force)
    except WriteRefused as refused:
        hint = " (--force replaces it)" if refused.exists else ""
        raise cli.UserError(f"{refused}{hint}") from None
    finally:
        store.close()
    print(f"{count} bookmarks written to {args.output}", file=sys.stderr)
    return cli.EXIT_OK


def cmd_bookmarks_import(args: argparse.Namespace) -> int:
    store = _bookmark_store(args)
    try:
        result = store.import_file(args.file)
    except BookmarkFileError as error:
        raise cli.UserError(str(error)) from None
    finally:
        store.close()
    print(
        f"{result.added} bookmarks added, {result.already_there} already there (from {args.file})"
    )
    return cli.EXIT_OK
