"""`reader [PATH...]`: the full-screen app, importing PATHs once it is open."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.common import EXIT_OK, EXIT_USER_ERROR, settings_for
from reader.resources import default_library


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

    settings = settings_for(parsed.config)
    folder = (parsed.library or default_library()).expanduser()
    app = ReaderApp(
        folder, settings, import_paths=[p.resolve() for p in parsed.paths], seed=not parsed.no_seed
    )
    app.run()
    if app.crash is not None:
        # The app is gone and the terminal restored: one line, the details in the log.
        print(f"reader: {app.crash}", file=sys.stderr)
    return app.return_code or EXIT_OK
