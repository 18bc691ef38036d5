"""Benchmark: import and search at 2,000 / 20,000 / 100,000 articles.

Usage::

    python bench/run.py --quick          # 2,000 articles, under 2 minutes
    python bench/run.py                  # 2,000, 20,000 and 100,000 articles
    python bench/run.py --sizes 20000    # chosen sizes only

Prints a table and writes `bench/results/latest.json`.  Article folders and
libraries live in `bench/results/` (git-ignored); folders are cached between
runs, libraries are rebuilt every run.  Imports run in processes of their own
(`bench/import_once.py`, `bench/bare.py`) so that time and memory are theirs.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore", category=SyntaxWarning)

from bench import bare, corpus  # noqa: E402
from bench.engines import Engine, Fts5Engine, ReaderEngine, build_fts5  # noqa: E402
from bench.queries import Query, make_queries, person_queries  # noqa: E402
from reader.library import Library  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
FULL_SIZES = (2_000, 20_000, 100_000)
QUERIES_PER_KIND = 200
CHANGED_FILES = 100


@dataclass
class SizeResult:
    size: int
    imports: dict[str, dict[str, float]] = field(default_factory=dict)
    bare: dict[str, float] = field(default_factory=dict)
    index_mb: float = 0.0
    catalog_mb: float = 0.0
    reimport_s: float = 0.0
    changed_s: float = 0.0
    fts5_build_s: float = 0.0
    search: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 articles only")
    parser.add_argument("--sizes", type=int, nargs="+", help="library sizes to build")
    parser.add_argument("--queries", type=int, default=QUERIES_PER_KIND, help="per kind")
    parser.add_argument(
        "--no-plain", action="store_true", help="skip the import without extraction"
    )
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="reuse the libraries of an earlier run: time searches (and the app) only",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    sizes = [2_000] if args.quick else sorted(args.sizes or FULL_SIZES)
    started = time.perf_counter()
    RESULTS.mkdir(parents=True, exist_ok=True)
    source = corpus.load_source()
    print(f"text: {source.name}")
    print("extraction: reader.extraction.make_analyser('builtin')")
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    queries = make_queries(source.articles, args.queries)
    results = []
    for size in sizes:
        print(f"\n== {size:,} articles ==", flush=True)
        results.append(run_size(size, source, queries, args))
    app = measure_app(RESULTS / f"lib-{sizes[-1]}")
    payload = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "text": source.name,
        "extraction": "builtin",
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sizes": [vars(r) for r in results],
        "app": app,
        "bench_peak_rss_mb": peak_rss_mb(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    print()
    print(format_table(payload))
    print(f"\nwrote {args.output} ({payload['seconds']} s)")
    return 0


# Import --------------------------------------------------------------------------


def run_size(
    size: int,
    source: corpus.Source,
    queries: dict[str, list[Query]],
    args: argparse.Namespace,
) -> SizeResult:
    result = SizeResult(size)
    began = time.perf_counter()
    folder = corpus.article_folder(RESULTS, source, size)
    print(f"article folder ready ({time.perf_counter() - began:.1f} s): {folder}", flush=True)
    lib_dir = RESULTS / f"lib-{size}"
    fts_path = RESULTS / f"fts5-{size}.sqlite"
    bare_dir = RESULTS / f"bare-{size}"
    if args.search_only and lib_dir.exists() and fts_path.exists() and bare_dir.exists():
        result.notes.append("search only: libraries of an earlier run")
        time_searches(result, lib_dir, fts_path, bare_dir, queries, args)
        return result
    result.bare = bare_whoosh_import(folder, bare_dir)
    if not args.no_plain:
        plain = RESULTS / f"lib-{size}-plain"
        result.imports["without extraction"] = timed_import(folder, plain, extraction=False)
        shutil.rmtree(plain)
    result.imports["with extraction"] = timed_import(folder, lib_dir, extraction=True)
    result.index_mb = folder_mb(lib_dir / "index")
    result.catalog_mb = round((lib_dir / "catalog.sqlite").stat().st_size / 1e6, 1)

    library = Library(lib_dir, seed=False)
    result.reimport_s = round(library.import_paths([folder]).seconds, 2)
    print(f"re-import unchanged: {result.reimport_s} s", flush=True)
    changed = list(range(0, size, max(size // CHANGED_FILES, 1)))[:CHANGED_FILES]
    corpus.change_articles(folder, source, changed, f"Updated by the benchmark at {time.time()}.")
    report = library.import_paths([folder])
    result.changed_s = round(report.seconds, 2)
    print(f"import of {report.updated} changed articles: {result.changed_s} s", flush=True)
    corpus.restore_articles(folder, source, changed)
    library.import_paths([folder])
    library.close()

    seconds, count = build_fts5(lib_dir / "catalog.sqlite", fts_path)
    result.fts5_build_s = round(seconds, 2)
    print(f"FTS5 build: {seconds:.1f} s ({count / seconds:,.0f} articles/s)", flush=True)
    time_searches(result, lib_dir, fts_path, bare_dir, queries, args)
    return result


def bare_whoosh_import(folder: Path, target: Path) -> dict[str, float]:
    """Bare Whoosh on the same files, in a process of its own (see bench/bare.py)."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "bare.py"), str(folder), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout)
    print(
        f"bare Whoosh: {figures['articles']:,.0f} articles in {figures['seconds']:.1f} s"
        f" ({figures['per_second']:,.0f}/s), index {figures['index_mb']} MB",
        flush=True,
    )
    return figures


