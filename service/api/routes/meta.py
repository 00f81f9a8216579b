"""Service metadata: /languages, /detect, /health, /ready (LibreTranslate shapes where they overlap)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from service.api.parsing import read_body, require_text
from service.api.state import AppState, get_state
from service.glossary.hotpath import COMPILED as HOT_PATH_COMPILED

router = APIRouter(tags=["service"])


@router.get("/languages", summary="Languages and the targets each can reach (pivots included)")
def languages(state: AppState = Depends(get_state)) -> list[dict]:
    if not state.engine.ready:
        return []
    return [{"code": l.code, "name": l.name, "targets": list(l.targets)}
            for l in state.engine.languages()]


@router.post("/detect", summary="Detect en, ru or kk",
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"example": {"q": "Тоқаев сайлауда жеңді."}},
                 "application/x-www-form-urlencoded": {"example": {"q": "Токаев победил."}}}}})
async def detect(request: Request, state: AppState = Depends(get_state)) -> list[dict]:
    from service.engine import detect_language

    body = await read_body(request)
    text = require_text(body, "q", state.settings.char_limit)
    detections = await run_in_threadpool(detect_language, text)
    return [{"confidence": d.confidence, "language": d.language} for d in detections]


@router.get("/health", summary="Process is up; reports load errors without failing")
def health(state: AppState = Depends(get_state)) -> dict:
    store = state.glossaries
    glossary_error = getattr(store, "error", None) if store is not None else None
    return {
        "status": "ok",
        "ready": bool(state.engine.ready),
        "engine_error": state.extras.get("engine_error"),
        "glossary_error": str(glossary_error) if glossary_error else None,
        "glossary_hot_path": "compiled" if HOT_PATH_COMPILED else "python",
    }


@router.get("/ready", summary="Packages loaded and usable (503 until then)")
def ready(state: AppState = Depends(get_state)):
    engine = state.engine
    packages = [f"{p.from_code}->{p.to_code}" for p in engine.packages()] if engine.ready else []
    body = {"ready": bool(engine.ready and packages), "packages": packages,
            "load_seconds": state.extras.get("load_seconds")}
    if state.extras.get("engine_error"):
        body["error"] = state.extras["engine_error"]
    elif engine.ready and not packages:
        body["error"] = ("no translation package is installed in "
                         f"{state.settings.models_dir}; install one with "
                         "`python -m service models install --from en --to ru`")
    elif not engine.ready:
        body["error"] = "models are still loading"
    return JSONResponse(body, status_code=200 if body["ready"] else 503)
