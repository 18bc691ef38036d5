"""Bookmarks: a real SQLite store, several processes, a killed process, edited articles, files."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.bookmarks import (
    FILE_NAME,
    Anchor,
    Bookmark,
    BookmarkFileError,
    BookmarkStore,
    locate,
    make_anchor,
    quoted,
)
from reader.cli import main
from reader.library import Library

# A fixture that is a helper (below).
RunPython = Callable[..., subprocess.CompletedProcess[str]]

BODY = "Ann Lee spoke first. “We will win,” she said. Bob Stone smiled. “We will win,” he said."


def add(store: BookmarkStore, text: str, **fields: Any) -> Bookmark:
    start = BODY.index(text)
    return store.add(body=BODY, start=start, end=start + len(text), article_id="a1", **fields)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[BookmarkStore]:
    opened = BookmarkStore(tmp_path / FILE_NAME)
    yield opened
    opened.close()


def seed_quote_bookmark(library: Library, number: int = 0) -> Bookmark:
    entry = library.quotes(person="Xabi Alonso")[number]
    found = library.bookmark(
        entry.article_id, entry.quote.start, entry.quote.end, speaker=entry.quote.speaker
    )
    assert found is not None
    return found


@pytest.fixture
def run_python(repo: Path) -> RunPython:
    """`run_python(code, *args)`: Python code in a child process, this `reader` importable."""

    def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(repo)}
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    return run


# The store -------------------------------------------------------------------


def test_a_bookmark_keeps_its_text_context_and_offsets(store: BookmarkStore) -> None:
    mark = add(store, "Bob Stone smiled.", speaker="Bob Stone", title="Vote", date="2024-05-01")
    assert mark.text == "Bob Stone smiled."
    assert mark.anchor.prefix.endswith("she said. ") and mark.anchor.suffix.startswith(" “We")
    assert BODY[mark.anchor.start : mark.anchor.end] == mark.text
    assert mark.created.endswith("+00:00") and not mark.orphaned
    assert store.get(mark.id) == mark
    with pytest.raises(ValueError):
        store.add(body=BODY, start=5, end=5, article_id="a1")


def test_list_is_newest_first_and_filters_ignore_case_and_accents(store: BookmarkStore) -> None:
    first = add(store, "Ann Lee spoke first.", speaker="Ann Lee", tags=["Élection"])
    second = add(store, "Bob Stone smiled.", speaker="Bob Stone", note="Café talk")
    assert store.list() == [second, first]
    assert store.list("ANN first") == [first]
    assert store.list("cafe") == [second]
    assert store.list(speaker="bob stone") == [second]
    assert store.list(speaker="Stone") == [second]  # as `Library.quotes(person=...)`
    assert store.list(tags=["election"]) == [first]
    assert store.list(tags=["election", "other"]) == []
    assert store.list("nothing like this") == []


def test_a_typed_filter_takes_several_tags_each_ignoring_case_and_accents(
    store: BookmarkStore,
) -> None:
    both = add(store, "Ann Lee spoke first.", tags=["Élection", "Économie"])
    one = add(store, "Bob Stone smiled.", tags=["election"])
    assert store.find("#election") == [one, both]
    assert store.find("#ELECTION #economie") == [both]  # the second tag as blind as the first
    assert store.find("#economie bob") == []
    assert store.find("smiled #Election") == [one]


def test_note_tags_delete_and_undo(store: BookmarkStore) -> None:
    mark = add(store, "Bob Stone smiled.")
    changed = store.update(mark.id, note="why it matters", tags=["vote, economy", " vote "])
    assert changed is not None and changed.tags == ("vote", "economy")
    assert store.get(mark.id) == changed
    assert store.update("no-such-id", note="x") is None
    deleted = store.delete(mark.id)
    assert deleted == changed and store.list() == []
    store.restore(deleted)
    assert store.list() == [changed]
    store.restore(deleted)  # undoing twice does not duplicate
    assert store.count() == 1


def test_a_passage_inside_a_quote_gets_its_speaker(news_library: Library) -> None:
    entry = news_library.quotes(person="Xabi Alonso")[1]
    start = entry.quote.start + entry.quote.text.index("step by step")
    passage = news_library.bookmark(entry.article_id, start, start + len("step by step"))
    assert passage is not None and passage.text == "step by step"
    assert passage.speaker == "Xabi Alonso" and passage.title == entry.title
    assert news_library.bookmark("no-such-article", 0, 5) is None
    with pytest.raises(ValueError):
        news_library.bookmark(entry.article_id, 10, 10)


def test_locate_uses_context_when_the_text_is_there_twice() -> None:
    second = BODY.rindex("We will win")
    anchor = make_anchor(BODY, second, second + len("We will win"))
    edited = "Late news. " + BODY
    start, end = locate(anchor, edited) or (0, 0)
    assert start == second + len("Late news. ") and edited[start:end] == "We will win"
    # Without context that tells them apart, two copies cannot be told apart.
    bare = Anchor("We will win", "", "", 0, 11)
    assert locate(bare, edited) is None
    # Curly or straight quotes and re-wrapped lines do not matter.
    wrapped = Anchor("she said. Bob", "", "", 0, 0)
    assert locate(wrapped, "and she said.\nBob left") == (4, 17)


# Safety ------------------------------------------------------------------------

ADD_MANY = """
import sys, time
from pathlib import Path
from reader.library import Library
library = Library(Path(sys.argv[1]), seed=False)
article_id = sys.argv[2]
# Start together: each says it is ready, then waits for the other.
(Path(sys.argv[1]) / ("ready-" + sys.argv[4])).touch()
deadline = time.monotonic() + 60
while len(list(Path(sys.argv[1]).glob("ready-*"))) < 2:
    if time.monotonic() > deadline:
        sys.exit("the other process never started")
    time.sleep(0.001)
