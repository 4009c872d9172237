"""How the user runs Cierre from their shell, for hints that tell them a command to type."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cierre_command() -> str:
    """The command that runs Cierre again, as the user can type it here: `./scripts/start` puts no
    `cierre` on the PATH, so a hint that said `cierre` would not work after it."""
    from shlex import quote  # only for this hint: not on the path of `cierre note`

    launcher = os.environ.get("CIERRE_LAUNCHER", "").strip()
    if launcher:  # set by scripts/start: the script, as it was typed
        return quote(launcher)
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if program is None or program.name == "__main__.py":  # python -m cierre
        return f"{quote(sys.executable)} -m cierre"
    import shutil

    found = shutil.which(program.name)
    if found and Path(found).resolve() == program.resolve():
        return program.name
    return quote(str(program if program.parent != Path() else Path.cwd() / program))
