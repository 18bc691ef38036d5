"""`reader people` and `reader person`: who the articles mention, and
`reader person merge|split`: the user's corrections of who is who.

They call the same Library methods as the app's People and Person screens.
"""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import EXIT_OK, Commands, UserError, opened_library, positive_int, print_json
from reader.wording import plural


def add_commands(commands: Commands) -> None:
    people = commands.add(
        "people",
        handler=cmd_people,
        help="list the people named in the library, by articles",
    )
    people.add_argument(
        "filter", nargs="?", default="", metavar="FILTER", help="only names with words starting so"
    )
    people.add_argument("--limit", type=positive_int, metavar="N")
    people.add_argument("--json", action="store_true", help="print people as JSON")

    person = commands.add(
        "person",
        handler=cmd_person,
        help="one person: aliases and the articles naming them; merge or split people",
        description="One person: reader person Xabi Alonso.  Corrections, kept in the"
        " library's people.json through rebuilds and re-imports: reader person merge"
        ' "Tony Blair" "Mr Blair" lists the second under the first; reader person split'
        ' "Tony Blair" Blair keeps the alias apart.',
    )
    person.add_argument(
        "name",
        nargs="+",
        metavar="NAME",
        help='a name ("Xabi Alonso") or key; or merge NAME OTHER, split NAME ALIAS',
    )
    person.add_argument("--limit", type=positive_int, metavar="N", help="at most N articles")
    person.add_argument("--json", action="store_true", help="print the person as JSON")


def cmd_people(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        found = library.people(args.filter, limit=args.limit)
    if args.json:
        print_json([person.to_record() for person in found])
        return EXIT_OK
    if not found:
        matching = f" matching {args.filter!r}" if args.filter else ""
        print(f"no people{matching} in the library", file=sys.stderr)
        return EXIT_OK
    width = len(f"{found[0].article_count:,}")
    for p in found:
        also = f"  (also: {', '.join(p.aliases)})" if p.aliases else ""
        print(f"{p.article_count:>{width},}  {p.name}{also}")
    return EXIT_OK


def cmd_person(args: argparse.Namespace) -> int:
    if args.name[0] in CORRECTIONS:
        return _correct(args)
    name = " ".join(args.name)
    with opened_library(args) as library:
        detail = library.person(name, limit=args.limit)
    if detail is None:
        raise UserError(f"no one named {name!r} in the library (see `reader people`)")
    if args.json:
        print_json(detail.to_record())
        return EXIT_OK
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
    from reader.personfacts import busiest

    if detail.appears_with:
        print("appears with: " + ", ".join(f"{c.name} ({c.articles})" for c in detail.appears_with))
    peaks = busiest(detail.timeline)
    if peaks:
        print("busiest: " + ", ".join(f"{p.period} ({p.articles})" for p in peaks))
    for a in detail.appearances:
        print(f"  {a.date or 'no date'}  {a.title}  ({a.article_id})")
        print(f"      {a.sentence}")
    return EXIT_OK


# `reader person merge NAME OTHER`, `reader person split NAME ALIAS`.
CORRECTIONS = ("merge", "split")


def _correct(args: argparse.Namespace) -> int:
    from reader.library import UnknownPerson

    action, *names = args.name
    if len(names) != 2:
        second = "OTHER" if action == "merge" else "ALIAS"
        raise UserError(
            f"{action} takes two names, each in quotes when it has spaces:"
            f' reader person {action} "NAME" "{second}"'
        )
    name, other = names
    with opened_library(args) as library:
        try:
            if action == "merge":
                person, merged = library.merge_people(name, other)
                print(f"{merged.name} is now listed under {person.name}")
            else:
                person = library.split_person(name, other)
                print(f"{other} is now kept apart from {person.name}")
        except UnknownPerson as problem:
            raise UserError(str(problem)) from None
    return EXIT_OK
