"""Every scheme against the reference tables (shared/reference/romanization.md).

Each row of the reference's Russian and Kazakh tables becomes one assertion per scheme, and
the worked examples (Касым-Жомарт Токаев, Аблязов, Мухтар, Қасым-Жомарт Тоқаев) are checked
in every scheme the reference names.
"""

from __future__ import annotations

import pytest

from service.errors import InvalidInput, UnsupportedLanguage
from service.translit import ru_rendering_of_kk, schemes, to_cyrillic, to_latin

# ---- reference examples -------------------------------------------------------------

EXAMPLES = [
    ("ru", "bgn-pcgn", "Касым-Жомарт Токаев", "Kasym-Zhomart Tokayev"),
    ("ru", "press", "Касым-Жомарт Токаев", "Kasym-Zhomart Tokayev"),
    ("ru", "icao", "Касым-Жомарт Токаев", "Kasym-Zhomart Tokaev"),
    ("ru", "bgn-pcgn", "Аблязов", "Ablyazov"),
    ("ru", "press", "Аблязов", "Ablyazov"),
    ("ru", "icao", "Аблязов", "Abliazov"),
    ("ru", "bgn-pcgn", "Мухтар", "Mukhtar"),
    ("ru", "press", "Мухтар", "Mukhtar"),
    ("ru", "icao", "Мухтар", "Mukhtar"),
    ("ru", "gost-7.79-b", "Мухтар", "Muxtar"),
    ("ru", "iso9", "Мухтар", "Muhtar"),
    ("ru", "iso9", "Касым-Жомарт Токаев", "Kasym-Žomart Tokaev"),
    ("ru", "gost-7.79-b", "Касым-Жомарт Токаев", "Kasy`m-Zhomart Tokaev"),
    ("kk", "ics-630", "Қасым-Жомарт Тоқаев", "Qasym-Zhomart Toqaev"),
    ("kk", "bgn-pcgn", "Қасым-Жомарт Тоқаев", "Qasym-Zhomart Toqaev"),
    ("kk", "kk-2018", "Қасым-Жомарт Тоқаев", "Qasym-Jomart Toqaev"),
    ("kk", "kk-2021", "Қасым-Жомарт Тоқаев", "Qasym-Jomart Toqaev"),
    ("kk", "icao", "Қасым-Жомарт Тоқаев", "Kasym-Zhomart Tokaev"),
]


@pytest.mark.parametrize("lang,scheme,cyrillic,latin", EXAMPLES)
def test_reference_example_romanizes_exactly(lang, scheme, cyrillic, latin):
    assert to_latin(cyrillic, lang, scheme) == latin


def test_russian_rendering_of_kazakh_name_matches_reference():
    assert ru_rendering_of_kk("Қасым-Жомарт Тоқаев") == "Касым-Жомарт Токаев"
    assert ru_rendering_of_kk("ӘҒҚҢӨҰҮҺІ әғқңөұүһі") == "АГКНОУУХИ агкноуухи"


# ---- Russian table, one row per letter that differs ---------------------------------
# columns: BGN/PCGN, ISO 9, GOST 7.79 B, ICAO, press. Letters are tested inside a word after
# a consonant (б) so the word-start/after-vowel rules do not apply.

RU_SCHEMES = ("bgn-pcgn", "iso9", "gost-7.79-b", "icao", "press")
RU_ROWS = {
    "е": ("e", "e", "e", "e", "e"),
    "ё": ("ë", "ë", "yo", "e", "yo"),
    "ж": ("zh", "ž", "zh", "zh", "zh"),
    "й": ("y", "j", "j", "i", "y"),
    "х": ("kh", "h", "x", "kh", "kh"),
    "ц": ("ts", "c", "cz", "ts", "ts"),
    "ч": ("ch", "č", "ch", "ch", "ch"),
    "ш": ("sh", "š", "sh", "sh", "sh"),
    "щ": ("shch", "ŝ", "shh", "shch", "shch"),
    "ы": ("y", "y", "y`", "y", "y"),
    "э": ("e", "è", "e`", "e", "e"),
    "ю": ("yu", "û", "yu", "iu", "yu"),
    "я": ("ya", "â", "ya", "ia", "ya"),
    "ъ": ("”", "ʺ", "``", "ie", ""),
    "ь": ("’", "ʹ", "`", "", ""),
}


