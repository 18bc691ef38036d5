"""The query language: parsing, the Whoosh query it becomes, and exact matching.

    step by step            all three words, anywhere (title or text)
    "step by step"          the words in that order, adjacent
    "prime minister"~3      the words within 3 positions of each other, in any
                            order ("~1": adjacent, either way round)
    alonso OR gerrard       either
    klopp NOT gerrard       klopp without gerrard (also: klopp -gerrard)
    (a OR b) c              grouping
    title:liverpool  person:"Xabi Alonso"  quote:"step by step"
    speaker:"Xabi Alonso"   articles quoting him; with quote:"…" in the same
                            group, a quote of his holding those words
    author:smith  source:bbc  tag:football  feed:"BBC News"
    date:2021  date:2021-04  date:2021-01..2021-06  date:2021-03..
    manag*                  words starting with "manag"

A malformed query never raises: `parse` returns the best query it can make of
the text plus problems saying what was ignored or guessed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Union

from whoosh import query as wq

from reader.index import NO_DATE, is_pair, name_key
from reader.textnorm import (
    find_near,
    find_words,
    fold_aligned,
    fold_quotes,
    fold_text,
    places_in,
    words,
)

TEXT_FIELDS = ("content", "title", "quote", "author", "source")
FIELDS = ("title", "date", "person", "speaker", "quote", "author", "source", "tag", "feed")
# Fields whose whole value is one key (folded words joined by spaces).
KEY_FIELDS = ("person", "speaker", "tag", "feed")


@dataclass(frozen=True, slots=True)
class Terms:
    """A word (one item) or a phrase (several) in a field; `prefix` for `word*`.

    For a field of `KEY_FIELDS`, the one item is a folded key.
    """

    field: str
    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Near:
    """Words in a field within `within` positions of each other, in any order:
    `"prime minister"~3` (see `textnorm.find_near` for more than two words)."""

    field: str
    words: tuple[str, ...]
    within: int


@dataclass(frozen=True, slots=True)
class DateRange:
    """ISO date prefixes; `start`/`end` may be "" for an open end."""

    start: str
    end: str


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class Everything:
    """Every article: the empty query (and what an ignored part of a query adds)."""


@dataclass(frozen=True, slots=True)
class Nothing:
    """No article: a query whose text has nothing searchable in it ("*", a lone quote)."""


Node = Union[Terms, Near, DateRange, And, Or, Not, Everything, Nothing]  # noqa: UP007 - recursive alias
# What a query marks in the texts it finds.
Highlight = Union[Terms, Near]  # noqa: UP007 - kept alike to Node


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: its tree, what was wrong with the text, and what to highlight."""

    text: str
    root: Node
    problems: tuple[str, ...] = ()
    highlights: tuple[Highlight, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return isinstance(self.root, Everything)

    @property
    def finds_nothing(self) -> bool:
        """True when the text had nothing to search for (`problems` says why)."""
        return isinstance(self.root, Nothing)

    @property
    def needs_check(self) -> bool:
        """True when Whoosh gives a superset that `matches` must filter: phrases
        of the text and of quotes, found in the index by their words and pairs
        (see `reader.index`), except a two-word phrase indexed as one pair; and
        words near each other, found by their words (no field keeps positions
        of the text)."""
        return _has_checked_phrase(self.root)


# Lexing --------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<minus>-(?=[\w"(]))
  | (?:(?P<field>[A-Za-z]+):)?
    (?:"(?P<phrase>[^"]*)(?P<closed>"?)(?:~(?P<near>\d*))?|(?P<word>[^\s()"]+))
  | (?P<stray>.)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Lexeme:
    kind: str  # "(", ")", "-", "OR", "AND", "NOT", "term"
    field: str = ""
    value: str = ""
    quoted: bool = False
    near: str | None = None  # the digits after a phrase's "~" ("" for a bare "~")


def _lex(text: str, problems: list[str]) -> list[_Lexeme]:
    lexemes: list[_Lexeme] = []
    for match in _TOKEN.finditer(fold_quotes(text)):
        kind = match.lastgroup
        if kind == "space" or kind == "stray":
            continue
        if kind in ("open", "close", "minus"):
            lexemes.append(_Lexeme({"open": "(", "close": ")", "minus": "-"}[kind]))
            continue
        field_name = (match.group("field") or "").lower()
        if match.group("phrase") is not None:
            if not match.group("closed"):
                problems.append("unbalanced quote: the words after it were searched as a phrase")
            near = match.group("near") if match.group("closed") else None
            lexemes.append(
                _Lexeme("term", field_name, match.group("phrase"), quoted=True, near=near)
            )
            continue
        word = match.group("word") or ""
        if not field_name and word in ("OR", "AND", "NOT"):
            lexemes.append(_Lexeme(word))
        elif field_name and not word:
            problems.append(f"{field_name}: needs a value after the colon")
        else:
            lexemes.append(_Lexeme("term", field_name, word))
    return lexemes


