"""One person: who they are, the articles that mention them (newest first, with
the sentence of the mention) and their quotes; enter lands on the mention."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.app.keys import bindings_for
from reader.app.messages import PersonLoaded
from reader.app.screens.filtered import ListCursorActions
from reader.app.widgets.entry_list import EntryList
from reader.app.widgets.key_footer import KeyFooter
from reader.history import Place, ScreenKind
from reader.wording import plural

if TYPE_CHECKING:
    from reader.peoplestore import PersonDetail
    from reader.quotestore import QuoteEntry

# Appearances shown at most; a name in 10,000 articles is still one query.
MAX_APPEARANCES = 1000
MAX_QUOTES = 500


class PersonScreen(ListCursorActions):
    KIND = ScreenKind.PERSON
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)

    def __init__(self, place: Place) -> None:
        super().__init__(place)
        self.key = place.target
        self.detail: PersonDetail | None = None
        # Where each option leads: (article id, start, end).
        self.targets: dict[str, tuple[str, int, int]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="person-name")
        yield Static(id="person-facts")
        yield EntryList(id="person-entries")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#person-name", Static).update(self.key)
        self.query_one("#person-facts", Static).update("Looking for every mention…")
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """The person, their quotes and which are bookmarked (`PersonLoaded`)."""
        library = self.reader.library
        if library is None:
            return
        detail = library.person(self.key, limit=MAX_APPEARANCES)
        quotes: list[QuoteEntry] = []
        bookmarked: set[tuple[str, str]] = set()
        if detail is not None:
            quotes = library.quotes(person=detail.name, limit=MAX_QUOTES)
            bookmarked = {
                (b.article_id, b.text) for b in library.bookmarks.list(speaker=detail.name)
            }
        self.post_message(PersonLoaded(detail, quotes, bookmarked))

    def on_person_loaded(self, message: PersonLoaded) -> None:
        detail, quotes, bookmarked = message.detail, message.quotes, message.bookmarked
        entries = self.query_one(OptionList)
        if detail is None:
            self.query_one("#person-facts", Static).update(
                f"No article of the library mentions {self.key}."
            )
            return
        self.detail = detail
        self.key = detail.key
        self.query_one("#person-name", Static).update(Text(detail.name))
        self.query_one("#person-facts", Static).update(self._facts(detail, len(quotes)))
        part = self.query_one(EntryList).part
        options: list[Option | None] = [
            Option(Text(f"Articles ({detail.article_count:,})", part("heading")), disabled=True)
        ]
        for i, seen in enumerate(detail.appearances):
            option_id = f"a{i}"
            self.targets[option_id] = (seen.article_id, seen.start, seen.end)
            prompt = Text()
            prompt.append(seen.title, style=part("name"))
            prompt.append(f"  {seen.date or 'undated'}")
            if seen.mention_count > 1:
                prompt.append(f"  ×{seen.mention_count}")
            sentence = Text("\n  " + seen.sentence.replace("\n", " "))
            at = seen.start - seen.sentence_start + 3
            sentence.stylize(part("mention"), at, at + seen.end - seen.start)
            prompt.append_text(sentence)
            options.append(Option(prompt, id=option_id))
        if quotes:
            options.append(None)
            options.append(
                Option(Text(f"Quotes ({len(quotes):,})", part("heading")), disabled=True)
            )
        for i, entry in enumerate(quotes):
            option_id = f"q{i}"
            quote = entry.quote
            self.targets[option_id] = (entry.article_id, quote.start, quote.end)
            prompt = Text()
            if (entry.article_id, quote.text) in bookmarked:
                prompt.append("★ ", style=part("mark"))
            prompt.append(f"“{quote.text}”".replace("\n", " "))
            prompt.append(f"\n  {entry.title} · {entry.date or 'undated'}", style=part("detail"))
            options.append(Option(prompt, id=option_id))
        entries.clear_options()
        entries.add_options(options)
        index = self.start.mark if self.start.mark >= 0 else 1
        entries.highlighted = min(index, entries.option_count - 1)

    def _facts(self, detail: PersonDetail, quote_count: int) -> Text:
        text = Text()
        text.append(
            f"{plural(detail.article_count, 'article')}, "
            f"{plural(detail.mention_count, 'mention')}, {plural(quote_count, 'quote')}"
        )
        if detail.aliases:
            text.append(f" · also written {', '.join(detail.aliases)}")
        if detail.candidates:
            names = ", ".join(f"{c.name} ({c.article_count})" for c in detail.candidates)
            text.append(f"\n“{detail.name}” alone may be {names}: kept apart from them.")
        if detail.ambiguous_aliases:
            names = ", ".join(c.name for c in detail.ambiguous_aliases)
            text.append(
                f"\nArticles that only say {names} may mean this person or another:"
                " they are listed apart."
            )
        return text

    # Actions -----------------------------------------------------------------

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_open(self) -> None:
        entries = self.query_one(OptionList)
        if entries.highlighted is not None:
            self._open(entries.get_option_at_index(entries.highlighted).id)

    def _open(self, option_id: str | None) -> None:
        target = self.targets.get(option_id or "")
        if target is not None:
            article_id, start, end = target
            self.reader.open_article(article_id, span=(start, end))

    def place(self) -> Place:
        highlighted = self.query_one(OptionList).highlighted
        return Place(self.KIND, self.key, mark=highlighted if highlighted is not None else -1)
