"""The `cierre` command: the command line, which opens the terminal UI when given no command.

Kept apart from both so that the command line never imports Textual, and so that a plain
`cierre note` (cierre.cli.quick_note) is written before the rest of the command line is even
imported: a note from a second terminal during a call must start fast.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence


def open_ui(settings) -> int | None:
    from cierre.tui.app import run_app

    return run_app(settings)


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if "note" in args:
        from cierre.cli.quick_note import run as quick_note

        done = quick_note(args)
        if done is not None:
            return done
    from cierre.cli.main import main as run

    return run(args, open_ui=open_ui)


if __name__ == "__main__":
    sys.exit(main())
