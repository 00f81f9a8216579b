"""Kazakh vowel harmony when reading lossy Latin spellings back (ICS-630, ICAO, BGN/PCGN).

These schemes write ө ү as o u (ICS-630, ICAO, and English spellings without BGN's marks),
so o/u say nothing about front or back. Harmony comes from the vowels that do: e and i are
front, a and y (ы) back. A reviewer found "Oskemen" read as Оскемен because o counted as
back; these tests pin the fix and everything that already read right.
"""

from __future__ import annotations

import pytest

from service.translit import to_cyrillic

LOSSY_KK = ["ics-630", "icao", "bgn-pcgn"]


@pytest.mark.parametrize("scheme", LOSSY_KK)
@pytest.mark.parametrize("latin,cyrillic", [
    ("Oskemen", "Өскемен"),                      # o before e is ө
    ("Aygerim Tileuzhan", "Айгерім Тілеужан"),   # i after/before e is і; u after e is у
    ("Turkistan", "Түркістан"),                  # u before i is ү, i after ү is і
    ("Kokshetau", "Көкшетау"),
    ("Tolegen", "Төлеген"),
    ("Ushtobe", "Үштөбе"),
    ("Zhukeyev", "Жүкеев"),                      # harmony from the stem, -yev stays -ев
    ("Musirepov", "Мүсірепов"),
])
def test_o_and_u_take_the_harmony_of_front_words(scheme, latin, cyrillic):
    assert to_cyrillic(latin, "kk", scheme) == cyrillic


@pytest.mark.parametrize("scheme", ["ics-630", "bgn-pcgn"])
def test_o_before_e_in_a_compound_is_front(scheme):
    assert to_cyrillic("Aqtobe", "kk", scheme) == "Ақтөбе"      # Ақ + төбе


@pytest.mark.parametrize("scheme", LOSSY_KK)
def test_tulegen_is_read_as_front_but_its_u_for_ө_needs_the_glossary(scheme):
    """Төлеген is written Тулеген in Russian, so English has Tulegen: u stands for ө there,
    which no letter rule can know. Harmony at least makes it front (Түлеген, not Тұлеген)."""
    assert to_cyrillic("Tulegen", "kk", scheme) == "Түлеген"


@pytest.mark.parametrize("scheme", LOSSY_KK)
@pytest.mark.parametrize("latin,cyrillic", [
    ("Tokayev", "Токаев"),                       # the -yev ending never makes a word front
    ("Tokaev", "Токаев"),
    ("Nazarbayev", "Назарбаев"),
    ("Kassym", "Касым"),
    ("Kasym-Zhomart", "Касым-Жомарт"),
    ("Nursultan", "Нұрсұлтан"),
    ("Mukhtar", "Мұхтар"),
    ("Zhibek", "Жібек"),
    ("Shymkent", "Шымкент"),
    ("Kostanay", "Костанай"),
    ("Taldykorgan", "Талдыкорган"),
    ("Kyzylorda", "Кызылорда"),
    ("Petropavl", "Петропавл"),
    ("Ekibastuz", "Екібастұз"),                  # nothing after u: back, as it was
    ("Erbol", "Ербол"),                          # Ер + бол: a final o stays back
    ("Kerimkul", "Керімкұл"),
    ("Kossanov", "Косанов"),
    ("Auezov", "Ауезов"),
    ("Almaty", "Алматы"),
    ("Zhumabek", "Жұмабек"),                     # u before a is ұ even with e later
])
def test_back_words_and_russian_surname_endings_read_as_before(scheme, latin, cyrillic):
    assert to_cyrillic(latin, "kk", scheme) == cyrillic


@pytest.mark.parametrize("scheme", ["ics-630", "icao"])
@pytest.mark.parametrize("latin,cyrillic", [
    ("Gabit", "Габит"),                          # i after a is и
    ("Ualikhanov", "Уалиханов"),
    ("Serikov", "Серіков"),                      # i after e is і; -ov is -ов
    ("Yessimov", "Есімов"),
])
def test_i_follows_the_vowel_before_it(scheme, latin, cyrillic):
    assert to_cyrillic(latin, "kk", scheme) == cyrillic


@pytest.mark.parametrize("latin,cyrillic", [
    ("Tokayeva", "Токаева"), ("Tulegenova", "Түлегенова"), ("Zhukeyeva", "Жүкеева"),
    ("Ermekov", "Ермеков"), ("TOKAYEV", "ТОКАЕВ"), ("OSKEMEN", "ӨСКЕМЕН"),
])
def test_russian_surname_endings_and_case_survive(latin, cyrillic):
    assert to_cyrillic(latin, "kk", "ics-630") == cyrillic


def test_bgn_marks_still_decide_where_they_are_written():
    """BGN/PCGN writes ө ү у и as ö ü ū ī: in a word with marks, plain o u i are о ұ і."""
    assert to_cyrillic("Öskemen Tūrkistan Ūly Nursultan", "kk", "bgn-pcgn") == \
        "Өскемен Туркістан Улы Нұрсұлтан"


def test_english_text_around_names_does_not_crash():
    assert to_cyrillic("ev ov yev, o u.", "kk", "ics-630") == "ев ов ев, о ұ."
