"""`reader search`, `reader show` and `reader extract`: finding and reading articles."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from reader.cli.common import (
    EXIT_OK,
    EXIT_USER_ERROR,
    Commands,
    UserError,
    opened_library,
    positive_int,
    print_json,
    settings_for,
)
from reader.saved import SavedSearchError
from reader.wording import plural

if TYPE_CHECKING:
    from reader.library import Library


def add_commands(commands: Commands) -> None:
    search = commands.add("search", handler=cmd_search, help="search the library")
    search.add_argument(
        "query", nargs="+", metavar="QUERY", help='words, "a phrase", OR, NOT…, or @NAME (saved)'
    )
    search.add_argument("--limit", type=positive_int, default=20, metavar="N")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--json", action="store_true", help="print results as JSON")

    show = commands.add("show", handler=cmd_show, help="print one article")
    show.add_argument("article_id", metavar="ID")
    show.add_argument("--json", action="store_true")

    similar = commands.add(
        "similar", handler=cmd_similar, help="the articles most like one article"
    )
    similar.add_argument("article_id", metavar="ID")
    similar.add_argument("--limit", type=positive_int, default=10, metavar="N")
    similar.add_argument("--json", action="store_true", help="print results as JSON")

    extract = commands.add(
        "extract",
        handler=cmd_extract,
        help="parse files and print their articles, without touching the library",
    )
    extract.add_argument("files", nargs="+", metavar="FILE", type=Path)
    extract.add_argument("--json", action="store_true", help="JSON (JSON Lines for several)")


def cmd_search(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        try:
            text = library.saved_query(" ".join(args.query), settings_for(args.config).searches)
            result = library.search(text, limit=args.limit, sort=args.sort)
        except SavedSearchError as error:
            raise UserError(str(error)) from None
    for problem in result.problems:
        print(f"reader: query: {problem}", file=sys.stderr)
    if args.json:
        print_json(result.to_record())
        return EXIT_OK
    about = "about " if result.total_is_estimate else ""
    count = f"{about}{plural(result.total, 'hit')}"
    print(f"{count} for {text} ({result.seconds * 1000:.0f} ms)")
    if result.suggestions:
        print(f"did you mean: {' · '.join(result.suggestions)}")
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    before, after = ("\x1b[1;33m", "\x1b[0m") if color else ("**", "**")
    for number, hit in enumerate(result.hits, start=1):
        date = hit.date or "no date"
        print(f"{number:>3}. {hit.title}  ({date}, {hit.id})")
        print(f"     {hit.snippet.marked(before, after)}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        article = library.article(args.article_id)
        if article is None:
            _no_such_article(library, args.article_id)
    assert article is not None
    if args.json:
        print_json(article.to_record())
        return EXIT_OK
    print(article.title)
    details = [article.date or "no date", article.author, article.source, article.path]
    print(" · ".join(d for d in details if d))
    print()
    print(article.body)
    return EXIT_OK


def cmd_similar(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        result = library.similar(args.article_id, args.limit)
        if result is None:
            _no_such_article(library, args.article_id)
    assert result is not None
    if args.json:
        print_json(result.to_record())
        return EXIT_OK
    left_out = (
        f"; {plural(result.copies, 'copy', 'copies')} of it left out" if result.copies else ""
    )
    print(f"like {result.title} ({result.article_id}){left_out}")
    print(f"     key terms: {', '.join(result.terms)}")
    for number, hit in enumerate(result.hits, start=1):
        print(f"{number:>3}. {hit.title}  ({hit.date or 'no date'}, {hit.id})")
    return EXIT_OK


def _no_such_article(library: Library, article_id: str) -> NoReturn:
    """Raise the `UserError` for an id that names no article, or several."""
    candidates = library.articles_starting(article_id, 6)
    if len(candidates) > 1:
        shown = ", ".join(f"{c.id} ({_cut(c.title, 30)})" for c in candidates[:5])
        more = ", ..." if len(candidates) > 5 else ""
        raise UserError(
            f"{article_id!r} is the start of several ids: {shown}{more}; give more characters"
        )
    raise UserError(f"no article with id {article_id!r} (ids are shown by `reader search`)")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def cmd_extract(args: argparse.Namespace) -> int:
    from reader.articles import read_file
    from reader.extraction import Extracted, analyse_article

    failed = 0
    for path in args.files:
        read = read_file(path)
        for problem in read.problems:
            print(f"reader: {problem}", file=sys.stderr)
        if not read.articles:
            failed += 1
        for article in read.articles:
            people, quotes = analyse_article(article.body)
            if args.json:
                print_json(Extracted(str(path), article, people, quotes).to_record())
            else:
                print(f"{path}: {article.title} ({article.date or 'no date'})")
                print(f"  {plural(len(article.body.split()), 'word')},"
                      f" {plural(len(people), 'person', 'people')},"
                      f" {plural(len(quotes), 'quote')}")  # fmt: skip
    return EXIT_USER_ERROR if failed else EXIT_OK
