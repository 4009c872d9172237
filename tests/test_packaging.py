"""The wheel holds one package, `cierre`, with every data file the app reads, and the package
list in pyproject.toml names every folder that is a package (a new subpackage is never left out)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
# Repository folder -> the package it installs as (pyproject's [tool.setuptools.package-dir]).
PACKAGE_DIR = PYPROJECT["tool"]["setuptools"]["package-dir"]


def _package_of(folder: Path) -> str:
    """The dotted package name of a repository folder, through package-dir."""
    relative = folder.relative_to(REPO).as_posix()
    for package, base in sorted(PACKAGE_DIR.items(), key=lambda item: -len(item[1])):
        if relative == base or relative.startswith(base + "/"):
            rest = relative[len(base) :].strip("/")
            return package + ("." + rest.replace("/", ".") if rest else "")
    raise AssertionError(f"{relative} is under no package-dir entry")


def test_the_package_list_names_every_folder_with_an_init():
    found = {
        _package_of(init.parent)
        for base in PACKAGE_DIR.values()
        for init in (REPO / base).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert found - listed == set(), f"packages missing from [tool.setuptools] packages: {sorted(found - listed)}"
    assert listed - found == set(), f"listed but not a folder with __init__.py: {sorted(listed - found)}"


def _can_build_here() -> bool:
    try:
        from importlib.metadata import version

        major = int(version("setuptools").split(".")[0])
    except Exception:  # noqa: BLE001 - not installed or an odd version string: let pip provide it
        return False
    return major >= 71 or (major >= 68 and _has("wheel"))  # bdist_wheel is in setuptools since 70.1


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"  # built from a copy: the repository gets no build/ or egg-info
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"),
    )
    out = tmp / "dist"
    # Without build isolation only when this environment can build a wheel itself (pyproject asks
    # for setuptools>=68; older ones need the `wheel` package); else pip fetches the build backend.
    isolation = ["--no-build-isolation"] if _can_build_here() else []
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            *isolation,
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (built,) = out.glob("cierre-*.whl")
    archive = zipfile.ZipFile(built)
    yield archive
    archive.close()


def test_the_wheel_holds_cierre_and_its_dist_info_only(wheel):
    version = PYPROJECT["project"]["version"]
    tops = {name.split("/", 1)[0] for name in wheel.namelist()}
    assert tops == {"cierre", f"cierre-{version}.dist-info"}


def _shipped(pattern_base: str, pattern: str) -> set[str]:
    return {p.relative_to(REPO / pattern_base).as_posix() for p in (REPO / pattern_base).glob(pattern)}


def test_the_wheel_holds_every_data_file(wheel):
    names = set(wheel.namelist())
    expected = (
        {f"cierre/domain/playbooks/{name}" for name in _shipped("core/domain/playbooks", "*.toml")}
        | {f"cierre/domain/texts/{name}" for name in _shipped("core/domain/texts", "*/*.toml")}
        | {f"cierre/tui/{name}" for name in _shipped("tui", "**/*.tcss")}
    )
    assert any(name.startswith("cierre/domain/playbooks/") for name in expected)
    assert any(name.startswith("cierre/domain/texts/") for name in expected)
    assert "cierre/tui/app.tcss" in expected and any(name.startswith("cierre/tui/screens/") for name in expected)
    assert expected - names == set(), sorted(expected - names)


def test_the_wheel_holds_every_module(wheel):
    names = set(wheel.namelist())
    modules = {
        _package_of(path.parent).replace(".", "/") + "/" + path.name
        for base in PACKAGE_DIR.values()
        for path in (REPO / base).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert modules - names == set(), sorted(modules - names)
