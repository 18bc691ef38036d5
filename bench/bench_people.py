"""Time people extraction in the import, and the library-wide people tables at scale.

Usage::

    python bench/bench_people.py                  # BBC import with/without, links at 100k
    python bench/bench_people.py --articles 20000 # links at another size
    python bench/bench_people.py --skip-import    # only the people tables

1. Imports the BBC corpus into two temporary libraries, one without analysis
   and one with the default analyser (people, and quotes when wired), and
   prints seconds, ms per article and the ratio.
2. Builds a catalog of `--articles` synthetic articles from the BBC people
   rows (about half the people recur across copies, half are new in each
   copy, so names grow with the library) and times: recomputing every link,
   the refresh after importing 1 and 100 more articles, listing everyone,
   one person, and widening a `person:` search.

The corpus lives outside the repository; without it the script says so and
exits 0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.catalog import Catalog
from reader.library import Library
from reader.peoplestore import PeopleStore

DEFAULT_SHARED = Path("/work/shared")


def timed(action: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median seconds of `repeat` runs, and the last result."""
    timings = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def bench_import(corpus: Path, work: Path, rounds: int) -> Path:
    """Import the corpus without and with analysis, alternating, `rounds` times each.

    Prints the best time of each (the machine may be busy with other work);
    returns the folder of an analysed library.
    """
    best: dict[str, float] = {}
    count = 0
    for round_number in range(rounds):
        for label, options in (("without", {"analyse": None}), ("with", {})):
            folder = work / f"lib-{label}-{round_number}"
            library = Library(folder, seed=False, **options)  # type: ignore[arg-type]
            report = library.import_paths([corpus])
            count = library.count()
            library.close()
            best[label] = min(best.get(label, report.seconds), report.seconds)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"BBC import, best of {rounds} (load average {load:.1f}, {os.cpu_count()} CPUs):")
    for label in ("without", "with"):
        print(
            f"  {label} people/quotes: {best[label]:.1f} s for {count:,} articles, "
            f"{best[label] / count * 1000:.1f} ms/article"
        )
    print(f"  with/without: {best['with'] / best['without']:.2f}x")
    return work / "lib-with-0"


def _copy_rows(rows: list[tuple[Any, ...]], copy: int) -> list[tuple[Any, ...]]:
    """Rows of one synthetic copy: same people for half of the keys, new people for the rest."""
    result = []
    for article_id, key, name, aliases, mentions, start, end in rows:
        if copy and zlib.crc32(key.encode()) % 2:
            key, name = f"{key}{copy}", f"{name}{copy}"
        result.append((f"{article_id}-{copy}", key, name, aliases, mentions, start, end))
    return result


def bench_links(source: Path, articles: int, work: Path) -> None:
    """Time the people tables of a catalog of about `articles` synthetic articles."""
    catalog = Catalog(source / "catalog.sqlite")
    rows = list(catalog.db.execute("SELECT * FROM article_people"))
    per_copy = catalog.count()
    catalog.close()
    copies = max(1, round(articles / per_copy))
    big = Catalog(work / "big" / "catalog.sqlite")
    db = big.db
    # Rows without articles: the people tables need nothing else to be timed.
    with db:
        for copy in range(copies):
            db.executemany(
                "INSERT INTO article_people VALUES (?, ?, ?, ?, ?, ?, ?)", _copy_rows(rows, copy)
            )
        db.execute("DELETE FROM people_dirty")
    store = PeopleStore(db)
    total_rows = db.execute("SELECT count(*) FROM article_people").fetchone()[0]
    print(f"\nsynthetic library: {copies * per_copy:,} articles, {total_rows:,} person rows")
    seconds, keys = timed(store.rebuild)
    lone = db.execute("SELECT count(*), sum(canonical != key) FROM people WHERE lone = 1")
    lone_count, linked = lone.fetchone()
    print(
        f"recompute everything: {seconds * 1000:.0f} ms ({keys:,} keys, "
        f"{lone_count:,} lone names, {linked:,} linked)"
    )
    article_ids = sorted({row[0] for row in rows})
    for size in (1, 100):
        chosen = set(article_ids[:size])
        batch = _copy_rows([row for row in rows if row[0] in chosen], copies + size)
        with db:
            db.executemany("INSERT INTO article_people VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
        seconds, keys = timed(store.refresh)
        print(f"refresh after importing {size} article(s): {seconds * 1000:.1f} ms ({keys} keys)")
    seconds, everyone = timed(store.summaries, repeat=5)
    print(f"people(): everyone ({len(everyone):,}) {seconds * 1000:.0f} ms")
    seconds, _ = timed(lambda: store.summaries(limit=50), repeat=5)
    print(f"people(limit=50): {seconds * 1000:.0f} ms")
    seconds, _ = timed(lambda: store.summaries("bla", limit=50), repeat=5)
    print(f"people('bla', limit=50): {seconds * 1000:.0f} ms")
    top = everyone[0].key
    seconds, _ = timed(lambda: store.same_person_keys(top), repeat=5)
    print(f"same_person_keys({top!r}): {seconds * 1000:.2f} ms")
    big.close()


def person_detail_timing(folder: Path) -> None:
    library = Library(folder, seed=False)
    top = library.people(limit=1)[0]
    seconds, detail = timed(lambda: library.person(top.key), repeat=5)
    print(f"person({top.name!r}): {len(detail.appearances)} appearances, {seconds * 1000:.1f} ms")
    ids = [s.id for s in library.summaries()[:200]]
    seconds, _ = timed(lambda: [library.article_people(i) for i in ids])
    print(f"article_people: {seconds / len(ids) * 1000:.2f} ms/article")
    library.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--rounds", type=int, default=2, help="imports of each kind (best kept)")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus" / "bbc"
    if not corpus.is_dir():
        print(f"skipped: {corpus} not found (the BBC corpus is kept outside the repository)")
        return 0
    with tempfile.TemporaryDirectory(prefix="reader-bench-people-") as tmp:
        work = Path(tmp)
        if args.skip_import:
            source = work / "lib-with"
            library = Library(source, seed=False)
            library.import_paths([corpus])
            library.close()
        else:
            source = bench_import(corpus, work, args.rounds)
        person_detail_timing(source)
        bench_links(source, args.articles, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
