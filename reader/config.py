"""Settings from `config.yaml` and the user's override file, validated (no Textual).

Loading never raises for what a user wrote: every problem becomes a
`ConfigProblem` naming the file and line, and the bad entry keeps its default.
The app shows the problems in a notification, `reader config check` prints them.

A wrong file can hold any amount of text: a file over `MAX_FILE_BYTES` is not
read (a 10 MB file took 26 s to parse and check), and each file reports at most
`MAX_PROBLEMS`, then how many more there were (it printed 146,682 lines).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from reader.actions import ACTIONS, BY_ID, SCOPES, Action

PEOPLE_BACKENDS = ("builtin", "spacy")
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(
    """
    escape enter tab backspace space delete insert home end pageup pagedown
    up down left right
    """.split()
    + [f"f{n}" for n in range(1, 25)]
)
TOP_LEVEL = ("theme", "people", "feeds", "keys")
# feeds.refresh_minutes: at most a week (0 turns refreshing off).
MAX_REFRESH_MINUTES = 7 * 24 * 60
# Textual's built-in themes (the app registers no others), named here so that
# this module can check a theme without importing Textual; a test compares the
# list with Textual's own, so an upgrade that changes it fails the suite.
THEMES = (
    "textual-dark", "textual-light", "nord", "gruvbox", "catppuccin-mocha", "dracula",
    "tokyo-night", "monokai", "flexoki", "catppuccin-latte", "catppuccin-frappe",
    "catppuccin-macchiato", "solarized-light", "solarized-dark", "rose-pine", "rose-pine-moon",
    "rose-pine-dawn", "atom-one-dark", "atom-one-light", "ansi-dark", "ansi-light",
)  # fmt: skip
# A configuration file is a few kilobytes; past this it is surely the wrong file.
MAX_FILE_BYTES = 1_000_000
MAX_PROBLEMS = 20  # per file; the rest are counted in one last line


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """A problem in a configuration file; `line` is 1-based, 0 when unknown."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Settings:
    """The effective settings.  `keymap` maps every binding id to its keys
    ("j,down"; "" when unbound), `changed` the ids the user's file changed."""

    theme: str = "textual-dark"
    people_backend: str = "builtin"
    # Minutes between automatic refreshes of the feeds in the app (0: never).
    feeds_refresh_minutes: int = 60
    keymap: dict[str, str] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    problems: list[ConfigProblem] = field(default_factory=list)
    user_file: Path | None = None

    def keys_of(self, action_id: str) -> list[str]:
        keys = self.keymap.get(action_id, "")
        return [key for key in keys.split(",") if key]

    def to_record(self) -> dict[str, Any]:
        """The settings in effect as JSON-ready data (`reader config show --json`)."""
        return {
            "theme": self.theme,
            "people": {"backend": self.people_backend},
            "feeds": {"refresh_minutes": self.feeds_refresh_minutes},
            "keys": self.keymap,
        }


def load_settings(
    user_file: Path | None, *, default_file: Path | None = None, user_file_required: bool = False
) -> Settings:
    """Defaults from `default_file` (the bundled config.yaml), then `user_file` over them.

    A missing `user_file` is normal (nothing to override) unless
    `user_file_required` (the user named it with --config).
    """
    if default_file is None:
        from reader.resources import bundled

        default_file = bundled("config.yaml")
    settings = Settings(user_file=user_file)
    _apply_file(settings, default_file, is_default=True)
    if user_file is not None and (user_file.exists() or user_file_required):
        _apply_file(settings, user_file, is_default=False)
    return settings


def parse_key(key: str) -> str | None:
    """The key in canonical spelling, or None when it is not a key name.

    Single characters keep their case ("G" is shift+g); named keys and
    modifiers are lower-cased ("Ctrl+D" -> "ctrl+d").
    """
    key = key.strip()
    if key == ",":
        return "comma"  # "," separates keys in a keymap string, so it goes by its name
    if len(key) == 1:
        return key if key.isprintable() and not key.isspace() else None
    modifiers, base = split_key(key)
    modifiers = [m.lower() for m in modifiers]
    if any(m not in MODIFIERS for m in modifiers) or not base:
        return None
    if len(base) == 1:
        # Terminals send the same code for ctrl+d and ctrl+D.
        base = base.lower() if modifiers else base
        name = base if base.isprintable() and not base.isspace() else None
    elif base.lower() in NAMED_KEYS:
        name = base.lower()
    else:
        name = base.lower() if _character_name(base) else None
    if name is None:
        return None
    return "+".join([*modifiers, name])


def split_key(key: str) -> tuple[list[str], str]:
    """(modifiers, base key) of "ctrl+shift+x"; "ctrl++" is ctrl with the plus key."""
    if key.endswith("++"):
        return key[:-2].split("+"), "+"
    *modifiers, base = key.split("+")
    return modifiers, base


def keymap_by_scope(settings: Settings) -> list[tuple[str, list[tuple[Action, list[str]]]]]:
    """(scope title, [(action, keys)]) in help order: what `config show` and help list."""
    return [
        (title, [(a, settings.keys_of(a.id)) for a in ACTIONS if a.scope == scope])
        for scope, title in SCOPES.items()
    ]


