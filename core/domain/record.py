"""What a dataclass gives, for classes whose `__init__` is written out: equality, repr, `replace()`.

Not dataclasses because `import dataclasses` imports `inspect` (and `ast`, `dis`, `tokenize`...):
on `cierre note` from a second terminal that alone was a fifth of the start-up.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` is not imported at run time: `cierre note` does without it
if TYPE_CHECKING:
    from typing import Any


class Record:
    """Equality over `_compare` (instances of the same class only), a repr of them, and `replace()`."""

    _fields: tuple[str, ...] = ()  # the __init__ parameters, which replace() passes on
    _compare: tuple[str, ...] = ()  # the fields that equality and repr look at
    __hash__ = None  # mutable, like a dataclass with eq: not hashable

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._compare)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._compare)
        return f"{self.__class__.__qualname__}({shown})"

    def replace(self, **changes: Any) -> Any:
        """A new instance with the same fields but `changes` (as `dataclasses.replace`)."""
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return self.__class__(**values)


class FrozenRecord(Record):
    """A Record whose fields cannot be reassigned, and hashable (as a frozen dataclass).

    `__init__` sets fields with `self._set(name=value, ...)`."""

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field '{name}' of a frozen {self.__class__.__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field '{name}' of a frozen {self.__class__.__name__}")

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in self._compare))
