"""`speaker:` search: articles where a person is quoted, and with `quote:` what that
person said containing these words, on a real library and index."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library

# Fixtures that are helpers (tests/conftest.py).
Write = Callable[[Path, str | bytes], Path]


@pytest.fixture
def quoted(tmp_path: Path, write: Write, library: Library) -> Library:
    """Brown on the economy and Blair on the election in one article; Blair on the
    economy in another; Blair named but not quoted in a third."""
    folder = tmp_path / "quoted"
    write(
        folder / "budget.txt",
        'Budget day\n\n"The economy is strong and growing," Gordon Brown said on Monday.\n\n'
        '"We will win the election," Tony Blair said.\n',
    )
    write(
        folder / "growth.txt",
        'Blair on growth\n\n"The economy is strong, and we will keep it so," Tony Blair said.\n'
        "\nBlair spoke in Leeds.\n",
    )
    write(folder / "visit.txt", "A visit\n\nTony Blair visited Hull on Tuesday.\n")
    report = library.import_paths([folder])
    assert report.added == 3, report.problems
    return library


def titles(library: Library, query: str) -> list[str]:
    result = library.search(query, limit=50)
    assert not result.problems, result.problems
    return sorted(hit.title for hit in result.hits)


def test_speaker_finds_articles_quoting_the_person(quoted: Library) -> None:
    assert titles(quoted, 'speaker:"Tony Blair"') == ["Blair on growth", "Budget day"]
    assert titles(quoted, 'person:"Tony Blair"') == ["A visit", "Blair on growth", "Budget day"]
    assert titles(quoted, 'speaker:"Gordon Brown"') == ["Budget day"]
    assert titles(quoted, "speaker:blair") == ["Blair on growth", "Budget day"]  # linked surname


def test_speaker_and_quote_are_one_quote(quoted: Library) -> None:
    # Both articles quote Blair and hold "economy" in a quote, but in the budget
    # article it is Brown who speaks of the economy.
    assert titles(quoted, "quote:economy") == ["Blair on growth", "Budget day"]
    assert titles(quoted, 'speaker:"Tony Blair" quote:economy') == ["Blair on growth"]
    assert titles(quoted, 'speaker:"Gordon Brown" quote:"economy is strong"') == ["Budget day"]
    assert titles(quoted, 'speaker:"Gordon Brown" quote:election') == []
    assert titles(quoted, 'speaker:"Tony Blair" quote:election') == ["Budget day"]


def test_speaker_in_not_and_or(quoted: Library) -> None:
    assert titles(quoted, 'person:"Tony Blair" -speaker:"Gordon Brown"') == [
        "A visit",
        "Blair on growth",
    ]
    assert titles(quoted, 'speaker:"Gordon Brown" OR title:visit') == ["A visit", "Budget day"]


def test_speaker_search_from_the_command_line(
    quoted: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(quoted.folder)
    query = 'speaker:"Tony Blair" quote:economy'
    assert main(["search", query, "--library", folder, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["total"] == 1 and found["hits"][0]["title"] == "Blair on growth"
    assert main(["quotes", "--person", "Tony Blair", "--library", folder]) == 0
    assert capsys.readouterr().out.count("— Tony Blair") == 2
