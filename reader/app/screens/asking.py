"""Asks for a name over the current screen (merging or splitting people): enter
answers with what was typed, back cancels."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from reader.app.keys import bindings_of, widget_key_hint
from reader.app.screens.base import ReaderModal
from reader.app.widgets.key_footer import KeyFooter


class NameQuestion(ReaderModal[str | None]):
    """Dismissed with the name typed (stripped, never empty), or None on back."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_of("app.back")

    def __init__(self, question: str, placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(self.question, id="name-question")
            yield Input(placeholder=self.placeholder, id="name-answer")
            yield Static(id="name-keys")
        yield KeyFooter()

    def on_mount(self) -> None:
        enter = widget_key_hint(Input, "submit")
        self.query_one("#name-keys", Static).update(
            f"{enter}: do it · {self.keys('app.back')}: cancel"
        )
        self.query_one(Input).focus()

    @on(Input.Submitted, "#name-answer")
    def _answered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_back(self) -> None:
        self.dismiss(None)
