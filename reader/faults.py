"""Named points where the fault tests stop or break a process (no Textual).

`checkpoint("catalog-committed")` does nothing unless the environment
variable `READER_STOP_AT` names that point: then the process writes its pid
(and its worker processes' pids) to the file `READER_STOP_FILE` and waits
there for ever, so that a test can `kill -9` it at exactly that moment and
check what the next command finds.  This is how crashes "at any moment" are
tested at the moments that matter, without timing guesses.

`fail_point("app-opened")` raises an error when `READER_FAIL_AT` names that
point: what a bug there would do, to test what the user is told.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

STOP_AT = "READER_STOP_AT"
STOP_FILE = "READER_STOP_FILE"
FAIL_AT = "READER_FAIL_AT"


class InjectedFault(RuntimeError):
    """The error `fail_point` raises."""


def fail_point(name: str) -> None:
    """Raise `InjectedFault` when the fault tests ask for it (see the module's docstring)."""
    if os.environ.get(FAIL_AT) == name:
        raise InjectedFault(f"a fault injected at {name}")


def checkpoint(name: str, pids: Iterable[int] = ()) -> None:
    """Stop here for ever when the fault tests ask for it (see the module's docstring)."""
    if os.environ.get(STOP_AT) != name:
        return
    report = os.environ.get(STOP_FILE)
    if report:
        pids_text = " ".join(str(pid) for pid in (os.getpid(), *pids))
        temporary = f"{report}.tmp"
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(pids_text + "\n")
        os.replace(temporary, report)
    # An hour at most: a test that died without killing us must not leave us.
    threading.Event().wait(3600)
    os._exit(1)
