"""Glossary enforcement around a translation model that cannot be constrained.

CTranslate2 has no constrained decoding and placeholders break Russian and Kazakh
grammar (a model cannot decline ``__ENT0__``). So names travel through the model as
words, and the glossary works on both sides of it:

1. ``prepare_source``: every mention in the source is rewritten to the spelling the model
   translates best — the entity's default canonical name in the source language, in the
   mention's own grammatical form (en "Toqaev" → "Tokayev", the spelling OPUS-style news
   corpora hold; ru "Токаеву" stays a dative of "Токаев").
2. ``enforce_target``: the output is searched for the entity with every generated form in
   the target language (exact), then for mentions left in the source language or English
   (a copied "Toqaev" inside Russian text), then, for entities still missing, by fuzzy
   skeleton match near where the name should be. Each hit is rewritten to the target
   canonical (house ``style`` if given) in the grammatical form the model chose.
3. A source mention that cannot be found in the output gets a warning; nothing is inserted.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import Any, Iterable

from service.glossary.normalize import fit_quotes, initials_as_written
from service.glossary.enforce_fuzzy import (allowed_distance, common_suffix, edit_distance,
                                            skeleton)

TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A foreign-language mention left in the output keeps what its form means across languages.
_CROSS_FORMS = {("en", "ru"): {"poss": "gen", "pl": "pl.nom"}, ("en", "kk"): {"poss": "gen", "pl": "pl"},
                ("ru", "en"): {}, ("kk", "en"): {}, ("ru", "kk"): {"gen": "gen"},
                ("kk", "ru"): {"gen": "gen"}}
MAX_POSITION_DRIFT = 0.5


@dataclass(frozen=True)
class EntityMention:
    """One mention of a glossary entity (or inline term) in a text."""

    entity_id: str
    type: str
    start: int
    end: int
    surface: str
    canonical: str
    part: str = "full"
    form: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.entity_id, "type": self.type, "start": self.start, "end": self.end,
                "surface": self.surface, "canonical": self.canonical}


@dataclass
class PreparedSource:
    """The source as sent to the model, and where each mention sits in it."""

    original: str
    text: str
    mentions: list[EntityMention]
    positions: list[float]         # relative position (0..1) of each mention in ``text``


@dataclass
class Enforced:
    text: str
    mentions: list[EntityMention]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Hit:
    entity_id: str
    type: str
    start: int
    end: int
    part: str
    form: str | None
    how: str                        # "exact", "foreign", "fuzzy"


# ---------------------------------------------------------------- source side

def prepare_source(glossary: Any, text: str, lang: str, *, style: str | None = None,
                   normalise: bool = True,
                   protected: Iterable[tuple[int, int]] = ()) -> PreparedSource:
    """Find the source mentions and, if ``normalise``, respell them the model's way."""
    mentions = [m for m in glossary.find(text, lang) if not _overlaps(m.start, m.end, protected)]
    pieces, cursor, found, new_spans = [], 0, [], []
    for m in mentions:
        variant = m.variant
        part, form = getattr(variant, "part", "full") or "full", getattr(variant, "form", None)
        canonical = safe_render(glossary, m.entity_id, lang, part="full", form=None, style=style)
        found.append(EntityMention(m.entity_id, m.type, m.start, m.end, m.surface, canonical,
                                   part, form))
        replacement = m.surface
        if normalise:
            replacement = fit_quotes(text, m.start, m.end, apply_case(
                m.surface, render_as_written(glossary, m.entity_id, lang, m.surface, part, form, None)))
        pieces.append(text[cursor:m.start])
        start = sum(len(p) for p in pieces)
        pieces.append(replacement)
        new_spans.append((start, start + len(replacement)))
        cursor = m.end
    pieces.append(text[cursor:])
    new_text = "".join(pieces)
    size = max(len(new_text), 1)
    return PreparedSource(text, new_text, found, [s / size for s, _ in new_spans])


# ---------------------------------------------------------------- target side

def enforce_target(glossary: Any, text: str, lang: str, *, expected: PreparedSource | None,
                   style: str | None = None, foreign_langs: Iterable[str] = (),
                   protected: Iterable[tuple[int, int]] = (),
                   source_text: str = "") -> Enforced:
    """Rewrite every entity in ``text`` to its canonical in ``lang`` and report missing ones."""
    protected = list(protected)
    hits = _exact_hits(glossary, text, lang, protected)
    for foreign in foreign_langs:
        if foreign != lang:
            hits += _foreign_hits(glossary, text, foreign, lang, hits, protected)
    if expected is not None:
        hits += _fuzzy_hits(glossary, text, lang, expected, hits, protected,
                            source_text or expected.text)
    hits.sort(key=lambda h: h.start)
    new_text, mentions = _rewrite(glossary, text, lang, hits, style)
    warnings = _missing_warnings(expected, mentions, len(new_text)) if expected else []
    return Enforced(new_text, mentions, warnings)


