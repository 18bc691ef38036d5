"""Searching a real Whoosh index: phrases, words, booleans, fields, normalisation."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from reader import importer
from reader.library import Library
from reader.textnorm import words

# Fixtures that are helpers (tests/conftest.py).
Write = Callable[[Path, str | bytes], Path]


def titles(
    library: Library, query: str, *, sort: str = "relevance", limit: int = 20, offset: int = 0
) -> list[str]:
    return [hit.title for hit in library.search(query, sort=sort, limit=limit, offset=offset).hits]


def test_phrase_finds_the_words_in_order_and_adjacent(news_library: Library) -> None:
    result = news_library.search('"step by step"', sort="date")
    assert [hit.date for hit in result.hits] == ["2021-04-30", "2021-01-15"]
    assert result.total == 2 and not result.total_is_estimate
    # "step after step" has the words but not the phrase
    assert "Markets fall" not in [hit.title for hit in result.hits]


def test_bag_of_words_matches_words_anywhere(news_library: Library) -> None:
    assert titles(news_library, "index ground step") == ["Markets fall"]
    assert titles(news_library, '"index ground step"') == []
    assert titles(news_library, '"after the index"') == []
    assert titles(news_library, '"step the index lost"') == ["Markets fall"]


def test_phrase_is_marked_as_one_span_in_the_snippet(news_library: Library) -> None:
    hit = news_library.search('"step by step"', sort="date").hits[0]
    assert "**step by step**" in hit.snippet.marked()
    assert hit.snippet.marked().count("**") == 2


def test_curly_and_straight_apostrophes_are_the_same(news_library: Library) -> None:
    assert titles(news_library, '"fans\' pick"') == titles(news_library, '"fans’ pick"')
    assert len(titles(news_library, '"fans\' pick"')) == 2
    klopp = news_library.search("Klopp's")
    assert klopp.total == 1
    assert "**Klopp‘s**" in klopp.hits[0].snippet.marked()


def test_accents_are_folded_both_ways(news_library: Library) -> None:
    assert len(titles(news_library, "Jürgen")) == 2
    assert titles(news_library, "Monchengladbach") == titles(news_library, "Mönchengladbach")
    assert len(titles(news_library, "monchengladbach")) == 2


def test_case_does_not_matter(news_library: Library) -> None:
    assert titles(news_library, '"STEP BY STEP"') == titles(news_library, '"step by step"')


def test_or_not_and_minus(news_library: Library) -> None:
    assert set(titles(news_library, "anfield OR shares")) == {
        "Derby day at Anfield",
        "Markets rise",
        "Markets fall",
        titles(news_library, "Alonso")[0],
    }
    assert titles(news_library, "shares NOT fell") == ["Markets rise"]
    assert titles(news_library, "shares -fell") == ["Markets rise"]
    assert titles(news_library, 'shares -"step by step"') == ["Markets fall"]


def test_field_filters(news_library: Library) -> None:
    assert titles(news_library, "title:markets", sort="date") == ["Markets fall", "Markets rise"]
    assert titles(news_library, "source:wire") == ["Markets fall"]
    assert titles(news_library, "tag:bundesliga") == ["Jürgen Klopp returns to Mönchengladbach"]
    assert titles(news_library, "author:writer") == ["Jürgen Klopp returns to Mönchengladbach"]


def test_tags_are_found_accent_blind_and_with_punctuation(
    library: Library, tmp_path: Path, write: Write
) -> None:
    write(
        tmp_path / "news" / "budget.md",
        "---\ntitle: Budget day\ntags: [Économie, U.S. Politics]\n---\n\nThe budget was read.\n",
    )
    library.import_paths([tmp_path / "news"])
    for query in ("tag:économie", "tag:Economie", 'tag:"u.s. politics"', 'tag:"U S Politics"'):
        assert titles(library, query) == ["Budget day"], query
    assert titles(library, "tag:politics") == []  # a tag is matched whole


def test_date_filters(news_library: Library) -> None:
    assert titles(news_library, "date:2021-04") == [titles(news_library, "Alonso")[0]]
    assert titles(news_library, "date:2021-01..2021-04", sort="date") == [
        titles(news_library, "Alonso")[0],
        "Markets rise",
    ]
    assert titles(news_library, "date:2021-05..", sort="date") == [
        "Markets fall",
        "Jürgen Klopp returns to Mönchengladbach",
    ]
    assert titles(news_library, "date:2021", sort="date")[-1] == "Markets rise"


def test_sort_by_date_puts_newest_first_and_undated_last(news_library: Library) -> None:
    found = news_library.search("the OR shares", sort="date").hits
    dates = [hit.date for hit in found]
    assert dates == sorted((d for d in dates if d), reverse=True) + [""] * dates.count("")


def test_prefix_search(news_library: Library) -> None:
    assert set(titles(news_library, "manag*")) == set(titles(news_library, "manager"))
    assert len(titles(news_library, "manag*")) == 2


def test_malformed_queries_explain_and_still_search(news_library: Library) -> None:
    unbalanced = news_library.search('"step by step')
    assert unbalanced.total == 2
    assert any("unbalanced quote" in p for p in unbalanced.problems)
    bad_date = news_library.search("shares date:2021-13x")
    assert bad_date.total == 2 and any("bad date" in p for p in bad_date.problems)
    paren = news_library.search("(shares OR anfield")
    assert paren.total == 4 and paren.problems
    unknown = news_library.search("colour:red shares")
    assert any("unknown field 'colour:'" in p for p in unknown.problems)
    for odd in ['"', "OR", "NOT", "-", "()", ")(", ":", "title:", "***"]:
        news_library.search(odd)  # never raises


def test_empty_query_lists_everything_newest_first(news_library: Library) -> None:
    result = news_library.search("")
    assert result.total == 5
    assert result.hits[0].title == "Markets fall"


def test_a_page_past_the_first(news_library: Library) -> None:
    everything = titles(news_library, "", limit=5)
    assert titles(news_library, "", limit=2, offset=2) == everything[2:4]


def test_newest_articles_from_sqlite_match_the_full_sorted_list(news_library: Library) -> None:
    everything = news_library.summaries()
    assert [s.id for s in news_library.summaries(limit=3)] == [s.id for s in everything[:3]]
    assert everything[-1].date == ""  # undated last


def _shuffled_library(
    library: Library, tmp_path: Path, seed_article: Path, write: Write, count: int = 150
) -> list[list[str]]:
    """`count` articles of the seed's sentences in random orders; their words."""
    sentences = [
        s.strip() for s in seed_article.read_text().replace("\n", " ").split(". ") if s.strip()
    ]
    rng = random.Random(9)
    folder = tmp_path / "shuffled"
    texts = []
    for n in range(count):
        body = ". ".join(rng.sample(sentences, 8)) + "."
        write(folder / f"{n:03}.txt", f"Story {n}\n\n{body}\n")
        texts.append(words(f"Story {n}\n{body}"))
    report = library.import_paths([folder])
    assert report.added == count
    return texts


