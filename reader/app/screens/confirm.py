"""A yes/no question over the current screen; back says no."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Static

from reader.app.keys import bindings_for, bindings_of, display_keys
from reader.app.screens.base import ReaderModal
from reader.app.widgets.key_footer import KeyFooter
from reader.history import ScreenKind


class ConfirmScreen(ReaderModal[bool]):
    KIND = ScreenKind.CONFIRM
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND) + bindings_of("app.back")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question")
            yield Static(self._keys(), id="confirm-keys")
        yield KeyFooter()

    def _keys(self) -> str:
        """Every key of yes and of no: a question is where a user looks for them."""
        settings = self.reader.settings
        yes = display_keys(settings.keys_of("confirm.yes"))
        no = display_keys(settings.keys_of("confirm.no"))
        return f"{yes}: yes    {no}: no"

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)

    def action_back(self) -> None:
        self.dismiss(False)