def _exact_hits(glossary, text, lang, protected) -> list[_Hit]:
    return [_Hit(m.entity_id, m.type, m.start, m.end, getattr(m.variant, "part", "full") or "full",
                 form_in(m.variant, lang), "exact")
            for m in glossary.find(text, lang) if not _overlaps(m.start, m.end, protected)]


def form_in(variant: Any, lang: str) -> str | None:
    """The variant's grammatical form as a tag of ``lang``.

    ``find`` on Russian text also returns Latin spellings (a name the model left in English),
    whose form is an English tag: an English possessive means a genitive in Russian or
    Kazakh, and a form with no counterpart means the base form.
    """
    form = getattr(variant, "form", None)
    own = (getattr(variant, "lang", None) or lang).split("-")[0]
    if own == lang or not form:
        return form
    return _CROSS_FORMS.get((own, lang), {}).get(form)


def _foreign_hits(glossary, text, foreign, lang, taken, protected) -> list[_Hit]:
    """Mentions the model copied untranslated (a Latin "Toqaev" inside Russian output)."""
    spans = [(h.start, h.end) for h in taken] + protected
    hits = []
    for m in glossary.find(text, foreign):
        if _overlaps(m.start, m.end, spans):
            continue
        hits.append(_Hit(m.entity_id, m.type, m.start, m.end,
                         getattr(m.variant, "part", "full") or "full",
                         form_in(m.variant, lang), "foreign"))
        spans.append((m.start, m.end))
    return hits


def _fuzzy_hits(glossary, text, lang, expected: PreparedSource, taken, protected,
                source_text: str) -> list[_Hit]:
    """Look for entities the model mangled, only where one is still missing."""
    spans = [(h.start, h.end) for h in taken] + list(protected)
    faithful = _faithful_skeletons(source_text, expected)
    tokens = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
    hits: list[_Hit] = []
    for entity_id, positions in _deficits(expected, taken).items():
        mention = next(m for m in expected.mentions if m.entity_id == entity_id)
        refs = _target_references(glossary, entity_id, lang)
        for _ in positions:
            best = _best_candidate(text, tokens, refs, spans, faithful, positions)
            if best is None:
                break
            start, end, variant = best
            hits.append(_Hit(entity_id, mention.type, start, end,
                             getattr(variant, "part", "full") or "full",
                             getattr(variant, "form", None), "fuzzy"))
            spans.append((start, end))
    return hits


def _deficits(expected: PreparedSource, taken: list[_Hit]) -> dict[str, list[float]]:
    """Relative source positions of each entity's mentions not yet matched in the output."""
    found: dict[str, int] = {}
    for h in taken:
        found[h.entity_id] = found.get(h.entity_id, 0) + 1
    wanted: dict[str, list[float]] = {}
    for m, pos in zip(expected.mentions, expected.positions):
        wanted.setdefault(m.entity_id, []).append(pos)
    return {eid: pos[found.get(eid, 0):] for eid, pos in wanted.items()
            if len(pos) > found.get(eid, 0)}


# Skeletons per glossary object: a Glossary is immutable and a reload swaps the object, so
# the cache lives exactly as long as the glossary version it was built from.
_REFERENCES: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()


def _target_references(glossary, entity_id: str, lang: str) -> list[tuple[str, int, Any]]:
    """Every generated spelling of the entity in ``lang``: (skeleton, token count, variant)."""
    try:
        cache = _REFERENCES.setdefault(glossary, {})
    except TypeError:  # not weak-referenceable: compute every time
        cache = {}
    key = (entity_id, lang)
    if key not in cache:
        cache[key] = _build_references(glossary, entity_id, lang)
    return cache[key]


def _build_references(glossary, entity_id: str, lang: str) -> list[tuple[str, int, Any]]:
    refs, seen = [], set()
    for variants in glossary.variants(entity_id).values():
        for v in variants:
            if getattr(v, "lang", None) != lang:
                continue
            key = skeleton(v.surface)
            if (key, v.part, v.form) in seen or not key:
                continue
            seen.add((key, v.part, v.form))
            refs.append((key, len(TOKEN_RE.findall(v.surface)), v))
    return refs


