"""`reader config check` and `reader config show`: the configuration file and the keys."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.cli.common import EXIT_OK, EXIT_USER_ERROR, Commands, settings_for


def add_commands(commands: Commands) -> None:
    config = commands.add("config", options=False, help="check the configuration or show the keys")
    config_actions = config.add_subparsers(title="actions", metavar="ACTION", required=True)
    check = config_actions.add_parser(
        "check",
        parents=[commands.common],
        help="validate a configuration file (default: yours); exit 1 on problems",
    )
    check.add_argument("file", nargs="?", type=Path, metavar="FILE")
    check.set_defaults(handler=cmd_config, action="check")
    show_config = config_actions.add_parser(
        "show", parents=[commands.common], help="print the keys in effect"
    )
    show_config.add_argument("--json", action="store_true")
    show_config.set_defaults(handler=cmd_config, action="show", file=None)


def cmd_config(args: argparse.Namespace) -> int:
    from reader.config import keymap_by_scope

    config_file = args.file or args.config
    if args.action == "check":
        settings = settings_for(config_file)
        for problem in settings.problems:
            print(problem)
        if settings.problems:
            return EXIT_USER_ERROR
        shown = config_file or settings.user_file
        exists = shown is not None and Path(shown).exists()
        print(f"{shown}: ok" if exists else f"{shown}: no such file (the defaults are in use)")
        return EXIT_OK
    settings = settings_for(config_file)
    for problem in settings.problems:
        print(f"reader: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(settings.to_record(), indent=2))
        return EXIT_OK
    print(
        f"# theme: {settings.theme}    people.backend: {settings.people_backend}"
        f"    feeds.refresh_minutes: {settings.feeds_refresh_minutes}"
    )
    for title, actions in keymap_by_scope(settings):
        print(f"\n{title}")
        for action, keys in actions:
            mark = " *" if action.id in settings.changed else ""
            print(f"  {', '.join(keys) or '(none)':24} {action.id:26} {action.description}{mark}")
    if settings.changed:
        print("\n* set in your file")
    return EXIT_OK
