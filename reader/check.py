"""`reader index --check`: verifying a library from end to end (no Textual).

- the catalog file, with SQLite's `integrity_check`;
- the catalog against the files: every imported folder is there, every file
  the catalog knows is there with the size and time it had when imported;
- the index against the catalog: every article indexed once, nothing else,
  and every posting list of every field readable;
- work left by an interrupted import (the index queue).

Nothing is changed: problems are reported with what to run about them.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.aliases import Progress
from reader.index import describe
from reader.safefile import sqlite_problem
from reader.wording import plural

if TYPE_CHECKING:
    from reader.library import Library

SHOWN = 5  # examples named per kind of problem


@dataclass
class CheckReport:
    """`facts`: what was checked, one line each; `problems`: what is wrong, one line each."""

    facts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_record(self) -> dict[str, list[str]]:
        return {"problems": self.problems, "facts": self.facts}


def check_library(library: Library, progress: Progress | None = None) -> CheckReport:
    report = CheckReport()
    _check_catalog_file(library, report)
    _check_files(library, report)
    _check_index(library, report, progress)
    queued = library.catalog.queued_count()
    if queued:
        report.problems.append(
            f"{plural(queued, 'article')} to index (an import was interrupted):"
            " run `reader index` to finish"
        )
    return report


def _check_catalog_file(library: Library, report: CheckReport) -> None:
    problem = sqlite_problem(library.catalog_path, full=True)
    if problem is None:
        report.facts.append(f"{library.catalog_path.name}: sound")
    else:
        report.problems.append(
            f"{library.catalog_path}: damaged ({problem}): run `reader index --rebuild`"
            " or any command to repair it"
        )


def _check_files(library: Library, report: CheckReport) -> None:
    missing_folders = [path for path in library.folders.values() if not path.is_dir()]
    for path in missing_folders:
        report.problems.append(f"{path}: imported folder no longer exists")
    changed: list[str] = []
    gone: list[str] = []
    files = 0
    for name, root in library.folders.items():
        if not root.is_dir():
            continue
        for relpath, state in library.catalog.file_states(name).items():
            files += 1
            try:
                stat = os.stat(root / relpath)
            except OSError:
                gone.append(f"{name}/{relpath}")
                continue
            if stat.st_size != state.size or stat.st_mtime_ns != state.mtime_ns:
                changed.append(f"{name}/{relpath}")
    report.facts.append(f"{plural(files, 'file')} in {plural(len(library.folders), 'folder')}")
    if changed:
        report.problems.append(
            f"{plural(len(changed), 'file')} changed since imported"
            f" ({_examples(changed)}): run `reader index`"
        )
    if gone:
        report.problems.append(
            f"{plural(len(gone), 'file')} gone ({_examples(gone)}): run `reader index`"
        )


def _check_index(library: Library, report: CheckReport, progress: Progress | None) -> None:
    from reader.index import check_searchable

    catalog_ids = library.catalog.all_ids()
    try:
        check_searchable(library.ix)
        with library.ix.reader() as reader:
            indexed = Counter(stored.get("id") for _, stored in reader.iter_docs())
            terms = _read_every_posting(reader, progress)
    except Exception as error:  # what a damaged index makes Whoosh raise
        report.problems.append(
            f"{library.index_path}: damaged ({describe(error)}): run `reader index --rebuild`"
        )
        return
    report.facts.append(f"index: {sum(indexed.values()):,} documents, {terms:,} terms read back")
    twice = [article_id for article_id, count in indexed.items() if count > 1]
    missing = sorted(catalog_ids - indexed.keys())
    extra = sorted(key for key in indexed.keys() - catalog_ids if key is not None)
    for count, what in (
        (len(missing), f"articles not in the index ({_examples(missing)})"),
        (len(extra), f"index documents of no article ({_examples(extra)})"),
        (len(twice), f"articles indexed more than once ({_examples(twice)})"),
    ):
        if count:
            queued = library.catalog.queued_count()
            fix = "run `reader index`" if queued else "run `reader index --rebuild`"
            report.problems.append(f"{count:,} {what}: {fix}")


def _read_every_posting(reader: object, progress: Progress | None) -> int:
    """Decode every posting list of every field; the number of terms read."""
    from whoosh.reading import IndexReader

    assert isinstance(reader, IndexReader)
    done = 0
    for done, (fieldname, text) in enumerate(reader.all_terms(), start=1):
        for _ in reader.postings(fieldname, text).all_ids():
            pass
        if progress is not None and done % 5000 == 0:
            progress(done, 0, "reading the index")
    return done


def _examples(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown + (", ..." if len(items) > SHOWN else "")
