"""Two layers, one direction: the domain modules (reader/*.py) load neither Textual nor Rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECK = """
import importlib, pkgutil, sys
import reader

def domain_modules(package):
    for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if module.name in ("reader.app", "reader.__main__"):
            continue
        found = importlib.import_module(module.name)
        yield module.name
        if module.ispkg:
            yield from domain_modules(found)

for name in domain_modules(reader):
    loaded = sorted({m.split(".")[0] for m in sys.modules} & {"textual", "rich"})
    if loaded:
        print(f"{name} loads {', '.join(loaded)}")
        break
else:
    print("checked", name)
"""


def test_domain_modules_load_no_textual_or_rich(repo: Path) -> None:
    found = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=repo, timeout=120
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith("checked reader."), found.stdout
