"""Benchmark query sets, drawn reproducibly from the benchmark text.

Each query is kept in two shapes: the reader's query text and the plain words,
so the bare-Whoosh and FTS5 runs ask for exactly the same thing.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reader.textnorm import words

KINDS = ("word", "two words", "phrase", "phrase, no hits", "person")
MIN_WORD_LENGTH = 4


@dataclass(frozen=True)
class Query:
    kind: str
    text: str  # in the reader's query language
    words: tuple[str, ...]  # folded words (for `person`, the person key's words)


def make_queries(
    articles: list[tuple[str, str]], count: int, seed: int = 6
) -> dict[str, list[Query]]:
    """`count` queries of each text kind (person queries come from `person_queries`)."""
    rng = random.Random(seed)
    texts = [words(body) for _, body in articles]
    known = {" ".join(t) for t in texts}
    sets: dict[str, list[Query]] = {kind: [] for kind in KINDS if kind != "person"}
    while min(len(found) for found in sets.values()) < count:
        text = rng.choice(texts)
        if len(text) < 20:
            continue
        long_words = [w for w in text if len(w) >= MIN_WORD_LENGTH and w.isalpha()]
        if len(long_words) < 2:
            continue
        _add(sets, "word", count, (rng.choice(long_words),))
        _add(sets, "two words", count, tuple(rng.sample(long_words, 2)))
        size = rng.randint(2, 4)
        start = rng.randrange(0, len(text) - size)
        _add(sets, "phrase", count, tuple(text[start : start + size]))
        other = rng.choice(texts)
        if len(other) > size:
            # Half of one article's phrase, half of another's: almost never a phrase.
            at = rng.randrange(0, len(other) - size)
            mixed = tuple(text[start : start + 2] + other[at : at + size - 1])
            if f" {' '.join(mixed)} " not in known:
                _add(sets, "phrase, no hits", count, mixed)
    return {kind: found[:count] for kind, found in sets.items()}


def _add(sets: dict[str, list[Query]], kind: str, count: int, found: tuple[str, ...]) -> None:
    if len(sets[kind]) >= count:
        return
    text = " ".join(found)
    shown = f'"{text}"' if kind.startswith("phrase") else text
    sets[kind].append(Query(kind, shown, found))


def person_queries(catalog_path: Path, count: int, seed: int = 6) -> list[Query]:
    """`count` `person:` queries for people stored in a library's catalog (may be empty)."""
    db = sqlite3.connect(catalog_path)
    try:
        people: Counter[str] = Counter()
        for (people_json,) in db.execute(
            "SELECT people FROM articles WHERE people != '[]' LIMIT 20000"
        ):
            for person in json.loads(people_json):
                key = person.get("key") if isinstance(person, dict) else None
                if isinstance(key, str) and " " in key:
                    people[key] += 1
    finally:
        db.close()
    if not people:
        return []
    rng = random.Random(seed)
    names = sorted(people)
    chosen = [rng.choice(names) for _ in range(count)]
    return [Query("person", f'person:"{key}"', tuple(key.split())) for key in chosen]
