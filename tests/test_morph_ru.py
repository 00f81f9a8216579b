"""Russian forms: every form in shared/reference/declension.md, plus the cases that must not decline."""

import pytest

from service.glossary.morph import MorphError, RU_TAGS, ru_forms, ru_inflect

TOKAEV_TABLE = {
    "nom": "Токаев", "gen": "Токаева", "dat": "Токаеву", "acc": "Токаева", "ins": "Токаевым",
    "loc": "Токаеве", "pl.nom": "Токаевы", "pl.gen": "Токаевых", "pl.dat": "Токаевым",
    "pl.acc": "Токаевых", "pl.ins": "Токаевыми", "pl.loc": "Токаевых",
}

PERSON_TABLES = [
    ("Касым-Жомарт Токаев", None, ["Касым-Жомарт Токаев", "Касыма-Жомарта Токаева",
     "Касыму-Жомарту Токаеву", "Касыма-Жомарта Токаева", "Касымом-Жомартом Токаевым",
     "Касыме-Жомарте Токаеве"]),
    ("Мухтар Аблязов", None, ["Мухтар Аблязов", "Мухтара Аблязова", "Мухтару Аблязову",
     "Мухтара Аблязова", "Мухтаром Аблязовым", "Мухтаре Аблязове"]),
    ("Айгерим Тилеужан", "female", ["Айгерим Тилеужан"] * 6),
    ("Айгерим Тилеужан", None, ["Айгерим Тилеужан"] * 6),
    # a woman's name in -ь is not consonant-final: it declines like Любовь (gramota.ru)
    ("Асель Назарбаева", None, ["Асель Назарбаева", "Асели Назарбаевой", "Асели Назарбаевой",
     "Асель Назарбаеву", "Аселью Назарбаевой", "Асели Назарбаевой"]),
    ("ТОКАЕВ Касым-Жомарт Кемелевич", None, ["ТОКАЕВ Касым-Жомарт Кемелевич",
     "ТОКАЕВА Касыма-Жомарта Кемелевича", "ТОКАЕВУ Касыму-Жомарту Кемелевичу",
     "ТОКАЕВА Касыма-Жомарта Кемелевича", "ТОКАЕВЫМ Касымом-Жомартом Кемелевичем",
     "ТОКАЕВЕ Касыме-Жомарте Кемелевиче"]),
]

GIVEN_TABLES = [
    ("Касым", "male", ["Касым", "Касыма", "Касыму", "Касыма", "Касымом", "Касыме"]),
    ("Мухтар", "male", ["Мухтар", "Мухтара", "Мухтару", "Мухтара", "Мухтаром", "Мухтаре"]),
    ("Касым-Жомарт", "male", ["Касым-Жомарт", "Касыма-Жомарта", "Касыму-Жомарту",
                              "Касыма-Жомарта", "Касымом-Жомартом", "Касыме-Жомарте"]),
    ("Мадина", "female", ["Мадина", "Мадины", "Мадине", "Мадину", "Мадиной", "Мадине"]),
    ("Айгерим", "female", ["Айгерим"] * 6),
    ("Никита", "male", ["Никита", "Никиты", "Никите", "Никиту", "Никитой", "Никите"]),
    ("Павел", "male", ["Павел", "Павла", "Павлу", "Павла", "Павлом", "Павле"]),
    ("Василий", "male", ["Василий", "Василия", "Василию", "Василия", "Василием", "Василии"]),
]

