"""The `reader` command: the app by default, subcommands for scripts.

Exit codes: 0 success (zero hits included), 1 user error (with a one-line
message), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.config import Settings, load_settings
from reader.resources import default_library

if TYPE_CHECKING:  # imported when a command needs it: Whoosh is slow to import
    from reader.library import Library

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not _names_subcommand(args_list, parser):
        return run_app_command(args_list)
    args = parser.parse_args(args_list)
    try:
        return int(args.handler(args))
    except UserError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error for the user.
        sys.stderr.close()
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal reader for a local collection of news articles. "
        "Without a command, opens the full-screen app (reader [PATH...] also imports PATHs).",
    )
    parser.add_argument("--version", action="version", version=f"reader {_version()}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        metavar="DIR",
        type=Path,
        help="library folder (default: $READER_LIBRARY or the user data folder)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    index = commands.add_parser(
        "index", parents=[common], help="import article files and folders (incremental)"
    )
    index.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    index.add_argument("--json", action="store_true", help="print the report as JSON")
    index.set_defaults(handler=cmd_index)

    search = commands.add_parser("search", parents=[common], help="search the library")
    search.add_argument("query", nargs="+", metavar="QUERY", help='words, "a phrase", OR, NOT…')
    search.add_argument("--limit", type=_positive_int, default=20, metavar="N")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--json", action="store_true", help="print results as JSON")
    search.set_defaults(handler=cmd_search)

    show = commands.add_parser("show", parents=[common], help="print one article")
    show.add_argument("article_id", metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    extract = commands.add_parser(
        "extract", help="parse files and print their articles, without touching the library"
    )
    extract.add_argument("files", nargs="+", metavar="FILE", type=Path)
    extract.add_argument("--json", action="store_true", help="JSON (JSON Lines for several)")
    extract.set_defaults(handler=cmd_extract)

    from reader.cli_quotes import add_commands

    add_commands(commands, common)

    from reader.cli_people import add_commands as add_people_commands

    add_people_commands(commands, common)

    config = commands.add_parser("config", help="check the configuration or show the keys")
    config_actions = config.add_subparsers(title="actions", metavar="ACTION", required=True)
    check = config_actions.add_parser(
        "check", help="validate a configuration file (default: yours); exit 1 on problems"
    )
    check.add_argument("file", nargs="?", type=Path, metavar="FILE")
    check.set_defaults(handler=cmd_config, action="check")
    show_config = config_actions.add_parser("show", help="print the keys in effect")
    show_config.add_argument("--config", dest="file", type=Path, metavar="FILE")
    show_config.add_argument("--json", action="store_true")
    show_config.set_defaults(handler=cmd_config, action="show")
    return parser


def _names_subcommand(args: list[str], parser: argparse.ArgumentParser) -> bool:
    """True when the first word that is not an option is a subcommand (or help is asked)."""
    names = set(_subcommand_names(parser))
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


def _subcommand_names(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reader")
    except PackageNotFoundError:
        return "source"


# The app ---------------------------------------------------------------------


def run_app_command(args: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="reader", description="Open the full-screen reader (and import PATHs first)."
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", type=Path)
    parser.add_argument("--library", metavar="DIR", type=Path)
    parser.add_argument("--config", metavar="FILE", type=Path)
    parser.add_argument("--no-seed", action="store_true", help=argparse.SUPPRESS)
    parsed = parser.parse_args(args)
    missing = [path for path in parsed.paths if not path.exists()]
    if missing:
        print(f"reader: {missing[0]}: no such file or folder", file=sys.stderr)
        return EXIT_USER_ERROR
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        print(
            "reader: the app needs a terminal; for scripts use the subcommands (reader --help)",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    from reader.app.app import ReaderApp

    settings = _settings(parsed.config)
    folder = (parsed.library or default_library()).expanduser()
    app = ReaderApp(
        folder, settings, import_paths=[p.resolve() for p in parsed.paths], seed=not parsed.no_seed
    )
    app.run()
    return EXIT_OK


def _settings(config: Path | None) -> Settings:
    from reader.resources import user_config_file

    if config is not None:
        return load_settings(config.expanduser(), user_file_required=True)
    return load_settings(user_config_file())


# Configuration ---------------------------------------------------------------


def cmd_config(args: argparse.Namespace) -> int:
    from reader.config import keymap_by_scope

    if args.action == "check":
        settings = _settings(args.file)
        for problem in settings.problems:
            print(problem)
        if settings.problems:
            return EXIT_USER_ERROR
        shown = args.file or settings.user_file
        exists = shown is not None and Path(shown).exists()
        print(f"{shown}: ok" if exists else f"{shown}: no such file (the defaults are in use)")
        return EXIT_OK
    settings = _settings(args.file)
    for problem in settings.problems:
        print(f"reader: {problem}", file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                {
                    "theme": settings.theme,
                    "people": {"backend": settings.people_backend},
                    "keys": settings.keymap,
                },
                indent=2,
            )
        )
        return EXIT_OK
    print(f"# theme: {settings.theme}    people.backend: {settings.people_backend}")
    for title, actions in keymap_by_scope(settings):
        print(f"\n{title}")
        for action, keys in actions:
            mark = " *" if action.id in settings.changed else ""
            print(f"  {', '.join(keys) or '(none)':24} {action.id:26} {action.description}{mark}")
    if settings.changed:
        print("\n* set in your file")
    return EXIT_OK


# Library commands ------------------------------------------------------------


def open_library(args: argparse.Namespace) -> Library:
    from reader.bookmarks import BookmarkFileError
    from reader.extraction import analyser_for_config
    from reader.library import Library

    folder = args.library or default_library()
    settings = _settings(None)
    for problem in settings.problems:
        print(f"reader: {problem}", file=sys.stderr)
    analyse, trouble = analyser_for_config(settings.people_backend)
    if trouble:
        print(f"reader: {trouble}", file=sys.stderr)
    try:
        library = Library(folder.expanduser(), analyse=analyse)
    except OSError as error:
        raise UserError(f"{folder}: cannot open library ({error.strerror or error})") from None
    except BookmarkFileError as error:
        raise UserError(str(error)) from None
    for notice in library.notices:
        print(f"reader: {notice}", file=sys.stderr)
    return library


def cmd_index(args: argparse.Namespace) -> int:
    from reader.importer import ImportBusy

    library = open_library(args)
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.json else None
    try:
        report = library.import_paths(args.paths, progress=bar.update if bar else None)
    except ImportBusy as error:
        raise UserError(f"{library.folder}: {error}; try again when it has finished") from None
    finally:
        if bar:
            bar.finish()
    if args.json:
        payload = {
            "added": report.added,
            "updated": report.updated,
            "removed": report.removed,
            "unchanged": report.unchanged,
            "files": report.files,
            "skipped": report.skipped,
            "seconds": round(report.seconds, 3),
            "interrupted": report.interrupted,
            "problems": [
                {"file": p.path, "line": p.line, "reason": p.reason, "skipped": p.skipped}
                for p in report.problems
            ],
            "articles": library.count(),
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        for problem in report.problems:
            print(f"reader: {problem}", file=sys.stderr)
        print(f"{report.summary()}. The library has {library.count():,} articles.")
    library.close()
    if report.interrupted:
        return 130
    return EXIT_USER_ERROR if report.skipped and not report.files else EXIT_OK


class ProgressBar:
    """A one-line progress bar with a rate and an ETA, redrawn at most 10 times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.last_drawn = 0.0
        self.width = 30

    def update(self, done: int, total: int, name: str) -> None:
        now = time.monotonic()
        if now - self.last_drawn < 0.1 and done < total:
            return
        self.last_drawn = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0
        filled = int(self.width * done / total) if total else self.width
        columns = _terminal_columns()
        line = (
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,} files"
            f"  {rate:,.0f}/s  ETA {eta:,.0f}s  "
        )
        room = columns - len(line)
        tail = name[-room:] if room > 8 else ""
        self.stream.write(f"{line}{tail}".ljust(columns)[: columns - 1])
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\r" + " " * (_terminal_columns() - 1) + "\r")
        self.stream.flush()


