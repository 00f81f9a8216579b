"""Best-effort Latin → Cyrillic for the lossy schemes (press, BGN/PCGN, ICAO, ICS-630).

These spellings drop information (ye is е or ье, y is ы, й or the end of -ий), so the
reverse reads them the way English-language writers use them rather than inverting a
table. `transliterate`'s own Russian pack turns "Tokayev" into "Токаыев"; the rules here
read "ye" after a vowel as е, so it becomes "Токаев". Every rule is listed in
docs/transliteration.md; anything the rules get wrong is what the glossary is for.
"""

from __future__ import annotations

import re

from service.translit.kk_harmony import harmony_of_vowels

_WORD = re.compile(r"[^\W\d_]+(?:[’”][^\W\d_]+)*(?:['’]s\b)?")
_LATIN_VOWELS = frozenset("aeiouyäöüūīëə")
_BGN_MARKS = frozenset("äöüūī")

# English spellings that no letter rule can read (official spellings of Kazakh names
# double s between vowels so English readers do not voice it).
WORD_EXCEPTIONS = {"kassym": "касым"}

_PLAIN = {"a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
          "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
          "t": "т", "u": "у", "v": "в", "z": "з", "w": "в", "c": "к", "x": "кс", "q": "к",
          "j": "дж", "ë": "ё", "ä": "ә", "ö": "ө", "ü": "ү", "ū": "у", "ī": "и", "ğ": "ғ",
          "ş": "ш", "ñ": "ң", "’": "ь", "”": "ъ"}
_DIGRAPHS_RU = {"shch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш", "yë": "ё",
                "yo": "ё", "yu": "ю", "ya": "я", "ck": "к"}
_DIGRAPHS_KK = dict(_DIGRAPHS_RU, gh="ғ", ng="ң")    # ICAO writes ғ ң as g n: no gh/ng there
_KK_PLAIN = dict(_PLAIN, q="қ", j="ж")


def english_to_cyrillic(text: str, lang: str, scheme: str) -> str:
    reader = _Reader(lang, scheme)
    return _WORD.sub(lambda m: reader.word(m.group(0)), text)


