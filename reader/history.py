"""Back/forward navigation as plain data (no Textual).

The app shows places as a stack of screens: going back pops the top screen,
so the one below reappears exactly as it was left.  What the stack cannot keep
is where *forward* leads once a screen is popped; `History` keeps that, as
`Place` values the app can rebuild a screen from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_FORWARD = 100


class ScreenKind(StrEnum):
    """The app's screens.  A value is also the scope of that screen's key bindings
    (`reader.actions`: "article.next_match" belongs to the article screen)."""

    LIBRARY = "library"
    ARTICLE = "article"
    PERSON = "person"
    PEOPLE = "people"
    FOLLOWING = "following"
    SAVED = "saved"
    SIMILAR = "similar"
    BOOKMARKS = "bookmarks"
    FEEDS = "feeds"
    HELP = "help"
    CONFIRM = "confirm"


@dataclass(frozen=True, slots=True)
class Place:
    """Somewhere the user was: a screen kind, what it showed, and how it was left.

    `target` is an article id, a person key...; `query` the search whose matches
    were highlighted (or a list's filter); `scroll` the first visible line (-1:
    let the screen choose); `mark` the selected entry of a list; `span` the body
    offsets of the highlighted mark in an article (a match, mention or quote).
    """

    kind: ScreenKind
    target: str = ""
    query: str = ""
    scroll: int = 0
    mark: int = -1
    span: tuple[int, int] | None = None


class History:
    """The places forward of the current one, most recent last."""

    def __init__(self) -> None:
        self._forward: list[Place] = []

    def jumped(self) -> None:
        """A new jump (not back or forward): the old forward path is gone, as in a browser."""
        self._forward.clear()

    def went_back_from(self, place: Place) -> None:
        self._forward.append(place)
        del self._forward[:-MAX_FORWARD]

    def take_forward(self) -> Place | None:
        """The place to go forward to, or None when there is none."""
        return self._forward.pop() if self._forward else None
