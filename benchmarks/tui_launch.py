"""One launch of a terminal app that exits right after its first painted screen (run by bench_tui).

    python -m benchmarks.tui_launch minimal          Header, Static, Footer: the floor for any Textual app
    python -m benchmarks.tui_launch cierre DATA_DIR  `cierre` itself, until the dashboard shows its closures

Both run headless at the same size. The real `cierre` goes through its own entry point
(`cierre.__main__.main`), with the app class swapped for one that quits once the dashboard has painted
its rows: the time covers interpreter start, imports, settings, the store and the first paint.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZE = (120, 36)


def minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Minimal(App[None]):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello from a minimal Textual app")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Minimal().run(headless=True, size=SIZE)


def cierre(data_dir: str) -> None:
    import cierre.tui.app as app_module
    import cierre.tui.launch as launch_module
    from cierre.__main__ import main

    class FirstPaint(app_module.CierreApp):
        CSS_PATH = str(Path(app_module.__file__).with_name(app_module.CierreApp.CSS_PATH))

        def on_mount(self) -> None:
            super().on_mount()
            self._painted_check = self.set_interval(0.002, self._check)

        def _check(self) -> None:
            from cierre.tui.screens.dashboard import DashboardScreen
            from cierre.tui.widgets.closure_list import ClosureList

            screen = self.screen
            if isinstance(screen, DashboardScreen) and screen.query_one(ClosureList).rows:
                self._painted_check.stop()
                self.call_after_refresh(self.exit, 0)

        def run(self, *args, **kwargs):
            return super().run(headless=True, size=SIZE)

    launch_module.CierreApp = FirstPaint  # run_app builds the app from the module's name at call time
    code = main(["--data-dir", data_dir])
    if code:
        raise SystemExit(f"cierre exited {code}")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "minimal":
        minimal()
    elif mode == "cierre":
        cierre(sys.argv[2])
    else:
        raise SystemExit(f"unknown mode {mode}")
    sys.stdout.flush()
    os._exit(0)  # leave at once: teardown is not part of a launch
