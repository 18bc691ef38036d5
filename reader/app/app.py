"""The reader app: opens the library off the UI thread, owns navigation
(screens as a stack, forward places in `History`), settings and the keymap."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from reader.actions import ACTIONS
from reader.app.keys import bindings_for, display_keys, key_hint, keymap_of
from reader.app.messages import LibraryFailed, LibraryOpened, Notice, WaitingForWriter
from reader.app.screens.base import PlaceScreen, ReaderScreen
from reader.app.screens.confirm import ConfirmScreen
from reader.app.screens.library import LibraryScreen
from reader.config import Settings
from reader.faults import fail_point
from reader.history import History, Place, ScreenKind
from reader.resources import bundled

if TYPE_CHECKING:
    from reader.library import Library
    from reader.state import ReadingState


# Configuration problems shown as toasts at start: more would fill the screen.
SHOWN_PROBLEMS = 3


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

    def on_library_failed(self, message: LibraryFailed) -> None:
        self.library_screen.library_failed(message.reason)
        self.notify(message.reason, title="Cannot open the library", severity="error", timeout=30)

    def on_waiting_for_writer(self, message: WaitingForWriter) -> None:
        self.library_screen.waiting_for_writer(message.holder)

    def on_notice(self, message: Notice) -> None:
        self.notify(message.text, title=message.title, severity=message.severity)

    # Worker errors -----------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
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
    from reader.app.screens.following import FollowingScreen
    from reader.app.screens.people import PeopleScreen
    from reader.app.screens.person import PersonScreen

    return {
        screen.KIND: screen
        for screen in (ArticleScreen, PersonScreen, PeopleScreen, BookmarksScreen, FollowingScreen)
    }
