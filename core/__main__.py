"""The `cierre` command: the command line, which opens the terminal UI when given no command.

Kept apart from both so that the command line never imports Textual: `cierre note` from a
second terminal during a call must start fast.
"""

from __future__ import annotations

import sys
from typing import Sequence


def open_ui(settings) -> int | None:
    from cierre.tui.app import run_app

    return run_app(settings)


def main(argv: Sequence[str] | None = None) -> int:
    from cierre.cli.main import main as run

    return run(argv, open_ui=open_ui)


if __name__ == "__main__":
    sys.exit(main())
