"""The footer of every screen: the keys in effect, sized to fit 80 columns."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer in its compact style and without the command-palette
    entry, which took half of an 80-column line (the palette key is listed in
    help). Which actions show, and their short labels, come from `reader.actions`."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)
