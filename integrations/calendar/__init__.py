"""Calendar hooks: the closure's events delivered to a CalDAV calendar or a local `.ics` file.

`run_sync(coach)` is the one entry point (blocking; call it from a worker thread);
`sync_status(coach)` reads the pending count and the last result without the network.
"""

from __future__ import annotations

from cierre.integrations.calendar.report import SyncReport
from cierre.integrations.calendar.sync import run_sync, sync_status

__all__ = ["SyncReport", "run_sync", "sync_status"]
