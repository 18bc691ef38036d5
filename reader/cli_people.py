"""The `people` and `person` subcommands of `reader` (see `reader.cli` for exit codes).

They call the same Library methods as the app's People and Person screens.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from reader import cli
from reader.peoplestore import PersonDetail
from reader.wording import plural


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Register `people` and `person` on the main parser's subcommands."""
    people = commands.add_parser(
        "people", parents=[common], help="list the people named in the library, by articles"
    )
    people.add_argument(
        "filter", nargs="?", default="", metavar="FILTER", help="only names with words starting so"
    )
    people.add_argument("--limit", type=cli._positive_int, metavar="N")
    people.add_argument("--json", action="store_true", help="print people as JSON")
    people.set_defaults(handler=cmd_people)

    person = commands.add_parser(
        "person", parents=[common], help="one person: aliases and the articles naming them"
    )
    person.add_argument("name", nargs="+", metavar="NAME", help='a name ("Xabi Alonso") or key')
    person.add_argument("--limit", type=cli._positive_int, metavar="N", help="at most N articles")
    person.add_argument("--json", action="store_true", help="print the person as JSON")
    person.set_defaults(handler=cmd_person)


def cmd_people(args: argparse.Namespace) -> int:
    library = cli.open_library(args)
    try:
        found = library.people(args.filter, limit=args.limit)
    finally:
        library.close()
    if args.json:
        payload = [
            {
                "key": p.key,
                "name": p.name,
                "aliases": list(p.aliases),
                "articles": p.article_count,
                "mentions": p.mention_count,
            }
            for p in found
        ]
        print(json.dumps(payload, ensure_ascii=False))
        return cli.EXIT_OK
    if not found:
        matching = f" matching {args.filter!r}" if args.filter else ""
        print(f"no people{matching} in the library", file=sys.stderr)
        return cli.EXIT_OK
    width = len(f"{found[0].article_count:,}")
    for p in found:
        also = f"  (also: {', '.join(p.aliases)})" if p.aliases else ""
        print(f"{p.article_count:>{width},}  {p.name}{also}")
    return cli.EXIT_OK


def cmd_person(args: argparse.Namespace) -> int:
    name = " ".join(args.name)
    library = cli.open_library(args)
    try:
        detail = library.person(name, limit=args.limit)
    finally:
        library.close()
    if detail is None:
        raise cli.UserError(f"no one named {name!r} in the library (see `reader people`)")
    if args.json:
        print(json.dumps(person_payload(detail), ensure_ascii=False))
        return cli.EXIT_OK
    print(
        f"{detail.name}: {plural(detail.article_count, 'article')},"
        f" {plural(detail.mention_count, 'mention')}"
    )
    if detail.aliases:
        print(f"also written: {', '.join(detail.aliases)}")
    if detail.candidates:
        names = ", ".join(c.name for c in detail.candidates)
        print(f"{detail.name!r} alone may be any of: {names}")
        if detail.appearances:
            print(f"articles naming only {detail.name!r}:")
    for ref in detail.ambiguous_aliases:
        print(
            f"not counted: {plural(ref.article_count, 'article')} say only {ref.name!r} (ambiguous)"
        )
    for a in detail.appearances:
        print(f"  {a.date or 'no date'}  {a.title}  ({a.article_id})")
        print(f"      {a.sentence}")
    return cli.EXIT_OK


def person_payload(detail: PersonDetail) -> dict[str, Any]:
    """A person as `reader person --json` prints it."""
    return {
        "key": detail.key,
        "name": detail.name,
        "aliases": list(detail.aliases),
        "articles": detail.article_count,
        "mentions": detail.mention_count,
        "candidates": [{"key": c.key, "name": c.name} for c in detail.candidates],
        "ambiguous_aliases": [{"key": a.key, "name": a.name} for a in detail.ambiguous_aliases],
        "appearances": [
            {
                "id": a.article_id,
                "title": a.title,
                "date": a.date,
                "start": a.start,
                "end": a.end,
                "mentions": a.mention_count,
                "sentence": a.sentence,
                "sentence_start": a.sentence_start,
            }
            for a in detail.appearances
        ],
    }
