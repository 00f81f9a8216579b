"""One place that turns errors into HTTP answers: always ``{"error": "..."}``.

LibreTranslate clients read the ``error`` key; we keep that shape for every failure,
including request validation and unknown routes, so no client ever sees a raw dump.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.errors import AudarmaError

log = logging.getLogger("audarma.api")


def error_response(status: int, message: str, field: str | None = None) -> JSONResponse:
    body = {"error": _encodable(message)}
    if field:
        body["field"] = _encodable(field)
    return JSONResponse(body, status_code=status)


def _encodable(text: str) -> str:
    """Messages quote client input; a lone surrogate in it must not turn a 400 into a 500."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def describe_validation_error(exc: RequestValidationError) -> tuple[str, str | None]:
    """Turn pydantic's error list into one readable sentence naming field and problem."""
    errors = exc.errors()
    if not errors:
        return "invalid request", None
    first = errors[0]
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    field = ".".join(loc) or None
    kind = first.get("type", "")
    if kind == "missing":
        message = f"missing required field '{field}'"
    elif kind in ("json_invalid", "value_error.jsondecode"):
        message = "request body is not valid JSON: " + str(first.get("ctx", {}).get("error", first.get("msg")))
    elif kind == "model_attributes_type" or (kind.endswith("_type") and not loc):
        message = "request body must be a JSON object"
    else:
        value = first.get("input")
        shown = json.dumps(value, ensure_ascii=False)[:80] if value is not None else ""
        message = f"invalid value for '{field}'" + (f" ({shown})" if shown else "") + f": {first.get('msg')}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return message, field


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AudarmaError)
    async def _domain(request: Request, exc: AudarmaError):
        return error_response(exc.status, exc.message, exc.field)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        message, field = describe_validation_error(exc)
        return error_response(400, message, field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such endpoint: {request.method} {request.url.path}"
        elif exc.status_code == 405:
            detail = f"method {request.method} not allowed on {request.url.path}"
        return error_response(exc.status_code, detail)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, f"internal error ({type(exc).__name__}); see the server log")
