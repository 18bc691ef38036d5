"""Earlier searches, recalled in the search box with up and down (no Textual).

Plain data: the queries, oldest first, and where the recall is.  The app keeps
the list in the reading state (`ReadingState.searches`), so it survives
restarts and rebuilds of the catalog and the index.
"""

from __future__ import annotations

from collections.abc import Sequence

# Searches kept; the oldest go first.
MAX_SEARCHES = 500


class Recall:
    """Stepping through earlier searches from the text being typed.

    `older(typed)` gives the search before the one shown (the newest first,
    remembering `typed`), `newer()` the one after, and past the newest the
    text that was being typed; both give None when there is nothing further.
    """

    def __init__(self, searches: Sequence[str] = ()) -> None:
        self.searches = list(searches)[-MAX_SEARCHES:]
        self._at: int | None = None  # index of the search shown; None: the typed text
        self._typed = ""

    @property
    def recalling(self) -> bool:
        """Whether an earlier search is shown (not the text being typed)."""
        return self._at is not None

    def add(self, query: str) -> None:
        """`query` was searched: the newest, once; the recall starts again from it."""
        query = query.strip()
        self._at = None
        if not query:
            return
        if query in self.searches:
            self.searches.remove(query)
        self.searches.append(query)
        del self.searches[:-MAX_SEARCHES]

    def older(self, typed: str) -> str | None:
        if self._at is None:
            if not self.searches:
                return None
            self._typed = typed
            self._at = len(self.searches)
        if self._at == 0:
            return None
        self._at -= 1
        return self.searches[self._at]

    def newer(self) -> str | None:
        if self._at is None:
            return None
        self._at += 1
        if self._at >= len(self.searches):
            self._at = None
            return self._typed
        return self.searches[self._at]

    def forget_place(self) -> None:
        """The text was edited: the next `older` starts from the newest again."""
        self._at = None
