"""`cierre NAME ...` builds the parser of NAME only: it must be the very parser the full command line has."""

from __future__ import annotations

import argparse

from cierre.cli.main import _command_given, build_parser


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_each_command_alone_has_the_same_parser_as_in_the_whole():
    whole = _commands(build_parser())
    assert "note" in whole and len(whole) > 10
    for name, parser in whole.items():
        alone = _commands(build_parser(name))
        assert list(alone) == [name]
        assert alone[name].format_help() == parser.format_help()
        assert alone[name].get_default("handler") is parser.get_default("handler")


def test_an_unknown_command_gets_the_whole_parser():
    assert len(_commands(build_parser("nope"))) == len(_commands(build_parser()))


def test_the_command_is_found_after_global_options_only():
    assert _command_given(["note", "abc", "text"]) == "note"
    assert _command_given(["--data-dir", "/tmp/x", "--json", "note", "abc", "-"]) == "note"
    assert _command_given(["--data-dir=/tmp/x", "list"]) == "list"
    assert _command_given(["-h", "note"]) is None  # the top-level help lists every command
    assert _command_given(["note", "-h"]) == "note"
    assert _command_given(["--version"]) is None
