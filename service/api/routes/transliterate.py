"""POST /transliterate and GET /transliterate/schemes.

Thin: validate with pydantic, hand the text to ``service.translit.names`` (the same code
the CLI runs) with the live glossary, shape the response. Errors from the library name the
field and its allowed values; the app maps them to ``{"error": ...}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from service.api.parsing import lone_surrogate_message
from service.api.state import AppState, get_state
from service.translit import schemes
from service.translit.names import transliterate as transliterate_text

router = APIRouter(tags=["transliterate"])

NO_GLOSSARY = "glossary not loaded: names were transliterated by the scheme"


class TransliterateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "Қасым-Жомарт Тоқаев", "lang": "kk", "scheme": "ics-630"},
        {"text": "Давление на Токаева", "lang": "ru", "scheme": "bgn-pcgn"},
        {"text": "Qasym-Zhomart Toqaev", "lang": "kk", "scheme": "ics-630",
         "direction": "to_cyrillic", "strict": True}]})

    text: str = Field(description="text to transliterate")
    lang: str = Field(description="language of the Cyrillic side: ru or kk")
    scheme: str = Field(description="scheme name; see GET /transliterate/schemes")
    direction: str = Field("to_latin", description="to_latin or to_cyrillic")
    strict: bool = Field(False, description="true: ignore the glossary, apply the scheme only")
    style: str | None = Field(None, description="glossary house style for Latin names (rferl)")

    @field_validator("text", "lang", "scheme", "direction", "style")
    @classmethod
    def _valid_unicode(cls, value: str | None, info: ValidationInfo) -> str | None:
        message = lone_surrogate_message(value, info.field_name) if value else None
        if message:
            raise ValueError(message)
        return value


class NameOut(BaseModel):
    start: int
    end: int
    surface: str
    id: str
    replacement: str


class TransliterateResponse(BaseModel):
    text: str
    scheme: str
    lang: str
    direction: str
    names: list[NameOut]
    warnings: list[str] = []


@router.post("/transliterate", summary="Romanize or de-romanize Russian/Kazakh text",
             response_model=TransliterateResponse)
async def transliterate(body: TransliterateRequest,
                        state: AppState = Depends(get_state)) -> dict[str, Any]:
    glossary = None if body.strict else _current_glossary(state)
    result = await run_in_threadpool(
        transliterate_text, body.text, body.lang, body.scheme, body.direction,
        glossary=glossary, strict=body.strict, style=body.style,
        char_limit=state.settings.char_limit)
    warnings = [NO_GLOSSARY] if glossary is None and not body.strict else []
    return {"text": result.text, "scheme": body.scheme, "lang": body.lang,
            "direction": body.direction, "names": [n.as_dict() for n in result.names],
            "warnings": warnings}


@router.get("/transliterate/schemes", summary="Schemes per language and which are reversible")
async def list_schemes() -> dict[str, Any]:
    return {"schemes": [info.__dict__ for info in schemes()]}


def _current_glossary(state: AppState) -> Any:
    store = state.glossaries
    return store.current if store is not None else None
