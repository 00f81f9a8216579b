"""Latin → Cyrillic for the lossy schemes: English spellings read the way writers use them.

`transliterate`'s Russian pack reads "Tokayev" as "Токаыев"; these rules must not. Each
test pins one rule of docs/transliteration.md with real names.
"""

from __future__ import annotations

import pytest

from service.translit import to_cyrillic, to_latin


@pytest.mark.parametrize("latin,cyrillic", [
    ("Tokayev", "Токаев"),             # -yev after a vowel is -ев
    ("Vasilyev", "Васильев"),          # ye after a consonant is ье
    ("Yelena", "Елена"),               # ye at word start is е
    ("Eduard", "Эдуард"),              # plain e at word start is э (е would be ye)
    ("Kasym-Zhomart", "Касым-Жомарт"),
    ("Mukhtar Ablyazov", "Мухтар Аблязов"),
    ("Khrushchev", "Хрущев"),          # shch before sh and ch
    ("Tsoi Chaikovskiy", "Цой Чаиковский"),
    ("Fyodor Pyotr Yury", "Фёдор Пётр Юрий"),
    ("Dmitry Dmitriy", "Дмитрий Дмитрий"),   # -y and -iy endings are -ий
    ("Sergei Shoigu Nikolai Mikhail", "Сергей Шойгу Николай Михаил"),
    ("Kassym-Jomart", "Касым-Джомарт"),  # the official spelling's ss; j is дж in Russian
    ("Alexei Maxim", "Алексей Максим"),
    ("TOKAYEV KASSYM-JOMART", "ТОКАЕВ КАСЫМ-ДЖОМАРТ"),
    ("Tokayev's", "Токаев's"),         # an English possessive stays as written
])
def test_press_spellings_read_back_as_russian(latin, cyrillic):
    assert to_cyrillic(latin, "ru", "press") == cyrillic


def test_bgn_apostrophes_are_the_signs():
    assert to_cyrillic("Vasil’yev ob”yekt Groznyy", "ru", "bgn-pcgn") == "Васильев объект Грозный"


def test_icao_reads_iu_ia_and_double_i():
    assert to_cyrillic("Abliazov Iurii Dmitrii", "ru", "icao") == "Аблязов Юрий Дмитрий"


@pytest.mark.parametrize("scheme", ["bgn-pcgn", "press", "icao"])
def test_reference_names_come_back_from_each_russian_scheme(scheme):
    for name in ("Касым-Жомарт Токаев", "Мухтар Аблязов"):
        assert to_cyrillic(to_latin(name, "ru", scheme), "ru", scheme) == name


def test_ics_630_reads_rferl_spelling_back_to_kazakh():
    assert to_cyrillic("Qasym-Zhomart Toqaev", "kk", "ics-630") == "Қасым-Жомарт Тоқаев"


@pytest.mark.parametrize("latin,cyrillic", [
    ("Nursultan", "Нұрсұлтан"),        # back word: u is ұ
    ("Zhibek", "Жібек"),              # front word: i is і
    ("Ghalym Aydos", "Ғалым Айдос"),   # gh is ғ, y after a vowel is й
    ("Manggilik", "Маңгилик"),         # ng is ң
    ("Kossanov Yessimov", "Косанов Есімов"),   # English ss between vowels is one с; і after е
    ("Kassym Tokayev", "Касым Токаев"),
    ("Almaty", "Алматы"),              # final y is ы in Kazakh, not -ий
])
def test_english_spellings_read_back_as_kazakh(latin, cyrillic):
    assert to_cyrillic(latin, "kk", "ics-630") == cyrillic


def test_kazakh_bgn_marks_pick_the_letter():
    assert to_cyrillic("Äbishuly Mänggilik Ilīyas Ūly", "kk", "bgn-pcgn") == "Әбішұлы Мәңгілік Ілияс Улы"


def test_kazakh_icao_has_no_q_gh_or_ng():
    assert to_cyrillic("Kasym-Zhomart Tokaev Aigul Galym Mangilik", "kk", "icao") == \
        "Касым-Жомарт Токаев Айгұл Галым Мангилик"


@pytest.mark.parametrize("lang,scheme", [("ru", "press"), ("kk", "ics-630")])
def test_non_latin_text_passes_through(lang, scheme):
    assert to_cyrillic("2022 — «Токаев», 18.11.", lang, scheme) == "2022 — «Токаев», 18.11."
