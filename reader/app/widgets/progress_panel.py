"""One line saying what runs in the background, with its progress bar: an import,
a repair, a feeds refresh.  Hidden while nothing runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class ProgressPanel(Horizontal):
    """`begin(label)` shows it with a bar that pulses until `advance` gives a total;
    `end()` hides it.  Its parts are styled in styles/app.tcss."""

    def compose(self) -> ComposeResult:
        yield Label(classes="progress-label")
        yield ProgressBar(classes="progress-bar", show_eta=True)

    def on_mount(self) -> None:
        self.display = False

    def begin(self, label: str) -> None:
        self.display = True
        self.label = label
        self.query_one(ProgressBar).update(total=None, progress=0)

    @property
    def label(self) -> str:
        return str(self.query_one(Label).render())

    @label.setter
    def label(self, text: str) -> None:
        self.query_one(Label).update(text)

    def advance(self, done: int, total: int) -> None:
        """`done` of `total` (0: not known yet, the bar pulses)."""
        self.query_one(ProgressBar).update(total=total or None, progress=done)

    def show(self, label: str, done: int, total: int) -> None:
        """Shown (begun if hidden) with `label`, at `done` of `total`."""
        if not self.display:
            self.begin(label)
        self.label = label
        self.advance(done, total)

    def end(self) -> None:
        self.display = False
