"""Patronymics: a person's full official name (Касым-Жомарт Кемелевич Токаев, Қасым-Жомарт
Кемелұлы Тоқаев, lists in surname-first order) is one mention in every script and case, and
normalising keeps the patronymic, spelled as the glossary has it in the text's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.glossary import Glossary
from service.glossary.variants import patronymic_of

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(REPO / "glossaries")


@pytest.mark.parametrize("lang, text, expected, surface", [
    # as written, every case form: one mention, unchanged
    ("ru", "Касым-Жомарт Кемелевич Токаев заявил", "Касым-Жомарт Кемелевич Токаев заявил",
     "Касым-Жомарт Кемелевич Токаев"),
    ("ru", "указ Касыма-Жомарта Кемелевича Токаева", "указ Касыма-Жомарта Кемелевича Токаева",
     "Касыма-Жомарта Кемелевича Токаева"),
    ("ru", "встреча с Касымом-Жомартом Кемелевичем Токаевым", "встреча с Касымом-Жомартом Кемелевичем Токаевым",
     "Касымом-Жомартом Кемелевичем Токаевым"),
    ("kk", "Қасым-Жомарт Кемелұлы Тоқаевтың жарлығы", "Қасым-Жомарт Кемелұлы Тоқаевтың жарлығы",
     "Қасым-Жомарт Кемелұлы Тоқаевтың"),
    ("en", "Kassym-Jomart Kemeluly Tokayev said", "Kassym-Jomart Kemeluly Tokayev said",
     "Kassym-Jomart Kemeluly Tokayev"),
    # other spellings and scripts: respelled, patronymic kept in the text's language
    ("en", "Qasym-Jomart Kemeluly Toqaev said", "Kassym-Jomart Kemeluly Tokayev said",
     "Qasym-Jomart Kemeluly Toqaev"),
    ("ru", "Указ Қасым-Жомарт Кемелұлы Тоқаевтың", "Указ Касыма-Жомарта Кемелевича Токаева",
     "Қасым-Жомарт Кемелұлы Тоқаевтың"),
    ("kk", "Касым-Жомарт Кемелевич Токаев келді", "Қасым-Жомарт Кемелұлы Тоқаев келді",
     "Касым-Жомарт Кемелевич Токаев"),
    # surname-first lists (election commissions, courts)
    ("ru", "Токаев Касым-Жомарт Кемелевич, 1953 г.р.", "Токаев Касым-Жомарт Кемелевич, 1953 г.р.",
     "Токаев Касым-Жомарт Кемелевич"),
    ("ru", "Toqaev Qasym-Jomart Kemeluly", "Токаев Касым-Жомарт Кемелевич", "Toqaev Qasym-Jomart Kemeluly"),
    ("ru", "ТОКАЕВ Касым-Жомарт Кемелевич", "ТОКАЕВ Касым-Жомарт Кемелевич", "ТОКАЕВ Касым-Жомарт Кемелевич"),
    ("kk", "Тоқаев Қасым-Жомарт Кемелұлы", "Тоқаев Қасым-Жомарт Кемелұлы", "Тоқаев Қасым-Жомарт Кемелұлы"),
    # no English patronymic in the glossary: the BGN/PCGN romanization of the Russian one
    ("en", "Mukhtar Kabulovich Ablyazov", "Mukhtar Kabulovich Ablyazov", "Mukhtar Kabulovich Ablyazov"),
    ("en", "Mukhtar Qabyluly Abliazov", "Mukhtar Kabulovich Ablyazov", "Mukhtar Qabyluly Abliazov"),
])
def test_a_name_with_its_patronymic_is_one_mention_that_keeps_it(glossary, lang, text, expected, surface):
    result = glossary.normalize(text, lang)
    assert result.text == expected
    assert [e.surface for e in result.entities] == [surface]


def test_without_a_patronymic_nothing_changes(glossary):
    result = glossary.normalize("Касым-Жомарт Токаев и Мухтар Аблязов", "ru")
    assert result.text == "Касым-Жомарт Токаев и Мухтар Аблязов"
    assert [e.surface for e in result.entities] == ["Касым-Жомарт Токаев", "Мухтар Аблязов"]


def test_a_surname_first_name_in_a_case_form_declines_the_given_name_too(glossary):
    """Russian agrees every part: the genitive of ТОКАЕВ Касым-Жомарт is Токаева Касыма-Жомарта."""
    assert glossary.normalize("указ Токаева Касыма-Жомарта", "ru").text == "указ Токаева Касыма-Жомарта"
    assert glossary.normalize("указ Тоқаева Қасыма-Жомарта Кемелевича", "ru").text == \
        "указ Токаева Касыма-Жомарта Кемелевича"


def test_lookup_and_listing_name_the_patronymic_rule_and_part(glossary):
    (hit,) = glossary.lookup("Касым-Жомарт Кемелевич Токаев", "ru")
    assert hit.entity_id == "kassym-jomart-tokayev" and "patronymic" in hit.rules
    assert hit.part == "full_patronymic"
    listed = {v.surface for v in glossary.variants("kassym-jomart-tokayev")["patronymic"]}
    assert {"Касым-Жомарт Кемелевич Токаев", "Қасым-Жомарт Кемелұлы Тоқаев",
            "Kassym-Jomart Kemeluly Tokayev"} <= listed


def test_render_gives_the_full_name_with_patronymic_in_any_form(glossary):
    assert glossary.render("kassym-jomart-tokayev", "ru", part="full_patronymic", form="ins") == \
        "Касымом-Жомартом Кемелевичем Токаевым"
    assert glossary.render("kassym-jomart-tokayev", "kk", part="full_patronymic", form="gen") == \
        "Қасым-Жомарт Кемелұлы Тоқаевтың"
    assert glossary.render("kassym-jomart-tokayev", "kk-Latn", part="full_patronymic") == \
        "Qasym-Jomart Kemelūly Toqaev"


def test_derived_patronymics_fill_kk_latn_from_kk_and_en_from_ru(glossary):
    ablyazov = glossary.entity("mukhtar-ablyazov")
    assert patronymic_of(ablyazov, "en") == "Kabulovich"
    assert patronymic_of(ablyazov, "kk-Latn") == "Qabylūly"
    assert patronymic_of(glossary.entity("aigerim-tileuzhan"), "ru") is None
