"""What the app's workers post: each message carries one domain answer to the screen
(or the app) that started the worker, which draws it.

A worker never waits on the UI thread: `post_message` queues the message and
the worker goes on.  None of these messages bubble: they are for the node the
worker posted them to.  `ImportProgress` coalesces: when the UI is behind, a
newer progress message replaces the one still waiting (see toolong's
`ScanProgress`), so an import of 100,000 files redraws the bar as often as the
screen can, not once per file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.message import Message

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from reader.articleview import ArticleView
    from reader.catalog import ArticleSummary
    from reader.feeds import FeedResult, FeedStatus, FetchReport
    from reader.importer import ImportReport
    from reader.library import Library
    from reader.peoplestore import PersonDetail
    from reader.quotegroups import QuoteGroup
    from reader.safewrite import WriteRefused
    from reader.search import SearchResult
    from reader.similar import SimilarResult

Item = TypeVar("Item")


class WorkerMessage(Message, bubble=False):
    """A worker's answer, for the node it was posted to (it does not bubble)."""

    def __init_subclass__(cls, bubble: bool | None = False, **options: Any) -> None:
        super().__init_subclass__(bubble=bubble, **options)


class Notice(WorkerMessage):
    """Something to tell the user, found in a worker (`App.notify` is for the UI thread)."""

    def __init__(self, text: str, *, title: str = "", severity: SeverityLevel = "information"):
        super().__init__()
        self.text = text
        self.title = title
        self.severity: SeverityLevel = severity


# Opening the library ------------------------------------------------------------


class LibraryOpened(WorkerMessage):
    """The library is open; `theme` is the one chosen last ("": the settings'),
    `pending` whether opening left a repair to do (`Library.pending`)."""

    def __init__(self, library: Library, *, theme: str, pending: bool) -> None:
        super().__init__()
        self.library = library
        self.theme = theme
        self.pending = pending


class LibraryFailed(WorkerMessage):
    """The library cannot be opened: `reason` is one line naming the folder."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class WaitingForWriter(WorkerMessage):
    """Another process holds the library's write lock; `holder` says who."""

    def __init__(self, holder: str) -> None:
        super().__init__()
        self.holder = holder


# The article list --------------------------------------------------------------


class SummariesLoaded(WorkerMessage):
    """Every article (or, `partial`, the newest screenful first); `select_id` is the
    article to put the cursor on (the last one read), if any; `read_ids` the
    articles read (None: not read again)."""

    def __init__(
        self,
        summaries: list[ArticleSummary],
        select_id: str | None = None,
        *,
        partial: bool = False,
        read_ids: set[str] | None = None,
    ) -> None:
        super().__init__()
        self.summaries = summaries
        self.select_id = select_id
        self.partial = partial
        self.read_ids = read_ids


class FollowedMarks(WorkerMessage):
    """The articles to mark as new for a person the user follows."""

    def __init__(self, article_ids: set[str]) -> None:
        super().__init__()
        self.article_ids = article_ids


class SearchDone(WorkerMessage):
    """A page of hits for `text`, starting at hit number `offset`."""

    def __init__(self, text: str, result: SearchResult, offset: int) -> None:
        super().__init__()
        self.text = text
        self.result = result
        self.offset = offset


class SearchesRecalled(WorkerMessage):
    """The queries searched in earlier runs, oldest first (`ReadingState.searches`)."""

    def __init__(self, searches: list[str]) -> None:
        super().__init__()
        self.searches = searches


class SearchRefused(WorkerMessage):
    """`text` names no saved search (`@NAME`) or the saved searches cannot be read:
    `reason` is one line saying which."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__()
        self.text = text
        self.reason = reason


# Importing and repairing ----------------------------------------------------------


class ImportStarted(WorkerMessage):
    """A new phase of an import or a repair, `label` saying which."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label


