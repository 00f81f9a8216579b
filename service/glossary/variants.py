"""Every way an entity's name is written, generated from the few spellings an editor lists.

Three layers, each recorded in ``Variant.rule``:

1. spellings the editor wrote: canonical names, short forms, variants, former names, styles;
2. script: romanizations of the Russian and Kazakh forms under every scheme of
   ``service.translit``, the Russian rendering of Kazakh letters, English press habits
   (-ev/-yev/-iev);
3. grammar: Russian and Kazakh case forms (``service.glossary.morph``), English possessives,
   upper case and surname-first order.

Persons are split into given name and surname: the matcher anchors on the surname and
extends over a preceding given name, so any spelling of the given name combines with any
spelling of the surname (Qasym-Zhomart Tokayev, Kassym-Jomart Toqaev) without listing the
product. A given name alone is never a mention.

Every translit/morph call goes through an ``lru_cache``: a large glossary reuses the same
given names and surnames, which keeps building a 10,000-entity index fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from service.glossary.model import Entity, Variant
from service.glossary.morph import (MorphError, en_forms, en_plural, is_abbreviation, is_patronymic, kk_forms,
                                    ru_forms)
from service.translit import ru_rendering_of_kk, to_latin

RU_SCHEMES = ("bgn-pcgn", "icao", "gost-7.79-b", "iso9", "press")
KK_SCHEMES = ("kk-2021", "kk-2018", "bgn-pcgn", "ics-630", "icao")
KK_LATIN_ALPHABETS = ("kk-2021", "kk-2018")     # Kazakh's own Latin alphabets -> lang kk-Latn
MIN_STEM = 3                                    # shorter common stems are indexed as whole forms
MAX_GIVEN_MIX = 24                              # cap on mixed given-name spellings per entity
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_EV_ENDING = re.compile(r"(?<=[aeiouy])(?:y|i)?(ev|eva)$", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"([ \-])")


class Spelling(NamedTuple):
    """A spelling before grammar: what the editor wrote or a script rule made of it."""

    surface: str
    lang: str
    rule: str


@dataclass
class PersonParts:
    """Spellings of a person's name split into given part and surname."""

    given: list[Spelling] = field(default_factory=list)
    surname: list[Spelling] = field(default_factory=list)
    full: list[tuple[Spelling, Spelling]] = field(default_factory=list)   # (given, surname) as written


#: One index entry: automaton key (a folded stem), the rest of the word after it, and the
#: variant it stands for with ``entity_id`` left empty (entries are shared between entities).
Entry = tuple[str, str, Variant]


@dataclass
class MatchMaterial:
    """What the matcher indexes for one entity.

    ``entries`` are stems with their tails (see ``stem_entries``); templates carry no
    entity id so identical spellings of different entities share one cached tuple.
    ``given`` maps case-folded given-name spellings (all forms) to their template variants;
    persons only, and shared between persons with the same given name.
    """

    entries: list[tuple[Entry, ...]]
    given: dict[str, Variant]


# ------------------------------------------------------------------ cached primitives

@lru_cache(maxsize=200_000)
def latin_spellings(text: str, lang: str) -> tuple[tuple[str, str, str], ...]:
    """(rule, lang of the result, Latin spelling) under every scheme of the language."""
    out = []
    for scheme in (RU_SCHEMES if lang == "ru" else KK_SCHEMES):
        latin = to_latin(text, lang, scheme)
        if CYRILLIC.search(latin):
            continue                    # the scheme does not cover a letter (Kazakh Ө in Russian)
        out.append((_translit_rule(lang, scheme),
                    "kk-Latn" if lang == "kk" and scheme in KK_LATIN_ALPHABETS else "en", latin))
    return tuple(out)


def _translit_rule(lang: str, scheme: str) -> str:
    if lang == "kk" and scheme in ("bgn-pcgn", "icao"):
        return f"translit:kk-{scheme}"
    return f"translit:{scheme}"


@lru_cache(maxsize=200_000)
def press_spellings(word: str) -> tuple[str, ...]:
    """English press alternations of a Latin surname: Tokayev/Tokaev/Tokaiev."""
    match = _EV_ENDING.search(word)
    if not match:
        return ()
    stem, ending = word[:match.start()], match.group(1)
    upper = word.isupper()
    options = [stem + prefix + ending for prefix in ("", "y", "i")]
    return tuple(o.upper() if upper else o for o in options if o != word)