def _holds(text: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(text[i : i + size] == phrase for i in range(len(text) - size + 1))


def test_phrase_totals_agree_with_a_scan_of_every_article(
    library: Library, tmp_path: Path, seed_article: Path, write: Write
) -> None:
    texts = _shuffled_library(library, tmp_path, seed_article, write)
    rng = random.Random(4)
    phrases = [["in", "the"], ["of", "the", "club"], ["it", "was"], ["he", "said", "that"]]
    while len(phrases) < 60:
        text = rng.choice(texts)
        size = rng.randint(2, 4)
        start = rng.randrange(len(text) - size)
        phrases.append(text[start : start + size])
    for phrase in phrases:
        expected = sum(_holds(text, phrase) for text in texts)
        query = '"' + " ".join(phrase) + '"'
        one = library.search(query, limit=1)
        everything = library.search(query, limit=1000)
        assert one.total == everything.total == len(everything.hits) == expected, query
        assert not one.total_is_estimate


def test_totals_do_not_depend_on_the_page_size(
    library: Library, tmp_path: Path, seed_article: Path, write: Write
) -> None:
    _shuffled_library(library, tmp_path, seed_article, write)
    for query in ["liverpool", "said", "the club", "alonso -klopp", '"the" OR klopp', "step*"]:
        sizes = {library.search(query, limit=limit).total for limit in (1, 7, 500)}
        assert len(sizes) == 1, query
        assert library.search(query, limit=500).total == len(library.search(query, limit=500).hits)


def test_totals_count_out_the_articles_an_import_replaced(
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write: Write,
    seed_article: Path,
) -> None:
    # Segments this small are normally merged, which drops replaced documents;
    # keep them, as a large library keeps its large segments.
    monkeypatch.setattr(importer, "SMALL_SEGMENT_DOCS", 0)
    texts = _shuffled_library(library, tmp_path, seed_article, write)
    for n in range(0, 40, 3):  # rewritten without the word "the"
        write(tmp_path / "shuffled" / f"{n:03}.txt", f"Story {n}\n\nReplaced text {n}.\n")
        texts[n] = words(f"Story {n}\nReplaced text {n}.")
    assert library.import_paths([tmp_path / "shuffled"]).updated == 14
    for word in ["the", "liverpool", "replaced", "story", "said"]:
        expected = sum(word in text for text in texts)
        assert library.search(word, limit=1).total == expected, word
