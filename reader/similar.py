"""More like this: the articles most similar to one article (no Textual).

The article's key terms are the words of its title and body that stand out
against the whole library (Whoosh's Bo1 expansion model: frequent in the
article, rare elsewhere); the articles holding the most of them, weighted,
are the most similar.  `content` keeps no text, so the terms are taken from
the catalog's copy of the article.

Copies of the article itself are left out: those `reader.copies` groups
with it as one story, and those whose title and body have the same words,
ignoring case, accents, punctuation and spacing (the same file imported
twice, before the copies of an import are grouped).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from reader.catalog import Catalog, TextRow
from reader.copies import copy_groups, once_per_story
from reader.query import Or, ParsedQuery, Terms
from reader.search import Hit, hit_of
from reader.textnorm import words

# Key terms searched for: 5 (Whoosh's default) found stories sharing one name;
# 12 finds the same story's follow-ups (looked at on BBC politics articles).
KEY_TERMS = 12


@dataclass(frozen=True)
class SimilarResult:
    """The articles most like `article_id`, best first; `terms` are its key terms."""

    article_id: str
    title: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    copies: int  # copies of the article left out
    seconds: float

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader similar --json`)."""
        return {
            "id": self.article_id,
            "title": self.title,
            "terms": list(self.terms),
            "copies_left_out": self.copies,
            "seconds": round(self.seconds, 4),
            "hits": [hit.to_record() for hit in self.hits],
        }


def similar_articles(
    searcher: Searcher, catalog: Catalog, article_id: str, limit: int = 10
) -> SimilarResult | None:
    """Up to `limit` articles most like `article_id` (None when there is no such article)."""
    started = time.perf_counter()
    row = catalog.texts([article_id], ()).get(article_id)
    if row is None:
        return None
    weighted = searcher.key_terms_from_text(
        "content", f"{row.title}\n{row.body}", numterms=KEY_TERMS, normalize=True
    )
    terms = tuple(word for word, _weight in weighted)
    if not terms:
        return SimilarResult(article_id, row.title, (), (), 0, time.perf_counter() - started)
    query = wq.Or([wq.Term("content", word, boost=weight) for word, weight in weighted])
    own = _fingerprint(row)
    parsed = ParsedQuery(
        " OR ".join(terms),
        Or(tuple(Terms("content", (word,)) for word in terms)),
        highlights=tuple(Terms("content", (word,)) for word in terms),
    )
    hits: list[Hit] = []
    copies = 0
    wanted = limit
    while True:
        # A few more than the page, for the copies that are left out.
        results = searcher.search(query, limit=wanted + 5)
        scored = [
            (searcher.stored_fields(hit.docnum)["id"], float(hit.score or 0)) for hit in results
        ]
        rows = catalog.texts([found for found, _ in scored], ())
        where = {s.id: s for s in catalog.summaries(found for found, _ in scored)}
        groups = copy_groups(catalog.db, [article_id, *(found for found, _ in scored)])
        story = groups.get(article_id)
        hits, copies = [], 0
        for found, score in scored:
            other = rows.get(found)
            if found == article_id or other is None:
                continue
            same_story = story is not None and groups.get(found) == story
            if same_story or _fingerprint(other) == own:
                copies += 1
                continue
            hits.append(hit_of(parsed, found, score, other, where.get(found)))
        # Other stories imported more than once are listed once, as a search does.
        hits = once_per_story(hits, groups, _id_of, _with_duplicates)
        if len(hits) >= limit or len(scored) < wanted + 5:
            break
        wanted *= 2
    elapsed = time.perf_counter() - started
    return SimilarResult(article_id, row.title, terms, tuple(hits[:limit]), copies, elapsed)


def _id_of(hit: Hit) -> str:
    return hit.id


def _with_duplicates(hit: Hit, others: tuple[str, ...]) -> Hit:
    return replace(hit, duplicates=others)


def _fingerprint(row: TextRow) -> tuple[str, ...]:
    return tuple(words(f"{row.title}\n{row.body}"))
