"""Everything the article screen shows of one article, gathered in one call (no Textual).

`Library.article_view` reads the article, its people, quotes and bookmarks and
marks the search's words, so that the screen makes one call in a worker and
then only draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.aliases import Span
from reader.catalog import ArticleSummary, StoredArticle
from reader.highlight import match_positions
from reader.people import Person
from reader.quotes import Quote
from reader.reading import MentionMark

# Words read in a minute, for "about N min".
READING_SPEED = 230


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One article as the article screen shows it, for the search `query`.

    - `matches` and `title_matches`: where the search's words and phrases are
      in the body and in the title;
    - `people`: the article's people under their library names, most
      mentioned first (then by name), as the side panel lists them;
    - `mentions`: every mention of them, in text order;
    - `quotes`: the quotes in text order;
    - `bookmarked`: the spans of the bookmarks found in the text, sorted;
    - `copies`: the other copies of its story in the library, newest first.
    All offsets index `article.body`.
    """

    article: StoredArticle
    query: str
    matches: tuple[Span, ...]
    title_matches: tuple[Span, ...]
    people: tuple[Person, ...]
    mentions: tuple[MentionMark, ...]
    quotes: tuple[Quote, ...]
    bookmarked: tuple[Span, ...]
    copies: tuple[ArticleSummary, ...] = ()

    @property
    def words(self) -> int:
        return len(self.article.body.split())

    @property
    def minutes(self) -> int:
        """Minutes to read it, at least 1."""
        return max(1, round(self.words / READING_SPEED))


def make_article_view(
    article: StoredArticle,
    query: str,
    people: list[Person],
    quotes: list[Quote],
    bookmarked: list[Span],
    copies: list[ArticleSummary] | None = None,
) -> ArticleView:
    mentions = sorted(
        (
            MentionMark(m.start, m.end, person.key, person.name)
            for person in people
            for m in person.mentions
        ),
        key=lambda mark: (mark.start, mark.end),
    )
    return ArticleView(
        article=article,
        query=query,
        matches=tuple(match_positions(article.body, query)),
        title_matches=tuple(match_positions(article.title, query)),
        people=tuple(sorted(people, key=lambda p: (-len(p.mentions), p.name))),
        mentions=tuple(mentions),
        quotes=tuple(quotes),
        bookmarked=tuple(sorted(bookmarked)),
        copies=tuple(copies or ()),
    )