# Reading a file --------------------------------------------------------------


class _Report(Protocol):
    def __call__(self, line: int, reason: str, close_to: tuple[str, Sequence[str]] = ...) -> None:
        """Record a problem; `close_to` (word, choices) adds "did you mean" to it."""


@dataclass(slots=True)
class _Found:
    line: int
    reason: str
    close_to: tuple[str, Sequence[str]] | None


def _apply_file(settings: Settings, path: Path, *, is_default: bool) -> None:
    found: list[_Found] = []

    def problem(line: int, reason: str, close_to: tuple[str, Sequence[str]] | None = None) -> None:
        found.append(_Found(line, reason, close_to))

    _read_file(settings, path, problem, is_default)
    settings.problems.extend(_capped(str(path), found))


def _capped(shown: str, found: list[_Found]) -> list[ConfigProblem]:
    """The first `MAX_PROBLEMS` problems in line order, then one line counting the rest.

    Suggestions are looked for only for the problems shown: difflib over
    thousands of wrong names took most of the time of checking a huge file.
    """
    found.sort(key=lambda f: f.line)
    problems = [
        ConfigProblem(shown, f.line, f.reason + (_suggest(*f.close_to) if f.close_to else ""))
        for f in found[:MAX_PROBLEMS]
    ]
    if len(found) > MAX_PROBLEMS:
        problems.append(ConfigProblem(shown, 0, f"… and {len(found) - MAX_PROBLEMS:,} more"))
    return problems


def _read_file(settings: Settings, path: Path, problem: _Report, is_default: bool) -> None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problem(
                0,
                f"not read: {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} (a"
                " configuration file takes a few KB); the defaults are in use",
            )
            return
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problem(0, "file not found")
        return
    except UnicodeDecodeError as error:
        problem(0, f"not UTF-8 text (byte {error.start})")
        return
    except OSError as error:
        problem(0, f"cannot read ({error.strerror or error})")
        return
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        problem(mark.line + 1 if mark else 0, f"YAML syntax error: {reason}")
        return
    finally:
        loader.dispose()
    for key, line, first in loader.duplicates:
        problem(line, f"'{key}' is set twice (also on line {first}); this later one is used")
    if root is None:
        return  # an empty file overrides nothing
    if not isinstance(root, yaml.MappingNode):
        problem(_line(root), "expected settings as `name: value` lines")
        return
    for key_node, value in root.value:
        name = str(key_node.value)
        if name == "theme":
            _apply_theme(settings, value, problem)
        elif name == "people":
            _apply_people(settings, value, problem)
        elif name == "feeds":
            _apply_feeds(settings, value, problem)
        elif name == "keys":
            _apply_keys(settings, value, problem, is_default)
        else:
            problem(_line(key_node), f"unknown setting '{name}'", close_to=(name, TOP_LEVEL))


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, noting keys given twice in one mapping.

    YAML forbids them, but PyYAML accepts them without a word, so a second
    `theme:` or `sort:` quietly overrode the first.  `duplicates` holds (key,
    line, line of the earlier one) and the earlier entry is dropped, so the rest
    of this module sees each key once: the last one, as YAML loaders read it.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []

    # `anchor` is the node's anchor name; types-PyYAML declares another type.
    def compose_mapping_node(self, anchor: Any) -> yaml.MappingNode:
        node = super().compose_mapping_node(anchor)
        last: dict[str, int] = {}
        for index, (key, _value) in enumerate(node.value):
            if isinstance(key, yaml.ScalarNode):
                if key.value in last:
                    earlier = node.value[last[key.value]][0]
                    self.duplicates.append((str(key.value), _line(key), _line(earlier)))
                last[key.value] = index
        keep = set(last.values())
        node.value = [
            pair
            for index, pair in enumerate(node.value)
            if index in keep or not isinstance(pair[0], yaml.ScalarNode)
        ]
        return node


def _apply_theme(settings: Settings, node: yaml.Node, problem: _Report) -> None:
    if not isinstance(node, yaml.ScalarNode) or not node.value:
        problem(_line(node), "theme: expected a theme name")
    elif node.value not in THEMES:
        problem(
            _line(node),
            f"unknown theme '{node.value}', {settings.theme} is used",
            close_to=(str(node.value), THEMES),
        )
    else:
        settings.theme = str(node.value)


def _apply_people(settings: Settings, node: yaml.Node, problem: _Report) -> None:
    if not isinstance(node, yaml.MappingNode):
        problem(_line(node), "people: expected `backend: builtin` or `backend: spacy`")
        return
    for key_node, value in node.value:
        if key_node.value != "backend":
            problem(_line(key_node), f"unknown setting 'people.{key_node.value}'")
        elif not isinstance(value, yaml.ScalarNode) or value.value not in PEOPLE_BACKENDS:
            problem(_line(value), f"people.backend must be one of {', '.join(PEOPLE_BACKENDS)}")
        else:
            settings.people_backend = value.value


