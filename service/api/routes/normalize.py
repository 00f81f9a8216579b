"""POST /normalize: every glossary mention rewritten in its canonical spelling."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from service.api.parsing import optional_str, read_body, require_text
from service.api.state import AppState, get_state
from service.errors import InvalidInput, NotReady

router = APIRouter(tags=["glossary"])


def current_glossary(state: AppState):
    """The glossary in service, or 503 while it is still loading (or failed to load)."""
    store = state.glossaries
    glossary = getattr(store, "current", None) if store is not None else None
    if glossary is None:
        error = getattr(store, "error", None) if store is not None else None
        raise NotReady("the glossary is not loaded" + (f": {error}" if error else " yet"))
    return glossary


@router.post("/normalize", summary="Replace each name mention by the entity's canonical form")
async def normalize(request: Request, state: AppState = Depends(get_state)) -> dict:
    """Body `{"text", "lang": "en"|"ru"|"kk"|"kk-Latn", "style"?}`. Offsets are code points of the input;
    `canonical` is what the mention became (in the mention's grammatical form)."""
    body = await read_body(request)
    text = require_text(body, "text", state.settings.char_limit)
    lang = optional_str(body, "lang")
    if lang is None:
        raise InvalidInput("missing required field 'lang' (one of en, ru, kk, kk-Latn)", field="lang")
    style = optional_str(body, "style") or state.settings.default_style
    result = current_glossary(state).normalize(text, lang, style)
    return {"text": result.text, "entities": [m.as_dict() for m in result.entities]}
