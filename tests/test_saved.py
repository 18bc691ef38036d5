"""Saved searches: `reader saved add/list/remove`, `reader search @NAME`, config.yaml's
`searches:`, the file across rebuilds, and counts of new articles."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library import Library
from reader.saved import SavedSearchError

RunReader = Callable[..., subprocess.CompletedProcess[str]]
Write = Callable[[Path, str | bytes], Path]


@pytest.fixture
def pm_news(write: Write, tmp_path: Path) -> Path:
    folder = tmp_path / "pm"
    write(folder / "a.txt", "Prime minister\n\nThe prime minister spoke.\n")
    write(folder / "b.txt", "Budget\n\nThe prime new minister spoke.\n")
    write(folder / "c.txt", "Weather\n\nRain today.\n")
    return folder


def test_a_saved_search_runs_as_at_name_with_the_same_total(
    run_reader: RunReader, pm_news: Path
) -> None:
    run_reader("index", str(pm_news))
    added = run_reader("saved", "add", "pm", '"prime minister"')
    assert added.returncode == 0, added.stderr
    saved = json.loads(run_reader("search", "@pm", "--json").stdout)
    direct = json.loads(run_reader("search", '"prime minister"', "--json").stdout)
    assert saved["total"] == direct["total"] == 1
    assert saved["query"] == '"prime minister"'
    listed = json.loads(run_reader("saved", "list", "--json").stdout)
    assert [(s["name"], s["query"], s["total"]) for s in listed] == [("pm", '"prime minister"', 1)]
    assert run_reader("saved", "remove", "pm").returncode == 0
    assert json.loads(run_reader("saved", "list", "--json").stdout) == []


def test_unknown_names_and_bad_input_get_one_line(run_reader: RunReader, pm_news: Path) -> None:
    run_reader("index", str(pm_news))
    run_reader("saved", "add", "pm", "prime")
    unknown = run_reader("search", "@nope")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines()[-1] == (
        "reader: no saved search named 'nope' (saved: pm)"
    )
    bad = run_reader("saved", "add", "two words", "x")
    assert bad.returncode == 1 and "cannot name a saved search" in bad.stderr
    empty = run_reader("saved", "add", "star", "*")
    assert empty.returncode == 1 and "'*' cannot be saved" in empty.stderr
    gone = run_reader("saved", "remove", "nope")
    assert gone.returncode == 1 and "no saved search named 'nope'" in gone.stderr


def test_a_malformed_file_is_named_with_its_reason_and_kept(
    run_reader: RunReader, reader_library: Path, pm_news: Path
) -> None:
    run_reader("index", str(pm_news))
    path = reader_library / "searches.json"
    path.write_text('{"searches": [{"name": "pm"', encoding="utf-8")
    for args in (("search", "@pm"), ("saved", "list"), ("saved", "add", "x", "rain")):
        done = run_reader(*args)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        [line] = [line for line in done.stderr.splitlines() if "searches.json" in line]
        assert line.startswith(f"reader: {path}: not a list of saved searches (")
    assert path.read_text(encoding="utf-8") == '{"searches": [{"name": "pm"'
    # Searching without @ does not need the file.
    assert run_reader("search", "rain").returncode == 0


def test_saved_searches_survive_an_index_and_catalog_rebuild(
    run_reader: RunReader, reader_library: Path, pm_news: Path
) -> None:
    run_reader("index", str(pm_news))
    run_reader("saved", "add", "pm", '"prime minister"~3')
    assert run_reader("index", "--rebuild").returncode == 0
    (reader_library / "catalog.sqlite").unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{reader_library / 'catalog.sqlite'}{suffix}").unlink(missing_ok=True)
    result = json.loads(run_reader("search", "@pm", "--json").stdout)
    assert result["total"] == 2


def test_searches_of_config_yaml_are_listed_and_run(
    run_reader: RunReader, pm_news: Path, write: Write, tmp_path: Path
) -> None:
    config = write(tmp_path / "config.yaml", "searches:\n  rain: rain today\n")
    run_reader("index", str(pm_news))
    listed = json.loads(run_reader("--config", str(config), "saved", "list", "--json").stdout)
    assert [(s["name"], s["origin"], s["total"]) for s in listed] == [("rain", "config", 1)]
    found = json.loads(run_reader("--config", str(config), "search", "@rain", "--json").stdout)
    assert found["total"] == 1
    removed = run_reader("--config", str(config), "saved", "remove", "rain")
    assert removed.returncode == 1 and "config.yaml: remove it there" in removed.stderr


def test_new_articles_are_counted_until_the_search_is_opened(
    library: Library, pm_news: Path, write: Write
) -> None:
    library.import_paths([pm_news])
    library.save_search({}, "pm", '"prime minister"~3')
    [count] = library.saved_counts({})
    assert (count.total, count.new) == (2, 2)  # never opened: every article is new
    library.open_saved_search("pm")
    [count] = library.saved_counts({})
    assert (count.total, count.new) == (2, 0)
    write(pm_news / "d.txt", "Again\n\nThe minister and the prime suspect.\n")
    write(pm_news / "e.txt", "Other\n\nNothing of the kind.\n")
    library.import_paths([pm_news])
    [count] = library.saved_counts({})
    assert (count.total, count.new) == (3, 1)


def test_an_unknown_at_name_is_an_error_of_the_library(library: Library) -> None:
    with pytest.raises(SavedSearchError, match="no saved search named 'x'"):
        library.saved_query("@x", {})
    assert library.saved_query("@x y", {}) == "@x y"  # not a name alone: searched as words
