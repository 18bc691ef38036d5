"""Every action a key can trigger, by binding id (no Textual, no key strings).

A binding id is `<scope>.<name>`: the scope is `app` (works on every screen)
or the screen it belongs to.  Keys come only from `config.yaml` and the user's
override file; this table says what each id does, how the help screen and the
footer describe it, and whether leaving it without a key is an error.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Action:
    """One bindable action.

    `method` is the Textual action string run on the scope's screen (or the app
    for scope `app`); `footer` puts it in the footer; `required` actions must
    keep at least one key, or the user could be stuck (no way to quit or go back).
    """

    id: str
    method: str
    description: str
    footer: bool = False
    required: bool = False
    short: str = ""  # the footer's label, when the description is too long for it

    @property
    def scope(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]


# Scopes in the order the help screen lists them, with their titles.
SCOPES = {
    "app": "Everywhere",
    "library": "Library (article list and search)",
    "article": "Article",
    "help": "Help",
}

ACTIONS: tuple[Action, ...] = (
    # Everywhere
    Action("app.quit", "quit", "Quit", footer=True, required=True, short="Quit"),
    Action(
        "app.help", "help", "Help: keys and query syntax", footer=True, required=True, short="Help"
    ),
    Action("app.back", "back", "Back to where you were", footer=True, required=True, short="Back"),
    Action("app.forward", "forward", "Forward again"),
    Action("app.command_palette", "command_palette", "Command palette (actions, themes)"),
    Action("app.focus_next", "focus_next", "Move focus to the next pane"),
    Action("app.focus_previous", "focus_previous", "Move focus to the previous pane"),
    # Library
    Action("library.search", "focus_search", "Search", footer=True, required=True, short="Search"),
    Action(
        "library.open",
        "open",
        "Open the selected article",
        footer=True,
        required=True,
        short="Open",
    ),
    Action("library.down", "cursor_down", "Next article", required=True),
    Action("library.up", "cursor_up", "Previous article", required=True),
    Action("library.first", "cursor_first", "First article"),
    Action("library.last", "cursor_last", "Last article"),
    Action("library.page_down", "page_down", "One page down"),
    Action("library.page_up", "page_up", "One page up"),
    Action(
        "library.sort",
        "toggle_sort",
        "Sort by date / title (relevance / date for a search)",
        footer=True,
        short="Sort",
    ),
    Action("library.clear_search", "clear_search", "Clear the search, list every article"),
    # Article
    Action(
        "article.next_match",
        "next_match",
        "Next match of the search",
        footer=True,
        short="Next match",
    ),
    Action(
        "article.previous_match",
        "previous_match",
        "Previous match of the search",
        footer=True,
        short="Prev match",
    ),
    Action("article.down", "scroll_down", "Scroll down a line"),
    Action("article.up", "scroll_up", "Scroll up a line"),
    Action("article.page_down", "page_down", "Scroll down a page"),
    Action("article.page_up", "page_up", "Scroll up a page"),
    Action("article.top", "scroll_top", "Go to the top"),
    Action("article.bottom", "scroll_bottom", "Go to the bottom"),
    # Help
    Action("help.down", "scroll_down", "Scroll down"),
    Action("help.up", "scroll_up", "Scroll up"),
)

BY_ID: dict[str, Action] = {action.id: action for action in ACTIONS}


def in_scope(scope: str) -> list[Action]:
    """The actions of one scope, in table order."""
    return [action for action in ACTIONS if action.scope == scope]