class _Reader:
    """Reads one word left to right; each step returns (cyrillic, letters consumed)."""

    def __init__(self, lang: str, scheme: str):
        self.lang, self.scheme = lang, scheme
        self.digraphs = dict(_DIGRAPHS_KK if lang == "kk" else _DIGRAPHS_RU)
        if scheme == "icao":
            self.digraphs.update(iu="ю", ia="я")
            if lang == "kk":
                del self.digraphs["gh"], self.digraphs["ng"]
        self.plain = _KK_PLAIN if lang == "kk" else _PLAIN
        self.longest = max(map(len, self.digraphs))

    def word(self, word: str) -> str:
        lower = word.lower()
        if lower in WORD_EXCEPTIONS:
            return _recase(WORD_EXCEPTIONS[lower], word)
        if lower.endswith(("’s", "'s")):         # English possessive: keep it as written
            return self.word(word[:-2]) + word[-2:]
        harmony = self._harmony(lower)
        pieces: list[tuple[str, int]] = []
        index = 0
        while index < len(lower):
            cyr, used = self._step(lower, index, harmony)
            pieces.append((cyr, index))
            index += used
        return _restore_case(pieces, word)

    def _harmony(self, word: str) -> dict[int, bool] | None:
        """Per-vowel front/back for Kazakh o u i, or None where the letters say it: Russian,
        and BGN/PCGN words that carry its marks (ö ü ū ī are written, so o u i are о ұ і).
        An unmarked word under BGN/PCGN is an English spelling: o/u by harmony, i stays і."""
        if self.lang != "kk" or (self.scheme == "bgn-pcgn" and set(word) & _BGN_MARKS):
            return None
        return harmony_of_vowels(word, marks_i=self.scheme != "bgn-pcgn")

    def _step(self, word: str, index: int, harmony: dict[int, bool] | None) -> tuple[str, int]:
        for rule in (self._ending, self._ye, self._y, self._double_s):
            found = rule(word, index)
            if found:
                return found
        for size in range(min(self.longest, len(word) - index), 1, -1):
            chunk = word[index:index + size]
            if chunk in self.digraphs:
                return self.digraphs[chunk], size
        return self._letter(word, index, harmony), 1

    def _ending(self, word: str, index: int) -> tuple[str, int] | None:
        """-iy -ii -yy at the end are -ий -ий -ый (Dmitriy, Dmitrii, Groznyy)."""
        tail = word[index:]
        if self.lang == "ru" and index > 0 and tail in ("iy", "ii", "yy"):
            return ("ый" if tail == "yy" else "ий"), 2
        return None

    def _ye(self, word: str, index: int) -> tuple[str, int] | None:
        """ye is е at word start and after a vowel, ье after a consonant (Vasilyev)."""
        if not word.startswith(("ye", "yë"), index):
            return None
        before = word[index - 1] if index > 0 else ""
        soft = self.lang == "ru" and before.isalpha() and before not in _LATIN_VOWELS
        return ("ье" if soft else "е") if word[index + 1] == "e" else ("ьё" if soft else "ё"), 2

    def _y(self, word: str, index: int) -> tuple[str, int] | None:
        """y: й after a vowel, final -y after a consonant is -ий in Russian (Dmitry)."""
        if word[index] != "y" or word.startswith(("yu", "ya", "yo"), index):
            return None
        after_vowel = index > 0 and word[index - 1] in _LATIN_VOWELS
        if after_vowel:
            return "й", 1
        if self.lang == "ru" and self.scheme == "press" and index == len(word) - 1 and index > 1:
            return "ий", 1
        return "ы", 1

    def _double_s(self, word: str, index: int) -> tuple[str, int] | None:
        """Kazakh names in English double s between vowels (Issekeshev, Yessimov): one с."""
        if self.lang != "kk" or not word.startswith("ss", index) or index == 0:
            return None
        between = word[index - 1] in _LATIN_VOWELS and word[index + 2:index + 3] in _LATIN_VOWELS
        return ("с", 2) if between and word[index + 2:] else None

    def _letter(self, word: str, index: int, harmony: dict[int, bool] | None) -> str:
        letter = word[index]
        if letter == "i" and self.lang == "ru" and self.scheme == "press" and _press_short_i(word, index):
            return "й"
        if letter == "e" and self.lang == "ru" and self.scheme != "icao":
            if index == 0 or word[index - 1] in _LATIN_VOWELS:
                return "э"   # е itself would have been written ye here
        if self.lang == "kk" and letter == "i" and index > 0 and word[index - 1] in "aeouyäöü":
            return "й"       # ICAO writes й as i: after a vowel it is й (Aigul)
        if harmony is not None:
            return _kk_harmony(word, index, harmony) or self.plain.get(letter, letter)
        if self.lang == "kk" and letter == "i":
            return "і"       # BGN/PCGN writes и as ī, so plain i is і
        if self.lang == "kk" and letter == "u":
            return "ұ"       # BGN/PCGN writes у as ū and ү as ü, so plain u is ұ
        return self.plain.get(letter, letter)


def _press_short_i(word: str, index: int) -> bool:
    """The press writes й after e/o as i (Sergei, Tsoi, Shoigu) and final -ай as -ai
    (Nikolai); elsewhere ai is а + и (Mikhail, Raisa), so only those two read as й."""
    before = word[index - 1] if index > 0 else ""
    following = word[index + 1:index + 2]
    at_end_or_consonant = following == "" or following not in _LATIN_VOWELS
    return (before in ("e", "o") and at_end_or_consonant) or (before == "a" and following == "")


def _kk_harmony(word: str, index: int, harmony: dict[int, bool]) -> str | None:
    """ICS-630 and ICAO drop the marks of ө ү і: restore them from the vowel's harmony
    (service/translit/kk_harmony.py). u next to a vowel is у; i with no harmony is і."""
    letter = word[index]
    front = harmony.get(index)
    if letter == "u":
        following = word[index + 1:index + 2]
        next_to_vowel = (index > 0 and word[index - 1] in _LATIN_VOWELS) or \
            (following != "" and following in _LATIN_VOWELS)
        return "у" if next_to_vowel else ("ү" if front else "ұ")
    if letter == "o":
        return "ө" if front else "о"
    if letter == "i":
        return "и" if front is False else "і"
    return None


def _recase(cyrillic: str, word: str) -> str:
    if len(word) > 1 and word.isupper():
        return cyrillic.upper()
    return cyrillic[:1].upper() + cyrillic[1:] if word[:1].isupper() else cyrillic


def _restore_case(pieces: list[tuple[str, int]], word: str) -> str:
    all_caps = len(word) > 1 and word.isupper()
    cased = []
    for cyr, start in pieces:
        if all_caps:
            cased.append(cyr.upper())
        elif word[start].isupper():
            cased.append(cyr[:1].upper() + cyr[1:])
        else:
            cased.append(cyr)
    return "".join(cased)

