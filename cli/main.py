"""The `cierre` command: the terminal UI with no arguments, subcommands for scripts and cron.

Start-up matters here (`cierre note` from a second terminal during a call), so
this module imports neither Textual nor the calendar libraries: each subcommand
module imports what it needs inside its handler.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, Sequence

from cierre import __version__

OpenUI = Callable[..., "int | None"]

EXIT_CODES = """exit codes:
  0  done
  1  the operation could not be completed (e.g. a sync left changes queued, a send failed,
     a server refused or answered something that is not CalDAV; details of an unexpected
     error are in errors.log in the state folder)
  2  the command line was wrong
  3  no such closure
  4  a problem with the data folder (damaged file, busy lock, cannot read or write, disk full)
  5  a setting is invalid or missing
  130 interrupted"""

# Modules that add subcommands; each has register(subparsers, common) -> None.
COMMAND_MODULES = (
    "cierre.cli.commands.closures",
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
    common.add_argument("--data-dir", metavar="DIR", help="data folder (default: CIERRE_DATA_DIR or the platform's)", **unset)
    common.add_argument("--json", action="store_true", help="print data as JSON", **unset)
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


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (given `command`) the top level and that one command only.

    Falls back to every command when no module registers `command` (argparse then names them all)."""
    import importlib

    common = common_options(defaults=False)
    parser = argparse.ArgumentParser(
        prog="cierre",
        description="A terminal coach for closing the loop when a prospect says no or a client leaves. "
        "With no command, opens the terminal UI.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common_options()],
    )
    parser.add_argument("--version", action="version", version=f"cierre {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
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
    from cierre.domain.text import one_line

    told: set[str] = set()
    for coach in getattr(args, "coaches", []):
        for problem in coach.store.problems:
            if problem not in told:
                told.add(problem)
                print(f"cierre: warning: {one_line(problem)}", file=sys.stderr)


def fail(message: str, code: int) -> int:
    from cierre.domain.text import one_line

    print(f"cierre: {one_line(message)}", file=sys.stderr)
    return code


def settings_for(args: argparse.Namespace):
    from cierre.settings import load_settings

    return load_settings(data_dir=getattr(args, "data_dir", None))


def run_tui(args: argparse.Namespace, settings=None) -> int:
    if args.open_ui is None:
        raise CliError("the terminal UI is not available here; run `cierre` with a command (see cierre --help)", 2)
    return args.open_ui(settings or settings_for(args)) or 0
