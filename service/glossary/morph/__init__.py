"""Grammatical forms of names in Russian, Kazakh and English.

Used by variant generation (every form of every glossary name goes into the matcher) and by
enforcement (a mention's form tag is re-applied to the canonical name). Tags are grammatical,
never literal endings, so a tag read off one spelling can be applied to another. See
docs/morphology.md for the rules, the libraries and the measured speed.
"""

from ._common import MorphError
from .en import EN_TAGS, en_forms, en_inflect, en_plural
from .kk import KK_CASES, KK_TAGS, is_abbreviation, kk_forms, kk_inflect
from .ru import RU_CASES, RU_KINDS, RU_TAGS, is_patronymic, ru_forms, ru_inflect

__all__ = [
    "EN_TAGS", "KK_CASES", "KK_TAGS", "MorphError", "RU_CASES", "RU_KINDS", "RU_TAGS",
    "en_forms", "en_inflect", "en_plural", "is_abbreviation", "is_patronymic", "kk_forms", "kk_inflect", "ru_forms",
    "ru_inflect",
]
