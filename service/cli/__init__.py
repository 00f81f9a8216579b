"""Command line: ``python -m service <command>``.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its parsers and sets ``func`` (taking the parsed args, returning an exit status).
Modules import their heavy dependencies inside ``func`` so ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from service.errors import AudarmaError

# module name -> command group; each module defines register(subparsers)
COMMAND_MODULES = ["serve", "models", "normalize", "transliterate", "glossary"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m service",
        description="Offline en/ru/kk translation and name normalisation.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"service.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except AudarmaError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
