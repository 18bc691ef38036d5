"""The reading app, driven through Textual's Pilot on real libraries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from subprocess import CompletedProcess, Popen

from rich.console import Console
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from reader.app.app import ReaderApp
from reader.app.screens.article import ArticleScreen
from reader.app.screens.help import HelpScreen
from reader.app.screens.library import LibraryScreen
from reader.app.widgets.article_body import ArticleBody
from reader.app.widgets.article_list import ArticleList
from reader.library import Library
from reader.textnorm import fold_text

SIZE = (100, 30)  # columns and rows of the terminal

# Fixtures that are helpers (tests/conftest.py).
LibraryOf = Callable[[Path], Path]
ListOf = Callable[[ReaderApp], ArticleList]
MakeApp = Callable[..., ReaderApp]
ManyArticles = Callable[..., Path]
RunReader = Callable[..., CompletedProcess[str]]
Search = Callable[[Pilot[None], str], Awaitable[None]]
Settle = Callable[[Pilot[None]], Awaitable[None]]
StartReader = Callable[..., Popen[str]]
WaitForStop = Callable[[Path, Popen[str]], list[int]]
Write = Callable[[Path, str | bytes], Path]
Until = Callable[[Pilot[None], Callable[[], bool]], Awaitable[None]]


async def search(pilot: Pilot[None], text: str, settle: Settle) -> None:
    """Type a query in the search box (no enter): it searches as it is typed."""
    await pilot.press("/")
    await pilot.press(*text)
    await settle(pilot)


async def test_start_lists_every_article_newest_first(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = article_list(app).rows
        assert len(rows) == 5
        dated = [r.date for r in rows if r.date]
        assert dated == sorted(dated, reverse=True)
        assert "5 articles" in str(app.screen.query_one("#status").render())


async def test_phrase_search_shows_hits_with_the_phrase_marked(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, '"step by step"', settle)
        rows = article_list(app).rows
        assert {r.title for r in rows} == {
            "Markets rise",
            next(r.title for r in rows if r.title.startswith("Xabi Alonso")),
        }
        for row in rows:
            assert row.snippet is not None
            marked = [fold_text(row.snippet.text[s:e]) for s, e in row.snippet.marks]
            assert marked and all(m == "step by step" for m in marked)
        assert "2 hits" in str(app.screen.query_one("#status").render())


async def test_open_a_hit_then_jump_between_matches(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
    write: Write,
) -> None:
    folder = tmp_path / "many"
    write(
        folder / "a.txt",
        "Alpha\n\n"
        + "\n\n".join(
            f"Paragraph {i} says nothing much at all."
            + (" The key phrase is here." if i % 20 == 0 else "")
            for i in range(100)
        ),
    )
    app = make_app(library_of(folder))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, '"key phrase"', settle)
        await pilot.press("enter")  # from the search box to the hits
        assert article_list(app).has_focus
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        body = screen.query_one(ArticleBody)
        assert len(screen.matches) == 5
        assert screen.match_index == 0
        await pilot.press("n", "n")
        assert screen.match_index == 2
        start, end = screen.matches[2]
        assert body.current == (start, end)
        assert body.text[start:end] == "key phrase"
        line = body.line_of(start)
        assert body.scroll_y <= line < body.scroll_y + body.scrollable_content_region.height
        await pilot.press("N")
        assert screen.match_index == 1


async def test_back_returns_to_the_same_list_place_and_forward_again(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "shares OR fans", settle)
        await pilot.press("down")  # from the search box to the first hit
        assert article_list(app).has_focus and article_list(app).cursor == 0
        await pilot.press("down")
        assert article_list(app).cursor == 1
        chosen = article_list(app).selected
        assert chosen is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article_id == chosen.id
        await pilot.press("j", "j")
        scrolled = app.screen.query_one(ArticleBody).scroll_y
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#search", Input).value == "shares OR fans"
        assert article_list(app).cursor == 1
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article_id == chosen.id
        assert app.screen.query_one(ArticleBody).scroll_y == scrolled


async def test_help_lists_keys_including_a_user_override(
    tmp_path: Path,
    news: Path,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
    write: Write,
) -> None:
    config = write(tmp_path / "config.yaml", "keys:\n  library:\n    sort: o\n")
    app = make_app(library_of(news), config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(app.screen.query_one("#help-keys", Static).content)
        text = console.export_text()
        sort_line = next(line for line in text.splitlines() if "Sort by date" in line)
        assert sort_line.split()[0] == "o" and "(your setting)" in sort_line
        assert any(line.split()[:2] == ["j,", "down"] for line in text.splitlines())
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("o")  # the override works...
        assert app.screen.browse_sort == "title"
        await pilot.press("s")  # ...and the default key no longer does
        assert app.screen.browse_sort == "title"


async def test_bad_config_is_notified_and_defaults_are_kept(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
    write: Write,
) -> None:
    config = write(tmp_path / "config.yaml", "keys:\n  library:\n    sort: j\n    serch: x\n")
    app = make_app(library_of(news), config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(f"{config}:3: key 'j'") for m in messages)
        assert any(m.startswith(f"{config}:4: unknown action") for m in messages)
        await pilot.press("j")
        assert article_list(app).cursor == 1
        await pilot.press("s")
        assert app.library_screen.browse_sort == "title"


async def test_malformed_query_says_why_and_still_searches(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, '"step by', settle)
        status = str(app.screen.query_one("#status").render())
        assert "unbalanced quote" in status
        assert len(article_list(app).rows) == 2


async def test_no_hits_says_so(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "zebra", settle)
        assert article_list(app).rows == []
        assert "No articles match zebra" in article_list(app).empty_text


async def test_importing_from_the_app_fills_the_list(
    tmp_path: Path, news: Path, article_list: ListOf, make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(tmp_path / "fresh", import_paths=[news])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(article_list(app).rows) == 5
        assert not app.screen.query_one("#import-panel").display
        assert any("5 added" in n.message for n in app._notifications)


async def test_read_marks_position_and_theme_survive_a_restart(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    folder = library_of(news)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        opened = screen.article_id
        app.theme = "nord"
        await pilot.press("q")
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert article_list(app).read_ids == {opened}
        selected = article_list(app).selected
        assert selected is not None and selected.id == opened


async def test_click_opens_an_article(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(ArticleList, offset=(10, 1))
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article_id == article_list(app).rows[1].id


async def test_command_palette_runs_the_screens_actions(
    tmp_path: Path,
    news: Path,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
    until: Until,
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Search", "Sort", "Help", "Quit", "Back"} <= titles
        assert "Next match" not in titles  # an article action, not offered here
        await pilot.press("ctrl+p")
        await pilot.press(*"sort")

        def sort_offered() -> bool:
            palette = app.screen
            if not isinstance(palette, CommandPalette):
                return False
            commands = palette.query_one(CommandList)
            return commands.option_count > 0 and "Sort" in str(
                commands.get_option_at_index(0).prompt
            )

        await until(pilot, sort_offered)
        await pilot.press("enter")
        await settle(pilot)
        assert app.library_screen.browse_sort == "title"


async def test_catalog_of_another_version_is_reimported_with_progress(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    folder = library_of(news)
    old = Library(folder, seed=False)
    old.catalog.db.execute("PRAGMA user_version = 0")
    old.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(article_list(app).rows) == 5
        messages = [n.message for n in app._notifications]
        assert any("made by another version" in m for m in messages)
        assert any("5 added" in m for m in messages)
    assert Library(folder, seed=False).notices == []  # nothing left to finish


async def test_a_large_import_from_the_app_uses_worker_processes(
    tmp_path: Path, article_list: ListOf, make_app: MakeApp, settle: Settle, write: Write
) -> None:
    from reader.importer import PARALLEL_MIN_FILES

    folder = tmp_path / "many"
    for i in range(PARALLEL_MIN_FILES + 20):
        write(folder / f"{i:04}.txt", f"Story {i}\n\nMr John Smith said the plan was step {i}.\n")
    app = make_app(tmp_path / "fresh", import_paths=[folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(article_list(app).rows) == PARALLEL_MIN_FILES + 20
        assert any(f"{PARALLEL_MIN_FILES + 20} added" in n.message for n in app._notifications)


async def test_an_import_from_the_app_waits_for_another_process_and_then_finishes(
    tmp_path: Path,
    article_list: ListOf,
    make_app: MakeApp,
    many_articles: ManyArticles,
    reader_library: Path,
    run_reader: RunReader,
    settle: Settle,
    start_reader: StartReader,
    wait_for_stop: WaitForStop,
    write: Write,
    until: Until,
) -> None:
    from reader.app.widgets.progress_panel import ProgressPanel

    first = many_articles(tmp_path / "first", 40, word="firstword")
    second = many_articles(tmp_path / "second", 40, word="secondword")
    assert run_reader("index", str(first)).returncode == 0
    write(first / "late.txt", "Late\n\nA late firstword article.\n")
    stop_file = tmp_path / "stopped"
    holder = start_reader("index", str(first), stop_at="catalog-committed", stop_file=stop_file)
    holder_pid = wait_for_stop(stop_file, holder)[0]
    app = make_app(reader_library, import_paths=[second])
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen_stack[0].query_one("#import-panel", ProgressPanel)

        await until(pilot, lambda: f"pid {holder_pid}" in panel.label)
        assert "Waiting" in panel.label
        holder.kill()  # as kill -9 would: the lock goes with it
        holder.wait()
        await settle(pilot)
        assert app.library is not None
        assert app.library.search("secondword").total == 40
        assert app.library.search("firstword").total == 41  # the killed import, finished
        assert len(article_list(app).rows) == 82  # and the bundled sample


async def test_a_search_that_meets_a_damaged_index_repairs_it_and_answers(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    folder = library_of(news)
    postings = max((folder / "index").glob("*.pst"), key=lambda p: p.stat().st_size)
    data = bytearray(postings.read_bytes())
    data[: len(data) // 2] = bytes(len(data) // 2)  # zeroed, as a bad disk block would be
    postings.write_bytes(bytes(data))
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # A word of most articles: its postings are in the zeroed file, not inlined.
        await search(pilot, "the", settle)
        await settle(pilot)
        # Answered once repaired: the four articles with "the", as hits.
        rows = article_list(app).rows
        assert len(rows) == 4 and all(row.snippet is not None for row in rows)
        assert "4 hits" in str(app.screen.query_one("#status").render())
        messages = [n.message for n in app._notifications]
        assert any("damaged" in m and "index" in m for m in messages), messages
    assert list((folder / "damaged").glob("index-*"))


async def test_a_query_with_nothing_to_search_keeps_the_list_and_says_why(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
    submit_search: Search,
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit_search(pilot, "*")
        assert len(article_list(app).rows) == 5  # the plain list, not "no articles"
        assert all(row.snippet is None for row in article_list(app).rows)
        status = str(app.screen.query_one("#status").render())
        assert "nothing to search for" in status


async def test_damage_met_by_several_workers_is_repaired_once(
    tmp_path: Path,
    news: Path,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    from reader.library import LibraryDamaged

    folder = library_of(news)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        damage = LibraryDamaged("index", folder / "index", "test")
        for _ in range(3):  # as three workers meeting it at once would report it
            app.handle_worker_error(damage)
        await settle(pilot)
        repairs = [n for n in app._notifications if "repairing the library" in n.message]
        assert len(repairs) == 1
        assert len(list((folder / "damaged").glob("index-*"))) == 1
        assert len(article_list(app).rows) == 5
        assert app.library is not None and app.library.search("step").total == 3


def test_import_progress_messages_coalesce() -> None:
    from reader.app.messages import ImportProgress, ImportStarted

    newer = ImportProgress(20, 100)
    assert newer.can_replace(ImportProgress(10, 100))
    assert not newer.can_replace(ImportStarted("Importing"))
    assert not ImportStarted("Importing").can_replace(newer)
