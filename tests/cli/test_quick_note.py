"""`cierre note ID TEXT` taken before the rest of the command line loads, and every other form
left to it: the same result either way, only sooner."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cli_support import one_line
from core_support import cierre, make_settings

import cierre.storage.plain_note as plain_note_module
from cierre.__main__ import plain_note
from cierre.__main__ import write_plain_note as run
from cierre.service import Coach


@pytest.mark.parametrize(
    "argv, taken",
    [
        (["note", "abc", "called back"], ("abc", "called back", None, False)),
        (["--data-dir", "/d", "note", "abc", "x"], ("abc", "x", "/d", False)),
        (["note", "abc", "x", "--data-dir=/d", "--json"], ("abc", "x", "/d", True)),
        (["--json", "note", "--kind", "note", "abc", "x"], ("abc", "x", None, True)),
        (["note", "abc", "note"], ("abc", "note", None, False)),  # the text may be the word itself
    ],
)
def test_the_plain_form_is_read_as_argparse_would(argv, taken):
    asked = plain_note(argv)
    assert (asked.closure_id, asked.text, asked.data_dir, asked.json) == taken


@pytest.mark.parametrize(
    "argv",
    [
        ["note", "abc", "-"],  # standard input
        ["note", "abc", "  "],  # nothing to keep: the full path says so
        ["note", "abc", "x", "--kind", "quote"],
        ["note", "abc", "x", "--kind"],
        ["--kind", "note", "note", "abc", "x"],  # before the command: argparse refuses it
        ["note", "abc", "1", "--edit", "new"],
        ["note", "abc", "last", "--undo"],
        ["note", "abc", "x", "--js"],  # an abbreviation
        ["note", "abc", "x", "--json", "--json"],
        ["note", "abc", "x", "--data-dir", "/a", "--data-dir", "/b"],
        ["note", "abc", "--", "-5% off"],
        ["note", "abc", "x", "--name", "Rival"],
        ["note", "abc"],
        ["note", "abc", "x", "y"],
        ["show", "abc", "note"],
        ["note", "abc", "x", "--help"],
        ["--data-dir"],
    ],
)
def test_every_other_form_is_left_to_the_command_line(argv):
    assert plain_note(argv) is None


MODULES = "import sys; from cierre.__main__ import main; code = main(sys.argv[1:]); print('argparse' in sys.modules, code)"


def lean(data_dir, *args):
    """Whether `main` took the lean path (argparse never imported), and its exit code."""
    result = subprocess.run(
        [sys.executable, "-c", MODULES, "--data-dir", str(data_dir), *args], capture_output=True, text=True, timeout=60
    )
    loaded, code = result.stdout.split()[-2:]
    return loaded == "False", int(code)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def closure_id(data_dir):
    return Coach(make_settings(data_dir)).new_closure("lost", "Acme").id


def test_a_plain_note_takes_the_lean_path_and_the_json_is_the_full_paths(data_dir, closure_id):
    assert lean(data_dir, "note", closure_id, "first") == (True, 0)
    quick = cierre("note", closure_id, "second", "--json", data_dir=data_dir)
    full = cierre("note", closure_id, "third", "--json", "--kind", "suggestion", data_dir=data_dir)
    assert quick.returncode == full.returncode == 0
    assert json.loads(quick.stdout).keys() == json.loads(full.stdout).keys()
    assert json.loads(quick.stdout)["text"] == "second"
    notes = Coach(make_settings(data_dir)).get(closure_id).notes
    assert [(n.kind, n.text) for n in notes] == [("note", "first"), ("note", "second"), ("suggestion", "third")]


def test_what_the_lean_path_does_not_take_the_full_path_says(data_dir, closure_id):
    assert lean(data_dir, "note", "zzzzzz9", "x")[0] is False
    error = cierre("note", "zzzzzz9", "lost?", data_dir=data_dir)
    assert error.returncode != 0 and "zzzzzz9" in one_line(error.stderr)
    spanish = cierre("note", "zzzzzz9", "lost?", data_dir=data_dir, env={"CIERRE_LANG": "es"})
    assert one_line(spanish.stderr) != one_line(error.stderr)
    assert lean(data_dir, "note", closure_id, "-")[0] is False
    piped = cierre("note", closure_id, "-", data_dir=data_dir, stdin="from standard input\nsecond line")
    assert piped.returncode == 0, piped.stderr
    assert Coach(make_settings(data_dir)).get(closure_id).notes[-1].text == "from standard input\nsecond line"


def test_a_folder_of_an_older_version_is_brought_up_to_date_by_the_full_path(data_dir, closure_id):
    (data_dir / "index.sqlite").unlink()
    for suffix in ("-wal", "-shm"):
        (data_dir / f"index.sqlite{suffix}").unlink(missing_ok=True)
    assert lean(data_dir, "note", closure_id, "after the upgrade") == (False, 0)
    assert lean(data_dir, "note", closure_id, "and the next one") == (True, 0)
    notes = Coach(make_settings(data_dir)).get(closure_id).notes
    assert [n.text for n in notes] == ["after the upgrade", "and the next one"]


def test_the_data_folder_comes_from_the_settings(tmp_path, monkeypatch):
    folder = tmp_path / "from-the-setting"
    monkeypatch.setenv("CIERRE_DATA_DIR", str(folder))
    closure = Coach(make_settings(folder)).new_closure("departure", "Acme")
    assert run(["note", closure.id, "into the setting's folder"]) == 0
    assert Coach(make_settings(folder)).get(closure.id).notes[-1].text == "into the setting's folder"


def test_a_config_file_that_cannot_be_read_goes_to_the_full_path(data_dir, closure_id, tmp_path, monkeypatch):
    broken = tmp_path / "config.toml"
    broken.write_text("language = [\n")
    monkeypatch.setenv("CIERRE_CONFIG", str(broken))
    monkeypatch.setenv("CIERRE_DATA_DIR", str(data_dir))
    assert run(["note", closure_id, "not written here"]) is None  # the full path says what is wrong
    assert Coach(make_settings(data_dir)).get(closure_id).notes == []


def test_a_named_folder_needs_no_settings(data_dir, closure_id, tmp_path, monkeypatch):
    broken = tmp_path / "config.toml"
    broken.write_text("language = [\n")
    monkeypatch.setenv("CIERRE_CONFIG", str(broken))
    assert run(["--data-dir", str(data_dir), "note", closure_id, "written all the same"]) == 0
    assert Coach(make_settings(data_dir)).get(closure_id).notes[-1].text == "written all the same"


@pytest.mark.parametrize("lang, words", [("en", "the index could not be updated"), ("es", "no se pudo actualizar el índice")])
def test_an_index_left_behind_is_a_warning_in_the_users_language(data_dir, closure_id, monkeypatch, capsys, lang, words):
    monkeypatch.setenv("CIERRE_LANG", lang)

    def refused(*args):
        raise plain_note_module.sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(plain_note_module, "_record", refused)
    assert run(["--data-dir", str(data_dir), "note", closure_id, "kept"]) == 0
    err = capsys.readouterr().err
    assert words in one_line(err) and "disk I/O error" in err
    assert Coach(make_settings(data_dir)).get(closure_id).notes[-1].text == "kept"


PROGRAM = (
    "import gc, sys; sys.argv[0] = 'cierre'; from cierre.__main__ import run; code = run(); "
    "print(gc.isenabled(), len(gc.get_objects()) == 0 and gc.get_freeze_count() > 0, code)"
)


def program(data_dir, *args):
    """The `cierre` program's entry: the collector on after it, everything frozen, the exit code."""
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, "--data-dir", str(data_dir), *args], capture_output=True, text=True, timeout=60
    )
    enabled, frozen, code = result.stdout.split()[-3:]
    return enabled == "True", frozen == "True", int(code)


def test_the_program_runs_a_plain_note_without_the_collector_and_anything_else_with_it(data_dir, closure_id):
    assert program(data_dir, "note", closure_id, "typed in a second terminal") == (False, True, 0)
    assert program(data_dir, "note", "zzzzzz9", "lost?") == (True, False, 3)  # the full path, as usual
    assert program(data_dir, "show", closure_id)[:2] == (True, False)
    notes = Coach(make_settings(data_dir)).get(closure_id).notes
    assert [n.text for n in notes] == ["typed in a second terminal"]
