"""`python -m service serve`: run the HTTP service with uvicorn."""

from __future__ import annotations

import argparse
import os

from service.config import add_settings_arguments, load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the HTTP service")
    add_settings_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # CTranslate2's OpenMP threads spin-wait by default; beside an event loop that wastes
    # the core the loop needs (measured 2x CPU for the same work). Set before it loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import uvicorn

    from service.api.app import create_app

    settings = load_settings(args)
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)
    return 0
