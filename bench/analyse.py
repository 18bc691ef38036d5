"""The people+quotes analyser the benchmark imports with.

The library's own analyser (`reader.extraction.make_analyser`) is used when it
exists; until it is wired, this module builds an equivalent one from
`reader.people` and `reader.quotes`, so extraction is timed either way.  It is
a module-level function so that import worker processes can unpickle it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from reader.articles import Article

Analyse = Callable[[Article], tuple[str, str]]


def find_analyser() -> tuple[Analyse, str]:
    """(analyser, a line saying which one it is)."""
    from reader import extraction

    make = getattr(extraction, "make_analyser", None)
    if callable(make):
        return make("builtin"), "reader.extraction.make_analyser('builtin')"
    return analyse, "bench.analyse (reader.people + reader.quotes; extraction not wired yet)"


def analyse(article: Article) -> tuple[str, str]:
    """(people JSON, quotes JSON) of an article, in the catalog's shape."""
    from reader import people as people_module
    from reader import quotes as quotes_module

    found = people_module.extract_people(article.body)
    try:
        quotes = quotes_module.find_quotes(article.body, found)
    except NotImplementedError:
        quotes = []
    people_json = [
        {
            "name": p.name,
            "key": p.key,
            "aliases": list(p.aliases),
            "mentions": [[m.start, m.end] for m in p.mentions],
        }
        for p in found
    ]
    quotes_json = [
        {"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker} for q in quotes
    ]
    return json.dumps(people_json, ensure_ascii=False), json.dumps(quotes_json, ensure_ascii=False)
