"""Per-request inline glossary (DeepL-style term pairs) that overrides the files.

A request may carry ``glossary_terms``: ``[{"source": "Toqaev", "target": "Тоқаев"}, ...]``
or a mapping ``{"Toqaev": "Тоқаев"}``, for the request's source→target. Terms are matched
case-insensitively on word boundaries. Where a language inflects, the term's forms come from
``service.glossary.morph``: source terms are also found in their case forms (ru/kk source),
and in the output the target term takes the case the model gave the word it replaces
(ru "Тоқаева" after "на", kk "Тоқаевқа", en "Toqaev's"). What is inflected: a ru target term
that looks like a name (capitalised words: surname in -ов/-ев/-ин declines as a surname,
other words as masculine nouns) or a lower-case phrase (head noun + adjectives); kk: case,
plural and possessive endings on the last word; en: the possessive. Not inflected:
abbreviations (all capitals), and anything the morphology does not know; such terms match
only in their base form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from service.errors import InvalidInput, TooLarge

FIELD = "glossary_terms"
MAX_TERM_CHARS = 200


@dataclass(frozen=True)
class InlineTerm:
    index: int
    source: str
    target: str

    @property
    def entity_id(self) -> str:
        return f"inline:{self.index}"


@dataclass(frozen=True)
class FormVariant:
    """Shaped like a glossary Variant so the enforcement matcher can use it."""

    surface: str
    lang: str
    entity_id: str
    rule: str
    part: str
    form: str | None


def parse_inline_terms(value: Any, *, max_terms: int = 200) -> list[InlineTerm]:
    """Validate the request's term pairs; every error names the index and the value."""
    if value is None or value == "" or value == [] or value == {}:
        return []
    pairs = _pairs(value)
    if len(pairs) > max_terms:
        raise TooLarge(f"'{FIELD}' has {len(pairs)} terms; the limit is {max_terms} "
                       "(AUDARMA_INLINE_TERMS_LIMIT)", field=FIELD)
    terms, seen = [], {}
    for index, (source, target) in enumerate(pairs):
        for side, text in (("source", source), ("target", target)):
            _check_term(index, side, text)
        key = source.casefold()
        if key in seen:
            raise InvalidInput(f"'{FIELD}[{index}].source' {source!r} duplicates "
                               f"'{FIELD}[{seen[key]}].source'; give each source term once",
                               field=FIELD)
        seen[key] = index
        terms.append(InlineTerm(index, source, target))
    return terms


def _pairs(value: Any) -> list[tuple[Any, Any]]:
    if isinstance(value, dict):
        return list(value.items())
    if not isinstance(value, list):
        raise InvalidInput(f"'{FIELD}' must be a list of {{\"source\", \"target\"}} objects or "
                           f"a mapping of source to target, got {type(value).__name__}",
                           field=FIELD)
    pairs = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"source", "target"}:
            raise InvalidInput(f"'{FIELD}[{index}]' must be an object with exactly the keys "
                               f"'source' and 'target', got {item!r}", field=FIELD)
        pairs.append((item["source"], item["target"]))
    return pairs


def _check_term(index: int, side: str, text: Any) -> None:
    name = f"'{FIELD}[{index}].{side}'"
    if not isinstance(text, str):
        raise InvalidInput(f"{name} must be a string, got {type(text).__name__}", field=FIELD)
    if not text.strip():
        raise InvalidInput(f"{name} is empty", field=FIELD)
    if text != text.strip():
        raise InvalidInput(f"{name} {text!r} has surrounding whitespace; remove it",
                           field=FIELD)
    bad = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf")), None)
    if bad is not None:
        raise InvalidInput(f"{name} {text!r} contains the control character "
                           f"U+{ord(bad):04X}", field=FIELD)
    if len(text) > MAX_TERM_CHARS:
        raise TooLarge(f"{name} has {len(text)} characters; the limit is {MAX_TERM_CHARS}",
                       field=FIELD)
    if not any(ch.isalnum() for ch in text):
        raise InvalidInput(f"{name} {text!r} has no letters or digits", field=FIELD)


# ---------------------------------------------------------------- morphology

@lru_cache(maxsize=4096)
def term_forms(term: str, lang: str) -> tuple[tuple[str, str], ...]:
    """(surface, tag) for every form of a term the morphology can produce; base first.

    Cached: clients resend the same terms with every request, and the morphology is the
    costly part of an inline glossary (milliseconds per term for Kazakh).
    """
    forms = [(term, "nom")]
    try:
        forms += _morph_forms(term, lang)
    except Exception:  # the morphology does not know this word: base form only
        pass
    seen, unique = set(), []
    for surface, tag in forms:
        if (surface.casefold(), tag) not in seen:
            seen.add((surface.casefold(), tag))
            unique.append((surface, tag))
    return tuple(unique)


def _morph_forms(term: str, lang: str) -> list[tuple[str, str]]:
    if term.isupper() and len(term) > 1:
        return []
    if lang == "en":
        from service.glossary.morph.en import en_forms
        return en_forms(term)
    if lang == "kk":
        from service.glossary.morph.kk import kk_forms
        return kk_forms(term)
    if lang == "ru":
        from service.glossary.morph.ru import ru_forms
        return ru_forms(term, kind=_ru_kind(term))
    return []


def _ru_kind(term: str) -> str:
    words = term.split()
    if not all(w[:1].isupper() for w in words):
        return "phrase"
    if len(words) > 1:
        return "person"
    if term.lower().endswith(("ов", "ев", "ёв", "ин", "ын")):
        return "surname"
    return "given"


