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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.config import Settings, load_settings
from reader.resources import default_library
from reader.wording import plural

if TYPE_CHECKING:  # imported when a command needs it: Whoosh is slow to import
    from reader.check import CheckReport
    from reader.importer import ImportReport
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
        return _run(args)
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
    except Exception as error:  # no traceback ever reaches the user
        return _report_failure(args, error)


def _report_failure(args: argparse.Namespace, error: Exception) -> int:
    """One line for an error nothing above handled; its details go to the error log."""
    import sqlite3

    from reader.errorlog import log_error, one_line
    from reader.import_workers import WorkerFailed

    folder = (getattr(args, "library", None) or default_library()).expanduser()
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
        library = open_library(args)
        try:
            library.heal(damage, *_repair_feedback())
            _print_notices(library)
        finally:
            library.close()
    try:
        return int(args.handler(args))
    except LibraryDamaged as damage:
        raise UserError(
            f"{damage}, even after repairing it; details in {damage.path.parent / 'logs'}"
        ) from None


def build_parser() -> argparse.ArgumentParser:
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
    # The same options after the command; SUPPRESS keeps a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help="library folder (also accepted before the command)",
    )
    common.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        default=argparse.SUPPRESS,
        help="configuration file (also accepted before the command)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    index = commands.add_parser(
        "index",
        parents=[common],
        help="import article files and folders (incremental); check or rebuild the library",
        description="Import PATHs (files or folders) into the library; without PATH, "
        "update every folder imported before.  Only one import runs at a time: another "
        "one waits for it, or exits with --no-wait.",
    )
    index.add_argument("paths", nargs="*", metavar="PATH", type=Path)
    index.add_argument("--json", action="store_true", help="print the report as JSON")
    index.add_argument(
        "--no-wait",
        action="store_true",
        help="exit (status 1) instead of waiting when another import is running",
    )
    checks = index.add_mutually_exclusive_group()
    checks.add_argument(
        "--check",
        action="store_true",
        help="verify the library: catalog against the files, index against the catalog",
    )
    checks.add_argument(
        "--rebuild", action="store_true", help="rebuild the search index from the catalog"
    )
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
        "extract",
        parents=[common],
        help="parse files and print their articles, without touching the library",
    )
    extract.add_argument("files", nargs="+", metavar="FILE", type=Path)
    extract.add_argument("--json", action="store_true", help="JSON (JSON Lines for several)")
    extract.set_defaults(handler=cmd_extract)

    from reader.cli_quotes import add_commands

    add_commands(commands, common)

    from reader.cli_people import add_commands as add_people_commands

    add_people_commands(commands, common)

    from reader.cli_feeds import add_commands as add_feed_commands

    add_feed_commands(commands, common)

    config = commands.add_parser("config", help="check the configuration or show the keys")
    config_actions = config.add_subparsers(title="actions", metavar="ACTION", required=True)
    check = config_actions.add_parser(
        "check",
        parents=[common],
        help="validate a configuration file (default: yours); exit 1 on problems",
    )
    check.add_argument("file", nargs="?", type=Path, metavar="FILE")
    check.set_defaults(handler=cmd_config, action="check")
    show_config = config_actions.add_parser(
        "show", parents=[common], help="print the keys in effect"
    )
    show_config.add_argument("--json", action="store_true")
    show_config.set_defaults(handler=cmd_config, action="show", file=None)
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
    if app.crash is not None:
        # The app is gone and the terminal restored: one line, the details in the log.
        print(f"reader: {app.crash}", file=sys.stderr)
    return app.return_code or EXIT_OK


def _settings(config: Path | None) -> Settings:
    from reader.resources import user_config_file

    if config is not None:
        return load_settings(config.expanduser(), user_file_required=True)
    return load_settings(user_config_file())


# Configuration ---------------------------------------------------------------


def cmd_config(args: argparse.Namespace) -> int:
    from reader.config import keymap_by_scope

    config_file = args.file or args.config
    if args.action == "check":
        settings = _settings(config_file)
        for problem in settings.problems:
            print(problem)
        if settings.problems:
            return EXIT_USER_ERROR
        shown = config_file or settings.user_file
        exists = shown is not None and Path(shown).exists()
        print(f"{shown}: ok" if exists else f"{shown}: no such file (the defaults are in use)")
        return EXIT_OK
    settings = _settings(config_file)
    for problem in settings.problems:
        print(f"reader: {problem}", file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                {
                    "theme": settings.theme,
                    "people": {"backend": settings.people_backend},
                    "feeds": {"refresh_minutes": settings.feeds_refresh_minutes},
                    "keys": settings.keymap,
                },
                indent=2,
            )
        )
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


# Library commands ------------------------------------------------------------


