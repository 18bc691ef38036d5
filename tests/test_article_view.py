"""What the screens are given to draw: one answer each, the same rules as the commands."""

from __future__ import annotations

from pathlib import Path

from reader.catalog import ArticleSummary, by_date, by_title, folder_of
from reader.library import Library


def test_article_view_gathers_what_the_article_screen_shows(
    news_library: Library, seed_names: list[str]
) -> None:
    [hit] = news_library.search('person:"Xabi Alonso"', limit=5).hits
    view = news_library.article_view(hit.id, '"step by step"')
    assert view is not None and view.article.id == hit.id
    body = view.article.body
    assert [body[s:e] for s, e in view.matches] == ["step by step"]
    assert view.title_matches == ()
    assert {p.name for p in view.people} == set(seed_names)
    counts = [len(p.mentions) for p in view.people]
    assert counts == sorted(counts, reverse=True)  # most mentioned first
    assert [m.start for m in view.mentions] == sorted(m.start for m in view.mentions)
    assert all(body[q.start : q.end] == q.text for q in view.quotes)
    assert view.bookmarked == ()
    assert view.words == len(body.split()) and view.minutes >= 1


def test_article_view_lists_bookmarks_and_takes_a_short_id(news_library: Library) -> None:
    [hit] = news_library.search('person:"Xabi Alonso"', limit=5).hits
    quote = news_library.article_quotes(hit.id)[1]
    news_library.bookmark(hit.id, quote.start, quote.end)
    view = news_library.article_view(hit.id[:10])
    assert view is not None and view.bookmarked == ((quote.start, quote.end),)
    assert view.matches == ()
    assert news_library.article_view("no-such-id") is None


def test_an_article_has_one_folder_in_the_list_in_a_hit_and_on_its_page(
    news_library: Library,
) -> None:
    [hit] = news_library.search("derby", limit=5).hits
    [summary] = [s for s in news_library.summaries() if s.id == hit.id]
    article = news_library.article(hit.id)
    assert article is not None
    assert hit.folder == summary.folder == article.folder == "news/sport"
    assert article.location == "news/sport/derby.txt"
    assert folder_of("news", "top.txt") == "news"


def test_titles_sort_as_the_library_folds_them() -> None:
    def summary(title: str, date: str = "") -> ArticleSummary:
        return ArticleSummary(title, title, date, "", "news", f"/n/{title}")

    items = [summary("Zebra"), summary("Éclair", "2021-01-01"), summary("apple")]
    assert [s.title for s in by_title(items)] == ["apple", "Éclair", "Zebra"]
    assert [s.title for s in by_date(items)] == ["Éclair", "apple", "Zebra"]


def test_the_seed_folder_is_the_imported_folder(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "one.txt").write_text("One\n\nThe text.\n", encoding="utf-8")
    library.import_paths([folder])
    [summary] = library.summaries()
    assert summary.folder == "seeds"
