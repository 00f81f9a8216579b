"""Read the glossary: which entity a spelling belongs to, the entities and all their variants."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends

from service.api.routes.normalize import current_glossary
from service.api.state import AppState, get_state

router = APIRouter(tags=["glossary"])


@router.get("/glossary/lookup", summary="Which entity a spelling belongs to and which rule made it")
def lookup(q: str = "", lang: str | None = None, state: AppState = Depends(get_state)) -> dict:
    glossary = current_glossary(state)
    hits = glossary.lookup(q, lang or None)
    return {"query": q, "version": glossary.version, "hits": [asdict(h) for h in hits]}


@router.get("/glossary/entities", summary="All entities with their canonical names")
def entities(state: AppState = Depends(get_state)) -> dict:
    glossary = current_glossary(state)
    return {"version": glossary.version, "count": len(glossary.entities),
            "entities": [_summary(e) for e in glossary.entities.values()]}


@router.get("/glossary/entities/{entity_id}",
            summary="One entity: every name and generated variant, grouped by rule")
def entity(entity_id: str, state: AppState = Depends(get_state)) -> dict:
    glossary = current_glossary(state)
    e = glossary.entity(entity_id)
    variants = {rule: [{"surface": v.surface, "lang": v.lang, "part": v.part, "form": v.form}
                       for v in items]
                for rule, items in glossary.variants(entity_id).items()}
    return {**_summary(e), "variants": variants,
            "former": [{"names": f.names, "from": f.start, "to": f.end} for f in e.former],
            "styles": {name: asdict(s) for name, s in e.styles.items()},
            "inflect": e.inflect, "sources": e.sources, "notes": e.notes, "file": e.file}


def _summary(e) -> dict:
    return {"id": e.id, "type": e.type, "gender": e.gender, "names": e.names, "short": e.short}
