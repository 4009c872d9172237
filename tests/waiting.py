"""Waiting on a condition instead of on the clock: poll until it holds, or fail with what was seen.

The deadline only catches a hang; it is far beyond any normal run, so a slow or busy machine makes a
test slower, never red. Timing figures belong in the benchmarks (python -m benchmarks).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Callable, TypeVar

T = TypeVar("T")

DEADLINE = 60.0  # seconds: a hang, not a slow machine


def _failure(what: str, seen: Callable[[], Any] | None, last: Any, timeout: float) -> AssertionError:
    shown = seen() if seen is not None else last
    return AssertionError(f"{what}: still not true after {timeout:g} s; last seen: {shown!r}")


def wait_until(
    condition: Callable[[], T],
    what: str,
    *,
    seen: Callable[[], Any] | None = None,
    timeout: float = DEADLINE,
    interval: float = 0.02,
) -> T:
    """Calls `condition` until it returns something true and returns that; `seen` says what to show if it never does."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise _failure(what, seen, result, timeout)
        time.sleep(interval)


async def eventually(
    condition: Callable[[], T],
    what: str,
    *,
    pilot=None,
    seen: Callable[[], Any] | None = None,
    timeout: float = DEADLINE,
    interval: float = 0.02,
) -> T:
    """The same inside an event loop: with a Textual `pilot` it pauses the app between tries (so its
    timers and messages run), and once more after the condition holds so the screen is painted."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            if pilot is not None:
                await pilot.pause()
            return result
        if time.monotonic() >= deadline:
            raise _failure(what, seen, result, timeout)
        if pilot is not None:
            await pilot.pause(interval)
        else:
            await asyncio.sleep(interval)
