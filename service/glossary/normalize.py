"""Rewrite each mention as the entity's canonical name, keeping its grammatical form.

The mention's form tag (read off the generated spelling that matched: gen, dat, poss, ...)
is re-applied to the canonical name in the text's language, so Токаева stays genitive,
Тоқаевқа stays dative and Toqaev's becomes Tokayev's. A form from another language's
grammar is carried over only where the grammars share the case (a Kazakh genitive in
Russian text is a Russian genitive; an English possessive is a genitive).
"""

from __future__ import annotations

import re

from service.errors import InvalidInput, NotFound, UnsupportedLanguage
from service.glossary.model import NAME_LANGS, PARTS, Entity, Variant
from service.glossary.variants import KK_LATIN_ALPHABETS, given_initials, patronymic_name
from service.translit import to_latin
from service.glossary.morph import (EN_TAGS, KK_TAGS, RU_TAGS, MorphError, en_inflect,
                                    is_abbreviation, kk_inflect, ru_inflect)

DEFAULT_STYLE = "default"
#: How a surname hit was extended over a given name (hotpath.scan_hits): before it, after it
#: (surname-first lists), the same over a given name that carries the patronymic, and over
#: initials (К. Токаев, Қ.Тоқаев, K. Tokayev; Токаев К.-Ж. in lists). Small ints: every hit
#: carries one and they are part of the rendering cache's integer keys; 0 is not extended.
NOT_EXTENDED, GIVEN_FIRST, GIVEN_FIRST_PATRONYMIC, INITIALS_FIRST = 0, 1, 2, 3
SURNAME_FIRST_ONLY, SURNAME_FIRST_PATRONYMIC, SURNAME_FIRST_INITIALS = 4, 5, 6
SURNAME_FIRST = frozenset((SURNAME_FIRST_ONLY, SURNAME_FIRST_PATRONYMIC, SURNAME_FIRST_INITIALS))
WITH_PATRONYMIC = frozenset((GIVEN_FIRST_PATRONYMIC, SURNAME_FIRST_PATRONYMIC))
WITH_INITIALS = frozenset((INITIALS_FIRST, SURNAME_FIRST_INITIALS))
_TAGS = {"en": set(EN_TAGS), "ru": set(RU_TAGS), "kk": set(KK_TAGS)}
_CROSS = {("en", "ru"): {"poss": "gen", "pl": "pl.nom"}, ("en", "kk"): {"poss": "gen", "pl": "pl"},
          ("kk", "ru"): {"pl": "pl.nom"}, ("ru", "kk"): {"pl.nom": "pl"}}


def check_lang(lang: str, allowed: tuple[str, ...], field: str = "lang") -> None:
    if lang not in allowed:
        raise UnsupportedLanguage(f"{field} {lang!r} is not supported; allowed: {', '.join(allowed)}",
                                  field=field)


def check_style(style: str | None, known: list[str]) -> None:
    if style in (None, "", DEFAULT_STYLE) or style in known:
        return
    raise InvalidInput(f"style {style!r} is not defined in the glossary; known styles: "
                       f"{', '.join([DEFAULT_STYLE] + known)}", field="style")


def base_name(entity: Entity, lang: str, part: str, style: str | None) -> str:
    """The uninflected canonical spelling of one part of the name."""
    if part not in PARTS:
        raise InvalidInput(f"part {part!r} is not one of {', '.join(PARTS)}", field="part")
    styled = entity.styles.get(style) if style else None
    full = (styled.names.get(lang) if styled else None) or entity.names.get(lang)
    if full is None:
        if lang != "kk-Latn" or "kk" not in entity.names:
            raise NotFound(f"entity {entity.id!r} has no name in {lang!r}", field="lang")
        kazakh = (styled.names.get("kk") if styled else None) or entity.names["kk"]
        full = to_latin(kazakh, "kk", KK_LATIN_ALPHABETS[0])      # Kazakh in its 2021 Latin alphabet
    if part == "full":
        return full
    if part == "full_patronymic":
        return patronymic_name(entity, lang, full)
    if part == "initials":
        initials = _initials_of(full)
        return f"{initials[0]} {full.split()[-1]}" if initials else full     # the press's usual К. Токаев
    shorts = ((styled.short.get(lang) if styled else None) or entity.short.get(lang) or [])
    if not shorts and lang == "kk-Latn":
        shorts = [to_latin(short, "kk", KK_LATIN_ALPHABETS[0])
                  for short in (styled.short.get("kk") if styled else None) or entity.short.get("kk") or []]
    if part == "surname":
        return (shorts[0] if shorts and entity.is_person else full.split()[-1])
    if part == "given_surname":
        words = full.split()
        return f"{words[0]} {words[-1]}" if len(words) > 2 else full
    return shorts[0] if shorts else full


def render_name(entity: Entity, lang: str, *, part: str = "full", form: str | None = None,
                style: str | None = None) -> str:
    check_lang(lang, NAME_LANGS)
    base = base_name(entity, lang, part, style)
    if form in (None, "nom"):
        return base
    if lang == "en":
        return en_inflect(base, form)
    if lang == "ru":
        return ru_inflect(base, form, kind=_ru_kind(entity, part, base), gender=entity.gender)
    if entity.inflect.get("kk") == "fixed":
        return base
    return kk_inflect(base, form, script="Latn" if lang == "kk-Latn" else "Cyrl")


def _ru_kind(entity: Entity, part: str, base: str) -> str:
    if "ru" in entity.inflect:
        return entity.inflect["ru"]
    if is_abbreviation(base):
        return "fixed"
    if entity.is_person:
        return "surname" if part == "surname" else "person"
    return "phrase"


