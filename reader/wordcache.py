"""Word lists built once and kept in the user's cache folder (no Textual).

Building the name finder's lexicon from the installed word-list packages
takes most of a second, and gender-guesser's name table a third; an import
pays both in every worker process.  `cached` keeps what a function built in a
pickle in the cache folder, under a key naming the versions it was built
from, and builds it again when the key changes or the file cannot be read.
A cache that cannot be written only costs the time it would have saved.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from reader.safefile import write_atomic

T = TypeVar("T")
# Bump when what a builder returns changes shape.
FORMAT = "1"


def cache_folder() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("reader", appauthor=False)


def versions_key(*packages: str, extra: str = "") -> str:
    """A short key naming the installed versions of `packages` (and `extra`)."""
    parts = [FORMAT, extra]
    for name in packages:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=absent")
    return hashlib.blake2b("|".join(parts).encode(), digest_size=8).hexdigest()


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """What `build()` returns, from the cache when it holds `name` under `key`."""
    path = cache_folder() / f"{name}-{key}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        with open(path, "rb") as stream:
            value: T = pickle.load(stream)
        return value
    value = build()
    with contextlib.suppress(OSError, pickle.PicklingError):
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        for older in path.parent.glob(f"{name}-*.pickle"):
            if older != path:
                older.unlink(missing_ok=True)  # built from versions no longer installed
    return value
