"""Table-driven romanization with word-aware case and the few context rules the schemes need.

Works word by word: a word is a run of letters, so "Касым-Жомарт" is two words and each
keeps its own capital. A letter's Latin output is computed in lower case and then cased
from the source letter: upper in an ALL-CAPS word gives "ZH", upper elsewhere "Zh".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from service.translit.tables import KK_VOWELS, RU_VOWELS, Scheme

_WORD = re.compile(r"[^\W\d_]+")
_YE_TRIGGERS = RU_VOWELS | frozenset("йъь")
_HUSHERS = frozenset("жчшщ")


def romanize(text: str, scheme: Scheme) -> str:
    """Cyrillic → Latin for one scheme; anything not in the table passes through."""
    return _WORD.sub(lambda m: _romanize_word(m.group(0), scheme), text)


def _romanize_word(word: str, scheme: Scheme) -> str:
    lower = word.lower()
    all_caps = len(word) > 1 and word.isupper()
    pieces = []
    for index, letter in enumerate(lower):
        latin = _letter(lower, index, scheme)
        pieces.append(_cased(latin, word[index], all_caps, scheme) if latin is not None
                      else word[index])
    return "".join(pieces)


def _letter(word: str, index: int, scheme: Scheme) -> str | None:
    for rule in scheme.rules:
        result = _RULES[rule](word, index)
        if result is not None:
            return result
    return scheme.letters.get(word[index])


def _cased(latin: str, source: str, all_caps: bool, scheme: Scheme) -> str:
    if not source.isupper() or not latin:
        return latin
    if all_caps:
        return "".join(_upper(ch, scheme) for ch in latin)
    return _upper(latin[0], scheme) + latin[1:]


def _upper(letter: str, scheme: Scheme) -> str:
    return scheme.upper.get(letter) or letter.upper()


def _previous(word: str, index: int) -> str | None:
    return word[index - 1] if index > 0 else None


def _ye_rule(word: str, index: int) -> str | None:
    """BGN/PCGN: е ё are ye yë at word start and after a vowel, й, ъ or ь."""
    letter, before = word[index], _previous(word, index)
    if letter not in "её" or not (before is None or before in _YE_TRIGGERS):
        return None
    return "ye" if letter == "е" else "yë"


def _ye_press(word: str, index: int) -> str | None:
    """Press: ye as in BGN; ё is yo, but o after the hushers (Gorbachov-type spellings)."""
    letter, before = word[index], _previous(word, index)
    if letter == "е" and (before is None or before in _YE_TRIGGERS):
        return "ye"
    if letter == "ё" and before in _HUSHERS:
        return "o"
    return None


def _final_iy(word: str, index: int) -> str | None:
    """Press: final -ий/-ый is -y (Dmitry, Grozny); the й itself then writes nothing."""
    if len(word) < 3 or not word.endswith(("ий", "ый")):
        return None
    if index == len(word) - 2:
        return "y"
    if index == len(word) - 1:
        return ""
    return None


def _gost_c(word: str, index: int) -> str | None:
    """GOST 7.79 B: ц is c before е и ы й (and cz everywhere else)."""
    if word[index] != "ц" or index + 1 >= len(word):
        return None
    return "c" if word[index + 1] in "еийы" else None


_RULES: dict[str, Callable[[str, int], str | None]] = {
    "ye": _ye_rule, "ye-press": _ye_press, "final-iy": _final_iy, "gost-c": _gost_c,
}


# ---- exact reverse for the reversible table schemes ---------------------------------

def inverse_table(scheme: Scheme) -> dict[str, str]:
    """Latin chunk → Cyrillic letter, including outputs only a context rule produces."""
    inverse: dict[str, str] = {}
    for cyr, latin in scheme.letters.items():
        if latin:
            inverse.setdefault(latin, cyr)     # table order: е before э wins "e"
    if "gost-c" in scheme.rules:
        inverse["c"] = "ц"
    if scheme.lang == "kk":
        # и/й and х/һ share a Latin letter: и (й after a vowel, see _kk_short_i) and х.
        # ц and ё have no letter of their own; their spellings read back as тс and ио.
        inverse[scheme.letters["и"]] = "и"
        inverse["h"] = "х"
        for borrowed in "цё":
            inverse.pop(scheme.letters[borrowed], None)
    return inverse


def deromanize_exact(text: str, scheme: Scheme) -> str:
    """Latin → Cyrillic by longest match over the inverse table, case from the Latin."""
    inverse = inverse_table(scheme)
    longest = max(len(key) for key in inverse)
    return _LATIN_WORD.sub(lambda m: _deromanize_word(m.group(0), scheme, inverse, longest), text)


_LATIN_WORD = re.compile(r"(?:[^\W\d_]|[`ʹʺ])+")


def _deromanize_word(word: str, scheme: Scheme, inverse: dict[str, str], longest: int) -> str:
    lower = _lower(word, scheme)
    # No lower-case letter: upper case, so caseless marks (`` ʹ) read back as Ъ Ь.
    all_caps = any(ch.isupper() for ch in word) and not any(ch.islower() for ch in word)
    out: list[str] = []
    index = 0
    while index < len(lower):
        for size in range(min(longest, len(lower) - index), 0, -1):
            chunk = lower[index:index + size]
            if chunk in inverse:
                cyr = _kk_short_i(inverse[chunk], out, scheme)
                out.append(cyr.upper() if all_caps or word[index].isupper() else cyr)
                index += size
                break
        else:
            out.append(word[index])
            index += 1
    return "".join(out)


def _lower(word: str, scheme: Scheme) -> str:
    """Lower-case letter by letter so İ → i and I → ı stay one code point each."""
    capitals = {upper: lower for lower, upper in scheme.upper.items()}
    return "".join(capitals.get(ch) or ch.lower() for ch in word)


def _kk_short_i(cyr: str, out: list[str], scheme: Scheme) -> str:
    """Kazakh Latin writes и and й alike; after a vowel it is й (Абай, Айгүл, ойын)."""
    if scheme.lang == "kk" and cyr == "и" and out and out[-1].lower() in KK_VOWELS - {"и"}:
        return "й"
    return cyr