@pytest.mark.parametrize("letter", RU_ROWS)
@pytest.mark.parametrize("column", range(len(RU_SCHEMES)))
def test_russian_letter_follows_reference_table(letter, column):
    scheme = RU_SCHEMES[column]
    assert to_latin(f"б{letter}а", "ru", scheme) == f"b{RU_ROWS[letter][column]}a"


@pytest.mark.parametrize("scheme", ["bgn-pcgn", "press"])
@pytest.mark.parametrize("word,expected", [
    ("Ельцин", "Yel"), ("Токаев", "Tokayev"), ("подъезд", "pod"), ("Васильев", "Vasil")])
def test_ye_at_word_start_and_after_vowel_and_signs(scheme, word, expected):
    latin = to_latin(word, "ru", scheme)
    assert latin.startswith(expected) and "ye" in latin.lower()


def test_bgn_writes_yë_where_it_writes_ye():
    assert to_latin("Ёлкин поёт", "ru", "bgn-pcgn") == "Yëlkin poyët"


def test_only_bgn_and_press_write_ye():
    for scheme in ("icao", "iso9", "gost-7.79-b"):
        assert "y" not in to_latin("Токаев Ельцин", "ru", scheme).lower().replace("y`", "")


def test_gost_b_writes_c_before_front_vowels_and_cz_elsewhere():
    assert to_latin("цирк Цеце ацы Цой", "ru", "gost-7.79-b") == "cirk Cece acy` Czoj"
    assert to_latin("Цукерман", "ru", "gost-7.79-b") == "Czukerman"


def test_press_forms_match_english_newspapers():
    assert to_latin("Дмитрий Песков", "ru", "press") == "Dmitry Peskov"
    assert to_latin("Фёдор Васильев", "ru", "press") == "Fyodor Vasilyev"
    assert to_latin("Горбачёв", "ru", "press") == "Gorbachov"
    assert to_latin("Дмитрий", "ru", "bgn-pcgn") == "Dmitriy"


def test_icao_hard_sign_is_ie_and_soft_sign_dropped():
    assert to_latin("Подъячев Ильин", "ru", "icao") == "Podieiachev Ilin"


# ---- Kazakh table ---------------------------------------------------------------------
# columns: 2018, 2021, BGN/PCGN 1979, ICS-630, passport/icao (unsure)

KK_SCHEMES = ("kk-2018", "kk-2021", "bgn-pcgn", "ics-630", "icao")
KK_ROWS = {
    "ә": ("á", "ä", "ä", "a", "a"),
    "ғ": ("ǵ", "ğ", "gh", "gh", "g"),
    "қ": ("q", "q", "q", "q", "k"),
    "ң": ("ń", "ñ", "ng", "ng", "n"),
    "ө": ("ó", "ö", "ö", "o", "o"),
    "ұ": ("u", "ū", "u", "u", "u"),
    "ү": ("ú", "ü", "ü", "u", "u"),
    "һ": ("h", "h", "h", "h", "kh"),
    "і": ("i", "ı", "i", "i", "i"),
    "и": ("ı", "i", "ī", "i", "i"),
    "й": ("ı", "i", "y", "y", "i"),
    "ы": ("y", "y", "y", "y", "y"),
    "у": ("ý", "u", "ū", "u", "u"),
    "ж": ("j", "j", "zh", "zh", "zh"),
    "х": ("h", "h", "kh", "kh", "kh"),
    "ш": ("sh", "ş", "sh", "sh", "sh"),
    "ч": ("ch", "ch", "ch", "ch", "ch"),
}
# The reference gives ts shch yo yu ya for BGN and ICS, ts shch e iu ia for the passport.
KK_BORROWED = {"bgn-pcgn": "ts shch yo yu ya", "ics-630": "ts shch yo yu ya",
               "icao": "ts shch e iu ia"}


