"""What every screen of the reader shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from reader.app.keys import key_hint

if TYPE_CHECKING:
    from reader.app.app import ReaderApp


class ReaderScreen(Screen[None]):
    """A screen of the reader app; `reader` is the app with its library and settings."""

    @property
    def reader(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def keys(self, *action_ids: str) -> str:
        """The keys in effect for these actions, for a hint in text ("n / N")."""
        return key_hint(self.reader.settings, *action_ids)
