"""The `reader` command line: the app by default, subcommands for scripts.

Exit codes: 0 success (zero hits included), 1 user error (with a one-line
message), 2 usage error.  Each group of commands is a module of this package
that adds its commands to the parser (`add_commands`) and runs them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.cli import (
    app,
    articles,
    bookmarks,
    config,
    feeds,
    following,
    index,
    people,
    quotes,
    saved,
)
from reader.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USER_ERROR,
    Commands,
    UserError,
    library_folder,
    opened_library,
    print_notices,
    repair_feedback,
)

# In the order `reader --help` lists them.
COMMAND_GROUPS = (index, articles, saved, feeds, quotes, bookmarks, people, following, config)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser, commands = build_parser()
    if not _names_subcommand(args_list, commands.names):
        return app.run_app_command(args_list)
    args = parser.parse_args(args_list)
    try:
        return _run(args)
    except UserError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error for the user.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # no traceback ever reaches the user
        return _report_failure(args, error)


def _report_failure(args: argparse.Namespace, error: Exception) -> int:
    """One line for an error nothing above handled; its details go to the error log."""
    import sqlite3

    from reader.errorlog import log_error, one_line
    from reader.import_workers import WorkerFailed

    folder = library_folder(args)
    log = log_error(folder if folder.is_dir() else None, error)
    if isinstance(error, OSError):  # a full disk, a file that cannot be written
        where = error.filename or folder
        print(f"reader: {where}: {error.strerror or one_line(error)}", file=sys.stderr)
    elif isinstance(error, sqlite3.Error):
        print(f"reader: {folder}: {one_line(error)} (details in {log})", file=sys.stderr)
    elif isinstance(error, WorkerFailed):
        print(f"reader: the import stopped: {one_line(error)} (details in {log})",
              file=sys.stderr)  # fmt: skip
    else:
        print(
            f"reader: unexpected error ({type(error).__name__}: {one_line(error)});"
            f" details in {log}",
            file=sys.stderr,
        )
    return EXIT_USER_ERROR


def _run(args: argparse.Namespace) -> int:
    """Run the command; when it finds part of the library damaged, repair it and run
    the command once more."""
    from reader.library import LibraryDamaged

    try:
        return int(args.handler(args))
    except LibraryDamaged as damage:
        print(f"reader: {damage}; repairing the library", file=sys.stderr)
        with opened_library(args) as library:
            library.heal(damage, *repair_feedback())
            print_notices(library)
    try:
        return int(args.handler(args))
    except LibraryDamaged as damage:
        raise UserError(
            f"{damage}, even after repairing it; details in {damage.path.parent / 'logs'}"
        ) from None


def build_parser() -> tuple[argparse.ArgumentParser, Commands]:
    """The parser of every subcommand, and the commands it knows."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal reader for a local collection of news articles. "
        "Without a command, opens the full-screen app (reader [PATH...] also imports PATHs).",
    )
    parser.add_argument("--version", action="version", version=f"reader {_version()}")
    parser.add_argument(
        "--library",
        metavar="DIR",
        type=Path,
        help="library folder (default: $READER_LIBRARY or the user data folder)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="configuration file (default: $READER_CONFIG or the user config folder)",
    )
    commands = Commands(parser)
    for group in COMMAND_GROUPS:
        group.add_commands(commands)
    return parser, commands


def _names_subcommand(args: list[str], names: Sequence[str]) -> bool:
    """True when the first word that is not an option is a subcommand (or help is asked)."""
    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
            continue
        if arg in ("-h", "--help", "--version"):
            return True
        if arg in ("--library", "--config"):
            skip_next = True
            continue
        if arg.startswith("-"):
            continue
        return arg in names
    return False


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reader")
    except PackageNotFoundError:
        return "source"