@pytest.mark.parametrize("letter", KK_ROWS)
@pytest.mark.parametrize("column", range(len(KK_SCHEMES)))
def test_kazakh_letter_follows_reference_table(letter, column):
    scheme = KK_SCHEMES[column]
    assert to_latin(f"б{letter}а", "kk", scheme) == f"b{KK_ROWS[letter][column]}a"


@pytest.mark.parametrize("scheme", sorted(KK_BORROWED))
def test_kazakh_borrowed_letters_follow_reference(scheme):
    assert to_latin("ц щ ё ю я", "kk", scheme) == KK_BORROWED[scheme]


def test_ics_630_never_writes_ye_and_drops_signs():
    assert to_latin("Тоқаев Ерлан объект Ильяс", "kk", "ics-630") == "Toqaev Erlan obekt Ilyas"


def test_kazakh_2021_capitals_keep_dotted_and_dotless_i_apart():
    assert to_latin("Иса Ілияс", "kk", "kk-2021") == "İsa Iliias"   # И→İ, І→I, и→i, я→ia
    assert to_latin("ИІ", "kk", "kk-2021") == "İI"


# ---- case ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang,scheme,cyrillic,latin", [
    ("ru", "bgn-pcgn", "ЖОМАРТ ТОКАЕВ", "ZHOMART TOKAYEV"),
    ("ru", "bgn-pcgn", "Жомарт жомарт", "Zhomart zhomart"),
    ("ru", "press", "ЩУКИН Щукин Ж. Ю.", "SHCHUKIN Shchukin Zh. Yu."),
    ("ru", "icao", "ЮРИЙ ЯКОВЛЕВ", "IURII IAKOVLEV"),
    ("kk", "ics-630", "ТОҚАЕВ ҚАСЫМ-ЖОМАРТ", "TOQAEV QASYM-ZHOMART"),
    ("kk", "kk-2021", "ШАЙ ЧАЙ Шай Чай", "ŞAİ CHAİ Şai Chai"),
    ("kk", "kk-2018", "ШАЙ Ұлы", "SHAI Uly"),
])
def test_case_is_kept_for_title_upper_and_lower_words(lang, scheme, cyrillic, latin):
    assert to_latin(cyrillic, lang, scheme) == latin


def test_text_that_is_not_cyrillic_passes_through():
    text = "Reuters, 18.11.2022: «Токаев» — 5 %"
    assert to_latin(text, "ru", "bgn-pcgn") == "Reuters, 18.11.2022: «Tokayev» — 5 %"


# ---- schemes() and bad input --------------------------------------------------------

def test_schemes_lists_every_reference_scheme_with_reversibility():
    listed = {(s.lang, s.name): s.reversible for s in schemes()}
    assert listed == {
        ("ru", "bgn-pcgn"): False, ("ru", "icao"): False, ("ru", "gost-7.79-b"): True,
        ("ru", "iso9"): True, ("ru", "press"): False, ("kk", "kk-2021"): True,
        ("kk", "kk-2018"): True, ("kk", "bgn-pcgn"): False, ("kk", "ics-630"): False,
        ("kk", "icao"): False}
    assert all(s.title and s.description for s in schemes())


def test_kazakh_icao_is_documented_as_unsure():
    icao = next(s for s in schemes() if s.lang == "kk" and s.name == "icao")
    assert "unsure" in icao.description


def test_unknown_language_names_the_allowed_languages():
    with pytest.raises(UnsupportedLanguage, match="'uk'.*allowed: ru, kk") as err:
        to_latin("Київ", "uk", "iso9")
    assert err.value.field == "lang"


def test_unknown_scheme_names_the_schemes_of_that_language():
    with pytest.raises(InvalidInput, match="'ics-630' is not a ru scheme.*bgn-pcgn, icao, "
                                           "gost-7.79-b, iso9, press") as err:
        to_cyrillic("Toqaev", "ru", "ics-630")
    assert err.value.field == "scheme"


def test_non_string_text_is_rejected_with_field():
    with pytest.raises(InvalidInput, match="text must be a string") as err:
        to_latin(None, "ru", "iso9")   # type: ignore[arg-type]
    assert err.value.field == "text"
