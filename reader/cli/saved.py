"""`reader saved add|list|remove`: queries kept under a name, run as `reader search @NAME`."""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import EXIT_OK, Commands, UserError, opened_library, print_json, settings_for
from reader.saved import NAME_RULE, SavedSearchError
from reader.wording import plural


def add_commands(commands: Commands) -> None:
    saved = commands.add("saved", options=False, help="save, list or remove named searches")
    actions = saved.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", parents=[commands.common], help="save QUERY as NAME (`reader search @NAME` runs it)"
    )
    add.add_argument("name", metavar="NAME", help=NAME_RULE)
    add.add_argument("query", nargs="+", metavar="QUERY", help="the query, as `reader search`")
    add.set_defaults(handler=cmd_saved_add)
    listing = actions.add_parser(
        "list", parents=[commands.common], help="saved searches, with their articles and new ones"
    )
    listing.add_argument("--json", action="store_true", help="print them as JSON")
    listing.set_defaults(handler=cmd_saved_list)
    remove = actions.add_parser("remove", parents=[commands.common], help="forget a saved search")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=cmd_saved_remove)


def cmd_saved_add(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    with opened_library(args) as library:
        try:
            replaced = library.save_search(settings_for(args.config).searches, args.name, query)
        except SavedSearchError as error:
            raise UserError(str(error)) from None
    print(f"{'replaced' if replaced else 'saved'} @{args.name}: {query}", file=sys.stderr)
    return EXIT_OK


def cmd_saved_list(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        try:
            counts = library.saved_counts(settings_for(args.config).searches)
        except SavedSearchError as error:
            raise UserError(str(error)) from None
    if args.json:
        print_json([count.to_record() for count in counts])
        return EXIT_OK
    if not counts:
        print("no saved searches (reader saved add NAME QUERY saves one)", file=sys.stderr)
        return EXIT_OK
    for count in counts:
        about = "about " if count.total_is_estimate else ""
        where = "  (config.yaml)" if count.search.origin == "config" else ""
        articles = f"{about}{plural(count.total, 'article')}"
        print(
            f"@{count.search.name}  {count.search.query}  ·  {articles}, {count.new:,} new{where}"
        )
    return EXIT_OK


def cmd_saved_remove(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        try:
            library.remove_saved_search(settings_for(args.config).searches, args.name)
        except SavedSearchError as error:
            raise UserError(str(error)) from None
    print(f"removed @{args.name}", file=sys.stderr)
    return EXIT_OK