def _terminal_columns() -> int:
    try:
        return os.get_terminal_size(2).columns
    except OSError:
        return 80


def cmd_search(args: argparse.Namespace) -> int:
    library = open_library(args)
    text = " ".join(args.query)
    result = library.search(text, limit=args.limit, sort=args.sort)
    library.close()
    for problem in result.problems:
        print(f"reader: query: {problem}", file=sys.stderr)
    if args.json:
        payload = {
            "query": text,
            "total": result.total,
            "total_is_estimate": result.total_is_estimate,
            "seconds": round(result.seconds, 4),
            "problems": list(result.problems),
            "hits": [
                {
                    "id": hit.id,
                    "title": hit.title,
                    "date": hit.date,
                    "source": hit.source,
                    "path": hit.path,
                    "score": round(hit.score, 4),
                    "snippet": hit.snippet.text,
                    "snippet_marks": [list(mark) for mark in hit.snippet.marks],
                }
                for hit in result.hits
            ],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK
    about = "about " if result.total_is_estimate else ""
    count = f"{about}{result.total:,} hit{'' if result.total == 1 else 's'}"
    print(f"{count} for {text} ({result.seconds * 1000:.0f} ms)")
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    before, after = ("\x1b[1;33m", "\x1b[0m") if color else ("**", "**")
    for number, hit in enumerate(result.hits, start=1):
        date = hit.date or "no date"
        print(f"{number:>3}. {hit.title}  ({date}, {hit.id})")
        print(f"     {hit.snippet.marked(before, after)}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    library = open_library(args)
    article = library.article(args.article_id)
    library.close()
    if article is None:
        raise UserError(
            f"no article with id {args.article_id!r} (ids are shown by `reader search`)"
        )
    if args.json:
        fields = {
            "id": article.id,
            "title": article.title,
            "date": article.date,
            "author": article.author,
            "source": article.source,
            "url": article.url,
            "tags": list(article.tags),
            "path": article.path,
            "body": article.body,
        }
        print(json.dumps(fields, ensure_ascii=False))
        return EXIT_OK
    print(article.title)
    details = [article.date or "no date", article.author, article.source, article.path]
    print(" · ".join(d for d in details if d))
    print()
    print(article.body)
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from reader.articles import read_file
    from reader.extraction import analyse_article

    failed = 0
    for path in args.files:
        read = read_file(path)
        for problem in read.problems:
            print(f"reader: {problem}", file=sys.stderr)
        if not read.articles:
            failed += 1
        for article in read.articles:
            people, quotes = analyse_article(article.body)
            record = {
                "file": str(path),
                "title": article.title,
                "date": article.date,
                "body": article.body,
                "people": people,
                "quotes": quotes,
            }
            if article.key:
                record["key"] = article.key
            if args.json:
                print(json.dumps(record, ensure_ascii=False))
            else:
                print(f"{path}: {article.title} ({article.date or 'no date'})")
                print(f"  {len(article.body.split()):,} words, {len(people)} people, "
                      f"{len(quotes)} quotes")  # fmt: skip
    return EXIT_USER_ERROR if failed else EXIT_OK
