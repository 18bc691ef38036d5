"""The start screen: every article, or the hits of a search typed in the box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.timer import Timer
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from reader.app.keys import bindings_for
from reader.app.messages import (
    FeedsProgress,
    FollowedMarks,
    ImportDone,
    ImportProgress,
    ImportStarted,
    SearchDone,
    SearchesRecalled,
    SearchRefused,
    SummariesLoaded,
    WaitingForWriter,
)
from reader.app.screens.base import ReaderScreen
from reader.app.widgets.article_list import ArticleList, Row
from reader.app.widgets.key_footer import KeyFooter
from reader.app.widgets.progress_panel import ProgressPanel
from reader.history import ScreenKind
from reader.recall import MAX_SEARCHES, Recall
from reader.wording import plural

if TYPE_CHECKING:
    from reader.catalog import ArticleSummary
    from reader.importer import ImportReport
    from reader.library import LibraryDamaged
    from reader.search import SearchResult

SEARCH_DELAY = 0.15  # seconds of no typing before a search starts
PAGE = 200  # hits fetched at a time
FIRST_SCREENFUL = 100  # articles shown while the whole list loads
BROWSE_SORTS = ("date", "title")
SEARCH_SORTS = ("relevance", "date")
NO_ARTICLES = (
    "No articles yet.\n\n"
    "Import a folder from a shell:  reader index ~/news\n"
    "or start the app with it:      reader ~/news"
)


class LibraryScreen(ReaderScreen):
    KIND = ScreenKind.LIBRARY
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[ArticleSummary] = []
        self.query_text = ""  # the query whose hits are shown ("" = browsing)
        self.result: SearchResult | None = None
        self.suggestion = ""  # the corrected query offered under the search box
        self.recall = Recall()  # earlier searches, for up and down in the search box
        self._recalled = ""  # the text the recall last put in the search box
        self.browse_sort = "date"
        self.search_sort = "relevance"
        self._search_timer: Timer | None = None
        self._loading_more = False
        self._next_offset = 0  # where the next page of hits starts
        # The hits shown and their copies: a next page leaves those stories out.
        self._shown_stories: frozenset[str] = frozenset()
        self.repairing = False  # a repair runs (see `repair`)
        self.importing = False  # an import or a repair runs (the panel is theirs)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder=f"Search ({self.keys('library.search')}):"
            ' words, "a phrase", OR, NOT, title: date: person: quote:',
            id="search",
        )
        yield Static(id="suggestion", markup=False)
        yield ArticleList(id="articles")
        yield ProgressPanel(id="import-panel")
        yield Static("Opening the library…", id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ArticleList).show([], empty_text="Opening the library…")
        self.query_one(ArticleList).focus()
        # Opened after the first frame is drawn (the work shares the GIL with
        # drawing), and only now, so the answer always finds this screen ready.
        self.call_after_refresh(self.reader.open_library)

    # Loading -----------------------------------------------------------------

    def library_ready(self) -> None:
        self.load_summaries(select_last_read=True)
        self.load_recall()
        if self.query_one("#search", Input).value.strip():
            self._run_query()  # typed while the library was opening

    def library_failed(self, message: str) -> None:
        self.query_one(ArticleList).show([], empty_text=f"Cannot open the library.\n\n{message}")
        self._status(message)

    @work(thread=True, exclusive=True, group="summaries", exit_on_error=False)
    def load_summaries(self, select_last_read: bool = False) -> None:
        """Every article (`SummariesLoaded`), a first screenful first when there are many;
        with `select_last_read`, the read marks and the cursor on the last article read."""
        library, state = self.reader.library, self.reader.state
        if library is None:
            return
        read_ids: set[str] | None = None
        select = None
        if select_last_read and state is not None:
            read_ids = state.read_ids()
            last = state.last_read()
            select = last.article_id if last else None
        if library.count() > FIRST_SCREENFUL:
            # A screenful sorted by SQLite first, so a large library shows at once;
            # the whole list (a second at 100,000 articles) follows.
            first = library.summaries(limit=FIRST_SCREENFUL)
            self.post_message(SummariesLoaded(first, partial=True, read_ids=read_ids))
        self.post_message(SummariesLoaded(library.summaries(), select, read_ids=read_ids))
        self.post_message(FollowedMarks(library.new_for_followed()))

    def on_screen_resume(self) -> None:
        # Back from a person's page, where following changes and new articles are seen.
        if self.reader.library is not None:
            self.load_followed_marks()

    @work(thread=True, exclusive=True, group="followed", exit_on_error=False)
    def load_followed_marks(self) -> None:
        """The new articles of the people followed (`FollowedMarks`)."""
        library = self.reader.library
        if library is not None:
            self.post_message(FollowedMarks(library.new_for_followed()))

    def on_followed_marks(self, message: FollowedMarks) -> None:
        self.query_one(ArticleList).mark_followed(message.article_ids)

    @work(thread=True, exclusive=True, group="recall", exit_on_error=False)
    def load_recall(self) -> None:
        """The searches of earlier runs (`SearchesRecalled`)."""
        state = self.reader.state
        if state is not None:
            self.post_message(SearchesRecalled(state.searches()))

    def on_searches_recalled(self, message: SearchesRecalled) -> None:
        this_run = self.recall.searches
        self.recall = Recall(message.searches)
        for query in this_run:
            self.recall.add(query)

    def _remember_search(self) -> None:
        """The text of the search box is a search to recall later (it was
        submitted, or a hit of it opened)."""
        text = self.query_one("#search", Input).value.strip()
        if text:
            self.recall.add(text)
            self.store_search(text)

    @work(thread=True, group="recall-store", exit_on_error=False)
    def store_search(self, text: str) -> None:
        state = self.reader.state
        if state is not None:
            state.remember_search(text, MAX_SEARCHES)

    def on_summaries_loaded(self, message: SummariesLoaded) -> None:
        summaries, select_id, partial = message.summaries, message.select_id, message.partial
        if message.read_ids is not None:
            self.query_one(ArticleList).read_ids = message.read_ids
        self.summaries = summaries
        if not partial:
            self.sub_title = plural(len(summaries), "article")
        if not self.query_text:
            self._show_browse(select_id)
            if partial:
                self._status(f"the newest {plural(len(summaries), 'article')}; loading the rest…")
            if select_id is not None:
                title = next((s.title for s in summaries if s.id == select_id), "")
                if title:
                    self.notify(
                        f"Last read: {title} ({self.keys('library.open')} to go on reading)",
                        timeout=6,
                    )

    def _show_browse(self, select_id: str | None = None) -> None:
        from reader.catalog import by_title  # not on the start-up path: it loads YAML

        items = by_title(self.summaries) if self.browse_sort == "title" else self.summaries
        rows = [
            Row(s.id, s.title, s.date, s.source or s.folder, copies=len(s.copies)) for s in items
        ]
        articles = self.query_one(ArticleList)
        current = articles.selected.id if articles.selected else None
        articles.show(rows, empty_text=NO_ARTICLES, select_id=select_id or current)
        count = len(rows)
        self._status(f"{plural(count, 'article')} · sorted by {self.browse_sort}")

    # Searching ---------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        if event.value != self._recalled:
            self.recall.forget_place()  # typed: up starts from the newest search again
        if self._search_timer is not None:
            self._search_timer.stop()
        if SEARCH_DELAY <= 0:  # no pause wanted (tests): search at once
            self._run_query()
            return
        self._search_timer = self.set_timer(SEARCH_DELAY, self._run_query)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._remember_search()
        self._run_query()
        self.query_one(ArticleList).focus()

    def _run_query(self) -> None:
        text = self.query_one("#search", Input).value.strip()
        if self.reader.library is None:
            return
        if not text:
            self.query_text, self.result = "", None
            self._offer("")
            self.workers.cancel_group(self, "search")
            self._show_browse()
            return
        self._status(f"Searching for {text}…")
        self.search(text, self.search_sort, 0)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(
        self, text: str, sort: str, offset: int, shown: frozenset[str] = frozenset()
    ) -> None:
        """A page of hits (`SearchDone`); a damaged library raises `LibraryDamaged`,
        which the app's worker-error handler repairs."""
        from reader.saved import SavedSearchError, saved_name

        library = self.reader.library
        assert library is not None
        try:
            query = library.saved_query(text, self.reader.settings.searches)
        except SavedSearchError as error:
            self.post_message(SearchRefused(text, str(error)))
            return
        result = library.search(query, limit=PAGE, offset=offset, sort=sort, shown=shown)
        name = saved_name(text)
        if name is not None and not offset:
            library.open_saved_search(name)  # its articles are no longer new
        if not get_current_worker().is_cancelled:
            self.post_message(SearchDone(text, result, offset))

    def on_search_refused(self, message: SearchRefused) -> None:
        self.query_text, self.result = "", None
        self._offer("")
        self.query_one(ArticleList).show([], empty_text=message.reason)
        self._status(message.reason)

    def on_search_done(self, message: SearchDone) -> None:
        text, result, offset = message.text, message.result, message.offset
        self._loading_more = False
        if not offset:
            self._offer(result.suggestions[0] if result.suggestions else "")
        if result.query.finds_nothing:
            # Nothing searchable typed ("*", a lone quote): keep the plain list and
            # say why, rather than an empty list or every article as a "hit".
            self.query_text, self.result = "", None
            self._show_browse()
            self._status("\n".join(result.problems))
            return
        rows = [
            Row(
                h.id,
                h.title,
                h.date,
                h.source or h.folder,
                h.snippet,
                h.title_marks,
                copies=len(h.duplicates),
            )
            for h in result.hits
        ]
        articles = self.query_one(ArticleList)
        # The query itself, not the `@NAME` typed: what opened articles mark.
        self.query_text = result.query.text
        # Copies of one story are one row: the next page starts after those left out.
        self._next_offset = offset + len(result.hits) + result.collapsed
        stories = result.story_ids()
        self._shown_stories = self._shown_stories | stories if offset else stories
        if offset:
            articles.append(rows)
            if not rows:
                self._load_more()  # a page of copies only: go on to the next one
        else:
            self.result = result
            problems = "\n".join(result.problems)
            empty = f"No articles match {text}" + (f"\n\n{problems}" if problems else "")
            articles.show(rows, empty_text=empty)
        shown = len(articles.rows)
        about = "about " if result.total_is_estimate else ""
        status = (
            f"{about}{plural(result.total, 'hit')} · {result.seconds * 1000:.0f} ms"
            f" · sorted by {self.search_sort}"
        )
        if self._next_offset < result.total:
            status += f" · showing {shown:,}"
        if result.problems:
            # On lines of their own, wrapped: on one line, 80 columns cut them to
            # "unbalanced quote: the words after it", leaving out what was guessed.
            status += "\n" + "\n".join(result.problems)
        self._status(status)

    def _offer(self, suggestion: str) -> None:
        """Show `suggestion` under the search box ("" hides the line)."""
        self.suggestion = suggestion
        line = self.query_one("#suggestion", Static)
        line.display = bool(suggestion)
        if suggestion:
            keys = self.keys("library.accept_suggestion")
            line.update(f"Did you mean {suggestion}?  ({keys} to search for it)")

    def action_accept_suggestion(self) -> None:
        if not self.suggestion:
            self.notify("No other spelling to suggest", timeout=2)
            return
        search = self.query_one("#search", Input)
        search.value = self.suggestion  # searched as if typed
        search.cursor_position = len(search.value)

    @on(ArticleList.NearEnd)
    def _load_more(self) -> None:
        result = self.result
        if (
            self.query_text
            and result
            and not self._loading_more
            and self._next_offset < result.total
        ):
            self._loading_more = True
            self.search(self.query_text, self.search_sort, self._next_offset, self._shown_stories)

    # Importing and repairing -------------------------------------------------

    def start_import(self, paths: list[Path], *, repair: bool = False) -> None:
        """Import `paths` in a worker; first, with `repair`, finish what opening the
        library left to do (re-importing, re-indexing: see `Library.pending`)."""
        self.importing = True
        self.import_folders(paths, repair)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def import_folders(self, paths: list[Path], repair: bool) -> None:
        """Repair and/or import, posting `ImportStarted`, `ImportProgress` and
        `ImportDone` for each."""
        from reader.lock import LibraryBusy

        library = self.reader.library
        assert library is not None
        worker = get_current_worker()

        def stop() -> bool:
            return worker.is_cancelled

        def waiting(holder: str) -> None:
            self.post_message(WaitingForWriter(holder))

        jobs: list[tuple[str, Callable[[], ImportReport | None]]] = []
        if repair:
            jobs.append(
                (
                    "Repairing the library",
                    lambda: library.repair(self._progress, stop, self._phase),
                )
            )
        if paths:
            jobs.append(
                (
                    f"Importing {', '.join(map(str, paths))}",
                    lambda: library.import_paths(paths, self._progress, stop, on_wait=waiting),
                )
            )
        for label, job in jobs:
            self._phase(label)
            try:
                report = job()
            except LibraryBusy as busy:
                self.post_message(ImportDone(None, error=str(busy)))
                return
            notices = list(library.notices)
            library.notices.clear()
            self.post_message(ImportDone(report, notices=notices))

    def repair(self, damage: LibraryDamaged) -> None:
        """A worker met a damaged file: repair the library in the import worker (once,
        however many workers meet it), then search again."""
        if self.repairing:
            return
        self.repairing = self.importing = True
        self.notify(f"{damage}: repairing the library", severity="warning", timeout=10)
        self.heal_library(damage)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def heal_library(self, damage: LibraryDamaged) -> None:
        library = self.reader.library
        assert library is not None
        self._phase("Repairing the library")
        library.heal(damage, self._progress, self._phase)
        notices = list(library.notices)
        library.notices.clear()
        self.post_message(ImportDone(None, notices=notices, repaired=True))

    def _progress(self, done: int, total: int, path: str = "") -> None:
        self.post_message(ImportProgress(done, total))

    def _phase(self, label: str) -> None:
        self.post_message(ImportStarted(label))

    def on_waiting_for_writer(self, message: WaitingForWriter) -> None:
        self.waiting_for_writer(message.holder)

    def waiting_for_writer(self, holder: str) -> None:
        """Another process holds the library's write lock: say so over the progress bar."""
        self._show_import_panel(f"Waiting: {holder}")

    def on_import_started(self, message: ImportStarted) -> None:
        self._show_import_panel(message.label)

    def _show_import_panel(self, label: str) -> None:
        self.query_one(ProgressPanel).begin(label)

    def on_import_progress(self, message: ImportProgress) -> None:
        self.query_one(ProgressPanel).advance(message.done, max(message.total, 1))

    def on_import_done(self, message: ImportDone) -> None:
        report = message.report
        self.query_one(ProgressPanel).end()
        self.importing = False
        self.reader.import_ended()
        for notice in message.notices:
            self.notify(notice, timeout=8)
        if message.repaired:
            self.repairing = False
        if report is None:
            if message.error:
                self.notify(message.error, title="Import", severity="error", timeout=15)
            self.load_summaries()
            if message.repaired and self.query_one("#search", Input).value.strip():
                self._run_query()
            return
        problems = [str(p) for p in report.problems]
        for line in problems[:5]:
            self.notify(line, title="Import", severity="warning", timeout=15)
        if len(problems) > 5:
            self.notify(
                f"{plural(len(problems) - 5, 'more problem')}: run `reader index` to see them all",
                title="Import",
                severity="warning",
                timeout=15,
            )
        self.notify(report.summary(), title="Import done", timeout=10)
        self.load_summaries()
        if self.query_text:
            self.search(self.query_text, self.search_sort, 0)

    # Feeds -------------------------------------------------------------------

    def feeds_progress(self, message: FeedsProgress) -> None:
        """A refresh of the feeds runs (the app's worker): its line and bar."""
        if not self.importing:  # else the panel shows the import, which the refresh waits for
            self.query_one(ProgressPanel).show(message.label, message.done, message.total)

    def feeds_ended(self) -> None:
        if not self.importing:
            self.query_one(ProgressPanel).end()

    def articles_arrived(self) -> None:
        """New or changed articles (a feed's): the list, and the hits, again."""
        self.load_summaries()
        if self.query_text:
            self.search(self.query_text, self.search_sort, 0)

    def show_query(self, text: str) -> None:
        """Search for `text` as if typed (the articles of one feed, a saved search)."""
        self.query_one("#search", Input).value = text
        self._run_query()
        self.query_one(ArticleList).focus()

    # Actions -----------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_open(self) -> None:
        self.query_one(ArticleList).open_selected()

    @on(ArticleList.Opened)
    def _open(self, event: ArticleList.Opened) -> None:
        self.query_one(ArticleList).mark_read(event.article_id)
        if self.query_text:
            self._remember_search()
        self.reader.open_article(event.article_id, query=self.query_text)

    def action_cursor_down(self) -> None:
        articles = self.query_one(ArticleList)
        search = self.query_one("#search", Input)
        if search.has_focus and self.recall.recalling:
            self._show_recalled(self.recall.newer())
        elif search.has_focus:
            articles.focus()  # down from the search box lands on the first hit
        else:
            articles.move(1)

    def action_cursor_up(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self._show_recalled(self.recall.older(search.value))
        else:
            self.query_one(ArticleList).move(-1)

    def _show_recalled(self, text: str | None) -> None:
        """Put an earlier search (or the text typed before) in the box, and search it."""
        if text is None:
            self.app.bell()
            return
        search = self.query_one("#search", Input)
        self._recalled = text
        search.value = text
        search.cursor_position = len(text)

    def action_cursor_first(self) -> None:
        self.query_one(ArticleList).move_to(0)

    def action_cursor_last(self) -> None:
        self.query_one(ArticleList).move_to(-1)

    def action_page_down(self) -> None:
        self.query_one(ArticleList).move_page(1)

    def action_page_up(self) -> None:
        self.query_one(ArticleList).move_page(-1)

    def action_toggle_sort(self) -> None:
        if self.query_text:
            self.search_sort = _next(SEARCH_SORTS, self.search_sort)
            self.search(self.query_text, self.search_sort, 0)
        else:
            self.browse_sort = _next(BROWSE_SORTS, self.browse_sort)
            self._show_browse()
        self.notify(
            f"Sorted by {self.search_sort if self.query_text else self.browse_sort}", timeout=2
        )

    def action_clear_search(self) -> None:
        self.query_one("#search", Input).value = ""
        self._run_query()

    def dismiss_transient(self) -> bool:
        """Back leaves the search box for the list (the library is never left)."""
        if self.query_one("#search", Input).has_focus:
            self.query_one(ArticleList).focus()
            return True
        return False

    def _status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)


def _next(options: tuple[str, ...], current: str) -> str:
    return options[(options.index(current) + 1) % len(options)]
