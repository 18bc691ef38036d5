"""`reader index`: import files and folders, check the library, rebuild its index."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USER_ERROR,
    Commands,
    ProgressBar,
    UserError,
    opened_library,
    print_json,
    repair_feedback,
    say_waiting,
)
from reader.wording import plural

if TYPE_CHECKING:
    from reader.check import CheckReport
    from reader.importer import ImportReport
    from reader.library import Library


def add_commands(commands: Commands) -> None:
    index = commands.add(
        "index",
        handler=cmd_index,
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


def cmd_index(args: argparse.Namespace) -> int:
    from reader.check import check_library
    from reader.lock import LibraryBusy

    with opened_library(args) as library:
        if args.check:
            return _print_check(check_library(library), args.json)
        if args.rebuild:
            progress, phase = repair_feedback()
            started = time.perf_counter()
            library.rebuild_index(progress, on_phase=phase)
            if progress is not None:
                ProgressBar(sys.stderr).finish()
            seconds = time.perf_counter() - started
            print(f"search index rebuilt from {plural(library.count(), 'article')}"
                  f" ({seconds:.1f} s)")  # fmt: skip
            return EXIT_OK
        bar = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.json else None
        wait = None if args.no_wait else say_waiting
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
            return EXIT_INTERRUPTED
        return EXIT_USER_ERROR if report.skipped and not report.files else EXIT_OK


def _print_import_report(library: Library, report: ImportReport, as_json: bool) -> None:
    if as_json:
        print_json({**report.to_record(), "articles": library.count()})
        return
    for problem in report.problems:
        print(f"reader: {problem}", file=sys.stderr)
    print(f"{report.summary()}. The library has {plural(library.count(), 'article')}.")


def _print_check(report: CheckReport, as_json: bool) -> int:
    if as_json:
        print(json.dumps(report.to_record()))
    else:
        for fact in report.facts:
            print(fact)
        for problem in report.problems:
            print(f"reader: {problem}", file=sys.stderr)
        print("library ok" if not report.problems else
              f"{plural(len(report.problems), 'problem')} found")  # fmt: skip
    return EXIT_USER_ERROR if report.problems else EXIT_OK
