"""The library: the one API that the command line and the app use.

A library is a folder holding `catalog.sqlite` (files, articles) and `index/`
(Whoosh).  Nothing here knows about Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from reader.bookmarks import FILE_NAME as BOOKMARKS_FILE
from reader.bookmarks import Bookmark, BookmarkStore
from reader.catalog import CATALOG_SCHEMA_VERSION, ArticleSummary, Catalog, StoredArticle
from reader.extraction import analyse_for_catalog, quotes_from_json
from reader.importer import Analyse, Importer, ImportReport, Progress, refill_index
from reader.index import INDEX_SCHEMA_VERSION, create_index, open_index
from reader.people import Person
from reader.peoplestore import Appearance, PeopleStore, PersonDetail, PersonRef, PersonSummary
from reader.query import expand_people, parse
from reader.quotes import Quote
from reader.quotestore import QuoteEntry, library_quotes
from reader.resources import bundled
from reader.search import SORTS, SearchResult, run_search

__all__ = [
    "SORTS",
    "Appearance",
    "Library",
    "Person",
    "PersonDetail",
    "PersonRef",
    "PersonSummary",
]


# Set while a catalog of another version is being re-imported from its folders.
REIMPORT_PENDING = "reimport_pending"


class Library:
    """An open library.  Safe to call from several threads (calls are serialised).

    `notices` holds one-line messages about what opening did (a first-time
    import of the bundled seeds, an index rebuilt for a newer schema).
    """

    def __init__(
        self,
        folder: Path,
        *,
        seed: bool = True,
        analyse: Analyse | None = analyse_for_catalog,
        reimport_now: bool = True,
    ) -> None:
        """Open (or create) the library in `folder`.

        `analyse` finds each imported article's people and quotes (builtin
        people backend by default); None imports without them.  A catalog made
        by another version is re-imported from its folders before this returns,
        unless `reimport_now` is False: then `pending_reimport` lists the
        folders and `finish_reimport` does it (the app, with a progress bar).
        """
        self.folder = folder
        self.analyse = analyse
        self.notices: list[str] = []
        self._lock = threading.RLock()
        self._import_lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)
        # Bookmarks live in a file of their own: rebuilding the catalog never touches them.
        self.bookmarks = BookmarkStore(folder / BOOKMARKS_FILE)
        catalog_path = folder / "catalog.sqlite"
        is_new = not catalog_path.exists()
        self.catalog = Catalog(catalog_path)
        reimport: list[Path] = []
        if is_new:
            self.catalog.mark_schema_current()
        elif self.catalog.schema_version != CATALOG_SCHEMA_VERSION:
            reimport = self._start_new_catalog()
        elif self.catalog.get_meta(REIMPORT_PENDING) == "1":
            reimport = [path for path in self.catalog.roots().values() if path.exists()]
            self.notices.append("finishing a re-import that was interrupted")
        self.ix, created = open_index(folder / "index")
        stored_version = self.catalog.get_meta("index_schema")
        if created or stored_version != str(INDEX_SCHEMA_VERSION):
            if self.catalog.count():
                reason = (
                    "was missing or unreadable"
                    if created
                    else f"was built for schema {stored_version}, now {INDEX_SCHEMA_VERSION}"
                )
                self.notices.append(
                    f"search index {reason}: rebuilt from {self.catalog.count():,} articles"
                )
                self._refill_index()
            self.catalog.set_meta("index_schema", str(INDEX_SCHEMA_VERSION))
        self._searcher = self.ix.searcher()
        self.pending_reimport = reimport
        if reimport and reimport_now:
            report = self.finish_reimport()
            self.notices.extend(str(p) for p in report.problems)
        if is_new and seed:
            report = self.import_paths([bundled("seeds")])
            self.notices.append(f"new library in {folder}: imported the bundled sample articles")
            self.notices.extend(str(p) for p in report.problems)
        # An import killed part-way leaves queued people changes: finish them.
        self._people.refresh()

    # Importing -----------------------------------------------------------------

    def import_paths(
        self,
        paths: list[Path],
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Add new and changed files under `paths`, drop deleted ones.

        Raises `ImportBusy` when another process is importing into this library.
        """
        # The import writes through a connection of its own and does not hold the
        # library's lock, so the app can search and read while it runs; readers
        # see each batch once it is committed.
        with self._import_lock:
            writer_catalog = Catalog(self.catalog.path)
            try:
                importer = Importer(writer_catalog, self.ix, self.analyse, progress, should_stop)
                report = importer.run(paths)
            finally:
                writer_catalog.close()
            with self._lock:
                if report.changed:
                    self._reanchor_bookmarks()
                self._people.refresh()
                if report.changed:
                    # Searcher.refresh() fails on a searcher of an empty index.
                    self._searcher.close()
                    self._searcher = self.ix.searcher()
            return report

    def finish_reimport(
        self,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Re-import the folders of a catalog made by another version (`pending_reimport`)."""
        report = self.import_paths(self.pending_reimport, progress, should_stop)
        if not report.interrupted:
            self.catalog.set_meta(REIMPORT_PENDING, "0")
            self.pending_reimport = []
        return report

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

    def _refill_index(self) -> None:
        self.ix = create_index(self.folder / "index")
        refill_index(self.catalog, self.ix)

    def _start_new_catalog(self) -> list[Path]:
        """Replace a catalog of another schema by an empty one; its folders to re-import."""
        roots = self.catalog.roots()
        self.catalog.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.catalog.path}{suffix}").unlink(missing_ok=True)
        self.catalog = Catalog(self.catalog.path)
        self.catalog.mark_schema_current()
        self.catalog.set_meta("index_schema", "stale")
        # Kept before importing, so a kill during the re-import loses no folder.
        for name, path in roots.items():
            self.catalog.set_root(name, path)
        self.catalog.set_meta(REIMPORT_PENDING, "1")
        self.notices.append(
            f"library catalog was made by another version: re-importing {len(roots)} folder(s)"
        )
        return [path for path in roots.values() if path.exists()]

    # Reading -----------------------------------------------------------------

    def search(
        self, text: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance"
    ) -> SearchResult:
        """Search with the query language of `reader.query`; never raises for bad queries."""
        with self._lock:
            # person:"Xabi Alonso" also finds articles naming only "Alonso" when linked.
            parsed = expand_people(parse(text), self._people.same_person_keys)
            return run_search(
                self._searcher, self.catalog, parsed, limit=limit, offset=offset, sort=sort
            )

    def article(self, article_id: str) -> StoredArticle | None:
        with self._lock:
            found = self.catalog.article(article_id)
            if found is None and 4 <= len(article_id) < 16:
                candidates = self.catalog.find_ids(article_id)
                if len(candidates) == 1:
                    found = self.catalog.article(candidates[0])
            return found

    def summaries(self, limit: int | None = None) -> list[ArticleSummary]:
        """Every article (or the first `limit`), newest first (undated last), then by title."""
        if limit is not None:
            with self._lock:
                return list(self.catalog.summaries(newest=limit))
        with self._lock:
            items = list(self.catalog.summaries())
        items.sort(key=lambda s: s.title.casefold())
        items.sort(key=lambda s: s.date, reverse=True)
        return items

    def count(self) -> int:
        with self._lock:
            return self.catalog.count()

    # People ------------------------------------------------------------------

    @property
    def _people(self) -> PeopleStore:
        return PeopleStore(self.catalog.db)

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
            return self._people.summaries(text_filter, limit, offset)

    def person(self, key_or_name: str, limit: int | None = None) -> PersonDetail | None:
        """One person by key or name ("jurgen klopp", "Jürgen Klopp", a linked "Alonso").

        Appearances are newest first, each at the article's first mention with
        its sentence; `limit` caps them.  None when no article names the person.
        """
        with self._lock:
            return self._people.detail(key_or_name, limit)

    def article_people(self, article_id: str) -> list[Person]:
        """The people of one article by first mention, under their library-wide names.

        `key` is the key to pass to `person`; mentions index the article body and
        are sorted by position.  Empty for an unknown article or one naming nobody.
        """
        with self._lock:
            return self._people.article_people(article_id)

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
        with self._lock:
            article = self.catalog.article(article_id)
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
            texts = self.catalog.texts([article_id])
        row = texts.get(article_id)
        return quotes_from_json(row.quotes) if row else []

    def quotes(self, person: str | None = None, limit: int | None = None) -> list[QuoteEntry]:
        """Quotes of the library, newest article first; `person` filters by speaker name."""
        with self._lock:
            return library_quotes(self.catalog.db, person, limit)

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self.ix.close()
            self.catalog.close()
            self.bookmarks.close()
