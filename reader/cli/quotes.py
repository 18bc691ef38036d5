"""`reader quotes`: what was said in the library's articles, by whom, where."""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import EXIT_OK, Commands, open_library, positive_int, print_json


def add_commands(commands: Commands) -> None:
    quotes = commands.add("quotes", handler=cmd_quotes, help="list the quotes in the library")
    quotes.add_argument("--person", metavar="NAME", help="only quotes by this speaker")
    quotes.add_argument("--limit", type=positive_int, metavar="N")
    quotes.add_argument("--json", action="store_true", help="print quotes as JSON")


def cmd_quotes(args: argparse.Namespace) -> int:
    library = open_library(args)
    try:
        entries = library.quotes(person=args.person, limit=args.limit)
    finally:
        library.close()
    if args.json:
        print_json([entry.to_record() for entry in entries])
        return EXIT_OK
    if not entries:
        who = f" by {args.person}" if args.person else ""
        print(f"no quotes{who} in the library", file=sys.stderr)
        return EXIT_OK
    for e in entries:
        print(f"“{e.quote.text}”")
        speaker = e.quote.speaker or "unknown speaker"
        print(f"    — {speaker}, {e.title} ({e.date or 'no date'}, {e.article_id})")
    return EXIT_OK
