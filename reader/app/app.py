"""The reader app: opens the library off the UI thread, owns navigation
(screens as a stack, forward places in `History`), settings and the keymap."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from reader.actions import ACTIONS
from reader.app.keys import bindings_for, display_keys, key_hint, keymap_of
from reader.app.messages import (
    FeedAdded,
    FeedFetched,
    FeedRemoved,
    FeedsProgress,
    FeedsRefreshed,
    LibraryFailed,
    LibraryOpened,
    Notice,
    WaitingForWriter,
)
from reader.app.screens.base import PlaceScreen, ReaderScreen
from reader.app.screens.confirm import ConfirmScreen
from reader.app.screens.library import LibraryScreen
from reader.config import Settings
from reader.faults import fail_point
from reader.history import History, Place, ScreenKind
from reader.resources import bundled
from reader.wording import plural

if TYPE_CHECKING:
    from reader.app.screens.feeds import FeedsScreen
    from reader.feeds import FeedResult, Feeds
    from reader.library import Library
    from reader.state import ReadingState


# Configuration problems shown as toasts at start: more would fill the screen.
SHOWN_PROBLEMS = 3
# How often the app asks whether the feeds are due (`feeds.refresh_minutes`).
REFRESH_CHECK_SECONDS = 60.0
# Problems of one refresh shown as toasts; `reader fetch` lists them all.
SHOWN_FEED_PROBLEMS = 3


class ReaderApp(App[None], inherit_bindings=False):
    """`library_folder` is opened (and created) in a worker; `import_paths` are
    imported once it is open, with a progress bar.

    Textual's own app bindings (ctrl+q, ctrl+c) are not inherited: every key
    of the app is one of ours, with an id, so the keymap, the help screen and
    `reader config show` know them all (quit is `q` and `ctrl+q` by default).
    """

    CSS_PATH = str(bundled("styles") / "app.tcss")
    TITLE = "reader"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("app")

    def __init__(
        self,
        library_folder: Path,
        settings: Settings,
        *,
        import_paths: Iterable[Path] = (),
        seed: bool = True,
    ) -> None:
        super().__init__()
        self.library_folder = library_folder
        self.settings = settings
        self.import_paths = list(import_paths)
        self.seed = seed
        self.library: Library | None = None
        self.state: ReadingState | None = None
        # One line saying the app stopped on an error and where its details are.
        self.crash: str | None = None
        self.history = History()
        self.set_keymap(keymap_of(settings))
        self._feeds: Feeds | None = None
        self._feeds_guard = threading.Lock()
        self.refreshing = False  # a refresh of the feeds runs
        self._refresh_checks_started = False

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing handled: keep its traceback in the library's error log
        and say where in one line, instead of Textual's traceback on the terminal."""
        from reader.errorlog import log_error, one_line

        folder = self.library_folder if self.library_folder.is_dir() else None
        log = log_error(folder, error)
        self.crash = (
            f"the app stopped on an unexpected error ({type(error).__name__}:"
            f" {one_line(error)}); details in {log}"
        )
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if self.crash is None:
            super()._print_error_renderables()
        else:
            self._exit_renderables.clear()  # the traceback is in the log

    def key_hint(self, *action_ids: str) -> str:
        """The keys in effect for these actions, as hints in text show them ("n / N"):
        every key the user reads comes from here (or from the help screen)."""
        return key_hint(self.settings, *action_ids)

    def get_default_screen(self) -> Screen[None]:
        return LibraryScreen()

    def on_mount(self) -> None:
        problems = self.settings.problems
        for problem in problems[:SHOWN_PROBLEMS]:
            self.notify(str(problem), title="Configuration", severity="warning", timeout=15)
        if len(problems) > SHOWN_PROBLEMS:
            self.notify(
                f"More problems: `reader config check {problems[-1].path}` lists them",
                title="Configuration",
                severity="warning",
                timeout=15,
            )

    # Library -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def open_library(self) -> None:
        """Open (or create) the library: `LibraryOpened` or `LibraryFailed`."""
        from reader.extraction import analyser_for_config
        from reader.library import Library

        analyse, trouble = analyser_for_config(self.settings.people_backend)
        if trouble:
            self.post_message(Notice(trouble, title="Configuration", severity="warning"))

        def waiting(holder: str) -> None:
            self.post_message(WaitingForWriter(holder))

        try:
            library = Library(
                self.library_folder,
                seed=self.seed,
                analyse=analyse,
                repair_now=False,
                on_wait=waiting,
                stemming=self.settings.stemming,
            )
        except Exception as error:  # an unreadable folder, a locked file...
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            self.post_message(LibraryFailed(f"{self.library_folder}: {reason}"))
            return
        self.post_message(
            LibraryOpened(library, theme=library.state.get("theme"), pending=bool(library.pending))
        )

    def on_library_opened(self, message: LibraryOpened) -> None:
        fail_point("app-opened")
        library = message.library
        self.library, self.state = library, library.state
        self._apply_theme(message.theme or self.settings.theme)
        self.watch(self, "theme", self._remember_theme, init=False)
        for notice in library.notices:
            self.notify(notice, timeout=8)
        library.notices.clear()
        self.library_screen.library_ready()
        if self.import_paths or message.pending:
            self.library_screen.start_import(self.import_paths, repair=message.pending)
        else:
            self.import_ended()

    def on_library_failed(self, message: LibraryFailed) -> None:
        self.library_screen.library_failed(message.reason)
        self.notify(message.reason, title="Cannot open the library", severity="error", timeout=30)

    def on_waiting_for_writer(self, message: WaitingForWriter) -> None:
        self.library_screen.waiting_for_writer(message.holder)

    def on_notice(self, message: Notice) -> None:
        self.notify(message.text, title=message.title, severity=message.severity)

    # Feeds -------------------------------------------------------------------

    def feeds_api(self) -> Feeds:
        """The library's feeds, opened on first use: call it from a worker (it opens,
        and may repair, `feeds.sqlite`)."""
        from reader.feeds import Feeds

        with self._feeds_guard:
            if self._feeds is None:
                assert self.library is not None
                self._feeds = Feeds(self.library, on_wait=self._waiting)
            return self._feeds

    def _waiting(self, holder: str) -> None:
        self.post_message(WaitingForWriter(holder))

    def import_ended(self) -> None:
        """Opening, importing and repairing are done: fetch the feeds now if they are
        due, and ask again every minute (`feeds.refresh_minutes`, 0: never)."""
        if self._refresh_checks_started or self.settings.feeds_refresh_minutes <= 0:
            return
        self._refresh_checks_started = True
        self.refresh_feeds(when_due=True)
        self.set_interval(REFRESH_CHECK_SECONDS, partial(self.refresh_feeds, when_due=True))

    def refresh_feeds(self, names: tuple[str, ...] = (), *, when_due: bool = False) -> None:
        """Fetch every feed (or those named) in a worker, with a progress bar; with
        `when_due`, only if the last fetch is `feeds.refresh_minutes` old, quietly."""
        if self.library is None or self.closing:
            return
        if self.refreshing or self.library_screen.importing:
            if not when_due:
                busy = "fetching the feeds" if self.refreshing else "importing"
                self.notify(f"Already {busy}: try again when it is done", timeout=4)
            return
        self.refreshing = True
        self._fetch_feeds(names, when_due)

    @work(thread=True, group="feeds", exit_on_error=False)
    def _fetch_feeds(self, names: tuple[str, ...], when_due: bool) -> None:
        """`FeedsProgress` and `FeedFetched` as feeds are done, then `FeedsRefreshed`."""
        from reader.feeds import FeedError

        library = self.library
        assert library is not None
        worker = get_current_worker()

        def progress(done: int, total: int, name: str) -> None:
            self.post_message(FeedsProgress(done, total, name))

        def fetched(result: FeedResult) -> None:
            self.post_message(FeedFetched(result))

        try:
            feeds = self.feeds_api()
            if when_due and not feeds.refresh_due(self.settings.feeds_refresh_minutes):
                self.post_message(FeedsRefreshed(None, asked=False))
                return
            progress(0, 0, "")
            report = feeds.fetch(
                names,
                progress,
                lambda: worker.is_cancelled,
                on_wait=self._waiting,
                on_result=fetched,
            )
        except FeedError as error:  # feeds.sqlite unreadable, a feed no longer there
            self.post_message(FeedsRefreshed(None, error=str(error), asked=not when_due))
            return
        notices = list(library.notices)
        library.notices.clear()
        self.post_message(FeedsRefreshed(report, notices=notices, asked=not when_due))

    def on_feeds_progress(self, message: FeedsProgress) -> None:
        if self.closing:
            return
        self.library_screen.feeds_progress(message)
        for screen in self._feeds_screens():
            screen.feeds_progress(message)

    def on_feed_fetched(self, message: FeedFetched) -> None:
        result = message.result
        if self.closing:
            return
        if result.new or result.updated:
            self.library_screen.articles_arrived()
        for screen in self._feeds_screens():
            screen.refill_keeping_place()

    def on_feeds_refreshed(self, message: FeedsRefreshed) -> None:
        self._refresh_ended()
        if self.closing:
            return
        for notice in message.notices:
            self.notify(notice, timeout=8)
        report = message.report
        if message.error:
            self.notify(message.error, title="Feeds", severity="error", timeout=10)
        if report is None:
            return
        for result in report.failed:
            self.notify(f"{result.name}: {result.error}", title="Feeds", severity="warning",
                        timeout=15)  # fmt: skip
        for problem in report.problems[:SHOWN_FEED_PROBLEMS]:
            self.notify(problem, title="Feeds", severity="warning", timeout=15)
        if message.asked or report.new or report.updated:
            self.notify(report.summary(), title="Feeds fetched", timeout=8)

    def _refresh_ended(self) -> None:
        self.refreshing = False
        if self.closing:
            return
        self.library_screen.feeds_ended()
        for screen in self._feeds_screens():
            screen.feeds_ended()

    def _feeds_screens(self) -> list[FeedsScreen]:
        from reader.app.screens.feeds import FeedsScreen

        return [screen for screen in self.screen_stack if isinstance(screen, FeedsScreen)]

    @work(thread=True, group="feeds-add", exit_on_error=False)
    def add_feed(self, url: str) -> None:
        """Subscribe to `url` in a worker (`FeedAdded`); its articles are fetched next."""
        from reader.feeds import FeedError

        try:
            status = self.feeds_api().add(url)
        except FeedError as error:
            self.post_message(FeedAdded(None, error=str(error)))
            return
        self.post_message(FeedAdded(status))

    def on_feed_added(self, message: FeedAdded) -> None:
        status = message.status
        if self.closing:
            return
        if status is None:
            self.notify(message.error, title="Cannot subscribe", severity="error", timeout=10)
            return
        self.notify(f"Subscribed to {status.name}: fetching its articles", title="Feeds")
        for screen in self._feeds_screens():
            screen.refill_keeping_place()
        self.refresh_feeds((status.name,))

    @work(thread=True, group="feeds-remove", exit_on_error=False)
    def remove_feed(self, name: str) -> None:
        """Unsubscribe from `name` and remove its articles, in a worker (`FeedRemoved`)."""
        from reader.feeds import FeedError

        try:
            removed = self.feeds_api().remove(name, on_wait=self._waiting)
        except FeedError as error:
            self.post_message(FeedRemoved(name, 0, error=str(error)))
            return
        self.post_message(FeedRemoved(name, removed))

    def on_feed_removed(self, message: FeedRemoved) -> None:
        if self.closing:
            return
        if message.error:
            self.notify(message.error, title="Cannot unsubscribe", severity="error", timeout=10)
        else:
            removed = plural(message.removed, "article")
            self.notify(f"Unsubscribed from {message.name}; {removed} removed", title="Feeds")
            self.library_screen.articles_arrived()
        for screen in self._feeds_screens():
            screen.refill_keeping_place()

    # Worker errors -----------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "feeds" and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self._refresh_ended()
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.handle_worker_error(event.worker.error)

    def handle_worker_error(self, error: BaseException) -> None:
        """What every worker that fails comes to (their screens send it here).

        A damaged library file is repaired, once however many workers meet it,
        with the import panel's progress bar; anything else ends the app with
        one line, as an error on the UI thread does.
        """
        from reader.library import LibraryDamaged

        if isinstance(error, LibraryDamaged):
            self.library_screen.repair(error)
        elif isinstance(error, Exception):
            self._handle_exception(error)

    @property
    def closing(self) -> bool:
        """The app is ending: its screens are gone, a late worker's answer is dropped."""
        return not self.screen_stack

    @property
    def library_screen(self) -> LibraryScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, LibraryScreen)
        return screen

    # Theme -------------------------------------------------------------------

    def _apply_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
        else:
            self.notify(
                f"unknown theme '{name}': using {self.theme} (see the command palette)",
                title="Configuration",
                severity="warning",
            )

    def _remember_theme(self, name: str) -> None:
        if self.state is not None:
            self.state.set("theme", name)

    # Navigation --------------------------------------------------------------

    def open_article(
        self, article_id: str, *, query: str = "", span: tuple[int, int] | None = None
    ) -> None:
        """Jump to an article, at `span` when given (a new jump: forward is forgotten)."""
        self.history.jumped()
        self._show(Place(ScreenKind.ARTICLE, article_id, query=query, scroll=-1, span=span))

    def open_person(self, key_or_name: str) -> None:
        self.history.jumped()
        self._show(Place(ScreenKind.PERSON, key_or_name))

    def action_people(self) -> None:
        self.history.jumped()
        self._show(Place(ScreenKind.PEOPLE))

    def action_bookmarks(self) -> None:
        self.history.jumped()
        self._show(Place(ScreenKind.BOOKMARKS))

    def action_following(self) -> None:
        self.history.jumped()
        self._show(Place(ScreenKind.FOLLOWING))

    def action_feeds(self) -> None:
        self.history.jumped()
        self._show(Place(ScreenKind.FEEDS))

    def show_feed_articles(self, query: str, leaving: Place) -> None:
        """The library list filtered by `query` (one feed's), the screens above it
        closed; forward comes back to `leaving` (the Feeds screen)."""
        for screen in self.screen_stack[1:]:
            if isinstance(screen, ReaderScreen):
                screen.remember_position()
        self.history.jumped()
        self.history.went_back_from(leaving)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.library_screen.show_query(query)

    def open_similar(self, article_id: str) -> None:
        """The articles most like `article_id` (a new jump)."""
        self.history.jumped()
        self._show(Place(ScreenKind.SIMILAR, article_id, mark=0))

    def action_saved_searches(self) -> None:
        self.history.jumped()
        self._show(Place(ScreenKind.SAVED))

    def search_for(self, text: str) -> None:
        """Back to the article list, searching for `text` (a new jump)."""
        self.history.jumped()
        while len(self.screen_stack) > 1:
            screen = self.screen
            if isinstance(screen, ReaderScreen):
                screen.remember_position()
            self.pop_screen()
        self.library_screen.show_query(text)

    def _show(self, place: Place) -> None:
        if self.library is None:
            self.notify("The library is still opening", timeout=2)
            return
        self.push_screen(_place_screens()[place.kind](place))

    async def action_back(self) -> None:
        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            self.pop_screen()  # a question or a box of our own: they answer back themselves
            return
        if screen.dismiss_transient():
            return  # back closed a box or a selection first
        if len(self.screen_stack) == 1:
            return
        place = screen.place()
        if place is not None:
            self.history.went_back_from(place)
        screen.remember_position()
        self.pop_screen()

    def action_forward(self) -> None:
        place = self.history.take_forward()
        if place is None:
            self.bell()
            return
        self._show(place)

    def action_help(self) -> None:
        from reader.app.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.remember_position()
        self.workers.cancel_group(self, "feeds")  # a fetch stops between pages
        self.exit()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands (themes...) and every action of this screen, with its keys."""
        yield from super().get_system_commands(screen)
        scope = screen.KIND if isinstance(screen, ReaderScreen | ConfirmScreen) else None
        for action in ACTIONS:
            if action.scope not in ("app", scope) or action.id == "app.command_palette":
                continue
            keys = display_keys(self.settings.keys_of(action.id))
            target = self if action.scope == "app" else screen
            yield SystemCommand(
                action.short or action.description,
                f"{action.description}  · {keys}".replace("[", r"\["),
                partial(self.run_action, action.method, target),
            )


def _place_screens() -> dict[ScreenKind, Callable[[Place], PlaceScreen]]:
    """The screens the app opens at a place, by kind (imported when first needed:
    the start screen does not wait for them)."""
    from reader.app.screens.article import ArticleScreen
    from reader.app.screens.bookmarks import BookmarksScreen
    from reader.app.screens.feeds import FeedsScreen
    from reader.app.screens.following import FollowingScreen
    from reader.app.screens.people import PeopleScreen
    from reader.app.screens.person import PersonScreen
    from reader.app.screens.saved import SavedSearchesScreen
    from reader.app.screens.similar import SimilarScreen

    return {
        screen.KIND: screen
        for screen in (
            ArticleScreen,
            PersonScreen,
            PeopleScreen,
            BookmarksScreen,
            FeedsScreen,
            FollowingScreen,
            SavedSearchesScreen,
            SimilarScreen,
        )
    }
