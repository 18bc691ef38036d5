"""`reader quotes`: what was said in the library's articles, by whom, where."""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import EXIT_OK, Commands, opened_library, positive_int, print_json
from reader.quotegroups import repeated


def add_commands(commands: Commands) -> None:
    quotes = commands.add("quotes", handler=cmd_quotes, help="list the quotes in the library")
    quotes.add_argument("--person", metavar="NAME", help="only quotes by this speaker")
    quotes.add_argument("--limit", type=positive_int, metavar="N")
    quotes.add_argument(
        "--repeated",
        action="store_true",
        help="only quotes found in more than one article, each once, earliest first",
    )
    quotes.add_argument("--json", action="store_true", help="print quotes as JSON")


def cmd_quotes(args: argparse.Namespace) -> int:
    if args.repeated:
        return _repeated_quotes(args)
    with opened_library(args) as library:
        entries = library.quotes(person=args.person, limit=args.limit)
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


def _repeated_quotes(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        groups = repeated(library.quote_groups(person=args.person))
    if args.limit is not None:
        groups = groups[: args.limit]
    if args.json:
        print_json([group.to_record() for group in groups])
        return EXIT_OK
    if not groups:
        who = f" by {args.person}" if args.person else ""
        print(f"no quote{who} appears in more than one article", file=sys.stderr)
        return EXIT_OK
    for group in groups:
        first = group.first
        print(f"“{first.quote.text}”")
        speaker = first.quote.speaker or "unknown speaker"
        print(
            f"    — {speaker}, in {group.article_count} articles;"
            f" first {_when(first.date)} in {first.title} ({first.article_id})"
        )
        for other in group.others:
            print(f"      also {_when(other.date)} in {other.title} ({other.article_id})")
    return EXIT_OK


def _when(date: str) -> str:
    return f"on {date}" if date else "undated"