@lru_cache(maxsize=200_000)
def ru_forms_cached(name: str, kind: str, gender: str | None) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(ru_forms(name, kind=kind, gender=gender))
    except MorphError:
        return ((name, "nom"),)


@lru_cache(maxsize=200_000)
def kk_forms_cached(name: str, script: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(kk_forms(name, script=script))
    except MorphError:
        return ((name, "nom"),)


@lru_cache(maxsize=200_000)
def en_forms_cached(name: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(en_forms(name))
    except MorphError:
        return ((name, "nom"),)


# ------------------------------------------------------------------ spellings as written

def written_spellings(entity: Entity) -> list[tuple[Spelling, str]]:
    """(spelling, part) for everything the editor wrote: canonical, short, variants, former, styles."""
    out: list[tuple[Spelling, str]] = []
    short_part = "surname" if entity.is_person else "short"
    for lang, name in entity.names.items():
        out.append((Spelling(name, lang, "canonical"), "full"))
        with_patronymic = patronymic_name(entity, lang, name)
        if with_patronymic != name:
            out.append((Spelling(with_patronymic, lang, "patronymic"), "full_patronymic"))
    for lang, names in entity.short.items():
        out.extend((Spelling(n, lang, "short"), short_part) for n in names)
    for lang, names in entity.variants.items():
        out.extend((Spelling(n, lang, "variant"), _variant_part(entity, n)) for n in names)
    for former in entity.former:
        out.extend((Spelling(n, lang, "former"), "full") for lang, n in former.names.items())
    for style_name, style in entity.styles.items():
        rule = f"style:{style_name}"
        out.extend((Spelling(n, lang, rule), "full") for lang, n in style.names.items())
        for lang, names in style.short.items():
            out.extend((Spelling(n, lang, rule), short_part) for n in names)
    return out


def patronymic_of(entity: Entity, lang: str) -> str | None:
    """The person's patronymic in ``lang``. When the editor did not write it there, kk-Latn
    takes the 2021 Latin spelling of the Kazakh one and en the BGN/PCGN romanization of the
    Russian one (Kabulovich), so normalising never drops a patronymic a mention carries."""
    written = entity.patronymic.get(lang)
    if written:
        return written
    if lang == "kk-Latn" and "kk" in entity.patronymic:
        return to_latin(entity.patronymic["kk"], "kk", KK_LATIN_ALPHABETS[0])
    if lang == "en" and "ru" in entity.patronymic:
        return to_latin(entity.patronymic["ru"], "ru", "bgn-pcgn")
    return None


def patronymic_name(entity: Entity, lang: str, name: str) -> str:
    """``name`` (given name(s) then surname) with the patronymic before the surname, or
    ``name`` itself when the person has none in ``lang``."""
    patronymic = patronymic_of(entity, lang) if entity.is_person else None
    words = name.split()
    if not patronymic or len(words) < 2:
        return name
    return " ".join(words[:-1] + [patronymic, words[-1]])


def _variant_part(entity: Entity, name: str) -> str:
    if entity.is_person and len(name.split()) == 1:
        return "surname"
    return "short" if is_abbreviation(name) else "full"


def script_spellings(spelling: Spelling, *, translit: bool = True) -> list[Spelling]:
    """The spelling itself plus what the script rules make of it."""
    return list(_script_spellings(spelling, translit))


@lru_cache(maxsize=200_000)
def _script_spellings(spelling: Spelling, translit: bool) -> tuple[Spelling, ...]:
    out = [spelling]
    if spelling.lang in ("ru", "kk") and translit:
        out.extend(Spelling(latin, lang, rule)
                   for rule, lang, latin in latin_spellings(spelling.surface, spelling.lang))
    if spelling.lang == "kk":
        rendered = ru_rendering_of_kk(spelling.surface)
        if rendered != spelling.surface:
            out.append(Spelling(rendered, "ru", "ru-rendering"))
    return tuple(out)


# ------------------------------------------------------------------ persons

def person_parts(entity: Entity) -> PersonParts:
    """Given-name and surname spellings of a person, in every script."""
    parts = PersonParts()
    for spelling, part in written_spellings(entity):
        words = spelling.surface.split()
        if part == "surname" or len(words) == 1:
            parts.surname.extend(_with_press(script_spellings(spelling)))
            continue
        given = Spelling(" ".join(words[:-1]), spelling.lang, spelling.rule)
        surname = Spelling(words[-1], spelling.lang, spelling.rule)
        parts.full.append((given, surname))
        parts.given.extend(script_spellings(given))
        parts.surname.extend(_with_press(script_spellings(surname)))
    parts.given = _dedupe(parts.given + _mixed_given(parts.given))
    parts.surname = _dedupe(parts.surname)
    return parts


def _with_press(spellings: list[Spelling]) -> list[Spelling]:
    out = list(spellings)
    for s in spellings:
        if s.lang == "en":
            out.extend(Spelling(p, "en", "press:-ev/-yev") for p in press_spellings(s.surface))
    return out


def _mixed_given(given: list[Spelling]) -> list[Spelling]:
    """Latin given names mixed word by word: Kassym/Kasym/Qasym x Jomart/Zhomart."""
    latin = [s.surface for s in given if s.lang in ("en", "kk-Latn")]
    if not latin:
        return []
    shapes: dict[tuple[str, ...], list[list[str]]] = {}
    for surface in latin:
        pieces = _WORD_SPLIT.split(surface)
        shape = tuple(pieces[1::2])          # the separators
        shapes.setdefault(shape, []).append(pieces[0::2])
    out: list[Spelling] = []
    for shape, spellings in shapes.items():
        columns = [sorted({words[i] for words in spellings}) for i in range(len(shape) + 1)]
        for combo in product(*columns):
            if len(out) >= MAX_GIVEN_MIX:
                return out
            surface = combo[0] + "".join(sep + word for sep, word in zip(shape, combo[1:]))
            out.append(Spelling(surface, "en", "press:mix"))
    return out


def _dedupe(spellings: list[Spelling]) -> list[Spelling]:
    seen, out = set(), []
    for s in spellings:
        key = (s.surface, s.lang, s.rule)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def _surname_forms(entity: Entity, s: Spelling) -> list[tuple[str, str, str | None, str]]:
    """(surface, lang, form, rule) of one surname spelling in every grammar that writes it."""
    kind = entity.inflect.get("ru", "surname")
    return _forms(s, ru_kind=kind, gender=entity.gender, kk_fixed=entity.inflect.get("kk") == "fixed",
                  cross=True)


def _given_forms(entity: Entity, s: Spelling) -> list[tuple[str, str, str | None, str]]:
    return list(_given_forms_of(s, entity.gender, entity.inflect.get("ru") == "fixed"))


@lru_cache(maxsize=100_000)
def _given_forms_of(s: Spelling, gender: str | None, ru_fixed: bool) -> tuple[tuple[str, str, str | None, str], ...]:
    """Given names decline in Russian only (Kazakh endings go on the surname)."""
    out = [(s.surface, s.lang, None, s.rule)]
    if s.lang in ("ru", "kk") and not ru_fixed:
        words = s.surface.split()
        if len(words) > 1 and any(is_patronymic(w) for w in words):     # Касыма-Жомарта Кемелевича
            out.extend((f, "ru", tag, "inflect:ru") for f, tag in ru_forms_cached(s.surface, "person", gender)
                       if tag != "nom")
            return tuple(out)
        tables = [ru_forms_cached(w, "given", gender) for w in words]
        for i, (_, tag) in enumerate(tables[0]):
            if tag == "nom":
                continue
            surface = " ".join(t[i][0] if i < len(t) else words[j] for j, t in enumerate(tables))
            out.append((surface, "ru", tag, "inflect:ru"))
    return tuple(out)


def _forms(s: Spelling, *, ru_kind: str, gender: str | None, kk_fixed: bool,
           cross: bool) -> tuple[tuple[str, str, str | None, str], ...]:
    return _forms_cached(s, ru_kind, gender, kk_fixed, cross)


@lru_cache(maxsize=200_000)
def _forms_cached(s: Spelling, ru_kind: str, gender: str | None, kk_fixed: bool,
                  cross: bool) -> tuple[tuple[str, str, str | None, str], ...]:
    """Grammatical forms of one spelling. ``cross``: Russian text also writes Kazakh
    spellings in Russian grammar (Тоқаева) and Kazakh text Russian spellings (Токаевқа)."""
    out = [(s.surface, s.lang, None, s.rule)]
    if s.lang == "en":
        out.extend((f, "en", tag, "en:possessive") for f, tag in en_forms_cached(s.surface) if tag != "nom")
        return tuple(out)
    if s.lang == "kk-Latn":
        if not kk_fixed:
            out.extend((f, "kk-Latn", tag, "inflect:kk")
                       for f, tag in kk_forms_cached(s.surface, "Latn") if tag != "nom")
        return tuple(out)
    if s.lang == "ru" or cross:
        if ru_kind != "fixed":
            out.extend((f, "ru", tag, "inflect:ru")
                       for f, tag in ru_forms_cached(s.surface, ru_kind, gender) if tag != "nom")
    if (s.lang == "kk" or cross) and not kk_fixed:
        out.extend((f, "kk", tag, "inflect:kk")
                   for f, tag in kk_forms_cached(s.surface, "Cyrl") if tag != "nom")
    return tuple(out)


def person_material(entity: Entity, parts: PersonParts | None = None) -> MatchMaterial:
    ru_kind = entity.inflect.get("ru", "surname")
    kk_fixed = entity.inflect.get("kk") == "fixed"
    surnames, givens = _written_person_parts(entity)
    entries = [_surname_entries(tuple(surnames), ru_kind, entity.gender, kk_fixed)]
    return MatchMaterial(entries, _given_table(givens, entity.gender, entity.inflect.get("ru") == "fixed",
                                               _patronymic_words(entity)))


def _patronymic_words(entity: Entity) -> int:
    """How many words a given-name spelling has when it carries the patronymic (0: the
    person has none): one more than the canonical given name."""
    if not entity.patronymic:
        return 0
    return min(len(name.split()) for name in entity.names.values())


def _written_person_parts(entity: Entity) -> tuple[list[Spelling], tuple[Spelling, ...]]:
    surnames, givens = [], []
    for spelling, part in written_spellings(entity):
        words = spelling.surface.split()
        if part == "surname" or len(words) == 1:
            surnames.append(spelling)
            continue
        givens.append(Spelling(" ".join(words[:-1]), spelling.lang, spelling.rule))
        surnames.append(Spelling(words[-1], spelling.lang, spelling.rule))
    # one spelling, one set of forms: the first rule that wrote it (canonical before short) names it
    first_surnames = {(s.surface, s.lang): s for s in reversed(surnames)}
    return list(dict.fromkeys(first_surnames[(s.surface, s.lang)] for s in surnames)), tuple(dict.fromkeys(givens))


@lru_cache(maxsize=100_000)
def _surname_entries(surnames: tuple[Spelling, ...], ru_kind: str, gender: str | None,
                     kk_fixed: bool) -> tuple[Entry, ...]:
    """Index entries for all surname spellings of a person. Cached on the whole set, so
    namesakes share one tuple; identical spellings from different schemes are formed once
    (the first rule names them), and a Cyrillic spelling written the same in Russian and
    Kazakh is not declined twice."""
    spellings: dict[tuple[str, str], Spelling] = {}
    for s in surnames:
        for x in _with_press(script_spellings(s)):
            spellings.setdefault((x.surface, x.lang), x)
    entries: dict[tuple[str, str, str], Entry] = {}
    for (surface, lang), x in spellings.items():
        other = {"ru": "kk", "kk": "ru"}.get(lang)
        cross = other is not None and (surface, other) not in spellings
        forms = _forms(x, ru_kind=ru_kind, gender=gender, kk_fixed=kk_fixed, cross=cross)
        if lang == "en" and _family_plural_spelling(x.rule):
            forms += ((en_plural(surface), "en", "pl", "en:plural"),)
        for entry in stem_entries([Variant(f, lang_, "", rule, "surname", form)
                                   for f, lang_, form, rule in forms
                                   if not (form and "poss3" in form)]):
            entries.setdefault((entry[0], entry[1], entry[2].lang), entry)
    return tuple(entries.values())


def _family_plural_spelling(rule: str) -> bool:
    """Whether an English surname spelling also gets its plural (the Tokayevs): the ones
    English news prints (editors' spellings, house styles, press alternations, the BGN/PCGN,
    ICS-630 and passport schemes), not the library schemes (GOST 7.79, ISO 9: Tokaev, Tokaev
    with diacritics), which would add index entries and build time for forms no newsroom
    writes."""
    return not rule.startswith(("translit:gost", "translit:iso9"))


@lru_cache(maxsize=100_000)
def _given_table(givens: tuple[Spelling, ...], gender: str | None, ru_fixed: bool,
                 patronymic_words: int = 0) -> dict[str, Variant]:
    """Folded given-name spellings (all forms) -> template. A spelling of
    ``patronymic_words`` words or more carries the patronymic: its part says so, and a
    mention extended over it keeps the patronymic when normalised."""
    expanded = []
    for g in givens:
        expanded.extend(script_spellings(g))
    table: dict[str, Variant] = {}
    spellings = _dedupe(expanded + _mixed_given(expanded))
    for s in spellings:
        part = "full_patronymic" if patronymic_words and len(s.surface.split()) >= patronymic_words \
            else "full"
        for surface, lang, form, rule in _given_forms_of(s, gender, ru_fixed):
            variant = Variant(surface, lang, "", rule, part, form)
            for key in alternates(fold(surface)):
                table.setdefault(key, variant)
    for s in spellings:
        for initials in given_initials(s.surface):
            table.setdefault(fold(initials), Variant(initials, s.lang, "", "initials", "initials", None))
    return table


def given_initials(given: str) -> tuple[str, ...]:
    """How the press abbreviates a given name before the surname: К. and К.-Ж. for
    Касым-Жомарт (Қ.Тоқаев, K. Tokayev). Only the first word of the given name. A Latin
    part that starts with a digraph for one Cyrillic letter keeps it (Zhomart: Zh.)."""
    words = given.split()
    parts = [part for part in words[0].split("-") if part and part[0].isalpha()] if words else []
    if not parts:
        return ()
    letters = [_initial(part) for part in parts]
    if len(parts) == 1:
        return (letters[0],)
    return (letters[0], "-".join(letters))


_LATIN_DIGRAPHS = ("zh", "sh", "ch", "kh", "ts")


def _initial(part: str) -> str:
    head = part[:2].lower()
    if head in _LATIN_DIGRAPHS and part[:2].isascii():
        return part[0].upper() + part[1].lower() + "."
    return part[0].upper() + "."


def stem_entries(variants: list[Variant]) -> list[Entry]:
    """Index entries for the forms of one base spelling: the forms share a stem (the longest
    common prefix of their last words); the automaton holds the stem once, and each form is
    the stem plus a tail. Stems shorter than MIN_STEM are indexed whole."""
    groups: dict[str, list[tuple[str, Variant]]] = {}
    for v in variants:
        for folded in alternates(fold(v.surface)):
            cut = folded.rfind(" ") + 1
            groups.setdefault(folded[:cut], []).append((folded[cut:], v))
    entries: list[Entry] = []
    for prefix, items in groups.items():
        stem = _common_prefix([last for last, _ in items])
        if len(stem) < MIN_STEM:
            entries.extend((prefix + last, "", v) for last, v in items)
        else:
            entries.extend((prefix + stem, last[len(stem):], v) for last, v in items)
    return entries


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    i = 0
    while i < len(first) and i < len(last) and first[i] == last[i]:
        i += 1
    return first[:i]


def person_listing(entity: Entity) -> list[Variant]:
    """Surnames and full names in every form, upper case and surname-first: for lookup, lint, enforcement."""
    parts = person_parts(entity)
    material = person_material(entity, parts)
    out = _unique_templates(material, entity.id)
    out.extend(Variant(s.surface, s.lang, entity.id, s.rule, "surname", None)
               for s in parts.surname if s.rule in ("short", "variant") or s.rule.startswith("style:"))
    for given, surname in parts.full:
        for g, s in zip(script_spellings(given), script_spellings(surname)):
            out.extend(_full_forms(entity, g, s))
    out.extend(_presentation(out, entity))
    return out


def _full_forms(entity: Entity, given: Spelling, surname: Spelling) -> list[Variant]:
    rule = surname.rule
    words = _patronymic_words(entity)
    part = "full_patronymic" if words and len(given.surface.split()) >= words else "full"
    out = [Variant(f"{given.surface} {surname.surface}", surname.lang, entity.id, rule, part, None)]
    given_by_tag = {tag: surface for surface, lang, tag, _ in _given_forms(entity, given) if lang == "ru"}
    for surface, lang, form, form_rule in _surname_forms(entity, surname):
        if form is None:
            continue
        first = given_by_tag.get(form, given.surface) if lang == "ru" else given.surface
        if lang != surname.lang and not (lang == "ru" and surname.lang == "kk"):
            continue
        out.append(Variant(f"{first} {surface}", lang, entity.id, form_rule, part, form))
    return out


def _presentation(variants: list[Variant], entity: Entity) -> list[Variant]:
    """Upper case (headlines) and surname-first order (official lists) of base forms."""
    out = []
    for v in variants:
        if v.form is not None:
            continue
        if v.lang == "en" and not v.surface.isupper():
            out.append(Variant(v.surface.upper(), v.lang, entity.id, "upper", v.part, None))
        if entity.is_person and v.part == "full" and v.rule in ("canonical", "variant"):
            words = v.surface.split()
            first = words[-1].upper() if v.lang == "en" else words[-1]
            out.append(Variant(" ".join([first] + words[:-1]), v.lang, entity.id,
                               "surname-first", "full", None))
    return out


# ------------------------------------------------------------------ other entities

def phrase_material(entity: Entity, *, every_rule: bool = False) -> MatchMaterial:
    """``every_rule``: keep a spelling once per rule that makes it (the listing shows them
    all); the matcher needs it once, so schemes that agree (BGN/PCGN and ICAO often do) are
    declined and indexed once, named by the first."""
    kk_fixed = entity.inflect.get("kk") == "fixed"
    entries = []
    for spelling, part in written_spellings(entity):
        kind = "phrase" if spelling.rule == "former" else _ru_kind(entity, spelling.surface)
        translit = len(spelling.surface.split()) == 1 or entity.type in ("place", "country")
        entries.append(_phrase_entries(spelling, part, kind, kk_fixed, translit, every_rule))
    return MatchMaterial(entries, {})


@lru_cache(maxsize=100_000)
def _phrase_entries(spelling: Spelling, part: str, kind: str, kk_fixed: bool,
                    translit: bool, every_rule: bool = False) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    for s in script_spellings(spelling, translit=translit):
        if not every_rule:
            if (s.surface, s.lang) in seen:
                continue
            seen.add((s.surface, s.lang))
        single = len(s.surface.split()) == 1
        s_kind = "fixed" if is_abbreviation(s.surface) else kind
        forms = _forms(s, ru_kind=s_kind, gender=None, kk_fixed=kk_fixed, cross=single)
        entries.extend(stem_entries([Variant(f, lang, "", rule, part, form) for f, lang, form, rule in forms]))
    return tuple(entries)


def _unique_templates(material: MatchMaterial, entity_id: str) -> list[Variant]:
    seen, out = set(), []
    for entries in material.entries:
        for _, _, template in entries:
            if template not in seen:
                seen.add(template)
                out.append(template._replace(entity_id=entity_id))
    return out


def _ru_kind(entity: Entity, surface: str) -> str:
    if is_abbreviation(surface):
        return "fixed"
    return entity.inflect.get("ru", "phrase")


def match_material(entity: Entity) -> MatchMaterial:
    return person_material(entity) if entity.is_person else phrase_material(entity)


def entity_variants(entity: Entity) -> list[Variant]:
    """Every generated spelling of the entity (duplicates by surface+lang removed, first rule kept)."""
    if entity.is_person:
        raw = person_listing(entity)
    else:
        raw = _unique_templates(phrase_material(entity, every_rule=True), entity.id)
        raw.extend(_presentation(raw, entity))
    seen, out = set(), []
    for v in raw:
        key = (v.surface, v.lang, v.rule, v.form)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def group_by_rule(variants: list[Variant]) -> dict[str, list[Variant]]:
    grouped: dict[str, list[Variant]] = {}
    for v in variants:
        grouped.setdefault(v.rule, []).append(v)
    return grouped


# ------------------------------------------------------------------ folding shared with the matcher

def fold(text: str) -> str:
    """How the matcher compares text: case-folded (other differences are spelled out as keys)."""
    return text.casefold()


def alternates(key: str) -> set[str]:
    """Spellings the text may use for the same folded key: both apostrophes, е for ё."""
    out = {key}
    if "'" in key or "’" in key:
        out |= {key.replace("'", "’"), key.replace("’", "'")}
    if "ё" in key:
        out |= {k.replace("ё", "е") for k in list(out)}
    return out
