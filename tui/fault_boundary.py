"""The terminal UI's fault boundary: a fault no screen expected, in a key's action or in a
dialog's answer, is one line on screen and its traceback in errors.log (`cierre.faults`). The
app stays open, and all that was saved before it is still saved.

The faults a screen expects (`PROBLEMS` in screen_base.py) are said by the screen itself, in
the user's words; this is for everything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable


class FaultBoundary:
    """A mixin of CierreApp, before textual.app.App in its bases: its `run_action` and
    `push_screen` wrap the App's own."""

    if TYPE_CHECKING:  # provided by CierreApp

        def say(self, text: str, *, error: bool = False) -> None: ...

    async def run_action(self, action: Any, default_namespace: Any = None, namespaces: Any = None) -> bool:
        """Every key's action runs inside the boundary. All of Textual's parameters: a widget's
        own `run_action` passes the third."""
        try:
            return await super().run_action(action, default_namespace, namespaces)  # type: ignore[misc]
        except Exception as error:
            self.tell_fault(error, f"the action {action}")
            return True

    def push_screen(self, screen: Any, callback: Any = None, wait_for_dismiss: bool = False) -> Any:
        """A dialog's answer is handled inside the boundary too."""
        if callback is not None:
            callback = self.guarded(callback)
        return super().push_screen(screen, callback, wait_for_dismiss=wait_for_dismiss)  # type: ignore[misc]

    def guarded(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """`callback` run inside the boundary, given as many of the results as it takes."""
        import inspect

        wanted = len(inspect.signature(callback).parameters)

        async def run(*result: Any) -> None:
            try:
                outcome = callback(*result[:wanted])
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception as error:
                self.tell_fault(error, "a dialog's answer")

        return run

    def tell_fault(self, error: Exception, where: str) -> None:
        """One line on screen; the traceback, without any password, goes to errors.log."""
        from cierre.faults import fault_line

        line, _code = fault_line(error, f"cierre: {where}")
        self.say(line, error=True)
