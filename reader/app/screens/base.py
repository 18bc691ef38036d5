"""What every screen of the reader shares, and what the app may ask of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from reader.history import Place, ScreenKind

if TYPE_CHECKING:
    from rich.style import Style

    from reader.app.app import ReaderApp


class ReaderScreen(Screen[None], inherit_bindings=False):
    """A screen of the reader app; `reader` is the app with its library and settings.

    `KIND` names the screen and the scope of its key bindings.  Textual's own
    screen bindings (tab, shift+tab, ctrl+c) are not inherited: the app
    declares those actions with ids, so that the keymap applies to them too.  The app calls
    the three methods below when the user goes back or quits; a screen
    overrides those that concern it.
    """

    KIND: ClassVar[ScreenKind]

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    def keys(self, *action_ids: str) -> str:
        """The keys in effect for these actions, for a hint in text ("n / N")."""
        return self.reader.key_hint(*action_ids)

    def part(self, component: str) -> Style:
        """The style `styles/app.tcss` gives one of the screen's component classes, to
        draw part of a text with (only what the class sets: bold, a colour...)."""
        return self.get_component_rich_style(component, partial=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of this screen failed: the app's one handler deals with it.

        Workers are started with `exit_on_error=False`, so that a damaged
        library file found by any of them leads to a repair, not to the end.
        """
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.reader.handle_worker_error(event.worker.error)

    def dismiss_transient(self) -> bool:
        """Close what back closes before leaving the screen (a box, a selection, the
        focus of a filter); True when something was closed."""
        return False

    def place(self) -> Place | None:
        """Where the user is, to come forward to again; None for a screen that is
        not a place (help)."""
        return None

    def remember_position(self) -> None:
        """Keep what should survive the app (an article's scroll position)."""


Answer = TypeVar("Answer")


class ReaderModal(ModalScreen[Answer]):
    """A question or a box over the current screen (they answer back themselves)."""

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    def keys(self, *action_ids: str) -> str:
        """The keys in effect for these actions, for a hint in text ("n / N")."""
        return self.reader.key_hint(*action_ids)


class PlaceScreen(ReaderScreen):
    """A screen the app opens at a `Place`, and rebuilds from one to go forward."""

    def __init__(self, place: Place) -> None:
        super().__init__()
        self.start = place

    def place(self) -> Place:
        raise NotImplementedError
