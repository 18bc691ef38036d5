"""Quote provenance: the same quote in several articles is one quote with its
appearances (`Library.quote_groups`, `reader quotes --repeated`, the person screen)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from reader.app.app import ReaderApp
from reader.app.screens.person import PersonScreen
from reader.cli import main
from reader.library import Library
from reader.quotegroups import repeated

# Fixtures that are helpers (tests/conftest.py).
LibraryOf = Callable[[Path], Path]
MakeApp = Callable[..., ReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
Write = Callable[[Path, str | bytes], Path]

LONG = "We have worked very hard for this result and the whole team deserves the credit"


@pytest.fixture
def wire(tmp_path: Path, write: Write) -> Path:
    """One long quote of Jurgen Klopp in three papers (whole, cut, whole with other
    punctuation), and a short quote ("We will see") in two articles."""
    folder = tmp_path / "wire"
    write(
        folder / "first.md",
        f'---\ntitle: Reds win\ndate: 2021-04-30\n---\n\n"{LONG}," Jurgen Klopp said.\n',
    )
    write(
        folder / "cut.md",
        "---\ntitle: Klopp praises team\ndate: 2021-05-02\n---\n\n"
        '"The whole team deserves the credit," Jurgen Klopp said after the game.\n\n'
        '"We have worked very hard," Klopp added.\n',
    )
    write(
        folder / "again.md",
        "---\ntitle: Weekend round-up\ndate: 2021-05-01\n---\n\n"
        f'"{LONG.upper()}!" Jurgen Klopp said.\n\n"We will see," said Pep Guardiola.\n',
    )
    write(
        folder / "other.md",
        '---\ntitle: City wait\ndate: 2021-05-03\n---\n\n"We will see," said Pep Guardiola.\n',
    )
    return folder


@pytest.fixture
def wire_library(library: Library, wire: Path) -> Library:
    report = library.import_paths([wire])
    assert report.added == 4, report.problems
    return library


def test_a_quote_repeated_across_articles_is_one_quote(wire_library: Library) -> None:
    groups = repeated(wire_library.quote_groups())
    assert len(groups) == 1  # "We will see" is too short to be the same quote
    group = groups[0]
    assert group.first.title == "Reds win" and group.first.date == "2021-04-30"
    assert group.article_count == 2
    assert [entry.title for entry in group.others] == ["Weekend round-up"]
    # The cut quote is in two pieces of fewer than eight words: not joined.
    assert all(entry.title != "Klopp praises team" for entry in group.appearances)


def test_a_shorter_quote_held_in_a_longer_one_joins_it(
    tmp_path: Path, write: Write, library: Library
) -> None:
    folder = tmp_path / "cut"
    write(
        folder / "a.md",
        f'---\ntitle: Whole\ndate: 2021-04-30\n---\n\n"{LONG}," Jurgen Klopp said.\n',
    )
    write(
        folder / "b.md",
        "---\ntitle: Cut\ndate: 2021-04-29\n---\n\n"
        '"worked very hard for this result and the whole team," Jurgen Klopp said.\n',
    )
    library.import_paths([folder])
    groups = repeated(library.quote_groups(person="Jurgen Klopp"))
    assert [[e.title for e in g.appearances] for g in groups] == [["Cut", "Whole"]]


def test_quotes_repeated_from_the_command_line(
    wire_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(wire_library.folder)
    assert main(["quotes", "--repeated", "--library", folder, "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 1
    record = records[0]
    assert record["text"] == LONG and record["speaker"] == "Jurgen Klopp"
    assert record["articles"] == 2
    assert record["first"]["date"] == "2021-04-30"
    assert [a["title"] for a in record["appearances"]] == ["Reds win", "Weekend round-up"]
    assert main(["quotes", "--repeated", "--library", folder]) == 0
    out = capsys.readouterr().out
    assert "in 2 articles; first on 2021-04-30 in Reds win" in out
    assert "also on 2021-05-01 in Weekend round-up" in out
    assert main(["quotes", "--repeated", "--person", "Pep Guardiola", "--library", folder]) == 0
    assert "no quote by Pep Guardiola appears in more than one article" in capsys.readouterr().err


async def test_person_screen_lists_a_repeated_quote_once(
    library_of: LibraryOf, wire: Path, make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(library_of(wire))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_person("Jurgen Klopp")
        await settle(pilot)
        person = app.screen
        assert isinstance(person, PersonScreen)
        entries = person.query_one(OptionList)
        quotes = [
            str(entries.get_option_at_index(n).prompt)
            for n in range(entries.option_count)
            if (entries.get_option_at_index(n).id or "").startswith("q")
        ]
        assert len(quotes) == 3  # the long one once, and the two pieces of the cut one
        assert quotes[0] == f"“{LONG}”\n  Reds win · 2021-04-30 · also in 1 other article"


def test_a_persons_quote_is_grouped_with_articles_that_give_it_to_someone_else(
    tmp_path: Path, write: Write, library: Library
) -> None:
    folder = tmp_path / "misattributed"
    write(
        folder / "a.md",
        f'---\ntitle: Whole\ndate: 2021-04-30\n---\n\n"{LONG}," Jurgen Klopp said.\n',
    )
    write(
        folder / "b.md",
        "---\ntitle: Digest\ndate: 2021-04-29\n---\n\n"
        "Jurgen Klopp was away on Monday, so Pep Guardiola spoke to reporters instead.\n\n"
        f'"{LONG}," Pep Guardiola said.\n',
    )
    library.import_paths([folder])
    groups = repeated(library.quote_groups(person="Jurgen Klopp"))
    assert [[(e.title, e.quote.speaker) for e in g.appearances] for g in groups] == [
        [("Digest", "Pep Guardiola"), ("Whole", "Jurgen Klopp")]
    ]
    # Pep Guardiola's own list is his: the same quote, first in the Digest.
    assert [g.first.title for g in library.quote_groups(person="Pep Guardiola")] == ["Digest"]
