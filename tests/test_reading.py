"""Stepping through marks in an article body."""

from __future__ import annotations

from reader.reading import step


def test_step_moves_on_from_the_reading_position_and_wraps() -> None:
    spans = [(0, 5), (16, 22), (48, 51)]
    assert step(spans, 10, True) == 1
    assert step(spans, 10, False) == 0
    assert step(spans, 60, True) == 0  # wraps to the first
    assert step(spans, 0, False, current=0) == 2  # wraps to the last
    assert step([], 0, True) == -1
