"""Finding a bookmarked text again in an article that changed (no Textual).

`locate` tries, in order: the old offsets still hold the text; the text
(quote marks folded, spacing free) where the old context matches best; the
text alone when it occurs exactly once.  Otherwise it gives up (the bookmark
is then flagged orphaned by the store, never dropped).
"""

from __future__ import annotations

import re

from reader.bookmarks.model import Anchor
from reader.textnorm import fold_quotes


def locate(anchor: Anchor, body: str) -> tuple[int, int] | None:
    """(start, end) of the anchored text in `body`, or None when it cannot be placed surely."""
    text = fold_quotes(anchor.text)
    folded = fold_quotes(body)
    if folded[anchor.start : anchor.end] == text:
        return anchor.start, anchor.end
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(text), folded)]
    if not spans:
        pattern = r"\s+".join(re.escape(word) for word in text.split())
        spans = [(m.start(), m.end()) for m in re.finditer(pattern, folded)] if pattern else []
    if not spans:
        return None
    if len(spans) == 1:
        return spans[0]
    prefix, suffix = fold_quotes(anchor.prefix), fold_quotes(anchor.suffix)
    scores = [
        _common_tail(folded[max(0, s - len(prefix)) : s], prefix)
        + _common_head(folded[e : e + len(suffix)], suffix)
        for s, e in spans
    ]
    best = max(scores)
    winners = [span for span, score in zip(spans, scores, strict=True) if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_head(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
