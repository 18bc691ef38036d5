"""Shared fixtures: small real article folders and libraries in temporary folders."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library

REPO = Path(__file__).resolve().parent.parent
SEED = next((REPO / "seeds").glob("*.txt"))
SHARED = REPO.parent / "shared"
# The people of the seed article, in the order they are first named.
SEED_PEOPLE = [
    "Xabi Alonso",
    "Jurgen Klopp",
    "Steven Gerrard",
    "Pepijn Lijnders",
    "Jamie Carragher",
    "Mikel Arteta",
    "Andrea Pirlo",
    "Frank Lampard",
]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A folder with one article in each format, plus the seed."""
    folder = tmp_path / "news"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.txt")
    write(
        folder / "sport" / "derby.txt",
        "Derby day at Anfield\n\nThe manager said the team would take it game by game.\n\n"
        "Fans sang for ninety minutes.\n",
    )
    write(
        folder / "notes" / "munich.md",
        "---\ntitle: Jürgen Klopp returns to Mönchengladbach\ndate: 2021-05-02\n"
        "author: A. Writer\nsource: Example Times\nurl: https://example.org/k\n"
        "tags: [football, bundesliga]\n---\n\nJurgen Klopp went back to Borussia "
        "Monchengladbach, where the fans’ pick was a local hero.\n",
    )
    write(
        folder / "wire.jsonl",
        '{"id": "w1", "title": "Markets rise", "date": "2021-01-15", "body": "Shares rose '
        'sharply on Monday as traders bought step by step."}\n'
        '{"id": "w2", "title": "Markets fall", "date": "2021-06-20", "source": "Wire", '
        '"body": "Shares fell, and step after step the index lost ground."}\n',
    )
    return folder


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """An empty library (no bundled seeds)."""
    lib = Library(tmp_path / "lib", seed=False)
    yield lib
    lib.close()


@pytest.fixture
def news_library(library: Library, news: Path) -> Library:
    report = library.import_paths([news])
    assert report.added == 5, report.problems
    return library
