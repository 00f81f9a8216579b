"""What the routes share: settings, the engine, the glossary store. One instance per app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from service.config import Settings


@dataclass
class AppState:
    settings: Settings
    engine: Any = None            # service.engine.Engine
    glossaries: Any = None        # service.glossary.store.GlossaryStore (live reload)
    extras: dict = field(default_factory=dict)


def get_state(request: Request) -> AppState:
    return request.app.state.audarma
