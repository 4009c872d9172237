"""The store's cross-process lock: exclusive between objects, threads and processes, nested by one holder."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from cierre.storage.lock import FileLock, LockTimeout

TRY_FROM_ANOTHER_PROCESS = """
import sys
from cierre.storage.lock import FileLock, LockTimeout
try:
    with FileLock(sys.argv[1], timeout=0.1):
        print("got")
except LockTimeout:
    print("busy")
"""


def other_process(path) -> str:
    return subprocess.run(
        [sys.executable, "-c", TRY_FROM_ANOTHER_PROCESS, str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_lock_file_is_private_and_nesting_does_not_deadlock(tmp_path):
    lock = FileLock(tmp_path / "store.lock", timeout=1)
    with lock:
        with lock:
            assert lock.is_locked
        assert lock.is_locked  # the inner exit gives back one level only
        assert other_process(tmp_path / "store.lock") == "busy"
    assert not lock.is_locked
    assert os.stat(tmp_path / "store.lock").st_mode & 0o777 == 0o600
    assert other_process(tmp_path / "store.lock") == "got"


def test_a_busy_lock_times_out_with_a_clear_error(tmp_path):
    holder = FileLock(tmp_path / "store.lock", timeout=1)
    waiting = FileLock(tmp_path / "store.lock", timeout=0.3)
    with holder:
        started = time.monotonic()
        with pytest.raises(LockTimeout, match="held by another process") as caught:
            waiting.acquire()
        # It did wait before giving up (a lower bound: a busy machine only makes the wait longer).
        assert time.monotonic() - started >= 0.25
        assert caught.value.timeout == 0.3
        with pytest.raises(LockTimeout):
            waiting.acquire(timeout=0)
    with waiting:  # free again, and a failed attempt left nothing held
        assert waiting.is_locked


def test_threads_sharing_one_lock_object_still_exclude_each_other(tmp_path):
    lock = FileLock(tmp_path / "store.lock", timeout=5)
    inside = 0
    most = 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        for _ in range(20):
            with lock:
                with guard:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.001)
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1


def test_a_waiting_lock_gets_it_once_released(tmp_path):
    holder = FileLock(tmp_path / "store.lock", timeout=1)
    got: list[float] = []

    def wait_for_it() -> None:
        with FileLock(tmp_path / "store.lock", timeout=5):
            got.append(time.monotonic())

    with holder:
        waiter = threading.Thread(target=wait_for_it)
        waiter.start()
        time.sleep(0.2)
        assert not got
        released = time.monotonic()
    waiter.join(5)
    assert got and got[0] >= released


def test_release_without_acquire_is_an_error(tmp_path):
    with pytest.raises(RuntimeError):
        FileLock(tmp_path / "store.lock", timeout=1).release()
