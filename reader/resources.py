"""Where the bundled files and the user's files live.

In a wheel, `styles/`, `config.yaml` and `seeds/` are shipped inside the package
as `reader/_data/`; in a source checkout they sit at the top of the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """Path of a bundled file or folder (`styles`, `config.yaml`, `seeds`)."""
    installed = _PACKAGE / "_data" / name
    if installed.exists():
        return installed
    return _PACKAGE.parent / name


def default_library() -> Path:
    """`READER_LIBRARY` if set, else the user data folder."""
    configured = os.environ.get("READER_LIBRARY")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path("reader", appauthor=False)


def user_config_file() -> Path:
    """The user's configuration file (it may not exist)."""
    configured = os.environ.get("READER_CONFIG")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_config_path

    return user_config_path("reader", appauthor=False) / "config.yaml"
