"""Paragraphs and sentences: one rule for the `v` selection, the Person screen, the quote
finder and derived titles."""

from __future__ import annotations

from pathlib import Path

from reader.articles import derive_title
from reader.library import Library
from reader.people import extract_people
from reader.quotes import find_quotes
from reader.sentences import (
    boundaries,
    extend_by_sentence,
    first_sentence,
    is_abbreviation,
    paragraphs,
    sentence_around,
    sentence_at,
    shrink_by_sentence,
)

BODY = "First one here. Second “quoted!” one? Third.\n\nNew paragraph starts. Last."
MR = "The club said Mr. Smith would stay. He signed on Monday."


def sentence(text: str, offset: int) -> str:
    return text[slice(*sentence_at(text, offset))]


def test_sentence_at_finds_the_sentence_around_an_offset() -> None:
    assert sentence(BODY, BODY.index("Second") + 3) == "Second “quoted!” one?"
    assert sentence(BODY, 0) == "First one here."
    assert sentence(BODY, BODY.index("Third")) == "Third."
    assert sentence(BODY, BODY.index("New")) == "New paragraph starts."
    assert sentence(BODY, BODY.index(" Second")) == "Second “quoted!” one?"  # between two


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    assert sentence(MR, MR.index("Smith")) == "The club said Mr. Smith would stay."
    text = "Dr. J. R. Smith of the U.S. team left at 5 p.m. on Sunday. Then rain."
    assert sentence(text, 0) == "Dr. J. R. Smith of the U.S. team left at 5 p.m. on Sunday."
    assert is_abbreviation(text, text.index("."))
    assert not is_abbreviation(text, text.index(". Then"))


def test_a_small_letter_after_the_mark_goes_on_but_a_paragraph_break_ends() -> None:
    text = "“We won!” he said. “Next!”\n\nthe crowd sang."
    assert sentence(text, 0) == "“We won!” he said."
    assert sentence(text, text.index("Next")) == "“Next!”"
    assert sentence(text, text.index("crowd")) == "the crowd sang."
    ended = "A heading with no stop\n\nThe text."
    assert sentence(ended, 0) == "A heading with no stop"


def test_boundaries_name_the_mark_the_stop_and_the_next_start() -> None:
    text = "He left. “Yes,” she said.\n\nEnd."
    found = list(boundaries(text))
    assert [(text[b.mark], text[b.after : b.after + 3]) for b in found] == [
        (".", "“Ye"),
        (".", "End"),
        (".", ""),
    ]
    # Cut at `end`, as if the text stopped there.
    assert [b.mark for b in boundaries(text, 0, text.index(" “"))] == [text.index(".")]


def test_selection_grows_and_shrinks_by_whole_sentences() -> None:
    span = sentence_at(BODY, 0)
    span = extend_by_sentence(BODY, span)
    assert BODY[slice(*span)] == "First one here. Second “quoted!” one?"
    span = extend_by_sentence(BODY, extend_by_sentence(BODY, span))
    assert BODY[slice(*span)].endswith("New paragraph starts.")
    span = shrink_by_sentence(BODY, span)
    assert BODY[slice(*span)].endswith("Third.")
    first = sentence_at(BODY, 0)
    assert shrink_by_sentence(BODY, first) == first
    last = sentence_at(BODY, len(BODY) - 1)
    assert extend_by_sentence(BODY, last) == last


def test_sentence_around_a_span_and_in_an_extract() -> None:
    text = "ut off. Rangers boss Steven Gerrard said no more. Next one."
    start = text.index("Steven")
    left, right = sentence_around(text, start, start + len("Steven Gerrard"))
    assert text[left:right] == "Rangers boss Steven Gerrard said no more. Next one."[:41]
    cut = "the middle of one where Klopp spoke"
    assert sentence_around(cut, cut.index("Klopp"), cut.index(" spoke")) == (0, len(cut))


def test_paragraphs_are_separated_by_blank_lines() -> None:
    text = "One.\nstill one.\n \n\nTwo.\n\n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.\nstill one.", "Two."]


def test_a_derived_title_is_the_first_sentence() -> None:
    assert first_sentence("  The club said Mr. Smith\nwould stay. Then.") == (
        "The club said Mr. Smith would stay."
    )
    assert derive_title(MR) == "The club said Mr. Smith would stay."
    assert derive_title("He said “yes.” Then he left.") == "He said “yes.”"


def test_the_quote_finder_reads_sentences_the_same_way() -> None:
    body = "Dr. Tom Smith arrived early. “We will stay in the league,” he said."
    quotes = find_quotes(body, extract_people(body))
    assert [(q.text, q.speaker) for q in quotes] == [("We will stay in the league", "Tom Smith")]


def test_the_selection_and_the_person_screen_show_the_same_sentence(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "club.txt").write_text(
        "Club news\n\nIt rained. The club said Mr. Tom Smith would stay. Fans cheered.\n",
        encoding="utf-8",
    )
    library.import_paths([folder])
    detail = library.person("Tom Smith")
    assert detail is not None
    seen = detail.appearances[0]
    article = library.article(seen.article_id)
    assert article is not None
    assert seen.sentence == "The club said Mr. Tom Smith would stay."
    selected = sentence_at(article.body, seen.start)
    assert selected == (seen.sentence_start, seen.sentence_start + len(seen.sentence))