PHRASE_TABLES = [
    ("Организация Договора о коллективной безопасности", "gen",
     "Организации Договора о коллективной безопасности"),
    ("Организация Договора о коллективной безопасности", "ins",
     "Организацией Договора о коллективной безопасности"),
    ("Мангистауская область", "gen", "Мангистауской области"),
    ("Мангистауская область", "acc", "Мангистаускую область"),
    ("Мангистауская область", "ins", "Мангистауской областью"),
    ("Генеральная прокуратура", "gen", "Генеральной прокуратуры"),
    ("Генеральная прокуратура", "dat", "Генеральной прокуратуре"),
    ("Комитет национальной безопасности", "gen", "Комитета национальной безопасности"),
    ("Комитет национальной безопасности", "acc", "Комитет национальной безопасности"),
    ("Демократический выбор Казахстана", "gen", "Демократического выбора Казахстана"),
    ("Демократический выбор Казахстана", "acc", "Демократический выбор Казахстана"),
    ("Демократический выбор Казахстана", "loc", "Демократическом выборе Казахстана"),
    ("Астана", "gen", "Астаны"), ("Астана", "dat", "Астане"), ("Астана", "ins", "Астаной"),
    ("Республика Казахстан", "gen", "Республики Казахстан"),
    ("Партия «Нур Отан»", "gen", "Партии «Нур Отан»"),
    ("Центральная избирательная комиссия", "ins", "Центральной избирательной комиссией"),
]


def _by_tag(forms):
    table = {}
    for surface, tag in forms:
        assert tag not in table, f"tag {tag} given twice"
        table[tag] = surface
    return table


def test_surname_gives_the_whole_reference_table_singular_and_plural():
    assert _by_tag(ru_forms("Токаев", kind="surname")) == TOKAEV_TABLE


@pytest.mark.parametrize("surname", ["Аблязов", "Назарбаев", "Путин", "Бектенов"])
def test_regular_surnames_take_the_same_endings_as_tokaev(surname):
    table = _by_tag(ru_forms(surname, kind="surname"))
    assert [table[t] for t in ("gen", "dat", "ins", "loc", "pl.ins")] == [
        surname + "а", surname + "у", surname + "ым", surname + "е", surname + "ыми"]


@pytest.mark.parametrize("name", ["Токаев", "Токаева"])
def test_feminine_surname_forms(name):
    table = _by_tag(ru_forms(name, kind="surname", gender="female"))
    assert (table["nom"], table["gen"], table["dat"], table["acc"], table["ins"], table["loc"]) == (
        "Токаева", "Токаевой", "Токаевой", "Токаеву", "Токаевой", "Токаевой")
    assert table["pl.nom"] == "Токаевы"


def test_surname_in_ova_is_read_as_a_woman_when_gender_is_not_given():
    assert ru_inflect("Токаева", "gen", kind="surname") == "Токаевой"


def test_ambiguous_surface_is_returned_under_every_tag_it_serves():
    forms = ru_forms("Токаев", kind="surname")
    assert ("Токаева", "gen") in forms and ("Токаева", "acc") in forms
    feminine = ru_forms("Токаев", kind="surname", gender="female")
    assert ("Токаева", "nom") in feminine and ("Токаеву", "acc") in feminine


@pytest.mark.parametrize("name,gender,expected", PERSON_TABLES)
def test_person_forms(name, gender, expected):
    table = _by_tag(ru_forms(name, kind="person", gender=gender))
    assert [table[c] for c in ("nom", "gen", "dat", "acc", "ins", "loc")] == expected


@pytest.mark.parametrize("name,gender,expected", GIVEN_TABLES)
def test_given_name_forms(name, gender, expected):
    assert [ru_inflect(name, c, kind="given", gender=gender)
            for c in ("nom", "gen", "dat", "acc", "ins", "loc")] == expected


def test_womans_consonant_surname_stays_fixed():
    assert {s for s, _ in ru_forms("Тилеужан", kind="surname", gender="female")} == {"Тилеужан"}


def test_mans_consonant_surname_declines_like_a_noun():
    assert ru_inflect("Тилеужан", "ins", kind="surname", gender="male") == "Тилеужаном"


@pytest.mark.parametrize("name", ["Жомартулы", "Шевченко", "Черных"])
def test_indeclinable_surnames_stay_fixed(name):
    assert {s for s, _ in ru_forms(name, kind="surname")} == {name}


@pytest.mark.parametrize("name,tag,expected", PHRASE_TABLES)
def test_phrase_declines_head_and_agreeing_adjectives_only(name, tag, expected):
    assert ru_inflect(name, tag, kind="phrase") == expected


@pytest.mark.parametrize("name", ["Алматы", "Мангистау", "ОДКБ", "КНБ", "ДВК"])
def test_fixed_names_give_only_the_base_form(name):
    assert ru_forms(name, kind="fixed") == [(name, "nom")]
    assert ru_inflect(name, "gen", kind="fixed") == name


