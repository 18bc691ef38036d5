"""More like this: `Library.similar` and `reader similar` on a real index."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.articles import article_id
from reader.library import Library

RunReader = Callable[..., subprocess.CompletedProcess[str]]
Write = Callable[[Path, str | bytes], Path]

STORIES = {
    "terror.txt": "Terror bill\n\nThe terror bill gives house arrest powers; a sunset clause"
    " was offered by the Tories and the terror suspects face control orders.\n",
    "arrest.txt": "House arrest row\n\nHouse arrest for terror suspects: peers want a sunset"
    " clause on the control orders of the terror bill.\n",
    "orders.txt": "Control orders\n\nControl orders and house arrest, the terror bill again.\n",
    "derby.txt": "Derby day\n\nThe manager said the team would take it game by game.\n",
    "budget.txt": "Budget\n\nThe chancellor set out the budget and tax on fuel.\n",
    "football.txt": "Cup final\n\nThe team won the cup final after a game of two halves.\n",
}


@pytest.fixture
def stories(write: Write, tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    for name, text in STORIES.items():
        write(folder / name, text)
    write(folder / "copy" / "terror.txt", STORIES["terror.txt"])  # the same story twice
    return folder


def test_similar_lists_related_stories_and_leaves_out_its_copies(
    library: Library, stories: Path
) -> None:
    library.import_paths([stories])
    terror = article_id("news", "terror.txt")
    result = library.similar(terror, limit=3)
    assert result is not None
    assert [hit.title for hit in result.hits[:2]] == ["House arrest row", "Control orders"]
    assert result.copies == 1
    assert terror not in [hit.id for hit in result.hits]
    assert "Terror bill" not in [hit.title for hit in result.hits]
    assert "terror" in result.terms and "sunset" in result.terms
    assert library.similar("no-such-id") is None


def test_similar_json_and_bad_ids(run_reader: RunReader, stories: Path) -> None:
    run_reader("index", str(stories))
    terror = article_id("news", "terror.txt")
    done = run_reader("similar", terror, "--limit", "2", "--json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["id"] == terror
    assert [hit["title"] for hit in record["hits"]] == ["House arrest row", "Control orders"]
    assert record["copies_left_out"] == 1
    missing = run_reader("similar", "zzzz")
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines()[-1] == (
        "reader: no article with id 'zzzz' (ids are shown by `reader search`)"
    )


def test_another_story_imported_twice_is_listed_once(
    library: Library, stories: Path, write: Write
) -> None:
    # Long enough for reader.copies to group the two files as one story.
    lords = (
        "Lords debate\n\nThe lords debated the terror bill late into the night, and peers"
        " asked again for a sunset clause on house arrest and on the control orders that"
        " the home secretary wants for terror suspects, before a vote on the bill next week"
        " in a chamber where the government has no majority.\n"
    )
    write(stories / "lords.txt", lords)
    write(stories / "again" / "lords.txt", lords)
    library.import_paths([stories])
    result = library.similar(article_id("news", "terror.txt"), limit=5)
    assert result is not None
    titles = [hit.title for hit in result.hits]
    assert titles.count("Lords debate") == 1
    [debate] = [hit for hit in result.hits if hit.title == "Lords debate"]
    assert len(debate.duplicates) == 1
