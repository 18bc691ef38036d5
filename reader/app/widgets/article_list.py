"""A list of articles that draws only the rows on screen, so 100,000 rows cost
no more to show than 20 (Textual's line API)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.aliases import Span

if TYPE_CHECKING:  # the module imports Whoosh: keep it off the start-up path
    from reader.highlight import Snippet


@dataclass(slots=True)  # not frozen: made 100,000 at a time, and frozen takes twice as long
class Row:
    """One article as the list shows it; `snippet` makes it a two-line search hit."""

    id: str
    title: str
    date: str
    source: str
    snippet: Snippet | None = None
    title_marks: tuple[Span, ...] = ()
    copies: int = 0  # other copies of the story, listed under this row


class ArticleList(ScrollView, can_focus=True):
    """Articles with a cursor.  Posts `Opened` for enter or a click, `NearEnd`
    when the cursor gets close to the last loaded row (to load the next page)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--unread-title",
        "article-list--followed",
        "article-list--copies",
        "article-list--date",
        "article-list--source",
        "article-list--match",
        "article-list--snippet",
        "article-list--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class NearEnd(Message):
        """The cursor is within a page of the last row loaded."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.read_ids: set[str] = set()
        # New articles naming someone the user follows: marked ◆ rather than ●.
        self.followed_ids: set[str] = set()
        self.empty_text = ""
        self.row_height = 1

    # Content -----------------------------------------------------------------

    def show(self, rows: list[Row], *, empty_text: str, select_id: str | None = None) -> None:
        """Replace the rows; the cursor goes to `select_id` when given and present."""
        self.rows = rows
        self.empty_text = empty_text
        self.row_height = 2 if any(row.snippet is not None for row in rows) else 1
        index = 0
        if select_id is not None:
            index = next((i for i, row in enumerate(rows) if row.id == select_id), 0)
        self._resize()
        self.scroll_to(y=0, animate=False)
        self.cursor = index

    def append(self, rows: list[Row]) -> None:
        self.rows.extend(rows)
        self._resize()
        self.refresh()

    def mark_followed(self, article_ids: set[str]) -> None:
        self.followed_ids = article_ids
        self.refresh()

    def mark_read(self, article_id: str) -> None:
        self.read_ids.add(article_id)
        self.refresh()

    @property
    def selected(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def _resize(self) -> None:
        self.virtual_size = Size(
            self.scrollable_content_region.width, len(self.rows) * self.row_height
        )

    def on_resize(self) -> None:
        self._resize()

    # Cursor ------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, value: int) -> None:
        if not self.rows:
            return
        h = self.row_height
        self.scroll_to_region(Region(0, value * h, 1, h), animate=False, immediate=True)
        self.refresh()
        if value >= len(self.rows) - self._page():
            self.post_message(self.NearEnd())

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height)

    def move(self, delta: int) -> None:
        self.cursor += delta

    def move_page(self, pages: int) -> None:
        self.cursor += pages * self._page()

    def move_to(self, index: int) -> None:
        self.cursor = index if index >= 0 else len(self.rows) - 1

    def open_selected(self) -> None:
        if self.selected is not None:
            self.post_message(self.Opened(self.selected.id))

    def on_click(self, event: Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // self.row_height
        if 0 <= index < len(self.rows):
            self.cursor = index
            self.open_selected()

    # Drawing -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_offset.y)
        if not self.rows:
            return self._empty_line(y, width)
        index, part = divmod(line, self.row_height)
        if index >= len(self.rows):
            return Strip.blank(width)
        row = self.rows[index]
        base = self.rich_style
        if index == self.cursor:
            base = base + self.get_component_rich_style("article-list--cursor")
        text = self._title_line(row, width) if part == 0 else self._snippet_line(row, width)
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, base), text.cell_len).adjust_cell_length(
            width, base
        )

    def _title_line(self, row: Row, width: int) -> Text:
        source_width = min(18, max(8, width // 6))
        title_width = max(1, width - 2 - 1 - 10 - 1 - source_width)
        unread = row.id not in self.read_ids
        if row.id in self.followed_ids:
            mark = Text("◆ ", self.get_component_rich_style("article-list--followed"))
        else:
            mark = Text(
                "● " if unread else "  ", self.get_component_rich_style("article-list--unread")
            )
        title = Text(row.title)
        match = self.get_component_rich_style("article-list--match")
        for start, end in row.title_marks:
            title.stylize(match, start, end)
        if unread:
            title.stylize(self.get_component_rich_style("article-list--unread-title", partial=True))
        # "×3": the story is in the library three times; kept whole after a long title.
        copies = Text(f" ×{row.copies + 1}" if row.copies else "")
        copies.stylize(self.get_component_rich_style("article-list--copies"))
        title.truncate(max(1, title_width - copies.cell_len), overflow="ellipsis")
        title.append_text(copies)
        title.truncate(title_width, overflow="ellipsis", pad=True)
        date = Text(f"{row.date or '':10}", self.get_component_rich_style("article-list--date"))
        source = Text(row.source, self.get_component_rich_style("article-list--source"))
        source.truncate(source_width, overflow="ellipsis", pad=True)
        return Text.assemble(mark, title, " ", date, " ", source)

    def _snippet_line(self, row: Row, width: int) -> Text:
        snippet = row.snippet
        text = Text("  " + (snippet.text if snippet else ""))
        text.stylize(self.get_component_rich_style("article-list--snippet"))
        match = self.get_component_rich_style("article-list--match")
        for start, end in snippet.marks if snippet else ():
            text.stylize(match, start + 2, end + 2)
        text.truncate(width, overflow="ellipsis")
        return text

    def _empty_line(self, y: int, width: int) -> Strip:
        lines = self.empty_text.splitlines()
        top = max(0, (self.scrollable_content_region.height - len(lines)) // 3)
        if not top <= y < top + len(lines):
            return Strip.blank(width, self.rich_style)
        text = Text(lines[y - top], justify="center")
        text.stylize(self.get_component_rich_style("article-list--empty"))
        text.align("center", width)
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, self.rich_style), width).adjust_cell_length(
            width
        )
