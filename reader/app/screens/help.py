"""Help: every key in effect (read from the live settings, so user overrides
show) grouped by screen, and the query syntax."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.app.keys import bindings_for, display_keys
from reader.app.screens.base import ReaderScreen
from reader.app.widgets.key_footer import KeyFooter
from reader.config import keymap_by_scope
from reader.history import ScreenKind

QUERY_SYNTAX = (
    ("brexit vote", "articles with both words, anywhere"),
    ('"step by step"', "the exact phrase: these words, in this order"),
    ("liverpool OR everton", "either word"),
    ("liverpool NOT everton", "the first without the second (also -everton)"),
    ("(klopp OR gerrard) anfield", "parentheses group"),
    ("elect*", "words starting with elect"),
    ("title:budget", "in the title only"),
    ("date:2021-04  date:2021-01..2021-06", "a month, a day or a range (YYYY[-MM[-DD]])"),
    ('person:"Xabi Alonso"', "articles that mention a person"),
    ('quote:"step by step"', "inside quoted speech only"),
    ('speaker:"Xabi Alonso" quote:step', "what a person said (both in one quote)"),
    ("author:smith  source:bbc  tag:football", "other fields"),
)
NORMALISATION = (
    "Case, accents (Jürgen = Jurgen) and curly or straight quotes and apostrophes "
    "(fans’ = fans') never matter."
)


class HelpScreen(ReaderScreen):
    KIND = ScreenKind.HELP
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)
    # The tables' titles, their keys column and the closing note (styles/app.tcss).
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "help-screen--title",
        "help-screen--keys",
        "help-screen--note",
    }

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(id="help-keys")
            yield Static(id="help-syntax")
        yield KeyFooter()

    def on_mount(self) -> None:
        # Filled once mounted: the styles of its parts come from the stylesheet.
        self.query_one("#help-keys", Static).update(self._keys())
        self.query_one("#help-syntax", Static).update(self._syntax())
        self.query_one("#help-body").focus()

    def _keys(self) -> Group:
        settings = self.reader.settings
        tables: list[Table | Text] = []
        for title, actions in keymap_by_scope(settings):
            table = self._table(title)
            for action, keys in actions:
                note = "  (your setting)" if action.id in settings.changed else ""
                table.add_row(display_keys(keys), Text(action.description + note))
            tables += [table, Text()]
        where = settings.user_file or "the file named by --config"
        note = f"Change keys in {where} (see `reader config show`)."
        tables.append(Text(note, style=self.part("help-screen--note")))
        return Group(*tables)

    def _syntax(self) -> Table:
        table = self._table("Search syntax")
        for example, meaning in QUERY_SYNTAX:
            table.add_row(example, meaning)
        table.add_row("", "")
        table.add_row("", NORMALISATION)
        return table

    def _table(self, title: str) -> Table:
        table = Table(
            box=None,
            show_header=False,
            padding=(0, 2, 0, 0),
            title=Text(title, style=self.part("help-screen--title")),
            title_justify="left",
            expand=False,
        )
        table.add_column("keys", style=self.part("help-screen--keys"), no_wrap=True, min_width=12)
        table.add_column("meaning")
        return table

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up(animate=False)

    def action_page_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_page_up(animate=False)

    def action_scroll_top(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_home(animate=False)

    def action_scroll_bottom(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_end(animate=False)
