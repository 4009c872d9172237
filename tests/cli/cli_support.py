"""What the command-line tests read from a command's result: its JSON, its one line of error."""

from __future__ import annotations

import json


def as_json(result: tuple[int, str, str]):
    code, out, err = result
    assert code == 0, err
    return json.loads(out)


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("cierre: "), err
    return lines[0]
