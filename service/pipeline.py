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
from difflib import SequenceMatcher
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
    # other translations, best first, glossary-enforced like ``text`` (text format only)
    alternatives: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    """One string the model translates, and how its offsets map back into the item."""

    text: str
    to_source: Callable[[int, int], tuple[int, int]] = lambda s, e: (s, e)


@dataclass
class _Item:
    source: str
    units: list[_Unit]
    # (final texts, per unit (prepared source, raw model output, links) or None) -> output
    assemble: Callable[[list[str], list[tuple[str, str, list] | None]],
                       tuple[str, list[Callable[[int, int], tuple[int, int]]]]]


def translate_items(engine, items: list[str], source: str, target: str, *,
                    format: str = "text", glossary=None, use_glossary: bool = True,
                    style: str | None = None, inline_terms: list[dict] | None = None,
                    max_inline_terms: int = 200, alternatives: int = 0) -> list[ItemResult]:
    """Translate every item in one engine call so all sentences share CTranslate2 batches.

    ``alternatives`` > 0 asks the engine for that many other translations per item (text
    format; an html item gets none: its markup is placed on one translation). Each goes
    through the same glossary enforcement as the main translation."""
    if format not in FORMATS:
        raise InvalidInput(f"unsupported format '{format}'; use one of: {', '.join(FORMATS)}",
                           field="format")
    terms = parse_inline_terms(inline_terms, max_terms=max_inline_terms)
    files = glossary if use_glossary else None
    if files is not None:
        _check_style(files, style)
    lexicon = TermsOverGlossary(files, terms, source, target) if (files or terms) else None
    inline = format == "html" and _aligns(engine, source, target)
    parsed = [_split(item, format, inline) for item in items]
    units = [u for item in parsed for u in item.units]
    prepared = [_prepare(lexicon, u.text, source, style) for u in units]
    wanted = alternatives if format == "text" else 0
    outputs, path, links, others = _run_engine(engine, [p.text for p in prepared], source, target,
                                               files, prepared, with_alignment=inline,
                                               alternatives=wanted)
    enforced = [_enforce(lexicon, out, target, prep, style, source, path)
                for out, prep in zip(outputs, prepared)]
    extras = [(prep.text, out, unit_links, _entity_anchors(prep, done))
              for prep, out, unit_links, done in zip(prepared, outputs, links, enforced)] \
        if links else [None] * len(units)
    results = _assemble(parsed, prepared, enforced, path, extras)
    if wanted:      # text format: one unit per item
        for result, prep, alts in zip(results, prepared, others):
            texts = [_enforce(lexicon, alt, target, prep, style, source, path).text for alt in alts]
            result.alternatives = [t for t in dict.fromkeys(texts) if t != result.text]
    return results


def _aligns(engine, source: str, target: str) -> bool:
    """Whole-sentence HTML needs the engine's alignment, which it gives on direct routes
    only; otherwise (pivots, engines without it) each text node is translated alone."""
    return bool(getattr(engine, "supports_alignment", False)) and \
        len(_route(engine, source, target)) == 2


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


def _split(item: str, format: str, inline: bool = False) -> _Item:
    if format == "text":
        def assemble_text(texts, extras):
            return texts[0], [lambda s, e: (s, e)]
        return _Item(item, [_Unit(item)], assemble_text)
    from service.formats.html import parse_html, parse_segments, place_inline_tags

    document = parse_segments(item) if inline else parse_html(item)
    units = [_Unit(node.text, node.raw_span) for node in document.nodes]

    def assemble_html(texts, extras):
        inserts = None
        if inline:
            inserts = [place_inline_tags(node, text, _final_links(node.text, text, *extra[:3]),
                                         anchors=extra[3])
                       if getattr(node, "elements", None) and extra else []
                       for node, text, extra in zip(document.nodes, texts, extras)]
        html, maps = document.render(texts, inserts)
        return html, [m.span for m in maps]
    return _Item(item, units, assemble_html)


def _entity_anchors(prepared: PreparedSource, enforced: Enforced) -> list[tuple[int, int, int, int]]:
    """(source start, end, target start, end) of each name found on both sides: the i-th
    source mention of an entity is its i-th mention in the output, when both sides name it
    equally often. Inline markup around a name follows it by these even where the model's
    attention points elsewhere (it often does on names)."""
    sources: dict[str, list] = {}
    targets: dict[str, list] = {}
    for m in prepared.mentions:
        sources.setdefault(m.entity_id, []).append(m)
    for m in enforced.mentions:
        targets.setdefault(m.entity_id, []).append(m)
    anchors = []
    for entity_id, found in sources.items():
        placed = targets.get(entity_id, [])
        if len(placed) == len(found):
            anchors += [(a.start, a.end, b.start, b.end) for a, b in zip(found, placed)]
    return anchors


def _final_links(unit_text: str, final: str, prepared: str, output: str,
                 links: list) -> list:
    """Links from (glossary-respelled source, raw model output) moved onto (the unit's
    own text, the glossary-enforced output), so tags land on the rewritten words."""
    back, forward = _offset_map(prepared, unit_text), _offset_map(output, final)
    return [(back(a, False), back(b, True), forward(c, False), forward(d, True))
            for a, b, c, d in links]


def _offset_map(a: str, b: str) -> Callable[[int, bool], int]:
    """Offsets in ``a`` to offsets in ``b`` through a character diff; a position inside a
    changed stretch goes to that stretch's start (for a start) or end (for an end)."""
    if a == b:
        return lambda position, is_end: position
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

    def move(position: int, is_end: bool) -> int:
        for tag, i1, i2, j1, j2 in blocks:
            inside = i1 < position <= i2 if is_end else i1 <= position < i2
            if inside:
                return j1 + position - i1 if tag == "equal" else (j2 if is_end else j1)
        return 0 if position <= 0 else len(b)
    return move


def _prepare(lexicon, text: str, source: str, style: str | None) -> PreparedSource:
    if lexicon is None:
        return PreparedSource(text, text, [], [])
    return prepare_source(lexicon, text, source, style=style)


def _run_engine(engine, texts: list[str], source: str, target: str, glossary,
                prepared: list[PreparedSource], *, with_alignment: bool = False,
                alternatives: int = 0) -> tuple[list[str], list[str], list | None, list[list[str]]]:
    """One batched engine call per hop; between pivot hops the English is normalised.
    Returns texts, path, alignments (or None) and per text its alternatives."""
    none = [[] for _ in texts]
    if not texts:
        return [], _route(engine, source, target), None, none
    route = _route(engine, source, target)
    extra = {"alternatives": alternatives} if alternatives else {}
    if with_alignment:
        result = engine.translate(texts, source, target, with_alignment=True)
        return list(result.texts), list(result.path), result.alignments, none
    if len(route) <= 2 or glossary is None:
        result = engine.translate(texts, source, target, **extra)
        return list(result.texts), list(result.path), None, result.alternatives or none
    hops = list(zip(route, route[1:]))
    for a, b in hops[:-1]:
        texts = list(engine.translate(texts, a, b).texts)
        texts = [enforce_target(glossary, t, b, expected=None, foreign_langs=(source,)).text
                 for t in texts]
    result = engine.translate(texts, *hops[-1], **extra)
    return list(result.texts), route, None, result.alternatives or none


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
              path: list[str], extras: list) -> list[ItemResult]:
    results, cursor = [], 0
    for item in parsed:
        count = len(item.units)
        preps, outs = prepared[cursor:cursor + count], enforced[cursor:cursor + count]
        cursor += count
        text, out_maps = item.assemble([o.text for o in outs], extras[cursor - count:cursor])
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
