"""Opening the terminal UI from the command line: the checks before anything is drawn, then the app.

Apart from `app.py` so that the app does not import the keymap's checks, which read every
screen's bindings (the app's among them).
"""

from __future__ import annotations

import sys

from cierre.domain.text import one_line
from cierre.service import Coach
from cierre.settings import Settings, SettingsError
from cierre.storage.files import DamagedFileError
from cierre.storage.store import StoreError
from cierre.tui.app import CierreApp
from cierre.tui.keymap import keymap_problem


def run_app(settings: Settings) -> int:
    """Open the UI; a problem with the data folder is one line and exit code 4, not a traceback."""
    problem = keymap_problem(settings.keys)  # a clash or an unknown id: refused before anything opens
    if problem:
        print(f"cierre: {problem}", file=sys.stderr)
        return 5
    try:
        # The folder scan for leftover temp files waits until the dashboard is on screen (see
        # `tidy_after_first_paint`); index rows a killed writer left behind are fixed before anything is read.
        coach = Coach(settings, maintenance=False)
        coach.store.repair()
    except SettingsError as error:
        print(f"cierre: {one_line(str(error))}", file=sys.stderr)
        return 5
    except (StoreError, DamagedFileError, OSError) as error:
        print(f"cierre: {one_line(str(error))}", file=sys.stderr)
        return 4
    app = CierreApp(settings, coach=coach)
    app.tidy_after_first_paint = True
    app.run()
    return app.return_code or 0
