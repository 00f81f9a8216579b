"""Russian case forms of names, for variant generation and for re-inflecting canonical names.

Why three mechanisms:
- surnames in -ов/-ев/-ёв/-ин/-ын (and their feminine -ова/-ина) are perfectly regular, so
  suffix rules here are exact and ~10x faster than a rule engine;
- given names and patronymics go to ``petrovich`` (its rule set knows fleeting vowels such as
  Павел → Павла and the female -ь names such as Айгуль → Айгули), with our own rules for
  names in -а/-я, which petrovich gets wrong for men (Никита stays Никита) and after
  sibilants (Саша → *Сашы*), and a fix for the prepositional of -ий (Василии, not *Василие*);
- organisation and place phrases go to ``pymorphy3``: only the head noun and the adjectives
  before it that agree with it decline (Организации Договора о коллективной безопасности).

Tags are grammatical (``gen``, ``pl.dat``), not literal endings, so a tag read off a mention
can be re-applied to another spelling of the same entity.
"""

from __future__ import annotations

from functools import lru_cache

from ._common import MorphError, match_case, require_choice, require_name

RU_CASES = ("nom", "gen", "dat", "acc", "ins", "loc")
RU_PLURAL_TAGS = tuple(f"pl.{case}" for case in RU_CASES)
RU_TAGS = RU_CASES + RU_PLURAL_TAGS
RU_KINDS = ("person", "surname", "given", "phrase", "fixed")
RU_GENDERS = (None, "male", "female")

_SIBILANTS = frozenset("жшчщц")
_VELARS_AND_SIBILANTS = frozenset("гкхжшчщ")
_VOWELS = frozenset("аеёиоуыэюя")
_CONSONANTS = frozenset("бвгджзйклмнпрстфхцчшщ")
# Kazakh patronymic-like words (-улы, -кызы) and Russian surnames in -ых/-их, -ко, -аго do not decline
_INDECLINABLE_ENDINGS = ("улы", "ұлы", "уулу", "кызы", "қызы", "ых", "их", "ко", "аго", "яго")
_MASC_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын")
_FEM_SURNAME_ENDINGS = ("ова", "ева", "ёва", "ина", "ына")
_PATRONYMIC_MALE = ("ович", "евич", "ьич", "улы", "ұлы", "уулу")
_PATRONYMIC_FEMALE = ("овна", "евна", "ична", "инична", "кызы", "қызы")
_ADJECTIVE_SURNAMES = ("ский", "цкий", "ской", "цкой", "ская", "цкая")


# ---------------------------------------------------------------- public API


def ru_forms(name: str, *, kind: str, gender: str | None = None) -> list[tuple[str, str]]:
    """Every (surface, tag) of ``name``; a surface repeats when it serves several tags.

    ``fixed`` names give only the base form; surnames also give the plural (Токаевы).
    """
    name, kind, gender = _validate(name, kind, gender)
    if kind == "fixed":
        return [(name, "nom")]
    return list(_forms(name, kind, gender))


@lru_cache(maxsize=65536)
def _forms(name: str, kind: str, gender: str | None) -> tuple[tuple[str, str], ...]:
    table = _table(name, kind, gender)
    return tuple((table[tag], tag) for tag in _tags_for(kind))


def ru_inflect(name: str, tag: str, *, kind: str, gender: str | None = None) -> str:
    """``name`` in the grammatical form ``tag`` (e.g. "gen", "pl.ins")."""
    name, kind, gender = _validate(name, kind, gender)
    require_choice("tag", tag, RU_TAGS)
    if kind == "fixed":
        return name
    if tag not in _tags_for(kind):
        allowed = ", ".join(_tags_for(kind))
        raise MorphError(f"tag {tag!r} is not generated for kind {kind!r}; allowed: {allowed}",
                         field="tag")
    return _table(name, kind, gender)[tag]


# ---------------------------------------------------------------- dispatch


def _validate(name: object, kind: object, gender: object) -> tuple[str, str, str | None]:
    require_choice("kind", kind, RU_KINDS)
    require_choice("gender", gender, RU_GENDERS)
    return require_name(name), kind, gender  # type: ignore[return-value]


def _tags_for(kind: str) -> tuple[str, ...]:
    return RU_TAGS if kind == "surname" else RU_CASES


@lru_cache(maxsize=65536)
def _table(name: str, kind: str, gender: str | None) -> dict[str, str]:
    """{tag: surface}; cached per name because variant generation asks for each part often.

    Callers only read the returned dict.
    """
    if kind == "phrase":
        from .ru_phrase import phrase_table

        return phrase_table(name)
    if kind == "surname":
        return _surname_table(name, gender or _surname_gender(name.lower()) or "male")
    if kind == "given":
        return _words_table(name, ("given",) * len(name.split()), gender or _given_gender(name))
    return _person_table(name, gender)


def _person_table(name: str, gender: str | None) -> dict[str, str]:
    roles = _person_roles(name.split())
    gender = gender or _person_gender(name.split(), roles)
    return _words_table(name, roles, gender)


