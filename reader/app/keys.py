"""Textual bindings and keymap from the settings (the only place keys meet Textual).

Screens declare their bindings with `bindings_for(scope)`, built from the
bundled defaults; the app then applies the user's keys with `App.set_keymap`,
so overrides take effect through Textual's own keymap machinery.
"""

from __future__ import annotations

from functools import lru_cache

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import _character_to_key, format_key

from reader.actions import BY_ID, in_scope
from reader.config import Settings, load_settings, split_key

# Textual's keymap treats an empty key list as "no override", so an action the
# user unbinds is given a key name no terminal can send.
_UNBOUND = "unbound-{id}"


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    return load_settings(None)


def textual_key(key: str) -> str:
    """Our canonical key spelling as Textual names keys ("?" -> "question_mark")."""
    modifiers, base = split_key(key) if key != "+" else ([], key)
    if len(base) == 1:
        base = _character_to_key(base)
    return "+".join([*modifiers, base])


def textual_keys(keys: list[str]) -> str:
    return ",".join(textual_key(key) for key in keys)


def bindings_for(scope: str) -> list[BindingType]:
    """The bindings of one scope, with the default keys of config.yaml."""
    return bindings_of(*(action.id for action in in_scope(scope)))


def bindings_of(*action_ids: str) -> list[BindingType]:
    """The bindings of these actions, with the default keys of config.yaml.

    A modal screen stops the binding chain before the app, so the app keys it
    keeps (back) are declared on it again, under the same ids: the keymap then
    gives them the user's keys, and the screen runs its own method of that name.
    """
    defaults = default_settings()
    return [
        Binding(
            textual_keys(defaults.keys_of(action.id)) or _UNBOUND.format(id=action.id),
            action.method,
            action.short or action.description,
            show=action.footer,
            tooltip=action.description,
            id=action.id,
            group=Binding.Group(action.group) if action.group else None,
        )
        for action in (BY_ID[action_id] for action_id in action_ids)
    ]


def keymap_of(settings: Settings) -> dict[str, str]:
    """The keymap to give `App.set_keymap`: every action, in Textual's key names."""
    return {
        action_id: textual_keys(settings.keys_of(action_id)) or _UNBOUND.format(id=action_id)
        for action_id in settings.keymap
    }


def display_keys(keys: list[str]) -> str:
    """Keys as the help screen shows them: "j, down"."""
    return ", ".join(keys) if keys else "(none)"


def key_hint(settings: Settings, *action_ids: str) -> str:
    """The first key of each action, as the footer shows keys ("n / N", "⏎", "}"), for
    hints in text; an unbound action is left out, so "" when none has a key."""
    keys = (settings.keys_of(action_id) for action_id in action_ids)
    return " / ".join(format_key(textual_key(bound[0])) for bound in keys if bound)


def widget_key_hint(widget: type[DOMNode], action: str) -> str:
    """The first key a Textual widget binds to `action` ("⏎" for an Input's submit),
    as `key_hint` shows keys: for hints about keys that are the widget's own and
    not in the keymap."""
    for binding in Binding.make_bindings(widget.BINDINGS):
        if binding.action == action:
            return format_key(binding.key.split(",")[0].strip())
    return ""
