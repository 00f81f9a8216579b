"""Kazakh case, plural and possessive endings on the last word of a name.

Kazakh is agglutinative: a name takes its endings once, at the end (Қасым-Жомарт Тоқаевтың),
chained plural → possessive → case. Each ending has variants chosen by vowel harmony (the
last back or front vowel of the stem; for -ов/-ев surnames the vowel before the ending, so
Тоқаев is back) and by the stem's last sound (vowel; м н ң; л р й у and ж з; voiceless and
б в г д, which are devoiced at the end of loanwords).

Why our own rules and qazaq-inflector as the oracle: ``qazaq-inflector`` declines Cyrillic
words correctly (it gives every form in shared/reference/declension.md, and the tests check
our output against it for every tag on a list of names), but it has no Latin script, glues
an upper-case ending to abbreviations (*ҰҚШҰНЫҢ*), treats a name already ending in a
possessive (облысы, Кемелұлы) as a vowel stem (*облысыға*), and re-analyses the stem for
each form: ~300 µs for the 28 forms of one name against ~15 µs here (docs/morphology.md).
The glossary builds forms for tens of thousands of names, so the runtime uses the same
ending tables in one pass per word.

Tags are grammatical: "gen", "pl.dat", "poss3.loc", "pl.poss3.abl". A name that already ends
in a third-person possessive (Маңғыстау облысы) takes the pronominal case endings for the
plain case tags (облысында for "loc").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ._common import MorphError, require_choice, require_name

KK_CASES = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")
_PREFIXES = ("", "pl", "poss3", "pl.poss3")
KK_TAGS = tuple(
    (prefix or "nom") if case == "nom" else (f"{prefix}.{case}" if prefix else case)
    for prefix in _PREFIXES for case in KK_CASES)
KK_SCRIPTS = ("Cyrl", "Latn")

# (back, front) variants per sound class of the stem's end; written in Cyrillic, mapped for Latin
_CASE_ENDINGS: dict[str, dict[str, tuple[str, str]]] = {
    "gen": {"vowel": ("ның", "нің"), "nasal": ("ның", "нің"), "sonorant": ("дың", "дің"),
            "voiced": ("дың", "дің"), "voiceless": ("тың", "тің")},
    "dat": {"vowel": ("ға", "ге"), "nasal": ("ға", "ге"), "sonorant": ("ға", "ге"),
            "voiced": ("ға", "ге"), "voiceless": ("қа", "ке")},
    "acc": {"vowel": ("ны", "ні"), "nasal": ("ды", "ді"), "sonorant": ("ды", "ді"),
            "voiced": ("ды", "ді"), "voiceless": ("ты", "ті")},
    "loc": {"vowel": ("да", "де"), "nasal": ("да", "де"), "sonorant": ("да", "де"),
            "voiced": ("да", "де"), "voiceless": ("та", "те")},
    "abl": {"vowel": ("дан", "ден"), "nasal": ("нан", "нен"), "sonorant": ("дан", "ден"),
            "voiced": ("дан", "ден"), "voiceless": ("тан", "тен")},
    "ins": {"vowel": ("мен", "мен"), "nasal": ("мен", "мен"), "sonorant": ("мен", "мен"),
            "voiced": ("бен", "бен"), "voiceless": ("пен", "пен")},
}
# after a third-person possessive the cases take a pronominal -н-: облысында, Кемелұлына
_PRONOMINAL_ENDINGS = {"gen": ("ның", "нің"), "dat": ("на", "не"), "acc": ("н", "н"),
                       "loc": ("нда", "нде"), "abl": ("нан", "нен"), "ins": ("мен", "мен")}
_PLURAL_ENDINGS = {"vowel": ("лар", "лер"), "sonorant": ("лар", "лер"), "nasal": ("дар", "дер"),
                   "voiced": ("дар", "дер"), "voiceless": ("тар", "тер")}
_LIBRARY_CASES = {"gen": "genitive", "dat": "dative", "acc": "accusative", "loc": "locative",
                  "abl": "ablative", "ins": "instrumental"}
_TO_LATIN = str.maketrans({"н": "n", "ы": "y", "ң": "ñ", "і": "ı", "д": "d", "т": "t",
                           "ғ": "ğ", "а": "a", "қ": "q", "к": "k", "е": "e", "г": "g",
                           "м": "m", "б": "b", "п": "p", "л": "l", "р": "r", "с": "s"})


@dataclass(frozen=True, eq=False)  # hashed by identity: two module-level instances
class _Script:
    back: frozenset
    front: frozenset
    vowels: frozenset          # letters that end a stem as a vowel (и/у/i/u behave as sonorants)
    nasals: frozenset
    voiced: frozenset          # ж з: instrumental -бен
    voiceless: frozenset       # incl. б в г д, devoiced at the end of a word
    surname_endings: tuple     # harmony skips these: Тоқаев is back like Тоқа-
    voicing: dict              # п к қ voice before a vowel: Сұлтанбек → Сұлтанбегі
    patronymics: tuple         # ұлы, қызы: already possessive
    possessive_ends: tuple     # ы і: a final possessive in a multi-word name
    plural_after_l: str        # л takes -дар
    consonant_reading: str     # how a consonant letter is read out in an abbreviation (бы, ды)
    latin: bool


_CYRL = _Script(
    back=frozenset("аұыояюё"), front=frozenset("әүіөеэ"),
    vowels=frozenset("аәеэоөұүыіяюё"), nasals=frozenset("мнң"), voiced=frozenset("жз"),
    voiceless=frozenset("кқпстфхцчшщбвгд"), surname_endings=("ов", "ев"),
    voicing={"п": "б", "к": "г", "қ": "ғ"}, patronymics=("ұлы", "қызы", "улы", "кызы"),
    possessive_ends=("ы", "і"), plural_after_l="л", consonant_reading="ы", latin=False)
_LATN = _Script(
    back=frozenset("aūyo"), front=frozenset("äüıöe"),
    vowels=frozenset("aäeoöūüyı"), nasals=frozenset("mnñ"), voiced=frozenset("jz"),
    voiceless=frozenset("kqpstfhcşçxbvgd"), surname_endings=("ov", "ev"),
    voicing={"p": "b", "k": "g", "q": "ğ"}, patronymics=("ūly", "uly", "qyzy"),
    possessive_ends=("y", "ı"), plural_after_l="l", consonant_reading="y", latin=True)


# ---------------------------------------------------------------- public API


def kk_forms(name: str, *, script: str = "Cyrl", abbreviation: bool | None = None,
             possessive: bool | None = None,
             tags: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """Every (surface, tag) of ``name`` with endings on its last word, the base form as "nom".

    ``abbreviation``/``possessive`` override the guesses (all-caps single word of ≤ 5
    letters; multi-word name ending in -ы/-і or a -ұлы/-қызы word). A name ending in a
    possessive has no generated plural tags. ``tags`` limits the output to those tags.
    """
    name, scr, abbr, poss = _prepare(name, script, abbreviation, possessive)
    wanted = _check_tags(tags) if tags is not None else KK_TAGS
    return list(_forms(name, scr, abbr, poss, wanted))


@lru_cache(maxsize=65536)
def _forms(name: str, scr: _Script, abbr: bool, poss: bool,
           wanted: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    head, sep, last = name.rpartition(" ")
    paradigm = _paradigm(last, scr, abbr, poss)
    return tuple((head + sep + paradigm[tag], tag) for tag in wanted
                 if not (poss and tag.startswith("pl")))


def kk_inflect(name: str, tag: str, *, script: str = "Cyrl", abbreviation: bool | None = None,
               possessive: bool | None = None) -> str:
    """``name`` with the endings of ``tag``, in its own vowel harmony (re-applies a tag)."""
    name, scr, abbr, poss = _prepare(name, script, abbreviation, possessive)
    require_choice("tag", tag, KK_TAGS)
    if poss and tag.startswith("pl"):
        raise MorphError(f"tag {tag!r}: the plural of {name!r}, which already ends in a "
                         "possessive, is not generated; use a singular tag", field="tag")
    return _render(name, tag, scr, abbr, poss)


def is_abbreviation(name: str) -> bool:
    """The guess used when ``abbreviation`` is None: one all-caps word of 2-5 letters."""
    word = name.strip()
    return (" " not in word and "-" not in word and word.isupper()
            and 2 <= sum(ch.isalpha() for ch in word) <= 5)


# ---------------------------------------------------------------- validation


def _prepare(name: object, script: object, abbreviation: bool | None,
             possessive: bool | None) -> tuple[str, _Script, bool, bool]:
    require_choice("script", script, KK_SCRIPTS)
    name = require_name(name)
    scr = _LATN if script == "Latn" else _CYRL
    abbr = is_abbreviation(name) if abbreviation is None else bool(abbreviation)
    poss = _ends_in_possessive(name, scr) if possessive is None else bool(possessive)
    return name, scr, abbr, poss and not abbr


def _check_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    for tag in tags:
        require_choice("tag", tag, KK_TAGS)
    return tuple(tags)


def _ends_in_possessive(name: str, scr: _Script) -> bool:
    words = name.lower().split()
    last = words[-1]
    if last.endswith(scr.patronymics):
        return True
    return len(words) > 1 and len(last) > 2 and last.endswith(scr.possessive_ends)


def _parse_tag(tag: str) -> tuple[bool, bool, str]:
    """(plural, possessive, case) of a tag: "pl.poss3.loc" → (True, True, "loc")."""
    parts = tag.split(".")
    case = parts[-1] if parts[-1] in KK_CASES else "nom"
    return "pl" in parts, "poss3" in parts, case


# ---------------------------------------------------------------- rendering


def _render(name: str, tag: str, scr: _Script, abbr: bool, poss: bool) -> str:
    head, sep, last = name.rpartition(" ")
    return head + sep + _paradigm(last, scr, abbr, poss)[tag]


@lru_cache(maxsize=131072)
def _paradigm(word: str, scr: _Script, abbr: bool, poss: bool) -> dict[str, str]:
    """{tag: form} of one word: the stem plus a cached table of endings.

    Harmony and sound class are worked out once per word. Every ending keeps the stem's
    harmony, a plural stem ends in -р (a sonorant) and a possessive stem in a vowel, so the
    endings depend only on (harmony, class, case style) and are shared by all words alike.
    """
    last_part = word.rpartition("-")[2]
    sounds = _abbreviation_reading(word, scr) if abbr else _strip_surname(last_part.lower(), scr)
    upper = not abbr and len(last_part) > 1 and last_part.isupper()
    front = 0 if _is_back(sounds, scr) else 1
    cls = _sound_class(sounds, scr)
    endings = _endings(scr, front, cls, sounds.endswith(scr.plural_after_l), upper, abbr, poss)
    voiced = word if cls == "vowel" else _voiced(word, scr, abbr)
    return {tag: (voiced if tag.startswith("poss3") else word) + ending
            for tag, ending in endings}


@lru_cache(maxsize=1024)
def _endings(scr: _Script, front: int, cls: str, ends_in_l: bool, upper: bool, abbr: bool,
             poss: bool) -> tuple[tuple[str, str], ...]:
    """(tag, ending) for every tag of a stem of this harmony, class and case style."""

    def ending(pair: tuple[str, str]) -> str:
        text = pair[front].translate(_TO_LATIN) if scr.latin else pair[front]
        return text.upper() if upper else text

    forms = {"nom": ""}
    if poss:
        for case in KK_CASES[1:]:
            forms[case] = ending(_PRONOMINAL_ENDINGS[case])
        forms["poss3"] = ""
        forms.update({f"poss3.{case}": forms[case] for case in KK_CASES[1:]})
        return tuple(forms.items())
    join = "-" if abbr else ""
    for case in KK_CASES[1:]:
        forms[case] = join + ending(_CASE_ENDINGS[case][cls])
    plural_pair = ("дар", "дер") if ends_in_l else _PLURAL_ENDINGS[cls]
    _chain(forms, "pl", join + ending(plural_pair), ending, pronominal=False)
    possessive_pair = ("сы", "сі") if cls == "vowel" else ("ы", "і")
    _chain(forms, "poss3", join + ending(possessive_pair), ending, pronominal=True)
    _chain(forms, "pl.poss3", forms["pl"] + ending(("ы", "і")), ending, pronominal=True)
    return tuple(forms.items())


def _chain(forms: dict[str, str], prefix: str, stem: str, ending, *, pronominal: bool) -> None:
    """Case forms on a plural stem (ends in -р) or a possessive stem (pronominal -н-)."""
    forms[prefix] = stem
    for case in KK_CASES[1:]:
        pair = _PRONOMINAL_ENDINGS[case] if pronominal else _CASE_ENDINGS[case]["sonorant"]
        forms[f"{prefix}.{case}"] = stem + ending(pair)


def _is_back(sounds: str, scr: _Script) -> bool:
    for ch in reversed(sounds):
        if ch in scr.back:
            return True
        if ch in scr.front:
            return False
    return True


def _sound_class(sounds: str, scr: _Script) -> str:
    last = sounds[-1:] or "а"
    if last in scr.vowels:
        return "vowel"
    if last in scr.nasals:
        return "nasal"
    if last in scr.voiced:
        return "voiced"
    if last in scr.voiceless:
        return "voiceless"
    return "sonorant"


def _voiced(word: str, scr: _Script, abbr: bool) -> str:
    """п к қ voice before the possessive vowel: Сұлтанбек → Сұлтанбегі."""
    last = word[-1:]
    new = scr.voicing.get(last.lower())
    if abbr or new is None:
        return word
    return word[:-1] + (new.upper() if last.isupper() else new)


def _strip_surname(sounds: str, scr: _Script) -> str:
    """Harmony of Тоқаев comes from Тоқа-; the class still comes from the final в."""
    for ending in scr.surname_endings:
        stem = sounds[:-len(ending)]
        if sounds.endswith(ending) and any(ch in scr.back or ch in scr.front for ch in stem):
            return stem + "\x00" + sounds[-1]
    return sounds


def _abbreviation_reading(word: str, scr: _Script) -> str:
    """How the last letter is read out: a vowel as itself, a consonant with ы (ҚР → қы-ры)."""
    last = word[-1].lower()
    if last in scr.vowels or last in ("у", "и", "u", "i"):
        return last
    if last in ("ң", "ñ"):
        return scr.consonant_reading + last
    return last + scr.consonant_reading
