"""An article's text, wrapped to the width, paragraphs kept, with marked spans
(search matches, and later people and quotes) drawn from body offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.aliases import Span
from reader.sentences import PARAGRAPH_BREAK

_WORD = re.compile(r"\S+")


def wrap_body(body: str, width: int) -> list[Span | None]:
    """Lines as (start, end) offsets into `body`; None is the blank line between paragraphs.

    Words are never split unless one is longer than the width.
    """
    width = max(10, width)
    lines: list[Span | None] = []
    start = 0
    for brk in [*PARAGRAPH_BREAK.finditer(body), None]:
        end = brk.start() if brk else len(body)
        if lines and body[start:end].strip():
            lines.append(None)
        lines.extend(_wrap_paragraph(body, start, end, width))
        start = brk.end() if brk else end
    return lines


def _wrap_paragraph(body: str, start: int, end: int, width: int) -> list[Span]:
    lines: list[Span] = []
    line_start = line_end = -1
    for word in _WORD.finditer(body, start, end):
        w_start, w_end = word.span()
        while w_end - w_start > width:  # a very long word (a URL): hard-split it
            if line_start >= 0:
                lines.append((line_start, line_end))
                line_start = -1
            lines.append((w_start, w_start + width))
            w_start += width
        if line_start < 0:
            line_start, line_end = w_start, w_end
        elif w_end - line_start <= width:
            line_end = w_end
        else:
            lines.append((line_start, line_end))
            line_start, line_end = w_start, w_end
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines


class ArticleBody(ScrollView, can_focus=True):
    """The body text.  `layers` name sets of spans, each drawn with the component
    class `article-body--<name>`; `current` is drawn over them all."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-body--match",
        "article-body--current",
        "article-body--mention",
        "article-body--quote",
        "article-body--bookmarked",
        "article-body--selection",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.span_layers: dict[str, list[Span]] = {}
        self.current: Span | None = None
        self._lines: list[Span | None] = []
        self._line_starts: list[int] = []
        self._wrapped_width = 0

    def set_text(self, body: str, layers: dict[str, list[Span]]) -> None:
        self.text = body
        self.span_layers = {name: sorted(spans) for name, spans in layers.items()}
        self._wrapped_width = 0
        self._rewrap()

    def set_current(self, span: Span | None, *, scroll: bool = True) -> None:
        self.current = span
        if span is not None and scroll:
            self.scroll_to_offset(span[0])
        self.refresh()

    def line_of(self, offset: int) -> int:
        """The display line holding body offset `offset`."""
        self._rewrap()
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def scroll_to_offset(self, offset: int) -> None:
        """Bring `offset` into view, a third of the way down, unless it is visible."""
        line = self.line_of(offset)
        top = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def offset_at_top(self) -> int:
        """Body offset of the first visible line (where steps start from without a mark)."""
        self._rewrap()
        top = int(self.scroll_offset.y)
        return self._line_starts[top] if top < len(self._line_starts) else len(self.text)

    # Layout ------------------------------------------------------------------

    def on_resize(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width:
            return
        self._wrapped_width = width
        self._lines = wrap_body(self.text, width)
        # Blank lines take the offset of the line after them, so offsets stay sorted.
        starts: list[int] = []
        next_start = len(self.text)
        for line in reversed(self._lines):
            if line is not None:
                next_start = line[0]
            starts.append(next_start)
        self._line_starts = starts[::-1]
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    # Drawing -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_offset.y)
        line = self._lines[index] if index < len(self._lines) else None
        if line is None:
            return Strip.blank(width, self.rich_style)
        start, end = line
        text = Text(self.text[start:end].replace("\n", " ").replace("\t", " "))
        for name, spans in self.span_layers.items():
            style = self.get_component_rich_style(f"article-body--{name}")
            for s, e in _overlapping(spans, start, end):
                text.stylize(style, max(s, start) - start, min(e, end) - start)
        if self.current and self.current[0] < end and self.current[1] > start:
            style = self.get_component_rich_style("article-body--current")
            s, e = self.current
            text.stylize(style, max(s, start) - start, min(e, end) - start)
        segments = Segment.apply_style(list(text.render(self.app.console)), self.rich_style)
        return Strip(segments, text.cell_len).adjust_cell_length(width, self.rich_style)


def _overlapping(spans: list[Span], start: int, end: int) -> list[Span]:
    """The sorted `spans` that overlap [start, end)."""
    i = bisect_right(spans, (start, start))
    if i and spans[i - 1][1] > start:
        i -= 1
    found = []
    while i < len(spans) and spans[i][0] < end:
        if spans[i][1] > start:
            found.append(spans[i])
        i += 1
    return found