def _best_candidate(text, tokens, refs, spans, faithful, positions):
    best, best_score = None, None
    size = max(len(text), 1)
    for width in sorted({n for _, n, _ in refs}):
        for i in range(len(tokens) - width + 1):
            window = tokens[i:i + width]
            if not _contiguous(text, window):
                continue
            start, end = window[0][0], window[-1][1]
            if _overlaps(start, end, spans):
                continue
            surface = text[start:end]
            if not surface[:1].isupper():
                continue
            key = skeleton(surface)
            if key in faithful:
                continue
            drift = min(abs(start / size - p) for p in positions)
            if drift > MAX_POSITION_DRIFT:
                continue
            for ref_key, n, variant in refs:
                if n != width or abs(len(ref_key) - len(key)) > allowed_distance(ref_key):
                    continue
                distance = edit_distance(key, ref_key, allowed_distance(ref_key))
                if distance > allowed_distance(ref_key):
                    continue
                score = (distance, -common_suffix(key, ref_key), drift, -len(ref_key))
                if best_score is None or score < best_score:
                    best, best_score = (start, end, variant), score
    return best


def _faithful_skeletons(source_text: str, expected: PreparedSource) -> set[str]:
    """Skeletons of source words outside any mention: their renderings are not our names."""
    spans = [(m.start, m.end) for m in expected.mentions]
    words = [m for m in TOKEN_RE.finditer(source_text)
             if not _overlaps(m.start(), m.end(), spans) and m.group()[:1].isupper()]
    return {skeleton(m.group()) for m in words}


def _rewrite(glossary, text, lang, hits: list[_Hit], style) -> tuple[str, list[EntityMention]]:
    pieces, cursor, mentions, offset = [], 0, [], 0
    for h in hits:
        surface = text[h.start:h.end]
        replacement = fit_quotes(text, h.start, h.end, apply_case(
            surface, render_as_written(glossary, h.entity_id, lang, surface, h.part, h.form, style)))
        canonical = safe_render(glossary, h.entity_id, lang, part="full", form=None, style=style)
        pieces.append(text[cursor:h.start])
        start = h.start + offset
        mentions.append(EntityMention(h.entity_id, h.type, start, start + len(replacement),
                                      replacement, canonical, h.part, h.form))
        pieces.append(replacement)
        offset += len(replacement) - (h.end - h.start)
        cursor = h.end
    pieces.append(text[cursor:])
    return "".join(pieces), mentions


def _missing_warnings(expected: PreparedSource, found: list[EntityMention],
                      size: int) -> list[str]:
    """One warning per source mention no output mention could be paired with."""
    size = max(size, 1)
    free = {}
    for m in found:
        free.setdefault(m.entity_id, []).append(m.start / size)
    warnings = []
    for m, pos in zip(expected.mentions, expected.positions):
        candidates = free.get(m.entity_id, [])
        if candidates:
            candidates.remove(min(candidates, key=lambda p: abs(p - pos)))
            continue
        warnings.append(f"entity '{m.entity_id}' ('{m.surface}' at {m.start}-{m.end}) "
                        "not found in the output")
    return warnings


# ---------------------------------------------------------------- helpers

def render_as_written(glossary, entity_id: str, lang: str, surface: str, part: str, form: str | None,
                      style: str | None) -> str:
    """safe_render, except that a mention with initials keeps its own shape (one initial or
    all of them, glued or spaced, before or after the surname), as /normalize keeps it:
    "К.-Ж. Токаев" is sent to the model as written and "K.-Zh. Tokaev" comes out as
    "K.-J. Tokayev", not as the one-initial form render(part="initials") gives."""
    if part == "initials":
        try:
            return initials_as_written(glossary.entity(entity_id), surface, lang, form, style)
        except Exception:           # an entity or form the renderer cannot do: the fixed form below
            pass
    return safe_render(glossary, entity_id, lang, part=part, form=form, style=style)


def safe_render(glossary, entity_id: str, lang: str, *, part: str = "full",
                form: str | None = None, style: str | None = None) -> str:
    """Render, falling back to coarser requests when a part or form does not exist."""
    attempts = [(part, form), (part, None), ("full", form), ("full", None)]
    last_error: Exception | None = None
    for p, f in attempts:
        try:
            return glossary.render(entity_id, lang, part=p, form=f, style=style)
        except (KeyError, ValueError, LookupError) as exc:
            last_error = exc
        except Exception as exc:  # the glossary's own NotFound/InvalidInput
            last_error = exc
    raise last_error  # type: ignore[misc]


def apply_case(surface: str, replacement: str) -> str:
    """Keep an all-caps mention all-caps (headlines, surname-first official lists)."""
    letters = [c for c in surface if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    return replacement


def _contiguous(text: str, window: list[tuple[int, int]]) -> bool:
    return all(text[a[1]:b[0]].isspace() for a, b in zip(window, window[1:]))


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)
