"""People across a real library: listing, a person's articles, linking, search by person."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.extraction import people_from_json
from reader.library import Library
from reader.people import resolve_library_names
from reader.peoplestore import PeopleStore

# Fixtures that are helpers (tests/conftest.py).
Write = Callable[[Path, str | bytes], Path]


@pytest.fixture
def football(tmp_path: Path, seed_article: Path, write: Write) -> Path:
    """The seed plus two dated articles: one naming only "Alonso", one "Jürgen Klopp"."""
    folder = tmp_path / "football"
    folder.mkdir()
    shutil.copy(seed_article, folder / "seed.txt")
    write(
        folder / "alonso.md",
        "---\ntitle: Alonso happy in San Sebastian\ndate: 2021-05-10\n---\n\n"
        "Alonso said he was happy at the club. Alonso added that the work was going well.\n",
    )
    write(
        folder / "klopp.md",
        "---\ntitle: Tired legs\ndate: 2021-06-01\n---\n\n"
        "The season was long. Jürgen Klopp said the team was tired. Klopp smiled after the game.\n",
    )
    return folder


@pytest.fixture
def football_library(library: Library, football: Path) -> Library:
    report = library.import_paths([football])
    assert report.added == 3, report.problems
    return library


def ids_by_title(library: Library) -> dict[str, str]:
    return {summary.title: summary.id for summary in library.summaries()}


def titles(library: Library, query: str) -> list[str]:
    return sorted(hit.title for hit in library.search(query, limit=50).hits)


SEED_TITLE_START = "Xabi Alonso is some fans"


def test_people_are_listed_by_number_of_articles(football_library: Library) -> None:
    people = football_library.people()
    assert [(p.name, p.article_count) for p in people[:2]] == [
        ("Jürgen Klopp", 2),
        ("Xabi Alonso", 2),
    ]
    alonso = people[1]
    assert alonso.key == "xabi alonso"
    assert alonso.mention_count == 4 + 2
    assert "Alonso" in alonso.aliases
    assert {p.name for p in people} == {
        "Xabi Alonso",
        "Jürgen Klopp",
        "Steven Gerrard",
        "Pepijn Lijnders",
        "Jamie Carragher",
        "Mikel Arteta",
        "Andrea Pirlo",
        "Frank Lampard",
    }


def test_people_filter_matches_word_starts_of_any_linked_name(football_library: Library) -> None:
    assert [p.name for p in football_library.people("klo")] == ["Jürgen Klopp"]
    assert [p.name for p in football_library.people("JURG")] == ["Jürgen Klopp"]
    assert [p.name for p in football_library.people("alonso")] == ["Xabi Alonso"]
    assert football_library.people("lopp") == []
    assert len(football_library.people(limit=3)) == 3


def test_accented_and_plain_spellings_are_one_person(football_library: Library) -> None:
    klopp = football_library.person("JÜRGEN KLOPP")
    assert klopp is not None
    assert klopp.key == "jurgen klopp"
    assert klopp.article_count == 2
    assert klopp.name == "Jürgen Klopp"  # on a tie, the spelling with accents
    assert "Jurgen Klopp" in klopp.aliases


def test_person_lists_appearances_newest_first_with_the_sentence(
    football_library: Library,
) -> None:
    klopp = football_library.person("Jurgen Klopp")
    assert klopp is not None
    assert [a.title for a in klopp.appearances] == ["Tired legs", klopp.appearances[1].title]
    assert klopp.appearances[1].title.startswith(SEED_TITLE_START)
    latest = klopp.appearances[0]
    assert latest.date == "2021-06-01"
    assert latest.sentence == "Jürgen Klopp said the team was tired."
    assert latest.mention_count == 2
    inside = latest.sentence[
        latest.start - latest.sentence_start : latest.end - latest.sentence_start
    ]
    assert inside == "Jürgen Klopp"
    article = football_library.article(latest.article_id)
    assert article is not None
    assert article.body[latest.start : latest.end] == "Jürgen Klopp"


def test_lone_surname_links_to_the_only_full_name(football_library: Library) -> None:
    alonso = football_library.person("Xabi Alonso")
    assert alonso is not None
    assert sorted(a.title for a in alonso.appearances)[0] == "Alonso happy in San Sebastian"
    assert alonso.candidates == () and alonso.ambiguous_aliases == ()
    lone = football_library.person("Alonso")
    assert lone is not None and lone.key == "xabi alonso"


def test_person_search_finds_articles_naming_only_the_linked_surname(
    football_library: Library,
) -> None:
    found = titles(football_library, 'person:"Xabi Alonso"')
    assert found[0] == "Alonso happy in San Sebastian"
    assert found[1].startswith(SEED_TITLE_START)
    assert titles(football_library, "person:alonso") == found
    assert len(titles(football_library, 'person:"Jurgen Klopp"')) == 2
    # The exact check after a phrase agrees with the index.
    assert titles(football_library, 'person:"Xabi Alonso" "step by step"') == found[1:]
    assert titles(football_library, 'person:"Xabi Alonso" -"step by step"') == found[:1]
    assert titles(football_library, 'person:"Xabi Alonso" NOT person:"Jürgen Klopp"') == found[:1]


def test_second_full_name_makes_the_lone_surname_ambiguous_and_removal_relinks(
    football_library: Library, football: Path, write: Write
) -> None:
    marcos = write(
        football / "marcos.md",
        "---\ntitle: Chelsea ready\ndate: 2021-07-01\n---\n\n"
        "Chelsea defender Marcos Alonso said the squad was ready.\n",
    )
    football_library.import_paths([football])
    lone = football_library.person("Alonso")
    assert lone is not None
    assert lone.key == "alonso"
    assert [c.name for c in lone.candidates] == ["Marcos Alonso", "Xabi Alonso"]
    assert [a.title for a in lone.appearances] == ["Alonso happy in San Sebastian"]
    xabi = football_library.person("Xabi Alonso")
    assert xabi is not None
    assert [ref.key for ref in xabi.ambiguous_aliases] == ["alonso"]
    assert len(xabi.appearances) == 1
    assert "Alonso happy in San Sebastian" not in titles(football_library, 'person:"Xabi Alonso"')

    marcos.unlink()
    football_library.import_paths([football])
    again = football_library.person("Alonso")
    assert again is not None and again.key == "xabi alonso"
    assert len(again.appearances) == 2


def test_article_people_use_library_names_and_sorted_mentions(football_library: Library) -> None:
    ids = ids_by_title(football_library)
    (alonso,) = football_library.article_people(ids["Alonso happy in San Sebastian"])
    assert (alonso.name, alonso.key, alonso.aliases) == ("Xabi Alonso", "xabi alonso", ("Alonso",))
    assert [m.text for m in alonso.mentions] == ["Alonso", "Alonso"]
    seed_id = next(i for title, i in ids.items() if title.startswith(SEED_TITLE_START))
    seed_people = football_library.article_people(seed_id)
    assert [p.name for p in seed_people][:2] == ["Xabi Alonso", "Jürgen Klopp"]
    article = football_library.article(seed_id)
    assert article is not None
    for person in seed_people:
        starts = [m.start for m in person.mentions]
        assert starts == sorted(starts)
        assert all(article.body[m.start : m.end] == m.text for m in person.mentions)
    assert football_library.article_people("no-such-id") == []


def test_unknown_people(football_library: Library) -> None:
    assert football_library.person("Nobody Atall") is None
    assert football_library.person("") is None
    assert football_library.search('person:"Nobody Atall"').total == 0


def test_stored_links_agree_with_resolving_the_whole_library(
    football_library: Library, football: Path, write: Write
) -> None:
    write(
        football / "marcos.md",
        "---\ntitle: Chelsea ready\ndate: 2021-07-01\n---\n\n"
        "Chelsea defender Marcos Alonso said the squad was ready.\n",
    )
    write(football / "gerrard.txt", "Gerrard returns\n\nGerrard said the club was in his heart.\n")
    football_library.import_paths([football])
    db = football_library.catalog.db
    by_article = {
        article_id: people_from_json(people)
        for article_id, people in db.execute("SELECT id, people FROM articles")
    }
    links = resolve_library_names(by_article)
    stored = dict(db.execute("SELECT key, canonical FROM people"))
    assert {key: links.canonical_key(key) for key in links.names} == stored
    assert stored["gerrard"] == "steven gerrard"
    assert stored["alonso"] == "alonso"
    # Recomputing everything from scratch gives the same table as the incremental updates.
    before = sorted(db.execute("SELECT * FROM people"))
    PeopleStore(football_library.catalog.db).rebuild()
    assert sorted(db.execute("SELECT * FROM people")) == before


def test_another_process_opening_the_library_sees_the_same_people(
    football_library: Library,
) -> None:
    other = Library(football_library.folder, seed=False)
    try:
        assert other.people() == football_library.people()
        assert other.person("Alonso") == football_library.person("Alonso")
    finally:
        other.close()


def test_unfinished_people_updates_are_finished_on_opening(football_library: Library) -> None:
    db = football_library.catalog.db
    with db:  # as if an import was killed after writing articles but before the refresh
        db.execute("DELETE FROM people")
        db.execute("INSERT OR IGNORE INTO people_dirty SELECT key FROM article_people")
    other = Library(football_library.folder, seed=False)
    try:
        assert [p.name for p in other.people()][:2] == ["Jürgen Klopp", "Xabi Alonso"]
    finally:
        other.close()


def test_catalog_with_older_people_tables_is_reimported(football: Path, tmp_path: Path) -> None:
    folder = tmp_path / "old"
    library = Library(folder, seed=False)
    library.import_paths([football])
    library.close()
    db = sqlite3.connect(folder / "catalog.sqlite")
    with db:
        db.execute("DROP TABLE people")
        db.execute("CREATE TABLE people (key TEXT PRIMARY KEY, name TEXT)")
        db.execute("PRAGMA user_version = 2")
    db.close()
    reopened = Library(folder, seed=False)
    try:
        assert any("another version" in notice for notice in reopened.notices)
        assert reopened.count() == 3
        assert reopened.people()[0].article_count == 2
    finally:
        reopened.close()


def test_people_can_be_read_page_by_page(football_library: Library) -> None:
    everyone = football_library.people()
    pages = [football_library.people(limit=3, offset=start) for start in range(0, 9, 3)]
    assert [p for page in pages for p in page] == everyone
    assert football_library.people(limit=5, offset=100) == []


def test_names_with_apostrophes_are_found_however_they_are_typed(
    library: Library, tmp_path: Path, write: Write
) -> None:
    write(
        tmp_path / "rugby" / "ireland.txt",
        "Ireland win\n\nIreland captain Brian O'Driscoll said the team was ready. "
        "O’Driscoll scored twice.\n",
    )
    library.import_paths([tmp_path / "rugby"])
    (person,) = library.people()
    assert (person.name, person.key, person.mention_count) == (
        "Brian O'Driscoll",
        "brian o driscoll",
        2,
    )
    for query in ('person:"Brian O’Driscoll"', "person:o'driscoll", "person:O’DRISCOLL"):
        assert library.search(query).total == 1, query
    found = library.person("o’driscoll")
    assert found is not None and found.key == "brian o driscoll"


def test_a_name_with_a_middle_initial_is_the_same_person_as_without(
    tmp_path: Path, write: Write, library: Library
) -> None:
    folder = tmp_path / "initials"
    write(
        folder / "a.md",
        "---\ntitle: Visit\ndate: 2021-01-04\n---\n\n"
        "Lyndon B. Haskell arrived on Monday. Lyndon Haskell said the talks went well.\n",
    )
    write(
        folder / "b.md",
        "---\ntitle: Rally\ndate: 2021-01-05\n---\n\nLyndon Haskell told the crowd to vote.\n",
    )
    write(
        folder / "c.md",
        "---\ntitle: Reply\ndate: 2021-01-06\n---\n\nHaskell said he would not reply.\n",
    )
    library.import_paths([folder])
    [person] = [p for p in library.people() if "Haskell" in p.name]
    assert (person.name, person.article_count) == ("Lyndon Haskell", 3)
    assert "Lyndon B. Haskell" in person.aliases
    for query in ('person:"Lyndon B. Haskell"', 'person:"Lyndon Haskell"', "person:Haskell"):
        assert titles(library, query) == ["Rally", "Reply", "Visit"], query


def test_two_names_with_initials_leave_the_bare_name_apart(
    tmp_path: Path, write: Write, library: Library
) -> None:
    folder = tmp_path / "presidents"
    for name, text in (
        ("w", "George W. Bush spoke in Texas on Monday."),
        ("hw", "George H. W. Bush spoke in Maine on Monday."),
        ("bare", "George Bush spoke in Ohio on Monday."),
    ):
        write(folder / f"{name}.md", f"---\ntitle: {name}\ndate: 2021-01-04\n---\n\n{text}\n")
    library.import_paths([folder])
    # Which of the two "George Bush" is cannot be told: three people.
    assert sorted(p.name for p in library.people() if "Bush" in p.name) == [
        "George Bush",
        "George H. W. Bush",
        "George W. Bush",
    ]


def test_names_with_initials_are_linked_again_as_articles_come(
    tmp_path: Path, write: Write, library: Library
) -> None:
    folder = tmp_path / "later"
    write(folder / "a.md", "---\ntitle: A\n---\n\nLyndon Haskell spoke on Monday.\n")
    library.import_paths([folder])
    write(folder / "b.md", "---\ntitle: B\n---\n\nLyndon B. Haskell spoke on Tuesday.\n")
    library.import_paths([folder])
    assert [(p.name, p.article_count) for p in library.people()] == [("Lyndon Haskell", 2)]
    # A second Lyndon Haskell with another initial: which one the bare name is
    # can no longer be told.
    write(folder / "c.md", "---\ntitle: C\n---\n\nLyndon C. Haskell spoke on Friday.\n")
    library.import_paths([folder])
    assert sorted((p.name, p.article_count) for p in library.people()) == [
        ("Lyndon B. Haskell", 1),
        ("Lyndon C. Haskell", 1),
        ("Lyndon Haskell", 1),
    ]


def test_a_library_linked_by_older_rules_is_linked_again_on_opening(tmp_path: Path) -> None:
    folder = tmp_path / "older"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\n---\n\nLyndon Haskell spoke on Monday.\n")
    (folder / "b.md").write_text("---\ntitle: B\n---\n\nLyndon B. Haskell spoke on Tuesday.\n")
    library = Library(tmp_path / "lib", seed=False)
    library.import_paths([folder])
    library.close()
    # As the previous version left it: every name listed under itself, no linking mark.
    db = sqlite3.connect(tmp_path / "lib" / "catalog.sqlite")
    with db:
        db.execute("UPDATE people SET canonical = key, group_articles = articles")
        db.execute("DELETE FROM meta WHERE key = 'people_linking'")
    db.close()
    library = Library(tmp_path / "lib", seed=False)
    try:
        assert [(p.name, p.article_count) for p in library.people()] == [("Lyndon Haskell", 2)]
    finally:
        library.close()
