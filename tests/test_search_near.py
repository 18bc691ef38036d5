"""Words near each other ("prime minister"~3) and did-you-mean, on a real index."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library import Library

Write = Callable[[Path, str | bytes], Path]

ARTICLES = {
    "adjacent.txt": "Prime minister speaks\n\nThe prime minister spoke on Monday.\n",
    "apart.txt": "Budget day\n\nThe prime new minister of finance spoke.\n",
    "reversed.txt": "Cabinet\n\nThe minister, in fine prime form, spoke.\n",
    "far.txt": "Far apart\n\nA prime example of how one can go on and on before a minister.\n",
    "blair.txt": "Blair visits\n\nTony Blair visited Leeds. Mr Blair said so.\n",
    "blair2.txt": "Blair again\n\nBlair spoke of Blair and of Brown.\n",
    "klopp.txt": "Klopp\n\nJurgen Klopp managed Liverpool. Klopp smiled.\n",
}


@pytest.fixture
def near_library(library: Library, write: Write, tmp_path: Path) -> Library:
    for name, text in ARTICLES.items():
        write(tmp_path / "near" / name, text)
    library.import_paths([tmp_path / "near"])
    return library


def titles(library: Library, query: str) -> set[str]:
    return {hit.title for hit in library.search(query).hits}


def test_nearness_finds_the_phrase_and_the_words_a_few_words_apart(near_library: Library) -> None:
    phrase = titles(near_library, '"prime minister"')
    near = titles(near_library, '"prime minister"~3')
    assert phrase == {"Prime minister speaks"}
    # "prime new minister" (2 apart) and "minister, in fine prime" (3 apart, the
    # other way round), not the pair nine words apart.
    assert near == {"Prime minister speaks", "Budget day", "Cabinet"}
    assert near_library.search('"prime minister"~3').total == 3
    assert titles(near_library, '"prime minister"~2') == {"Prime minister speaks", "Budget day"}
    assert titles(near_library, '"prime minister"~1') == {"Prime minister speaks"}


def test_nearness_marks_the_words_found_as_one_span(near_library: Library) -> None:
    [hit] = [h for h in near_library.search('"prime minister"~3').hits if h.title == "Budget day"]
    assert "**prime new minister**" in hit.snippet.marked()


def test_not_near_keeps_articles_that_have_both_words_apart(near_library: Library) -> None:
    assert titles(near_library, 'prime -"prime minister"~3') == {"Far apart"}


def test_bare_tilde_is_searched_as_the_phrase_and_says_so(near_library: Library) -> None:
    result = near_library.search('"prime minister"~')
    assert {hit.title for hit in result.hits} == {"Prime minister speaks"}
    assert result.problems == (
        '"prime minister"~ needs a number of words, 1 or more: searched as a phrase',
    )


def test_a_repeated_word_must_occur_as_often(near_library: Library) -> None:
    assert titles(near_library, '"blair blair"~4') == {"Blair again", "Blair visits"}
    assert titles(near_library, '"blair blair"~2') == {"Blair again"}


def test_a_misspelled_name_suggests_the_library_word(near_library: Library) -> None:
    result = near_library.search("blaire")
    assert result.total == 0
    assert result.suggestions[0] == "blair"
    assert near_library.search("klop").suggestions[0] == "klopp"


def test_suggestions_keep_the_rest_of_the_query(near_library: Library) -> None:
    result = near_library.search('title:Blaire "jurgen klop" -brown')
    assert result.suggestions[0] == 'title:blair "jurgen klopp" -brown'


def test_words_that_are_found_get_no_suggestion(near_library: Library) -> None:
    assert near_library.search("blair klopp").suggestions == ()
    # A NOT, a prefix or a word nothing is close to is not corrected.
    assert near_library.search("blair -blaire").suggestions == ()
    assert near_library.search("blai*").suggestions == ()
    assert near_library.search("zzzzzz").suggestions == ()


def test_search_json_lists_suggestions(
    run_reader: Callable[..., subprocess.CompletedProcess[str]],
    write: Write,
    tmp_path: Path,
) -> None:
    for name, text in ARTICLES.items():
        write(tmp_path / "near" / name, text)
    run_reader("index", str(tmp_path / "near"))
    done = run_reader("search", "blaire", "--json")
    record = json.loads(done.stdout)
    assert record["total"] == 0
    assert record["suggestions"][0] == "blair"
    plain = run_reader("search", "blaire")
    assert "did you mean: blair" in plain.stdout


def test_nearness_in_text_whose_folding_changes_lengths(
    library: Library, write: Write, tmp_path: Path
) -> None:
    write(tmp_path / "de" / "a.txt", "Große Straße\n\nDie große neue Straße ist offen.\n")
    library.import_paths([tmp_path / "de"])
    [hit] = library.search('"grosse strasse"~3').hits
    assert "**große neue Straße**" in hit.snippet.marked()


def test_the_article_view_marks_each_near_place(near_library: Library) -> None:
    [hit] = [h for h in near_library.search('"prime minister"~3').hits if h.title == "Cabinet"]
    view = near_library.article_view(hit.id, '"prime minister"~3')
    assert view is not None
    assert [view.article.body[s:e] for s, e in view.matches] == ["minister, in fine prime"]
