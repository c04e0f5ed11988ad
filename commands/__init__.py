"""Subcommands of ``cli.py``; each module has ``register(subparsers)``."""
