"""A cross-process lock on a file, from the standard library only.

`fcntl.flock` on POSIX, `msvcrt.locking` on Windows: the operating system drops the lock when
the holder exits or is killed, so a crashed writer never leaves the data folder locked. The
lock file is created 0600 and never deleted (deleting it would let two processes hold two
different files). Waiting polls, so a timeout is honoured on every platform.

Nesting `with lock:` on the same object in the same thread counts instead of locking again (the
store's write paths call each other under the lock); two objects, two threads (even sharing one
object) and two processes exclude each other: each holder locks through its own open file, and
`flock` and `msvcrt.locking` make open files of one process wait for each other too.
Chosen over `filelock`, whose import alone (asyncio, logging) cost more than the rest of a
`cierre note`.
"""

from __future__ import annotations

import os
import sys
import time
from _thread import get_ident

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


POLL_INTERVAL = 0.01  # first wait between attempts, doubled up to POLL_MAX
POLL_MAX = 0.1


class LockTimeout(TimeoutError):
    """The lock file stayed held by someone else for the whole timeout."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__(f"{path} is held by another process (waited {timeout:g} s)")
        self.path = path
        self.timeout = timeout


class FileLock:
    """`with FileLock(path, timeout=30):` holds an exclusive lock on `path` (created 0600).

    `timeout`: seconds to wait for the lock, 0 to try once, a negative number to wait forever.
    """

    def __init__(self, path: str | os.PathLike[str], timeout: float) -> None:
        self.path = os.fspath(path)
        self.timeout = timeout
        self._held: dict[int, list[int]] = {}  # thread id -> [open file, nesting depth]

    @property
    def is_locked(self) -> bool:
        """Whether the calling thread holds the lock through this object."""
        return get_ident() in self._held

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock (or count one more level if this thread holds it); LockTimeout when it stays busy."""
        held = self._held.get(get_ident())
        if held is not None:
            held[1] += 1
            return
        wait = self.timeout if timeout is None else timeout
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(self.path, flags, 0o600)
        try:
            deadline = time.monotonic() + wait
            pause = POLL_INTERVAL
            while not _try_lock(fd):
                left = deadline - time.monotonic()
                if wait >= 0 and left <= 0:
                    raise LockTimeout(self.path, wait)
                time.sleep(pause if wait < 0 else min(pause, left))
                pause = min(pause * 2, POLL_MAX)
        except BaseException:
            os.close(fd)
            raise
        self._held[get_ident()] = [fd, 1]

    def release(self) -> None:
        """Give back one level; the lock itself goes with the thread's last one."""
        held = self._held.get(get_ident())
        if held is None:
            raise RuntimeError(f"{self.path}: released by a thread that does not hold it")
        held[1] -= 1
        if held[1]:
            return
        del self._held[get_ident()]
        try:
            _unlock(held[0])
        finally:
            os.close(held[0])

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"FileLock({self.path!r}, timeout={self.timeout!r})"
