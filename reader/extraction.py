"""People and quotes of an article body, as stored in the catalog and printed by `extract`."""

from __future__ import annotations

import json
from typing import Any

from reader.articles import Article


def analyse_article(body: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(people, quotes) of `body` as plain JSON-ready lists; offsets index `body`.

    People and quotes extraction land with their own issues; until then both
    lists are empty.
    """
    return [], []


def analyse_for_catalog(article: Article) -> tuple[str, str]:
    """(people JSON, quotes JSON) for the catalog and the index."""
    people, quotes = analyse_article(article.body)
    return json.dumps(people, ensure_ascii=False), json.dumps(quotes, ensure_ascii=False)
