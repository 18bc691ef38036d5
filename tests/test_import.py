"""Importing folders: incremental updates, bad files, interruptions, schema changes."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader import reindex
from reader.index import VERSION_FILE
from reader.library import Library
from reader.lock import LibraryBusy, LibraryLock

# Fixtures that are helpers (tests/conftest.py).
Write = Callable[[Path, str | bytes], Path]


def test_first_import_counts_articles(news_library: Library) -> None:
    assert news_library.count() == 5


def test_reimport_of_unchanged_folder_changes_nothing(news_library: Library, news: Path) -> None:
    report = news_library.import_paths([news])
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 5)


def test_changed_file_is_updated_and_found_by_new_text(news_library: Library, news: Path) -> None:
    derby = news / "sport" / "derby.txt"
    derby.write_text("Derby day at Anfield\n\nA late winner from the halfway line.\n")
    report = news_library.import_paths([news])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 4)
    assert news_library.search('"halfway line"').total == 1
    assert news_library.search('"game by game"').total == 0


def test_touched_but_identical_file_is_not_reindexed(news_library: Library, news: Path) -> None:
    derby = news / "sport" / "derby.txt"
    os.utime(derby, (time.time() + 100, time.time() + 100))
    report = news_library.import_paths([news])
    assert (report.updated, report.unchanged) == (0, 5)


def test_deleted_files_are_removed(news_library: Library, news: Path) -> None:
    (news / "wire.jsonl").unlink()
    report = news_library.import_paths([news])
    assert report.removed == 2
    assert news_library.search("shares").total == 0


def test_ids_survive_reimport_and_moving_the_folder(
    news_library: Library, news: Path, tmp_path: Path
) -> None:
    before = {hit.title: hit.id for hit in news_library.search("", limit=10).hits}
    moved = tmp_path / "elsewhere" / "news"
    moved.parent.mkdir()
    news.rename(moved)
    report = news_library.import_paths([moved])
    assert (report.added, report.removed) == (0, 0)
    after = {hit.title: hit.id for hit in news_library.search("", limit=10).hits}
    assert after == before
    article = news_library.article(before["Derby day at Anfield"])
    assert article is not None and article.path == str(moved / "sport" / "derby.txt")


def test_importing_a_subfolder_of_a_known_folder_keeps_ids(
    news_library: Library, news: Path
) -> None:
    before = news_library.search("anfield derby").hits[0].id
    report = news_library.import_paths([news / "sport"])
    assert report.added == 0 and report.removed == 0
    assert news_library.search("anfield derby").hits[0].id == before
    assert news_library.count() == 5


def test_bad_files_are_skipped_counted_and_named(
    library: Library, tmp_path: Path, write: Write
) -> None:
    folder = tmp_path / "mixed"
    write(folder / "good.txt", "Good title\n\nGood text.\n")
    write(folder / "empty.txt", "")
    write(folder / "binary.txt", b"\x00\x01\x02")
    write(folder / "bad.jsonl", '{"body": "ok line"}\nnot json\n')
    write(folder / "image.png", b"\x89PNG")
    report = library.import_paths([folder, tmp_path / "missing"])
    assert report.added == 2
    assert report.skipped == 3  # empty, binary, missing path
    messages = [str(p) for p in report.problems]
    assert "mixed/empty.txt: empty file" in messages
    assert any(m.startswith("mixed/binary.txt: binary file") for m in messages)
    assert any(m.startswith("mixed/bad.jsonl:2: malformed JSON line") for m in messages)
    assert any(m.endswith("missing: no such file or folder") for m in messages)


def test_a_file_that_turns_bad_keeps_its_articles(
    library: Library, tmp_path: Path, write: Write
) -> None:
    folder = tmp_path / "f"
    article = write(folder / "a.txt", "A title\n\nSome words.\n")
    library.import_paths([folder])
    article.write_bytes(b"\x00binary now")
    report = library.import_paths([folder])
    assert report.skipped == 1 and library.search("words").total == 1


def test_two_folders_with_the_same_name_are_both_imported(
    tmp_path: Path, news: Path, write: Write
) -> None:
    lib = Library(tmp_path / "lib")  # with the bundled sample, in its own "seeds"
    write(tmp_path / "a" / "news" / "x.txt", "X\n\nText about apples.\n")
    write(tmp_path / "b" / "news" / "x.txt", "X\n\nText about pears.\n")
    write(tmp_path / "mine" / "seeds" / "y.txt", "Y\n\nMy own seeds folder.\n")
    for folder in ("a/news", "b/news", "mine/seeds"):
        report = lib.import_paths([tmp_path / folder])
        assert report.added == 1 and not report.problems, report.problems
    apples, pears = lib.search("apples").hits[0], lib.search("pears").hits[0]
    assert apples.id != pears.id  # same name and path below it, told apart
    assert lib.search('"my own seeds folder"').total == 1
    assert lib.count() == 4
    assert sorted(lib.folders) == ["news", "news~2", "seeds", "seeds~2"]
    lib.close()


def test_a_folder_moved_and_renamed_keeps_its_ids_read_marks_and_bookmarks(
    tmp_path: Path, news: Path
) -> None:
    lib = Library(tmp_path / "lib", seed=False)
    lib.import_paths([news])
    derby = lib.search("anfield derby").hits[0]
    mark = lib.bookmark(derby.id, 0, 5, note="kept")
    assert mark is not None
    lib.state.remember(derby.id, 3)
    renamed = tmp_path / "elsewhere" / "football-news"
    renamed.parent.mkdir()
    news.rename(renamed)
    report = lib.import_paths([renamed])
    assert (report.added, report.removed, report.unchanged) == (0, 0, 5)
    assert lib.search("anfield derby").hits[0].id == derby.id
    kept = lib.bookmarks.get(mark.id)
    assert kept == mark and kept is not None and not kept.orphaned
    assert derby.id in lib.state.read_ids()
    assert lib.folders == {"news": renamed}
    lib.close()


def test_readerignore_and_hidden_files_are_left_out(
    library: Library, tmp_path: Path, write: Write
) -> None:
    folder = tmp_path / "data"
    write(folder / "story.txt", "Story\n\nThe article itself.\n")
    write(folder / "README.txt", "Readme\n\nHow the data set was made.\n")
    write(folder / "SOURCE.md", "# Source\n\nWhere it came from.\n")
    write(folder / "drafts" / "draft.txt", "Draft\n\nNot ready.\n")
    write(folder / "sport" / "match.txt", "Match\n\nA match report.\n")
    write(folder / "sport" / "NOTES.txt", "Notes\n\nKept: re-included below.\n")
    write(folder / ".hidden.txt", "Hidden\n\nNever imported.\n")
    write(folder / ".cache" / "x.txt", "Cache\n\nNever imported.\n")
    write(folder / ".readerignore", "# data set files\nREADME*\n/SOURCE.md\ndrafts/\n*NOTES*\n")
    write(folder / "sport" / ".readerignore", "!NOTES.txt\n")
    report = library.import_paths([folder])
    assert report.added == 3, report.problems
    assert {hit.title for hit in library.search("").hits} == {"Story", "Match", "Notes"}
    # Ignoring a file later takes it out of the library at the next import.
    write(folder / ".readerignore", "README*\n/SOURCE.md\ndrafts/\n*NOTES*\nstory.txt\n")
    again = library.import_paths([folder])
    assert again.removed == 1 and library.count() == 2


def test_html_character_references_are_decoded_in_text_and_markdown(
    library: Library, tmp_path: Path, write: Write
) -> None:
    folder = tmp_path / "entities"
    write(
        folder / "a.txt",
        "&#163;1.8m indecency fine for Viacom\n\nA fine of &pound;1.8m &amp; more.\n",
    )
    write(
        folder / "b.md", "---\ntitle: Tom &amp; Jerry\n---\n\nCaf&eacute; talk &#8212; quietly.\n"
    )
    library.import_paths([folder])
    titles = {hit.title for hit in library.search("").hits}
    assert titles == {"£1.8m indecency fine for Viacom", "Tom & Jerry"}
    assert library.search('"café talk"').total == 1
    assert library.search('"fine of 1 8m"').total == 1


def test_second_writer_is_told_the_library_is_busy(
    news_library: Library, news: Path, write: Write
) -> None:
    other = LibraryLock(news_library.folder)  # as another process would hold it
    other.acquire("importing elsewhere")
    try:
        write(news / "new.txt", "New\n\nFresh text.\n")
        with pytest.raises(LibraryBusy, match="importing elsewhere"):
            news_library.import_paths([news], wait=False)
        told: list[str] = []
        stop_waiting = [False]

        def waiting(holder: str) -> None:
            told.append(holder)
            stop_waiting[0] = True  # the lock is still held: give up waiting

        with pytest.raises(LibraryBusy):
            news_library.import_paths([news], on_wait=waiting, should_stop=lambda: stop_waiting[0])
        assert told and f"pid {os.getpid()}" in told[0]
    finally:
        other.release()
    assert news_library.import_paths([news]).added == 1


def test_stopping_an_import_keeps_a_usable_library(
    library: Library, tmp_path: Path, write: Write
) -> None:
    folder = tmp_path / "many"
    for n in range(30):
        write(folder / f"{n:02}.txt", f"Title {n}\n\nBody number {n} here.\n")
    calls = []

    def stop_after_ten() -> bool:
        calls.append(1)
        return len(calls) > 10

    report = library.import_paths([folder], should_stop=stop_after_ten)
    assert report.interrupted and report.added == 10
    assert library.search("body").total == 10
    again = library.import_paths([folder])
    assert (again.added, again.unchanged) == (20, 10)


def test_older_index_schema_is_rebuilt_with_a_message(news: Path, tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib", seed=False)
    lib.import_paths([news])
    lib.close()
    (tmp_path / "lib" / "index" / VERSION_FILE).write_text('{"schema": 3}')
    reopened = Library(tmp_path / "lib", seed=False)
    assert any("built for version 3" in n for n in reopened.notices)
    assert reopened.search('"step by step"').total == 2
    reopened.close()


def test_older_catalog_is_reimported_from_its_folders(news: Path, tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib", seed=False)
    lib.import_paths([news])
    lib.catalog.db.execute("PRAGMA user_version = 0")
    lib.close()
    reopened = Library(tmp_path / "lib", seed=False)
    assert any("another version of reader: importing 1 folder again" in n for n in reopened.notices)
    assert reopened.count() == 5
    assert reopened.search('"step by step"').total == 2
    reopened.close()


def test_reimport_killed_part_way_is_finished_at_the_next_open(
    news: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = Library(tmp_path / "lib", seed=False)
    lib.import_paths([news])
    lib.catalog.db.execute("PRAGMA user_version = 0")
    lib.close()

    def killed(self: Library, paths: list[Path], *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the process dies before the first batch is committed

    with monkeypatch.context() as patch:
        patch.setattr(Library, "import_paths", killed)
        with pytest.raises(KeyboardInterrupt):
            Library(tmp_path / "lib", seed=False)
    reopened = Library(tmp_path / "lib", seed=False)
    assert any("interrupted" in n for n in reopened.notices)
    assert reopened.count() == 5
    reopened.close()
    again = Library(tmp_path / "lib", seed=False)
    assert again.notices == []
    again.close()


def test_unreadable_index_is_rebuilt_from_the_catalog(news: Path, tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib", seed=False)
    lib.import_paths([news])
    lib.close()
    for toc in (tmp_path / "lib" / "index").glob("_articles_*.toc"):
        toc.write_bytes(b"garbage")
    reopened = Library(tmp_path / "lib", seed=False)
    assert any(n.startswith("index/ was damaged") for n in reopened.notices), reopened.notices
    assert reopened.search("shares").total == 2
    reopened.close()


def test_new_library_imports_the_bundled_seeds(tmp_path: Path) -> None:
    lib = Library(tmp_path / "fresh")
    assert lib.count() == 1
    assert lib.search('"step by step"').total == 1
    assert any("bundled sample" in n for n in lib.notices)
    lib.close()


def test_reading_and_searching_go_on_while_an_import_runs(
    news: Path, tmp_path: Path, write: Write
) -> None:
    import threading

    lib = Library(tmp_path / "lib", seed=False)
    lib.import_paths([news])
    more = tmp_path / "more"
    for i in range(30):
        write(more / f"{i}.txt", f"Extra {i}\n\nA later article about step by step work {i}.\n")
    paused, resume = threading.Event(), threading.Event()

    def progress(done: int, total: int, path: str) -> None:
        if done >= 1:
            paused.set()
            resume.wait(10)

    importer = threading.Thread(target=lib.import_paths, args=([more], progress))
    importer.start()
    answers: list[object] = []

    def read() -> None:
        answers.append(lib.search('"step by step"').total)
        answers.append(lib.article(lib.summaries()[0].id))

    try:
        assert paused.wait(10)
        # The import is stopped in the middle: the library must still answer.
        reader = threading.Thread(target=read)
        reader.start()
        reader.join(5)
        assert not reader.is_alive(), "reading waited for the import"
        total, article = answers
        assert isinstance(total, int) and total >= 2 and article is not None
    finally:
        resume.set()
        importer.join(30)
    assert lib.search('"step by step"').total == 32
    lib.close()


def test_index_segments_are_plain_files_not_compound(news: Path, tmp_path: Path) -> None:
    """Whoosh copies a compound segment into memory to open it (176 MB for 2,225
    BBC articles); plain per-part files are read in place."""
    lib = Library(tmp_path / "lib", seed=False)
    lib.import_paths([news])
    lib.import_paths([news / "sport"])  # a second commit, merges included
    lib.close()
    files = [p.name for p in (tmp_path / "lib" / "index").iterdir()]
    assert not [name for name in files if name.endswith(".seg")]
    assert any(name.endswith(".trm") for name in files)


def test_large_library_is_rebuilt_by_worker_processes_after_a_schema_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Write
) -> None:
    folder = tmp_path / "many"
    for n in range(320):
        write(folder / f"{n:03}.txt", f"Title {n}\n\nArticle number {n} says the same thing.\n")
    lib = Library(tmp_path / "lib", seed=False)
    assert lib.import_paths([folder]).added == 320  # enough files for the worker processes
    lib.close()
    (tmp_path / "lib" / "index" / VERSION_FILE).unlink()
    # Re-indexing uses the worker processes from 2,000 articles; 320 will do here.
    monkeypatch.setattr(reindex, "PARALLEL_MIN", 300)
    reopened = Library(tmp_path / "lib", seed=False)
    assert any("built for an unknown version" in n for n in reopened.notices)
    assert reopened.search('"says the same thing"').total == 320
    assert reopened.search("title:317").total == 1
    reopened.close()


def test_stopping_a_large_import_keeps_what_the_workers_finished(
    library: Library, tmp_path: Path, write: Write
) -> None:
    folder = tmp_path / "many"
    for n in range(400):
        write(folder / f"{n:03}.txt", f"Title {n}\n\nBody number {n} here.\n")
    calls = []

    def stop_after_fifty() -> bool:
        calls.append(1)
        return len(calls) > 50

    report = library.import_paths([folder], should_stop=stop_after_fifty)
    # Files the workers had already indexed are kept, so a few more than 50.
    assert report.interrupted and 50 <= report.added < 400
    assert library.search("body").total == report.added == library.count()
    again = library.import_paths([folder])
    assert (again.added, again.unchanged) == (400 - report.added, report.added)
    assert library.search("body").total == 400