def _words_table(name: str, roles: tuple[str, ...], gender: str) -> dict[str, str]:
    """Decline each word in its role and join; separators (spaces) are kept."""
    columns = [_word_forms(word, role, gender) for word, role in zip(name.split(), roles)]
    return {case: " ".join(col[i] for col in columns) for i, case in enumerate(RU_CASES)}


def _surname_table(name: str, gender: str) -> dict[str, str]:
    singular = _words_table(name, ("surname",) * len(name.split()), gender)
    plural = [" ".join(parts) for parts in zip(*(_surname_plural(w) for w in name.split()))]
    singular.update(zip(RU_PLURAL_TAGS, plural))
    return singular


# ---------------------------------------------------------------- roles and gender


def _person_roles(words: list[str]) -> tuple[str, ...]:
    """given/patronymic/surname per word; handles "Given [Patronymic] Surname" and surname-first."""
    roles = ["patronymic" if _is_patronymic(w.lower()) else "given" for w in words]
    if len(words) < 2:
        return ("surname",) if _looks_like_surname(words[0].lower()) else tuple(roles)
    first_is_surname = _looks_like_surname(words[0].lower()) and not _looks_like_surname(
        words[-1].lower())
    if first_is_surname or (words[0].isupper() and not words[-1].isupper()):
        roles[0] = "surname"
    else:
        last_non_patronymic = max(i for i, r in enumerate(roles) if r != "patronymic") \
            if any(r != "patronymic" for r in roles) else None
        if last_non_patronymic is not None and last_non_patronymic > 0:
            roles[last_non_patronymic] = "surname"
    return tuple(roles)


def _is_patronymic(word: str) -> bool:
    return word.endswith(_PATRONYMIC_MALE + _PATRONYMIC_FEMALE) or "-улы" in word or "-кызы" in word


def is_patronymic(word: str) -> bool:
    """A Russian or Kazakh patronymic by its ending (Кемелевич, Кабуловна, Кемелұлы, -қызы)."""
    return _is_patronymic(word.lower())


def _looks_like_surname(word: str) -> bool:
    return word.endswith(_MASC_SURNAME_ENDINGS + _FEM_SURNAME_ENDINGS + _ADJECTIVE_SURNAMES)


def _surname_gender(word: str) -> str | None:
    if word.endswith(_FEM_SURNAME_ENDINGS + ("ская", "цкая")):
        return "female"
    if word.endswith(_MASC_SURNAME_ENDINGS + ("ский", "цкий")):
        return "male"
    return None


def _person_gender(words: list[str], roles: tuple[str, ...]) -> str:
    """Patronymic, then surname ending, then the dictionary's gender of the first given name."""
    for word, role in zip(words, roles):
        lower = word.lower()
        if role == "patronymic":
            return "female" if lower.endswith(_PATRONYMIC_FEMALE) else "male"
    for word, role in zip(words, roles):
        if role == "surname" and (found := _surname_gender(word.lower())):
            return found
    given = [w for w, r in zip(words, roles) if r == "given"]
    return _given_gender(given[0]) if given else "male"


@lru_cache(maxsize=65536)
def _given_gender(name: str) -> str:
    """pymorphy3's dictionary of first names (Айгерим is femn); unknown names count as male."""
    from .ru_phrase import morph

    first = name.split()[0].split("-")[0].lower()
    for parse in morph().parse(first):
        if "Name" in parse.tag:
            return "female" if parse.tag.gender == "femn" else "male"
    return "male"


# ---------------------------------------------------------------- one word


def _word_forms(word: str, role: str, gender: str) -> tuple[str, ...]:
    """The six case forms of one word, capitalised like the input."""
    forms = _lower_word_forms(word.lower(), role, gender)
    return tuple(match_case(word, form) for form in forms)


@lru_cache(maxsize=262144)
def _lower_word_forms(word: str, role: str, gender: str) -> tuple[str, ...]:
    if "-" in word and role == "surname":
        parts = [_lower_word_forms(p, role, gender) for p in word.split("-")]
        return tuple("-".join(col) for col in zip(*parts))
    if role == "surname":
        return _surname_forms(word, gender)
    if role == "patronymic":
        return _patronymic_forms(word, gender)
    return _given_forms(word, gender)


def _surname_forms(word: str, gender: str) -> tuple[str, ...]:
    if word.endswith(_INDECLINABLE_ENDINGS) or _ends_in_fixed_vowel(word):
        return (word,) * 6
    if gender == "female":
        return _female_surname_forms(word)
    if word.endswith(_MASC_SURNAME_ENDINGS) and len(word) > 3:
        return (word, word + "а", word + "у", word + "а", word + "ым", word + "е")
    if word.endswith(("ский", "цкий", "ской", "цкой")):
        stem = word[:-2]
        return (word, stem + "ого", stem + "ому", stem + "ого", stem + "им", stem + "ом")
    if word[-1] in "ая":
        return _first_declension(word)
    return _noun_forms(word)


