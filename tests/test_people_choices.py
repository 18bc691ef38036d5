"""The user's own choices about people (`people.json`): merge and split corrections
and following, through the library and the command line, surviving rebuilds,
re-imports and a damaged file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library, UnknownPerson

# Fixtures that are helpers (tests/conftest.py).
Write = Callable[[Path, str | bytes], Path]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def titles(library: Library, query: str) -> list[str]:
    return sorted(hit.title for hit in library.search(query, limit=50).hits)


@pytest.fixture
def football(tmp_path: Path, seed_article: Path, write: Write) -> Path:
    """The seed, an article naming only "Alonso" (linked to Xabi Alonso), and one
    naming "Tony Blare", a misspelling of Tony Blair who is named in another."""
    folder = tmp_path / "football"
    folder.mkdir()
    shutil.copy(seed_article, folder / "seed.txt")
    write(folder / "alonso.txt", "Alonso happy\n\nAlonso said he was happy at the club.\n")
    write(folder / "blair.txt", "Blair at the match\n\nTony Blair watched the game.\n")
    write(folder / "blare.txt", "Blare at the match\n\nTony Blare watched the game again.\n")
    return folder


@pytest.fixture
def football_folder(library_of: Callable[[Path], Path], football: Path) -> Path:
    return library_of(football)


def test_merge_lists_one_person_under_another_everywhere(football_folder: Path) -> None:
    library = Library(football_folder, seed=False)
    try:
        assert titles(library, 'person:"Tony Blair"') == ["Blair at the match"]
        person, merged = library.merge_people("Tony Blair", "Tony Blare")
        assert (person.name, merged.name) == ("Tony Blair", "Tony Blare")
        blair = library.person("Tony Blare")
        assert blair is not None and blair.name == "Tony Blair"
        assert blair.article_count == 2 and "Tony Blare" in blair.aliases
        assert titles(library, 'person:"Tony Blair"') == [
            "Blair at the match",
            "Blare at the match",
        ]
        assert "Tony Blare" not in {p.name for p in library.people()}
    finally:
        library.close()


def test_corrections_survive_an_index_rebuild_and_a_new_catalog(
    football_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(football_folder)
    code, out, _ = run(capsys, "search", 'person:"Xabi Alonso"', "--library", folder)
    assert "Alonso happy" in out  # linked by the library: the one Alonso it knows
    code, out, _ = run(capsys, "person", "merge", "Tony Blair", "Tony Blare", "--library", folder)
    assert code == 0 and out == "Tony Blare is now listed under Tony Blair\n"
    code, out, _ = run(capsys, "person", "split", "Xabi Alonso", "Alonso", "--library", folder)
    assert code == 0 and out == "Alonso is now kept apart from Xabi Alonso\n"
    assert run(capsys, "index", "--rebuild", "--library", folder)[0] == 0
    (football_folder / "catalog.sqlite").unlink()  # the catalog is imported again
    code, out, _ = run(capsys, "person", "Tony", "Blair", "--library", folder, "--json")
    assert code == 0 and json.loads(out)["articles"] == 2
    library = Library(football_folder, seed=False)
    try:
        assert "Alonso happy" not in titles(library, 'person:"Xabi Alonso"')
        assert titles(library, "person:alonso") == ["Alonso happy"]
    finally:
        library.close()


def test_corrections_of_unknown_names_are_one_line(
    football_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(football_folder)
    code, _, err = run(capsys, "person", "merge", "Tony Blair", "Nobody Atall", "--library", folder)
    assert code == 1 and err == (
        "reader: no one named 'Nobody Atall' in the library (see `reader people`)\n"
    )
    code, _, err = run(capsys, "person", "split", "Tony Blair", "Alonso", "--library", folder)
    assert code == 1 and err == "reader: 'Alonso' is not listed under Tony Blair\n"
    code, _, err = run(capsys, "person", "merge", "Tony", "Blair", "Blare", "--library", folder)
    assert code == 1 and "merge takes two names" in err
    assert not (football_folder / "people.json").exists()


def test_a_later_split_undoes_a_merge(football_folder: Path) -> None:
    library = Library(football_folder, seed=False)
    try:
        library.merge_people("Tony Blair", "Tony Blare")
        library.split_person("Tony Blair", "Tony Blare")
        blare = library.person("Tony Blare")
        assert blare is not None and blare.name == "Tony Blare" and blare.article_count == 1
        choices = json.loads((football_folder / "people.json").read_text())
        assert choices["merge"] == []
        assert choices["split"] == [{"person": "tony blair", "alias": "tony blare"}]
    finally:
        library.close()


def test_follow_counts_new_articles_since_last_seen(
    football_folder: Path, football: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(football_folder)
    code, out, _ = run(capsys, "follow", "Tony", "Blair", "--library", folder)
    assert code == 0 and out.startswith("following Tony Blair")
    write(football / "later.txt", "Blair again\n\nTony Blair spoke after the game.\n")
    assert run(capsys, "index", str(football), "--library", folder)[0] == 0
    code, out, _ = run(capsys, "following", "--library", folder, "--json")
    followed = json.loads(out)
    assert [(f["name"], f["articles"], f["new_articles"]) for f in followed] == [
        ("Tony Blair", 2, 1)
    ]
    library = Library(football_folder, seed=False)
    try:
        new = [library.article(article_id) for article_id in library.new_for_followed()]
        assert [article.title for article in new if article is not None] == ["Blair again"]
        library.seen_person("tony blair")
        assert library.new_for_followed() == set()
        assert library.following()[0].new_articles == 0
    finally:
        library.close()
    code, out, _ = run(capsys, "following", "--library", folder)
    assert out == "Tony Blair: 0 new articles (2 articles in all)\n"
    code, out, _ = run(capsys, "unfollow", "tony blair", "--library", folder)
    assert code == 0 and out == "no longer following Tony Blair\n"
    code, _, err = run(capsys, "unfollow", "tony blair", "--library", folder)
    assert code == 1 and "'tony blair' is not followed" in err
    code, _, err = run(capsys, "follow", "Nobody", "--library", folder)
    assert code == 1 and "no one named 'Nobody'" in err


def test_a_damaged_people_file_is_restored_from_its_backup(
    football_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(football_folder)
    run(capsys, "follow", "Tony", "Blair", "--library", folder)
    (football_folder / "people.json").write_text('{"version": 1, "follow": [{"key"')
    code, out, err = run(capsys, "following", "--library", folder)
    assert code == 0 and out == "Tony Blair: 0 new articles (1 article in all)\n"
    lines = err.splitlines()
    assert len(lines) == 1 and "people.json was damaged (" in lines[0]
    assert "restored 1 followed and 0 corrections from people.json in backups/" in lines[0]
    assert "Traceback" not in err
    assert json.loads((football_folder / "people.json").read_text())["follow"][0]["key"] == (
        "tony blair"
    )


def test_library_refuses_unknown_people(football_folder: Path) -> None:
    library = Library(football_folder, seed=False)
    try:
        with pytest.raises(UnknownPerson):
            library.follow("Nobody Atall")
    finally:
        library.close()
