"""The `quotes` and `bookmarks` subcommands of `reader` (see `reader.cli` for exit codes)."""

from __future__ import annotations

import argparse
import json
import sys

from reader import cli
from reader.library import Library


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


def _open(args: argparse.Namespace) -> Library:
    library = cli.open_library(args)
    assert isinstance(library, Library)
    return library


def cmd_quotes(args: argparse.Namespace) -> int:
    library = _open(args)
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
