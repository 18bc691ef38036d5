"""The command line for people: `extract --json`, `people`, `person`, `search person:`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_extract_json_fills_people_with_offsets_into_the_body(
    capsys: pytest.CaptureFixture[str], seed_article: Path, seed_names: list[str]
) -> None:
    code, out, _ = run(capsys, "extract", str(seed_article), "--json")
    assert code == 0
    record = json.loads(out)
    people = record["people"]
    assert {p["name"] for p in people} == set(seed_names)
    alonso = people[0]
    assert (alonso["name"], alonso["key"], alonso["aliases"]) == (
        "Xabi Alonso",
        "xabi alonso",
        ["Alonso"],
    )
    for person in people:
        for mention in person["mentions"]:
            assert record["body"][mention["start"] : mention["end"]] == mention["text"]


def test_people_json_lists_by_number_of_articles(
    news_library: Library, capsys: pytest.CaptureFixture[str], seed_names: list[str]
) -> None:
    folder = str(news_library.folder)
    code, out, _ = run(capsys, "people", "--library", folder, "--json")
    assert code == 0
    listed = json.loads(out)
    # Klopp is in the seed and in the Mönchengladbach note; everyone else once.
    assert listed[0] == {
        "key": "jurgen klopp",
        "name": "Jurgen Klopp",
        "aliases": [],
        "articles": 2,
        "mentions": 2,
    }
    assert {p["name"] for p in listed} == set(seed_names)
    counts = [p["articles"] for p in listed]
    assert counts == sorted(counts, reverse=True)


def test_people_limit_and_filter(news_library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(news_library.folder)
    code, out, _ = run(capsys, "people", "--library", folder, "--limit", "3")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3 and lines[0].split(maxsplit=1) == ["2", "Jurgen Klopp"]
    code, out, _ = run(capsys, "people", "ger", "--library", folder, "--json")
    assert [p["name"] for p in json.loads(out)] == ["Steven Gerrard"]
    code, out, err = run(capsys, "people", "zzz", "--library", folder)
    assert (code, out) == (0, "") and "no people matching 'zzz'" in err


def test_people_usage_errors_exit_2(
    news_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["people", "--library", str(news_library.folder), "--limit", "0"])
    assert raised.value.code == 2


def test_person_shows_appearances_and_unknown_person_exits_1(
    news_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(news_library.folder)
    code, out, _ = run(capsys, "person", "Jürgen", "Klopp", "--library", folder, "--json")
    assert code == 0
    person = json.loads(out)
    assert person["key"] == "jurgen klopp" and person["articles"] == 2
    assert [a["date"] for a in person["appearances"]] == ["2021-05-02", "2021-04-30"]
    assert "Jurgen Klopp went back" in person["appearances"][0]["sentence"]
    code, out, _ = run(capsys, "person", "Alonso", "--library", folder)
    assert code == 0 and out.startswith("Xabi Alonso: 1 article, 4 mentions")
    code, out, err = run(capsys, "person", "Nobody Atall", "--library", folder)
    assert code == 1 and "no one named 'Nobody Atall'" in err


def test_search_by_person(news_library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(news_library.folder)
    code, out, _ = run(capsys, "search", 'person:"Jurgen Klopp"', "--library", folder, "--json")
    assert code == 0
    found = json.loads(out)
    assert found["total"] == 2
    assert {hit["date"] for hit in found["hits"]} == {"2021-04-30", "2021-05-02"}
    code, out, _ = run(capsys, "search", "person:alonso", "--library", folder, "--json")
    assert json.loads(out)["total"] == 1


def test_people_of_an_empty_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = Library(tmp_path / "empty", seed=False)
    empty.close()
    code, out, _ = run(capsys, "people", "--library", str(tmp_path / "empty"), "--json")
    assert (code, json.loads(out)) == (0, [])
