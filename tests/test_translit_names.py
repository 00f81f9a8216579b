"""Glossary-aware transliteration with the real seed glossary (glossaries/).

Names the glossary knows come out in the glossary spelling, in the grammatical form the
mention had; the rest of the text goes through the scheme; strict=True ignores the glossary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import InvalidInput, TooLarge, UnsupportedLanguage
from service.glossary import Glossary
from service.translit.names import carry_ending, transliterate

REPO = Path(__file__).resolve().parent.parent
TOKAYEV = "kassym-jomart-tokayev"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(REPO / "glossaries")


def test_russian_mention_gets_english_spelling_with_its_case_ending(glossary):
    result = transliterate("Давление на Токаева.", "ru", "icao", glossary=glossary)
    assert result.text == "Davlenie na Tokayeva."       # icao alone would write Tokaeva
    assert [(n.start, n.end, n.surface, n.id, n.replacement) for n in result.names] == [
        (12, 19, "Токаева", TOKAYEV, "Tokayeva")]


def test_full_name_uses_official_english_spelling_not_the_scheme(glossary):
    result = transliterate("Касым-Жомарт Токаев", "ru", "bgn-pcgn", glossary=glossary)
    assert result.text == "Kassym-Jomart Tokayev"


def test_strict_applies_the_scheme_only(glossary):
    result = transliterate("Касым-Жомарт Токаев", "ru", "bgn-pcgn", glossary=glossary,
                           strict=True)
    assert result.text == "Kasym-Zhomart Tokayev" and result.names == []


def test_upper_case_mention_stays_upper_case(glossary):
    assert transliterate("ТОКАЕВ", "ru", "icao", glossary=glossary).text == "TOKAYEV"


def test_house_style_spelling_is_used_when_asked(glossary):
    result = transliterate("Давление на Токаева.", "ru", "press", glossary=glossary,
                           style="rferl")
    assert result.text == "Davleniye na Toqaeva."


def test_kazakh_2021_keeps_the_glossary_kazakh_latin_name_and_case_ending(glossary):
    result = transliterate("Тоқаевтың сөзі. Қасым-Жомарт Тоқаев", "kk", "kk-2021",
                           glossary=glossary)
    assert result.text == "Toqaevtyñ sözı. Qasym-Jomart Toqaev"


def test_kazakh_other_schemes_use_the_english_spelling(glossary):
    result = transliterate("Қасым-Жомарт Тоқаев", "kk", "ics-630", glossary=glossary)
    assert result.text == "Kassym-Jomart Tokayev"


def test_latin_spellings_come_back_as_the_glossary_cyrillic_name(glossary):
    result = transliterate("Kasym-Zhomart Tokayev met Toqaev and Tokayev's aide", "ru",
                           "press", "to_cyrillic", glossary=glossary)
    assert result.text.startswith("Касым-Жомарт Токаев мет Токаев анд Токаев's")
    assert [n.replacement for n in result.names] == ["Касым-Жомарт Токаев", "Токаев", "Токаев's"]


def test_kazakh_latin_inflected_form_comes_back_in_the_same_case(glossary):
    result = transliterate("Toqaevtyñ sözı", "kk", "kk-2021", "to_cyrillic", glossary=glossary)
    assert result.text == "Тоқаевтың сөзі"


def test_official_spelling_maps_to_kazakh_name_not_a_letter_guess(glossary):
    result = transliterate("Kassym-Jomart Tokayev", "kk", "ics-630", "to_cyrillic",
                           glossary=glossary)
    assert result.text == "Қасым-Жомарт Тоқаев"
    strict = transliterate("Kassym-Jomart Tokayev", "kk", "ics-630", "to_cyrillic",
                           glossary=glossary, strict=True)
    assert strict.text == "Касым-Жомарт Токаев"


def test_without_a_glossary_the_scheme_applies():
    assert transliterate("Токаев", "ru", "press").text == "Tokayev"


@pytest.mark.parametrize("target,base,form,expected", [
    ("Tokayev", "Tokayev", "Tokayeva", "Tokayeva"),
    ("Astana", "Astana", "Astane", "Astane"),
    ("Moscow", "Moskva", "Moskve", "Moscow"),               # ending does not line up: kept
    ("Kassym-Jomart Tokayev", "Kasym-Zhomart Tokayev", "Kasym-Zhomarta Tokayeva",
     "Kassym-Jomarta Tokayeva"),
    ("TOKAYEV", "Tokayev", "Tokayevym", "TOKAYEVYM"),
    ("Kassym-Jomart Tokayev", "Tokayev", "Tokayeva", "Kassym-Jomart Tokayev"),  # word counts differ
])
def test_carry_ending_moves_the_case_ending_word_by_word(target, base, form, expected):
    assert carry_ending(target, base, form) == expected


def test_bad_direction_names_allowed_values():
    with pytest.raises(InvalidInput, match="'sideways' is not one of: to_latin, to_cyrillic"):
        transliterate("x", "ru", "iso9", "sideways")


def test_bad_scheme_is_rejected_before_the_glossary_is_used(glossary):
    with pytest.raises(InvalidInput, match="allowed for kk: kk-2021"):
        transliterate("Тоқаев", "kk", "iso9", glossary=glossary)
    with pytest.raises(UnsupportedLanguage, match="allowed: ru, kk"):
        transliterate("Тоқаев", "en", "iso9", glossary=glossary)


def test_text_over_the_limit_is_too_large_with_the_numbers():
    with pytest.raises(TooLarge, match="text has 11 characters; the limit is 10"):
        transliterate("Токаев Арал", "ru", "iso9", char_limit=10)