# Parsing -------------------------------------------------------------------


class _Parser:
    def __init__(self, lexemes: list[_Lexeme], problems: list[str]) -> None:
        self.lexemes = lexemes
        self.at = 0
        self.problems = problems
        self.highlights: list[Highlight] = []

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.at] if self.at < len(self.lexemes) else None

    def parse(self) -> Node:
        node = self.parse_or()
        while self.peek() is not None:  # only a stray ")" stops parse_or early
            self.problems.append("unmatched ')' ignored")
            self.at += 1
            more = self.parse_or()
            node = _and([node, more])
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while (lexeme := self.peek()) is not None and lexeme.kind == "OR":
            self.at += 1
            items.append(self.parse_and())
        items = [item for item in items if not isinstance(item, Everything)]
        if not items:
            return Everything()
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items: list[Node] = []
        while (lexeme := self.peek()) is not None and lexeme.kind not in ("OR", ")"):
            if lexeme.kind == "AND":
                self.at += 1
                continue
            items.append(self.parse_unary())
        return _and(items)

    def parse_unary(self) -> Node:
        lexeme = self.peek()
        assert lexeme is not None
        if lexeme.kind in ("NOT", "-"):
            self.at += 1
            following = self.peek()
            if following is None or following.kind in ("OR", ")"):
                self.problems.append(f"{lexeme.kind} needs something after it; ignored")
                return Everything()
            item = self.parse_unary()
            return Everything() if isinstance(item, Everything) else Not(item)
        if lexeme.kind == "(":
            self.at += 1
            inner = self.parse_or()
            closing = self.peek()
            if closing is not None and closing.kind == ")":
                self.at += 1
            else:
                self.problems.append("unbalanced '(': closed at the end of the query")
            return inner
        self.at += 1
        return self.term(lexeme)

    def term(self, lexeme: _Lexeme) -> Node:
        field_name, value = lexeme.field, lexeme.value
        if field_name and field_name not in FIELDS:
            self.problems.append(
                f"unknown field '{field_name}:' (fields: {', '.join(FIELDS)}); searched as words"
            )
            field_name = ""
        if field_name == "date":
            return self.date(value)
        prefix = not lexeme.quoted and value.endswith("*") and len(value.rstrip("*")) > 0
        folded = words(value)
        if not folded:
            written = f'"{value}"' if lexeme.quoted else value
            written = f"{lexeme.field}:{written}" if lexeme.field else written
            self.problems.append(f"nothing to search for in {written}: no letters or digits")
            return Everything()
        if field_name in KEY_FIELDS:
            return Terms(field_name, (" ".join(folded),))
        if lexeme.near is not None and len(folded) > 1:
            return self.near(lexeme, field_name or "content", tuple(folded))
        terms = Terms(field_name or "content", tuple(folded), prefix and len(folded) == 1)
        if terms.field in ("content", "title", "quote"):
            self.highlights.append(terms)
        return terms

    def near(self, lexeme: _Lexeme, field_name: str, folded: tuple[str, ...]) -> Node:
        within = int(lexeme.near) if lexeme.near else 0
        if within < 1:
            self.problems.append(
                f'"{lexeme.value}"~ needs a number of words, 1 or more: searched as a phrase'
            )
            within = 1
        node = Near(field_name, folded, within)
        if field_name in ("content", "title", "quote"):
            self.highlights.append(node)
        return node

    def date(self, value: str) -> Node:
        start, dots, end = value.partition("..")
        parts = (start, end) if dots else (start, start)
        if all(not p or _is_date(p) for p in parts) and any(parts):
            return DateRange(*parts)
        self.problems.append(
            f"bad date '{value}': use YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO; date filter ignored"
        )
        return Everything()


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _is_date(text: str) -> bool:
    """A real year, month or day: "2021", "2021-04", "2021-04-30" (not "2021-13-45")."""
    match = _DATE.fullmatch(text)
    if match is None:
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return year >= 1


def _and(items: list[Node]) -> Node:
    items = [item for item in items if not isinstance(item, Everything)]
    if not items:
        return Everything()
    return items[0] if len(items) == 1 else And(tuple(items))


def parse(text: str) -> ParsedQuery:
    """Parse a query; never raises.

    An empty query matches every article; a query with text but nothing to
    search for in it ("*", a lone quote, punctuation) matches none, and its
    problems say why.
    """
    problems: list[str] = []
    parser = _Parser(_lex(text, problems), problems)
    root = parser.parse()
    if isinstance(root, Everything) and text.strip():
        root = Nothing()
        if not problems:
            problems.append("nothing to search for: no letters or digits")
    return ParsedQuery(text, root, tuple(dict.fromkeys(problems)), tuple(parser.highlights))


