"""`cierre demo`: a folder of sample closures apart from the user's own, made once and opened again."""

from __future__ import annotations

import pytest
from cli_support import as_json, one_line

from cierre.cli.main import main


@pytest.fixture
def cierre(capsys):
    """Runs the command in-process with a stand-in for the terminal UI; returns (exit code, stdout, stderr)."""
    opened: list[str] = []

    def open_ui(settings) -> int:
        opened.append(str(settings.data_dir))
        return 0

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args), open_ui=open_ui)
        except SystemExit as exit_:  # argparse: --help, --version, usage errors
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    run.opened = opened
    return run


def test_demo_creates_a_folder_of_sample_closures(cierre, tmp_path):
    folder = tmp_path / "demo"
    code, out, _ = cierre("demo", "--closures", "25", "--data-dir", str(folder))
    assert code == 0 and "25 sample closures" in out and str(folder) in out
    assert len(as_json(cierre("--data-dir", str(folder), "list", "--all", "--json"))) == 25
    code, _, err = cierre("demo", "--closures", "5", "--data-dir", str(folder))
    assert code == 2 and "--force" in one_line(err)
    data = as_json(cierre("demo", "--closures", "5", "--force", "--data-dir", str(folder), "--json"))
    assert data == {"data_dir": str(folder), "closures": 5}
    assert len(as_json(cierre("list", "--all", "--json", "--data-dir", str(folder)))) == 30


def test_demo_open_a_second_time_opens_the_samples_already_made(cierre, tmp_path):
    folder = tmp_path / "demo"
    code, out, _ = cierre("demo", "--open", "--data-dir", str(folder))
    assert code == 0 and "12 sample closures" in out and cierre.opened == [str(folder)]
    code, out, err = cierre("demo", "--open", "--data-dir", str(folder))  # the README's command, again
    assert (code, err) == (0, "") and "already" in out and cierre.opened == [str(folder)] * 2
    assert len(as_json(cierre("--data-dir", str(folder), "list", "--all", "--json"))) == 12  # none added


def test_demo_speaks_spanish_when_it_refuses_and_when_it_opens_again(cierre, tmp_path, monkeypatch):
    monkeypatch.setenv("CIERRE_LANG", "es")
    folder = tmp_path / "demo"
    assert cierre("demo", "--open", "--data-dir", str(folder))[0] == 0
    code, out, err = cierre("demo", "--open", "--data-dir", str(folder))
    assert (code, err) == (0, "") and out == f"los cierres de ejemplo ya están en {folder}; se abren (--force añade más)\n"
    code, _, err = cierre("demo", "--closures", "5", "--data-dir", str(folder))
    assert code == 2 and one_line(err) == f"cierre: {folder} ya tiene cierres; usa --force para añadirle ejemplos"
