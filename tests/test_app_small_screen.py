"""The app on an 80x24 terminal: footers, the article's status bar, notifications
and messages fit and hide nothing in use (issue 10)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Static
from textual.widgets._footer import FooterKey, FooterLabel

from reader.actions import ACTIONS
from reader.app.app import ReaderApp
from reader.app.screens.article import ArticleScreen
from reader.app.screens.library import LibraryScreen
from reader.reading import MarkKind

# Fixtures that are helpers (tests/conftest.py).
MakeApp = Callable[..., ReaderApp]
ScreenLines = Callable[[ReaderApp], list[str]]
Search = Callable[[Pilot[None], str], Awaitable[None]]
Settle = Callable[[Pilot[None]], Awaitable[None]]
Write = Callable[[Path, str | bytes], Path]

SMALL = (80, 24)


def footer_labels(scope: str) -> list[str]:
    """What the footer of a screen should say, in order: its actions, then the app's."""
    labels: list[str] = []
    for owner in (scope, "app"):
        for action in ACTIONS:
            label = action.group or action.short
            if action.scope == owner and action.footer and label not in labels:
                labels.append(label)
    return labels


def check_footer(app: ReaderApp, scope: str, screen_lines: ScreenLines) -> str:
    """The footer row, after checking that every entry is whole and in order."""
    footer = app.screen.query_one(Footer)
    entries = list(footer.query(FooterKey)) + list(footer.query(FooterLabel))
    assert all(e.region.right <= SMALL[0] for e in entries), scope
    assert not any(e.has_class("-command-palette") for e in entries), scope
    row = screen_lines(app)[-1]
    at = [row.find(f" {label} ") for label in footer_labels(scope)]
    assert -1 not in at and at == sorted(at), (scope, row)
    return row


