"""Optional stemming (`search.stemming`): other forms of a word, phrases exact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.config import load_settings
from reader.library import Library

Write = Callable[[Path, str | bytes], Path]

ARTICLES = {
    "run.txt": "Club news\n\nThey run every morning.\n",
    "running.txt": "Late\n\nHe was running late for the election.\n",
    "ran.txt": "Home\n\nShe ran home after she was elected.\n",
    "runway.txt": "Airport\n\nThe new runway opens.\n",
}


@pytest.fixture
def folder(write: Write, tmp_path: Path) -> Path:
    for name, text in ARTICLES.items():
        write(tmp_path / "news" / name, text)
    made = Library(tmp_path / "lib", seed=False)
    made.import_paths([tmp_path / "news"])
    made.close()
    return tmp_path / "lib"


def titles(folder: Path, query: str, *, stemming: bool) -> set[str]:
    library = Library(folder, seed=False, stemming=stemming)
    try:
        return {hit.title for hit in library.search(query).hits}
    finally:
        library.close()


def test_stemming_finds_other_forms_and_irregular_ones(folder: Path) -> None:
    assert titles(folder, "run", stemming=False) == {"Club news"}
    assert titles(folder, "run", stemming=True) == {"Club news", "Late", "Home"}
    assert titles(folder, "ran", stemming=True) == {"Club news", "Late", "Home"}
    assert titles(folder, "elect", stemming=True) == {"Late", "Home"}
    assert "Airport" not in titles(folder, "run", stemming=True)  # runway is another word


def test_phrases_stay_exact_and_not_excludes_every_form(folder: Path) -> None:
    assert titles(folder, '"ran home"', stemming=True) == {"Home"}
    assert titles(folder, '"run home"', stemming=True) == set()
    assert titles(folder, "late -run", stemming=True) == set()
    assert titles(folder, "late -run", stemming=False) == {"Late"}


def test_the_forms_found_are_marked(folder: Path) -> None:
    library = Library(folder, seed=False, stemming=True)
    try:
        [hit] = [h for h in library.search("run").hits if h.title == "Late"]
    finally:
        library.close()
    assert "**running**" in hit.snippet.marked()


def test_the_setting_is_off_by_default_and_checked(write: Write, tmp_path: Path) -> None:
    assert load_settings(None).stemming is False
    good = write(tmp_path / "on.yaml", "search:\n  stemming: true\n")
    assert load_settings(good).stemming is True
    bad = write(tmp_path / "bad.yaml", "search:\n  stemming: sometimes\n")
    settings = load_settings(bad)
    assert settings.stemming is False
    assert [str(p) for p in settings.problems] == [
        f"{bad}:2: search.stemming must be true or false"
    ]
