"""Translation pipeline: format handling, glossary before/after, the engine.

The HTTP route and the CLI both call ``translate_items``; it knows nothing of HTTP.
Every text unit of every item (an item, or each text node of an HTML item) goes to the
engine in one call per hop, so CTranslate2 batches across the whole request. The
glossary works around the model (see ``service/glossary/enforce.py`` and
docs/glossary-translation.md): source mentions are respelled the way the model translates
best, and the output is searched for each entity and rewritten to the target canonical in
the grammatical form the model chose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from service.errors import InvalidInput
from service.glossary.enforce import Enforced, PreparedSource, enforce_target, prepare_source
from service.glossary.inline import TermsOverGlossary, parse_inline_terms

FORMATS = ("text", "html")
PIVOT = "en"


@dataclass
class ItemResult:
    text: str
    path: list[str]
    source_entities: list[dict] = field(default_factory=list)
    target_entities: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    """One string the model translates, and how its offsets map back into the item."""

    text: str
    to_source: Callable[[int, int], tuple[int, int]] = lambda s, e: (s, e)


@dataclass
class _Item:
    source: str
    units: list[_Unit]
    assemble: Callable[[list[str]], tuple[str, list[Callable[[int, int], tuple[int, int]]]]]


def translate_items(engine, items: list[str], source: str, target: str, *,
                    format: str = "text", glossary=None, use_glossary: bool = True,
                    style: str | None = None, inline_terms: list[dict] | None = None,
                    max_inline_terms: int = 200) -> list[ItemResult]:
    """Translate every item in one engine call so all sentences share CTranslate2 batches."""
    if format not in FORMATS:
        raise InvalidInput(f"unsupported format '{format}'; use one of: {', '.join(FORMATS)}",
                           field="format")
    terms = parse_inline_terms(inline_terms, max_terms=max_inline_terms)
    files = glossary if use_glossary else None
    if files is not None:
        _check_style(files, style)
    lexicon = TermsOverGlossary(files, terms, source, target) if (files or terms) else None
    parsed = [_split(item, format) for item in items]
    units = [u for item in parsed for u in item.units]
    prepared = [_prepare(lexicon, u.text, source, style) for u in units]
    outputs, path = _run_engine(engine, [p.text for p in prepared], source, target,
                                files, prepared)
    enforced = [_enforce(lexicon, out, target, prep, style, source, path)
                for out, prep in zip(outputs, prepared)]
    return _assemble(parsed, prepared, enforced, path)


def visible_text(item: str, format: str) -> str:
    """The text a reader sees: for html, its text nodes (tag and attribute names are Latin
    and would make any Cyrillic page look English to language detection)."""
    if format != "html":
        return item
    from service.formats.html import parse_html

    return "\n".join(node.text for node in parse_html(item).nodes)


def _check_style(glossary, style: str | None) -> None:
    known = getattr(glossary, "styles", None)
    if style is None or known is None or style in ("default",):
        return
    if callable(known):
        known = known()
    if style not in known:
        raise InvalidInput(f"unknown style {style!r}; known styles: "
                           f"{', '.join(['default', *sorted(known)])}", field="style")


def _split(item: str, format: str) -> _Item:
    if format == "text":
        def assemble_text(texts):
            return texts[0], [lambda s, e: (s, e)]
        return _Item(item, [_Unit(item)], assemble_text)
    from service.formats.html import parse_html

    document = parse_html(item)
    units = [_Unit(node.text, node.raw_span) for node in document.nodes]

    def assemble_html(texts):
        html, maps = document.render(texts)
        return html, [m.span for m in maps]
    return _Item(item, units, assemble_html)


def _prepare(lexicon, text: str, source: str, style: str | None) -> PreparedSource:
    if lexicon is None:
        return PreparedSource(text, text, [], [])
    return prepare_source(lexicon, text, source, style=style)


def _run_engine(engine, texts: list[str], source: str, target: str, glossary,
                prepared: list[PreparedSource]) -> tuple[list[str], list[str]]:
    """One batched engine call per hop; between pivot hops the English is normalised."""
    if not texts:
        return [], _route(engine, source, target)
    route = _route(engine, source, target)
    if len(route) <= 2 or glossary is None:
        result = engine.translate(texts, source, target)
        return list(result.texts), list(result.path)
    for a, b in zip(route, route[1:]):
        texts = list(engine.translate(texts, a, b).texts)
        if b != target:
            texts = [enforce_target(glossary, t, b, expected=None, foreign_langs=(source,)).text
                     for t in texts]
    return texts, route


def _route(engine, source: str, target: str) -> list[str]:
    route = getattr(engine, "route", None)
    return list(route(source, target)) if route is not None else [source, target]


def _enforce(lexicon, text: str, target: str, prepared: PreparedSource, style: str | None,
             source: str, path: list[str]) -> Enforced:
    if lexicon is None:
        return Enforced(text, [], [])
    foreign = tuple(dict.fromkeys(lang for lang in (source, PIVOT, *path) if lang != target))
    return enforce_target(lexicon, text, target, expected=prepared, style=style,
                          foreign_langs=foreign, source_text=prepared.text)


def _assemble(parsed: list[_Item], prepared: list[PreparedSource], enforced: list[Enforced],
              path: list[str]) -> list[ItemResult]:
    results, cursor = [], 0
    for item in parsed:
        count = len(item.units)
        preps, outs = prepared[cursor:cursor + count], enforced[cursor:cursor + count]
        cursor += count
        text, out_maps = item.assemble([o.text for o in outs])
        result = ItemResult(text=text, path=list(path))
        for unit, prep, out, out_map in zip(item.units, preps, outs, out_maps):
            result.source_entities += [_moved(m.as_dict(), unit.to_source, item.source)
                                       for m in prep.mentions]
            result.target_entities += [_moved(m.as_dict(), out_map, text) for m in out.mentions]
            result.warnings += out.warnings
        results.append(result)
    return results


def _moved(entity: dict, mapping: Callable[[int, int], tuple[int, int]], text: str) -> dict:
    start, end = mapping(entity["start"], entity["end"])
    return {**entity, "start": start, "end": end, "surface": text[start:end]}


def inline_limit(settings: Any) -> int:
    """The configured cap on inline terms (AUDARMA_INLINE_TERMS_LIMIT)."""
    return int(getattr(settings, "inline_terms_limit", 200))
