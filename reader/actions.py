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
    Footer actions of a screen that share a `group` show as one entry, their
    keys then the group's label ("n N Match"), so every footer fits 80 columns.
    """

    id: str
    method: str
    description: str
    footer: bool = False
    required: bool = False
    short: str = ""  # the footer's label, when the description is too long for it
    group: str = ""

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
    "person": "Person (one person's articles and quotes)",
    "people": "People (everyone in the library)",
    "following": "Following (the people you follow)",
    "saved": "Saved searches",
    "similar": "More like this (the articles most like one article)",
    "bookmarks": "Bookmarks",
    "feeds": "Feeds (subscriptions, fetched in the background)",
    "confirm": "Questions (delete?)",
    "help": "Help",
}

ACTIONS: tuple[Action, ...] = (
    # Everywhere
    # Help and back first: the footer shows the app's keys in this order, after
    # the screen's, and they are what a new user needs most.
    Action(
        "app.help", "help", "Help: keys and query syntax", footer=True, required=True, short="Help"
    ),
    Action("app.back", "back", "Back to where you were", footer=True, required=True, short="Back"),
    Action("app.quit", "quit", "Quit", footer=True, required=True, short="Quit"),
    Action("app.forward", "forward", "Forward again"),
    Action("app.people", "people", "People: everyone the articles mention", short="People"),
    Action(
        "app.bookmarks", "bookmarks", "Bookmarks: every saved quote and passage", short="Bookmarks"
    ),
    Action(
        "app.following",
        "following",
        "Following: the people you follow, with their new articles",
        short="Following",
    ),
    Action("app.feeds", "feeds", "Feeds: subscriptions, unread counts, refresh", short="Feeds"),
    Action(
        "app.saved",
        "saved_searches",
        "Saved searches, with their articles and how many are new",
        short="Saved",
    ),
    Action("app.command_palette", "command_palette", "Command palette (actions, themes)"),
    Action("app.focus_next", "focus_next", "Move focus to the next pane"),
    Action("app.focus_previous", "focus_previous", "Move focus to the previous pane"),
    Action("app.copy", "screen.copy_text", "Copy the text selected with the mouse"),
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
    Action(
        "library.down",
        "cursor_down",
        "Next article (in the search box: a later search, or the list)",
        required=True,
    ),
    Action(
        "library.up",
        "cursor_up",
        "Previous article (in the search box: an earlier search)",
        required=True,
    ),
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
    Action(
        "library.accept_suggestion",
        "accept_suggestion",
        'Search for the "Did you mean" spelling shown under the search box',
    ),
    # Article
    Action(
        "article.next_match",
        "next_match",
        "Next match of the search",
        footer=True,
        short="Next match",
        group="Match",
    ),
    Action(
        "article.previous_match",
        "previous_match",
        "Previous match of the search",
        footer=True,
        short="Prev match",
        group="Match",
    ),
    Action("article.down", "scroll_down", "Scroll down a line"),
    Action("article.up", "scroll_up", "Scroll up a line"),
    Action("article.page_down", "page_down", "Scroll down a page"),
    Action("article.page_up", "page_up", "Scroll up a page"),
    Action("article.top", "scroll_top", "Go to the top"),
    Action("article.bottom", "scroll_bottom", "Go to the bottom"),
    Action(
        "article.next_mention",
        "next_mention",
        "Next mention of a person",
        footer=True,
        short="Person",
    ),
    Action("article.previous_mention", "previous_mention", "Previous mention of a person"),
    Action("article.next_same_person", "next_same_person", "Next mention of the same person"),
    Action(
        "article.previous_same_person",
        "previous_same_person",
        "Previous mention of the same person",
    ),
    Action(
        "article.open_person",
        "open_person",
        "Open the person of the current mention",
        footer=True,
        short="Open person",
    ),
    Action("article.next_quote", "next_quote", "Next quote", footer=True, short="Quote"),
    Action("article.previous_quote", "previous_quote", "Previous quote"),
    Action("article.similar", "similar", "More like this: the articles most like this one"),
    Action(
        "article.find",
        "find",
        "Find in this article as you type (then the match keys step through it)",
    ),
    Action(
        "article.bookmark",
        "bookmark",
        "Bookmark the current quote or the selection",
        footer=True,
        short="Bookmark",
    ),
    Action("article.select", "select", "Select a passage: the current sentence, then one more"),
    Action("article.select_less", "select_less", "Select one sentence less"),
    # Person
    Action(
        "person.open",
        "open",
        "Open the article at this mention or quote",
        footer=True,
        required=True,
        short="Open",
    ),
    Action(
        "person.follow",
        "toggle_follow",
        "Follow this person (their new articles are marked), or stop",
        footer=True,
        short="Follow",
    ),
    Action(
        "person.merge",
        "merge",
        "Merge another person into this one (asks for the name)",
        short="Merge",
    ),
    Action(
        "person.split",
        "split",
        "Keep a name apart from this person (asks which)",
        short="Split",
    ),
    Action("person.down", "cursor_down", "Next entry"),
    Action("person.up", "cursor_up", "Previous entry"),
    Action("person.first", "cursor_first", "First entry"),
    Action("person.last", "cursor_last", "Last entry"),
    # People
    Action(
        "people.filter", "focus_filter", "Filter by name (as you type)", footer=True, short="Filter"
    ),
    Action(
        "people.open", "open", "Open the selected person", footer=True, required=True, short="Open"
    ),
    Action("people.down", "cursor_down", "Next person"),
    Action("people.up", "cursor_up", "Previous person"),
    Action("people.first", "cursor_first", "First person"),
    Action("people.last", "cursor_last", "Last person"),
    # Saved searches
    Action(
        "saved.filter",
        "focus_filter",
        "Filter by name or query (as you type)",
        footer=True,
        short="Filter",
    ),
    Action(
        "saved.open", "open", "Run the selected search", footer=True, required=True, short="Run"
    ),
    Action("saved.down", "cursor_down", "Next saved search"),
    Action("saved.up", "cursor_up", "Previous saved search"),
    Action("saved.first", "cursor_first", "First saved search"),
    Action("saved.last", "cursor_last", "Last saved search"),
    # More like this
    Action(
        "similar.open",
        "open",
        "Open the selected article",
        footer=True,
        required=True,
        short="Open",
    ),
    Action("similar.down", "cursor_down", "Next article"),
    Action("similar.up", "cursor_up", "Previous article"),
    Action("similar.first", "cursor_first", "First article"),
    Action("similar.last", "cursor_last", "Last article"),
    # Bookmarks
    Action(
        "bookmarks.filter",
        "focus_filter",
        "Filter by text, speaker or tag (as you type)",
        footer=True,
        short="Filter",
    ),
    Action(
        "bookmarks.open",
        "open",
        "Open the bookmark in its article",
        footer=True,
        required=True,
        short="Open",
    ),
    Action("bookmarks.edit", "edit", "Edit the note and tags", footer=True, short="Edit"),
    Action(
        "bookmarks.delete",
        "delete",
        "Delete (asks first; undo afterwards)",
        footer=True,
        short="Delete",
    ),
    Action("bookmarks.undo", "undo", "Undo the last delete", short="Undo"),
    Action(
        "bookmarks.export",
        "export",
        "Export every bookmark to a file (Markdown, JSON or CSV)",
        footer=True,
        short="Export",
    ),
    Action("bookmarks.down", "cursor_down", "Next bookmark"),
    Action("bookmarks.up", "cursor_up", "Previous bookmark"),
    Action("bookmarks.first", "cursor_first", "First bookmark"),
    Action("bookmarks.last", "cursor_last", "Last bookmark"),
    # Following
    Action(
        "following.filter",
        "focus_filter",
        "Filter by name (as you type)",
        footer=True,
        short="Filter",
    ),
    Action(
        "following.open",
        "open",
        "Open the selected person (their new articles are then seen)",
        footer=True,
        required=True,
        short="Open",
    ),
    Action("following.down", "cursor_down", "Next person"),
    Action("following.up", "cursor_up", "Previous person"),
    Action("following.first", "cursor_first", "First person"),
    Action("following.last", "cursor_last", "Last person"),
    # Feeds
    Action("feeds.filter", "focus_filter", "Filter feeds by name (as you type)", short="Filter"),
    Action(
        "feeds.open",
        "open",
        "Show the feed's articles in the library",
        footer=True,
        required=True,
        short="Articles",
    ),
    Action("feeds.refresh", "refresh", "Fetch every feed now", footer=True, short="Refresh"),
    Action("feeds.refresh_one", "refresh_one", "Fetch the selected feed now"),
    Action(
        "feeds.add",
        "add",
        "Subscribe to a feed (its URL, or a page naming it)",
        footer=True,
        short="Add",
    ),
    Action(
        "feeds.remove",
        "remove",
        "Unsubscribe from the selected feed (asks first; its articles go too)",
        footer=True,
        short="Remove",
    ),
    Action("feeds.down", "cursor_down", "Next feed"),
    Action("feeds.up", "cursor_up", "Previous feed"),
    Action("feeds.first", "cursor_first", "First feed"),
    Action("feeds.last", "cursor_last", "Last feed"),
    # Confirm
    Action("confirm.yes", "yes", "Yes, do it", footer=True, required=True, short="Yes"),
    Action(
        "confirm.no",
        "no",
        "No, leave it (back also says no)",
        footer=True,
        required=True,
        short="No",
    ),
    # Help
    Action("help.down", "scroll_down", "Scroll down"),
    Action("help.up", "scroll_up", "Scroll up"),
    Action("help.page_down", "page_down", "Scroll down a page"),
    Action("help.page_up", "page_up", "Scroll up a page"),
    Action("help.top", "scroll_top", "Go to the top"),
    Action("help.bottom", "scroll_bottom", "Go to the bottom"),
)

BY_ID: dict[str, Action] = {action.id: action for action in ACTIONS}


def in_scope(scope: str) -> list[Action]:
    """The actions of one scope, in table order."""
    return [action for action in ACTIONS if action.scope == scope]
