"""Russian and Kazakh romanization: the schemes of docs/shared romanization reference.

Public API (contract in docs/architecture.md): ``schemes``, ``to_latin``, ``to_cyrillic``,
``ru_rendering_of_kk``. Knows nothing of glossaries; ``service.translit.names`` adds the
glossary-aware layer on top for the HTTP route and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.errors import InvalidInput, UnsupportedLanguage
from service.translit import kazakh_pack
from service.translit.core import deromanize_exact, romanize
from service.translit.english_reverse import english_to_cyrillic
from service.translit.tables import RU_RENDERING_OF_KK, SCHEMES, Scheme

__all__ = ["SchemeInfo", "schemes", "to_latin", "to_cyrillic", "ru_rendering_of_kk",
           "LANGS", "scheme_names"]

LANGS = tuple(SCHEMES)


@dataclass(frozen=True)
class SchemeInfo:
    lang: str
    name: str
    title: str
    reversible: bool
    description: str
    reversible_note: str = ""     # which text `reversible` holds for, and what does not read back


def schemes() -> list[SchemeInfo]:
    """Every scheme, with whether to_cyrillic(to_latin(x)) gives x back and for which text:
    the Kazakh Latin alphabets are reversible for native Kazakh spelling, not for loans."""
    return [SchemeInfo(s.lang, s.name, s.title, s.reversible, s.description, s.reversible_note)
            for by_name in SCHEMES.values() for s in by_name.values()]


def scheme_names(lang: str) -> list[str]:
    return list(_schemes_of(lang))


def to_latin(text: str, lang: str, scheme: str) -> str:
    """Romanize Cyrillic text; letters outside the scheme's table pass through unchanged."""
    chosen = _scheme(lang, scheme)
    _check_text(text)
    if chosen.reverse == "pack":
        return kazakh_pack.kk2021_to_latin(text)
    return romanize(text, chosen)


def to_cyrillic(text: str, lang: str, scheme: str) -> str:
    """Exact inverse for reversible schemes; English-spelling rules for the lossy ones."""
    chosen = _scheme(lang, scheme)
    _check_text(text)
    if chosen.reverse == "pack":
        return kazakh_pack.kk2021_to_cyrillic(text)
    if chosen.reversible:
        return deromanize_exact(text, chosen)
    return english_to_cyrillic(text, lang, scheme)


def ru_rendering_of_kk(text: str) -> str:
    """How Russian writes a Kazakh name: Қ→К, Ғ→Г, Ң→Н, Ө→О, Ұ/Ү→У, Ә→А, І→И, Һ→Х."""
    return "".join(_render_letter(ch) for ch in text)


def _render_letter(letter: str) -> str:
    russian = RU_RENDERING_OF_KK.get(letter.lower())
    if russian is None:
        return letter
    return russian.upper() if letter.isupper() else russian


def _schemes_of(lang: str) -> dict[str, Scheme]:
    if lang not in SCHEMES:
        raise UnsupportedLanguage(
            f"lang {lang!r} is not supported for transliteration; allowed: {', '.join(LANGS)}",
            field="lang")
    return SCHEMES[lang]


def _scheme(lang: str, scheme: str) -> Scheme:
    by_name = _schemes_of(lang)
    if scheme not in by_name:
        raise InvalidInput(
            f"scheme {scheme!r} is not a {lang} scheme; allowed for {lang}: "
            f"{', '.join(by_name)}", field="scheme")
    return by_name[scheme]


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise InvalidInput(f"text must be a string, got {type(text).__name__}", field="text")
