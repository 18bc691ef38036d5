"""Direct quotations in an article and who said them (no Textual).

(Interface fixed; implementation being written.)
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.people import Person


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: `start`/`end` index the body, marks excluded.

    `speaker` is the canonical name of a person of the article, or None when
    the text does not say who spoke.
    """

    start: int
    end: int
    text: str
    speaker: str | None


def find_quotes(body: str, people: list[Person]) -> list[Quote]:
    """The quotations of `body`, in text order, attributed to `people` where possible."""
    raise NotImplementedError