def variants_for(term: InlineTerm, lang: str, text: str) -> list[FormVariant]:
    return [FormVariant(surface, lang, term.entity_id, "inline", "full", tag)
            for surface, tag in term_forms(text, lang)]


def find_terms(text: str, lang: str, terms: list[InlineTerm], *, side: str
               ) -> list[tuple[InlineTerm, int, int, str | None]]:
    """Leftmost-longest, case-insensitive, word-bounded hits of the terms' forms."""
    return term_matcher(tuple(terms), lang, side).find(text)


@lru_cache(maxsize=256)
def term_matcher(terms: tuple[InlineTerm, ...], lang: str, side: str) -> "TermMatcher":
    """Shared between requests that send the same terms (a client's fixed term list)."""
    return TermMatcher(list(terms), lang, side)


class TermMatcher:
    """The terms' forms in one language compiled into one regex: build once per request."""

    def __init__(self, terms: list[InlineTerm], lang: str, side: str):
        entries = []
        for term in terms:
            text = term.source if side == "source" else term.target
            entries += [(surface, term, form) for surface, form in term_forms(text, lang)]
        entries.sort(key=lambda e: -len(e[0]))
        self.by_surface: dict[str, tuple[InlineTerm, str | None]] = {}
        for surface, term, form in entries:
            self.by_surface.setdefault(surface.casefold(), (term, form))
        self.pattern = None if not entries else re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(s) for s, _, _ in entries) + r")(?![\w-])",
            re.IGNORECASE)

    def find(self, text: str) -> list[tuple[InlineTerm, int, int, str | None]]:
        if self.pattern is None:
            return []
        by_surface, pattern = self.by_surface, self.pattern
        hits = []
        for m in pattern.finditer(text):
            term, form = by_surface.get(m.group().casefold(), (None, None))
            if term is not None:
                hits.append((term, m.start(), m.end(), form))
        return hits


def render_term(term: InlineTerm, lang: str, form: str | None) -> str:
    """The target term in the given form (base form when the morphology lacks it)."""
    if not form or form == "nom":
        return term.target
    for surface, tag in term_forms(term.target, lang):
        if tag == form:
            return surface
    return term.target


@dataclass(frozen=True)
class TermMention:
    """Shaped like a glossary Mention so inline terms and file entities share one matcher."""

    entity_id: str
    type: str
    start: int
    end: int
    surface: str
    variant: FormVariant


class TermsOverGlossary:
    """The file glossary with the request's inline terms laid over it (terms win overlaps)."""

    def __init__(self, glossary: Any, terms: list[InlineTerm], source: str, target: str):
        self.glossary = glossary
        self.terms = {t.entity_id: t for t in terms}
        self.source, self.target = source, target
        self.overrides = self._overridden_entities(terms)
        self.matchers = {side: term_matcher(tuple(terms), lang, side)
                         for side, lang in (("source", source), ("target", target))}

    def _overridden_entities(self, terms: list[InlineTerm]) -> dict[tuple[str, str], InlineTerm]:
        """File entities an inline term names whole: (entity id, part) → the term.

        "Toqaev" → "Тоқаев" names the file entity kassym-jomart-tokayev by its surname, so
        wherever the output holds that surname (the model's "Токаева", a copied "Toqaev")
        the request's term wins over the file's canonical, in the form the model chose.
        """
        if self.glossary is None:
            return {}
        overrides = {}
        for term in terms:
            for lang, text in ((self.source, term.source), (self.target, term.target)):
                for m in self.glossary.find(text, lang):
                    if m.start == 0 and m.end == len(text):
                        part = getattr(m.variant, "part", "full") or "full"
                        overrides.setdefault((m.entity_id, part), term)
        return overrides

    def _as_term(self, mention: Any) -> Any:
        part = getattr(mention.variant, "part", "full") or "full"
        term = self.overrides.get((mention.entity_id, part))
        if term is None:
            return mention
        variant = FormVariant(mention.surface, getattr(mention.variant, "lang", self.target),
                              term.entity_id, "inline", "full",
                              getattr(mention.variant, "form", None))
        return TermMention(term.entity_id, "inline", mention.start, mention.end,
                           mention.surface, variant)

    def find(self, text: str, lang: str) -> list:
        side = "source" if lang == self.source else "target" if lang == self.target else None
        inline = []
        if side is not None:
            for term, start, end, form in self.matchers[side].find(text):
                inline.append(TermMention(term.entity_id, "inline", start, end, text[start:end],
                                          FormVariant(text[start:end], lang, term.entity_id,
                                                      "inline", "full", form)))
        base = self.glossary.find(text, lang) if self.glossary is not None else []
        spans = [(m.start, m.end) for m in inline]
        kept = [self._as_term(m) for m in base
                if not any(m.start < e and s < m.end for s, e in spans)]
        return sorted(inline + kept, key=lambda m: m.start)

    def render(self, entity_id: str, lang: str, *, part: str = "full",
               form: str | None = None, style: str | None = None) -> str:
        term = self.terms.get(entity_id)
        if term is None:
            return self.glossary.render(entity_id, lang, part=part, form=form, style=style)
        if lang == self.target:
            return render_term(term, lang, form)
        if lang == self.source:
            return next((s for s, tag in term_forms(term.source, lang) if tag == form),
                        term.source)
        return term.source

    def variants(self, entity_id: str) -> dict[str, list]:
        term = self.terms.get(entity_id)
        if term is None:
            return self.glossary.variants(entity_id)
        return {"inline": variants_for(term, self.target, term.target)}
