"""The command line: searching, showing, options, and what it says."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library

# Fixtures that are helpers (tests/conftest.py).
Write = Callable[[Path, str | bytes], Path]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("as_json", [True, False])
def test_every_sort_works_with_and_without_json(
    news_library: Library, capsys: pytest.CaptureFixture[str], sort: str, as_json: bool
) -> None:
    args = ["search", "--library", str(news_library.folder), "shares", "--sort", sort]
    code, out, err = run(capsys, *args, *(["--json"] if as_json else []))
    assert code == 0, err
    if as_json:
        found = json.loads(out)
        assert found["total"] == 2 and len(found["hits"]) == 2
        scores = [hit["score"] for hit in found["hits"]]
        if sort == "date":
            assert scores == [None, None]  # sorted by date: no relevance score
            assert [hit["date"] for hit in found["hits"]] == ["2021-06-20", "2021-01-15"]
        else:
            assert all(isinstance(score, float) for score in scores)
    else:
        assert out.startswith("2 hits for shares")


def test_a_date_filter_never_matches_an_undated_article(
    news_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    undated = {"Derby day at Anfield"}
    for query in ["date:..2020", "date:..2030", "date:2000..", "the date:..2030"]:
        titles = {hit.title for hit in news_library.search(query, limit=50).hits}
        assert not titles & undated, query
    assert news_library.search("date:..2020").total == 0
    assert news_library.search("date:..2030").total == 4  # the four dated articles


@pytest.mark.parametrize("query", ["*", '"', 'person:""', "🙂", "!!!", "...", "NOT", "-"])
def test_a_query_with_nothing_to_search_finds_nothing_and_says_why(
    news_library: Library, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    result = news_library.search(query)
    assert result.total == 0 and not result.hits
    assert result.problems
    code, out, _ = run(capsys, "search", "--library", str(news_library.folder), query, "--json")
    found = json.loads(out)
    assert code == 0 and found["total"] == 0 and found["problems"]


@pytest.mark.parametrize("date", ["date:9999-99", "date:2021-13-45", "date:2021-02-30", "date:23"])
def test_every_impossible_date_gets_a_note(news_library: Library, date: str) -> None:
    result = news_library.search(f"shares {date}")
    assert any("bad date" in problem for problem in result.problems), date
    assert result.total == 2  # the date filter is left out, the words still searched


def test_library_and_config_may_come_before_the_command(
    news_library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str], write: Write
) -> None:
    folder = str(news_library.folder)
    config = write(tmp_path / "mine.yaml", "theme: nord\n")
    assert run(capsys, "--library", folder, "search", "shares", "--json")[0] == 0
    assert run(capsys, "search", "--library", folder, "shares", "--json")[0] == 0
    code, out, _ = run(capsys, "--config", str(config), "config", "show", "--json")
    assert code == 0 and json.loads(out)["theme"] == "nord"
    with pytest.raises(SystemExit):
        main(["--help"])
    helped = capsys.readouterr().out
    assert "--library DIR" in helped and "--config FILE" in helped


def test_show_says_when_a_short_id_is_the_start_of_several(
    news_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = sorted(hit.id for hit in news_library.search("", limit=10).hits)
    folder = str(news_library.folder)
    code, out, _ = run(capsys, "show", "--library", folder, ids[0][:6])
    assert code == 0 and out  # a unique start of an id is enough
    code, _, err = run(capsys, "show", "--library", folder, "")
    assert code == 1 and "start of several ids" in err and ids[0] in err
    assert err.count("\n") == 1


def test_counts_in_messages_agree_with_their_number(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str], write: Write
) -> None:
    write(tmp_path / "one" / "a.txt", "Alone\n\nThe only article here.\n")
    folder = str(library.folder)
    code, out, _ = run(capsys, "index", "--library", folder, str(tmp_path / "one"))
    assert code == 0 and "The library has 1 article." in out
    code, out, _ = run(capsys, "search", "--library", folder, "only")
    assert out.startswith("1 hit for only")
