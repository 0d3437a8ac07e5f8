"""The `dutygraph` command. A thin click wrapper: each subcommand lives in its own module and is
registered below by name (lazy import, so `dutygraph extract` never loads rdflib or ladybug).
Domain errors (DutygraphError) become one clear line on stderr and exit code 1. Output into a
pipe whose reader has gone (`dutygraph extract … | head -1`) ends the command quietly, as it ends
cat or grep: nothing on stderr, exit status 141 (see _pipe_closed)."""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import select
import sys
from typing import Any, NoReturn

import click

from .errors import DutygraphError

# name -> "module:attribute" of a click.Command. Adding a command = one module + one line here.
COMMANDS: dict[str, str] = {
    "extract": "dutygraph.commands.extract:extract",
    "aliases": "dutygraph.commands.aliases:aliases",
    "build": "dutygraph.commands.build:build",
    "neo4j": "dutygraph.commands.neo4j:neo4j",
    "query": "dutygraph.commands.query:query",
    "queries": "dutygraph.commands.query:queries",
    "cypher": "dutygraph.commands.query:cypher",
    "review": "dutygraph.commands.review:review",
    "serve": "dutygraph.commands.serve:serve",
    "synth": "dutygraph.commands.synth:synth",
}


class _PipeClosed(Exception):
    """stdout (or stderr) is a pipe whose reader has gone; not an OSError, so click lets it through."""


def _reader_gone(stream: Any) -> bool:
    """Whether `stream` is a pipe or socket with nobody left to read it (poll says POLLERR)."""
    try:
        fd = stream.fileno()
        poll = select.poll()
        poll.register(fd, select.POLLOUT)
        return any(ev & (select.POLLERR | select.POLLHUP) for _, ev in poll.poll(0))
    except (AttributeError, ValueError, OSError):
        return False


def _closed_pipe(exc: OSError) -> Exception:
    """EPIPE from writing our own output becomes _PipeClosed; any other EPIPE (a socket to a server
    that hung up) is an error like any other, not a reason to end quietly."""
    if _reader_gone(sys.stdout) or _reader_gone(sys.stderr):
        return _PipeClosed()
    return DutygraphError(f"{exc.strerror or exc}")


class LazyGroup(click.Group):
    # click ends a command whose output pipe closed with status 1 itself; these hand it to main()
    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)  # (--help is printed in here)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            raise _closed_pipe(exc) from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            raise _closed_pipe(exc) from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._load(name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:  # command not built yet in this checkout
            if exc.name and module.startswith(exc.name):
                return None
            raise
        return getattr(mod, attr, None)


@click.group(cls=LazyGroup)
@click.version_option(package_name="dutygraph")
def cli() -> None:
    """dutygraph: action plans -> a knowledge graph of who is responsible for what."""


def _pipe_closed() -> NoReturn:
    """The reader of our output has gone (`| head -1`): end quietly, the way a Unix tool killed by
    SIGPIPE ends, with status 141 (128 + SIGPIPE, what the shell reports for one), so a pipeline
    under `set -o pipefail` sees that this command's output was cut short. Not by the signal itself:
    Python ignores SIGPIPE, and dying by it would skip the cleanup (temp files, worker processes)
    that has run by now. What is left in stdout's buffer goes to /dev/null at exit."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            if _reader_gone(stream):
                os.dup2(devnull, stream.fileno())
    sys.exit(141)


def main(argv: list[str] | None = None) -> None:
    try:
        try:
            cli.main(args=argv, standalone_mode=False)
        finally:
            sys.stdout.flush()  # what is left is written here, where a closed pipe is caught
    except _PipeClosed:
        _pipe_closed()
    except OSError as exc:
        if exc.errno == errno.EPIPE and (_reader_gone(sys.stdout) or _reader_gone(sys.stderr)):
            _pipe_closed()
        raise
    except DutygraphError as exc:
        click.echo(f"dutygraph: error: {exc.oneline()}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("dutygraph: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
