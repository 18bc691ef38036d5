"""What the article view steps through: search matches, people's mentions,
quotes and sentences, as sorted body offsets (no Textual).

Every step starts from a position in the body (the current mark, or the top
of the view) so that `n`, `m` and `}` all move on from where the reader is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

Span = tuple[int, int]

# A sentence ends at . ! ? (possibly followed by closing quotes) before a space
# and a capital ("“Great!” he said" goes on), or at a paragraph break.
_SENTENCE_END = re.compile(r"[.!?][\"”’']*(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n\s*\n")


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


def sentence_at(body: str, offset: int) -> Span:
    """The sentence holding `offset`, without surrounding spaces."""
    start = 0
    for match in _SENTENCE_END.finditer(body):
        if match.end() > offset:
            break
        start = match.end()
    end_match = _SENTENCE_END.search(body, max(offset, start))
    end = end_match.end() if end_match else len(body)
    if end_match and end_match.group().startswith("\n"):
        end = end_match.start()
    return _strip(body, start, end)


def extend_by_sentence(body: str, span: Span) -> Span:
    """`span` grown to the end of the sentence after it (the same span at the end)."""
    start, end = span
    rest = len(body) - len(body[end:].lstrip())
    if rest >= len(body):
        return span
    return start, sentence_at(body, rest)[1]


def shrink_by_sentence(body: str, span: Span) -> Span:
    """`span` without its last sentence (never less than its first sentence)."""
    start, end = span
    last = sentence_at(body, max(start, end - 1))
    if last[0] <= start:
        return span
    return _strip(body, start, last[0])


def _strip(body: str, start: int, end: int) -> Span:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end
