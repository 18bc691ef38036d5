"""Bookmarks in the app: a passage shown with its own quotation marks, and export
to a file that never overwrites unasked nor writes into the library (issue 10)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from reader.app.app import ReaderApp
from reader.app.screens.article import ArticleScreen
from reader.app.screens.bookmarks import BookmarksScreen
from reader.app.screens.confirm import ConfirmScreen
from reader.app.screens.export import ExportScreen

# Fixtures that are helpers (tests/conftest.py).
MakeApp = Callable[..., ReaderApp]
OpenSeed = Callable[[Pilot[None]], Awaitable[ArticleScreen]]
Settle = Callable[[Pilot[None]], Awaitable[None]]

SIZE = (80, 24)


async def bookmark_first_quote(pilot: Pilot[None], open_seed: OpenSeed) -> None:
    await open_seed(pilot)
    await pilot.press("right_curly_bracket", "a", "escape")


async def export(pilot: Pilot[None], format_steps: int, path: str, settle: Settle) -> None:
    """x on the Bookmarks screen, the format `format_steps` down the list, then the file
    (typed relative to the current folder: a key press takes a moment)."""
    await pilot.press("x")
    assert isinstance(pilot.app.screen, ExportScreen)
    await pilot.press(*["down"] * format_steps, "enter")
    await pilot.press("home", "ctrl+k", *path, "enter")  # instead of the proposed name
    await settle(pilot)


async def test_a_passage_that_starts_with_a_quote_mark_shows_it_once(
    tmp_path: Path,
    make_app: MakeApp,
    open_seed: OpenSeed,
    seed_library_folder: Path,
    settle: Settle,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SIZE) as pilot:
        article = await open_seed(pilot)
        assert isinstance(article, ArticleScreen) and article.article is not None
        inside = article.article.body.index("“The key thing") + 1
        quote = next(i for i, q in enumerate(article.quotes) if q.start <= inside < q.end)
        await pilot.press(*["right_curly_bracket"] * (quote + 1), "v", "a", "escape")
        assert app.library is not None
        [passage] = app.library.bookmarks.list()
        assert passage.text.startswith("“The key thing") and passage.speaker is None
        await pilot.press("B")
        await settle(pilot)
        entries = app.screen.query_one(OptionList)
        shown = str(entries.get_option_at_index(0).prompt)
        assert shown.startswith("“The key thing") and not shown.startswith("““")


async def test_export_asks_a_format_and_a_file_and_writes_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_app: MakeApp,
    seed_library_folder: Path,
    settle: Settle,
    open_seed: OpenSeed,
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(seed_library_folder)
    async with app.run_test(size=SIZE) as pilot:
        await bookmark_first_quote(pilot, open_seed=open_seed)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        out = tmp_path / "out" / "marks.json"
        out.parent.mkdir()
        await export(pilot, 1, "out/marks.json", settle=settle)  # JSON, the second format
        assert isinstance(app.screen, BookmarksScreen)
        [record] = json.loads(out.read_text(encoding="utf-8"))["bookmarks"]
        assert record["speaker"] == app.screen.items[0].speaker
        assert any("1 bookmark written to out/marks.json" in n.message for n in app._notifications)


async def test_export_replaces_a_file_only_when_the_user_says_yes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_app: MakeApp,
    seed_library_folder: Path,
    settle: Settle,
    open_seed: OpenSeed,
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(seed_library_folder)
    async with app.run_test(size=SIZE) as pilot:
        await bookmark_first_quote(pilot, open_seed=open_seed)
        await pilot.press("B")
        await settle(pilot)
        out = tmp_path / "notes.md"
        out.write_text("my own notes", encoding="utf-8")
        await export(pilot, 0, "notes.md", settle=settle)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # back says no
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        assert out.read_text(encoding="utf-8") == "my own notes"
        await export(pilot, 0, "notes.md", settle=settle)
        await pilot.press("y")
        await settle(pilot)
        assert out.read_text(encoding="utf-8").startswith("# Bookmarks")
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".notes")] == []


async def test_export_never_writes_inside_the_library(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_app: MakeApp,
    seed_library_folder: Path,
    settle: Settle,
    open_seed: OpenSeed,
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = seed_library_folder
    catalog = folder / "catalog.sqlite"
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await bookmark_first_quote(pilot, open_seed=open_seed)
        await pilot.press("B")
        await settle(pilot)
        before = catalog.read_bytes()
        await export(pilot, 2, f"{folder.name}/../{folder.name}/catalog.sqlite", settle=settle)
        assert isinstance(app.screen, BookmarksScreen)  # refused outright: nothing to confirm
        assert catalog.read_bytes() == before
        [refusal] = [n for n in app._notifications if n.severity == "error"]
        assert "inside the library folder" in refusal.message
        await pilot.press("x", "escape")  # back leaves the export box
        assert isinstance(app.screen, BookmarksScreen)
        assert app.screen.query_one("#filter", Input).value == ""
