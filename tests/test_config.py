"""Configuration: the documented defaults, user overrides and precise problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.actions import ACTIONS
from reader.cli import main
from reader.config import load_settings, parse_key

# Fixtures that are helpers (tests/conftest.py).
UserFile = Callable[[str], Path]
Write = Callable[[Path, str | bytes], Path]


@pytest.fixture
def user_file(tmp_path: Path, write: Write) -> UserFile:
    """`user_file(text)`: a configuration file of the user's with that text."""
    return lambda text: write(tmp_path / "config.yaml", text)


def test_defaults_bind_every_action_without_problems() -> None:
    settings = load_settings(None)
    assert settings.problems == []
    assert {a.id for a in ACTIONS} == set(settings.keymap)
    unbound = [a.id for a in ACTIONS if not settings.keys_of(a.id)]
    assert unbound == []


def test_user_file_overrides_only_what_it_names(tmp_path: Path, user_file: UserFile) -> None:
    settings = load_settings(user_file("keys:\n  library:\n    sort: o\n"))
    assert settings.problems == []
    assert settings.keys_of("library.sort") == ["o"]
    assert settings.keys_of("library.down") == ["j", "down"]
    assert settings.changed == {"library.sort"}


def test_two_actions_can_swap_keys(tmp_path: Path, user_file: UserFile) -> None:
    path = user_file("keys:\n  article:\n    next_match: N\n    previous_match: n\n")
    settings = load_settings(path)
    assert settings.problems == []
    assert settings.keys_of("article.next_match") == ["N"]


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path, user_file: UserFile) -> None:
    path = user_file("keys:\n  library:\n    sort: [o\n")
    settings = load_settings(path)
    [problem] = settings.problems
    assert str(problem).startswith(f"{path}:4: YAML syntax error")
    assert settings.keys_of("library.sort") == ["s"]


def test_unknown_action_suggests_the_closest_name(tmp_path: Path, user_file: UserFile) -> None:
    settings = load_settings(user_file("keys:\n  library:\n    serch: x\n"))
    [problem] = settings.problems
    assert problem.line == 3
    assert "unknown action 'library.serch' (did you mean 'library.search'?)" in problem.reason


def test_unknown_key_name_keeps_the_default(tmp_path: Path, user_file: UserFile) -> None:
    settings = load_settings(user_file("keys:\n  app:\n    help: ctrl+zz\n"))
    [problem] = settings.problems
    assert "unknown key name 'ctrl+zz'" in problem.reason
    assert settings.keys_of("app.help") == ["?", "f1"]


def test_same_key_on_two_actions_of_one_screen_is_refused(
    tmp_path: Path, user_file: UserFile
) -> None:
    settings = load_settings(user_file("keys:\n  library:\n    sort: j\n"))
    [problem] = settings.problems
    assert problem.line == 3
    assert "'j' of library.sort is already bound to library.down" in problem.reason
    assert settings.keys_of("library.sort") == ["s"]


def test_a_screen_key_may_not_hide_an_app_key(tmp_path: Path, user_file: UserFile) -> None:
    settings = load_settings(user_file("keys:\n  article:\n    top: q\n"))
    [problem] = settings.problems
    assert "app.quit" in problem.reason


def test_the_same_key_on_different_screens_is_fine(tmp_path: Path, user_file: UserFile) -> None:
    settings = load_settings(user_file("keys:\n  article:\n    top: s\n"))
    assert settings.problems == []


def test_required_action_cannot_lose_its_key(tmp_path: Path, user_file: UserFile) -> None:
    settings = load_settings(user_file('keys:\n  app:\n    quit: ""\n'))
    [problem] = settings.problems
    assert "app.quit needs a key" in problem.reason
    assert settings.keys_of("app.quit") == ["q", "ctrl+q"]


def test_optional_action_can_be_unbound(tmp_path: Path, user_file: UserFile) -> None:
    settings = load_settings(user_file('keys:\n  app:\n    forward: ""\n'))
    assert settings.problems == []
    assert settings.keys_of("app.forward") == []


def test_unknown_setting_and_bad_backend(tmp_path: Path, user_file: UserFile) -> None:
    path = user_file("colour: red\npeople:\n  backend: magic\n")
    reasons = [p.reason for p in load_settings(path).problems]
    assert any("unknown setting 'colour'" in r for r in reasons)
    assert any("people.backend must be one of builtin, spacy" in r for r in reasons)


