"""What every `reader` command shares: exit codes, errors, options, opening the
library with its notices and repairs, progress on a terminal, JSON output."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from reader.config import Settings, load_settings
from reader.resources import default_library

if TYPE_CHECKING:  # imported when a command needs it: Whoosh is slow to import
    from reader.library import Library

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2
# Exit status of a command stopped by ctrl+c (128 + SIGINT).
EXIT_INTERRUPTED = 130

# A command: the parsed arguments in, the exit status out.
Handler = Callable[[argparse.Namespace], int]


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


class Commands:
    """The subcommands of `reader`; each command module adds its own with `add`.

    Every command takes `--library` and `--config` after its name as well as
    before it (`common`); `names` lists the commands added, so that `reader
    PATH` can be told from `reader COMMAND`.
    """

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self._commands = parser.add_subparsers(title="commands", metavar="COMMAND")
        self.names: list[str] = []
        # The same options after the command; SUPPRESS keeps a value given before it.
        self.common = argparse.ArgumentParser(add_help=False)
        self.common.add_argument(
            "--library",
            metavar="DIR",
            type=Path,
            default=argparse.SUPPRESS,
            help="library folder (also accepted before the command)",
        )
        self.common.add_argument(
            "--config",
            metavar="FILE",
            type=Path,
            default=argparse.SUPPRESS,
            help="configuration file (also accepted before the command)",
        )

    def add(
        self, name: str, *, handler: Handler | None = None, options: bool = True, **kwargs: Any
    ) -> argparse.ArgumentParser:
        """A new command `name` running `handler`; without `options`, a command whose
        actions are subcommands of its own (which take the options)."""
        self.names.append(name)
        parents = [self.common] if options else []
        command = self._commands.add_parser(name, parents=parents, **kwargs)
        if handler is not None:
            command.set_defaults(handler=handler)
        return command


def positive_int(text: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def print_json(record: object, **options: Any) -> None:
    """One JSON document on standard output (non-ASCII characters kept as they are)."""
    print(json.dumps(record, ensure_ascii=False, **options))


def settings_for(config: Path | None) -> Settings:
    """The settings of `--config FILE` (which must exist), or of the user's own file."""
    from reader.resources import user_config_file

    if config is not None:
        return load_settings(config.expanduser(), user_file_required=True)
    return load_settings(user_config_file())


def library_folder(args: argparse.Namespace) -> Path:
    """The folder of `--library`, `$READER_LIBRARY` or the user data folder."""
    return Path(getattr(args, "library", None) or default_library()).expanduser()


@contextmanager
def opened_library(args: argparse.Namespace) -> Iterator[Library]:
    """`open_library` for a `with` block: the library is closed when it ends,
    whatever happens in it."""
    library = open_library(args)
    try:
        yield library
    finally:
        library.close()


def open_library(args: argparse.Namespace) -> Library:
    """The library of `--library`, opened and repaired if need be (progress on stderr)."""
    from reader.bookmarks import BookmarkFileError
    from reader.extraction import analyser_for_config
    from reader.library import Library

    folder = args.library or default_library()
    settings = settings_for(args.config)
    for problem in settings.problems:
        print(f"reader: {problem}", file=sys.stderr)
    analyse, trouble = analyser_for_config(settings.people_backend)
    if trouble:
        print(f"reader: {trouble}", file=sys.stderr)
    try:
        library = Library(
            folder.expanduser(),
            analyse=analyse,
            repair_now=False,
            on_wait=say_waiting,
            stemming=settings.stemming,
        )
    except OSError as error:
        raise UserError(f"{folder}: cannot open library ({error.strerror or error})") from None
    except BookmarkFileError as error:
        raise UserError(str(error)) from None
    print_notices(library)
    if library.pending:
        progress, phase = repair_feedback()
        library.repair(progress, on_phase=phase)
        if progress is not None:
            ProgressBar(sys.stderr).finish()
        print_notices(library)
    return library


def print_notices(library: Library) -> None:
    """What the library had to say (a file repaired, an import finished), on stderr."""
    for notice in library.notices:
        print(f"reader: {notice}", file=sys.stderr)
    library.notices.clear()


def say_waiting(holder: str) -> None:
    """Told once when another process holds the library's write lock."""
    print(f"reader: waiting: {holder}", file=sys.stderr)


def repair_feedback() -> tuple[Callable[[int, int, str], None] | None, Callable[[str], None]]:
    """(progress, on_phase) for a repair: a progress bar on a terminal, a line per phase."""
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None

    def phase(label: str) -> None:
        if bar is not None:
            bar.finish()
        print(f"reader: {label[:1].lower()}{label[1:]}", file=sys.stderr)

    return (bar.update if bar else None), phase


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
