"""Running a parsed query against the index and the catalog.

Whoosh answers words, fields and dates exactly.  For a phrase it gives
candidates, the articles holding its indexed pairs and its other words (see
`reader.index`), which are then checked against the article text (a quote
phrase against the quote text).  Totals are exact, or declared an estimate
(`total_is_estimate`) when a phrase has more candidates than are worth
checking for one page.

The page of a relevance search is found with Whoosh's block-quality skipping
(blocks of postings that cannot beat the page's worst score are not scored),
and the total is counted apart, without scoring: from the term's document
frequency for a single word, by walking the matching ids otherwise.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.searching import Results, Searcher

from reader.aliases import Span
from reader.catalog import ArticleSummary, Catalog, TextRow, people_keys, quote_texts
from reader.highlight import Snippet, make_snippet, match_spans
from reader.index import QUOTE_SEPARATOR
from reader.people import key_of
from reader.query import (
    Document,
    ParsedQuery,
    fields_of,
    make_document,
    matches,
    to_whoosh,
)
from reader.suggest import suggestions

SORTS = ("relevance", "date")
# Phrase candidates are checked this many at a time; with at most
# EXACT_TOTAL_CANDIDATES candidates all are checked and the total is exact
# (about 20 ms of checking; more candidates are found mostly for phrases of
# frequent words, whose first page fills after a few dozen).
CHECK_CHUNK = 60
EXACT_TOTAL_CANDIDATES = 1000


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result; `title_marks` index `title`, the snippet carries its own marks.

    `score` is the relevance score, None when the results are sorted by date;
    `folder` is where the article is listed (`catalog.folder_of`).
    """

    id: str
    title: str
    date: str
    source: str
    path: str
    score: float | None
    snippet: Snippet
    title_marks: tuple[Span, ...]
    folder: str = ""
    # Ids of the other copies of this story (`reader.copies`), not listed apart.
    duplicates: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader search --json`); the score to 4 decimals."""
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "path": self.path,
            "score": None if self.score is None else round(self.score, 4),
            "snippet": self.snippet.text,
            "snippet_marks": [list(mark) for mark in self.snippet.marks],
            "duplicates": list(self.duplicates),
        }


@dataclass(frozen=True)
class SearchResult:
    """A page of hits.  `total` counts articles; `collapsed` the hits of the page
    left out as copies of another hit (`Library.search`), so the next page
    starts at `offset + len(hits) + collapsed`."""

    query: ParsedQuery
    hits: tuple[Hit, ...]
    total: int
    total_is_estimate: bool
    seconds: float
    # The query with its rare words corrected ("blaire" -> "blair"), best first.
    suggestions: tuple[str, ...] = ()
    collapsed: int = 0

    @property
    def problems(self) -> tuple[str, ...]:
        return self.query.problems

    def story_ids(self) -> frozenset[str]:
        """The ids of the hits and of their copies: what a next page must not show
        again (`Library.search(shown=...)`)."""
        return frozenset(i for hit in self.hits for i in (hit.id, *hit.duplicates))

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader search --json`); the time in seconds to 4 decimals."""
        return {
            "query": self.query.text,
            "total": self.total,
            "total_is_estimate": self.total_is_estimate,
            "seconds": round(self.seconds, 4),
            "problems": list(self.problems),
            "suggestions": list(self.suggestions),
            "hits": [hit.to_record() for hit in self.hits],
        }


def document_of(row: TextRow, fields: frozenset[str] | None = None) -> Document:
    """The article of `row` for `matches`; with `fields`, only what those fields need.

    (Decoding the people and quotes JSON of every phrase candidate cost more
    than checking the phrase.)
    """
    wanted = (
        fields if fields is not None else frozenset(("tag", "person", "quote", "feed", "speaker"))
    )
    return make_document(
        row.title,
        row.body,
        row.date,
        author=row.author,
        source=row.source,
        tags=tuple(json.loads(row.tags)) if "tag" in wanted else (),
        people=frozenset(people_keys(row.people)) if "person" in wanted else frozenset(),
        quotes=QUOTE_SEPARATOR.join(quote_texts(row.quotes)) if "quote" in wanted else "",
        feeds=tuple(json.loads(row.feeds)) if "feed" in wanted else (),
        said=_said(row.quotes) if "speaker" in wanted else (),
    )


def _said(quotes_json: str) -> tuple[tuple[str, str], ...]:
    """An article's stored quotes as (speaker key, "" when unknown; text)."""
    return tuple(
        (key_of(quote.get("speaker") or ""), quote["text"]) for quote in json.loads(quotes_json)
    )


