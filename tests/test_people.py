"""People: extraction on the seed, resolution inside an article and across the library."""

from __future__ import annotations

import subprocess
import sys

from reader.namedata import lexicon


def test_name_lists_come_from_the_installed_packages() -> None:
    lex = lexicon()
    # Census names (package `names`), gender-guesser names, wordfreq frequencies.
    assert {"steven", "jamie", "mary"} <= lex.given
    assert {"xabi", "pepijn"} <= lex.given
    assert {"smith", "gerrard", "carragher"} <= lex.surnames
    assert lex.frequency("the") > 7


def test_opening_a_library_does_not_load_the_name_lists() -> None:
    code = (
        "import sys, reader.library, reader.people, reader.extraction\n"
        "loaded = [m for m in ('reader.namedata', 'wordfreq', 'names') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
