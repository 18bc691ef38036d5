"""Two layers, one direction: the domain modules (reader/*.py) load neither Textual nor Rich."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

CHECK = """
import importlib, pkgutil, sys
import reader
for module in pkgutil.iter_modules(reader.__path__):
    if module.ispkg or module.name.startswith("_"):
        continue
    importlib.import_module(f"reader.{module.name}")
    loaded = sorted({m.split(".")[0] for m in sys.modules} & {"textual", "rich"})
    if loaded:
        print(f"reader.{module.name} loads {', '.join(loaded)}")
        break
"""


def test_domain_modules_load_no_textual_or_rich() -> None:
    found = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout == ""