def _apply_feeds(settings: Settings, node: yaml.Node, problem: _Report) -> None:
    if not isinstance(node, yaml.MappingNode):
        problem(_line(node), "feeds: expected `refresh_minutes: N`")
        return
    for key_node, value in node.value:
        if key_node.value != "refresh_minutes":
            problem(
                _line(key_node),
                f"unknown setting 'feeds.{key_node.value}'",
                close_to=(str(key_node.value), ("refresh_minutes",)),
            )
        elif (
            not isinstance(value, yaml.ScalarNode)
            or not str(value.value).isdigit()
            or int(value.value) > MAX_REFRESH_MINUTES
        ):
            problem(
                _line(value),
                f"feeds.refresh_minutes must be a whole number of minutes from 0 (never)"
                f" to {MAX_REFRESH_MINUTES:,} (a week); {settings.feeds_refresh_minutes} is used",
            )
        else:
            settings.feeds_refresh_minutes = int(value.value)


def _apply_keys(settings: Settings, node: yaml.Node, problem: _Report, is_default: bool) -> None:
    if not isinstance(node, yaml.MappingNode):
        problem(_line(node), "keys: expected one section per screen (app, library, article...)")
        return
    entries: list[tuple[str, list[str], int]] = []
    for scope_node, actions in node.value:
        scope = str(scope_node.value)
        if scope not in SCOPES:
            problem(
                _line(scope_node), f"unknown key section '{scope}'", close_to=(scope, list(SCOPES))
            )
            continue
        if not isinstance(actions, yaml.MappingNode):
            problem(_line(actions), f"keys.{scope}: expected `action: key` lines")
            continue
        for name_node, value in actions.value:
            action_id = f"{scope}.{name_node.value}"
            line = _line(name_node)
            if action_id not in BY_ID:
                ids = [a.id for a in ACTIONS if a.scope == scope]
                problem(line, f"unknown action '{action_id}'", close_to=(action_id, ids))
                continue
            keys = _keys_of_node(value, line, problem)
            if keys is None:
                continue
            if not keys and BY_ID[action_id].required:
                problem(line, f"{action_id} needs a key (it is how you {_verb(action_id)})")
                continue
            entries.append((action_id, keys, line))
    _apply_entries(settings, entries, problem, is_default)


def _apply_entries(
    settings: Settings,
    entries: list[tuple[str, list[str], int]],
    problem: _Report,
    is_default: bool,
) -> None:
    """Apply a file's key entries together (so two actions can swap keys), then undo
    the entries that leave one key on two live actions, keeping their previous keys."""
    before = dict(settings.keymap)
    for action_id, keys, _line_no in entries:
        settings.keymap[action_id] = ",".join(keys)
    if is_default:
        return  # the defaults are checked by a test, not at every start
    for action_id, keys, line in reversed(entries):
        clash = _clash(settings.keymap, action_id, keys)
        if clash:
            key, other = clash
            problem(
                line,
                f"key '{key}' of {action_id} is already bound to {other}"
                " on the same screen; kept the default",
            )
            settings.keymap[action_id] = before.get(action_id, "")
        else:
            settings.changed.add(action_id)


def _keys_of_node(node: yaml.Node, line: int, problem: _Report) -> list[str] | None:
    """The canonical keys a YAML value names; None (after reporting) when invalid."""
    if isinstance(node, yaml.ScalarNode):
        raw = [] if node.value in ("", "~", "null") else _split_keys(str(node.value))
    elif isinstance(node, yaml.SequenceNode) and all(
        isinstance(item, yaml.ScalarNode) for item in node.value
    ):
        raw = [str(item.value) for item in node.value]
    else:
        problem(line, "expected a key or keys separated by commas")
        return None
    keys: list[str] = []
    for text in raw:
        key = parse_key(text)
        if key is None:
            problem(line, f"unknown key name '{text.strip()}' (e.g. j, G, ctrl+d, enter, pagedown)")
            return None
        if key not in keys:
            keys.append(key)
    return keys


def _split_keys(text: str) -> list[str]:
    """Split "j,down" on commas while keeping a lone comma key: ",", "a,,"."""
    if text.strip() == ",":
        return [","]
    parts = text.split(",")
    keys = [p for p in parts if p.strip()]
    if text.rstrip().endswith(",,") or text.lstrip().startswith(",,"):
        keys.append(",")
    return keys


def _clash(keymap: dict[str, str], action_id: str, keys: list[str]) -> tuple[str, str] | None:
    """(key, other action) if a key is taken in a scope where both actions are live."""
    scope = action_id.split(".", 1)[0]
    for other_id, other_keys in keymap.items():
        if other_id == action_id:
            continue
        other_scope = other_id.split(".", 1)[0]
        if scope != "app" and other_scope not in (scope, "app"):
            continue
        for key in keys:
            if key in other_keys.split(","):
                return key, other_id
    return None


def _character_name(name: str) -> bool:
    """True for Unicode character names as Textual spells keys ("question_mark")."""
    try:
        return len(unicodedata.lookup(name.replace("_", " "))) == 1
    except KeyError:
        return False


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _verb(action_id: str) -> str:
    return BY_ID[action_id].description[0].lower() + BY_ID[action_id].description[1:]


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1
