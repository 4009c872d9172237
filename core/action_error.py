"""The service's one refusal: an operation that does not fit the closure's state, said in one line.

Apart from `service.py` so that its parts (`note_edits.py`, `follow_up.py`) raise it without
importing the module that builds on them.
"""

from __future__ import annotations

from typing import Any

from cierre.domain.texts import say


class ActionError(ValueError):
    """An operation that does not fit the closure's state, said in one line."""


def refuse(key: str, **values: Any) -> ActionError:
    """The refusal whose text is `key` in the user's language."""
    return ActionError(say(key, **values))
