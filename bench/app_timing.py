"""App start-up and search-as-you-type timings (through Textual's Pilot, headless).

Filled in once the app (`reader/app/`) exists; until then `measure` says so.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any


def measure(lib_dir: Path) -> dict[str, Any]:
    if importlib.util.find_spec("reader.app") is None:
        return {"skipped": "reader.app is not built yet"}
    return {"skipped": "app timing not written yet"}
