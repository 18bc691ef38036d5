"""Copies of one story (exact and near-duplicate articles) grouped: in the library
list, search hits (`duplicates` in --json) and the article view; on real libraries."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.app.app import ReaderApp
from reader.app.screens.article import ArticleScreen
from reader.cli import main
from reader.library import Library

# Fixtures that are helpers (tests/conftest.py).
LibraryOf = Callable[[Path], Path]
MakeApp = Callable[..., ReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
Write = Callable[[Path, str | bytes], Path]

STORY = (
    "The central bank raised interest rates by a quarter of a point on Thursday, the"
    " third rise this year, saying that prices were still climbing faster than it"
    " wanted. Economists had expected the move after figures showed inflation at its"
    " highest level for a decade, driven by the cost of energy and food. The bank said"
    " it would watch the housing market closely in the coming months."
)


@pytest.fixture
def wires(tmp_path: Path, write: Write) -> Path:
    """One story three times (the wire copy, the same copy again, a lightly edited
    one), an unrelated story, and two one-line notes that share their words."""
    folder = tmp_path / "wires"
    write(folder / "wire.md", f"---\ntitle: Rates rise again\ndate: 2021-03-04\n---\n\n{STORY}\n")
    write(folder / "paper.md", f"---\ntitle: Rates rise again\ndate: 2021-03-05\n---\n\n{STORY}\n")
    edited = STORY.replace("on Thursday", "on Thursday morning")
    write(
        folder / "edited.md", f"---\ntitle: Rates rise again\ndate: 2021-03-06\n---\n\n{edited}\n"
    )
    write(
        folder / "other.md",
        "---\ntitle: Floods in the north\ndate: 2021-03-05\n---\n\n"
        "Heavy rain flooded hundreds of homes in the north overnight, and the army was"
        " called in to help with sandbags as rivers burst their banks in three counties."
        " Forecasters said more rain would fall at the weekend.\n",
    )
    write(folder / "note1.txt", "Note\n\nRates rise again.\n")
    write(folder / "note2.txt", "Note\n\nRates rise again.\n")
    return folder


@pytest.fixture
def wire_library(library: Library, wires: Path) -> Library:
    report = library.import_paths([wires])
    assert report.added == 6, report.problems
    return library


def titles_and_copies(library: Library) -> list[tuple[str, str, int]]:
    return [(s.title, s.date, len(s.copies)) for s in library.summaries()]


def test_copies_of_a_story_are_one_row(wire_library: Library) -> None:
    assert wire_library.copy_group_count() == 1
    assert titles_and_copies(wire_library) == [
        ("Rates rise again", "2021-03-06", 2),  # the newest copy stands for them
        ("Floods in the north", "2021-03-05", 0),
        ("Note", "", 0),  # too short to call copies
        ("Note", "", 0),
    ]
    newest = wire_library.summaries()[0]
    copies = wire_library.copies(newest.id)
    assert [c.date for c in copies] == ["2021-03-05", "2021-03-04"]
    assert sorted(newest.copies) == sorted(c.id for c in copies)
    view = wire_library.article_view(newest.id)
    assert view is not None and [c.id for c in view.copies] == [c.id for c in copies]


def test_removing_and_changing_a_copy_regroups(
    wire_library: Library, wires: Path, write: Write
) -> None:
    (wires / "paper.md").unlink()
    write(
        wires / "edited.md",
        "---\ntitle: Something else\ndate: 2021-03-06\n---\n\n"
        + "A different story entirely, about a football match in the rain, which the"
        " home side won by two goals to one after a late penalty was given and scored"
        " in front of a crowd of twenty thousand people.\n",
    )
    wire_library.import_paths([wires])
    assert wire_library.copy_group_count() == 0
    assert all(not s.copies for s in wire_library.summaries())
    write(wires / "again.md", f"---\ntitle: Rates rise again\ndate: 2021-03-09\n---\n\n{STORY}\n")
    wire_library.import_paths([wires])
    assert [(t, n) for t, _, n in titles_and_copies(wire_library) if n] == [("Rates rise again", 1)]


def test_copies_survive_reopening_and_search_shows_one_hit(
    library_of: LibraryOf, wires: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = library_of(wires)
    assert main(["search", "interest rates", "--library", str(folder), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["total"] == 3  # articles; the story is shown once
    assert len(found["hits"]) == 1
    hit = found["hits"][0]
    assert hit["title"] == "Rates rise again" and len(hit["duplicates"]) == 2
    assert main(["search", "floods", "--library", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"][0]["duplicates"] == []


async def test_the_app_lists_a_story_once_and_its_article_names_the_copies(
    library_of: LibraryOf, wires: Path, make_app: MakeApp, settle: Settle
) -> None:
    from reader.app.widgets.article_list import ArticleList

    app = make_app(library_of(wires))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        articles = app.library_screen.query_one(ArticleList)
        assert [(row.title, row.copies) for row in articles.rows][:2] == [
            ("Rates rise again", 2),
            ("Floods in the north", 0),
        ]
        await pilot.press("slash", *"interest rates", "enter")
        await settle(pilot)
        assert [(row.title, row.copies) for row in articles.rows] == [("Rates rise again", 2)]
        await pilot.press("enter")
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen)
        meta = str(article.query_one("#article-meta").render())
        assert "Also in the library as: Rates rise again (2021-03-05" in meta


def test_a_copy_on_a_later_page_of_hits_is_not_shown_again(wire_library: Library) -> None:
    first = wire_library.search("interest rates", limit=1, sort="date")
    assert [(h.date, len(h.duplicates)) for h in first.hits] == [("2021-03-06", 2)]
    # Without what the first page showed, the next page lists a copy as its own hit.
    again = wire_library.search("interest rates", limit=1, offset=1, sort="date")
    assert [h.date for h in again.hits] == ["2021-03-05"]
    second = wire_library.search(
        "interest rates", limit=1, offset=1, sort="date", shown=first.story_ids()
    )
    assert second.hits == () and second.collapsed == 1


async def test_the_app_shows_a_story_once_across_pages_of_hits(
    library_of: LibraryOf,
    wires: Path,
    write: Write,
    make_app: MakeApp,
    settle: Settle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.app.screens import library as library_screen
    from reader.app.widgets.article_list import ArticleList

    write(
        wires / "mortgages.md",
        "---\ntitle: Mortgage costs climb\ndate: 2021-03-01\n---\n\n"
        "Lenders passed on higher interest rates to home buyers, and the average"
        " mortgage now costs more than at any time in ten years, brokers said.\n",
    )
    monkeypatch.setattr(library_screen, "PAGE", 1)  # one hit per page
    app = make_app(library_of(wires))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        articles = app.library_screen.query_one(ArticleList)
        await pilot.press("slash", *"interest rates", "enter")
        await settle(pilot)
        for _ in range(4):  # to the end of the list, loading each next page
            await pilot.press("down")
            await settle(pilot)
        assert sorted((row.title, row.copies) for row in articles.rows) == [
            ("Mortgage costs climb", 0),
            ("Rates rise again", 2),
        ]
