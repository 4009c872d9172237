"""The `cierre` command: the command line, which opens the terminal UI when given no command.

Kept apart from both so that the command line never imports Textual, and so that a plain
`cierre note ID TEXT` is on disk before the rest of the command line is even imported: a note
typed in a second terminal during a call should be written about as fast as Python starts.
Building the whole command line (argparse, the texts of its help, the settings' checks, the
schedule that deriving an index row takes) was most of that time, and a plain note needs none of
it: `cierre.storage.plain_note` writes it. Every other form, and anything that path does not
take (see its docstring), goes to the full command line, which says what it found. This module
reads the plain form itself, because each module on the way costs a share of that time.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence


class PlainNote:
    """What the plain form names: the data folder (None: from the settings), the closure, the text."""

    __slots__ = ("data_dir", "closure_id", "text", "json")

    def __init__(self, data_dir: str | None, closure_id: str, text: str, json: bool) -> None:
        self.data_dir, self.closure_id, self.text, self.json = data_dir, closure_id, text, json


def plain_note(argv: Sequence[str]) -> PlainNote | None:
    """The plain form, as argparse would read it, else None: `note`, an id and a text (not read
    from standard input, not empty), with `--data-dir DIR`, `--json` or `--kind note` before or
    after. Options argparse would take otherwise (abbreviated, repeated, unknown) are left to it."""
    words: list[str] = []
    data_dir = None
    as_json = False
    kind_given = data_dir_given = False
    args = iter(argv)
    for arg in args:
        if arg in ("--data-dir", "--kind"):
            value = next(args, None)
            if value is None:
                return None
            arg = f"{arg}={value}"
        if arg.startswith("--data-dir=") and not data_dir_given:
            data_dir, data_dir_given = arg.partition("=")[2], True
        elif arg == "--kind=note" and not kind_given and words:
            kind_given = True
        elif arg == "--json" and not as_json:
            as_json = True
        elif arg.startswith("-"):
            return None
        else:
            words.append(arg)
    if len(words) != 3 or words[0] != "note" or not words[2].strip():
        return None
    return PlainNote(data_dir, words[1], words[2], as_json)


def write_plain_note(argv: Sequence[str]) -> int | None:
    """The exit code once a plain note is on disk; None when the full command line must take it."""
    asked = plain_note(argv)
    if asked is None:
        return None
    import os

    from cierre.storage.lock import LockTimeout
    from cierre.storage.plain_note import IndexBehind, append_plain_note

    if asked.data_dir:  # the folder is named: no setting can change where the note goes
        root = os.path.expanduser(asked.data_dir)
    else:
        from cierre.setting_sources import SettingsError, data_folder, sources

        try:
            root = data_folder(None, sources())
        except SettingsError:
            return None  # the full path says what it found, in the user's language
    try:
        note = append_plain_note(root, asked.closure_id, asked.text)
    except IndexBehind as error:
        _warn_index_behind(error)
        return 0
    except (LockTimeout, OSError):
        return None  # nothing written: the full path says it in the user's language
    if note is None:
        return None
    if asked.json:
        from cierre.domain.text import json_text

        sys.stdout.write(json_text(note) + "\n")
    return 0


def _warn_index_behind(error: Exception) -> None:
    from cierre.cli.main import warn
    from cierre.domain.texts import say, use_language
    from cierre.setting_sources import language

    use_language(language())
    warn(say("errors.index_behind", error=error))


def open_ui(settings) -> int | None:
    from cierre.tui.launch import run_app

    return run_app(settings)


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if "note" in args:
        done = write_plain_note(args)
        if done is not None:
            return done
    return full_command_line(args)


def full_command_line(args: list[str]) -> int:
    from cierre.cli.main import main as command_line

    return command_line(args, open_ui=open_ui)


def run() -> int:
    """The `cierre` program itself (`main` is what tests and other code call).

    A plain note runs without the cyclic garbage collector: the write makes no reference cycles,
    and the collector's passes over the heap the start-up built were a tenth of the command's
    time. Once the note is on disk, `gc.freeze()` keeps the exit from walking that heap again;
    every file and the index are already closed, and the memory goes back with the process.
    Any other command has the collector as usual."""
    import gc

    args = sys.argv[1:]
    if "note" in args:
        gc.disable()
        done = write_plain_note(args)
        if done is not None:
            gc.freeze()
            return done
        gc.enable()
    return full_command_line(args)


if __name__ == "__main__":
    sys.exit(run())