def _female_surname_forms(word: str) -> tuple[str, ...]:
    if word.endswith(_MASC_SURNAME_ENDINGS) and len(word) > 3:
        word += "а"  # Токаев with gender=female means Токаева
    if word.endswith(_FEM_SURNAME_ENDINGS):
        stem = word[:-1]
        return (word, stem + "ой", stem + "ой", stem + "у", stem + "ой", stem + "ой")
    if word.endswith(("ская", "цкая")):
        stem = word[:-2]
        return (word, stem + "ой", stem + "ой", stem + "ую", stem + "ой", stem + "ой")
    if word[-1] in "ая":
        return _first_declension(word)
    return (word,) * 6  # a woman's surname in a consonant (Тилеужан) does not decline


def _surname_plural(word: str) -> tuple[str, ...]:
    """Plural (the Tokayev family) of each hyphen part; the same for men and women."""
    lower = word.lower()
    parts = [_lower_plural(p) for p in lower.split("-")]
    return tuple(match_case(word, "-".join(col)) for col in zip(*parts))


@lru_cache(maxsize=65536)
def _lower_plural(word: str) -> tuple[str, ...]:
    if word.endswith(_FEM_SURNAME_ENDINGS):
        word = word[:-1]
    if word.endswith(_MASC_SURNAME_ENDINGS) and len(word) > 3:
        return (word + "ы", word + "ых", word + "ым", word + "ых", word + "ыми", word + "ых")
    if word.endswith(("ский", "цкий", "ская", "цкая")):
        stem = word[:-2]
        return (stem + "ие", stem + "их", stem + "им", stem + "их", stem + "ими", stem + "их")
    return (word,) * 6  # other surnames: the plural is rare in print and not generated


def _patronymic_forms(word: str, gender: str) -> tuple[str, ...]:
    if word.endswith(_INDECLINABLE_ENDINGS) or "-" in word:
        return (word,) * 6
    if word.endswith(("вна", "чна")):
        stem = word[:-1]
        return (word, stem + "ы", stem + "е", stem + "у", stem + "ой", stem + "е")
    return (word, word + "а", word + "у", word + "а", word + "ем", word + "е")


def _given_forms(word: str, gender: str) -> tuple[str, ...]:
    if "-" in word:  # Касым-Жомарт: both parts decline
        parts = [_given_forms(p, gender) for p in word.split("-")]
        return tuple("-".join(col) for col in zip(*parts))
    if word[-1] in "ая":
        return _first_declension(word)
    if _ends_in_fixed_vowel(word):
        return (word,) * 6
    if gender == "female" and word[-1] != "ь":
        return (word,) * 6  # Айгерим: a woman's name in a consonant does not decline
    return _petrovich_forms(word, gender)


def _ends_in_fixed_vowel(word: str) -> bool:
    return word[-1] in "еёиоуыэю"


def _first_declension(word: str) -> tuple[str, ...]:
    """Nouns in -а/-я of either gender: Мадина, Никита, Астана, Айша, Мария."""
    stem, last = word[:-1], word[-1]
    if word.endswith("ия"):
        return (word, stem + "и", stem + "и", stem + "ю", stem + "ей", stem + "и")
    if last == "я":
        return (word, stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "е")
    gen = stem + ("и" if stem[-1:] in _VELARS_AND_SIBILANTS else "ы")
    ins = stem + ("ей" if stem[-1:] in _SIBILANTS else "ой")
    return (word, gen, stem + "е", stem + "у", ins, stem + "е")


def _noun_forms(word: str) -> tuple[str, ...]:
    """Masculine nouns in a consonant, -й or -ь (used for surnames petrovich is not asked about)."""
    if word.endswith("ий"):
        stem = word[:-1]
        return (word, stem + "я", stem + "ю", stem + "я", stem + "ем", stem + "и")
    if word[-1] in "йь":
        stem = word[:-1]
        return (word, stem + "я", stem + "ю", stem + "я", stem + "ем", stem + "е")
    if word[-1] not in _CONSONANTS:
        return (word,) * 6
    ins = word + ("ем" if word[-1] in _SIBILANTS else "ом")
    return (word, word + "а", word + "у", word + "а", ins, word + "е")


def _petrovich_forms(word: str, gender: str) -> tuple[str, ...]:
    from petrovich.enums import Case

    engine = _petrovich()
    order = (Case.GENITIVE, Case.DATIVE, Case.ACCUSATIVE, Case.INSTRUMENTAL, Case.PREPOSITIONAL)
    forms = tuple(engine.firstname(word, case, gender) for case in order)
    if all(form == word for form in forms):
        return _noun_forms(word) if gender == "male" else (word,) * 6
    if word.endswith("ий"):
        forms = forms[:4] + (word[:-1] + "и",)  # petrovich writes *Василие*
    return (word,) + forms


@lru_cache(maxsize=1)
def _petrovich():
    """One rule set for the process: loading its JSON costs ~10 ms."""
    from petrovich.main import Petrovich

    return Petrovich()
