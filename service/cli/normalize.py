"""`python -m service normalize`: normalise names in text from stdin, for pipelines.

Plain mode reads all of stdin as one text and writes one JSON object. ``--jsonl`` reads one
JSON object per line (``{"text", "lang"?, "style"?, "id"?}``) and writes one JSON line per
input line; a bad line yields ``{"line": N, "error": ...}`` (also on stderr), the rest of the
stream is still processed and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import sys

from service.config import add_settings_arguments, load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "normalize", help="replace name mentions by their canonical glossary spelling (stdin -> JSON)")
    parser.add_argument("--lang", choices=("en", "ru", "kk", "kk-Latn"),
                        help="language of the text (required without --jsonl; default for JSONL lines)")
    parser.add_argument("--style", default=None, help="house style, e.g. rferl (default: settings)")
    parser.add_argument("--jsonl", action="store_true",
                        help='stdin is JSONL {"text", "lang"?, "style"?, "id"?}; one JSON line out per line')
    add_settings_arguments(parser, ["glossary_dir", "default_style"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from service.errors import InvalidInput
    from service.glossary import Glossary

    settings = load_settings(args)
    if not args.jsonl and not args.lang:
        raise InvalidInput("--lang is required when reading plain text (en, ru or kk)", field="lang")
    glossary = Glossary.load(settings.glossary_dir)
    style = args.style or settings.default_style
    if not args.jsonl:
        result = glossary.normalize(sys.stdin.read(), args.lang, style)
        _write(_result_json(result))
        return 0
    return _run_jsonl(glossary, sys.stdin, args.lang, style)


def _run_jsonl(glossary, stream, default_lang: str | None, default_style: str) -> int:
    from service.errors import AudarmaError

    failed = 0
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        record: dict = {}
        try:
            record = _json_object(line)
            _check_record(record)
            lang = record.get("lang", default_lang)
            if lang is None:
                raise ValueError("missing 'lang' (give it in the line or with --lang)")
            result = glossary.normalize(record["text"], lang, record.get("style") or default_style)
            out = _result_json(result)
        except (ValueError, AudarmaError) as exc:
            failed += 1
            message = getattr(exc, "message", None) or str(exc)
            out = {"line": number, "error": message}
            print(f"line {number}: {message}", file=sys.stderr)
        if isinstance(record, dict) and "id" in record:
            out = {"id": record["id"], **out}
        _write(out)
    return 1 if failed else 0


def _json_object(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    return record


def _check_record(record: dict) -> None:
    if not isinstance(record.get("text"), str):
        raise ValueError("missing 'text' (a string)")
    for key in ("lang", "style"):
        if key in record and not isinstance(record[key], str):
            raise ValueError(f"'{key}' must be a string")


def _result_json(result) -> dict:
    return {"text": result.text,
            "entities": [m.as_dict() for m in result.entities]}


def _write(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()
