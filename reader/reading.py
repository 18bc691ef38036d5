"""What the article view steps through: search matches, people's mentions and
quotes, as sorted body offsets (no Textual; sentences are `reader.sentences`).

Every step starts from a position in the body (the current mark, or the top
of the view) so that `n`, `m` and `}` all move on from where the reader is.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import Enum

from reader.aliases import Span


class MarkKind(Enum):
    """What the reader is on in an article: nothing yet, a search match, a
    mention of a person or a quote."""

    NONE = "none"
    MATCH = "match"
    MENTION = "mention"
    QUOTE = "quote"


@dataclass(frozen=True, slots=True)
class MentionMark:
    """A mention of a person: where, and which person (library key and name)."""

    start: int
    end: int
    key: str
    name: str


def step(spans: list[Span], position: int, forward: bool, current: int = -1) -> int:
    """Index of the next span after `position` (or before it), wrapping around.

    `current` is the index of the span the reader is on, if any, so a step
    always leaves it even when several spans start at the same offset.
    """
    if not spans:
        return -1
    if 0 <= current < len(spans):
        return (current + (1 if forward else -1)) % len(spans)
    starts = [start for start, _ in spans]
    if forward:
        i = bisect_left(starts, position)
        return i % len(spans)
    i = bisect_right(starts, position) - 1
    return i if i >= 0 else len(spans) - 1
