"""The `reader` command line (see `reader.cli.parser`): one module per group of
commands, what they share in `reader.cli.common`."""

from reader.cli.parser import main

__all__ = ["main"]
