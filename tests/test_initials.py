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


@pytest.mark.parametrize("lang, text, sent", [
    ("ru", "Указ подписал К.-Ж. Токаев.", "Указ подписал К.-Ж. Токаев."),
    ("ru", "Указ подписал К. Тоқаев.", "Указ подписал К. Токаев."),
    ("ru", "Список: Токаев К.-Ж., Аблязов М.", "Список: Токаев К.-Ж., Аблязов М."),
    ("kk", "Указ Қ.Токаевтың қолында.", "Указ Қ.Тоқаевтың қолында."),
    ("en", "Decree by Q.-Zh. Toqaev's office", "Decree by K.-J. Tokayev's office"),
])
def test_a_source_with_initials_is_sent_to_the_model_in_its_own_shape(glossary, lang, text, sent):
    """Before, every initials mention was respelled in the one-initial form ("К. Токаев")."""
    from service.glossary.enforce import prepare_source

    assert prepare_source(glossary, text, lang).text == sent


@pytest.mark.parametrize("lang, output, enforced", [
    ("en", "The decree was signed by K.-Zh. Tokaev.", "The decree was signed by K.-J. Tokayev."),
    ("en", "Signed: K. Toqaev.", "Signed: K. Tokayev."),
    ("en", "List: Tokaev K.-Zh., Ablyazov M.", "List: Tokayev K.-J., Ablyazov M."),
    ("en", "K.-ZH. TOKAEV", "K.-J. TOKAYEV"),
    ("kk", "Указ К.-Ж. Токаевтың", "Указ Қ.-Ж. Тоқаевтың"),
])
def test_translation_output_with_initials_keeps_the_models_shape_in_the_canonical_spelling(
        glossary, lang, output, enforced):
    from service.glossary.enforce import enforce_target

    result = enforce_target(glossary, output, lang, expected=None)
    assert result.text == enforced
    assert [m.entity_id for m in result.mentions][0] == "kassym-jomart-tokayev"
