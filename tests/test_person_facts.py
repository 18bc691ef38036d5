"""A person over time and in company: the timeline and appears-with of `Library.person`
and `reader person --json`, on a real library of dated articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from reader.personfacts import busiest


@pytest.fixture
def politics_library(library: Library, politics: Path) -> Library:
    report = library.import_paths([politics])
    assert report.added == 6, report.problems
    return library


def test_timeline_counts_articles_per_month_with_gaps(politics_library: Library) -> None:
    blair = politics_library.person("Tony Blair")
    assert blair is not None
    assert [(p.period, p.articles) for p in blair.timeline] == [
        ("2004-11", 1),
        ("2004-12", 0),
        ("2005-01", 2),
        ("2005-02", 0),
        ("2005-03", 2),
    ]
    assert [p.period for p in busiest(blair.timeline)] == ["2005-01", "2005-03", "2004-11"]


def test_a_short_span_is_counted_per_week(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "week"
    folder.mkdir()
    for number, date in enumerate(["2021-04-26", "2021-04-28", "2021-05-12"]):
        (folder / f"{number}.md").write_text(
            f"---\ntitle: Match {number}\ndate: {date}\n---\n\nJurgen Klopp said it was hard.\n"
        )
    library.import_paths([folder])
    klopp = library.person("Jurgen Klopp")
    assert klopp is not None
    assert [(p.period, p.articles) for p in klopp.timeline] == [
        ("2021-W17", 2),
        ("2021-W18", 0),
        ("2021-W19", 1),
    ]


def test_appears_with_counts_shared_articles(politics_library: Library) -> None:
    blair = politics_library.person("Tony Blair")
    assert blair is not None
    assert [(c.name, c.articles) for c in blair.appears_with] == [
        ("Gordon Brown", 3),
        ("Michael Howard", 2),
    ]
    brown = politics_library.person(blair.appears_with[0].key)
    assert brown is not None and brown.name == "Gordon Brown"
    assert [(c.name, c.articles) for c in brown.appears_with] == [
        ("Tony Blair", 3),
        ("Michael Howard", 1),
    ]


def test_a_person_only_in_undated_articles_has_no_timeline(
    tmp_path: Path, library: Library
) -> None:
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "note.txt").write_text("A note\n\nAda Lovelace wrote the first program.\n")
    library.import_paths([folder])
    ada = library.person("Ada Lovelace")
    assert ada is not None and ada.article_count == 1
    assert ada.timeline == ()


def test_person_json_has_timeline_and_appears_with(
    politics_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(politics_library.folder)
    assert main(["person", "Tony", "Blair", "--library", folder, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["timeline"][0] == {"period": "2004-11", "articles": 1}
    assert [p["articles"] for p in record["timeline"]] == [1, 0, 2, 0, 2]
    assert record["appears_with"] == [
        {"key": "gordon brown", "name": "Gordon Brown", "articles": 3},
        {"key": "michael howard", "name": "Michael Howard", "articles": 2},
    ]
    assert main(["person", "Tony", "Blair", "--library", folder]) == 0
    out = capsys.readouterr().out
    assert "appears with: Gordon Brown (3), Michael Howard (2)" in out
    assert "busiest: 2005-01 (2), 2005-03 (2), 2004-11 (1)" in out
