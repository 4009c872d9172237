"""Editing and deleting notes, each undoable: a part of `Coach` kept in its own file.

A note keeps its id, time and call offset through an edit; only its text changes. Every edit or
deletion returns what was there before (`NoteUndo`), which `undo_note` puts back exactly. The
command line keeps the last one per closure in `undo/<closure id>.json`, so `cierre note ID
--undo` works from a later command.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cierre.action_error import refuse
from cierre.domain.model import Closure, Kind, Note

if TYPE_CHECKING:
    from cierre.storage.store import Store


class NoteUndo:
    """What an edit or a deletion took away: the note as it was and where it stood in the list."""

    def __init__(self, closure_id: str, note: Note, position: int, action: str) -> None:
        self.closure_id, self.note, self.position, self.action = closure_id, note, position, action

    def to_dict(self) -> dict[str, Any]:
        return {"closure_id": self.closure_id, "note": self.note.to_dict(), "position": self.position, "action": self.action}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NoteUndo:
        return cls(data["closure_id"], Note.from_dict(data["note"]), int(data["position"]), data["action"])


def find_note(closure: Closure, which: str) -> int:
    """The position of a note named by its id (or a unique start of it, not all digits), its number in
    the list (1 is the first), or `last`; a ValueError names what was not found. A number is never
    taken as the start of an id: "7" past the last note must not pick a note whose id starts with 7."""
    notes = closure.notes
    if not notes:
        raise refuse("errors.no_notes")
    which = which.strip()
    if which.lower() == "last":
        return len(notes) - 1
    if which.isdigit():
        exact = [n for n, note in enumerate(notes) if note.id == which]
        if exact:
            return exact[0]
        if 1 <= int(which) <= len(notes):
            return int(which) - 1
        matches: list[int] = []
    else:
        matches = [n for n, note in enumerate(notes) if note.id.startswith(which)] if which else []
    if len(matches) == 1:
        return matches[0]
    raise refuse("errors.note_several" if matches else "errors.note_missing", which=which, count=len(notes))


def _winner_follows(closure: Closure, change) -> Any:
    """Run `change` on the notes; a winner named by the last competitor note follows that note
    (edited, deleted or put back), a name given otherwise stays."""
    before = closure.last_competitor_note()
    result = change()
    if closure.kind is Kind.LOST and closure.winner.name == before:
        closure.winner.name = closure.last_competitor_note()
    return result


class NoteEdits:
    """A mixin of Coach: needs `self.store`."""

    store: Store

    def edit_note(self, closure_id: str, which: str, text: str) -> NoteUndo:
        if not text.strip():
            raise refuse("errors.note_empty")

        def mutate(closure: Closure) -> NoteUndo:
            position = find_note(closure, which)
            old = closure.notes[position]

            def change() -> None:
                closure.notes[position] = Note(old.kind, text, old.at, old.id, old.call_seconds, old.attempt)

            _winner_follows(closure, change)
            return NoteUndo(closure.id, old, position, "edit")

        return self.store.update(self.store.resolve(closure_id), mutate)[1]

    def delete_note(self, closure_id: str, which: str) -> NoteUndo:
        def mutate(closure: Closure) -> NoteUndo:
            position = find_note(closure, which)
            return NoteUndo(closure.id, _winner_follows(closure, lambda: closure.notes.pop(position)), position, "delete")

        return self.store.update(self.store.resolve(closure_id), mutate)[1]

    def undo_note(self, closure_id: str, undo: NoteUndo) -> Note:
        """Put back what an edit or deletion took: the same note, text and place."""

        def mutate(closure: Closure) -> Note:
            def change() -> None:
                kept = [n for n, note in enumerate(closure.notes) if note.id == undo.note.id]
                if kept:
                    closure.notes[kept[0]] = undo.note
                else:
                    closure.notes.insert(min(undo.position, len(closure.notes)), undo.note)

            _winner_follows(closure, change)
            return undo.note

        return self.store.update(self.store.resolve(closure_id), mutate)[1]

    # --- the command line's last change, kept between commands ---------------
    def remember_undo(self, undo: NoteUndo) -> None:
        from cierre.storage.files import atomic_write_bytes, dump_json, ensure_private_dir

        folder = ensure_private_dir(self.store.root / "undo")
        atomic_write_bytes(folder / f"{undo.closure_id}.json", dump_json(undo.to_dict()))

    def undo_last_note_change(self, closure_id: str) -> NoteUndo:
        resolved = self.store.resolve(closure_id)
        path = self.store.root / "undo" / f"{resolved}.json"
        try:
            undo = NoteUndo.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise refuse("errors.nothing_to_undo") from None
        except (ValueError, KeyError, TypeError) as error:
            raise refuse("errors.undo_unreadable", path=path, error=error) from None
        self.undo_note(resolved, undo)
        path.unlink(missing_ok=True)
        return undo