async def test_every_footer_fits_80_columns_with_help_and_back_first(
    tmp_path: Path,
    make_app: MakeApp,
    seed_library_folder: Path,
    settle: Settle,
    submit_search: Search,
    screen_lines: ScreenLines,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        check_footer(app, "library", screen_lines=screen_lines)
        await submit_search(pilot, "alonso")
        await pilot.press("enter")
        await settle(pilot)
        row = check_footer(app, "article", screen_lines=screen_lines)
        assert row.split()[:3] == ["n", "N", "Match"]  # one entry for both keys
        assert row.rstrip().endswith("? Help esc Back q Quit")
        await pilot.press("m", "enter")
        await settle(pilot)
        check_footer(app, "person", screen_lines=screen_lines)
        await pilot.press("P")
        await settle(pilot)
        check_footer(app, "people", screen_lines=screen_lines)
        await pilot.press("B")
        await settle(pilot)
        check_footer(app, "bookmarks", screen_lines=screen_lines)
        await pilot.press("W")
        await settle(pilot)
        check_footer(app, "following", screen_lines=screen_lines)
        await pilot.press("question_mark")
        check_footer(app, "help", screen_lines=screen_lines)


async def test_narrow_article_keeps_the_counters_and_speaker_in_a_status_bar(
    tmp_path: Path,
    make_app: MakeApp,
    seed_library_folder: Path,
    settle: Settle,
    submit_search: Search,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await submit_search(pilot, "alonso")
        await pilot.press("enter")
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen)
        status = article.query_one("#article-status", Static)
        assert not article.query_one("#side").display and status.display
        assert status.region.height == 1 and status.region.width == SMALL[0]
        total = len(article.matches)
        assert total > 2
        assert f"match 1 of {total}" in str(status.render())
        await pilot.press("n", "n")
        assert f"match 3 of {total}" in str(status.render())
        await pilot.press("right_curly_bracket")
        quote = article.quotes[article.current_index]
        shown = str(status.render())
        assert f"Quote {article.current_index + 1} of {len(article.quotes)}" in shown
        assert f"— {quote.speaker or 'speaker unknown'}" in shown
        assert f"{total} matches" in shown
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert article.query_one("#side").display and not status.display


async def test_match_counter_never_says_match_0(
    tmp_path: Path,
    make_app: MakeApp,
    seed_library_folder: Path,
    settle: Settle,
    submit_search: Search,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await submit_search(pilot, "alonso")
        await pilot.press("enter")
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen)
        side = article.query_one("#side-search", Static)
        total = len(article.matches)
        for key in ("m", "right_curly_bracket", "n", "full_stop", "left_curly_bracket"):
            await pilot.press(key)
            shown = str(side.render())
            assert "match 0" not in shown, key
            expected = (
                f"match {article.match_index + 1} of {total}"
                if article.current_kind is MarkKind.MATCH
                else f"{total} matches"
            )
            assert expected in shown, key


async def test_a_guessed_query_is_explained_in_full(
    tmp_path: Path,
    make_app: MakeApp,
    screen_lines: ScreenLines,
    seed_library_folder: Path,
    settle: Settle,
    submit_search: Search,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await submit_search(pilot, 'alonso ) "step by')
        library = app.screen
        assert isinstance(library, LibraryScreen) and library.result is not None
        problems = library.result.problems
        assert len(problems) == 2  # a stray parenthesis and an unbalanced quote
        region = library.query_one("#status").region
        shown = " ".join(
            line[region.x : region.right].strip()
            for line in screen_lines(app)[region.y : region.bottom]
        )
        assert " hit" in shown
        for problem in problems:
            assert " ".join(problem.split()) in shown


def toasts(app: ReaderApp) -> list[Region]:
    """Where the notifications are drawn (the part of each that is not clipped)."""
    shown = []
    for toast in app.screen.query("Toast"):
        try:
            geometry = app.screen.find_widget(toast)
        except NoWidget:
            continue  # scrolled out of the toast rack
        visible = geometry.region.intersection(geometry.clip)
        if visible.area:
            shown.append(visible)
    assert shown
    return shown


def assert_clear(app: ReaderApp, *selectors: str) -> None:
    """No notification covers these widgets."""
    for toast in toasts(app):
        for selector in selectors:
            widget = app.screen.query_one(selector)
            assert not toast.overlaps(widget.region), (selector, toast)


async def test_notifications_hide_neither_status_lines_nor_the_note_box(
    tmp_path: Path, make_app: MakeApp, seed_library_folder: Path, settle: Settle
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        for number in range(4):  # long-lived, so that a slow run still sees them
            app.notify(f"Notice {number}: a message long enough to wrap", timeout=60)
        await pilot.pause()
        library = app.screen
        assert len(app.screen.query("Toast")) == 4
        assert_clear(app, "#search", "#status")
        bar_row = library.query_one("#status").region.y - 1  # where the import bar shows
        assert all(toast.bottom <= bar_row for toast in toasts(app))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_curly_bracket", "a")  # bookmark a quote: a toast, the note box
        await pilot.pause()
        assert app.screen.query_one("#note").has_focus
        assert_clear(app, "#note", "#article-status", "#article-title")
        await pilot.press("escape", "escape")
        await pilot.resize_terminal(120, 30)  # the side panel shows
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "a")
        await pilot.pause()
        assert_clear(app, "#note", "#side-search", "#side-current")


async def test_a_file_of_many_problems_gives_a_few_notifications(
    tmp_path: Path, make_app: MakeApp, seed_library_folder: Path, settle: Settle, write: Write
) -> None:
    names = "".join(f"    serch{i}: x\n" for i in range(1000))
    config = write(tmp_path / "config.yaml", "keys:\n  library:\n" + names)
    app = make_app(seed_library_folder, config)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert 2 <= len(messages) <= 5
        assert messages[0].startswith(f"{config}:3: unknown action 'library.serch0'")
        assert "reader config check" in messages[-1]


async def test_hints_in_text_follow_the_users_keys(
    tmp_path: Path, make_app: MakeApp, seed_library_folder: Path, settle: Settle, write: Write
) -> None:
    config = write(
        tmp_path / "config.yaml",
        "keys:\n  library:\n    search: f2\n  article:\n    next_match: ctrl+n\n"
        "  bookmarks:\n    filter: f3\n",
    )
    app = make_app(seed_library_folder, config)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "Search (f2):" in app.screen.query_one("#search", Input).placeholder
        await pilot.press("f2", *"alonso", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "(ctrl+n / N)" in str(app.screen.query_one("#side-search", Static).render())
        await pilot.press("B")
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).placeholder.endswith("(f3)")


async def test_every_key_of_the_app_is_in_the_keymap(
    tmp_path: Path, make_app: MakeApp, seed_library_folder: Path, settle: Settle, write: Write
) -> None:
    config = write(tmp_path / "config.yaml", "keys:\n  app:\n    quit: f10\n    back: f4\n")
    app = make_app(seed_library_folder, config)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        ours = {action.id for action in ACTIONS}
        screens = (app, app.screen)  # the focused list's own keys (arrows) are its own
        bound = [a.binding for a in app.active_bindings.values() if a.node in screens]
        assert bound and all(binding.id in ours for binding in bound)
        await pilot.press("ctrl+q", "ctrl+c")  # Textual's keys: not ours, so nothing
        assert app.is_running
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("}", "a")  # bookmark a quote: the note box says how to skip it
        assert "f4 skips" in app.screen.query_one("#note", Input).placeholder
        await pilot.press("f10")
    assert app.return_code == 0 and not app.is_running
