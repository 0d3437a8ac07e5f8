"""The `dutygraph` command. A thin click wrapper: each subcommand lives in its own module and is
registered below by name (lazy import, so `dutygraph extract` never loads rdflib or ladybug).
Domain errors (DutygraphError) become one clear line on stderr and exit code 1."""

from __future__ import annotations

import importlib
import sys

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


class LazyGroup(click.Group):
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


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, standalone_mode=False)
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
