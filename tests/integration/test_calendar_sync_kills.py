"""`cierre sync` killed with SIGKILL mid-flight while notes and call changes arrive: every
acknowledged note kept, every event on the server exactly once after a clean sync. The
benchmark `python -m benchmarks sync_kills` does the same with 200 kills and prints the counts."""

from __future__ import annotations

import pytest
from sync_kills import kill_syncs

pytestmark = pytest.mark.servers


def test_syncs_killed_mid_flight_lose_nothing_and_duplicate_nothing(radicale, tmp_path):
    counts = kill_syncs(tmp_path / "kills", radicale, kills=8)
    assert counts["clean sync exit"] == 0
    assert counts["notes lost"] == 0 and counts["notes acknowledged"] == 8
    assert counts["duplicate UIDs"] == 0 and counts["UIDs missing on the server"] == 0
    assert counts["still queued"] == 0
