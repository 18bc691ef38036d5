"""One person: who they are, their articles over time (a sparkline of the timeline,
the busiest periods), who appears with them, the articles that mention them
(newest first, with the sentence of the mention) and their quotes, each once
however many articles repeat it, earliest first.

Enter on an article or quote lands on it; on a busiest period, moves to that
period's first article in the list; on someone who appears with them, opens
that person."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from reader.app.keys import bindings_for
from reader.app.messages import FollowChanged, Notice, PersonCorrected, PersonLoaded
from reader.app.screens.asking import NameQuestion
from reader.app.screens.filtered import ListCursorActions
from reader.app.widgets.entry_list import EntryList
from reader.app.widgets.key_footer import KeyFooter
from reader.history import Place, ScreenKind
from reader.personfacts import busiest
from reader.wording import plural

if TYPE_CHECKING:
    from reader.peoplestore import PersonDetail
    from reader.quotegroups import QuoteGroup

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
        self.followed = False
        self.quote_count = 0
        # Where each option leads: (article id, start, end).
        self.targets: dict[str, tuple[str, int, int]] = {}
        # Busiest periods: the option of the period's first article in the list.
        self.period_starts: dict[str, str] = {}
        # Someone who appears with them: their key.
        self.companions: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="person-name")
        yield Static(id="person-facts")
        yield Sparkline([], id="person-timeline")
        yield Static(id="person-timeline-label")
        yield EntryList(id="person-entries")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#person-name", Static).update(self.key)
        self.query_one("#person-facts", Static).update("Looking for every mention…")
        self._show_timeline(False)
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """The person, their quotes and which are bookmarked (`PersonLoaded`)."""
        library = self.reader.library
        if library is None:
            return
        detail = library.person(self.key, limit=MAX_APPEARANCES)
        quotes: list[QuoteGroup] = []
        bookmarked: set[tuple[str, str]] = set()
        followed = False
        if detail is not None:
            quotes = library.quote_groups(person=detail.name, limit=MAX_QUOTES)
            bookmarked = {
                (b.article_id, b.text) for b in library.bookmarks.list(speaker=detail.name)
            }
            followed = detail.key in library.choices.follows
            if followed:  # their new articles are seen now
                library.seen_person(detail.key)
        self.post_message(PersonLoaded(detail, quotes, bookmarked, followed=followed))

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
        self.followed = message.followed
        self.quote_count = len(quotes)
        self.targets.clear()
        self.period_starts.clear()
        self.companions.clear()
        self.query_one("#person-name", Static).update(Text(detail.name))
        self._draw_facts()
        part = self.query_one(EntryList).part
        self._draw_timeline(detail)
        options: list[Option | None] = []
        peaks = busiest(detail.timeline)
        if peaks:
            options.append(Option(Text("Busiest periods", part("heading")), disabled=True))
            for i, period in enumerate(peaks):
                first = next(
                    (n for n, seen in enumerate(detail.appearances) if period.holds(seen.date)),
                    None,
                )
                prompt = Text()
                prompt.append(period.period, style=part("name"))
                prompt.append(f"  {plural(period.articles, 'article')}", style=part("detail"))
                options.append(Option(prompt, id=f"p{i}", disabled=first is None))
                if first is not None:
                    self.period_starts[f"p{i}"] = f"a{first}"
            options.append(None)
        if detail.appears_with:
            options.append(Option(Text("Appears with", part("heading")), disabled=True))
            for i, companion in enumerate(detail.appears_with):
                self.companions[f"w{i}"] = companion.key
                prompt = Text()
                prompt.append(companion.name, style=part("name"))
                prompt.append(
                    f"  {plural(companion.articles, 'article')} together", style=part("detail")
                )
                options.append(Option(prompt, id=f"w{i}"))
            options.append(None)
        options.append(
            Option(Text(f"Articles ({detail.article_count:,})", part("heading")), disabled=True)
        )
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
        for i, group in enumerate(quotes):
            option_id = f"q{i}"
            entry = group.first
            quote = entry.quote
            self.targets[option_id] = (entry.article_id, quote.start, quote.end)
            prompt = Text()
            if any((seen.article_id, seen.quote.text) in bookmarked for seen in group.appearances):
                prompt.append("★ ", style=part("mark"))
            prompt.append(f"“{quote.text}”".replace("\n", " "))
            prompt.append(f"\n  {entry.title} · {entry.date or 'undated'}", style=part("detail"))
            if group.others:
                prompt.append(
                    f" · also in {plural(len(group.others), 'other article')}",
                    style=part("detail"),
                )
            options.append(Option(prompt, id=option_id))
        entries.clear_options()
        entries.add_options(options)
        if self.start.mark >= 0:
            index = self.start.mark
        else:  # the first article
            index = entries.get_option_index("a0") if detail.appearances else 0
        entries.highlighted = min(index, entries.option_count - 1)
        # The options above it were only just laid out.
        self.call_after_refresh(entries.scroll_to_highlight)

    def _draw_timeline(self, detail: PersonDetail) -> None:
        """The sparkline of the person's articles per period, first and last period under it."""
        periods = detail.timeline
        self._show_timeline(bool(periods))
        if not periods:
            return
        self.query_one(Sparkline).data = [float(p.articles) for p in periods]
        unit = "week" if "W" in periods[0].period else "month"
        span = periods[0].period
        if len(periods) > 1:
            span += f" – {periods[-1].period}"
        self.query_one("#person-timeline-label", Static).update(f"Articles per {unit}, {span}")

    def _show_timeline(self, shown: bool) -> None:
        self.query_one(Sparkline).display = shown
        self.query_one("#person-timeline-label", Static).display = shown

    def _draw_facts(self) -> None:
        if self.detail is not None:
            self.query_one("#person-facts", Static).update(self._facts(self.detail))

    def _facts(self, detail: PersonDetail) -> Text:
        text = Text()
        if self.followed:
            text.append("Following · ", style=self.query_one(EntryList).part("mark"))
        text.append(
            f"{plural(detail.article_count, 'article')}, "
            f"{plural(detail.mention_count, 'mention')}, {plural(self.quote_count, 'quote')}"
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
        entries = self.query_one(OptionList)
        if option_id in self.period_starts:
            entries.highlighted = entries.get_option_index(self.period_starts[option_id])
            return
        if option_id in self.companions:
            self.reader.open_person(self.companions[option_id])
            return
        target = self.targets.get(option_id or "")
        if target is not None:
            article_id, start, end = target
            self.reader.open_article(article_id, span=(start, end))

    def action_toggle_follow(self) -> None:
        if self.detail is not None:
            self._set_follow(self.detail.name, not self.followed)

    @work(thread=True, exclusive=True, group="follow", exit_on_error=False)
    def _set_follow(self, name: str, follow: bool) -> None:
        library = self.reader.library
        assert library is not None
        if follow:
            library.follow(name)
        else:
            library.unfollow(name)
        self.post_message(FollowChanged(follow))

    def on_follow_changed(self, message: FollowChanged) -> None:
        self.followed = message.followed
        self._draw_facts()
        if self.detail is not None:
            if message.followed:
                self.notify(
                    f"Following {self.detail.name}: their new articles are marked ◆ in the"
                    f" library ({self.keys('app.following')}: everyone you follow)"
                )
            else:
                self.notify(f"No longer following {self.detail.name}")

    def action_merge(self) -> None:
        if self.detail is None:
            return
        name = self.detail.name
        question = NameQuestion(
            f"Merge into {name}: the name of the other person, who will be listed under"
            f" {name} everywhere",
            placeholder="a name as the People list shows it",
        )
        self.app.push_screen(question, lambda other: self._correct("merge", name, other))

    def action_split(self) -> None:
        if self.detail is None:
            return
        name = self.detail.name
        aliases = ", ".join(self.detail.aliases)
        question = NameQuestion(
            f"Keep apart from {name}: the name that is someone else",
            placeholder=f"one of: {aliases}" if aliases else "a name listed under them",
        )
        self.app.push_screen(question, lambda alias: self._correct("split", name, alias))

    def _correct(self, action: str, name: str, other: str | None) -> None:
        if other is not None:
            self._run_correction(action, name, other)

    @work(thread=True, exclusive=True, group="correct", exit_on_error=False)
    def _run_correction(self, action: str, name: str, other: str) -> None:
        from reader.library import UnknownPerson

        library = self.reader.library
        assert library is not None
        try:
            if action == "merge":
                person, merged = library.merge_people(name, other)
                text = f"{merged.name} is now listed under {person.name}"
            else:
                person = library.split_person(name, other)
                text = f"{other} is now kept apart from {person.name}"
        except UnknownPerson as problem:
            self.app.post_message(Notice(str(problem), severity="warning"))
            return
        self.post_message(PersonCorrected(text))

    def on_person_corrected(self, message: PersonCorrected) -> None:
        self.notify(message.text)
        self.load()

    def place(self) -> Place:
        highlighted = self.query_one(OptionList).highlighted
        return Place(self.KIND, self.key, mark=highlighted if highlighted is not None else -1)
