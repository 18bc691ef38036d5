"""Quote provenance: the same quote in several articles is one quote with its
appearances (no Textual).

Two quotes are the same when, folded to words (`textnorm.words`: case,
accents and punctuation do not matter), one holds the other as a run of
consecutive words and the shorter has at least `MIN_WORDS` words: a wire
story quoted whole in one paper and cut in another is still one quote, while
"We will see" in two articles is not.  Grouping is transitive (A holds B, B
holds C: one group).

Finding who holds whom goes through the first `MIN_WORDS` words of each
quote, looked up among every run of that many words of the others: the cost
is the number of words quoted, not the square of the number of quotes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.quotestore import QuoteEntry
from reader.textnorm import words

MIN_WORDS = 8


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quote and every appearance of it, earliest first (undated last, then by
    title); `first` is where it appeared first, and its text the one shown."""

    appearances: tuple[QuoteEntry, ...]

    @property
    def first(self) -> QuoteEntry:
        return self.appearances[0]

    @property
    def article_count(self) -> int:
        """The number of distinct articles it appears in."""
        return len({entry.article_id for entry in self.appearances})

    @property
    def others(self) -> tuple[QuoteEntry, ...]:
        """The appearances in other articles than the first, one per article."""
        seen = {self.first.article_id}
        result = []
        for entry in self.appearances[1:]:
            if entry.article_id not in seen:
                seen.add(entry.article_id)
                result.append(entry)
        return tuple(result)

    def to_record(self) -> dict[str, Any]:
        """JSON-ready data (`reader quotes --repeated --json`)."""
        return {
            "text": self.first.quote.text,
            "speaker": self.first.quote.speaker,
            "articles": self.article_count,
            "first": self.first.to_record(),
            "appearances": [entry.to_record() for entry in self.appearances],
        }


def group_quotes(entries: Sequence[QuoteEntry]) -> list[QuoteGroup]:
    """`entries` grouped into quotes, each group in the order of its first appearance
    (earliest first, undated last); a quote seen once is a group of one."""
    folded = [" ".join(words(entry.quote.text)) for entry in entries]
    parent = list(range(len(entries)))

    def root(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    # Every run of MIN_WORDS words -> the quotes holding it.
    holders: dict[str, set[int]] = defaultdict(set)
    for number, text in enumerate(folded):
        items = text.split()
        for start in range(len(items) - MIN_WORDS + 1):
            holders[" ".join(items[start : start + MIN_WORDS])].add(number)
    for number, text in enumerate(folded):
        items = text.split()
        if len(items) < MIN_WORDS:
            continue
        padded = f" {text} "
        for other in holders[" ".join(items[:MIN_WORDS])]:
            if other != number and padded in f" {folded[other]} ":
                parent[root(number)] = root(other)
    groups: dict[int, list[QuoteEntry]] = defaultdict(list)
    for number, entry in enumerate(entries):
        groups[root(number)].append(entry)
    result = [QuoteGroup(tuple(sorted(members, key=_earliest))) for members in groups.values()]
    result.sort(key=lambda group: _earliest(group.first))
    return result


def repeated(groups: Sequence[QuoteGroup]) -> list[QuoteGroup]:
    """The groups of quotes that appear in more than one article."""
    return [group for group in groups if group.article_count > 1]


def _earliest(entry: QuoteEntry) -> tuple[bool, str, str, str, int]:
    return (not entry.date, entry.date, entry.title, entry.article_id, entry.quote.start)
