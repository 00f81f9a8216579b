"""Kazakh endings: every form in shared/reference/declension.md, in Cyrillic and 2021 Latin."""

import pytest

from service.glossary.morph import KK_TAGS, kk_forms, kk_inflect
from qazaq_inflector import QazaqNameInflector

CASES = ("gen", "dat", "acc", "loc", "abl", "ins")

REFERENCE = [
    ("Тоқаев", ["Тоқаевтың", "Тоқаевқа", "Тоқаевты", "Тоқаевта", "Тоқаевтан", "Тоқаевпен"]),
    ("Алматы", ["Алматының", "Алматыға", "Алматыны", "Алматыда", "Алматыдан", "Алматымен"]),
    ("Тілеужан", ["Тілеужанның", "Тілеужанға", "Тілеужанды", "Тілеужанда", "Тілеужаннан",
                  "Тілеужанмен"]),
]

LATIN = [
    ("Toqaev", ["Toqaevtyñ", "Toqaevqa", "Toqaevty", "Toqaevta", "Toqaevtan", "Toqaevpen"]),
    ("Almaty", ["Almatynyñ", "Almatyğa", "Almatyny", "Almatyda", "Almatydan", "Almatymen"]),
    # 2021 Latin writes І as ı, so the front endings are -nıñ, -ge, -dı ...
    ("Äliev", ["Älievtıñ", "Älievke", "Älievtı", "Älievte", "Älievten", "Älievpen"]),
    ("Tıleujan", ["Tıleujannyñ", "Tıleujanğa", "Tıleujandy", "Tıleujanda", "Tıleujannan",
                  "Tıleujanmen"]),
]

# a stem per row of the assimilation table, with its front/back and the instrumental -бен
ASSIMILATION = [
    ("Әлиев", ["Әлиевтің", "Әлиевке", "Әлиевті", "Әлиевте", "Әлиевтен", "Әлиевпен"]),
    ("Нұрлан", ["Нұрланның", "Нұрланға", "Нұрланды", "Нұрланда", "Нұрланнан", "Нұрланмен"]),
    ("Маңғыстау", ["Маңғыстаудың", "Маңғыстауға", "Маңғыстауды", "Маңғыстауда",
                   "Маңғыстаудан", "Маңғыстаумен"]),
    ("Тараз", ["Тараздың", "Таразға", "Таразды", "Таразда", "Тараздан", "Таразбен"]),
    ("Шымкент", ["Шымкенттің", "Шымкентке", "Шымкентті", "Шымкентте", "Шымкенттен",
                 "Шымкентпен"]),
    ("Абай", ["Абайдың", "Абайға", "Абайды", "Абайда", "Абайдан", "Абаймен"]),
]


@pytest.mark.parametrize("name,expected", REFERENCE + ASSIMILATION)
def test_cyrillic_case_endings(name, expected):
    assert [kk_inflect(name, case) for case in CASES] == expected


ORACLE_NAMES = [name for name, _ in REFERENCE + ASSIMILATION] + [
    "Назарбаев", "Аблязов", "Ахметова", "Құнанбаев", "Сұлтанбек", "Жамбыл", "Астана", "Нұр-Сұлтан",
    "Ақтөбе", "Өскемен", "Түркістан", "Қызылорда", "Көкшетау", "Семей", "Шымкент", "Айгерім",
    "Мұхтар", "Есім", "Ахмед", "Кітап", "Ертіс", "ТОҚАЕВ"]
_LIB = QazaqNameInflector(strict=True)
_LIB_CASE = {"gen": "genitive", "dat": "dative", "acc": "accusative", "loc": "locative",
             "abl": "ablative", "ins": "instrumental", "nom": "nominative"}


def _library_form(name, tag):
    parts = tag.split(".")
    case = parts[-1] if parts[-1] in _LIB_CASE else "nom"
    if "poss3" in parts:
        return _LIB.possessive(name, "3", _LIB_CASE[case], "pl" in parts)
    stem = _LIB.pluralize(name) if "pl" in parts else name
    return _LIB.inflect(stem, _LIB_CASE[case])


@pytest.mark.parametrize("name", ORACLE_NAMES)
def test_every_cyrillic_form_equals_qazaq_inflector(name):
    assert {t: s for s, t in kk_forms(name)} == {t: _library_form(name, t) for t in KK_TAGS}


@pytest.mark.parametrize("name,expected", LATIN)
def test_latin_2021_case_endings(name, expected):
    assert [kk_inflect(name, case, script="Latn") for case in CASES] == expected


def test_endings_go_on_the_last_word_of_a_full_name_only():
    assert kk_inflect("Қасым-Жомарт Тоқаев", "gen") == "Қасым-Жомарт Тоқаевтың"
    assert kk_inflect("Qasym-Jomart Toqaev", "gen", script="Latn") == "Qasym-Jomart Toqaevtyñ"
    assert kk_inflect("Айгерім Тілеужан", "abl") == "Айгерім Тілеужаннан"


def test_a_tag_reapplied_to_another_stem_follows_that_stems_harmony():
    assert kk_inflect("Тоқаев", "gen") == "Тоқаевтың"
    assert kk_inflect("Әлиев", "gen") == "Әлиевтің"


