"""More like this: the articles most similar to one article, best first; enter
opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.app.keys import bindings_for
from reader.app.messages import SimilarLoaded
from reader.app.screens.filtered import ListCursorActions
from reader.app.widgets.entry_list import EntryList
from reader.app.widgets.key_footer import KeyFooter
from reader.history import Place, ScreenKind
from reader.wording import plural

if TYPE_CHECKING:
    from reader.similar import SimilarResult

SHOWN = 30  # similar articles listed


class SimilarScreen(ListCursorActions):
    KIND = ScreenKind.SIMILAR
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)

    def __init__(self, place: Place) -> None:
        super().__init__(place)
        self.article_id = place.target
        self.result: SimilarResult | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="similar-title")
        yield Static("Looking for similar articles…", id="similar-facts")
        yield EntryList(id="similar-entries")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """The articles most like this one (`SimilarLoaded`)."""
        library = self.reader.library
        if library is None:
            return
        self.post_message(SimilarLoaded(library.similar(self.article_id, SHOWN)))

    def on_similar_loaded(self, message: SimilarLoaded) -> None:
        result = message.result
        facts = self.query_one("#similar-facts", Static)
        if result is None:
            facts.update("This article is no longer in the library.")
            return
        self.result = result
        self.query_one("#similar-title", Static).update(Text(f"More like {result.title}"))
        about = f"{plural(len(result.hits), 'article')} · key terms: {', '.join(result.terms)}"
        if result.copies:
            about += f" · {plural(result.copies, 'copy', 'copies')} of it left out"
        facts.update(Text(about))
        part = self.query_one(EntryList).part
        options = []
        for hit in result.hits:
            prompt = Text()
            prompt.append(hit.title, style=part("name"))
            prompt.append(f"  {hit.date or 'undated'}", style=part("detail"))
            snippet = Text("\n  " + hit.snippet.text)
            for start, end in hit.snippet.marks:
                snippet.stylize(part("mention"), start + 3, end + 3)
            prompt.append_text(snippet)
            options.append(Option(prompt))
        entries = self.query_one(OptionList)
        entries.clear_options()
        entries.add_options(options)
        if options:
            entries.highlighted = max(0, min(self.start.mark, len(options) - 1))

    @on(OptionList.OptionSelected, "#similar-entries")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option_index)

    def action_open(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self._open(highlighted)

    def _open(self, index: int) -> None:
        if self.result is not None and 0 <= index < len(self.result.hits):
            self.reader.open_article(self.result.hits[index].id)

    def place(self) -> Place:
        highlighted = self.query_one(OptionList).highlighted
        return Place(self.KIND, self.article_id, mark=highlighted if highlighted is not None else 0)
