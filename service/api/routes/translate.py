"""POST /translate: LibreTranslate's request and response, plus our fields.

LibreTranslate fields: q (string or list), source (code or auto), target, format
(text|html), api_key (accepted, ignored) and alternatives: validated like LibreTranslate
does (a whole number, at most AUDARMA_ALTERNATIVES_LIMIT), and when above 0 the response
carries ``alternatives`` in its shape (a list, or a list per item): other translations
from the beam, glossary-enforced like translatedText, duplicates dropped (so possibly
fewer than asked for); html items get none. Ours: glossary (bool, default
true), style (house style), glossary_terms (inline term pairs for this request). Response:
translatedText (+ detectedLanguage for auto) and path, entities, warnings — lists aligned
with q when q is a list.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from service import LANGUAGES
from service.api.parsing import check_length, optional_bool, optional_str, read_body
from service.api.state import AppState, get_state
from service.errors import InvalidInput, NotReady, TooLarge, UnsupportedLanguage
from service.pipeline import ItemResult, translate_items, visible_text

router = APIRouter(tags=["translate"])

FORMATS = ("text", "html")

_EXAMPLES = {
    "application/json": {
        "examples": {
            "text": {"summary": "One text", "value": {
                "q": "Kazakh President Qasym-Zhomart Toqaev faces five opponents.",
                "source": "en", "target": "ru"}},
            "batch": {"summary": "A batch, auto-detected source", "value": {
                "q": ["Токаев победил на выборах.", "Тоқаев сайлауда жеңді."],
                "source": "auto", "target": "en"}},
            "style": {"summary": "RFE/RL house style, inline term", "value": {
                "q": "Токаев встретился с Аблязовым.", "source": "ru", "target": "en",
                "style": "rferl",
                "glossary_terms": [{"source": "Аблязов", "target": "Ablyazov"}]}},
            "html": {"summary": "HTML: text nodes translated, tags kept", "value": {
                "q": "<p>President <b>Tokayev</b> said</p>", "source": "en",
                "target": "ru", "format": "html"}},
        }
    },
    "application/x-www-form-urlencoded": {
        "example": {"q": "Hello", "source": "en", "target": "ru"}},
}


@dataclass
class TranslateRequest:
    items: list[str]
    was_list: bool
    source: str
    target: str
    format: str
    use_glossary: bool
    style: str | None
    inline_terms: object
    alternatives: int = 0


@router.post("/translate", summary="Translate text (LibreTranslate-compatible)",
             openapi_extra={"requestBody": {"required": True, "content": _EXAMPLES}})
async def translate(request: Request, state: AppState = Depends(get_state)) -> dict:
    body = await read_body(request)
    req = parse_translate_request(body, state.settings)
    if not state.engine.ready:
        raise NotReady("translation models are still loading; retry in a moment (see GET /ready)")
    glossary = state.glossaries.current if state.glossaries is not None else None
    results, detections = await run_in_threadpool(_run, state, req, glossary)
    return _response(req, results, detections)


def parse_translate_request(body: dict, settings) -> TranslateRequest:
    items, was_list = _parse_q(body.get("q"), settings)
    source = _parse_language(body, "source", allow_auto=True)
    target = _parse_language(body, "target", allow_auto=False)
    fmt = optional_str(body, "format") or "text"
    if fmt not in FORMATS:
        raise InvalidInput(f"unsupported format '{fmt}'; use one of: {', '.join(FORMATS)}",
                           field="format")
    return TranslateRequest(items=items, was_list=was_list, source=source, target=target,
                            format=fmt, use_glossary=optional_bool(body, "glossary", True),
                            style=optional_str(body, "style") or settings.default_style,
                            inline_terms=body.get("glossary_terms"),
                            alternatives=_parse_alternatives(body.get("alternatives"),
                                                             settings.alternatives_limit))


def _parse_alternatives(value, limit: int) -> int:
    """LibreTranslate clients send a count, as a JSON number or a form string."""
    if value is None or value == "":
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidInput(f"'alternatives' must be a whole number >= 0, got {value!r}",
                           field="alternatives")
    if value > limit:
        raise InvalidInput(f"'alternatives' is {value}; the limit is {limit} "
                           "(AUDARMA_ALTERNATIVES_LIMIT)", field="alternatives")
    return value


def _parse_q(q, settings) -> tuple[list[str], bool]:
    if q is None:
        raise InvalidInput("missing required field 'q' (the text to translate)", field="q")
    was_list = isinstance(q, list)
    items = q if was_list else [q]
    if was_list and not items:
        raise InvalidInput("'q' is an empty list; send at least one text", field="q")
    if len(items) > settings.batch_items_limit:
        raise TooLarge(f"'q' has {len(items)} items; the limit is {settings.batch_items_limit} "
                       "(AUDARMA_BATCH_ITEMS_LIMIT)", field="q")
    for i, item in enumerate(items):
        name = f"q[{i}]" if was_list else "q"
        if not isinstance(item, str):
            raise InvalidInput(f"'{name}' must be a string, got {type(item).__name__}", field=name)
        check_length(item, name, settings.char_limit)
    total = sum(len(item) for item in items)
    if total > settings.batch_char_limit:
        raise TooLarge(f"'q' has {total} characters in all; the limit per request is "
                       f"{settings.batch_char_limit} (AUDARMA_BATCH_CHAR_LIMIT)", field="q")
    return list(items), was_list


def _parse_language(body: dict, field: str, *, allow_auto: bool) -> str:
    value = body.get(field)
    allowed = list(LANGUAGES) + (["auto"] if allow_auto else [])
    if value is None or value == "":
        raise InvalidInput(f"missing required field '{field}' (one of: {', '.join(allowed)})",
                           field=field)
    if not isinstance(value, str) or value.lower() not in allowed:
        raise UnsupportedLanguage(f"unsupported {field} language {value!r}; "
                                  f"supported: {', '.join(allowed)}", field=field)
    return value.lower()


def _run(state: AppState, req: TranslateRequest, glossary) -> tuple[list[ItemResult], list | None]:
    """Blocking work (detection, engine, glossary), run in the thread pool."""
    if req.source != "auto":
        state.engine.route(req.source, req.target)  # fail fast if the pair is missing
        return _translate_group(state, req, glossary, req.items, req.source), None
    from service.engine import detect_language

    texts = [visible_text(item, req.format) for item in req.items]
    detections = [detect_language(text)[0] if text.strip() else None for text in texts]
    languages = [d.language if d else req.target for d in detections]
    for lang in set(languages):
        state.engine.route(lang, req.target)
    results: list[ItemResult | None] = [None] * len(req.items)
    for lang in dict.fromkeys(languages):
        indexes = [i for i, l in enumerate(languages) if l == lang]
        group = _translate_group(state, req, glossary, [req.items[i] for i in indexes], lang)
        for i, result in zip(indexes, group):
            results[i] = result
    return results, detections


def _translate_group(state, req: TranslateRequest, glossary, items, source) -> list[ItemResult]:
    return translate_items(state.engine, items, source, req.target, format=req.format,
                           glossary=glossary, use_glossary=req.use_glossary, style=req.style,
                           inline_terms=req.inline_terms,
                           max_inline_terms=state.settings.inline_terms_limit,
                           alternatives=req.alternatives)


def _response(req: TranslateRequest, results: list[ItemResult], detections) -> dict:
    def pick(values):
        return values if req.was_list else values[0]

    body = {"translatedText": pick([r.text for r in results])}
    if detections is not None:
        body["detectedLanguage"] = pick([
            {"confidence": d.confidence, "language": d.language} if d else
            {"confidence": 0, "language": req.target} for d in detections])
    body["path"] = pick([r.path for r in results])
    body["entities"] = pick([{"source": r.source_entities, "target": r.target_entities}
                             for r in results])
    body["warnings"] = pick([r.warnings for r in results])
    if req.alternatives > 0:
        body["alternatives"] = pick([r.alternatives for r in results])
    return body
