"""The `cierre` command: the terminal UI with no arguments, subcommands for scripts and cron.

Start-up matters here (`cierre note` from a second terminal during a call), so
this module imports neither Textual nor the calendar libraries: each subcommand
module imports what it needs inside its handler.

Every word printed is in the user's language (CIERRE_LANG, or the config file's `lang`): help,
errors, tables. argparse's own English (its usage line, section headings, error messages) is put
into it by `CierreParser` and `CierreHelpFormatter`, through their public methods.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, Sequence

from cierre import __version__
from cierre.domain.texts import say

OpenUI = Callable[..., "int | None"]

# argparse's own messages (Python 3.11), as patterns, and the key of each in the `cli` texts.
ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (?P<args>.+)", "cli.argparse.required"),
    (r"argument (?P<arg>\S+): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)", "cli.argparse.choice"),
    (r"unrecognized arguments: (?P<args>.+)", "cli.argparse.unrecognized"),
    (r"argument (?P<arg>\S+): expected one argument", "cli.argparse.one_value"),
    (r"argument (?P<arg>\S+): expected at least one argument", "cli.argparse.some_values"),
    (r"argument (?P<arg>\S+): invalid (?P<kind>\S+) value: (?P<value>.+)", "cli.argparse.bad_value"),
    (r"argument (?P<arg>\S+): not allowed with argument (?P<other>.+)", "cli.argparse.not_with"),
    (r"argument (?P<arg>\S+): ignored explicit argument (?P<value>.+)", "cli.argparse.explicit"),
    (r"one of the arguments (?P<args>.+) is required", "cli.argparse.one_of"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "cli.argparse.ambiguous"),
)
SECTION_HEADINGS = {"positional arguments": "cli.positional", "options": "cli.options", "optional arguments": "cli.options"}


def argparse_message(message: str) -> str:
    """One of argparse's messages in the user's language (as it is, when it is none of those known)."""
    import re

    for pattern, key in ARGPARSE_MESSAGES:
        found = re.fullmatch(pattern, message)
        if found:
            return say(key, **found.groupdict())
    return message


class CierreHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help, its words in the user's language: the usage line and the section headings."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, prefix=say("cli.usage") if prefix is None else prefix)

    def start_section(self, heading) -> None:
        key = SECTION_HEADINGS.get(heading or "")
        super().start_section(say(key) if key else heading)


class CierreParser(argparse.ArgumentParser):
    """A parser whose errors are one line in the user's language, after the usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", CierreHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=say("cli.help_help"))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, say("cli.error", prog=self.prog, message=argparse_message(message)) + "\n")


# Modules that add subcommands; each has register(subparsers, common) -> None.
COMMAND_MODULES = (
    "cierre.cli.commands.closures",
    "cierre.cli.commands.follow_up",
    "cierre.cli.commands.calendar",
    "cierre.cli.commands.mail",
    "cierre.cli.commands.insights",
)


class CliError(Exception):
    """A one-line message for the user and the exit code that goes with it."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def common_options(*, defaults: bool = True) -> argparse.ArgumentParser:
    """Options taken before or after the subcommand.

    The subcommands' copy has no defaults: argparse would otherwise overwrite a value given before
    the subcommand (`cierre --data-dir X note ...`) with the subcommand's default.
    """
    common = argparse.ArgumentParser(add_help=False)
    unset = {} if defaults else {"default": argparse.SUPPRESS}
    common.add_argument("--data-dir", metavar=say("cli.meta.dir"), help=say("cli.help.data_dir"), **unset)
    common.add_argument("--json", action="store_true", help=say("cli.help.json"), **unset)
    return common


class _OnlyCommand:
    """The subparsers action, as the command modules see it, when one command was given: the others
    are not built (each parser costs argparse a dozen gettext look-ups; `cierre note` builds one)."""

    def __init__(self, subparsers: Any, command: str) -> None:
        self._subparsers = subparsers
        self.command = command
        self.found = False

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if name == self.command or self.command in kwargs.get("aliases", ()):
            self.found = True
            return self._subparsers.add_parser(name, **kwargs)
        return _IGNORED


class _Ignored:
    """Takes any call a command module makes on the parser of a command not given, and does nothing."""

    def __getattr__(self, name: str) -> Any:
        return self._ignore

    def _ignore(self, *args: Any, **kwargs: Any) -> _Ignored:
        return self


_IGNORED = _Ignored()


def subcommand_adder(subparsers: Any, common: argparse.ArgumentParser) -> Callable[..., argparse.ArgumentParser]:
    """`add(name, handler, help)`: a subcommand with the common options and its handler, for `register()`."""

    def add(name: str, handler: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        parser = subparsers.add_parser(name, parents=[common], help=help, description=help)
        parser.set_defaults(handler=handler)
        return parser

    return add


def subcommand_texts(subparsers: Any, common: argparse.ArgumentParser) -> Callable[..., argparse.ArgumentParser]:
    """`add(name, handler)`: a subcommand whose help is the text `cli.commands.<name>` (dashes as
    underscores), for `register()`."""
    add_one = subcommand_adder(subparsers, common)

    def add(name: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        return add_one(name, handler, say(f"cli.commands.{name.replace('-', '_')}"))

    return add


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (given `command`) the top level and that one command only.

    Falls back to every command when no module registers `command` (argparse then names them all)."""
    import importlib

    common = common_options(defaults=False)
    parser = CierreParser(
        prog="cierre", description=say("cli.description"), epilog=say("cli.exit_codes"), parents=[common_options()]
    )
    parser.add_argument("--version", action="version", version=f"cierre {__version__}", help=say("cli.help_version"))
    subparsers = parser.add_subparsers(
        dest="command", metavar=say("cli.meta.command"), title=say("cli.commands_title"), parser_class=CierreParser
    )
    target = subparsers if command is None else _OnlyCommand(subparsers, command)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(target, common)
        if command is not None and target.found:
            break
    if command is not None and not target.found:
        return build_parser()
    return parser


