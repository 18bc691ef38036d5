"""Reading one article: wrapped text with the search's matches, people's mentions
and quotes marked; keys step between them, open people and bookmark quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.aliases import Span
from reader.app.keys import bindings_for, widget_key_hint
from reader.app.messages import ArticleLoaded
from reader.app.screens.base import PlaceScreen
from reader.app.widgets.article_body import ArticleBody
from reader.app.widgets.key_footer import KeyFooter
from reader.history import Place, ScreenKind
from reader.reading import MarkKind, MentionMark, step
from reader.sentences import extend_by_sentence, sentence_at, shrink_by_sentence
from reader.wording import plural

if TYPE_CHECKING:
    from reader.articleview import ArticleView
    from reader.catalog import StoredArticle
    from reader.quotes import Quote


class ArticleScreen(PlaceScreen):
    KIND = ScreenKind.ARTICLE
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)
    # Below 100 columns the text needs the room: the side panel goes, and a
    # one-line status bar keeps what matters of it (styles/app.tcss).  Not a
    # ClassVar: Textual's Screen declares it as an instance variable.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    # Parts of the texts of the title and the side panel (styles/app.tcss).
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-screen--heading",
        "article-screen--match",
        "article-screen--aside",
        "article-screen--copies",
    }

    def __init__(self, place: Place) -> None:
        super().__init__(place)
        self.article_id = place.target
        self.query_text = place.query
        self.view: ArticleView | None = None
        self.article: StoredArticle | None = None
        self.matches: list[Span] = []
        self.mentions: list[MentionMark] = []
        self.quotes: list[Quote] = []
        self.bookmarked: list[Span] = []
        # The highlighted mark: which list it is in and where.
        self.current_kind = MarkKind.NONE
        self.current_index = -1
        self.selection: Span | None = None
        self.last_bookmark_id = ""
        self.found_text = ""  # what the find box found ("": the search's matches are shown)
        self._find_from = 0  # body offset the find box was opened at

    @property
    def match_index(self) -> int:
        return self.current_index if self.current_kind is MarkKind.MATCH else -1

    def compose(self) -> ComposeResult:
        yield Static(id="article-title")
        yield Static(id="article-meta")
        with Horizontal(id="article-main"):
            yield ArticleBody(id="body")
            with VerticalScroll(id="side"):
                yield Static(id="side-search", classes="side-section")
                yield Static(id="side-current", classes="side-section")
                yield Static("People", id="side-people-title", classes="side-title")
                yield OptionList(id="side-people")
                yield Static(id="side-quotes", classes="side-section")
                yield Static(id="side-info", classes="side-section")
        yield Static(id="article-status")
        yield Input(
            placeholder=f"Note for the bookmark, with #tags — {widget_key_hint(Input, 'submit')}"
            f" saves, {self.keys('app.back')} skips",
            id="note",
        )
        yield Input(
            placeholder=f"Find in this article — {widget_key_hint(Input, 'submit')} or"
            f" {self.keys('app.back')} closes, then"
            f" {self.keys('article.next_match', 'article.previous_match')} step",
            id="find",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#note").display = False
        self.query_one("#find").display = False
        self.query_one(ArticleBody).focus()
        self.load()

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load(self) -> None:
        """Read the article, its people, quotes and bookmarks (`ArticleLoaded`)."""
        library = self.reader.library
        if library is not None:
            self.post_message(ArticleLoaded(library.article_view(self.article_id, self.query_text)))

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        view = message.view
        if view is None:
            self.query_one("#article-title", Static).update("Article not found")
            self.query_one("#article-meta", Static).update(
                f"{self.article_id} is no longer in the library (deleted or re-imported)."
            )
            return
        self.view = view
        article = self.article = view.article
        self.matches = list(view.matches)
        self.mentions = list(view.mentions)
        self.quotes = list(view.quotes)
        self.bookmarked = list(view.bookmarked)
        title = Text(article.title)
        for start, end in view.title_matches:
            title.stylize(self.part("article-screen--match"), start, end)
        self.query_one("#article-title", Static).update(title)
        facts = (article.date or "undated", article.source, article.author, article.location)
        meta = Text(" · ".join(p for p in facts if p), overflow="ellipsis", no_wrap=True)
        if view.copies:
            listed = "; ".join(
                f"{copy.title} ({copy.date or 'undated'}, {copy.id})" for copy in view.copies
            )
            meta.append(
                f"\nAlso in the library as: {listed}", style=self.part("article-screen--copies")
            )
        self.query_one("#article-meta", Static).update(meta)
        self._fill_people_panel()
        self._draw()
        self.call_after_refresh(self._restore)

    def _fill_people_panel(self) -> None:
        people = self.view.people if self.view else ()
        panel = self.query_one("#side-people", OptionList)
        panel.clear_options()
        for person in people:
            panel.add_option(Option(f"{person.name}  ×{len(person.mentions)}", id=person.key))
        self.query_one("#side-people-title").display = bool(people)
        panel.display = bool(people)

    def _draw(self) -> None:
        layers: dict[str, list[Span]] = {
            "quote": self._quote_spans(),
            "bookmarked": self.bookmarked,
            "mention": self._mention_spans(),
            "match": self.matches,
        }
        if self.selection:
            layers["selection"] = [self.selection]
        body = self.query_one(ArticleBody)
        body.set_text(self.article.body if self.article else "", layers)

    def _restore(self) -> None:
        body = self.query_one(ArticleBody)
        place = self.start
        if place.span is not None:  # a mention, quote or bookmark to land on
            self._set_current(*self._find_kind(place.span), place.span, scroll=place.scroll < 0)
        if place.scroll >= 0:  # coming forward again: exactly as it was left
            body.scroll_to(y=place.scroll, animate=False, immediate=True)
        elif place.span is None and self.matches:
            self._set_current(MarkKind.MATCH, 0, self.matches[0])
        elif place.span is None and self.reader.state is not None:
            position = self.reader.state.position(self.article_id)
            body.scroll_to(y=position, animate=False, immediate=True)
        self._update_side()
        self.remember_position()

    def _find_kind(self, span: Span) -> tuple[MarkKind, int]:
        for kind, spans in (
            (MarkKind.QUOTE, self._quote_spans()),
            (MarkKind.MENTION, self._mention_spans()),
            (MarkKind.MATCH, self.matches),
        ):
            if span in spans:
                return kind, spans.index(span)
        return MarkKind.NONE, -1

    # Navigation state --------------------------------------------------------

    def place(self) -> Place:
        body = self.query_one(ArticleBody)
        return Place(
            self.KIND, self.article_id, self.query_text, int(body.scroll_y), -1, body.current
        )

    def remember_position(self) -> None:
        state = self.reader.state
        if state is not None and self.article is not None:
            state.remember(self.article_id, int(self.query_one(ArticleBody).scroll_y))

    def on_screen_suspend(self) -> None:
        self.remember_position()

    def dismiss_transient(self) -> bool:
        """Back closes the note box or drops the selection before leaving the article."""
        for box in (self.query_one("#note", Input), self.query_one("#find", Input)):
            if box.display:
                box.display = False
                self.query_one(ArticleBody).focus()
                return True
        if self.selection is not None:
            self.selection = None
            self._draw()
            self._update_side()
            return True
        return False

    # Stepping ----------------------------------------------------------------

    def _position(self) -> int:
        body = self.query_one(ArticleBody)
        if body.current is not None:
            return body.current[0]
        return body.offset_at_top()

    def _set_current(self, kind: MarkKind, index: int, span: Span, scroll: bool = True) -> None:
        self.current_kind, self.current_index = kind, index
        self.query_one(ArticleBody).set_current(span, scroll=scroll)
        self._update_side()

    def _step(self, kind: MarkKind, spans: list[Span], forward: bool, empty: str) -> None:
        if not spans:
            self.notify(empty, timeout=3)
            return
        current = self.current_index if self.current_kind == kind else -1
        index = step(spans, self._position(), forward, current)
        self._set_current(kind, index, spans[index])

    def action_next_match(self) -> None:
        self._step(MarkKind.MATCH, self.matches, True, self._no_match_text())

    def action_previous_match(self) -> None:
        self._step(MarkKind.MATCH, self.matches, False, self._no_match_text())

    def _no_match_text(self) -> str:
        if self.found_text:
            return f"No {self.found_text} in this article"
        if self.query_text:
            return "No search matches in this article"
        return "No search: open an article from a search to jump between matches"

    def action_next_mention(self) -> None:
        self._step(MarkKind.MENTION, self._mention_spans(), True, "No people found in this article")

    def action_previous_mention(self) -> None:
        self._step(
            MarkKind.MENTION, self._mention_spans(), False, "No people found in this article"
        )

    def _mention_spans(self) -> list[Span]:
        return [(m.start, m.end) for m in self.mentions]

    def action_next_same_person(self) -> None:
        self._same_person(True)

    def action_previous_same_person(self) -> None:
        self._same_person(False)

    def _same_person(self, forward: bool) -> None:
        if self.current_kind is not MarkKind.MENTION:
            self._step(MarkKind.MENTION, self._mention_spans(), forward, "No people found here")
            return
        key = self.mentions[self.current_index].key
        same = [i for i, m in enumerate(self.mentions) if m.key == key]
        at = same.index(self.current_index)
        index = same[(at + (1 if forward else -1)) % len(same)]
        mention = self.mentions[index]
        self._set_current(MarkKind.MENTION, index, (mention.start, mention.end))

    def action_next_quote(self) -> None:
        self._step(MarkKind.QUOTE, self._quote_spans(), True, "No quotes found in this article")

    def action_previous_quote(self) -> None:
        self._step(MarkKind.QUOTE, self._quote_spans(), False, "No quotes found in this article")

    def _quote_spans(self) -> list[Span]:
        return [(q.start, q.end) for q in self.quotes]

    def action_similar(self) -> None:
        self.reader.open_similar(self.article_id)

    # Finding in the article ----------------------------------------------------

    def action_find(self) -> None:
        if self.article is None:
            return
        self._find_from = self._position()
        find = self.query_one("#find", Input)
        find.display = True
        find.focus()
        find.select_all()

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        from reader.highlight import find_text

        if self.article is None or self.view is None:
            return
        self.found_text = event.value if event.value.strip() else ""
        if self.found_text:
            self.matches = find_text(self.article.body, self.found_text)
        else:
            self.matches = list(self.view.matches)  # back to the search's matches
        self.current_kind, self.current_index = MarkKind.NONE, -1
        self.query_one(ArticleBody).set_current(None, scroll=False)
        self._draw()
        if self.found_text and self.matches:
            index = step(self.matches, self._find_from, True)
            self._set_current(MarkKind.MATCH, index, self.matches[index])
        self._update_side()

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.query_one(ArticleBody).focus()

    # People ------------------------------------------------------------------

    def action_open_person(self) -> None:
        if self.current_kind is MarkKind.MENTION:
            self.reader.open_person(self.mentions[self.current_index].key)
        elif self.current_kind is MarkKind.QUOTE and self.quotes[self.current_index].speaker:
            self.reader.open_person(self.quotes[self.current_index].speaker or "")
        else:
            self.notify(
                f"Go to a person's name first: {self.keys('article.next_mention')} jumps"
                " to the next one",
                timeout=3,
            )

    @on(OptionList.OptionSelected, "#side-people")
    def _person_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.reader.open_person(event.option.id)

    # Selecting and bookmarking -----------------------------------------------

    def action_select(self) -> None:
        if self.article is None:
            return
        body = self.article.body
        if self.selection is None:
            self.selection = sentence_at(body, self._position())
        else:
            grown = extend_by_sentence(body, self.selection)
            if grown == self.selection:
                self.notify("The selection reaches the end of the article", timeout=2)
            self.selection = grown
        self._draw()
        self.query_one(ArticleBody).scroll_to_offset(self.selection[1])
        self._update_side()

    def action_select_less(self) -> None:
        if self.article is None or self.selection is None:
            self.notify(
                f"Nothing selected: {self.keys('article.select')} selects the current sentence",
                timeout=3,
            )
            return
        self.selection = shrink_by_sentence(self.article.body, self.selection)
        self._draw()
        self._update_side()

    def action_bookmark(self) -> None:
        library = self.reader.library
        if library is None or self.article is None:
            return
        if self.selection is not None:
            start, end = self.selection
        elif self.current_kind is MarkKind.QUOTE:
            quote = self.quotes[self.current_index]
            start, end = quote.start, quote.end
        else:
            self.notify(
                f"Nothing to bookmark: {self.keys('article.next_quote')} goes to the next"
                f" quote, {self.keys('article.select')} selects a passage",
                timeout=4,
            )
            return
        if (start, end) in self.bookmarked:
            self.notify("Already bookmarked", timeout=2)
            return
        # On disk when the key returns; the speaker is that of the quote holding the span.
        bookmark = library.bookmark(self.article.id, start, end)
        if bookmark is None:
            return
        self.last_bookmark_id = bookmark.id
        self.selection = None
        self.bookmarked = sorted([*self.bookmarked, (start, end)])
        self._draw()
        self._update_side()
        who = f" ({bookmark.speaker})" if bookmark.speaker else ""
        self.notify(f"Bookmarked{who}. Add a note and #tags, or {self.keys('app.back')}", timeout=4)
        note = self.query_one("#note", Input)
        note.value = ""
        note.display = True
        note.focus()

    @on(Input.Submitted, "#note")
    def _save_note(self, event: Input.Submitted) -> None:
        from reader.bookmarks import split_note

        library = self.reader.library
        note, tags = split_note(event.value)
        if library is not None and self.last_bookmark_id and (note or tags):
            library.bookmarks.update(self.last_bookmark_id, note=note, tags=tags)
            self.notify("Note saved", timeout=2)
        event.input.display = False
        self.query_one(ArticleBody).focus()

    # Side panel and status bar ---------------------------------------------

    def _update_side(self) -> None:
        """The side panel, and the status bar that stands in for it when narrow."""
        article = self.article
        if article is None:
            return
        keys = self.keys
        heading = self.part("article-screen--heading")
        search = Text()
        looked_for = self.found_text or self.query_text
        if looked_for:
            search.append("Found\n" if self.found_text else "Search\n", style=heading)
            search.append(f"{looked_for}\n")
            if self.matches:
                hint = keys("article.next_match", "article.previous_match")
                search.append(f"{self._match_count()}  ({hint})")
            else:
                search.append("no match in the text")
        self.query_one("#side-search", Static).update(search)
        self.query_one("#side-search").display = bool(looked_for)
        self.query_one("#side-current", Static).update(self._current_text())
        quotes = Text()
        quotes.append("Quotes\n", style=heading)
        if self.quotes:
            hint = keys("article.next_quote", "article.previous_quote")
            quotes.append(f"{self._quote_count()}  ({hint})\n")
            quotes.append(f"{len(self.bookmarked)} bookmarked  ({keys('article.bookmark')})")
        else:
            quotes.append("none found")
        self.query_one("#side-quotes", Static).update(quotes)
        info = Text()
        info.append("Article\n", style=heading)
        if self.view is not None:
            info.append(f"{self.view.words:,} words · about {self.view.minutes} min\n")
        info.append(f"id {article.id}\n")
        if article.url:
            info.append(f"{article.url}\n")
        if article.tags:
            info.append("tags: " + ", ".join(article.tags))
        self.query_one("#side-info", Static).update(info)
        self.query_one("#article-status", Static).update(self._status_line())

    def _match_count(self) -> str:
        """The match counter: "match 3 of 8" on a match, "8 matches" on another mark."""
        total = len(self.matches)
        if self.match_index >= 0:
            return f"match {self.match_index + 1} of {total}"
        return plural(total, "match", "matches")

    def _quote_count(self) -> str:
        total = len(self.quotes)
        if self.current_kind is MarkKind.QUOTE:
            return f"quote {self.current_index + 1} of {total}"
        return plural(total, "quote")

    def _current_text(self) -> Text:
        keys = self.keys
        heading = self.part("article-screen--heading")
        text = Text()
        if self.selection is not None:
            text.append("Selection\n", style=heading)
            text.append(
                f"{self._selected_words()} words: {keys('article.bookmark')} bookmarks it,\n"
                f"{keys('article.select')} one sentence more, {keys('article.select_less')} less"
            )
        elif self.current_kind is MarkKind.MENTION:
            mention = self.mentions[self.current_index]
            same = sum(1 for m in self.mentions if m.key == mention.key)
            hint = keys("article.next_same_person", "article.previous_same_person")
            text.append("Person\n", style=heading)
            text.append(
                f"{mention.name}\n{plural(same, 'mention')} here  ({hint})\n"
                f"{keys('article.open_person')}: every article about them"
            )
        elif self.current_kind is MarkKind.QUOTE:
            quote = self.quotes[self.current_index]
            text.append("Quote\n", style=heading)
            text.append(f"— {quote.speaker or 'speaker unknown'}\n")
            if (quote.start, quote.end) in self.bookmarked:
                text.append("bookmarked", style=self.part("article-screen--aside"))
            else:
                text.append(f"{keys('article.bookmark')}: bookmark it")
        return text

    def _status_line(self) -> str:
        """One line for narrow screens: the current mark first, then the counters."""
        keys = self.keys
        parts: list[str] = []
        if self.selection is not None:
            parts.append(
                f"Selection: {self._selected_words()} words ({keys('article.bookmark')} bookmarks"
                f" it, {keys('article.select')} more, {keys('article.select_less')} less)"
            )
        elif self.current_kind is MarkKind.MENTION:
            mention = self.mentions[self.current_index]
            same = sum(1 for m in self.mentions if m.key == mention.key)
            parts.append(f"{mention.name}, {plural(same, 'mention')} here")
        elif self.current_kind is MarkKind.QUOTE:
            quote = self.quotes[self.current_index]
            bookmarked = (quote.start, quote.end) in self.bookmarked
            parts.append(
                f"{self._quote_count().capitalize()} — {quote.speaker or 'speaker unknown'}"
                + (" · bookmarked" if bookmarked else "")
            )
        if self.found_text or self.query_text:
            parts.append(self._match_count() if self.matches else "no match in the text")
        if self.current_kind is not MarkKind.QUOTE and self.selection is None:
            parts.append(self._quote_count() if self.quotes else "no quotes")
        return " · ".join(parts)

    def _selected_words(self) -> int:
        if self.selection is None or self.article is None:
            return 0
        return len(self.article.body[self.selection[0] : self.selection[1]].split())

    # Scrolling ---------------------------------------------------------------

    def action_scroll_down(self) -> None:
        self.query_one(ArticleBody).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(ArticleBody).scroll_up(animate=False)

    def action_page_down(self) -> None:
        self.query_one(ArticleBody).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one(ArticleBody).scroll_page_up(animate=False)

    def action_scroll_top(self) -> None:
        self.query_one(ArticleBody).scroll_home(animate=False)

    def action_scroll_bottom(self) -> None:
        self.query_one(ArticleBody).scroll_end(animate=False)