def form_in(variant: Variant, lang: str) -> str | None:
    """The mention's grammatical form expressed in the grammar of ``lang`` (None: base form)."""
    tag = variant.form
    if tag in (None, "nom"):
        return None
    grammar, lang = variant.lang.split("-")[0], lang.split("-")[0]     # kk-Latn has kk's grammar
    if grammar != lang:
        tag = _CROSS.get((grammar, lang), {}).get(tag, tag if grammar != "en" and lang != "en" else None)
    return tag if tag in _TAGS.get(lang, ()) else None


def _render_for(entity: Entity, variant: Variant, lang: str, style: str | None) -> str:
    form = form_in(variant, lang)
    try:
        if variant.rule == "surname-first":
            surname = render_name(entity, lang, part="surname", form=form, style=style)
            given = " ".join(base_name(entity, lang, variant.part, style).split()[:-1])
            if form is not None and lang == "ru" and given:     # the given name agrees with the surname
                given = " ".join(render_name(entity, lang, part=variant.part, form=form,
                                             style=style).split()[:-1])
            text = f"{surname} {given}".strip()
        else:
            text = render_name(entity, lang, part=variant.part, form=form, style=style)
    except MorphError:
        text = base_name(entity, lang, variant.part, style)
    return text


def keep_presentation(surface: str, text: str, surname_first: bool) -> str:
    """Keep what is typography, not spelling: upper case, curly apostrophes, and the spaces
    between the words (a no-break space after initials, a line break in a wrapped name)
    when the canonical form has as many."""
    if surface.isupper():                 # cheap test first: most mentions are not upper case
        letters = [c for c in surface if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            text = text.upper()
    elif surname_first:
        first = surface.split()[0]
        if len(first) > 1 and first.isupper():
            head, _, rest = text.partition(" ")
            text = f"{head.upper()} {rest}".strip()
    if "’" in surface and "'" in text:
        text = text.replace("'", "’")
    if not surface.isprintable():         # one C call: no-break spaces and line breaks are not
        spaces = [char for char in surface if char.isspace()]
        if spaces.count(" ") < len(spaces) and text.count(" ") == len(spaces):
            kept = iter(spaces)
            text = "".join(next(kept) if char == " " else char for char in text)
    return text


def _initials_of(full: str) -> tuple[str, ...]:
    """(first initial, all initials) of a full name's given part; () for a one-word name."""
    words = full.split()
    return given_initials(" ".join(words[:-1])) if len(words) > 1 else ()


_LEADING_INITIALS = re.compile(r"^((?:\w{1,2}\.-?)+)(\s*)")
_TRAILING_INITIALS = re.compile(r"(\s+)((?:\w{1,2}\.-?)+)$")


def render_initials(entity: Entity, surface: str, template: Variant, extended: int, lang: str,
                    style: str | None) -> str:
    """A mention with initials (К.-Ж. Токаева, Қ.Тоқаевтың, Токаев К.-Ж.) in the canonical
    spelling, keeping its shape: one initial or all, the spacing, the order. Not cached:
    the shape is the mention's own."""
    initials = _initials_of(base_name(entity, lang, "full", style))
    try:
        surname = render_name(entity, lang, part="surname", form=form_in(template, lang), style=style)
    except MorphError:
        surname = base_name(entity, lang, "surname", style)
    if not initials:
        return keep_presentation(surface, surname, False)
    if extended == INITIALS_FIRST:
        shape = _LEADING_INITIALS.match(surface)
        letters = shape.group(1).count(".") if shape else 1
        spacing = shape.group(2) if shape else " "
        text = (initials[-1] if letters > 1 else initials[0]) + spacing + surname
    else:
        shape = _TRAILING_INITIALS.search(surface)
        letters = shape.group(2).count(".") if shape else 1
        spacing = shape.group(1) if shape else " "
        text = surname + spacing + (initials[-1] if letters > 1 else initials[0])
    return keep_presentation(surface, text, False)


def initials_as_written(entity: Entity, surface: str, lang: str, form: str | None,
                        style: str | None) -> str:
    """render_initials for a mention known only by its surface and its form tag in ``lang``
    (translation output): the order is read off the surface (initials first unless it
    starts with the surname)."""
    template = Variant(surface, lang, entity.id, "initials", "initials", form)
    extended = INITIALS_FIRST if _LEADING_INITIALS.match(surface) else SURNAME_FIRST_INITIALS
    return render_initials(entity, surface, template, extended, lang, style)


def fit_quotes(text: str, start: int, end: int, replacement: str) -> str:
    """A canonical name that has its own «…» (партия «Көше»), put where the mention is
    already inside «…» (лидер «партии Коше»), loses its inner pair: never «партии «Көше»»."""
    if start > 0 and text[start - 1] == "«" and text[end:end + 1] == "»" and "«" in replacement:
        return replacement.replace("«", "").replace("»", "")
    return replacement


def render_hit(entity: Entity, surface: str, template: Variant, extended: int, lang: str,
               style: str | None) -> str:
    surname_first = extended in SURNAME_FIRST
    rule = "surname-first" if surname_first else template.rule
    part = ("full_patronymic" if extended in WITH_PATRONYMIC else
            "initials" if extended in WITH_INITIALS else "full") if extended else template.part
    variant = Variant(surface, template.lang, entity.id, rule, part, template.form)
    return _render_for(entity, variant, lang, style)
