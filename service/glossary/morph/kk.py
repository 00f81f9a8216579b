"""Kazakh case, plural and possessive endings on the last word of a name.

Kazakh is agglutinative: a name takes its endings once, at the end (Қасым-Жомарт Тоқаевтың),
chained plural → possessive → case. Each ending has variants chosen by vowel harmony (the
last back or front vowel of the stem; for -ов/-ев surnames the vowel before the ending, so
Тоқаев is back) and by the stem's last sound (vowel; м н ң; л р й у and ж з; voiceless and
б в г д, which are devoiced at the end of loanwords).

Why two implementations: ``qazaq-inflector`` declines Cyrillic words correctly (checked
against every form in shared/reference/declension.md and, in the tests, against our own
rules on a list of names), so Cyrillic words go through it. It has no Latin script, writes
abbreviations with a glued upper-case ending (*ҰҚШҰНЫҢ*) and treats a name already ending in
a possessive (облысы, Кемелұлы) as a vowel stem (*облысыға*); those go through our rules,
which share its ending tables.

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
    return [(_render(name, tag, scr, abbr, poss), tag) for tag in wanted
            if not (poss and tag.startswith("pl"))]


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
    return head + sep + _last_word(last, tag, scr, abbr, poss)


@lru_cache(maxsize=262144)
def _last_word(word: str, tag: str, scr: _Script, abbr: bool, poss: bool) -> str:
    if tag == "nom":
        return word
    if not scr.latin and not abbr and not poss:
        return _library_form(word, tag)
    return _own_form(word, tag, scr, abbr, poss)


def _own_form(word: str, tag: str, scr: _Script, abbr: bool, poss: bool) -> str:
    """Our rules: Latin script, abbreviations (ҰҚШҰ-ның) and possessive-final names."""
    plural, possessive, case = _parse_tag(tag)
    stem = _Stem.of(word, scr, abbr)
    if poss:
        return stem.add_pronominal(case).text if case != "nom" else word
    if plural:
        stem = stem.add(_PLURAL_ENDINGS[stem.sound_class()] if not stem.ends_in_l() else
                        ("дар", "дер"))
    if possessive:
        stem = stem.add_possessive()
        return stem.add_pronominal(case).text if case != "nom" else stem.text
    return stem.add(_CASE_ENDINGS[case][stem.sound_class()]).text if case != "nom" else stem.text


@dataclass(frozen=True)
class _Stem:
    """Text so far plus the lower-case sounds that decide the next ending."""

    text: str
    sounds: str
    scr: _Script
    hyphen: bool        # the next ending is the first one on an abbreviation: ҰҚШҰ-ның
    upper: bool         # an all-caps word takes all-caps endings (ТОҚАЕВТЫҢ)

    @classmethod
    def of(cls, word: str, scr: _Script, abbr: bool) -> "_Stem":
        if abbr:
            return cls(word, _abbreviation_reading(word, scr), scr, True, False)
        last_part = word.rpartition("-")[2]
        upper = len(last_part) > 1 and last_part.isupper()
        return cls(word, _strip_surname(last_part.lower(), scr), scr, False, upper)

    def is_back(self) -> bool:
        for ch in reversed(self.sounds):
            if ch in self.scr.back:
                return True
            if ch in self.scr.front:
                return False
        return True

    def sound_class(self) -> str:
        last = self.sounds[-1:] or "а"
        if last in self.scr.vowels:
            return "vowel"
        if last in self.scr.nasals:
            return "nasal"
        if last in self.scr.voiced:
            return "voiced"
        if last in self.scr.voiceless:
            return "voiceless"
        return "sonorant"

    def ends_in_l(self) -> bool:
        return self.sounds.endswith(self.scr.plural_after_l)

    def add(self, pair: tuple[str, str]) -> "_Stem":
        ending = pair[0] if self.is_back() else pair[1]
        if self.scr.latin:
            ending = ending.translate(_TO_LATIN)
        written = ending.upper() if self.upper else ending
        text = self.text + ("-" if self.hyphen else "") + written
        return _Stem(text, self.sounds + ending, self.scr, False, self.upper)

    def add_possessive(self) -> "_Stem":
        if self.sound_class() == "vowel":
            return self.add(("сы", "сі"))
        voiced = self._voiced_end()
        return voiced.add(("ы", "і"))

    def _voiced_end(self) -> "_Stem":
        last = self.sounds[-1:]
        if self.hyphen or last not in self.scr.voicing:
            return self
        new = self.scr.voicing[last]
        written = new.upper() if self.text[-1].isupper() else new
        return _Stem(self.text[:-1] + written, self.sounds[:-1] + new, self.scr, False, self.upper)

    def add_pronominal(self, case: str) -> "_Stem":
        return self.add(_PRONOMINAL_ENDINGS[case])


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
    if last in scr.vowels or last in scr.back or last in scr.front:
        return last
    if last in ("у", "и", "u", "i"):
        return last
    if last in scr.nasals and last in ("ң", "ñ"):
        return scr.consonant_reading + last
    return last + scr.consonant_reading


# ---------------------------------------------------------------- qazaq-inflector


def _library_form(word: str, tag: str) -> str:
    plural, possessive, case = _parse_tag(tag)
    lib = _inflector()
    if possessive:
        return lib.possessive(word, "3", _LIBRARY_CASES.get(case, "nominative"), plural)
    stem = lib.pluralize(word) if plural else word
    return lib.inflect(stem, _LIBRARY_CASES[case]) if case != "nom" else stem


@lru_cache(maxsize=1)
def _inflector():
    from qazaq_inflector import QazaqNameInflector

    return QazaqNameInflector(strict=True)
