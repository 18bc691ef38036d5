"""The app on an 80x24 terminal: footers, the article's status bar, notifications
and messages fit and hide nothing in use (issue 10)."""

from __future__ import annotations

from pathlib import Path

from conftest import make_app, screen_lines, seed_library, settle, submit_search
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from reader.actions import ACTIONS
from reader.app.app import ReaderApp

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


def check_footer(app: ReaderApp, scope: str) -> str:
    """The footer row, after checking that every entry is whole and in order."""
    footer = app.screen.query_one(Footer)
    entries = list(footer.query(FooterKey)) + list(footer.query(FooterLabel))
    assert all(e.region.right <= SMALL[0] for e in entries), scope
    assert not any(e.has_class("-command-palette") for e in entries), scope
    row = screen_lines(app)[-1]
    at = [row.find(f" {label} ") for label in footer_labels(scope)]
    assert -1 not in at and at == sorted(at), (scope, row)
    return row


async def test_every_footer_fits_80_columns_with_help_and_back_first(tmp_path: Path) -> None:
    app = make_app(seed_library(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        check_footer(app, "library")
        await submit_search(pilot, "alonso")
        await pilot.press("enter")
        await settle(pilot)
        row = check_footer(app, "article")
        assert row.split()[:3] == ["n", "N", "Match"]  # one entry for both keys
        assert row.rstrip().endswith("? Help esc Back q Quit")
        await pilot.press("m", "enter")
        await settle(pilot)
        check_footer(app, "person")
        await pilot.press("P")
        await settle(pilot)
        check_footer(app, "people")
        await pilot.press("B")
        await settle(pilot)
        check_footer(app, "bookmarks")
        await pilot.press("question_mark")
        check_footer(app, "help")
