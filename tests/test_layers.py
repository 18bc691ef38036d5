"""Two layers, one direction: the domain modules (reader/*.py) load neither Textual nor
Rich, and the app (reader/app/) imports neither Whoosh nor SQLite."""

from __future__ import annotations

import ast
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


def test_the_app_never_imports_whoosh_or_sqlite(repo: Path) -> None:
    """The app reaches the index and the databases only through `reader.library`."""
    found = []
    for path in sorted((repo / "reader" / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found += [
                f"{path.relative_to(repo)}:{node.lineno} imports {name}"
                for name in names
                if name.split(".")[0] in ("whoosh", "sqlite3")
            ]
    assert found == []
