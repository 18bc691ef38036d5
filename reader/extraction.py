"""People and quotes of an article body, as stored in the catalog and printed by `extract`."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from reader.aliases import Analyse
from reader.articles import Article
from reader.people import BackendUnavailable, Mention, Person, get_extractor
from reader.quotes import Quote, find_quotes


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article of a file with its people and quotes, as `reader extract` prints it;
    `people` and `quotes` are the records of `analyse_article`."""

    file: str
    article: Article
    people: list[dict[str, Any]]
    quotes: list[dict[str, Any]]

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "file": self.file,
            "title": self.article.title,
            "date": self.article.date,
            "body": self.article.body,
            "people": self.people,
            "quotes": self.quotes,
        }
        if self.article.key:
            record["key"] = self.article.key
        return record


def analyse_article(
    body: str, backend: str = "builtin"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(people, quotes) of `body` as plain JSON-ready lists; offsets index `body`.

    Each person is `{"name", "key", "aliases": [...], "mentions": [{"start",
    "end", "text"}]}` (see `Person.to_record`), in order of first mention; each
    quote is `{"start", "end", "text", "speaker"}` (see `Quote.to_record`), in
    text order.
    `backend` is the people backend of config (`people.backend`): "builtin" or
    "spacy"; raises `people.BackendUnavailable` when it cannot run here.
    """
    persons = get_extractor(backend)(body)
    people = [person.to_record() for person in persons]
    quotes = [quote.to_record() for quote in find_quotes(body, persons)]
    return people, quotes


def make_analyser(backend: str = "builtin") -> Analyse:
    """The per-article analysis the importer runs, for a people backend name.

    The backend is checked here, once: an unknown name raises `ValueError`, a
    backend that cannot run here (spaCy or its model missing) raises
    `people.BackendUnavailable`, so a caller can report it and fall back.
    """
    get_extractor(backend)
    # A partial of a module-level function pickles, so worker processes can take it.
    return functools.partial(_analyse_with, backend)


def _analyse_with(backend: str, article: Article) -> tuple[str, str]:
    people, quotes = analyse_article(article.body, backend)
    return json.dumps(people, ensure_ascii=False), json.dumps(quotes, ensure_ascii=False)


def analyser_for_config(backend: str) -> tuple[Analyse, str | None]:
    """The analyser for config `people.backend`, and a problem to show when it cannot run.

    A backend that cannot run here (spaCy or its English model not installed,
    an unknown name) falls back to "builtin", with a one-line message saying
    so; the message is None when the configured backend is used.
    """
    try:
        return make_analyser(backend), None
    except (BackendUnavailable, ValueError) as error:
        return make_analyser("builtin"), f"people.backend {backend}: {error}; using builtin"


def people_from_json(people_json: str) -> list[Person]:
    """The people stored with an article (the inverse of `Person.to_record`)."""
    return [
        Person(
            name=record["name"],
            key=record["key"],
            aliases=tuple(record.get("aliases", ())),
            mentions=tuple(
                Mention(m["start"], m["end"], m["text"]) for m in record.get("mentions", ())
            ),
        )
        for record in json.loads(people_json)
    ]


def quotes_from_json(quotes_json: str) -> list[Quote]:
    """The quotes stored with an article (the inverse of `Quote.to_record`)."""
    return [
        Quote(record["start"], record["end"], record["text"], record.get("speaker"))
        for record in json.loads(quotes_json)
    ]


def analyse_for_catalog(article: Article) -> tuple[str, str]:
    """(people JSON, quotes JSON) for the catalog and the index, with the builtin backend."""
    return make_analyser("builtin")(article)
