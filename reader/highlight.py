"""Where a query's words and phrases occur in a text, and snippets around them.

Spans are (start, end) offsets into the text as given.  A phrase is marked as
one span from its first word to its last, never word by word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.aliases import Span
from reader.query import Terms
from reader.textnorm import find_words, fold_aligned, tokens


def match_spans(text: str, needles: Sequence[Terms]) -> list[Span]:
    """Sorted, non-overlapping spans of `text` where any of `needles` occurs."""
    if not needles or not text:
        return []
    aligned = fold_aligned(text)
    if aligned is not None:
        # Search results mark 20 bodies per query (200 in the app): the folded
        # text searched at C speed (see `find_words`).
        return merge_spans(
            [
                span
                for needle in needles
                for span in find_words(aligned, needle.words, needle.prefix)
            ]
        )
    toks = list(tokens(text))
    found: list[Span] = []
    for needle in needles:
        n = len(needle.words)
        first = needle.words[0]
        for i, tok in enumerate(toks):
            if tok.text != first and not (n == 1 and needle.prefix and tok.text.startswith(first)):
                continue
            if n == 1:
                found.append((tok.start, tok.end))
            elif i + n <= len(toks) and all(
                toks[i + k].text == needle.words[k] for k in range(1, n)
            ):
                found.append((tok.start, toks[i + n - 1].end))
    return merge_spans(found)


def merge_spans(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True, slots=True)
class Snippet:
    """A one-line excerpt: `text` with `marks` as offsets into it."""

    text: str
    marks: tuple[Span, ...]

    def marked(self, before: str = "**", after: str = "**") -> str:
        """The snippet with each mark wrapped in `before`/`after`."""
        out, last = [], 0
        for start, end in self.marks:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)


def make_snippet(text: str, spans: Sequence[Span], width: int = 160) -> Snippet:
    """About `width` characters of `text` on one line around the first match.

    Without matches, the start of the text.  Cut at word boundaries, with "…"
    where text was left out; whitespace runs become single spaces.
    """
    if spans:
        first_start, first_end = spans[0]
        lead = max(0, (width - (first_end - first_start)) // 3)
        start = max(0, first_start - lead)
    else:
        start = 0
    end = min(len(text), start + width)
    if end == len(text):
        start = max(0, end - width)
    if start > 0:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 and (not spans or space < spans[0][0]) else start
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space > start and (not spans or space >= spans[0][1]) else end
    pieces: list[str] = []
    marks: list[Span] = []
    if start > 0:
        pieces.append("…")
    position = sum(len(p) for p in pieces)
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        plain = _one_line(text[cursor:span_start])
        pieces.append(plain)
        position += len(plain)
        inside = _one_line(text[span_start:span_end])
        pieces.append(inside)
        marks.append((position, position + len(inside)))
        position += len(inside)
        cursor = span_end
    pieces.append(_one_line(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return Snippet("".join(pieces), tuple(marks))


def _one_line(text: str) -> str:
    """Newlines and runs of spaces as single spaces, keeping outer spaces (length may shrink)."""
    if not text:
        return text
    core = " ".join(text.split())
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() and core else ""
    return f"{lead}{core}{trail}" if core else " "


def match_positions(text: str, query_text: str) -> list[Span]:
    """Where the words and phrases of the search `query_text` occur in `text`."""
    if not query_text.strip():
        return []
    from reader.query import parse

    return match_spans(text, parse(query_text).highlights)