def expand_people(parsed: ParsedQuery, same_person: Callable[[str], Sequence[str]]) -> ParsedQuery:
    """`parsed` with each `person:` and `speaker:` term widened to every key of the
    same person (an `Or` of the term with each key).

    `same_person(key)` gives the keys listed under one person (a full name and
    the lone surname linked to it).  Rewriting the tree, rather than the Whoosh
    query alone, keeps `to_whoosh` and `matches` in agreement.
    """
    return replace(parsed, root=_expand_people(parsed.root, same_person))


def _expand_people(node: Node, same_person: Callable[[str], Sequence[str]]) -> Node:
    if isinstance(node, Terms):
        if node.field not in ("person", "speaker"):
            return node
        keys = list(dict.fromkeys([node.words[0], *same_person(node.words[0])]))
        if len(keys) == 1:
            return node
        return Or(tuple(Terms(node.field, (key,)) for key in keys))
    if isinstance(node, And):
        return And(tuple(_expand_people(item, same_person) for item in node.items))
    if isinstance(node, Or):
        return Or(tuple(_expand_people(item, same_person) for item in node.items))
    if isinstance(node, Not):
        return Not(_expand_people(node.item, same_person))
    return node


# To Whoosh -------------------------------------------------------------------


def _is_checked_phrase(node: Terms) -> bool:
    """A term Whoosh cannot answer exactly: a phrase of the text or of quotes (title,
    author and source keep positions), or a `speaker:` (the index knows the
    people of an article, not which of them is quoted)."""
    if node.field == "speaker":
        return True
    if len(node.words) < 2 or node.field not in ("content", "quote"):
        return False
    exact_pair = node.field == "content" and len(node.words) == 2 and is_pair(*node.words)
    return not exact_pair


def _has_checked_phrase(node: Node) -> bool:
    if isinstance(node, Near):
        return True
    if isinstance(node, Terms):
        return _is_checked_phrase(node)
    if isinstance(node, (And, Or)):
        return any(_has_checked_phrase(item) for item in node.items)
    if isinstance(node, Not):
        return _has_checked_phrase(node.item)
    return False


def fields_of(node: Node) -> frozenset[str]:
    """The fields a query looks at ("content", "person", ...; "date" for date ranges)."""
    if isinstance(node, (Terms, Near)):
        return frozenset((node.field,))
    if isinstance(node, DateRange):
        return frozenset(("date",))
    if isinstance(node, (And, Or)):
        return frozenset().union(*(fields_of(item) for item in node.items))
    if isinstance(node, Not):
        return fields_of(node.item)
    return frozenset()


def to_whoosh(node: Node) -> wq.Query:
    """A Whoosh query matching every article `node` matches (and, for `quote:`
    phrases, a few more: see `ParsedQuery.needs_check`)."""
    if isinstance(node, Everything):
        return wq.Every()
    if isinstance(node, Nothing):
        return wq.NullQuery
    if isinstance(node, DateRange):
        # Undated articles are indexed as NO_DATE, below every real date.
        start = node.start or _after(NO_DATE)
        if node.start and node.start == node.end:
            return wq.Prefix("date", node.start)
        return wq.TermRange("date", start, (node.end + "\uffff") if node.end else None)
    if isinstance(node, Terms):
        return _terms_query(node)
    if isinstance(node, Near):
        # Candidates: the articles holding every word, checked by `matches`.
        return wq.And([wq.Term(node.field, word) for word in dict.fromkeys(node.words)])
    if isinstance(node, And):
        return wq.And([to_whoosh(item) for item in node.items])
    if isinstance(node, Or):
        return wq.Or([to_whoosh(item) for item in node.items])
    # What a checked phrase finds in the index is a superset of it, so its NOT
    # would drop articles that have the words but not the phrase: left to `matches`.
    if _has_checked_phrase(node.item):
        return wq.Every()
    return wq.Not(to_whoosh(node.item))


def _after(date: str) -> str:
    return date + "\uffff"


def _terms_query(node: Terms) -> wq.Query:
    if node.field == "speaker":  # a speaker is one of the article's people
        return wq.Term("person", node.words[0])
    if node.field in KEY_FIELDS:
        return wq.Term(node.field, node.words[0])
    if len(node.words) == 1:
        word = node.words[0]
        return wq.Prefix(node.field, word) if node.prefix else wq.Term(node.field, word)
    if node.field == "quote":
        return wq.And([wq.Term("quote", word) for word in node.words])
    if node.field == "content":
        return _phrase_candidates(node.words)
    return wq.Phrase(node.field, list(node.words))


