"""Initials before or after a surname (К. Токаев, Қ.Тоқаевтың, K. Tokayev, Токаев К.-Ж. in
lists) are part of the mention, and normalising writes them in the text's own script."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.glossary import Glossary
from service.glossary.variants import given_initials

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(REPO / "glossaries")


@pytest.mark.parametrize("lang, text, expected, surface", [
    ("ru", "K. Tokayev заявил", "К. Токаев заявил", "K. Tokayev"),
    ("ru", "Қ.Тоқаев мәлімдеді", "К.Токаев мәлімдеді", "Қ.Тоқаев"),
    ("kk", "К.Токаев мәлімдеді", "Қ.Тоқаев мәлімдеді", "К.Токаев"),
    ("kk", "Қ.Тоқаевтың жарлығы", "Қ.Тоқаевтың жарлығы", "Қ.Тоқаевтың"),
    ("en", "Q. Toqaev said", "K. Tokayev said", "Q. Toqaev"),
    ("ru", "главы государства К.-Ж. Токаева", "главы государства К.-Ж. Токаева", "К.-Ж. Токаева"),
    ("ru", "Список: Токаев К.-Ж., Аблязов М.", "Список: Токаев К.-Ж., Аблязов М.", "Токаев К.-Ж."),
    ("en", "M. Ablyazov and A. Tileuzhan", "M. Ablyazov and A. Tileuzhan", "M. Ablyazov"),
    ("en", "Q.-Zh. Toqaev's decree", "K.-J. Tokayev's decree", "Q.-Zh. Toqaev's"),
])
def test_initials_are_part_of_the_mention_and_follow_the_texts_script(glossary, lang, text, expected, surface):
    result = glossary.normalize(text, lang)
    assert result.text == expected
    assert result.entities[0].surface == surface


@pytest.mark.parametrize("lang, text, surfaces", [
    ("ru", "А. Токаев и Б. Аблязов", ["Токаев", "Аблязов"]),        # not their initials
    ("ru", "в 2022 г. Токаев заявил", ["Токаев"]),                 # an abbreviation, not an initial
    ("en", "the U.S. Tokayev visit", ["Tokayev"]),
])
def test_letters_that_are_not_the_persons_initials_stay_outside(glossary, lang, text, surfaces):
    assert [e.surface for e in glossary.normalize(text, lang).entities] == surfaces


def test_lookup_and_render_know_the_initials_part(glossary):
    (hit,) = glossary.lookup("К.-Ж. Токаев", "ru")
    assert hit.part == "initials" and hit.rules == ["initials"]
    assert glossary.render("kassym-jomart-tokayev", "ru", part="initials", form="gen") == "К. Токаева"
    assert glossary.render("kassym-jomart-tokayev", "kk", part="initials", form="dat") == "Қ. Тоқаевқа"


def test_given_initials_take_each_part_of_a_hyphenated_name():
    assert given_initials("Касым-Жомарт") == ("К.", "К.-Ж.")
    assert given_initials("Qasym-Zhomart") == ("Q.", "Q.-Zh.")
    assert given_initials("Shynar") == ("Sh.",)
    assert given_initials("Mukhtar") == ("M.",)
    assert given_initials("") == ()
