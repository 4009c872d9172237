"""A setting written into the config file for the user: one line changed or added, the rest as written."""

from __future__ import annotations

import pytest

from cierre.config_edit import remember_setting
from cierre.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", 'theme = "nord"\n'),
        ('theme = "dark"  # mine\nlang = "es"\n', 'theme = "nord"\nlang = "es"\n'),
        ('lang = "es"', 'lang = "es"\ntheme = "nord"\n'),
        ('CIERRE_THEME = "dark"\n', 'CIERRE_THEME = "nord"\n'),
        ('[keys]\nx = "y"\n', 'theme = "nord"\n\n[keys]\nx = "y"\n'),
        (
            '# top\nlang = "es"\n\n\n[keys]\ntheme = "not this one"\n',
            '# top\nlang = "es"\ntheme = "nord"\n\n\n[keys]\ntheme = "not this one"\n',
        ),
    ],
)
def test_one_line_changes(tmp_path, before, after):
    path = tmp_path / "cierre" / "config.toml"
    if before:
        path.parent.mkdir()
        path.write_text(before, "utf-8")
    assert remember_setting("theme", "nord", path) == path
    assert path.read_text("utf-8") == after
    assert load_settings(env={}, config_file=path, dotenv_path=tmp_path / "none", data_dir=str(tmp_path)).theme == "nord"


@pytest.mark.parametrize(
    "before",
    [
        'theme = """\ndark"""\n',  # a value on several lines
        '"theme" = "dark"\n',  # a quoted key: adding another would set it twice
        "theme = [\n",  # not TOML at all
    ],
)
def test_a_file_it_cannot_change_by_one_line_is_left_as_it_is(tmp_path, before):
    path = tmp_path / "config.toml"
    path.write_text(before, "utf-8")
    with pytest.raises(SettingsError) as raised:
        remember_setting("theme", "nord", path)
    assert "\n" not in str(raised.value) and str(path) in str(raised.value)
    assert path.read_text("utf-8") == before


def test_the_file_is_private(tmp_path):
    path = tmp_path / "config.toml"
    remember_setting("theme", "light", path)
    assert path.stat().st_mode & 0o077 == 0
