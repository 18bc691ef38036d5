"""What every screen of the reader shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from reader.app.app import ReaderApp


class ReaderScreen(Screen[None]):
    """A screen of the reader app; `reader` is the app with its library and settings."""

    @property
    def reader(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]
