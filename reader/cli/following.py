"""`reader follow`, `reader unfollow`, `reader following`: the people a user follows
and how many of their articles are new (the app's Following screen shows the same)."""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import EXIT_OK, Commands, UserError, opened_library, print_json
from reader.wording import plural


def add_commands(commands: Commands) -> None:
    follow = commands.add(
        "follow", handler=cmd_follow, help="follow a person: their new articles are marked"
    )
    follow.add_argument("name", nargs="+", metavar="NAME", help='a name ("Tony Blair")')
    unfollow = commands.add("unfollow", handler=cmd_unfollow, help="stop following a person")
    unfollow.add_argument("name", nargs="+", metavar="NAME")
    following = commands.add(
        "following",
        handler=cmd_following,
        help="the people followed, with their articles new since last seen",
    )
    following.add_argument("--json", action="store_true", help="print them as JSON")


def cmd_follow(args: argparse.Namespace) -> int:
    from reader.library import UnknownPerson

    name = " ".join(args.name)
    with opened_library(args) as library:
        try:
            person = library.follow(name)
        except UnknownPerson as problem:
            raise UserError(str(problem)) from None
    print(f"following {person.name}: articles added from now on are marked new")
    return EXIT_OK


def cmd_unfollow(args: argparse.Namespace) -> int:
    name = " ".join(args.name)
    with opened_library(args) as library:
        unfollowed = library.unfollow(name)
    if unfollowed is None:
        raise UserError(f"{name!r} is not followed (see `reader following`)")
    print(f"no longer following {unfollowed}")
    return EXIT_OK


def cmd_following(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        followed = library.following()
    if args.json:
        print_json([person.to_record() for person in followed])
        return EXIT_OK
    if not followed:
        print("nobody followed (reader follow NAME)", file=sys.stderr)
        return EXIT_OK
    for person in followed:
        print(
            f"{person.name}: {plural(person.new_articles, 'new article')}"
            f" ({plural(person.articles, 'article')} in all)"
        )
    return EXIT_OK
