"""Application factory: builds the shared state once and includes the route modules."""

from __future__ import annotations

import logging
import threading
import time
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service import __version__
from service.api.errors import install_error_handlers
from service.api.state import AppState
from service.config import Settings

log = logging.getLogger("audarma")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    state = AppState(settings=settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        _start_background_loading(state)
        yield
        if state.glossaries is not None and hasattr(state.glossaries, "stop"):
            state.glossaries.stop()

    app = FastAPI(
        title="Audarma",
        version=__version__,
        description=(
            "Offline English/Russian/Kazakh translation with a name glossary. "
            "`/translate`, `/languages` and `/detect` speak LibreTranslate's API."),
        lifespan=lifespan,
    )
    app.state.audarma = state
    state.extras["started_at"] = time.monotonic()
    install_error_handlers(app)
    _include_routes(app)
    _attach_engine(state)
    _attach_glossaries(state)
    return app


def _include_routes(app: FastAPI) -> None:
    from service.api.routes import meta, translate

    app.include_router(meta.router)
    app.include_router(translate.router)
    for name in ("normalize", "glossary", "glossary_admin", "transliterate"):
        module = _optional_route_module(name)
        if module is not None:
            app.include_router(module.router)


def _optional_route_module(name: str):
    import importlib

    try:
        return importlib.import_module(f"service.api.routes.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"service.api.routes.{name}":
            return None
        raise


def _attach_engine(state: AppState) -> None:
    from service.engine import Engine

    s = state.settings
    state.engine = Engine(s.models_dir, inter_threads=s.inter_threads,
                          intra_threads=s.intra_threads, max_batch_tokens=s.max_batch_tokens)


def _attach_glossaries(state: AppState) -> None:
    try:
        from service.glossary.store import GlossaryStore
    except ImportError:  # glossary package not installed in this build
        log.warning("glossary store unavailable; serving without glossary")
        return
    s = state.settings
    state.glossaries = GlossaryStore(s.glossary_dir, s.glossary_reload_seconds)


def _start_background_loading(state: AppState) -> None:
    """Load models and glossary off the event loop so /health answers at once."""

    def load() -> None:
        started = time.monotonic()
        try:
            if state.glossaries is not None:
                state.glossaries.start()
        except Exception as exc:  # reported by /health; the store keeps its error
            log.error("glossary failed to load: %s", exc)
        try:
            state.engine.load()
        except Exception as exc:
            state.extras["engine_error"] = f"{type(exc).__name__}: {exc}"
            log.exception("engine failed to load")
        state.extras["load_seconds"] = time.monotonic() - started
        log.info("ready in %.2f s (models: %d)", state.extras["load_seconds"],
                 len(state.engine.packages()))

    thread = threading.Thread(target=load, name="audarma-loader", daemon=True)
    state.extras["loader"] = thread
    thread.start()