def time_searches(
    result: SizeResult,
    lib_dir: Path,
    fts_path: Path,
    bare_dir: Path,
    queries: dict[str, list[Query]],
    args: argparse.Namespace,
) -> None:
    kinds = dict(queries)
    people = person_queries(lib_dir / "catalog.sqlite", args.queries)
    if people:
        kinds["person"] = people
    else:
        result.notes.append("person: skipped, no people in the catalog (extraction not wired)")
    factories: dict[str, Any] = {
        "reader": lambda: ReaderEngine(lib_dir),
        "whoosh": lambda: bare.BareWhooshEngine(bare_dir),
        "fts5": lambda: Fts5Engine(fts_path),
    }
    for kind, items in kinds.items():
        result.search[kind] = {name: time_queries(make, items) for name, make in factories.items()}
        row = result.search[kind]
        print(
            f"{kind:16} "
            + "  ".join(
                f"{name} {row[name]['median_ms']:.1f}/{row[name]['p95_ms']:.1f} ms"
                for name in factories
            ),
            flush=True,
        )


def timed_import(folder: Path, lib_dir: Path, *, extraction: bool) -> dict[str, float]:
    """Import `folder` into a new library in a process of its own (bench/import_once.py):
    its wall-clock and CPU time, its workers' CPU time, and each one's peak memory."""
    if lib_dir.exists():
        shutil.rmtree(lib_dir)
    command = [sys.executable, str(Path(__file__).parent / "import_once.py"), str(lib_dir)]
    command.append(str(folder))
    if not extraction:
        command.append("--no-extraction")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = figures["seconds"]
    rate = figures["articles"] / seconds if seconds else 0.0
    cpu = figures["cpu_main"] + figures["cpu_workers"]
    # Other sessions share this machine, so wall-clock rates vary; the rate
    # the CPU time allows on all cores is steadier.
    cores = os.cpu_count() or 1
    cpu_rate = figures["articles"] / cpu * cores if cpu else 0.0
    label = "with" if extraction else "without"
    print(
        f"import {label} extraction: {figures['articles']:,} articles in {seconds:.1f} s "
        f"({rate:,.0f}/s; CPU {cpu:.1f} s, {cpu_rate:,.0f}/s on {cores} free cores); "
        f"peak memory {figures['rss_main_mb']} MB, largest worker {figures['rss_worker_mb']} MB",
        flush=True,
    )
    return {
        **figures,
        "per_second": round(rate, 1),
        "cpu_seconds": round(cpu, 2),
        "per_second_free_cores": round(cpu_rate, 1),
    }


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


# Search ---------------------------------------------------------------------------

COLD_OPENINGS = 5
WARM_UP = 10