def run_search(
    searcher: Searcher,
    catalog: Catalog,
    parsed: ParsedQuery,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
) -> SearchResult:
    """The page [offset, offset+limit) of the articles matching `parsed`.

    `sort` is "relevance" (best first) or "date" (newest first; an empty query
    is always listed newest first).
    """
    started = time.perf_counter()
    if parsed.finds_nothing:
        return SearchResult(parsed, (), 0, False, time.perf_counter() - started)
    whoosh_query = to_whoosh(parsed.root)
    by_date = sort == "date" or parsed.is_empty
    sort_args = {"sortedby": "date", "reverse": True} if by_date else {}
    wanted = offset + limit
    page: list[tuple[str, float | None, TextRow]] = []
    if not parsed.needs_check:
        results = searcher.search(whoosh_query, limit=max(wanted, 1), **sort_args)
        chosen = [(searcher.stored_fields(d)["id"], s) for d, s in _scored(results, by_date)]
        chosen = chosen[offset:]
        total, estimate = _count(searcher, whoosh_query, results), False
        rows = catalog.texts([article_id for article_id, _ in chosen], ())
        page = [(i, s, rows[i]) for i, s in chosen if i in rows]
    else:
        page, total, estimate = _checked_page(
            searcher, catalog, parsed, whoosh_query, wanted, sort_args
        )
        page = page[offset:]
    where = {s.id: s for s in catalog.summaries(article_id for article_id, _, _ in page)}
    hits = tuple(
        hit_of(parsed, article_id, score, row, where.get(article_id))
        for article_id, score, row in page
    )
    # Looked for on the first page only: the next pages are of the same query.
    offered = suggestions(searcher, parsed) if offset == 0 else ()
    return SearchResult(parsed, hits, total, estimate, time.perf_counter() - started, offered)


def _scored(results: Results, by_date: bool) -> list[tuple[int, float | None]]:
    """(document number, score) of the scored part of `results`, best first.

    Sorted by date, Whoosh puts the sort key where the score goes: no score then.
    """
    return [(hit.docnum, None if by_date else float(hit.score or 0.0)) for hit in results]


def _count(searcher: Searcher, query: wq.Query, results: Results) -> int:
    """The number of matching articles, exactly, without scoring them."""
    if results.has_exact_length():
        return len(results)
    if isinstance(query, wq.Term):
        return sum(_term_count(leaf, query) for leaf, _ in searcher.leaf_searchers())
    return len(results)


def _term_count(leaf: Searcher, query: wq.Term) -> int:
    """Documents of one segment holding a term: its document frequency, less the
    deleted documents among them (an import of changed files leaves a few in most
    segments), found by skipping through the postings to each one."""
    reader = leaf.reader()
    if (query.fieldname, query.text) not in reader:
        return 0
    total = int(reader.doc_frequency(query.fieldname, query.text))
    if not reader.has_deletions():
        return total
    deleted = sorted(reader.deleted_docs_set)
    if len(deleted) * 8 > total:
        return sum(1 for _ in query.matcher(leaf).all_ids())
    field = reader.schema[query.fieldname]
    postings = reader._terms.matcher(
        query.fieldname, field.to_bytes(query.text), field.format, scorer=None
    )  # the postings as written, deleted documents included
    for docnum in deleted:
        if not postings.is_active():
            break
        postings.skip_to(docnum)
        if postings.is_active() and postings.id() == docnum:
            total -= 1
    return total


