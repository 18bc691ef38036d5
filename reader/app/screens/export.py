"""Asks how to export the bookmarks: a format, then the file (back cancels)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.app.keys import bindings_of, widget_key_hint
from reader.app.screens.base import ReaderModal
from reader.app.widgets.key_footer import KeyFooter
from reader.wording import plural

FORMATS = (
    ("md", "Markdown (.md): the quotes as a readable list"),
    ("json", "JSON (.json): every field, for `reader bookmarks import`"),
    ("csv", "CSV (.csv): every field, for a spreadsheet"),
)


class ExportScreen(ReaderModal[tuple[Path, str] | None]):
    """Dismissed with (file as typed, format), or None when the user goes back.

    The format comes first, as a list (enter picks), so that the file box can
    start with a name of the right extension; enter in the box answers.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_of("app.back")

    def __init__(self, count: int, default: Path) -> None:
        super().__init__()
        self.count = count
        self.default = default
        self.format = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            shown = plural(self.count, "bookmark")
            yield Static(f"Export {shown} as", id="export-question")
            yield OptionList(
                *(Option(label, id=fmt) for fmt, label in FORMATS), id="export-formats"
            )
            yield Input(id="export-path")
            yield Static(id="export-keys")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#export-path").display = False
        self._hint(f"{widget_key_hint(OptionList, 'select')} chooses")
        self.query_one(OptionList).focus()

    def _hint(self, enter: str) -> None:
        back = self.keys("app.back")
        self.query_one("#export-keys", Static).update(f"{enter} · {back}: cancel")

    @on(OptionList.OptionSelected, "#export-formats")
    def _format_chosen(self, event: OptionList.OptionSelected) -> None:
        self.format = event.option.id or "md"
        self.query_one("#export-question", Static).update(f"Export as {self.format} to the file")
        self.query_one(OptionList).display = False
        path = self.query_one("#export-path", Input)
        path.value = str(self.default.with_suffix(f".{self.format}"))
        path.display = True
        path.focus()
        self._hint(
            f"{widget_key_hint(Input, 'submit')} writes it (never over a file without asking)"
        )

    @on(Input.Submitted, "#export-path")
    def _path_given(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss((Path(event.value.strip()), self.format))

    def action_back(self) -> None:
        self.dismiss(None)
