"""Which glossary the server is using: GET /glossary/version (live reload status)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from service.api.state import AppState, get_state
from service.errors import NotReady

router = APIRouter(tags=["glossary"])


@router.get("/glossary/version",
            summary="Content hash and load time of the glossary in service, and any reload error")
def glossary_version(state: AppState = Depends(get_state)) -> dict:
    """Editors check here that a merged change is live; a failed reload shows `error`."""
    store = state.glossaries
    if store is None:
        raise NotReady("the glossary store is not configured in this server")
    return store.version_info()
