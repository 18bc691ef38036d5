"""The library: the one API that the command line and the app use (no Textual).

A library is a folder:

| File | What it is | When it is damaged |
|------|------------|--------------------|
| `catalog.sqlite` | files, articles, people (from the files) | set aside, re-imported |
| `index/` | Whoosh (from the catalog) | set aside, rebuilt |
| `folders.json` | the imported folders | restored from `backups/` |
| `bookmarks.sqlite` | bookmarks | restored from `backups/` |
| `state.sqlite` | read marks, positions, theme | restored from `backups/` |
| `people.json` | people followed, corrections of who is who | restored from `backups/` |
| `write.lock` | the one-writer lock (`reader.lock`) | never: the kernel owns it |

Any number of processes may open a library; one at a time writes, holding
the write lock (others wait, or get `LibraryBusy`).  Opening checks every
file and fixes what it can at once (setting a damaged file aside, starting
an empty catalog or index), saying so in `notices`; the long part (importing
again, re-indexing) is `repair`, which opening runs unless told not to (the
app runs it in a worker with a progress bar).  Damage found later, while
reading, raises `LibraryDamaged`; `heal` fixes it.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reader.aliases import Analyse, Progress
from reader.articleview import ArticleView, make_article_view
from reader.bookmarks import Bookmark
from reader.catalog import (
    CATALOG_SCHEMA_VERSION,
    ArticleSummary,
    Catalog,
    StoredArticle,
    by_date,
)
from reader.copies import copy_groups, group_count, members, once_per_story, refresh_copies
from reader.errorlog import log_error
from reader.extraction import analyse_for_catalog, quotes_from_json
from reader.folders import folders_path, write_folders
from reader.following import Followed, followed_people, new_article_ids
from reader.healing import (
    OnWait,
    back_up_state,
    load_folders,
    load_people_choices,
    open_bookmarks,
    open_state,
)
from reader.importer import Importer, ImportReport
from reader.index import IndexUnusable, create_index, describe, open_index, orphan_files
from reader.lock import LibraryBusy, LibraryLock
from reader.people import Person, key_of
from reader.peoplechoices import (
    PeopleChoices,
    PeopleFileError,
    choices_path,
    read_choices,
    write_choices,
)
from reader.peoplestore import Appearance, PeopleStore, PersonDetail, PersonRef, PersonSummary
from reader.query import expand_people, matches, parse
from reader.quotegroups import QuoteGroup, group_quotes
from reader.quotes import Quote
from reader.quotestore import QuoteEntry, library_quotes, speaker_matches
from reader.reindex import reindex_queued
from reader.resources import bundled
from reader.safefile import set_aside, shown
from reader.saved import (
    SavedCount,
    SavedSearch,
    SavedSearchError,
    add_saved,
    every_saved,
    find_saved,
    remove_saved,
    saved_name,
)
from reader.search import SORTS, Hit, SearchResult, document_of, run_search
from reader.similar import SimilarResult, similar_articles
from reader.stemming import widen_words
from reader.textnorm import fold_text
from reader.wording import plural

if TYPE_CHECKING:
    from whoosh.index import FileIndex
    from whoosh.searching import Searcher

__all__ = [
    "SORTS",
    "Appearance",
    "Library",
    "LibraryBusy",
    "LibraryDamaged",
    "Person",
    "PersonDetail",
    "PersonRef",
    "PersonSummary",
]

CATALOG_FILE = "catalog.sqlite"
INDEX_FOLDER = "index"
LOG_FOLDER = "logs"
# Catalog meta: set while the library's folders are being imported again (a
# new catalog replaced a damaged or outdated one); a killed re-import is
# finished by the next `repair`.
REIMPORT_PENDING = "reimport_pending"
# Catalog meta: set once the bundled sample articles were imported.
SEEDED = "seeded"

T = TypeVar("T")
# Reading state key (+ a saved search's name): when it was last opened (time.time()).
_OPENED = "saved-search-opened:"


class UnknownPerson(ValueError):
    """A name no article of the library mentions; `str()` says which."""


class LibraryDamaged(Exception):
    """A file of the library was found damaged while in use.

    `part` is "catalog" or "index"; `str()` is one line naming the file.
    """

    def __init__(self, part: str, path: Path, reason: str) -> None:
        super().__init__(f"{path}: damaged ({reason})")
        self.part = part
        self.path = path
        self.reason = reason


class Library:
    """An open library.  Safe to call from several threads (calls are serialised).

    `notices` holds one-line messages about what opening did (a damaged file
    set aside, a first-time import of the bundled sample, an index rebuilt).
    """

    def __init__(
        self,
        folder: Path,
        *,
        seed: bool = True,
        analyse: Analyse | None = analyse_for_catalog,
        repair_now: bool = True,
        progress: Progress | None = None,
        on_wait: OnWait | None = None,
        stemming: bool = False,
    ) -> None:
        """Open (or create) the library in `folder`.

        `analyse` finds each imported article's people and quotes (builtin
        people backend by default); None imports without them.  What opening
        leaves to do (importing the bundled sample into a new library, a
        re-import, re-indexing) is done before this returns, with `progress`,
        unless `repair_now` is False: then `pending` says what is left and
        `repair` does it.  `on_wait` is told once when another process holds
        the write lock and opening must wait for it.  With `stemming`, searches
        widen their words to the same stem (`reader.stemming`).
        """
        self.folder = folder
        self.stemming = stemming
        self.analyse = analyse
        self.notices: list[str] = []
        self._on_wait = on_wait
        self._lock = threading.RLock()
        folder.mkdir(parents=True, exist_ok=True)
        self.lock = LibraryLock(folder)
        self.catalog_path = folder / CATALOG_FILE
        self.index_path = folder / INDEX_FOLDER
        self.log_folder = folder / LOG_FOLDER
        self._seed = seed
        self.bookmarks = open_bookmarks(folder, self.lock, self.notices, on_wait)
        self.state = open_state(folder, self.lock, self.notices, on_wait)
        self._choices = load_people_choices(folder, self.lock, self.notices, on_wait)
        self.catalog: Catalog
        self.ix: FileIndex
        self.folders: dict[str, Path] = {}
        self._searcher: Searcher | None = None
        if not self._open_as_is():
            with self.lock.hold("opening the library", on_wait=on_wait):
                self._close_derived()
                self._open_and_fix()
        try:
            # An import killed part-way leaves queued people and copies: finish them.
            self._refresh_derived()
        except sqlite3.DatabaseError as error:
            # Damage that opening's probe did not reach.
            self._log_error(error)
            self._start_anew(LibraryDamaged("catalog", self.catalog_path, describe(error)))
        if repair_now:
            self.repair(progress)
            self._refresh_derived()

    # Opening -------------------------------------------------------------------

    def _open_as_is(self) -> bool:
        """Open catalog and index without writing; False (nothing left open) if either
        needs the write lock: it is new, damaged, outdated, or has work left over."""
        if not self.catalog_path.exists():
            return False  # a new library, or a catalog lost
        try:
            catalog = Catalog(self.catalog_path)
        except sqlite3.DatabaseError:
            return False
        if catalog.schema_version != CATALOG_SCHEMA_VERSION or self._work_left(catalog):
            catalog.close()
            return False
        self.catalog = catalog
        self.folders = load_folders(
            self.folder, self.lock, catalog.roots(), self.notices, self._on_wait
        )
        try:
            self.ix = open_index(self.index_path)
        except IndexUnusable:
            catalog.close()
            return False
        self._searcher = self.ix.searcher()
        return True

    def _work_left(self, catalog: Catalog) -> bool:
        """Whether an import was interrupted here, and nobody is finishing it now."""
        interrupted = catalog.get_meta(REIMPORT_PENDING) == "1" or catalog.queued_count() > 0
        return interrupted and self.lock.is_free()

    def _open_and_fix(self) -> None:
        """Open everything, under the write lock, fixing what opening can fix."""
        fresh = not self.catalog_path.exists() and not folders_path(self.folder).exists()
        catalog, reset_index = self._open_catalog()
        self.catalog = catalog
        self.folders = load_folders(
            self.folder, self.lock, catalog.roots(), self.notices, self._on_wait
        )
        for name, path in self.folders.items():
            catalog.set_root(name, path)
        if fresh:
            # A library made without the sample never gets it later.
            catalog.set_meta(SEEDED, "0" if self._seed else "1")
        if reset_index and self.index_path.exists():
            shutil.rmtree(self.index_path)
        queued_before = catalog.queued_count()
        self.ix = self._open_index()
        if catalog.get_meta(REIMPORT_PENDING) == "1" and not reset_index:
            self.notices.append("finishing a re-import of the library that was interrupted")
        elif queued_before and catalog.queued_count() == queued_before and not reset_index:
            count = catalog.queued_count()
            self.notices.append(
                f"finishing an import that was interrupted ({plural(count, 'article')}"
                " to index again)"
            )
        self._searcher = self.ix.searcher()

    def _open_catalog(self) -> tuple[Catalog, bool]:
        """The catalog, a new one when it was lost, damaged or of another version
        (then its folders are to be imported again: True)."""
        if not self.catalog_path.exists() and folders_path(self.folder).exists():
            self.notices.append(
                f"{CATALOG_FILE} was missing: importing the library's folders again"
            )
            return self._new_catalog({}), True
        try:
            catalog = Catalog(self.catalog_path)
        except sqlite3.DatabaseError as error:
            aside = set_aside(self.folder, self.catalog_path)
            catalog = self._new_catalog({})
            self.notices.append(
                f"{CATALOG_FILE} was damaged ({describe(error)}): moved to"
                f" {shown(self.folder, aside)}; importing the library's folders again"
            )
            return catalog, True
        if catalog.schema_version == CATALOG_SCHEMA_VERSION:
            return catalog, False
        roots = catalog.roots()
        catalog.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.catalog_path}{suffix}").unlink(missing_ok=True)
        self.notices.append(
            f"{CATALOG_FILE} was made by another version of reader:"
            f" importing {plural(len(roots), 'folder')} again"
        )
        return self._new_catalog(roots), True

    def _new_catalog(self, roots: dict[str, Path]) -> Catalog:
        catalog = Catalog(self.catalog_path)
        for name, path in roots.items():
            catalog.set_root(name, path)
        # Kept before importing, so a kill during the re-import loses no folder.
        catalog.set_meta(REIMPORT_PENDING, "1")
        catalog.set_meta(SEEDED, "1")
        return catalog

    def _open_index(self, *, quiet: bool = False) -> FileIndex:
        """The index, a new empty one (every article queued for it) when it is
        missing, damaged or of another version."""
        try:
            ix = open_index(self.index_path)
        except IndexUnusable as unusable:
            count = self.catalog.count()
            rebuilding = f"rebuilding it from {plural(count, 'article')}"
            if not self.index_path.exists():
                if count and not quiet:
                    self.notices.append(f"the search index was missing: {rebuilding}")
            elif unusable.outdated:
                shutil.rmtree(self.index_path)
                self.notices.append(f"the search index was {unusable}: {rebuilding}")
            else:
                aside = set_aside(self.folder, self.index_path)
                self.notices.append(
                    f"{INDEX_FOLDER}/ was damaged ({unusable}): moved to"
                    f" {shown(self.folder, aside)}; {rebuilding}"
                )
            ix = create_index(self.index_path)
            self.catalog.queue_everything()
            return ix
        # Left by a killed import: segments no table of contents names.
        for path in orphan_files(ix):
            _remove(path)
        _remove(self.index_path / "articles.tmp")
        return ix

    def _close_derived(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if hasattr(self, "ix"):
            self.ix.close()
            del self.ix
        if hasattr(self, "catalog"):
            self.catalog.close()
            del self.catalog

    # Repairing -------------------------------------------------------------------

    @property
    def pending(self) -> list[str]:
        """What `repair` has to do, one line each (empty when nothing)."""
        with self._lock:
            work = []
            # While another process imports, its unfinished work is its own.
            others_working = not self.lock.held and not self.lock.is_free()
            if self.catalog.queued_count() and not others_working:
                work.append(f"index {plural(self.catalog.queued_count(), 'article')}")
            if self.catalog.get_meta(REIMPORT_PENDING) == "1" and not others_working:
                work.append(f"import {plural(len(self.folders), 'folder')} again")
            if self._seed and self.catalog.get_meta(SEEDED) == "0":
                work.append("import the bundled sample articles")
            return work

    def repair(
        self,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        on_phase: Callable[[str], None] | None = None,
    ) -> ImportReport | None:
        """Finish what opening left to do (see `pending`); the import's report, if any.

        Re-indexing reports progress as (articles done, articles, "index");
        importing as an import does.  Stopped by `should_stop`, the rest is
        left for the next call.
        """
        if not self.pending:
            return None
        phase = on_phase or (lambda label: None)
        with self.lock.hold("repairing the library", on_wait=self._on_wait):
            self._reindex_queued(progress, should_stop, phase)
            report = None
            if self.catalog.get_meta(REIMPORT_PENDING) == "1":
                folders = [path for path in self.folders.values() if path.exists()]
                phase(f"Importing {plural(len(folders), 'folder')} again")
                report = self.import_paths(folders, progress, should_stop)
                if not report.interrupted:
                    self.catalog.set_meta(REIMPORT_PENDING, "0")
            if self._seed and self.catalog.get_meta(SEEDED) == "0":
                phase("Importing the bundled sample articles")
                seeds = self.import_paths([bundled("seeds")], progress, should_stop)
                self.catalog.set_meta(SEEDED, "1")
                self.notices.append(
                    f"new library in {self.folder}: imported the bundled sample articles"
                )
                self.notices.extend(str(p) for p in seeds.problems)
                report = report or seeds
            return report

    def _reindex_queued(
        self,
        progress: Progress | None,
        should_stop: Callable[[], bool] | None,
        phase: Callable[[str], None],
    ) -> None:
        if not self.catalog.queued_count():
            return
        phase(f"Indexing {plural(self.catalog.queued_count(), 'article')}")
        shown_progress = (lambda done, total: progress(done, total, "")) if progress else None
        writer_catalog = Catalog(self.catalog_path)
        try:
            reindex_queued(
                writer_catalog, self.ix, shown_progress, should_stop, self.log_folder / "import.log"
            )
        finally:
            writer_catalog.close()
        self._refresh_searcher()

    def heal(
        self,
        damage: LibraryDamaged,
        progress: Progress | None = None,
        on_phase: Callable[[str], None] | None = None,
    ) -> None:
        """Set aside the damaged catalog or index, start it anew and rebuild it."""
        self._start_anew(damage)
        self.repair(progress, on_phase=on_phase)
        self._refresh_derived()

    def _start_anew(self, damage: LibraryDamaged) -> None:
        """Set aside the damaged catalog or index and open an empty one in its place;
        `repair` fills it."""
        with self.lock.hold("repairing the library", on_wait=self._on_wait), self._lock:
            self._close_derived()
            path = self.catalog_path if damage.part == "catalog" else self.index_path
            where = ""
            if path.exists():
                where = f": moved to {shown(self.folder, set_aside(self.folder, path))}"
            if damage.part == "catalog":
                # The index matches the lost catalog; both are made again.
                shutil.rmtree(self.index_path, ignore_errors=True)
                self.catalog = self._new_catalog(self.folders)
                self.notices.append(f"{damage}{where}; importing the library's folders again")
            else:
                self.catalog = Catalog(self.catalog_path)
                self.notices.append(f"{damage}{where}; rebuilding the search index")
            self.ix = self._open_index(quiet=True)
            self._searcher = self.ix.searcher()

    def rebuild_index(
        self,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        on_phase: Callable[[str], None] | None = None,
    ) -> None:
        """Build the search index anew from the catalog (`reader index --rebuild`)."""
        with self.lock.hold("rebuilding the index", on_wait=self._on_wait):
            with self._lock:
                if self._searcher is not None:
                    self._searcher.close()
                    self._searcher = None
                self.ix.close()
                shutil.rmtree(self.index_path, ignore_errors=True)
                self.ix = create_index(self.index_path)
                self.catalog.queue_everything()
                self._searcher = self.ix.searcher()
            self._reindex_queued(progress, should_stop, on_phase or (lambda label: None))

    # Importing -----------------------------------------------------------------

    def import_paths(
        self,
        paths: list[Path],
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        *,
        wait: bool = True,
        on_wait: OnWait | None = None,
    ) -> ImportReport:
        """Add new and changed files under `paths`, drop deleted ones.

        Takes the write lock: when another process imports, waits for it
        (telling `on_wait` once) or, without `wait`, raises `LibraryBusy`.
        """
        with self.lock.hold("importing", wait=wait, on_wait=on_wait, should_stop=should_stop):
            # Left by an import killed in another process: done first, since
            # the importer counts on an index that matches the catalog.
            self._reindex_queued(None, should_stop, lambda label: None)
            # The import writes through a connection of its own and does not
            # hold the library's thread lock, so the app can search and read
            # while it runs; readers see each batch once it is committed.
            writer_catalog = Catalog(self.catalog_path)
            try:
                importer = Importer(
                    writer_catalog,
                    self.ix,
                    self.folders,
                    self._remember_folder,
                    analyse=self.analyse,
                    progress=progress,
                    should_stop=should_stop,
                    worker_log=self.log_folder / "import.log",
                )
                report = importer.run(paths)
            finally:
                writer_catalog.close()
            with self._lock:
                if report.changed:
                    self._reanchor_bookmarks()
                self._refresh_derived()
                self._refresh_searcher()
            return report

    def _refresh_derived(self) -> None:
        """Bring the people tables and the groups of copies up to date with the articles
        (each redoes only what the last import queued)."""
        self._people.refresh()
        refresh_copies(self.catalog.db)

    def _remember_folder(self, name: str, path: Path) -> None:
        self.folders[name] = path
        write_folders(self.folder, self.folders)
        with self._lock:
            self.catalog.set_root(name, path)

    def update_all(
        self,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        *,
        wait: bool = True,
        on_wait: OnWait | None = None,
    ) -> ImportReport:
        """Import every folder of the library again (new, changed and deleted files)."""
        folders = [path for path in self.folders.values() if path.exists()]
        return self.import_paths(folders, progress, should_stop, wait=wait, on_wait=on_wait)

    def _reanchor_bookmarks(self) -> None:
        """Find bookmarks again in articles that changed; flag those whose article left.

        Costs one look per bookmarked article, and a write only for what moved.
        """
        gone = []
        for article_id in self.bookmarks.article_ids():
            article = self.catalog.article(article_id)
            if article is None:
                gone.append(article_id)
            else:
                self.bookmarks.reanchor(article_id, article.body)
        self.bookmarks.mark_orphaned(gone)

    # Reading -----------------------------------------------------------------

    def _refresh_searcher(self) -> None:
        """A searcher of the newest commit (ours or another process's)."""
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = self.ix.searcher()

    def _current_searcher(self) -> Searcher:
        if self._searcher is None or not self._searcher.up_to_date():
            self._refresh_searcher()
        assert self._searcher is not None
        return self._searcher

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        shown: Collection[str] = frozenset(),
    ) -> SearchResult:
        """Search with the query language of `reader.query`; never raises for bad queries.

        Copies of one story are one hit (`duplicates`).  `shown` holds the ids of
        the stories earlier pages showed (`SearchResult.story_ids`): a copy of one
        of them on this page is left out too, counted in `collapsed`.

        Raises `LibraryDamaged` when the index or the catalog turns out damaged.
        """
        with self._lock:
            # person:"Xabi Alonso" also finds articles naming only "Alonso" when linked.
            parsed = self._catalog_call(
                lambda: expand_people(parse(text), self._people.same_person_keys)
            )
            if self.stemming:
                parsed = widen_words(parsed, self._vocabulary)
            for attempt in range(2):
                try:
                    found = run_search(
                        self._current_searcher(),
                        self.catalog,
                        parsed,
                        limit=limit,
                        offset=offset,
                        sort=sort,
                    )
                    return self._one_hit_per_story(found, shown)
                except sqlite3.DatabaseError as error:
                    self._raise_if_damaged(error)
                    raise
                except Exception as error:  # what a damaged index makes Whoosh raise
                    # A file deleted by another process's commit: a fresh searcher
                    # sees the new one.  A second failure is damage.
                    if attempt == 0:
                        self._refresh_searcher()
                        continue
                    self._log_error(error)
                    raise LibraryDamaged("index", self.index_path, describe(error)) from error
            raise AssertionError("unreachable")

    def _vocabulary(self, prefix: str) -> list[str]:
        """The words of the library's texts that start with `prefix`."""
        reader = self._current_searcher().reader()
        return [term.decode("utf-8") for term in reader.expand_prefix("content", prefix)]

    def _one_hit_per_story(self, found: SearchResult, shown: Collection[str]) -> SearchResult:
        """The page with copies of one story shown once, at the best of them, with
        the other copies' ids in `duplicates`, and without the stories of `shown`;
        `collapsed` counts the hits left out."""
        ids = [hit.id for hit in found.hits]
        groups = copy_groups(self.catalog.db, ids)
        if not groups:
            return found
        mates = members(self.catalog.db, groups.values())

        def with_duplicates(hit: Hit, others: tuple[str, ...]) -> Hit:
            return replace(hit, duplicates=others)

        new = [hit for hit in found.hits if hit.id not in shown]
        hits = once_per_story(new, groups, lambda hit: hit.id, with_duplicates, mates)
        return replace(found, hits=tuple(hits), collapsed=len(found.hits) - len(hits))

    def _catalog_call(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except sqlite3.DatabaseError as error:
            self._raise_if_damaged(error)
            raise

    def _raise_if_damaged(self, error: sqlite3.DatabaseError) -> None:
        """Raise `LibraryDamaged` for an error that means the catalog file is damaged."""
        text = str(error)
        transient = isinstance(error, sqlite3.OperationalError) and (
            "locked" in text or "busy" in text or "disk is full" in text
        )
        if not transient:
            self._log_error(error)
            raise LibraryDamaged("catalog", self.catalog_path, describe(error)) from error

    def _log_error(self, error: BaseException) -> None:
        """Keep the details of an error for whoever looks into it (`logs/errors.log`)."""
        log_error(self.folder, error)

    def similar(self, article_id: str, limit: int = 10) -> SimilarResult | None:
        """The articles most like `article_id` (a unique prefix will do), best first,
        its copies left out (see `reader.similar`); None when there is no such article."""
        article = self.article(article_id)
        if article is None:
            return None
        with self._lock:
            return self._catalog_call(
                lambda: similar_articles(self._current_searcher(), self.catalog, article.id, limit)
            )

    # Saved searches ------------------------------------------------------------

    def saved_searches(self, configured: Mapping[str, str]) -> list[SavedSearch]:
        """The library's saved searches and the `configured` ones (config.yaml's
        `searches:`), by name; `SavedSearchError` when the file cannot be read."""
        return every_saved(self.folder, configured)

    def save_search(self, configured: Mapping[str, str], name: str, query: str) -> bool:
        """Save `query` as `name` (True when it replaced one); `SavedSearchError` for
        a bad name, a name of config.yaml or a query with nothing to search for."""
        parsed = parse(query)
        if parsed.finds_nothing:
            raise SavedSearchError(f"{query!r} cannot be saved: {parsed.problems[0]}")
        with self.lock.hold("saving a search", on_wait=self._on_wait):
            return add_saved(self.folder, configured, name, query)

    def remove_saved_search(self, configured: Mapping[str, str], name: str) -> None:
        with self.lock.hold("removing a saved search", on_wait=self._on_wait):
            remove_saved(self.folder, configured, name)

    def saved_query(self, text: str, configured: Mapping[str, str]) -> str:
        """`text` itself, or for `@NAME` the query saved as NAME (`SavedSearchError`
        when no search has that name)."""
        name = saved_name(text)
        if name is None:
            return text
        return find_saved(self.folder, configured, name).query

    def saved_counts(
        self, configured: Mapping[str, str], text_filter: str = ""
    ) -> list[SavedCount]:
        """Every saved search with its number of articles and of new ones (see
        `SavedCount`); `text_filter` keeps those whose name or query holds it,
        ignoring case and accents."""
        counts = []
        wanted = fold_text(text_filter.strip())
        for search in self.saved_searches(configured):
            if wanted not in fold_text(f"{search.name} {search.query}"):
                continue
            result = self.search(search.query, limit=1)
            opened = self.state.get(_OPENED + search.name)
            new = result.total if not opened else self._count_new(search.query, float(opened))
            counts.append(SavedCount(search, result.total, result.total_is_estimate, new))
        return counts

    def _count_new(self, query: str, since: float) -> int:
        """How many articles imported after `since` match `query`: each is checked
        exactly (usually a few, so quicker than listing every match)."""
        with self._lock:
            parsed = self._catalog_call(
                lambda: expand_people(parse(query), self._people.same_person_keys)
            )
            if self.stemming:
                parsed = widen_words(parsed, self._vocabulary)
            ids = self._catalog_call(lambda: self.catalog.added_since(since))
            rows = self._catalog_call(lambda: self.catalog.texts(ids))
        return sum(1 for row in rows.values() if matches(parsed.root, document_of(row)))

    def open_saved_search(self, name: str) -> None:
        """Remember that the saved search `name` was opened now (its new articles are seen)."""
        self.state.set(_OPENED + name, repr(time.time()))

    def article(self, article_id: str) -> StoredArticle | None:
        with self._lock:
            return self._catalog_call(lambda: self._article(article_id))

    def article_view(self, article_id: str, query: str = "") -> ArticleView | None:
        """What the article screen shows of an article (a unique prefix of its id will
        do), with the search `query` marked; None when there is no such article."""
        article = self.article(article_id)
        if article is None:
            return None
        people = self.article_people(article.id)
        quotes = self.article_quotes(article.id)
        bookmarked = [
            (b.anchor.start, b.anchor.end)
            for b in self.bookmarks.list(article_id=article.id)
            if not b.orphaned
        ]
        return make_article_view(
            article, query, people, quotes, bookmarked, self.copies(article.id)
        )

    def _article(self, article_id: str) -> StoredArticle | None:
        found = self.catalog.article(article_id)
        if found is None and article_id:
            candidates = self.catalog.find_ids(article_id)
            if len(candidates) == 1:
                found = self.catalog.article(candidates[0])
        return found

    def articles_starting(self, prefix: str, limit: int = 10) -> list[ArticleSummary]:
        """The articles whose id starts with `prefix` (a short id that is ambiguous)."""
        with self._lock:
            ids = self._catalog_call(lambda: self.catalog.find_ids(prefix, limit))
            return self._catalog_call(lambda: list(self.catalog.summaries(ids)))

    def summaries(self, limit: int | None = None) -> list[ArticleSummary]:
        """Every article (or the first `limit`), newest first (undated last), then by title.

        Copies of one story (`reader.copies`) are listed once, at the newest of
        them, with the others' ids in `copies`.
        """
        with self._lock:
            if limit is not None:
                items = self._catalog_call(lambda: list(self.catalog.summaries(newest=limit)))
            else:
                items = self._catalog_call(lambda: list(self.catalog.summaries(ordered=True)))
            groups = self._catalog_call(lambda: copy_groups(self.catalog.db))
        return once_per_story(items, groups, lambda item: item.id, _with_copies)

    def copies(self, article_id: str) -> list[ArticleSummary]:
        """The other copies of an article's story, newest first ([] when it has none)."""
        with self._lock:
            group = self._catalog_call(lambda: copy_groups(self.catalog.db, [article_id]))
            if not group:
                return []
            mates = self._catalog_call(lambda: members(self.catalog.db, group.values()))
            ids = [i for i in mates[group[article_id]] if i != article_id]
            return by_date(self._catalog_call(lambda: list(self.catalog.summaries(ids))))

    def copy_group_count(self) -> int:
        """How many stories have more than one copy in the library."""
        with self._lock:
            return self._catalog_call(lambda: group_count(self.catalog.db))

    def count(self) -> int:
        with self._lock:
            return self._catalog_call(self.catalog.count)

    # People ------------------------------------------------------------------

    @property
    def _people(self) -> PeopleStore:
        return PeopleStore(self.catalog.db, self.choices)

    @property
    def choices(self) -> PeopleChoices:
        """The people followed and the corrections, as `people.json` says now (another
        process may have changed it); the last ones read while it cannot be read."""
        # A damaged file is restored by opening again; until then the last sound copy holds.
        with contextlib.suppress(PeopleFileError):
            self._choices = read_choices(choices_path(self.folder)) or PeopleChoices()
        return self._choices

    def _change_choices(self, change: Callable[[PeopleChoices], PeopleChoices]) -> None:
        """Change `people.json` in one step, under the write lock (no change is lost
        to another process changing it at the same time)."""
        with self.lock.hold("changing people.json", on_wait=self._on_wait):
            changed = change(self.choices)
            write_choices(self.folder, changed)
            self._choices = changed

    def _known(self, name: str) -> PersonDetail:
        detail = self.person(name, limit=0)
        if detail is None or detail.article_count == 0:
            raise UnknownPerson(f"no one named {name!r} in the library (see `reader people`)")
        return detail

    def follow(self, name: str) -> PersonDetail:
        """Follow a person: their articles added from now on are new (`following`)."""
        detail = self._known(name)
        self._change_choices(lambda c: c.followed(detail.key, detail.name, time.time()))
        return detail

    def unfollow(self, name: str) -> str | None:
        """Stop following; the name unfollowed, None when that person was not followed."""
        follows = self.choices.follows
        key = key_of(name)
        detail = self.person(name, limit=0)
        followed = next((k for k in (key, detail.key if detail else "") if k in follows), None)
        if followed is None:
            return None
        self._change_choices(lambda c: c.unfollowed(followed))
        return follows[followed].name

    def following(self, text_filter: str = "") -> list[Followed]:
        """The people followed, most new articles first, with their counts;
        `text_filter` keeps those with a word of their name starting with each of its words."""
        follows = self.choices.follows
        with self._lock:
            return self._catalog_call(
                lambda: followed_people(self.catalog.db, follows, text_filter)
            )

    def new_for_followed(self) -> set[str]:
        """Ids of the articles naming a followed person, added since they were last seen."""
        choices = self.choices
        with self._lock:
            return self._catalog_call(lambda: new_article_ids(self.catalog.db, choices.follows))

    def seen_person(self, key: str) -> None:
        """A followed person's articles were seen now (no-op for anyone else)."""
        follow = self.choices.follows.get(key)
        if follow is not None:
            self._change_choices(lambda c: c.followed(key, follow.name, time.time()))

    def merge_people(self, name: str, other: str) -> tuple[PersonDetail, PersonDetail]:
        """List the person `other` under `name` everywhere (`reader person merge`); the
        two as they were.  Kept in `people.json`: rebuilds and re-imports keep it."""
        person, merged = self._known(name), self._known(other)
        if person.key == merged.key:
            raise UnknownPerson(f"{other!r} is already listed under {person.name}")
        self._change_choices(lambda c: c.merged(merged.key, person.key))
        self._apply_corrections()
        return person, merged

    def split_person(self, name: str, alias: str) -> PersonDetail:
        """Keep `alias` ("Blair", "Tony Blare") apart from the person `name`
        (`reader person split`); the person as they were."""
        person = self._known(name)
        alias_key = key_of(alias)
        members = self._catalog_call(lambda: self._people.same_person_keys(person.key))
        if alias_key not in members[1:]:
            raise UnknownPerson(f"{alias!r} is not listed under {person.name}")
        self._change_choices(lambda c: c.split(person.key, alias_key))
        self._apply_corrections()
        return person

    def _apply_corrections(self) -> None:
        with self.lock.hold("correcting people", on_wait=self._on_wait), self._lock:
            self._catalog_call(self._people.apply_corrections)

    def people(
        self, text_filter: str = "", limit: int | None = None, offset: int = 0
    ) -> list[PersonSummary]:
        """Everyone the library's articles name, most articles first (then by key).

        A lone surname linked to a full name is counted under that person.
        `text_filter` keeps people whose name (or a name linked to them) has a
        word starting with each word of the filter, ignoring case and accents.
        `limit`/`offset` page through the list (a page of 100 reads an index;
        everyone at 100k articles takes about a second).
        """
        with self._lock:
            return self._catalog_call(lambda: self._people.summaries(text_filter, limit, offset))

    def person(self, key_or_name: str, limit: int | None = None) -> PersonDetail | None:
        """One person by key or name ("jurgen klopp", "Jürgen Klopp", a linked "Alonso").

        Appearances are newest first, each at the article's first mention with
        its sentence; `limit` caps them.  None when no article names the person.
        """
        with self._lock:
            return self._catalog_call(lambda: self._people.detail(key_or_name, limit))

    def article_people(self, article_id: str) -> list[Person]:
        """The people of one article by first mention, under their library-wide names.

        `key` is the key to pass to `person`; mentions index the article body and
        are sorted by position.  Empty for an unknown article or one naming nobody.
        """
        with self._lock:
            return self._catalog_call(lambda: self._people.article_people(article_id))

    # Bookmarks ---------------------------------------------------------------

    def bookmark(
        self,
        article_id: str,
        start: int,
        end: int,
        *,
        speaker: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Bookmark | None:
        """Bookmark `body[start:end]` of an article (a quote or any passage); on disk on return.

        Title, date and path are copied from the article.  Without `speaker`,
        a passage inside one of the article's quotes gets that quote's speaker.
        None when there is no such article; ValueError when the span is empty
        or outside the body.
        """
        article = self.article(article_id)
        if article is None:
            return None
        if speaker is None:
            quotes = self.article_quotes(article.id)
            holding = [q for q in quotes if q.start <= start < end <= q.end]
            speaker = holding[0].speaker if holding else None
        return self.bookmarks.add(
            body=article.body, start=start, end=end, article_id=article.id,
            title=article.title, date=article.date, path=article.path,
            speaker=speaker, note=note, tags=tags,
        )  # fmt: skip

    # Quotes ------------------------------------------------------------------

    def article_quotes(self, article_id: str) -> list[Quote]:
        """The quotes of one article in text order; offsets index its body ([] if unknown)."""
        with self._lock:
            texts = self._catalog_call(lambda: self.catalog.texts([article_id]))
        row = texts.get(article_id)
        return quotes_from_json(row.quotes) if row else []

    def quotes(self, person: str | None = None, limit: int | None = None) -> list[QuoteEntry]:
        """Quotes of the library, newest article first; `person` filters by speaker name."""
        with self._lock:
            return self._catalog_call(lambda: library_quotes(self.catalog.db, person, limit))

    def quote_groups(self, person: str | None = None, limit: int | None = None) -> list[QuoteGroup]:
        """Quotes of the library (`person`: by that speaker), each once with every
        article it appears in (`reader.quotegroups`), earliest first; `limit`
        caps the quotes read, newest article first, before grouping.

        A person's quote is grouped with its appearances in every article that
        names them, whoever those articles say spoke (a paper that gives it to
        no one, or to the wrong person, is still where it appeared).
        """
        if person is None:
            return group_quotes(self.quotes(None, limit))
        with self._lock:
            # One read: the articles that may name them, every quote of them.
            around = self._catalog_call(
                lambda: library_quotes(self.catalog.db, person, said_by_person=False)
            )
        own = [e for e in around if speaker_matches(e.quote.speaker, person)][:limit]
        theirs = {(entry.article_id, entry.quote.start) for entry in own}
        return [
            group
            for group in group_quotes(around)
            if any((e.article_id, e.quote.start) in theirs for e in group.appearances)
        ]

    def close(self) -> None:
        with self._lock:
            self._close_derived()
            self.bookmarks.close()
            back_up_state(self.folder, self.state, self.notices)
            self.state.close()


def _with_copies(summary: ArticleSummary, others: tuple[str, ...]) -> ArticleSummary:
    return replace(summary, copies=others)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
