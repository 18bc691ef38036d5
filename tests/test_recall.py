"""Earlier searches recalled with up and down (`reader.recall`), kept in the reading state."""

from __future__ import annotations

from pathlib import Path

from reader.recall import MAX_SEARCHES, Recall
from reader.state import ReadingState


def test_up_goes_back_through_searches_and_down_returns_to_the_typed_text() -> None:
    recall = Recall(["klopp", "alonso"])
    assert recall.older("gerr") == "alonso"
    assert recall.older("alonso") == "klopp"
    assert recall.older("klopp") is None  # nothing older
    assert recall.newer() == "alonso"
    assert recall.newer() == "gerr"  # past the newest: what was being typed
    assert recall.newer() is None
    assert not recall.recalling


def test_a_search_again_moves_to_the_newest_once() -> None:
    recall = Recall(["klopp", "alonso"])
    recall.add("klopp")
    assert recall.searches == ["alonso", "klopp"]
    recall.add("   ")
    assert recall.searches == ["alonso", "klopp"]


def test_searches_are_kept_in_the_reading_state_newest_last(tmp_path: Path) -> None:
    state = ReadingState(tmp_path / "state.sqlite")
    for query in ("a", "b", "a", "c"):
        state.remember_search(query, keep=MAX_SEARCHES)
    state.close()
    again = ReadingState(tmp_path / "state.sqlite")
    assert again.searches() == ["b", "a", "c"]
    again.remember_search("d", keep=2)
    assert again.searches() == ["c", "d"]
    again.close()
