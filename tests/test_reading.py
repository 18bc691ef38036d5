"""Stepping through marks and selecting by sentences in an article body."""

from __future__ import annotations

from reader.reading import extend_by_sentence, sentence_at, shrink_by_sentence, step

BODY = "First one here. Second “quoted!” one? Third.\n\nNew paragraph starts. Last."


def test_step_moves_on_from_the_reading_position_and_wraps() -> None:
    spans = [(0, 5), (16, 22), (48, 51)]
    assert step(spans, 10, True) == 1
    assert step(spans, 10, False) == 0
    assert step(spans, 60, True) == 0  # wraps to the first
    assert step(spans, 0, False, current=0) == 2  # wraps to the last
    assert step([], 0, True) == -1


def test_sentence_at_finds_the_sentence_around_an_offset() -> None:
    second = sentence_at(BODY, BODY.index("Second") + 3)
    assert BODY[slice(*second)] == "Second “quoted!” one?"
    assert BODY[slice(*sentence_at(BODY, 0))] == "First one here."
    assert BODY[slice(*sentence_at(BODY, BODY.index("Third")))] == "Third."
    assert BODY[slice(*sentence_at(BODY, BODY.index("New")))] == "New paragraph starts."


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
