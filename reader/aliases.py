"""Type aliases used across the domain and the app, each defined here once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.articles import Article

# (start, end) offsets into a text, end exclusive.
Span = tuple[int, int]

# What the importer calls for each article: (people JSON, quotes JSON).  A
# partial of a module-level function, so that worker processes can take it.
Analyse = Callable[["Article"], tuple[str, str]]

# (files read, files to read, current file) -> None.  Only new and changed
# files are read and counted, so done/total gives a steady rate and an ETA.
Progress = Callable[[int, int, str], None]
