"""`python -m service transliterate` (not yet implemented)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("transliterate", help="(not yet implemented)")
