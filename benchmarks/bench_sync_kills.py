"""200 `cierre sync` processes killed with SIGKILL at random moments against a local Radicale,
while notes and call changes keep arriving; then one clean sync. Prints the counts: notes
acknowledged and lost, UIDs planned, missing and duplicated on the server, what stayed queued.
Targets: 0 lost, 0 missing, 0 duplicated, 0 queued. Takes a few minutes (a process per kill).

`run()` returns (name, value, target, ok) rows; `python -m benchmarks sync_kills` prints them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KILLS = 200


def run(kills: int = KILLS) -> list[tuple[str, object, object, bool]]:
    sys.path.insert(0, str(ROOT / "tests" / "integration"))
    from calendar_servers import Radicale
    from sync_kills import kill_syncs

    with tempfile.TemporaryDirectory() as folder:
        server = Radicale(Path(folder) / "radicale").start()
        try:
            counts = kill_syncs(Path(folder) / "cierre", server, kills)
        finally:
            server.stop()
    zero = ("notes lost", "UIDs missing on the server", "duplicate UIDs", "still queued", "clean sync exit")
    return [
        (f"sync kills: {name}", value, 0 if name in zero else "", name not in zero or value == 0)
        for name, value in counts.items()
    ]


if __name__ == "__main__":
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else KILLS):
        print(*row)