class ImportProgress(WorkerMessage):
    """`done` of `total` files (or articles) so far; a newer one replaces it."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ImportProgress)


class ImportDone(WorkerMessage):
    """An import or a repair ended: its `report` (None when there is none, or it
    could not run: then `error` says why) and the library's `notices`."""

    def __init__(
        self,
        report: ImportReport | None,
        *,
        error: str = "",
        notices: list[str] | None = None,
        repaired: bool = False,
    ) -> None:
        super().__init__()
        self.report = report
        self.error = error
        self.notices = notices or []
        self.repaired = repaired


# Feeds --------------------------------------------------------------------------


FETCHING_FEEDS = "Fetching feeds"


class FeedsProgress(WorkerMessage):
    """`done` of `total` feeds fetched, `name` the last; a newer one replaces it."""

    def __init__(self, done: int, total: int, name: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.name = name

    @property
    def label(self) -> str:
        """What a progress panel says meanwhile."""
        return f"{FETCHING_FEEDS}: {self.name}" if self.name else FETCHING_FEEDS

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FeedsProgress)


class FeedFetched(WorkerMessage):
    """One feed of a refresh is done, its articles in the library."""

    def __init__(self, result: FeedResult) -> None:
        super().__init__()
        self.result = result


class FeedsRefreshed(WorkerMessage):
    """A refresh ended: its `report` (None when none was due, or it could not run:
    then `error` says why), the library's `notices`, and whether the user `asked`
    for it (a refresh that was due is quiet unless it brought something)."""

    def __init__(
        self,
        report: FetchReport | None,
        *,
        error: str = "",
        notices: list[str] | None = None,
        asked: bool = True,
    ) -> None:
        super().__init__()
        self.report = report
        self.error = error
        self.notices = notices or []
        self.asked = asked


class FeedAdded(WorkerMessage):
    """A subscription was made (`status`), or not (`error` says why)."""

    def __init__(self, status: FeedStatus | None, *, error: str = "") -> None:
        super().__init__()
        self.status = status
        self.error = error


class FeedRemoved(WorkerMessage):
    """A feed was unsubscribed from, `removed` of its articles with it (or not:
    `error` says why)."""

    def __init__(self, name: str, removed: int, *, error: str = "") -> None:
        super().__init__()
        self.name = name
        self.removed = removed
        self.error = error


# Screens ------------------------------------------------------------------------


class ArticleLoaded(WorkerMessage):
    """The article screen's view of its article; None when the article is gone."""

    def __init__(self, view: ArticleView | None) -> None:
        super().__init__()
        self.view = view


class SimilarLoaded(WorkerMessage):
    """The articles most like the screen's article; None when it is gone."""

    def __init__(self, result: SimilarResult | None) -> None:
        super().__init__()
        self.result = result


class ListLoaded(WorkerMessage, Generic[Item]):
    """The items a list screen shows for its filter, and its status line; `keep` is
    the entry to keep the cursor on (None: the screen's saved place)."""

    def __init__(self, items: list[Item], status: str, keep: int | None) -> None:
        super().__init__()
        self.items = items
        self.status = status
        self.keep = keep


class PersonLoaded(WorkerMessage):
    """One person (None: nobody of that name), their quotes (each once, with every
    article repeating it) and which quotes are bookmarked, as (article id, quote text)."""

    def __init__(
        self,
        detail: PersonDetail | None,
        quotes: list[QuoteGroup],
        bookmarked: set[tuple[str, str]],
        *,
        followed: bool = False,
    ) -> None:
        super().__init__()
        self.detail = detail
        self.quotes = quotes
        self.bookmarked = bookmarked
        self.followed = followed


class FollowChanged(WorkerMessage):
    """The person of the screen is now followed (or no longer)."""

    def __init__(self, followed: bool) -> None:
        super().__init__()
        self.followed = followed


class PersonCorrected(WorkerMessage):
    """A merge or split was kept (`text` says what changed): the screen reloads."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Exported(WorkerMessage):
    """`count` bookmarks were written to `path`."""

    def __init__(self, path: Path, count: int) -> None:
        super().__init__()
        self.path = path
        self.count = count


class ExportRefused(WorkerMessage):
    """An export was not written (`refused` says why); `fmt` to try again."""

    def __init__(self, refused: WriteRefused, fmt: str) -> None:
        super().__init__()
        self.refused = refused
        self.fmt = fmt
