"""Evaluate person extraction on CoNLL-2003 (PER spans) and time it.

Usage::

    python bench/eval_people.py                   # dev set (eng.testa)
    python bench/eval_people.py --split train     # training set
    python bench/eval_people.py --errors 40       # also print some misses / false hits

Each CoNLL document is rebuilt as text: tokens joined by single spaces, one
sentence per line, so every gold PER entity has exact character offsets.  The
extractor runs once per document; precision, recall and F1 count exact
(start, end) spans, the way the shared task does.  The script also reports
milliseconds per document after a warm-up, the one-off lexicon loading time,
and, when the BBC corpus is present, milliseconds per BBC article.

The data lives outside the repository (research-only licence), so the script
prints a message and exits 0 when the folder is missing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader import people

DEFAULT_SHARED = Path("/work/shared")
SPLIT_FILES = {"dev": "eng.testa", "train": "eng.train"}

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Document:
    """A CoNLL document rebuilt as text, with its gold PER spans."""

    text: str
    gold: frozenset[Span]


def _entity_spans(tags: list[str], offsets: list[Span], kind: str) -> Iterator[Span]:
    """Entities of type `kind` in one sentence, read the way conlleval reads IOB1."""
    start: int | None = None
    end = 0
    previous = "O"
    for tag, (tok_start, tok_end) in zip(tags, offsets, strict=True):
        prefix, _, label = tag.partition("-")
        begins = label == kind and (prefix == "B" or previous.partition("-")[2] != kind)
        if start is not None and (label != kind or begins):
            yield (start, end)
            start = None
        if label == kind:
            if start is None:
                start = tok_start
            end = tok_end
        previous = tag
    if start is not None:
        yield (start, end)


def read_conll(path: Path) -> list[Document]:
    """Documents of a CoNLL-2003 file (IOB1), each sentence on its own line."""
    documents: list[Document] = []
    lines: list[str] = []
    gold: set[Span] = set()
    sentence: list[tuple[str, str]] = []
    length = 0

    def end_sentence() -> None:
        nonlocal length
        if not sentence:
            return
        offsets: list[Span] = []
        pos = length
        for word, _ in sentence:
            offsets.append((pos, pos + len(word)))
            pos += len(word) + 1
        gold.update(_entity_spans([tag for _, tag in sentence], offsets, "PER"))
        line = " ".join(word for word, _ in sentence)
        lines.append(line)
        length += len(line) + 1
        sentence.clear()

    def end_document() -> None:
        nonlocal length
        end_sentence()
        if lines:
            documents.append(Document("\n".join(lines) + "\n", frozenset(gold)))
        lines.clear()
        gold.clear()
        length = 0

    for raw in path.read_text(encoding="ascii").splitlines():
        if raw.startswith("-DOCSTART-"):
            end_document()
        elif not raw.strip():
            end_sentence()
        else:
            fields = raw.split(" ")
            sentence.append((fields[0], fields[-1]))
    end_document()
    return documents


def predicted_spans(text: str, extract: Callable[[str], list[people.Person]]) -> set[Span]:
    """Every mention the extractor found, as (start, end)."""
    return {(m.start, m.end) for person in extract(text) for m in person.mentions}


def score(
    documents: list[Document], extract: Callable[[str], list[people.Person]], errors: int
) -> None:
    """Print span-level P/R/F1 and, optionally, a sample of errors."""
    true_pos = false_pos = false_neg = 0
    misses: list[str] = []
    wrong: list[str] = []
    for doc in documents:
        found = predicted_spans(doc.text, extract)
        true_pos += len(found & doc.gold)
        false_pos += len(found - doc.gold)
        false_neg += len(doc.gold - found)
        for start, end in doc.gold - found:
            misses.append(_in_context(doc.text, start, end))
        for start, end in found - doc.gold:
            wrong.append(_in_context(doc.text, start, end))
    precision = true_pos / max(1, true_pos + false_pos)
    recall = true_pos / max(1, true_pos + false_neg)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(
        f"PER spans: gold {true_pos + false_neg}, found {true_pos + false_pos}, correct {true_pos}"
    )
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    if errors:
        rng = random.Random(0)
        for title, items in (("missed", misses), ("false", wrong)):
            print(f"\n--- {title} ({len(items)}), sample:")
            for item in rng.sample(items, min(errors, len(items))):
                print("  " + item)


def _in_context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - 40) : start].replace("\n", " | ")
    right = text[end : end + 40].replace("\n", " | ")
    return f"{left}[[{text[start:end]}]]{right}"


def time_per_text(texts: list[str], extract: Callable[[str], list[people.Person]]) -> str:
    """Median and mean milliseconds per text, after one warm-up pass."""
    for text in texts[:20]:
        extract(text)
    timings = []
    for text in texts:
        started = time.perf_counter()
        extract(text)
        timings.append((time.perf_counter() - started) * 1000)
    words = statistics.mean(len(t.split()) for t in texts)
    return (
        f"{len(texts)} texts, {words:.0f} words on average: "
        f"median {statistics.median(timings):.2f} ms, mean {statistics.mean(timings):.2f} ms, "
        f"max {max(timings):.1f} ms"
    )


def bbc_texts(shared: Path) -> list[str]:
    """Bodies of the BBC corpus (title line dropped), if present."""
    folder = shared / "corpus" / "bbc"
    texts = []
    for path in sorted(folder.glob("*/*.txt")):
        _, _, body = path.read_text(encoding="utf-8").partition("\n")
        texts.append(body.lstrip("\n"))
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder holding data/conll2003 and corpus/bbc (default %(default)s)",
    )
    parser.add_argument("--split", choices=sorted(SPLIT_FILES), default="dev")
    parser.add_argument("--backend", default="builtin")
    parser.add_argument("--errors", type=int, default=0, help="print N sample errors of each kind")
    args = parser.parse_args(argv)

    conll = args.shared / "data" / "conll2003" / SPLIT_FILES[args.split]
    if not conll.is_file():
        print(f"skipped: {conll} not found (CoNLL-2003 is kept outside the repository)")
        return 0

    started = time.perf_counter()
    extract = people.get_extractor(args.backend)
    extract("Warm-up text with Jurgen Klopp.")
    print(
        f"backend {args.backend}: first call (lexicon loading) "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )

    documents = read_conll(conll)
    print(f"CoNLL-2003 {args.split} ({conll.name}): {len(documents)} documents")
    score(documents, extract, args.errors)
    print("CoNLL " + time_per_text([d.text for d in documents], extract))
    texts = bbc_texts(args.shared)
    if texts:
        print("BBC " + time_per_text(texts, extract))
    return 0


if __name__ == "__main__":
    sys.exit(main())
