"""`python -m service glossary` (not yet implemented)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("glossary", help="(not yet implemented)")
