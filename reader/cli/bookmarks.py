"""`reader bookmarks list|export|import`: the bookmarks of a library, without opening
its catalog or index (nothing is imported, nothing waits for an import)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from reader.bookmarks import (
    FILE_NAME,
    FORMATS,
    Bookmark,
    BookmarkFileError,
    BookmarkStore,
    quoted,
)
from reader.cli.common import EXIT_OK, Commands, UserError, library_folder, print_json, say_waiting
from reader.safewrite import WriteRefused


def add_commands(commands: Commands) -> None:
    bookmarks = commands.add("bookmarks", options=False, help="list, export or import bookmarks")
    actions = bookmarks.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[commands.common], help="bookmarks, newest first")
    listing.add_argument("filter", nargs="?", default="", help="words to find in them")
    listing.add_argument("--speaker", metavar="NAME")
    listing.add_argument(
        "--tag", metavar="TAG", action="append", help="only bookmarks with this tag (repeatable)"
    )
    listing.add_argument("--json", action="store_true", help="print bookmarks as JSON")
    listing.set_defaults(handler=cmd_bookmarks_list)
    export = actions.add_parser("export", parents=[commands.common], help="write every bookmark")
    export.add_argument("--format", choices=FORMATS, default="md")
    export.add_argument("--output", metavar="FILE", type=Path, help="default: standard output")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.set_defaults(handler=cmd_bookmarks_export)
    restore = actions.add_parser(
        "import",
        parents=[commands.common],
        help="add the bookmarks of a JSON export (no duplicates)",
    )
    restore.add_argument("file", metavar="FILE.json", type=Path)
    restore.set_defaults(handler=cmd_bookmarks_import)


def _bookmark_store(args: argparse.Namespace) -> BookmarkStore:
    """The library's bookmarks, opened without the catalog or index (nothing is imported);
    restored from their backup when the file is damaged."""
    from reader.healing import open_bookmarks
    from reader.lock import LibraryLock

    folder = library_folder(args)
    notices: list[str] = []
    try:
        store = open_bookmarks(folder, LibraryLock(folder), notices, say_waiting)
        for notice in notices:
            print(f"reader: {notice}", file=sys.stderr)
        return store
    except BookmarkFileError as error:
        raise UserError(str(error)) from None
    except (OSError, sqlite3.Error) as error:
        raise UserError(f"{folder / FILE_NAME}: cannot open bookmarks ({error})") from None


def cmd_bookmarks_list(args: argparse.Namespace) -> int:
    with closing(_bookmark_store(args)) as store:
        found = store.list(args.filter, speaker=args.speaker, tags=args.tag or ())
    if args.json:
        print_json([bookmark.to_record() for bookmark in found])
        return EXIT_OK
    if not found:
        print("no bookmarks" + (" match" if args.filter or args.speaker or args.tag else ""),
              file=sys.stderr)  # fmt: skip
        return EXIT_OK
    for bookmark in found:
        print(_one_line(bookmark))
    return EXIT_OK


def _one_line(bookmark: Bookmark) -> str:
    text = " ".join(bookmark.text.split())
    if len(text) > 100:
        text = text[:99] + "…"
    source = ", ".join(p for p in (bookmark.speaker, bookmark.title, bookmark.date) if p)
    tags = f"  [{', '.join(bookmark.tags)}]" if bookmark.tags else ""
    orphan = "  (not found in its article)" if bookmark.orphaned else ""
    return f"{bookmark.id[:8]}  {quoted(text)} — {source or 'unknown source'}{tags}{orphan}"


def cmd_bookmarks_export(args: argparse.Namespace) -> int:
    with closing(_bookmark_store(args)) as store:
        try:
            if args.output is None:
                sys.stdout.write(store.export(args.format))
                return EXIT_OK
            count = store.export_file(args.output, args.format, overwrite=args.force)
        except WriteRefused as refused:
            hint = " (--force replaces it)" if refused.exists else ""
            raise UserError(f"{refused}{hint}") from None
    print(f"{count} bookmarks written to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_bookmarks_import(args: argparse.Namespace) -> int:
    with closing(_bookmark_store(args)) as store:
        try:
            result = store.import_file(args.file)
        except BookmarkFileError as error:
            raise UserError(str(error)) from None
    print(
        f"{result.added} bookmarks added, {result.already_there} already there (from {args.file})"
    )
    return EXIT_OK
