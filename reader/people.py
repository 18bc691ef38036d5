"""People mentioned in an article: extraction and name resolution (no Textual).

(Interface fixed; implementation being written.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mention:
    """One place a person is named: `start`/`end` index the article body."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Person:
    """A person of one article, with every mention of them in that article.

    `name` is the canonical display name ("Jurgen Klopp"), `key` its folded form
    used to compare people across articles ("jurgen klopp"), `aliases` the other
    surface forms seen in the text ("Klopp").
    """

    name: str
    key: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]


def extract_people(body: str) -> list[Person]:
    """The people of `body`, in order of first mention."""
    raise NotImplementedError
