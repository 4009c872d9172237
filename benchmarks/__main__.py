"""Runs the benchmarks and prints one aligned line per figure: name, measured value, target, verdict.

Each `benchmarks/bench_<name>.py` has `run()` returning `(name, value, target, ok)` tuples. A figure
that misses its target is reported, not fatal: the exit status is 0 unless a benchmark crashed.

    python -m benchmarks [NAME ...]     NAME as in bench_NAME.py (default: all)
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Sequence

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))


def _chosen(names: Sequence[str]) -> list[str]:
    known = available()
    if not names:
        return known
    chosen = []
    for name in names:
        short = Path(name).stem.removeprefix("bench_")
        if short not in known:
            raise SystemExit(f"no benchmark '{name}'; there are: {', '.join(known)}")
        chosen.append(short)
    return chosen


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _print_rows(rows: list[tuple[str, Any, Any, bool]]) -> None:
    cells = [(str(name), _show(value), _show(target), "meets" if ok else "MISSES") for name, value, target, ok in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(3)]
    for name, value, target, verdict in cells:
        print(f"  {name:<{widths[0]}}  {value:>{widths[1]}}  target {target:<{widths[2]}}  {verdict}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    sys.path.insert(0, str(HERE.parent))  # run from anywhere: the project root holds `benchmarks`
    crashed = []
    for name in _chosen(list(sys.argv[1:] if argv is None else argv)):
        print(f"bench_{name}", flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.bench_{name}")
            rows = list(module.run())
        except Exception:  # noqa: BLE001 - report it and go on with the others
            traceback.print_exc()
            crashed.append(name)
            print(f"  CRASHED after {time.perf_counter() - started:.1f} s", flush=True)
            continue
        _print_rows(rows)
        print(f"  ({time.perf_counter() - started:.1f} s)", flush=True)
    if crashed:
        print(f"crashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