def _phrase_candidates(items: tuple[str, ...]) -> wq.Query:
    """The articles holding every indexed pair of a phrase and every word no pair
    covers: a superset of the phrase (exactly it for a two-word pair)."""
    terms: list[wq.Query] = []
    covered: set[int] = set()
    for at, (first, second) in enumerate(_pairs(items)):
        if is_pair(first, second):
            terms.append(wq.Term("pairs", f"{first} {second}"))
            covered.update((at, at + 1))
    terms.extend(wq.Term("content", word) for at, word in enumerate(items) if at not in covered)
    unique = list(dict.fromkeys(terms))
    return unique[0] if len(unique) == 1 else wq.And(unique)


def _pairs(items: tuple[str, ...]) -> list[tuple[str, str]]:
    return list(pairwise(items))


# Exact matching ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Document:
    """What `matches` needs of an article: its texts folded, date, people, tag and
    feed keys, and its quotes as (speaker key, "" when unknown; folded text)."""

    texts: dict[str, str]
    date: str
    people: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    feeds: frozenset[str] = frozenset()
    said: tuple[tuple[str, str], ...] = ()


class FoldedTexts(dict[str, str]):
    """Field name -> folded text, folding each field on first use.

    Checking a phrase needs one field of each candidate; folding all five
    took most of a phrase search's time.
    """

    def __init__(self, raw: dict[str, str]) -> None:
        super().__init__()
        self.raw = raw

    def __missing__(self, field_name: str) -> str:
        raw = self.raw.get(field_name, "")
        aligned = fold_aligned(raw)
        folded = self[field_name] = fold_text(raw) if aligned is None else aligned
        return folded

    def get(self, field_name: str, default: str = "") -> str:  # type: ignore[override]
        return self[field_name] if field_name in self.raw else default


def make_document(
    title: str,
    body: str,
    date: str,
    *,
    author: str = "",
    source: str = "",
    tags: tuple[str, ...] = (),
    people: frozenset[str] = frozenset(),
    quotes: str = "",
    feeds: tuple[str, ...] = (),
    said: tuple[tuple[str, str], ...] = (),
) -> Document:
    """The folded view of an article that `matches` checks a query against.

    `said`: its quotes as (speaker key, "" when unknown; quote text), needed
    by `speaker:` terms.
    """
    texts = FoldedTexts(
        {
            "content": f"{title}\n{body}",
            "title": title,
            "quote": quotes,
            "author": author,
            "source": source,
        }
    )
    folded_said = tuple((speaker, fold_text(text)) for speaker, text in said)
    return Document(
        texts,
        date,
        people,
        frozenset(map(name_key, tags)),
        frozenset(map(name_key, feeds)),
        folded_said,
    )


def matches(node: Node, doc: Document) -> bool:
    """Whether an article matches exactly (phrases adjacent, in order)."""
    if isinstance(node, Everything):
        return True
    if isinstance(node, Nothing):
        return False
    if isinstance(node, And):
        speakers = [item for item in node.items if _speaker_keys(item)]
        quoted = [i for i in node.items if isinstance(i, Terms) and i.field == "quote"]
        if speakers and quoted:
            # speaker:"…" quote:"…" together: one quote of that speaker holds the words.
            rest = [item for item in node.items if item not in speakers and item not in quoted]
            return all(matches(item, doc) for item in rest) and any(
                all(speaker in _speaker_keys(item) for item in speakers)
                and all(next(find_words(text, q.words, q.prefix), None) for q in quoted)
                for speaker, text in doc.said
            )
        return all(matches(item, doc) for item in node.items)
    if isinstance(node, Or):
        return any(matches(item, doc) for item in node.items)
    if isinstance(node, Not):
        return not matches(node.item, doc)
    if isinstance(node, DateRange):
        if not doc.date:
            return False
        start, end = node.start, node.end
        return (not start or doc.date >= start) and (not end or doc.date[: len(end)] <= end)
    if node.field == "person":
        return node.words[0] in doc.people
    if node.field == "speaker":
        return any(speaker == node.words[0] for speaker, _ in doc.said)
    if node.field == "tag":
        return node.words[0] in doc.tags
    if node.field == "feed":
        return node.words[0] in doc.feeds
    text = doc.texts.get(node.field, "")
    if isinstance(node, Near):
        places = places_in(text, node.words)
        return next(find_near(places, node.words, node.within), None) is not None
    return next(find_words(text, node.words, node.prefix), None) is not None


def _speaker_keys(node: Node) -> frozenset[str]:
    """The keys a `speaker:` term (or the `Or` it was widened to) accepts; empty for
    any other node."""
    if isinstance(node, Terms):
        return frozenset(node.words) if node.field == "speaker" else frozenset()
    if isinstance(node, Or):
        keys = [_speaker_keys(item) for item in node.items]
        return frozenset().union(*keys) if all(keys) else frozenset()
    return frozenset()
