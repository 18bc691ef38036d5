"""The one place where text is cut into paragraphs and sentences (no Textual).

Selecting by sentences in the article (`v`), the sentence of a mention on the
Person screen and in `reader person`, the quote finder's attributions and the
title derived from a body all call these functions, so that they can never
disagree about where "The club said Mr. Smith would stay." begins and ends.

- A *paragraph* ends at a blank line (spaces allowed on it); the article view
  wraps text the same way.
- A *sentence* ends after a run of `.`, `!`, `?` or `…` (closing quotation
  marks and brackets included) that is followed by a space or the end of the
  text, except when:
  - the run is a full stop after an abbreviation ("Mr.", "Dr.", "Gen.", "vs.")
    or a single letter (initials: "J. Smith", "U.S.", "p.m.");
  - the next word starts with a small letter ("“Great!” he said" goes on).
  A paragraph break always ends a sentence.

Offsets index the text as given; spans are (start, end), end exclusive, with
no space at either end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.aliases import Span

# Full stops after these words (folded) do not end a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen col capt lt sgt sen rep gov pres prof rev mt no vs inc co".split()
)
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_END_MARK = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_END_OR_BREAK = re.compile(rf"{_END_MARK.pattern}|{PARAGRAPH_BREAK.pattern}")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
# What may open the next sentence before its first word.
_OPENERS = "\"'“‘„«([ \t\r\n"


@dataclass(frozen=True, slots=True)
class Boundary:
    """Where one sentence stops and the next may start.

    `mark` is the first character of the end mark (the "." of "said."), or the
    paragraph break for a paragraph ending without one; `stop` is where the
    sentence's text ends (after its closing marks); `after` is where the next
    sentence's text starts (spaces skipped).
    """

    mark: int
    stop: int
    after: int


def paragraphs(text: str) -> list[Span]:
    """(start, end) of each paragraph of `text` that is not blank, in order."""
    found = []
    start = 0
    for brk in PARAGRAPH_BREAK.finditer(text):
        if brk.start() > start:
            found.append((start, brk.start()))
        start = brk.end()
    if start < len(text):
        found.append((start, len(text)))
    return [(s, e) for s, e in found if text[s:e].strip()]


def boundaries(text: str, start: int = 0, end: int | None = None) -> Iterator[Boundary]:
    """The sentence boundaries whose mark lies in text[start:end], in order.

    Text past `end` is not looked at, as if the text stopped there: a mark
    right before `end` is an end.
    """
    stop_at = len(text) if end is None else end
    next_start = start  # where the last boundary's next sentence starts
    for found in _END_OR_BREAK.finditer(text, start, stop_at):
        if found.group()[:1].isspace():
            if found.start() >= next_start:  # not the break right after an end mark
                yield Boundary(found.start(), found.start(), found.end())
            continue
        if is_abbreviation(text, found.start()) or _goes_on(text, found.end(), stop_at):
            continue
        after = found.end()
        while after < stop_at and text[after].isspace():
            after += 1
        next_start = after
        yield Boundary(found.start(), found.end(), after)


def is_abbreviation(text: str, mark: int) -> bool:
    """Whether the "." at `mark` closes an abbreviation or an initial, not a sentence."""
    if text[mark] != ".":
        return False
    word = _WORD_BEFORE.search(text, max(0, mark - 6), mark)
    if word is None:
        return False
    return len(word.group()) == 1 or word.group().casefold() in ABBREVIATIONS


def _goes_on(text: str, at: int, end: int) -> bool:
    """Whether the sentence goes on after an end mark: the next word starts with a
    small letter, within the same paragraph."""
    while at < end and text[at] in _OPENERS:
        if text[at] == "\n" and PARAGRAPH_BREAK.match(text, at):
            return False
        at += 1
    return at < end and text[at].islower()


def sentence_at(text: str, offset: int) -> Span:
    """The sentence holding `offset` (in the spaces between two: the next one)."""
    start, end = 0, len(text)
    for boundary in boundaries(text):
        if boundary.stop <= offset:
            start = boundary.after
        else:
            end = boundary.stop
            break
    return _strip(text, start, max(start, end))


def sentence_around(text: str, start: int, end: int) -> Span:
    """The sentence holding text[start:end] (several, when it runs over a boundary).

    Where `text` is an extract, a sentence cut by its edges runs to them.
    """
    left = sentence_at(text, start)[0]
    right = sentence_at(text, max(start, end - 1))[1]
    return min(left, start), max(right, end)


def first_sentence(text: str) -> str:
    """The first sentence of `text`, its spaces and line breaks made single spaces."""
    stripped = text.strip()
    if not stripped:
        return ""
    start, end = sentence_at(stripped, 0)
    return " ".join(stripped[start:end].split())


def extend_by_sentence(text: str, span: Span) -> Span:
    """`span` grown to the end of the sentence after it (the same span at the end)."""
    start, end = span
    rest = len(text) - len(text[end:].lstrip())
    if rest >= len(text):
        return span
    return start, sentence_at(text, rest)[1]


def shrink_by_sentence(text: str, span: Span) -> Span:
    """`span` without its last sentence (never less than its first sentence)."""
    start, end = span
    last = sentence_at(text, max(start, end - 1))
    if last[0] <= start:
        return span
    return _strip(text, start, last[0])


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
