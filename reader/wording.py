"""Small pieces of wording shared by every message (no Textual)."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """`count` and `word`, with the plural form when `count` is not 1: "1 article",
    "2,227 articles"; `many` for irregular plurals ("1 person", "3 people")."""
    if count == 1:
        return f"{count:,} {word}"
    return f"{count:,} {many or word + 's'}"
