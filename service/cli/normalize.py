"""`python -m service normalize` (not yet implemented)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("normalize", help="(not yet implemented)")
