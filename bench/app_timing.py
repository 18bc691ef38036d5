"""App start-up, search-as-you-type and memory, through Textual's Pilot (headless).

Each measurement runs in a fresh Python process (`python bench/app_timing.py
probe ...`), so imports count as they do for a user.  Times are taken from
the wall clock, from just before the process is started:

- first frame: the app is ready for input, its first screen mounted and drawn
  (Pilot's `run_test` has started);
- settled: the first `pilot.pause()` returned (pending messages handled; for
  the reader this includes opening the library and showing its list);
- library shown: the library is open and its article list is on screen;
- search-as-you-type: "/" then a query typed key by key; the time each key
  press takes to be handled (it must not wait for a search), and the time
  from the last key to the results being shown (this includes the app's
  debounce delay, `SEARCH_DELAY`);
- peak RSS of the app process at the end.

The floor is a minimal Textual app (Header, a 50-item ListView, Footer)
measured in the same run.
"""

from __future__ import annotations

import time

STARTED = time.time()

import asyncio  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
RUNS = 3
SIZE = (100, 30)
QUERIES = ('"told the bbc"', "government plans", "election")


def measure(lib_dir: Path) -> dict[str, Any]:
    """Start-up and typing figures of the reader on `lib_dir`, and of the minimal app."""
    if importlib.util.find_spec("reader.app.app") is None:
        return {"skipped": "reader.app is not built yet"}
    minimal = [_probe("minimal", lib_dir) for _ in range(RUNS)]
    reader = [_probe("reader", lib_dir) for _ in range(RUNS)]
    first_minimal = statistics.median(r["first_frame_ms"] for r in minimal)
    first_reader = statistics.median(r["first_frame_ms"] for r in reader)
    shown = statistics.median(r["library_shown_ms"] for r in reader)
    figures = {
        "library": str(lib_dir),
        "minimal app first frame (ms)": round(first_minimal),
        "reader first frame (ms)": round(first_reader),
        "reader first frame / minimal": round(first_reader / first_minimal, 2),
        "minimal app settled (ms)": round(statistics.median(r["settled_ms"] for r in minimal)),
        "reader settled (ms)": round(statistics.median(r["settled_ms"] for r in reader)),
        "reader library list shown (ms)": round(shown),
        "key press handled, max while typing (ms)": round(max(r["key_max_ms"] for r in reader), 1),
        "last key to results shown, median (ms)": round(
            statistics.median(r["results_ms"] for r in reader)
        ),
        "search debounce in that (ms)": reader[0]["debounce_ms"],
        "reader peak RSS (MB)": max(r["rss_mb"] for r in reader),
        "minimal app peak RSS (MB)": max(r["rss_mb"] for r in minimal),
    }
    print("app: " + "; ".join(f"{k} {v}" for k, v in figures.items() if k != "library"))
    return figures


def _probe(kind: str, lib_dir: Path) -> dict[str, Any]:
    began = time.time()
    done = subprocess.run(
        [sys.executable, __file__, "probe", kind, str(lib_dir), str(began)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise RuntimeError(f"app probe {kind} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# In the probe process -------------------------------------------------------------


async def _probe_minimal(began: float) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label, ListItem, ListView

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield ListView(*[ListItem(Label(f"Item {n}")) for n in range(50)])
            yield Footer()

    app = Minimal()
    async with app.run_test(size=SIZE) as pilot:
        first = time.time()
        await pilot.pause()
        settled = time.time()
    return {
        "first_frame_ms": (first - began) * 1000,
        "settled_ms": (settled - began) * 1000,
        "rss_mb": _rss_mb(),
    }


async def _probe_reader(lib_dir: Path, began: float) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    from reader.app.app import ReaderApp
    from reader.app.screens import library as library_screen
    from reader.app.widgets.article_list import ArticleList
    from reader.config import load_settings

    app = ReaderApp(lib_dir, load_settings(None), seed=False)
    async with app.run_test(size=SIZE) as pilot:
        first = time.time()
        await pilot.pause()
        settled = time.time()
        screen = app.screen_stack[0]
        articles = screen.query_one(ArticleList)
        while app.library is None or not articles.rows:
            await pilot.pause(0.005)
        shown = time.time()
        key_times: list[float] = []
        result_times: list[float] = []
        for text in QUERIES:
            await pilot.press("/")
            screen.query_one("#search").value = ""  # type: ignore[attr-defined]
            last = time.time()
            for key in text:
                last = time.time()
                await pilot.press(_key_name(key))
                key_times.append(time.time() - last)
            while not _shows(screen, text):
                await pilot.pause(0.002)
            result_times.append(time.time() - last)
    return {
        "first_frame_ms": (first - began) * 1000,
        "settled_ms": (settled - began) * 1000,
        "library_shown_ms": (shown - began) * 1000,
        "key_max_ms": max(key_times) * 1000,
        "results_ms": statistics.median(result_times) * 1000,
        "debounce_ms": library_screen.SEARCH_DELAY * 1000,
        "rss_mb": _rss_mb(),
    }


def _shows(screen: Any, text: str) -> bool:
    result = screen.result
    return bool(screen.query_text == text and result is not None and result.query.text == text)


def _key_name(char: str) -> str:
    names = {" ": "space", '"': "quotation_mark", "*": "asterisk", ":": "colon", "-": "minus"}
    return names.get(char, char)


def _rss_mb() -> float:
    """Peak RSS of this process.

    On Linux `ru_maxrss` keeps the high-water mark of the forking parent
    across exec, so the kernel's per-address-space VmHWM is read instead.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _probe_main(kind: str, lib_dir: str, began: str) -> None:
    import warnings

    warnings.filterwarnings("ignore", category=SyntaxWarning)
    start = float(began)
    if kind == "minimal":
        result = asyncio.run(_probe_minimal(start))
    else:
        result = asyncio.run(_probe_reader(Path(lib_dir), start))
    result["interpreter_started_ms"] = (STARTED - start) * 1000
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "probe":
        _probe_main(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        print(json.dumps(measure(Path(sys.argv[1])), indent=2))