@pytest.mark.parametrize("name", ["Алматы", "Мангистау", "ОДКБ", "КНБ"])
def test_indeclinable_words_do_not_change_even_as_phrases(name):
    assert {s for s, _ in ru_forms(name, kind="phrase")} == {name}


def test_upper_case_is_kept():
    assert ru_inflect("ТОКАЕВ", "ins", kind="surname") == "ТОКАЕВЫМ"
    assert ru_inflect("МАНГИСТАУСКАЯ ОБЛАСТЬ", "gen", kind="phrase") == "МАНГИСТАУСКОЙ ОБЛАСТИ"


def test_every_tag_can_be_reapplied_through_ru_inflect():
    for surface, tag in ru_forms("Назарбаев", kind="surname"):
        assert ru_inflect("Назарбаев", tag, kind="surname") == surface
    assert set(dict((t, s) for s, t in ru_forms("Назарбаев", kind="surname"))) == set(RU_TAGS)


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name_is_rejected(name):
    with pytest.raises(ValueError, match="name must not be empty"):
        ru_forms(name, kind="surname")


def test_unknown_kind_is_rejected_with_allowed_values():
    with pytest.raises(ValueError, match="unknown kind 'org'.*'phrase'"):
        ru_forms("Токаев", kind="org")


def test_unknown_tag_is_rejected():
    with pytest.raises(ValueError, match="unknown tag 'genitive'"):
        ru_inflect("Токаев", "genitive", kind="surname")


def test_plural_tag_is_rejected_for_a_person():
    with pytest.raises(ValueError, match="not generated for kind 'person'"):
        ru_inflect("Мухтар Аблязов", "pl.gen", kind="person")


def test_unknown_gender_is_rejected():
    with pytest.raises(MorphError, match="unknown gender 'f'"):
        ru_forms("Токаев", kind="surname", gender="f")


@pytest.mark.parametrize("adjective,expected", [
    ("высший", ("высший", "высшего", "высшему", "высший", "высшим", "высшем")),
    ("большой", ("большой", "большого", "большому", "большой", "большим", "большом")),
    ("синий", ("синий", "синего", "синему", "синий", "синим", "синем")),
    ("синяя", ("синяя", "синей", "синей", "синюю", "синей", "синей")),
    ("русские", ("русские", "русских", "русским", "русские", "русскими", "русских")),
])
def test_regular_adjective_fallback(adjective, expected):
    from service.glossary.morph.ru_phrase import _regular_adjective

    assert _regular_adjective(adjective, "inan") == expected


def test_adjective_pymorphy_would_turn_into_a_superlative_keeps_its_stem():
    assert ru_inflect("Высший судебный совет", "gen", kind="phrase") == "Высшего судебного совета"


def test_inanimate_masculine_phrase_keeps_nominative_in_accusative():
    assert ru_inflect("Вооружённые силы", "acc", kind="phrase") == "Вооружённые силы"
    assert ru_inflect("Нур-Султан", "ins", kind="phrase") == "Нур-Султаном"
    assert ru_inflect("Алма-Ата", "gen", kind="phrase") == "Алма-Аты"


def test_single_surname_given_as_a_person_declines_as_a_surname():
    assert ru_inflect("Токаев", "ins", kind="person") == "Токаевым"


def test_kazakh_patronymic_in_a_full_name_stays_fixed():
    assert ru_inflect("Касым-Жомарт Кемелулы Токаев", "gen", kind="person") == (
        "Касыма-Жомарта Кемелулы Токаева")


def test_non_string_name_is_rejected_as_invalid_input():
    from service.errors import InvalidInput

    with pytest.raises(InvalidInput, match="name must be a string, got NoneType") as caught:
        ru_forms(None, kind="surname")
    assert caught.value.field == "name"


def test_returned_list_is_the_callers_own():
    first = ru_forms("Аблязов", kind="surname")
    first.clear()
    assert len(ru_forms("Аблязов", kind="surname")) == len(RU_TAGS)
