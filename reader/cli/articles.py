"""`reader search`, `reader show` and `reader extract`: finding and reading articles."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reader.cli.common import (
    EXIT_OK,
    EXIT_USER_ERROR,
    Commands,
    UserError,
    open_library,
    positive_int,
    print_json,
)
from reader.wording import plural


def add_commands(commands: Commands) -> None:
    search = commands.add("search", handler=cmd_search, help="search the library")
    search.add_argument("query", nargs="+", metavar="QUERY", help='words, "a phrase", OR, NOT…')
    search.add_argument("--limit", type=positive_int, default=20, metavar="N")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--json", action="store_true", help="print results as JSON")

    show = commands.add("show", handler=cmd_show, help="print one article")
    show.add_argument("article_id", metavar="ID")
    show.add_argument("--json", action="store_true")

    extract = commands.add(
        "extract",
        handler=cmd_extract,
        help="parse files and print their articles, without touching the library",
    )
    extract.add_argument("files", nargs="+", metavar="FILE", type=Path)
    extract.add_argument("--json", action="store_true", help="JSON (JSON Lines for several)")


def cmd_search(args: argparse.Namespace) -> int:
    library = open_library(args)
    text = " ".join(args.query)
    result = library.search(text, limit=args.limit, sort=args.sort)
    library.close()
    for problem in result.problems:
        print(f"reader: query: {problem}", file=sys.stderr)
    if args.json:
        print_json(result.to_record())
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
        print_json(article.to_record())
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
