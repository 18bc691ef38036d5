"""Every bookmark, newest first: filter as you type, open in context, edit the
note and tags, delete (asking first) and undo, export to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Input
from textual.widgets.option_list import Option

from reader.app.keys import bindings_for, widget_key_hint
from reader.app.messages import Exported, ExportRefused
from reader.app.screens.confirm import ConfirmScreen
from reader.app.screens.export import ExportScreen
from reader.app.screens.filtered import FilteredListScreen
from reader.app.widgets.entry_list import EntryList
from reader.bookmarks import join_note, quoted, split_note
from reader.history import Place, ScreenKind
from reader.safewrite import WriteRefused
from reader.wording import plural

if TYPE_CHECKING:
    from reader.bookmarks import Bookmark


class BookmarksScreen(FilteredListScreen["Bookmark"]):
    KIND = ScreenKind.BOOKMARKS
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)
    PLACEHOLDER = "Filter bookmarks by words, speaker or #tag ({keys})"

    def __init__(self, place: Place) -> None:
        super().__init__(place)
        self.deleted: list[Bookmark] = []
        self.editing: Bookmark | None = None

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Input(
            placeholder=f"Note and #tags — {widget_key_hint(Input, 'submit')} saves,"
            f" {self.keys('app.back')} cancels",
            id="edit",
        )

    def on_mount(self) -> None:
        self.title = "Bookmarks"
        self.query_one("#edit").display = False
        super().on_mount()

    def fetch(self, text: str) -> tuple[list[Bookmark], str]:
        library = self.reader.library
        assert library is not None
        found = library.bookmarks.find(text)
        total = library.bookmarks.count()
        status = plural(total, "bookmark")
        if text:
            status = f"{len(found):,} of {status} match {text}"
        if not total:
            status = (
                f"No bookmarks yet: in an article, {self.keys('article.next_quote')} goes to a"
                f" quote and {self.keys('article.bookmark')} bookmarks it"
            )
        return found, status

    def option(self, index: int, item: Bookmark) -> Option:
        bookmark = item
        part = self.query_one(EntryList).part
        prompt = Text()
        if bookmark.orphaned:
            prompt.append("⚠ not found in its article any more  ", style=part("mark"))
        prompt.append(quoted(bookmark.text).replace("\n", " "))
        prompt.append(f"\n  — {bookmark.speaker or 'passage'}", style=part("name"))
        prompt.append(f" · {bookmark.title} · {bookmark.date or 'undated'}", style=part("detail"))
        if bookmark.note or bookmark.tags:
            tags = " ".join(f"#{t}" for t in bookmark.tags)
            prompt.append(f"\n  {bookmark.note} {tags}".rstrip())
        return Option(prompt, id=bookmark.id)

    def chosen(self, item: Bookmark) -> None:
        bookmark = item
        library = self.reader.library
        if library is None or library.article(bookmark.article_id) is None:
            self.notify(
                f"“{bookmark.title}” is no longer in the library; the bookmark keeps its text",
                severity="warning",
            )
            return
        if bookmark.orphaned:
            self.notify("The text was not found again in the edited article", severity="warning")
            self.reader.open_article(bookmark.article_id)
            return
        self.reader.open_article(
            bookmark.article_id, span=(bookmark.anchor.start, bookmark.anchor.end)
        )

    # Editing -----------------------------------------------------------------

    def action_edit(self) -> None:
        bookmark = self.selected
        if bookmark is None:
            return
        self.editing = bookmark
        edit = self.query_one("#edit", Input)
        edit.value = join_note(bookmark.note, bookmark.tags)
        edit.display = True
        edit.focus()

    @on(Input.Submitted, "#edit")
    def _save(self, event: Input.Submitted) -> None:
        library = self.reader.library
        if library is not None and self.editing is not None:
            note, tags = split_note(event.value)
            library.bookmarks.update(self.editing.id, note=note, tags=tags)
        self._close_edit()
        self.refill(keep=self._highlighted())

    def _close_edit(self) -> None:
        self.editing = None
        self.query_one("#edit").display = False
        self.query_one("#entries").focus()

    def dismiss_transient(self) -> bool:
        """Back closes the edit box (and leaves the filter) before leaving the screen."""
        if self.editing is not None:
            self._close_edit()
            return True
        return self.back_focus()

    def _highlighted(self) -> int:
        highlighted = self.query_one("#entries", EntryList).highlighted
        return int(highlighted) if highlighted is not None else 0

    # Deleting ----------------------------------------------------------------

    def action_delete(self) -> None:
        bookmark = self.selected
        if bookmark is None:
            return
        text = bookmark.text if len(bookmark.text) < 60 else bookmark.text[:57] + "…"
        self.app.push_screen(
            ConfirmScreen(f"Delete the bookmark {quoted(text)}?"),
            lambda yes: self._delete(bookmark) if yes else None,
        )

    def _delete(self, bookmark: Bookmark) -> None:
        library = self.reader.library
        if library is None:
            return
        removed = library.bookmarks.delete(bookmark.id)
        if removed is not None:
            self.deleted.append(removed)
            self.notify(
                f"Bookmark deleted: {self.keys('bookmarks.undo')} brings it back", timeout=6
            )
        self.refill(keep=self._highlighted())

    def action_undo(self) -> None:
        library = self.reader.library
        if library is None or not self.deleted:
            self.notify("Nothing to undo", timeout=2)
            return
        library.bookmarks.restore(self.deleted.pop())
        self.notify("Bookmark restored", timeout=2)
        self.refill(keep=self._highlighted())

    # Exporting ---------------------------------------------------------------

    def action_export(self) -> None:
        library = self.reader.library
        if library is None:
            return
        default = Path.home() / "reader-bookmarks.md"
        self.app.push_screen(ExportScreen(library.bookmarks.count(), default), self._export_chosen)

    def _export_chosen(self, choice: tuple[Path, str] | None) -> None:
        if choice is not None:
            self._export(*choice, overwrite=False)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, path: Path, fmt: str, overwrite: bool) -> None:
        library = self.reader.library
        assert library is not None
        try:
            count = library.bookmarks.export_file(path, fmt, overwrite=overwrite)
        except WriteRefused as refused:
            self.post_message(ExportRefused(refused, fmt))
            return
        self.post_message(Exported(path, count))

    def on_export_refused(self, message: ExportRefused) -> None:
        refused, fmt = message.refused, message.fmt
        if refused.exists:  # the one refusal the user may overrule

            def answered(yes: bool | None) -> None:
                if yes:
                    self._export(refused.path, fmt, overwrite=True)

            self.app.push_screen(
                ConfirmScreen(f"{refused.path} exists already. Replace it?"), answered
            )
        else:
            self.notify(str(refused), title="Not exported", severity="error", timeout=10)

    def on_exported(self, message: Exported) -> None:
        self.notify(
            f"{plural(message.count, 'bookmark')} written to {message.path}",
            title="Exported",
            timeout=6,
        )
