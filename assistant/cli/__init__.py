"""The command-line shell: thin commands over the engine, one module per command group."""

from assistant.cli.main import app, main

__all__ = ["app", "main"]
