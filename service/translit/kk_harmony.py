"""Kazakh vowel harmony for Latin spellings that drop the marks of ө ү і (ICS-630, ICAO,
English spellings of Kazakh names).

In those spellings o and u stand for о/ө and ұ/ү, so they cannot tell front from back:
treating them as back read Өскемен as "Оскемен". The vowels that can are e and i (front)
and a and y as ы (back). A name is often a compound (Ақ+төбе, Ай+герім) whose parts differ,
so harmony is decided per vowel, not per word:

- o/u take the harmony of the next telling vowel after them (Oskemen → Ө, Aqtobe → Ақтө,
  Turkistan → Тү); with none after them, back (Erbol, Ekibastuz), as before.
- i (і or и) follows the vowel before it, as Kazakh suffixes do (Aygerim → і, Gabit → и,
  Turkistan → Түркі); with none before it, the next telling vowel; with none at all, і.
- Russian surname endings -ov -ova -ev -eva -yev -yeva are not part of the harmony (their
  e would make Tokayev front) and stay о/е.
"""

from __future__ import annotations

FRONT, BACK = True, False
_VOWELS = frozenset("aeiouyäöüūīëə")
_FRONT_LETTERS = frozenset("eäöüə")
_RUSSIAN_ENDINGS = ("yeva", "yev", "eva", "ev", "ova", "ov")


def russian_ending_start(word: str) -> int:
    """Where a Russian surname ending starts in a lower-case word, or len(word)."""
    for ending in _RUSSIAN_ENDINGS:
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= 2 and set(stem) & _VOWELS:
            return len(stem)
    return len(word)


def harmony_of_vowels(word: str, *, marks_i: bool = True) -> dict[int, bool]:
    """FRONT or BACK for each o, u and (if ``marks_i``) i of a lower-case word; vowels of a
    Russian ending are left out, so they read as plain о/е."""
    stem_end = russian_ending_start(word)
    harmony: dict[int, bool] = {}
    for index in range(stem_end):
        if word[index] in "ou":
            harmony[index] = _next_telling(word, index, stem_end, with_i=True)
    if marks_i:
        for index in range(stem_end):
            if word[index] == "i" and _is_vowel_i(word, index):
                harmony[index] = _i_harmony(word, index, stem_end, harmony)
    return harmony


def _telling(word: str, index: int) -> bool | None:
    """FRONT/BACK if this letter shows harmony on its own (e, ä ö ü, a, y as ы), else None."""
    letter = word[index]
    if letter in _FRONT_LETTERS:
        return FRONT
    if letter == "a" or (letter == "y" and _is_vowel_y(word, index)):
        return BACK
    return None


def _next_telling(word: str, index: int, stem_end: int, *, with_i: bool) -> bool:
    for after in range(index + 1, stem_end):
        found = _telling(word, after)
        if found is not None:
            return found
        if with_i and word[after] == "i" and _is_vowel_i(word, after):
            return FRONT
    return BACK


def _i_harmony(word: str, index: int, stem_end: int, harmony: dict[int, bool]) -> bool:
    for before in range(index - 1, -1, -1):
        found = harmony.get(before) if word[before] in "oui" else _telling(word, before)
        if found is not None:
            return found
    for after in range(index + 1, stem_end):
        found = harmony.get(after) if word[after] in "ou" else _telling(word, after)
        if found is not None:
            return found
    return FRONT


def _is_vowel_y(word: str, index: int) -> bool:
    """y is ы unless it is й after a vowel or starts ya/ye/yo/yu."""
    before = word[index - 1] if index > 0 else ""
    after = word[index + 1:index + 2]
    return before not in _VOWELS and (after == "" or after not in _VOWELS)


def _is_vowel_i(word: str, index: int) -> bool:
    """i after a vowel is й (Aigul, Kairat), not a vowel."""
    return index == 0 or word[index - 1] not in _VOWELS
