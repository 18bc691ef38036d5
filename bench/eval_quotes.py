"""Evaluate quote detection and speaker attribution on PolNeAR (train or dev).

Usage::

    python bench/eval_quotes.py                  # dev set
    python bench/eval_quotes.py --split train    # training set (for tuning)
    python bench/eval_quotes.py --errors 20      # also print some wrong speakers
    python bench/eval_quotes.py --pronoun-errors # also print the labelled pronoun misses

PolNeAR marks each attribution in brat standoff files: a Content span, a Cue
and usually a Source ("Caddell", "he", "the campaign").  A *direct quote* is an
attribution whose Content holds a double quotation mark (“ ” " or '').  For each
article the first annotator's file (in name order) is used, the whole text file
is the body (headline included), and people come from
`reader.people.extract_people`.

- Detection precision: share of found quotations that overlap the Content of
  a gold direct quote.  Recall: share of gold direct quotes overlapped by at
  least one found quotation (a quote over several paragraphs is found once
  any of its paragraphs is).
- Speaker accuracy, over found quotations matched to a gold quote that has a
  Source naming a person of the article: the predicted speaker is right when
  one of its mentions overlaps the Source or, when no mention does, when the
  Source holds its last name (see `named_people`).  Pronoun and
  description Sources ("he", "the campaign") cannot be checked without
  coreference: the script only counts how often a speaker was given for them.

- Pronoun speakers, over the hand labels of `bench/data/polnear_pronouns.tsv`
  (dev only): for each gold direct quote whose Source is a pronoun, in the
  first 15 dev articles that have one, the person it refers to as the article
  writes it, or "-" for no person of the article (an organisation, a group).
  Of the found quotations matched to such a quote, the speaker is right when
  its folded last name is the label's (and its first name too when both have
  one), wrong when it is another person, unknown when None.  For "-" labels
  unknown is the right answer.  The file holds offsets and names only.

The data lives outside the repository (no licence for redistribution), so the
script prints a message and exits 0 when the folder is missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.people import Person, extract_people
from reader.quotes import Quote, find_quotes
from reader.textnorm import words

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear"
# Double quotation marks, including the doubled apostrophes ('') of some wires.
PRONOUN_LABELS = Path(__file__).resolve().parent / "data" / "polnear_pronouns.tsv"
DOUBLE_MARKS = ("“", "”", '"', "''")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldQuote:
    content: tuple[Span, ...]
    source: tuple[Span, ...]  # empty: no source marked


def read_ann(path: Path, text: str) -> list[GoldQuote]:
    """The direct quotes of one brat file."""
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            ranges = []
            for piece in where.split(";"):
                start, end = piece.split()
                ranges.append((int(start), int(end)))
            spans[parts[0]] = (label, tuple(ranges))
        elif line.startswith("E") and len(parts) >= 2:
            args = dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg)
            relations.append(args)
    gold = []
    for args in relations:
        content = spans.get(args.get("Content", ""), ("", ()))[1]
        if not content or not any(c in text[s:e] for s, e in content for c in DOUBLE_MARKS):
            continue
        source = spans.get(args.get("Source", ""), ("", ()))[1]
        gold.append(GoldQuote(content, source))
    return gold


def overlap(a: Span, spans: tuple[Span, ...]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in spans)


def named_people(people: list[Person], source: tuple[Span, ...], text: str) -> list[Person]:
    """The people a gold Source names.

    Those with a mention inside it; when there is none, those whose last name
    is one of its words ("Clinton's campaign manager" names no one this way
    only if the article has no Clinton).
    """
    inside = [p for p in people if any(overlap((m.start, m.end), source) for m in p.mentions)]
    if inside:
        return inside
    source_words = {w for s, e in source for w in words(text[s:e])}
    return [p for p in people if words(p.name) and words(p.name)[-1] in source_words]


@dataclass
class Counts:
    found: int = 0
    found_matched: int = 0
    gold: int = 0
    gold_found: int = 0
    named: int = 0
    named_right: int = 0
    named_none: int = 0
    unnamed: int = 0
    unnamed_given: int = 0
    no_source: int = 0
    seconds: float = 0.0
    # Hand-labelled pronoun Sources (see PRONOUN_LABELS).
    pronoun_labels: int = 0
    pronoun_person: int = 0
    pronoun_right: int = 0
    pronoun_wrong: int = 0
    pronoun_unknown: int = 0
    pronoun_nobody: int = 0
    pronoun_nobody_given: int = 0


Labels = dict[tuple[str, int, int], str]


def read_pronoun_labels(path: Path) -> Labels:
    """(article stem, source start, source end) -> referent's name, or "-" for nobody."""
    labels: Labels = {}
    if not path.is_file():
        return labels
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        stem, start, end, _pronoun, name = line.split("\t")
        labels[(stem, int(start), int(end))] = name
    return labels


def same_person(predicted: str, label: str) -> bool:
    """Same folded last name, and same first name when both names have one."""
    p, g = words(predicted), words(label)
    if not p or not g or p[-1] != g[-1]:
        return False
    return len(p) < 2 or len(g) < 2 or p[0] == g[0]