for n in range(int(sys.argv[3])):
    library.bookmark(article_id, 0, 20, note=f"{sys.argv[4]} {n}")
library.close()
"""


def test_two_processes_adding_at_once_lose_nothing(news_library: Library, repo: Path) -> None:
    article_id = news_library.quotes(limit=1)[0].article_id
    folder = str(news_library.folder)
    env = {**os.environ, "PYTHONPATH": str(repo)}
    children = [
        subprocess.Popen([sys.executable, "-c", ADD_MANY, folder, article_id, "100", name], env=env)
        for name in ("first", "second")
    ]
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    notes = {b.note for b in news_library.bookmarks.list()}
    assert len(notes) == 200
    assert {f"first {n}" for n in range(100)} | {f"second {n}" for n in range(100)} == notes


KILLED_AFTER_ADD = """
import os, signal, sys
from pathlib import Path
from reader.bookmarks import BookmarkStore
store = BookmarkStore(Path(sys.argv[1]))
mark = store.add(body="Keep this passage safe.", start=0, end=9, article_id="a1")
print(mark.id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_process_killed_right_after_add_keeps_the_bookmark(
    tmp_path: Path, run_python: RunPython
) -> None:
    path = tmp_path / FILE_NAME
    done = run_python(KILLED_AFTER_ADD, str(path))
    assert done.returncode == -signal.SIGKILL
    bookmark_id = done.stdout.strip()
    store = BookmarkStore(path)
    found = store.get(bookmark_id)
    store.close()
    assert found is not None and found.text == "Keep this"


def test_rebuilding_the_catalog_never_touches_bookmarks(tmp_path: Path, news: Path) -> None:
    folder = tmp_path / "own"
    library = Library(folder, seed=False)
    library.import_paths([news])
    mark = seed_quote_bookmark(library)
    library.close()
    for name in ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"):
        (folder / name).unlink(missing_ok=True)
    reopened = Library(folder, seed=False)
    try:
        assert any("catalog.sqlite was missing" in n for n in reopened.notices)
        assert reopened.count() == 5  # imported again from the library's folders
        assert reopened.bookmarks.get(mark.id) == mark
    finally:
        reopened.close()


# Edited and deleted articles ---------------------------------------------------------


def test_bookmark_follows_its_text_when_the_article_is_edited(
    news_library: Library, news: Path
) -> None:
    mark = seed_quote_bookmark(news_library, 1)
    seed = news / "seed.txt"
    text = seed.read_text(encoding="utf-8")
    first_break = text.index("\n\n") + 2
    seed.write_text(
        text[:first_break] + "An editor's note added later.\n\n" + text[first_break:],
        encoding="utf-8",
    )
    assert news_library.import_paths([news]).updated == 1
    moved = news_library.bookmarks.get(mark.id)
    article = news_library.article(mark.article_id)
    assert moved is not None and article is not None and not moved.orphaned
    assert moved.anchor.start > mark.anchor.start
    assert article.body[moved.anchor.start : moved.anchor.end] == mark.text


def test_bookmark_whose_text_is_gone_is_kept_and_flagged(
    news_library: Library, news: Path, run_python: RunPython
) -> None:
    mark = seed_quote_bookmark(news_library, 1)
    seed = news / "seed.txt"
    original = seed.read_text(encoding="utf-8")
    seed.write_text(original.replace(mark.text, "Words rewritten by an editor."), encoding="utf-8")
    news_library.import_paths([news])
    flagged = news_library.bookmarks.get(mark.id)
    assert flagged is not None and flagged.orphaned and flagged.text == mark.text
    assert "not found in its article" in _cli_list(news_library, run_python)
    # The editor changes their mind: the bookmark finds its text again.
    seed.write_text(original, encoding="utf-8")
    news_library.import_paths([news])
    again = news_library.bookmarks.get(mark.id)
    assert again is not None and not again.orphaned


def test_deleting_an_article_keeps_its_bookmarks(news_library: Library, news: Path) -> None:
    mark = seed_quote_bookmark(news_library)
    (news / "seed.txt").unlink()
    assert news_library.import_paths([news]).removed == 1
    kept = news_library.bookmarks.get(mark.id)
    assert kept is not None and kept.orphaned and kept.text == mark.text
    assert kept.speaker == "Xabi Alonso" and kept.title == mark.title


def _cli_list(library: Library, run_python: RunPython) -> str:
    code = run_python(
        "from reader.cli import main; import sys; sys.exit(main(sys.argv[1:]))",
        "bookmarks", "list", "--library", str(library.folder),
    )  # fmt: skip
    assert code.returncode == 0, code.stderr
    return code.stdout


def test_a_passage_with_its_own_quotation_marks_is_not_quoted_again() -> None:
    for own in (
        "“The key thing is that you need to feel prepared.",
        '"The key thing is being able to manage all this information," he said.',
        "He said: “I like doing what I’m doing at the moment.”",
    ):
        assert quoted(own) == own
    assert quoted(" We will win \n") == "“We will win”"
    assert quoted("the fans’") == "“the fans’”"  # an apostrophe, not a closing mark


# Export and import ----------------------------------------------------------------


def test_markdown_export_is_a_readable_quote_list(news_library: Library) -> None:
    first = seed_quote_bookmark(news_library, 0)
    seed_quote_bookmark(news_library, 1)
    text = news_library.bookmarks.export("md")
    assert f"> {first.text}" in text
    assert f"> — Xabi Alonso, *{first.title}*, 2021-04-30" in text
    assert text.count("— Xabi Alonso") == 2


def test_json_round_trip_does_not_duplicate(news_library: Library, tmp_path: Path) -> None:
    seed_quote_bookmark(news_library, 0)
    mark = seed_quote_bookmark(news_library, 1)
    news_library.bookmarks.update(mark.id, note="a note", tags=["future"])
    exported = news_library.bookmarks.export("json")
    other = BookmarkStore(tmp_path / "other" / FILE_NAME)
    try:
        assert other.import_json(exported).added == 2
        assert other.list() == news_library.bookmarks.list()
        again = other.import_json(exported)
        assert (again.added, again.already_there) == (0, 2)
        assert other.count() == 2
    finally:
        other.close()


def test_csv_export_has_every_field(news_library: Library) -> None:
    mark = seed_quote_bookmark(news_library)
    rows = list(csv.DictReader(io.StringIO(news_library.bookmarks.export("csv"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == mark.id and row["text"] == mark.text and row["speaker"] == "Xabi Alonso"
    assert int(row["start"]) == mark.anchor.start and row["prefix"] == mark.anchor.prefix
    assert row["created"] == mark.created and row["orphaned"] == "no"


def test_malformed_import_names_the_reason_and_adds_nothing(store: BookmarkStore) -> None:
    with pytest.raises(BookmarkFileError, match=r"^x\.json: malformed JSON at line 1"):
        store.import_json("{not json", "x.json")
    with pytest.raises(BookmarkFileError, match="bookmark 2: missing or empty 'text'"):
        store.import_json(
            json.dumps({"bookmarks": [{"id": "1", "text": "t", "article_id": "a"}, {"id": "2"}]}),
            "x.json",
        )
    with pytest.raises(BookmarkFileError, match="bookmark 1: 'tags' is not a list of texts"):
        store.import_json(
            json.dumps([{"id": "1", "text": "t", "article_id": "a", "tags": "vote"}]), "x.json"
        )
    assert store.count() == 0


# The command line -------------------------------------------------------------


def test_cli_export_import_and_list(
    news_library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_quote_bookmark(news_library)
    folder = str(news_library.folder)
    out = tmp_path / "marks.md"
    assert main(["bookmarks", "export", "--library", folder, "--output", str(out)]) == 0
    assert "— Xabi Alonso" in out.read_text(encoding="utf-8")
    saved = tmp_path / "marks.json"
    assert main(["bookmarks", "export", "--library", folder, "--format", "json",
                 "--output", str(saved)]) == 0  # fmt: skip
    capsys.readouterr()
    other = str(tmp_path / "other")
    assert main(["bookmarks", "import", "--library", other, str(saved)]) == 0
    assert main(["bookmarks", "import", "--library", other, str(saved)]) == 0
    assert "0 bookmarks added, 1 already there" in capsys.readouterr().out
    assert main(["bookmarks", "list", "--library", other, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["speaker"] for b in listed] == ["Xabi Alonso"]
    assert not (Path(other) / "catalog.sqlite").exists()  # bookmarks alone open nothing else


def test_cli_list_takes_several_tags(
    news_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    first = seed_quote_bookmark(news_library, 0)
    second = seed_quote_bookmark(news_library, 1)
    news_library.bookmarks.update(first.id, tags=["Midfield", "Élite"])
    news_library.bookmarks.update(second.id, tags=["midfield"])
    folder = str(news_library.folder)
    capsys.readouterr()
    assert main(["bookmarks", "list", "--library", folder, "--json", "--tag", "midfield"]) == 0
    assert {b["id"] for b in json.loads(capsys.readouterr().out)} == {first.id, second.id}
    assert main(["bookmarks", "list", "--library", folder, "--json",
                 "--tag", "midfield", "--tag", "elite"]) == 0  # fmt: skip
    assert [b["id"] for b in json.loads(capsys.readouterr().out)] == [first.id]


def test_cli_errors_are_one_line_with_the_file_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path / "lib")
    missing = tmp_path / "missing.json"
    assert main(["bookmarks", "import", "--library", folder, str(missing)]) == 1
    assert capsys.readouterr().err == f"reader: {missing}: no such file\n"
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    assert main(["bookmarks", "import", "--library", folder, str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"reader: {bad}: malformed JSON") and err.count("\n") == 1
    with pytest.raises(SystemExit) as usage:
        main(["bookmarks", "export", "--library", folder, "--format", "xml"])
    assert usage.value.code == 2


def test_a_damaged_bookmarks_file_is_set_aside_and_restored_from_its_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "lib"
    library = Library(folder)  # with the bundled sample article
    article = library.summaries()[0]
    assert library.bookmark(article.id, 0, 10, note="keep me") is not None
    library.close()
    damaged = folder / FILE_NAME
    garbage = b"this is not a database at all" * 100
    damaged.write_bytes(garbage)
    assert main(["bookmarks", "list", "--library", str(folder), "--json"]) == 0
    captured = capsys.readouterr()
    notice = captured.err.strip()
    assert notice.startswith(f"reader: {FILE_NAME} was damaged") and "\n" not in notice
    assert "restored 1 bookmark from the backup" in notice
    assert [b["note"] for b in json.loads(captured.out)] == ["keep me"]
    # The damaged copy is kept, not deleted.
    kept = list((folder / "damaged").glob("bookmarks-*.sqlite"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage


def test_a_damaged_bookmarks_file_without_backup_starts_empty_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"junk" * 1000)
    assert main(["bookmarks", "list", "--library", str(folder)]) == 0
    err = capsys.readouterr().err
    assert "no sound backup to restore, starting with no bookmarks" in err
    assert "Traceback" not in err


def test_cli_export_replaces_a_file_only_with_force(
    news_library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_quote_bookmark(news_library)
    folder = str(news_library.folder)
    out = tmp_path / "out" / "marks.md"
    out.parent.mkdir()
    out.write_text("my own notes", encoding="utf-8")
    export = ["bookmarks", "export", "--library", folder, "--output", str(out)]
    assert main(export) == 1
    assert capsys.readouterr().err == f"reader: {out}: exists already (--force replaces it)\n"
    assert out.read_text(encoding="utf-8") == "my own notes"
    assert main([*export, "--force"]) == 0
    assert "— Xabi Alonso" in out.read_text(encoding="utf-8")
    assert os.listdir(out.parent) == ["marks.md"]  # no temporary file left


def test_cli_export_never_writes_inside_the_library(
    news_library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_quote_bookmark(news_library)
    folder = news_library.folder
    catalog = folder / "catalog.sqlite"
    before = catalog.read_bytes()
    (tmp_path / "to-library").symlink_to(folder, target_is_directory=True)
    (tmp_path / "innocent.md").symlink_to(catalog)
    spellings = [
        catalog,
        Path(f"{folder}/../{folder.name}/catalog.sqlite"),
        tmp_path / "to-library" / "catalog.sqlite",
        tmp_path / "innocent.md",
        folder / "new.md",
    ]
    for output in spellings:
        args = ["bookmarks", "export", "--library", str(folder), "--force", "--output"]
        assert main([*args, str(output)]) == 1, output
        err = capsys.readouterr().err
        assert err.startswith(f"reader: {output}: inside the library folder"), err
        assert err.count("\n") == 1
    assert catalog.read_bytes() == before
    assert not (folder / "new.md").exists()
    assert Library(folder, seed=False).count() == news_library.count()