def time_queries(make: Any, items: list[Query]) -> dict[str, float]:
    """Cold: the first query after opening, over a few openings. Warm: every query."""
    cold = []
    for query in items[:COLD_OPENINGS]:
        engine: Engine = make()
        began = time.perf_counter()
        engine.search(query)
        cold.append(time.perf_counter() - began)
        engine.close()
    engine = make()
    for query in items[-WARM_UP:]:
        engine.search(query)
    warm = []
    totals = 0
    for query in items:
        began = time.perf_counter()
        totals += engine.search(query)
        warm.append(time.perf_counter() - began)
    engine.close()
    return {
        "median_ms": ms(statistics.median(warm)),
        "p95_ms": ms(percentile(warm, 0.95)),
        "cold_median_ms": ms(statistics.median(cold)),
        "cold_max_ms": ms(max(cold)),
        "mean_hits": round(totals / len(items), 1),
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# The app ----------------------------------------------------------------------------


def measure_app(lib_dir: Path) -> dict[str, Any]:
    """App start and search-as-you-type timings (see `bench/app_timing.py`)."""
    from bench import app_timing

    return app_timing.measure(lib_dir)


# Output -----------------------------------------------------------------------------


def format_table(payload: dict[str, Any]) -> str:
    sizes = payload["sizes"]
    head = f"{'':40}" + "".join(f"{s['size']:>14,}" for s in sizes)
    lines = [head, "-" * len(head)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:40}" + "".join(f"{v:>14}" for v in values))

    row("bare Whoosh import, one process (s)", [f"{s['bare']['seconds']:.1f}" for s in sizes])
    for mode in ("without extraction", "with extraction"):
        if all(mode in s["imports"] for s in sizes):
            row(f"import {mode} (s)", [f"{s['imports'][mode]['seconds']:.1f}" for s in sizes])
            row(
                f"  articles/s {mode.split()[0]}",
                [f"{s['imports'][mode]['per_second']:,.0f}" for s in sizes],
            )
            row(
                "  articles/s, CPU time on free cores",
                [f"{s['imports'][mode].get('per_second_free_cores', 0):,.0f}" for s in sizes],
            )
            row(
                "  x bare Whoosh's time",
                [f"{s['imports'][mode]['seconds'] / s['bare']['seconds']:.2f}" for s in sizes],
            )
            row(
                "  peak memory, main / worker (MB)",
                [
                    f"{s['imports'][mode]['rss_main_mb']:.0f}/"
                    f"{s['imports'][mode]['rss_worker_mb']:.0f}"
                    for s in sizes
                ],
            )
    row("index size (MB)", [f"{s['index_mb']:.1f}" for s in sizes])
    row("bare Whoosh index size (MB)", [f"{s['bare']['index_mb']:.1f}" for s in sizes])
    row("  index x bare Whoosh's", [f"{s['index_mb'] / s['bare']['index_mb']:.2f}" for s in sizes])
    row("catalog size (MB)", [f"{s['catalog_mb']:.1f}" for s in sizes])
    row("re-import unchanged (s)", [f"{s['reimport_s']:.2f}" for s in sizes])
    row(f"import {CHANGED_FILES} changed (s)", [f"{s['changed_s']:.2f}" for s in sizes])
    row("FTS5 build (s)", [f"{s['fts5_build_s']:.1f}" for s in sizes])
    kinds = list(sizes[-1]["search"])
    lines.append("")
    lines.append("search ms, median / p95 warm; cold = first query after opening (median)")
    for kind in kinds:
        for engine in ("reader", "whoosh", "fts5"):
            if kind == "person" and engine == "whoosh":
                continue  # bare Whoosh has no people
            cells = []
            for s in sizes:
                found = s["search"].get(kind, {}).get(engine)
                cells.append(f"{found['median_ms']:.1f}/{found['p95_ms']:.1f}" if found else "-")
            row(f"{kind} [{engine}]", cells)
        cold = []
        for s in sizes:
            found = s["search"].get(kind, {}).get("reader")
            cold.append(f"{found['cold_median_ms']:.1f}" if found else "-")
        row(f"{kind} [reader cold]", cold)
        ratios = []
        for s in sizes:
            found = s["search"].get(kind)
            if found and "whoosh" in found and found["whoosh"]["median_ms"]:
                median = found["reader"]["median_ms"] / found["whoosh"]["median_ms"]
                p95 = found["reader"]["p95_ms"] / found["whoosh"]["p95_ms"]
                ratios.append(f"{median:.2f}x {p95:.2f}x")
            else:
                ratios.append("-")
        row(f"{kind} reader/bare whoosh, median p95", ratios)
    for s in sizes:
        for note in s["notes"]:
            lines.append(f"note ({s['size']:,}): {note}")
    app = payload.get("app") or {}
    if app.get("skipped"):
        lines.append(f"app: skipped ({app['skipped']})")
    elif app:
        lines.append("")
        for key, value in app.items():
            lines.append(f"app {key}: {value}")
    lines.append(f"benchmark process peak RSS: {payload['bench_peak_rss_mb']} MB")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
