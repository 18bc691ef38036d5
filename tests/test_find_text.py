"""Find in the article (`highlight.find_text`): as typed, inside words, folded."""

from __future__ import annotations

from reader.highlight import find_text


def test_finds_inside_words_ignoring_case_accents_and_apostrophes() -> None:
    text = "Jürgen Klopp’s team. KLOPP said: klopp's way."
    found = [text[start:end] for start, end in find_text(text, "klopp's")]
    assert found == ["Klopp’s", "klopp's"]
    assert [text[s:e] for s, e in find_text(text, "jurg")] == ["Jürg"]
    assert len(find_text(text, "lop")) == 3


def test_folding_that_changes_lengths_still_marks_the_right_letters() -> None:
    text = "Die Straße, die strasse."
    assert [text[s:e] for s, e in find_text(text, "strasse")] == ["Straße", "strasse"]


def test_nothing_typed_finds_nothing() -> None:
    assert find_text("some text", "") == []
    assert find_text("some text", "   ") == []
