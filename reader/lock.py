"""The library's one-writer lock: an operating-system file lock (no Textual).

Any number of processes may read a library; only the holder of this lock
writes to it (imports, rebuilds, repairs).  The lock is `flock` on
`write.lock` in the library folder: the kernel releases it when the holding
process exits or is killed, so a stale lock can never outlive its holder and
never needs removing by hand.  The file itself stays; what it says (the
holder's pid and what it is doing) is only a hint for the message shown to
whoever waits.

Within one process, one `LibraryLock` object is shared by every thread: the
lock is re-entrant for the thread holding it and makes other threads wait,
like another process would.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_FILE = "write.lock"
# How often a waiting process tries the lock again.  Waiting on the kernel
# (a blocking flock) could not be interrupted by the app or by `should_stop`.
RETRY_SECONDS = 0.05


class LibraryBusy(Exception):
    """Another process (or thread) holds the library's write lock; `str()` says who."""


class LibraryLock:
    """The write lock of the library in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self._guard = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True when this process holds the lock (in any thread)."""
        return self._depth > 0

    def holder(self) -> str:
        """What the current holder wrote about itself ("pid 123, importing"), or ""."""
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""

    def acquire(
        self,
        doing: str,
        *,
        wait: bool = True,
        on_wait: Callable[[str], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        """Take the lock for `doing` ("importing", "rebuilding the index"...).

        When another process holds it: with `wait`, calls `on_wait(holder)` once
        and waits until it is free (or raises `LibraryBusy` when `should_stop()`
        turns True); without `wait`, raises `LibraryBusy` at once.
        """
        if not self._guard.acquire(blocking=False):
            if not wait:
                raise LibraryBusy(self._busy_text())
            if on_wait is not None:
                on_wait(self._busy_text())
            while not self._guard.acquire(timeout=RETRY_SECONDS):
                if should_stop is not None and should_stop():
                    raise LibraryBusy(self._busy_text())
            on_wait = None  # said once already
        try:
            if self._depth == 0:
                self._take_file_lock(doing, wait, on_wait, should_stop)
            self._depth += 1
        except BaseException:
            self._guard.release()
            raise

    def release(self) -> None:
        """Give back one `acquire` (the file lock goes with the last one)."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            # Closing the descriptor releases the flock.
            os.close(fd)
        self._guard.release()

    @contextlib.contextmanager
    def hold(
        self,
        doing: str,
        *,
        wait: bool = True,
        on_wait: Callable[[str], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Iterator[None]:
        self.acquire(doing, wait=wait, on_wait=on_wait, should_stop=should_stop)
        try:
            yield
        finally:
            self.release()

    def is_free(self) -> bool:
        """Whether nobody (no other process, no other thread here) holds the lock now."""
        if self.held:
            return False
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        finally:
            os.close(fd)  # releases it again
        return True

    def _take_file_lock(
        self,
        doing: str,
        wait: bool,
        on_wait: Callable[[str], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> None:
        fd = self._open()
        try:
            told = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not wait or (should_stop is not None and should_stop()):
                        raise LibraryBusy(self._busy_text()) from None
                    if not told and on_wait is not None:
                        on_wait(self._busy_text())
                    told = True
                    time.sleep(RETRY_SECONDS)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, {doing}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_CLOEXEC: a worker process started by the holder must not keep the
        # lock alive after the holder dies.
        return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)

    def _busy_text(self) -> str:
        holder = self.holder()
        if not holder:
            return "another reader process is writing to this library"
        return f"another reader process is writing to this library ({holder})"