def open_library(args: argparse.Namespace) -> Library:
    """The library of `--library`, opened and repaired if need be (progress on stderr)."""
    from reader.bookmarks import BookmarkFileError
    from reader.extraction import analyser_for_config
    from reader.library import Library

    folder = args.library or default_library()
    settings = _settings(args.config)
    for problem in settings.problems:
        print(f"reader: {problem}", file=sys.stderr)
    analyse, trouble = analyser_for_config(settings.people_backend)
    if trouble:
        print(f"reader: {trouble}", file=sys.stderr)
    try:
        library = Library(
            folder.expanduser(), analyse=analyse, repair_now=False, on_wait=_say_waiting
        )
    except OSError as error:
        raise UserError(f"{folder}: cannot open library ({error.strerror or error})") from None
    except BookmarkFileError as error:
        raise UserError(str(error)) from None
    _print_notices(library)
    if library.pending:
        progress, phase = _repair_feedback()
        library.repair(progress, on_phase=phase)
        if progress is not None:
            ProgressBar(sys.stderr).finish()
        _print_notices(library)
    return library


def _print_notices(library: Library) -> None:
    for notice in library.notices:
        print(f"reader: {notice}", file=sys.stderr)
    library.notices.clear()


def _say_waiting(holder: str) -> None:
    print(f"reader: waiting: {holder}", file=sys.stderr)


def _repair_feedback() -> tuple[Callable[[int, int, str], None] | None, Callable[[str], None]]:
    """(progress, on_phase) for a repair: a progress bar on a terminal, a line per phase."""
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None

    def phase(label: str) -> None:
        if bar is not None:
            bar.finish()
        print(f"reader: {label[:1].lower()}{label[1:]}", file=sys.stderr)

    return (bar.update if bar else None), phase


def cmd_index(args: argparse.Namespace) -> int:
    from reader.check import check_library
    from reader.lock import LibraryBusy

    library = open_library(args)
    try:
        if args.check:
            return _print_check(check_library(library), args.json)
        if args.rebuild:
            progress, phase = _repair_feedback()
            started = time.perf_counter()
            library.rebuild_index(progress, on_phase=phase)
            if progress is not None:
                ProgressBar(sys.stderr).finish()
            seconds = time.perf_counter() - started
            print(f"search index rebuilt from {plural(library.count(), 'article')}"
                  f" ({seconds:.1f} s)")  # fmt: skip
            return EXIT_OK
        bar = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.json else None
        wait = None if args.no_wait else _say_waiting
        try:
            if args.paths:
                report = library.import_paths(
                    args.paths,
                    progress=bar.update if bar else None,
                    wait=not args.no_wait,
                    on_wait=wait,
                )
            else:
                if not library.folders:
                    raise UserError("no folder imported yet: reader index PATH...")
                report = library.update_all(
                    progress=bar.update if bar else None, wait=not args.no_wait, on_wait=wait
                )
        except LibraryBusy as busy:
            raise UserError(f"{library.folder}: {busy}") from None
        finally:
            if bar:
                bar.finish()
        _print_import_report(library, report, args.json)
        if report.interrupted:
            return 130
        return EXIT_USER_ERROR if report.skipped and not report.files else EXIT_OK
    finally:
        library.close()


def _print_import_report(library: Library, report: ImportReport, as_json: bool) -> None:
    if as_json:
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
        return
    for problem in report.problems:
        print(f"reader: {problem}", file=sys.stderr)
    print(f"{report.summary()}. The library has {plural(library.count(), 'article')}.")


def _print_check(report: CheckReport, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"problems": report.problems, "facts": report.facts}))
    else:
        for fact in report.facts:
            print(fact)
        for problem in report.problems:
            print(f"reader: {problem}", file=sys.stderr)
        print("library ok" if not report.problems else
              f"{plural(len(report.problems), 'problem')} found")  # fmt: skip
    return EXIT_USER_ERROR if report.problems else EXIT_OK


class ProgressBar:
    """A one-line progress bar with a rate and an ETA, redrawn at most 10 times a second."""

    def __init__(self, stream: TextIO, unit: str = "files") -> None:
        self.stream = stream
        self.unit = unit
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
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,} {self.unit}"
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
                    "score": None if hit.score is None else round(hit.score, 4),
                    "snippet": hit.snippet.text,
                    "snippet_marks": [list(mark) for mark in hit.snippet.marks],
                }
                for hit in result.hits
            ],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK
    about = "about " if result.total_is_estimate else ""
    count = f"{about}{plural(result.total, 'hit')}"
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
    try:
        article = library.article(args.article_id)
        candidates = library.articles_starting(args.article_id, 6) if article is None else []
    finally:
        library.close()
    if len(candidates) > 1:
        shown = ", ".join(f"{c.id} ({_cut(c.title, 30)})" for c in candidates[:5])
        more = ", ..." if len(candidates) > 5 else ""
        raise UserError(
            f"{args.article_id!r} is the start of several ids: {shown}{more}; give more characters"
        )
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


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


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
                print(f"  {plural(len(article.body.split()), 'word')},"
                      f" {plural(len(people), 'person', 'people')},"
                      f" {plural(len(quotes), 'quote')}")  # fmt: skip
    return EXIT_USER_ERROR if failed else EXIT_OK