def _command_given(argv: Sequence[str] | None) -> str | None:
    """The subcommand's name when the arguments clearly have one (no help or version asked before it)."""
    args = list(sys.argv[1:] if argv is None else argv)
    _, rest = common_options().parse_known_args(args)
    if not rest or rest[0].startswith("-"):
        return None
    before = args[: args.index(rest[0])] if rest[0] in args else args
    if any(arg in ("-h", "--help", "--version") for arg in before):
        return None
    return rest[0]


def _only_global_options(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """Plain `cierre [--data-dir DIR]` opens the UI: no need to load every subcommand's module first."""
    args = list(sys.argv[1:] if argv is None else argv)
    if any(arg in ("-h", "--help", "--version") for arg in args):
        return None
    parsed, rest = common_options().parse_known_args(args)
    return None if rest else parsed


def main(argv: Sequence[str] | None = None, *, open_ui: OpenUI | None = None) -> int:
    """Run one command; `open_ui` opens the terminal UI (given by `cierre.__main__`, so this
    package never imports Textual)."""
    from cierre.domain.texts import use_language
    from cierre.setting_sources import language

    use_language(language())
    args = _only_global_options(argv)
    if args is None:
        args = build_parser(_command_given(argv)).parse_args(argv)
    args.open_ui = open_ui
    args.coaches = []  # every Coach the command opened (`open_coach`): their problems are told at the end
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    try:
        if handler is None:
            return run_tui(args)
        return handler(args) or 0
    except CliError as error:
        return fail(str(error), error.code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Piped into `head`: the reader went away; not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # the one fault boundary of the command line: a line, never a traceback
        from cierre.faults import fault_line
        from cierre.settings import SettingsError

        if isinstance(error, ValueError) and not isinstance(error, SettingsError):
            return fail(str(error), 2)  # the domain's ActionError and bad arguments found late
        return fail(*fault_line(error, f"cierre {getattr(args, 'command', None) or ''}".strip()))
    finally:
        tell_problems(args)


def open_coach(args: argparse.Namespace, **options: Any):
    """The Coach of the data folder the command names; what it meets on the way is told at the end."""
    from cierre.service import Coach

    coach = Coach(settings_for(args), **options)
    getattr(args, "coaches", []).append(coach)
    return coach


def tell_problems(args: argparse.Namespace) -> None:
    """Files moved aside, an index rebuilt: one warning line each, on stderr (stdout stays data)."""
    told: set[str] = set()
    for coach in getattr(args, "coaches", []):
        for problem in coach.store.problems:
            if problem not in told:
                told.add(problem)
                warn(problem)


def warn(message: str) -> None:
    """A warning line on stderr (stdout stays data)."""
    from cierre.domain.text import one_line

    print(say("cli.warning", message=one_line(message)), file=sys.stderr)


def fail(message: str, code: int) -> int:
    from cierre.domain.text import one_line

    print(f"cierre: {one_line(message)}", file=sys.stderr)
    return code


def settings_for(args: argparse.Namespace):
    from cierre.settings import load_settings

    return load_settings(data_dir=getattr(args, "data_dir", None))


def run_tui(args: argparse.Namespace, settings=None) -> int:
    if args.open_ui is None:
        raise CliError(say("cli.no_tui"), 2)
    return args.open_ui(settings or settings_for(args)) or 0
