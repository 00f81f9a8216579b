"""Glossary-aware transliteration: known names come out in their glossary spelling.

A scheme turns Токаев into Tokayev, Tokaev or Toqaev; a reader of our output must see the
one spelling the glossary chose. So mentions the glossary finds are not transliterated but
rendered from the glossary, in the grammatical form the mention had: "на Токаева" becomes
"na Tokayeva" (the glossary's Tokayev with the Russian ending the scheme gives). The text
between mentions goes through the scheme. Used by the HTTP route and the CLI alike; the
glossary is any object with the ``find``/``render`` of docs/architecture.md.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass
from typing import Any

from service.errors import AudarmaError, InvalidInput, TooLarge
from service.translit import to_cyrillic, to_latin

DIRECTIONS = ("to_latin", "to_cyrillic")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class NameReplacement:
    """A glossary name in the input (code-point span) and what it became in the output."""

    start: int
    end: int
    surface: str
    id: str
    replacement: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TransliterationResult:
    text: str
    names: list[NameReplacement]


def transliterate(text: str, lang: str, scheme: str, direction: str = "to_latin", *,
                  glossary: Any = None, strict: bool = False, style: str | None = None,
                  char_limit: int | None = None) -> TransliterationResult:
    """Transliterate; unless strict, names the glossary knows take its spelling."""
    _check(text, direction, char_limit)
    convert = to_latin if direction == "to_latin" else to_cyrillic
    convert("", lang, scheme)                       # validates lang and scheme up front
    if strict or glossary is None:
        return TransliterationResult(convert(text, lang, scheme), [])
    mentions = _mentions(glossary, text, lang, direction)
    pieces: list[str] = []
    names: list[NameReplacement] = []
    cursor = 0
    for mention in mentions:
        pieces.append(convert(text[cursor:mention.start], lang, scheme))
        replacement = _replacement(glossary, mention, lang, scheme, direction, style)
        pieces.append(replacement)
        names.append(NameReplacement(mention.start, mention.end, mention.surface,
                                     mention.entity_id, replacement))
        cursor = mention.end
    pieces.append(convert(text[cursor:], lang, scheme))
    return TransliterationResult("".join(pieces), names)


def _check(text: Any, direction: str, char_limit: int | None) -> None:
    if not isinstance(text, str):
        raise InvalidInput(f"text must be a string, got {type(text).__name__}", field="text")
    if direction not in DIRECTIONS:
        raise InvalidInput(f"direction {direction!r} is not one of: {', '.join(DIRECTIONS)}",
                           field="direction")
    if char_limit is not None and len(text) > char_limit:
        raise TooLarge(f"text has {len(text)} characters; the limit is {char_limit} "
                       "(AUDARMA_CHAR_LIMIT)", field="text")


def _mentions(glossary: Any, text: str, lang: str, direction: str) -> list:
    """Cyrillic input is searched in its own language; Latin input as English (where the
    glossary keeps its Latin spellings) and, for Kazakh, as Kazakh Latin too."""
    if direction == "to_latin":
        found = list(glossary.find(text, lang))
    else:
        found = list(glossary.find(text, "en"))
        if lang == "kk":
            found += [m for m in glossary.find(text, "kk") if m.variant.lang == "kk-Latn"]
    return _leftmost_longest(found)


def _leftmost_longest(mentions: list) -> list:
    chosen, end = [], -1
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if mention.start >= end:
            chosen.append(mention)
            end = mention.end
    return chosen


def _replacement(glossary: Any, mention: Any, lang: str, scheme: str, direction: str,
                 style: str | None) -> str:
    part = mention.variant.part or "full"
    if direction == "to_cyrillic":
        name = _cyrillic_in_form(glossary, mention, lang, part)
    else:
        name = _latin_in_form(glossary, mention, lang, scheme, part, style)
    return _same_case(name, mention.surface, dotted_capitals=scheme == "kk-2021")


def _cyrillic_in_form(glossary: Any, mention: Any, lang: str, part: str) -> str:
    """Kazakh Latin forms (Toqaevtyñ) carry Kazakh case tags: render that form. English
    ones only have the possessive, which Cyrillic cannot take: keep the 's as written."""
    variant = mention.variant
    if variant.lang == "kk-Latn" and lang == "kk":
        return glossary.render(mention.entity_id, lang, part=part, form=variant.form)
    name = glossary.render(mention.entity_id, lang, part=part)
    possessive = _POSSESSIVE.search(mention.surface) if variant.form == "poss" else None
    return name + possessive.group(0) if possessive else name


_POSSESSIVE = re.compile(r"['’]s?$")


def _latin_in_form(glossary: Any, mention: Any, lang: str, scheme: str, part: str,
                   style: str | None) -> str:
    """The glossary's Latin spelling with the ending the mention carries in the text."""
    latin = _latin_base(glossary, mention.entity_id, lang, scheme, part, style)
    base = glossary.render(mention.entity_id, lang, part=part)
    if mention.surface.lower() == base.lower():
        return latin
    return carry_ending(latin, to_latin(base, lang, scheme), to_latin(mention.surface, lang, scheme))


def _latin_base(glossary: Any, entity_id: str, lang: str, scheme: str, part: str,
                style: str | None) -> str:
    """English canonical (or the style's); Kazakh in the 2021 alphabet keeps kk-Latn."""
    if lang == "kk" and scheme == "kk-2021" and style is None:
        try:
            return glossary.render(entity_id, "kk-Latn", part=part)
        except (AudarmaError, KeyError, ValueError):
            pass                                    # entity has no kk-Latn name
    return glossary.render(entity_id, "en", part=part, style=style)


def carry_ending(target: str, scheme_base: str, scheme_form: str) -> str:
    """Give ``target`` the endings that turn ``scheme_base`` into ``scheme_form``, word by
    word ("Tokayev", "Tokayev" → "Tokayeva" gives "Tokayeva"; "Astana" → "Astane" turns
    "Astana" into "Astane"). Words that do not line up keep the glossary spelling."""
    targets = list(_WORD.finditer(target))
    bases, forms = _WORD.findall(scheme_base), _WORD.findall(scheme_form)
    if not (len(targets) == len(bases) == len(forms)):
        return target
    out, cursor = [], 0
    for match, base, form in zip(targets, bases, forms):
        out.append(target[cursor:match.start()])
        out.append(_carry_word(match.group(0), base, form))
        cursor = match.end()
    out.append(target[cursor:])
    return "".join(out)


def _carry_word(target: str, base: str, form: str) -> str:
    shared = len(os.path.commonprefix([base.lower(), form.lower()]))
    old_tail, new_tail = base[shared:].lower(), form[shared:].lower()
    if not target.lower().endswith(old_tail):
        return target
    stem = target[:len(target) - len(old_tail)]
    return stem + (new_tail.upper() if len(target) > 1 and target.isupper() else new_tail)


def _same_case(name: str, surface: str, *, dotted_capitals: bool = False) -> str:
    """ТОКАЕВ in the input stays upper case in the output (Kazakh 2021: i → İ, ı → I)."""
    letters = [ch for ch in surface if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        if dotted_capitals:
            name = name.replace("i", "İ")
        return name.upper()
    return name
