"""`feed:NAME` in the query language, from the articles' front matter `feed`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.library import Library
from reader.query import Terms, parse

Write = Callable[[Path, str | bytes], Path]  # the fixture of tests/conftest.py


def test_feed_is_a_field_of_the_query_language() -> None:
    parsed = parse('feed:"BBC News" klopp')
    assert parsed.problems == ()
    assert Terms("feed", ("bbc news",)) in parsed.root.items  # type: ignore[union-attr]


def test_feed_finds_the_articles_of_a_feed_named_in_front_matter(
    library: Library, tmp_path: Path, write: Write
) -> None:
    folder = tmp_path / "web"
    write(
        folder / "one.md",
        "---\ntitle: One\nfeed: [BBC News, Sport Wire]\n---\n\nKlopp takes it step by step.\n",
    )
    write(folder / "two.md", "---\ntitle: Two\nfeed: Sport Wire\n---\n\nStep by step, Alonso.\n")
    write(folder / "three.md", "---\ntitle: Three\n---\n\nStep by step again.\n")
    library.import_paths([folder])

    def titles(query: str) -> list[str]:
        return sorted(hit.title for hit in library.search(query).hits)

    assert titles('feed:"bbc news"') == ["One"]
    assert titles('feed:"Sport Wire"') == ["One", "Two"]
    assert titles("feed:sport-wire") == ["One", "Two"]  # names fold like words
    # With a phrase, each candidate is checked exactly, feed included.
    assert titles('"step by step" feed:"sport wire"') == ["One", "Two"]
    assert titles('"step by step" -feed:"bbc news"') == ["Three", "Two"]
    assert titles("feed:nope") == []
