"""The list of the People, Person and Bookmarks screens."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class EntryList(OptionList, inherit_bindings=False):
    """An OptionList whose enter key is left to the screen's `open` action, and whose
    entries are drawn with its component classes.

    OptionList's own (hidden) enter binding came first in the binding chain, so
    the footer never showed "Open", and a user's key for `open` was only a
    second way in. Its other keys are kept; a click still posts `OptionSelected`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        binding
        for binding in OptionList.BINDINGS
        if not (isinstance(binding, Binding) and binding.key == "enter")
    ]
    # The parts of an entry, styled in styles/app.tcss: a section's heading, what
    # an entry is about (a name, a title), its details (dates, aliases), a mark
    # before it (★, ⚠) and the words of a mention inside a sentence.
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entry-list--heading",
        "entry-list--name",
        "entry-list--detail",
        "entry-list--mark",
        "entry-list--mention",
    }

    def part(self, name: str) -> Style:
        """The style of one part of an entry ("name", "detail"...)."""
        return self.get_component_rich_style(f"entry-list--{name}", partial=True)
