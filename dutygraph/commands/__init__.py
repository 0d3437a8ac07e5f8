"""CLI subcommands, one module each (registered in dutygraph.cli.COMMANDS)."""
