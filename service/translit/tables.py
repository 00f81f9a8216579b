"""Letter tables for every scheme, transcribed from docs/shared romanization reference.

Tables hold lower-case letters only; case is restored by the engine so that one table
serves Title, UPPER and lower words. Context-dependent letters (BGN/PCGN "ye", GOST B
"c" before front vowels, press "-y" for -ий) are not in the tables: they are rules in
``core.py`` named by ``Scheme.rules`` so each rule is visible next to the table it bends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RU_VOWELS = frozenset("аеёиоуыэюя")
KK_VOWELS = RU_VOWELS | frozenset("әөұүі")

# Letters every Russian scheme writes the same way.
_RU_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "ы": "y", "э": "e", "ж": "zh", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya",
}


def _ru(**overrides: str) -> dict[str, str]:
    table = dict(_RU_COMMON)
    table.update({_cyr(k): v for k, v in overrides.items()})
    return table


_LATIN_NAMES = {"a": "а", "e": "е", "yo": "ё", "zh": "ж", "j": "й", "kh": "х", "ts": "ц",
                "ch": "ч", "sh": "ш", "shch": "щ", "hard": "ъ", "y": "ы", "soft": "ь",
                "e2": "э", "yu": "ю", "ya": "я"}


def _cyr(name: str) -> str:
    """Keyword names for Cyrillic letters so overrides read as Python identifiers."""
    return _LATIN_NAMES[name]


# Russian letters Kazakh also uses, as the Kazakh schemes write them by default.
_KK_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "ф": "f", "ы": "y", "э": "e",
}


def _kk(letters: str, latin: list[str]) -> dict[str, str]:
    """Kazakh table from the reference column order, so the code can be checked against it."""
    assert len(letters) == len(latin), (letters, latin)
    table = dict(_KK_COMMON)
    table.update(zip(letters, latin))
    return table


# Column order of the reference Kazakh table, then the letters it lists together.
KK_COLUMN = "әғқңөұүһіийыужхчшцщёюяъь"


@dataclass(frozen=True)
class Scheme:
    lang: str
    name: str
    title: str
    reversible: bool
    description: str
    letters: dict[str, str]
    rules: tuple[str, ...] = ()
    upper: dict[str, str] = field(default_factory=dict)   # Latin letters with a special capital
    reverse: str = "exact"     # "exact" (inverse table), "pack" (transliterate), "english"
    reversible_note: str = ""  # for which text `reversible` holds, and what does not read back


_LOSSY_NOTE = ("Not reversible: several Cyrillic letters share a spelling; to_cyrillic reads "
               "the Latin the way writers use it (best effort).")
_KK_LATIN_NOTE = (
    "Reversible for native Kazakh spelling only. Russian loanwords do not read back: "
    "Ц → тс (Цой → Тсой, ЦСКА → ТССКА), Ё → ио (Хрущёв → Хрущиов), final -ий → -ии "
    "(Юрий → Юрии), Ъ Ь are dropped (Подъезд → Подезд, Илья → Иля), И after a vowel → Й "
    "(Раиса → Райса); Һ reads back as Х (жиһаз → жихаз).")


RU_SCHEMES = {
    "bgn-pcgn": Scheme(
        "ru", "bgn-pcgn", "BGN/PCGN 1947 (Russian)", False,
        "ye at word start and after a vowel, й, ъ, ь (ë/yë likewise); ъ ь written ” ’. "
        "The optional middle dot (t·s) is not written. Reverse is best-effort.",
        _ru(yo="ë", j="y", hard="”", soft="’"), rules=("ye",), reversible_note=_LOSSY_NOTE),
    "icao": Scheme(
        "ru", "icao", "ICAO Doc 9303 (2015), passports", False,
        "й→i, ю→iu, я→ia, ё→e, ъ→ie, ь dropped. Lossy (ё/е, э/е, ь); reverse is best-effort.",
        _ru(yo="e", j="i", hard="ie", soft="", yu="iu", ya="ia"), reversible_note=_LOSSY_NOTE),
    "gost-7.79-b": Scheme(
        "ru", "gost-7.79-b", "GOST 7.79-2000 system B (ASCII)", True,
        "ASCII only: й→j, х→x, ц→cz (c before е и ы й), щ→shh, ы→y`, э→e`, ъ→``, ь→`. "
        "Reversible for Russian spelling (ь and ъ only after consonants).",
        _ru(yo="yo", j="j", kh="x", ts="cz", shch="shh", y="y`", e2="e`", hard="``", soft="`"),
        rules=("gost-c",),
        reversible_note="Reversible for Russian spelling: ъ and ь only after consonants."),
    "iso9": Scheme(
        "ru", "iso9", "ISO 9:1995 = GOST 7.79-2000 system A", True,
        "One Latin letter per Cyrillic letter, with diacritics (ž č š ŝ û â è ʺ ʹ). "
        "Exactly reversible.",
        _ru(yo="ë", zh="ž", j="j", kh="h", ts="c", ch="č", sh="š", shch="ŝ", hard="ʺ",
            soft="ʹ", e2="è", yu="û", ya="â"),
        reversible_note="Reversible for any Russian text: one Latin letter per Cyrillic letter."),
    "press": Scheme(
        "ru", "press", "English-language press", False,
        "ye at word start and after a vowel/ъ/ь, yo for ё (o after ж ч ш щ), y for й, "
        "-y for final -ий/-ый, kh, ts, ya/yu; ъ ь dropped (Tokayev, Ablyazov, Mukhtar, "
        "Vasilyev, Dmitry). Reverse is best-effort.",
        _ru(yo="yo", j="y", hard="", soft=""), rules=("ye-press", "final-iy"),
        reversible_note=_LOSSY_NOTE),
}

KK_SCHEMES = {
    "kk-2021": Scheme(
        "kk", "kk-2021", "Kazakh Latin alphabet (2021)", True,
        "ä ğ q ñ ö ū ü ı (І) i/İ (И, Й), u (У), j (Ж), ş (Ш), h (Х, Һ). No own letters for "
        "Ч Ц Щ Ё Ю Я: written ch ts şş io iu ia; ъ ь dropped. Reversible for native Kazakh words in "
        "its own letters, except Һ (read back as Х) and И/Й (i after a vowel reads back as "
        "Й). Implemented as a `transliterate` language pack registered under 'kk'.",
        _kk(KK_COLUMN, ["ä", "ğ", "q", "ñ", "ö", "ū", "ü", "h", "ı", "i", "i", "y", "u", "j",
                        "h", "ch", "ş", "ts", "şş", "io", "iu", "ia", "", ""]),
        upper={"i": "İ", "ı": "I"}, reverse="pack", reversible_note=_KK_LATIN_NOTE),
    "kk-2018": Scheme(
        "kk", "kk-2018", "Kazakh Latin alphabet (2018 decree)", True,
        "á ǵ q ń ó u (Ұ) ú (Ү) i (І) ı (И, Й) ý (У) j sh ch, h (Х, Һ). Ц Щ Ё Ю Я written "
        "ts shsh ıo ıý ıa; ъ ь dropped. Capital І is written İ (the decree gives plain I to "
        "both І and И, which cannot be read back). Reversible for native Kazakh spelling, like kk-2021: Һ reads back "
        "as Х, ı after a vowel as Й.",
        _kk(KK_COLUMN, ["á", "ǵ", "q", "ń", "ó", "u", "ú", "h", "i", "ı", "ı", "y", "ý", "j",
                        "h", "ch", "sh", "ts", "shsh", "ıo", "ıý", "ıa", "", ""]),
        upper={"i": "İ", "ı": "I"}, reversible_note=_KK_LATIN_NOTE),
    "bgn-pcgn": Scheme(
        "kk", "bgn-pcgn", "BGN/PCGN 1979 (Kazakh)", False,
        "ä gh q ng ö u ü h i ī (И) y (Й) ū (У) zh kh; е always e; ъ ь written ” ’. "
        "Reverse is best-effort.",
        _kk(KK_COLUMN, ["ä", "gh", "q", "ng", "ö", "u", "ü", "h", "i", "ī", "y", "y", "ū", "zh",
                        "kh", "ch", "sh", "ts", "shch", "yo", "yu", "ya", "”", "’"]),
        reversible_note=_LOSSY_NOTE),
    "ics-630": Scheme(
        "kk", "ics-630", "US ICS-630-01 (2015), ≈ RFE/RL style", False,
        "Plain ASCII: q gh ng zh kh; Ә Ө Ұ Ү І И У lose their marks; й→y; е always e (never "
        "ye); ъ ь dropped. Gives 'Qasym-Zhomart Toqaev'. Reverse is best-effort (vowel "
        "harmony picks ө/ү/і).",
        _kk(KK_COLUMN, ["a", "gh", "q", "ng", "o", "u", "u", "h", "i", "i", "y", "y", "u", "zh",
                        "kh", "ch", "sh", "ts", "shch", "yo", "yu", "ya", "", ""]),
        reversible_note=_LOSSY_NOTE),
    "icao": Scheme(
        "kk", "icao", "Kazakh passport / ICAO 9303 (unsure)", False,
        "The reference marks this column unsure (no primary source): Қ→k, Ғ→g, Ң→n, Һ→kh, "
        "Й→i, Ё→e, Ю→iu, Я→ia, ъ→ie, ь dropped. Real passports print the holder's registered "
        "spelling (TOKAYEV KASSYM-JOMART), which only a glossary knows. Reverse is best-effort.",
        _kk(KK_COLUMN, ["a", "g", "k", "n", "o", "u", "u", "kh", "i", "i", "i", "y", "u", "zh",
                        "kh", "ch", "sh", "ts", "shch", "e", "iu", "ia", "ie", ""]),
        reversible_note=_LOSSY_NOTE),
}

SCHEMES: dict[str, dict[str, Scheme]] = {"ru": RU_SCHEMES, "kk": KK_SCHEMES}

# Russian rendering of Kazakh letters (how Russian-language media write Kazakh names).
RU_RENDERING_OF_KK = {"қ": "к", "ғ": "г", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "ә": "а",
                      "і": "и", "һ": "х"}
