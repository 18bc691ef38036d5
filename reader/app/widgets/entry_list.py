"""The list of the People, Person and Bookmarks screens."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class EntryList(OptionList, inherit_bindings=False):
    """An OptionList whose enter key is left to the screen's `open` action.

    OptionList's own (hidden) enter binding came first in the binding chain, so
    the footer never showed "Open", and a user's key for `open` was only a
    second way in. Its other keys are kept; a click still posts `OptionSelected`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        binding
        for binding in OptionList.BINDINGS
        if not (isinstance(binding, Binding) and binding.key == "enter")
    ]
