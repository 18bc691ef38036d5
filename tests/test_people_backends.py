"""People backends: the spaCy backend (tested with a blank pipeline, no model) and the analyser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader import people
from reader.articles import Article
from reader.extraction import analyse_article, analyser_for_config, make_analyser
from reader.library import Library

BODY = (
    "Mr Xabi Alonso left Real Madrid in 2014. Alonso’s next club was Bayern Munich, "
    "where coach Pep Guardiola's side won the league."
)


def ruler_pipeline() -> Any:
    """A blank English spaCy pipeline whose only entities come from an entity ruler."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": [{"LOWER": "mr"}, {"TEXT": "Xabi"}, {"TEXT": "Alonso"}]},
            {"label": "PERSON", "pattern": [{"TEXT": "Alonso"}]},
            {
                "label": "PERSON",
                "pattern": [{"TEXT": "Pep"}, {"TEXT": "Guardiola"}, {"TEXT": "'s"}],
            },
            {"label": "ORG", "pattern": "Real Madrid"},
            {"label": "GPE", "pattern": "Bayern Munich"},
        ]
    )
    return nlp


def test_spacy_backend_gives_people_with_titles_and_possessives_trimmed() -> None:
    found = people.SpacyExtractor(ruler_pipeline())(BODY)
    assert [(p.name, [m.text for m in p.mentions]) for p in found] == [
        ("Xabi Alonso", ["Xabi Alonso", "Alonso"]),
        ("Pep Guardiola", ["Pep Guardiola"]),
    ]
    for person in found:
        for mention in person.mentions:
            assert BODY[mention.start : mention.end] == mention.text


def test_config_backend_spacy_is_used_by_the_analyser(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = ruler_pipeline()
    monkeypatch.setattr(people, "_load_spacy", lambda model: nlp)
    analyse = make_analyser("spacy")
    people_json, quotes_json = analyse(Article(title="Alonso", body=BODY))
    assert [p["name"] for p in json.loads(people_json)] == ["Xabi Alonso", "Pep Guardiola"]
    assert json.loads(quotes_json) == []


def test_spacy_backend_without_its_model_is_reported_not_crashing_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With or without spaCy installed, a missing model is BackendUnavailable, raised
    # when the analyser is made rather than in the middle of an import.
    monkeypatch.setattr(people, "DEFAULT_SPACY_MODEL", "reader_test_no_such_model")
    people._load_spacy.cache_clear()
    with pytest.raises(people.BackendUnavailable):
        make_analyser("spacy")


def test_unknown_backend_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown people backend"):
        make_analyser("nltk")


def test_analyse_article_gives_json_ready_people_with_offsets_into_the_body() -> None:
    body = "Rangers boss Steven Gerrard was pleased. Gerrard’s side won."
    found, quotes = analyse_article(body)
    assert found == [
        {
            "name": "Steven Gerrard",
            "key": "steven gerrard",
            "aliases": ["Gerrard"],
            "mentions": [
                {"start": 13, "end": 27, "text": "Steven Gerrard"},
                {"start": 41, "end": 48, "text": "Gerrard"},
            ],
        }
    ]
    assert quotes == []
    assert json.loads(json.dumps(found)) == found


def test_configured_backend_that_cannot_run_falls_back_to_builtin_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(people, "DEFAULT_SPACY_MODEL", "reader_test_no_such_model")
    people._load_spacy.cache_clear()
    analyse, problem = analyser_for_config("spacy")
    assert problem is not None and "using builtin" in problem
    people_json, _ = analyse(Article(title="t", body="Rangers boss Steven Gerrard was pleased."))
    assert [p["name"] for p in json.loads(people_json)] == ["Steven Gerrard"]
    assert analyser_for_config("builtin")[1] is None


def test_a_library_importing_with_the_spacy_backend_lists_its_people(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    nlp = ruler_pipeline()
    monkeypatch.setattr(people, "_load_spacy", lambda model: nlp)
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "alonso.txt").write_text(f"Alonso moves on\n\n{BODY}\n", encoding="utf-8")
    library = Library(tmp_path / "lib", seed=False, analyse=make_analyser("spacy"))
    try:
        library.import_paths([folder])
        assert [p.name for p in library.people()] == ["Pep Guardiola", "Xabi Alonso"]
        assert library.search('person:"Xabi Alonso"').total == 1
    finally:
        library.close()
