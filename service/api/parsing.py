"""Request parsing shared by routes: JSON or form bodies (LibreTranslate clients send both)."""

from __future__ import annotations

import json
import re

from fastapi import Request

from service.errors import InvalidInput, TooLarge

# A JSON "\ud800" escape decodes to a lone surrogate: it cannot be encoded as UTF-8, so
# the tokenizer and the JSON response writer would both fail on it (a 500).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


async def read_body(request: Request) -> dict:
    """Return the body as a dict whatever its encoding; query parameters fill gaps."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    data: dict = {}
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        for key in form.keys():
            values = form.getlist(key)
            data[key] = values if len(values) > 1 else values[0]
    else:
        raw = await request.body()
        if raw.strip():
            try:
                data = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InvalidInput(f"request body is not valid JSON: {exc}") from None
            except RecursionError:
                raise InvalidInput("request body is nested too deeply to be a request") from None
            if not isinstance(data, dict):
                raise InvalidInput("request body must be a JSON object, "
                                   f"got {type(data).__name__}")
            reject_lone_surrogates(data)
    for key, value in request.query_params.items():
        data.setdefault(key, value)
    return data


def lone_surrogate_message(text: str, field: str) -> str | None:
    """Why ``text`` is not valid Unicode, or None when it is."""
    found = _LONE_SURROGATE.search(text)
    if found is None:
        return None
    return (f"'{field}' contains a lone UTF-16 surrogate (\\u{ord(found.group()):04x} at "
            f"{found.start()}); send valid Unicode text")


def reject_lone_surrogates(data: dict) -> None:
    """Walk the parsed body (iteratively: depth is the client's choice) for bad strings."""
    pending: list[tuple[str, object]] = [(str(key), value) for key, value in data.items()]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            message = lone_surrogate_message(value, path)
            if message:
                raise InvalidInput(message, field=path.split(".")[0].split("[")[0])
        elif isinstance(value, list):
            pending.extend((f"{path}[{i}]", item) for i, item in enumerate(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                pending.append((f"{path}.{key}", key))
                pending.append((f"{path}.{key}", item))


def require_text(body: dict, field: str, char_limit: int) -> str:
    value = body.get(field)
    if value is None:
        raise InvalidInput(f"missing required field '{field}'", field=field)
    if not isinstance(value, str):
        raise InvalidInput(f"'{field}' must be a string, got {type(value).__name__}", field=field)
    if not value.strip():
        raise InvalidInput(f"'{field}' is empty", field=field)
    check_length(value, field, char_limit)
    return value


def check_length(text: str, field: str, char_limit: int) -> None:
    if len(text) > char_limit:
        raise TooLarge(f"'{field}' has {len(text)} characters; the limit is {char_limit} "
                       "(AUDARMA_CHAR_LIMIT)", field=field)


def optional_bool(body: dict, field: str, default: bool) -> bool:
    value = body.get(field, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "no", "off"):
        return False
    raise InvalidInput(f"'{field}' must be true or false, got {value!r}", field=field)


def optional_str(body: dict, field: str) -> str | None:
    value = body.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"'{field}' must be a string, got {type(value).__name__}", field=field)
    return value