def _checked_page(
    searcher: Searcher,
    catalog: Catalog,
    parsed: ParsedQuery,
    whoosh_query: wq.Query,
    wanted: int,
    sort_args: dict[str, object],
) -> tuple[list[tuple[str, float | None, TextRow]], int, bool]:
    """Exact hits up to `wanted`, the total, and whether the total is an estimate.

    With at most `EXACT_TOTAL_CANDIDATES` candidates, all are scored in one
    pass and checked, so the total is exact.  With more, they are checked
    best first (or newest first), a chunk at a time, until the page is full,
    and the total is estimated from the share of checked candidates that matched.
    """
    fields = fields_of(parsed.root)
    by_date = bool(sort_args)
    # Document number -> (id, row) of a checked candidate, None when it failed;
    # kept across rounds so a wider round does not check the same ones again.
    verdicts: dict[int, tuple[str, TextRow] | None] = {}
    # Without block skipping Whoosh counts the candidates while scoring them: one
    # pass (at 100,000 articles, phrase p95 108 ms; a count apart, 151 ms).
    batch = max(wanted * 3, EXACT_TOTAL_CANDIDATES)
    results = searcher.search(whoosh_query, limit=batch, optimize=False, **sort_args)
    candidates = len(results)
    while True:
        scored = _scored(results, by_date)
        page: list[tuple[str, float | None, TextRow]] = []
        checked = 0
        # Reading and folding a candidate's text is the costly part: stop once
        # the page is full, unless every candidate is to be checked.
        for start in range(0, len(scored), CHECK_CHUNK):
            chunk = scored[start : start + CHECK_CHUNK]
            _check(searcher, catalog, parsed, fields, [d for d, _ in chunk], verdicts)
            for docnum, score in chunk:
                checked += 1
                verdict = verdicts[docnum]
                if verdict is not None:
                    page.append((verdict[0], score, verdict[1]))
            if len(page) >= wanted and candidates > EXACT_TOTAL_CANDIDATES:
                break
        if checked >= candidates:
            return page[:wanted], len(page), False
        if len(page) >= wanted:
            estimate = round(len(page) / checked * candidates)
            return page[:wanted], max(estimate, len(page)), True
        batch *= 4
        results = searcher.search(whoosh_query, limit=batch, **sort_args)


def _check(
    searcher: Searcher,
    catalog: Catalog,
    parsed: ParsedQuery,
    fields: frozenset[str],
    docnums: list[int],
    verdicts: dict[int, tuple[str, TextRow] | None],
) -> None:
    """Check the candidates `docnums` not checked yet exactly; record in `verdicts`."""
    todo = [(d, searcher.stored_fields(d)["id"]) for d in docnums if d not in verdicts]
    json_columns = list(
        dict.fromkeys(column for field, column in _JSON_COLUMNS.items() if field in fields)
    )
    rows = catalog.texts([article_id for _, article_id in todo], json_columns)
    for docnum, article_id in todo:
        row = rows.get(article_id)
        good = row is not None and matches(parsed.root, document_of(row, fields))
        verdicts[docnum] = (article_id, row) if good and row is not None else None


# Query field -> the catalog's JSON column it is checked against.
_JSON_COLUMNS = {
    "tag": "tags",
    "person": "people",
    "quote": "quotes",
    "speaker": "quotes",
    "feed": "feeds",
}


def hit_of(
    parsed: ParsedQuery,
    article_id: str,
    score: float | None,
    row: TextRow,
    summary: ArticleSummary | None,
) -> Hit:
    """The hit of one article found by `parsed`, its words marked in title and snippet."""
    spans = match_spans(row.body, parsed.highlights)
    return Hit(
        id=article_id,
        title=row.title,
        date=row.date,
        source=row.source,
        path=summary.path if summary else "",
        folder=summary.folder if summary else "",
        score=score,
        snippet=make_snippet(row.body, spans),
        title_marks=tuple(match_spans(row.title, parsed.highlights)),
    )