def test_plural_chains_before_the_case_ending():
    assert kk_inflect("Тоқаев", "pl") == "Тоқаевтар"
    assert kk_inflect("Тоқаев", "pl.gen") == "Тоқаевтардың"
    assert kk_inflect("Алматы", "pl.loc") == "Алматыларда"
    assert kk_inflect("Нұрлан", "pl") == "Нұрландар"
    assert kk_inflect("Жамбыл", "pl") == "Жамбылдар"
    assert kk_inflect("Toqaev", "pl.gen", script="Latn") == "Toqaevtardyñ"


def test_third_person_possessive_takes_the_pronominal_case_endings():
    assert kk_inflect("Алматы", "poss3") == "Алматысы"
    assert [kk_inflect("Алматы", "poss3." + c) for c in CASES] == [
        "Алматысының", "Алматысына", "Алматысын", "Алматысында", "Алматысынан", "Алматысымен"]
    assert kk_inflect("Сұлтанбек", "poss3") == "Сұлтанбегі"
    assert kk_inflect("Тоқаев", "pl.poss3.loc") == "Тоқаевтарында"


def test_name_ending_in_a_possessive_takes_pronominal_endings_for_plain_cases():
    assert [kk_inflect("Маңғыстау облысы", c) for c in CASES] == [
        "Маңғыстау облысының", "Маңғыстау облысына", "Маңғыстау облысын",
        "Маңғыстау облысында", "Маңғыстау облысынан", "Маңғыстау облысымен"]
    assert kk_inflect("Mañğystau oblysy", "loc", script="Latn") == "Mañğystau oblysynda"
    assert kk_inflect("Қасым-Жомарт Кемелұлы", "dat") == "Қасым-Жомарт Кемелұлына"


def test_possessive_name_has_no_generated_plural():
    assert not [t for _, t in kk_forms("Маңғыстау облысы") if t.startswith("pl")]
    with pytest.raises(ValueError, match="already ends in a possessive"):
        kk_inflect("Маңғыстау облысы", "pl.gen")


def test_possessive_guess_can_be_overridden():
    assert kk_inflect("Алматы", "loc", possessive=True) == "Алматында"
    assert kk_inflect("Ескі Алматы", "loc", possessive=False) == "Ескі Алматыда"


@pytest.mark.parametrize("abbr,expected", [
    ("ҰҚШҰ", ["ҰҚШҰ-ның", "ҰҚШҰ-ға", "ҰҚШҰ-ны", "ҰҚШҰ-да", "ҰҚШҰ-дан", "ҰҚШҰ-мен"]),
    ("ҚР", ["ҚР-ның", "ҚР-ға", "ҚР-ны", "ҚР-да", "ҚР-дан", "ҚР-мен"]),
    ("ҰҚК", ["ҰҚК-ның", "ҰҚК-ға", "ҰҚК-ны", "ҰҚК-да", "ҰҚК-дан", "ҰҚК-мен"]),
    ("ЕО", ["ЕО-ның", "ЕО-ға", "ЕО-ны", "ЕО-да", "ЕО-дан", "ЕО-мен"]),
])
def test_abbreviations_take_hyphenated_endings_by_the_last_letters_reading(abbr, expected):
    assert [kk_inflect(abbr, c) for c in CASES] == expected


def test_latin_abbreviation():
    assert kk_inflect("QR", "loc", script="Latn") == "QR-da"


def test_upper_case_word_takes_upper_case_endings():
    assert kk_inflect("ТОҚАЕВ", "gen") == "ТОҚАЕВТЫҢ"
    assert kk_inflect("ҚАСЫМ-ЖОМАРТ ТОҚАЕВ", "dat") == "ҚАСЫМ-ЖОМАРТ ТОҚАЕВҚА"


def test_forms_cover_every_tag_once_and_start_with_the_base():
    forms = kk_forms("Тоқаев")
    assert forms[0] == ("Тоқаев", "nom")
    assert [t for _, t in forms] == list(KK_TAGS)
    assert all(kk_inflect("Тоқаев", t) == s for s, t in forms)


def test_forms_can_be_limited_to_some_tags():
    assert kk_forms("Тоқаев", tags=("gen", "dat")) == [("Тоқаевтың", "gen"), ("Тоқаевқа", "dat")]


@pytest.mark.parametrize("name", ["", "  "])
def test_empty_name_is_rejected(name):
    with pytest.raises(ValueError, match="must not be empty"):
        kk_forms(name)


def test_unknown_tag_and_script_are_rejected():
    with pytest.raises(ValueError, match="unknown tag 'genitive'"):
        kk_inflect("Тоқаев", "genitive")
    with pytest.raises(ValueError, match="unknown script 'Arab'.*'Latn'"):
        kk_forms("Тоқаев", script="Arab")


def test_latin_possessive_and_front_plural():
    assert kk_inflect("Almaty", "poss3.loc", script="Latn") == "Almatysynda"
    assert kk_inflect("Äliev", "pl.gen", script="Latn") == "Älievterdıñ"


def test_tags_filter_rejects_unknown_tags():
    with pytest.raises(ValueError, match="unknown tag 'pl.nom'"):
        kk_forms("Тоқаев", tags=("pl.nom",))