def test_non_utf8_and_missing_named_file(tmp_path: Path, write: Write) -> None:
    bad = write(tmp_path / "latin.yaml", "theme: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in load_settings(bad).problems[0].reason
    missing = tmp_path / "nope.yaml"
    assert load_settings(missing).problems == []  # the usual user file need not exist
    assert "file not found" in load_settings(missing, user_file_required=True).problems[0].reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("j", "j"),
        ("G", "G"),
        ("Ctrl+D", "ctrl+d"),
        ("PageDown", "pagedown"),
        ("?", "?"),
        ("question_mark", "question_mark"),
        ("shift+tab", "shift+tab"),
        ("ctrl++", "ctrl++"),
        ("nokey", None),
        ("ctrl+", None),
        ("hyperspace+x", None),
    ],
)
def test_key_names(text: str, expected: str | None) -> None:
    assert parse_key(text) == expected


def test_config_check_prints_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_file: UserFile
) -> None:
    path = user_file("keys:\n  library:\n    sort: j\n    serch: x\n")
    assert main(["config", "check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}:3: ")
    assert out[1].startswith(f"{path}:4: unknown action")


def test_config_check_good_file_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_file: UserFile
) -> None:
    path = user_file("keys:\n  library:\n    sort: o\n")
    assert main(["config", "check", str(path)]) == 0
    assert "ok" in capsys.readouterr().out


def test_config_show_marks_the_user_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_file: UserFile
) -> None:
    path = user_file("keys:\n  library:\n    sort: o\n")
    assert main(["config", "show", "--config", str(path)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "library.sort" in x)
    assert line.split()[0] == "o" and line.endswith("*")


def test_default_keys_never_put_one_key_on_two_live_actions() -> None:
    from reader.config import _clash

    settings = load_settings(None)
    clashes = [
        (action_id, _clash(settings.keymap, action_id, settings.keys_of(action_id)))
        for action_id in settings.keymap
    ]
    assert [c for c in clashes if c[1] is not None] == []


def test_keys_reach_textual_under_its_names() -> None:
    from reader.app.keys import textual_key

    assert [textual_key(k) for k in ("?", "G", "comma", "ctrl+d", "ctrl++", "+")] == [
        "question_mark", "G", "comma", "ctrl+d", "ctrl+plus", "plus"
    ]  # fmt: skip


def test_a_huge_file_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_file: UserFile
) -> None:
    path = user_file("theme: nord\nkeys:\n  library:\n" + "    serch: x\n" * 90_000)
    assert path.stat().st_size > 1_100_000
    settings = load_settings(path)
    [problem] = settings.problems
    assert problem.line == 0 and "not read" in problem.reason and "bytes" in problem.reason
    assert settings.theme == "textual-dark"  # nothing of it is applied
    assert main(["config", "check", str(path)]) == 1
    [printed] = capsys.readouterr().out.splitlines()
    assert printed.startswith(f"{path}: not read")


def test_many_problems_are_capped_with_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_file: UserFile
) -> None:
    names = "".join(f"    serch{i}: x\n" for i in range(1000))
    path = user_file("keys:\n  library:\n" + names)
    problems = load_settings(path).problems
    shown = len(problems) - 1
    assert 5 <= shown <= 50
    assert [p.line for p in problems[:shown]] == list(range(3, 3 + shown))  # the first ones
    assert "(did you mean 'library.search'?)" in problems[0].reason
    assert str(problems[-1]) == f"{path}: … and {1000 - shown} more"
    assert main(["config", "check", str(path)]) == 1
    assert len(capsys.readouterr().out.splitlines()) == shown + 1


def test_unknown_theme_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_file: UserFile
) -> None:
    path = user_file("people:\n  backend: builtin\ntheme: nrod\n")
    settings = load_settings(path)
    [problem] = settings.problems
    assert problem.line == 3
    assert "unknown theme 'nrod'" in problem.reason and "did you mean 'nord'" in problem.reason
    assert settings.theme == "textual-dark"
    assert main(["config", "check", str(path)]) == 1
    assert capsys.readouterr().out.startswith(f"{path}:3: unknown theme 'nrod'")


def test_every_textual_theme_is_known() -> None:
    from textual.theme import BUILTIN_THEMES

    from reader.config import THEMES

    assert set(THEMES) == set(BUILTIN_THEMES)
    assert load_settings(None).theme in THEMES


def test_a_key_written_twice_is_reported_and_the_later_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_file: UserFile
) -> None:
    path = user_file(
        "theme: nord\nkeys:\n  library:\n    sort: o\n    sort: x\ntheme: dracula\n",
    )
    settings = load_settings(path)
    assert [(p.line, p.reason) for p in settings.problems] == [
        (5, "'sort' is set twice (also on line 4); this later one is used"),
        (6, "'theme' is set twice (also on line 1); this later one is used"),
    ]
    assert settings.keys_of("library.sort") == ["x"] and settings.theme == "dracula"
    assert main(["config", "check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [str(p) for p in settings.problems]