def evaluate(folder: Path, errors: int, labels: Labels, pronoun_errors: bool = False) -> Counts:
    counts = Counts()
    counts.pronoun_labels = len(labels)
    shown = 0
    for text_path in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(text_path.stem + "_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        gold = read_ann(anns[0], text)
        started = time.perf_counter()
        people = extract_people(text)
        quotes = find_quotes(text, people)
        counts.seconds += time.perf_counter() - started
        by_name = {p.name: p for p in people}
        counts.gold += len(gold)
        counts.gold_found += sum(
            any(overlap((q.start, q.end), g.content) for q in quotes) for g in gold
        )
        for quote in quotes:
            counts.found += 1
            best = max(
                gold, key=lambda g: overlap((quote.start, quote.end), g.content), default=None
            )
            if best is None or not overlap((quote.start, quote.end), best.content):
                continue
            counts.found_matched += 1
            label = labels.get((text_path.stem, *best.source[0])) if len(best.source) == 1 else None
            if label is not None:
                wrong = _judge_pronoun(counts, quote, label)
                if wrong and pronoun_errors:
                    print(f"- pronoun, labelled {label!r}:", end=" ")
                    _show(text_path.stem, text, quote, best)
            right = _judge(counts, quote, best, people, by_name, text)
            if right is False and shown < errors:
                shown += 1
                _show(text_path.stem, text, quote, best)
    return counts


def _judge(
    counts: Counts,
    quote: Quote,
    gold: GoldQuote,
    people: list[Person],
    by_name: dict[str, Person],
    text: str,
) -> bool | None:
    """Count one matched quotation; True/False when its speaker could be checked."""
    if not gold.source:
        counts.no_source += 1
        return None
    named = named_people(people, gold.source, text)
    if not named:
        counts.unnamed += 1
        counts.unnamed_given += quote.speaker is not None
        return None
    counts.named += 1
    if quote.speaker is None:
        counts.named_none += 1
        return False
    predicted = by_name.get(quote.speaker)
    right = predicted is not None and predicted in named
    counts.named_right += right
    return right


def _judge_pronoun(counts: Counts, quote: Quote, label: str) -> bool:
    """Count one quotation whose Source is a labelled pronoun; True when it is wrong."""
    if label == "-":
        counts.pronoun_nobody += 1
        counts.pronoun_nobody_given += quote.speaker is not None
        return quote.speaker is not None
    counts.pronoun_person += 1
    if quote.speaker is None:
        counts.pronoun_unknown += 1
        return True
    if same_person(quote.speaker, label):
        counts.pronoun_right += 1
        return False
    counts.pronoun_wrong += 1
    return True


def _show(name: str, text: str, quote: Quote, gold: GoldQuote) -> None:
    source = " ".join(text[s:e] for s, e in gold.source)
    start = max(0, quote.start - 150)
    context = text[start : quote.end + 80].replace("\n", " ")
    print(f"- {name}: predicted {quote.speaker!r}, gold source {source!r}\n    …{context}…")


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the polnear folder")
    parser.add_argument("--errors", type=int, default=0, metavar="N")
    parser.add_argument(
        "--pronoun-errors", action="store_true", help="print the labelled pronoun quotes missed"
    )
    args = parser.parse_args()
    folder = args.data / args.split
    if not (folder / "text").is_dir():
        print(f"eval_quotes: {folder} not found; nothing to evaluate")
        return 0
    # The labels are dev articles: they are the test set, never used on train.
    labels = read_pronoun_labels(PRONOUN_LABELS) if args.split == "dev" else {}
    counts = evaluate(folder, args.errors, labels, args.pronoun_errors)
    print(f"PolNeAR {args.split}: {counts.gold} gold direct quotes, {counts.found} found")
    print(
        f"detection precision {percent(counts.found_matched, counts.found)}"
        f" ({counts.found_matched}/{counts.found}),"
        f" recall {percent(counts.gold_found, counts.gold)} ({counts.gold_found}/{counts.gold})"
    )
    print(
        f"speaker accuracy (gold source names a person) {percent(counts.named_right, counts.named)}"
        f" ({counts.named_right}/{counts.named}; unknown given for"
        f" {percent(counts.named_none, counts.named)}, wrong person"
        f" {percent(counts.named - counts.named_right - counts.named_none, counts.named)})"
    )
    print(
        f"gold source is a pronoun or description for {counts.unnamed} matched quotes:"
        f" a speaker was given for {percent(counts.unnamed_given, counts.unnamed)};"
        f" no source marked for {counts.no_source}"
    )
    if labels:
        person = counts.pronoun_person
        print(
            f"pronoun speakers ({counts.pronoun_labels} hand-labelled pronoun sources):"
            f" of {person} matched quotes whose pronoun means a person of the article,"
            f" right {percent(counts.pronoun_right, person)} ({counts.pronoun_right}),"
            f" wrong person {percent(counts.pronoun_wrong, person)} ({counts.pronoun_wrong}),"
            f" unknown {percent(counts.pronoun_unknown, person)} ({counts.pronoun_unknown});"
            f" {counts.pronoun_nobody} whose pronoun means no person:"
            f" a person was given for {counts.pronoun_nobody_given}"
        )
    print(f"extraction time {counts.seconds:.1f} s (people and quotes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
