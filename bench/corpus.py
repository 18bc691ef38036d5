"""Article folders of a given size for the benchmark, written once and cached.

The text comes from the BBC corpus (`../shared/corpus/bbc`, 2,225 articles)
replicated as often as needed.  Every copy is a Markdown file with front
matter (title, date) and gets a marker sentence naming its copy number, so
copies are distinct articles with distinct ids, hashes and dates.  Without the
BBC corpus, articles are generated from the seed articles by a word-bigram
Markov chain, which keeps the word statistics of news text roughly right.

Folders live in `bench/results/` (git-ignored) and are reused while their
stamp file says they were built the same way.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
BBC = SHARED / "corpus" / "bbc"
SEED_FOLDERS = (SHARED / "seeds", REPO / "seeds")
FIRST_DATE = dt.date(2004, 1, 1)
FORMAT_VERSION = "1"  # bump when the files written here change


@dataclass(frozen=True)
class Source:
    """Where the benchmark text comes from: base articles as (title, body)."""

    name: str  # shown in the output
    articles: list[tuple[str, str]]


def load_source() -> Source:
    """The BBC corpus if present, else a generator seeded from the seed articles."""
    if BBC.is_dir():
        articles = []
        for path in sorted(BBC.glob("*/*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            title, _, body = text.partition("\n")
            if title.strip() and body.strip():
                articles.append((title.strip(), body.strip()))
        return Source(f"BBC corpus ({len(articles):,} articles, replicated)", articles)
    return Source("generated from the seed articles (BBC corpus absent)", _generated(2225))


def _generated(count: int) -> list[tuple[str, str]]:
    """`count` articles of Markov-chain text built from the seed articles."""
    words: list[str] = []
    for folder in SEED_FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            words.extend(text.replace(" date ", " ").split())
    if len(words) < 50:
        words = ("the reader found the phrase in the news and the manager said it " * 20).split()
    following: dict[str, list[str]] = defaultdict(list)
    for a, b in itertools.pairwise(words):
        following[a].append(b)
    rng = random.Random(6)
    articles = []
    for _ in range(count):
        word = rng.choice(words)
        out = [word]
        for _ in range(rng.randint(250, 600)):
            word = rng.choice(following.get(word) or words)
            out.append(word)
        paragraphs = [" ".join(out[i : i + 60]) for i in range(0, len(out), 60)]
        title = " ".join(out[:8]).strip(".,;:\"'“”‘’").capitalize()
        articles.append((title, "\n\n".join(paragraphs)))
    return articles


def article_folder(results: Path, source: Source, size: int) -> Path:
    """A folder of `size` article files (built on first use, then reused)."""
    folder = results / f"corpus-{size}"
    stamp = folder / ".stamp"
    want = f"{FORMAT_VERSION} {source.name} {size}"
    if stamp.exists() and stamp.read_text() == want:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    for number in range(size):
        path, text = article_file(source, number)
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    stamp.write_text(want)
    return folder


def article_file(source: Source, number: int) -> tuple[str, str]:
    """(relative path, file text) of article `number` of a benchmark folder."""
    base = len(source.articles)
    copy, index = divmod(number, base)
    title, body = source.articles[index]
    date = FIRST_DATE + dt.timedelta(days=(index * 7 + copy * 131) % 5000)
    marker = f"This is archive copy {copy} of the story, filed on {date:%d %B %Y}."
    if copy:
        title = f"{title} ({copy})"
    safe_title = title.replace('"', "'")
    text = f'---\ntitle: "{safe_title}"\ndate: {date.isoformat()}\n---\n\n{body}\n\n{marker}\n'
    return f"copy{copy:03}/{index // 500:02}/{index:05}.md", text


def change_articles(folder: Path, source: Source, numbers: list[int], note: str) -> None:
    """Rewrite the files of `numbers` with an extra sentence (`note`) at the end."""
    for number in numbers:
        path, text = article_file(source, number)
        (folder / path).write_text(f"{text}\n{note}\n", encoding="utf-8")


def restore_articles(folder: Path, source: Source, numbers: list[int]) -> None:
    """Undo `change_articles`, so the cached folder stays as built."""
    for number in numbers:
        path, text = article_file(source, number)
        (folder / path).write_text(text, encoding="utf-8")
