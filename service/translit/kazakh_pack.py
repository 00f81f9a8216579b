"""Kazakh (2021 Latin alphabet) as a `transliterate` language pack, registered under "kk".

`transliterate` ships no Kazakh pack. The 2021 alphabet is nearly one letter for one
letter, which is exactly what a pack expresses (a character table plus a few multi-letter
pre-processor rules), so this scheme is served by the package. What a pack cannot express
is handled around it in ``_kk2021_*`` below: case of whole words (a pack cases letter by
letter, so "ЧАЙ" would become "ChAI") and и/й, which share "i" (read back as й after a
vowel). The other schemes need context rules (BGN "ye" after a vowel, GOST "c" before
front vowels) that a pack cannot state, so they use the tables in ``tables.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transliterate.base import TranslitLanguagePack, registry
from transliterate.discover import autodiscover

from service.translit.tables import KK_SCHEMES

LANGUAGE_CODE = "kk"
_SCHEME = KK_SCHEMES["kk-2021"]

# One Latin letter <-> one Cyrillic letter (lower then upper case).
_LATIN = "aäbdefgğhıijklmnñoöpqrsştuūüvyz"
_CYRILLIC = "аәбдефгғхіижклмнңоөпқрсштуұүвыз"
_LATIN_UPPER = "AÄBDEFGĞHIİJKLMNÑOÖPQRSŞTUŪÜVYZ"


class KazakhLanguagePack(TranslitLanguagePack):
    """Kazakh Cyrillic <-> Kazakh Latin (2021). Forward (pack sense) is Latin → Cyrillic."""

    language_code = LANGUAGE_CODE
    language_name = "Kazakh"
    character_ranges = ((0x0400, 0x04FF),)
    mapping = (_LATIN + _LATIN_UPPER, _CYRILLIC + _CYRILLIC.upper())
    # Letters that collapse onto another's Latin letter: written, never read back.
    reversed_specific_mapping = ("йЙһҺэЭ", "iİhHeE")
    # Multi-letter spellings that read back unambiguously.
    pre_processor_mapping = {"ch": "ч", "Ch": "Ч", "şş": "щ", "Şş": "Щ",
                             "ia": "я", "İa": "Я", "iu": "ю", "İu": "Ю"}
    # Borrowed letters with no 2021 letter of their own, written but read back as тс, ио.
    reversed_specific_pre_processor_mapping = {"ц": "ts", "Ц": "Ts", "ё": "io", "Ё": "İo",
                                               "ъ": "", "Ъ": "", "ь": "", "Ь": ""}


def register() -> None:
    """Register after autodiscovery: a non-empty registry stops `transliterate` discovering
    its own packs, which would break translit(..., "ru") for everyone else."""
    if not registry.registry:
        autodiscover()
    registry.register(KazakhLanguagePack)


@lru_cache(maxsize=1)
def _pack() -> TranslitLanguagePack:
    register()
    return registry.get(LANGUAGE_CODE)()


_WORD = re.compile(r"[^\W\d_]+")
_VOWELS = "aäeıoöuūüy"      # not i itself: "ii" is и + и/я (Ilias), not и + й
# i after a vowel is й, unless it starts ia/iu, which read back as я/ю (саяси, аю).
_I_AFTER_VOWEL = re.compile(f"(?<=[{_VOWELS}{_VOWELS.upper()}])i(?![au])")


def kk2021_to_latin(text: str) -> str:
    return _WORD.sub(lambda m: _word_to_latin(m.group(0)), text)


def kk2021_to_cyrillic(text: str) -> str:
    return _WORD.sub(lambda m: _word_to_cyrillic(m.group(0)), text)


def _is_all_caps(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _word_to_latin(word: str) -> str:
    if not _is_all_caps(word):
        return _pack().translit(word, reversed=True)
    latin = _pack().translit(word.lower(), reversed=True)
    return "".join(_SCHEME.upper.get(ch) or ch.upper() for ch in latin)


def _word_to_cyrillic(word: str) -> str:
    all_caps = _is_all_caps(word)
    if all_caps:
        capitals = {upper: lower for lower, upper in _SCHEME.upper.items()}
        word = "".join(capitals.get(ch) or ch.lower() for ch in word)
    word = _I_AFTER_VOWEL.sub("й", word)
    cyrillic = _pack().translit(word)
    return cyrillic.upper() if all_caps else cyrillic
