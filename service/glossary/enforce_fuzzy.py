"""Script-blind name skeletons and edit distance, for finding names a model mangled.

A model writes a name its own way: "Токаев" for Kazakh "Тоқаев", "Tokaev" for "Tokayev",
or leaves "Toqaev" in Latin inside Russian text. Folding every spelling to one rough
Latin skeleton (q→k, zh→j, ye→e, Cyrillic→Latin, no diacritics) makes those spellings
equal or one edit apart, so a small edit-distance threshold finds them without a table of
every possible spelling.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "e", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l",
    "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "c",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "і": "i", "э": "e",
    "ю": "iu", "я": "ia",
}
# Order matters: digraphs before the letters they contain.
_LATIN_FOLDS = (("zh", "j"), ("kh", "h"), ("gh", "g"), ("ts", "c"), ("yu", "iu"),
                ("ya", "ia"), ("ye", "e"), ("yo", "e"), ("q", "k"), ("y", "i"),
                ("w", "v"), ("x", "ks"), ("ss", "s"), ("dj", "j"))
_APOSTROPHES = re.compile(r"['’`ʼ]")


def skeleton(text: str) -> str:
    """Fold a spelling in any of our scripts to a rough Latin key for fuzzy comparison."""
    lowered = text.casefold()
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in lowered)
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", latin)
                       if not unicodedata.combining(ch))
    stripped = stripped.replace("ı", "i")
    stripped = _APOSTROPHES.sub("", stripped)
    for old, new in _LATIN_FOLDS:
        stripped = stripped.replace(old, new)
    return stripped


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance; stops early once every path exceeds ``limit``."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def allowed_distance(reference: str) -> int:
    """Edits tolerated for a skeleton of this length: none for short names and acronyms."""
    if len(reference) < 5:
        return 0
    return max(1, len(reference) // 5)


def common_suffix(a: str, b: str) -> int:
    count = 0
    for ca, cb in zip(reversed(a), reversed(b)):
        if ca != cb:
            break
        count += 1
    return count
