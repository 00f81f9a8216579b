"""Reversible schemes give the Cyrillic back exactly: to_cyrillic(to_latin(x)) == x.

Property-style: real names plus thousands of generated words that use every letter in every
position the spelling of the language allows, in lower, Title and UPPER case. The words
avoid only the sequences each scheme's description names as ambiguous (tested below).
"""

from __future__ import annotations

import random

import pytest

from service.translit import schemes, to_cyrillic, to_latin

RU_NAMES = """Касым-Жомарт Токаев, Мухтар Аблязов, Владимир Путин, Дмитрий Песков, Сергей Лавров,
Фёдор Достоевский, Пётр Чайковский, Юрий Гагарин, Щукин, «Объединённая Россия», Хрущёв,
Эльвира Набиуллина, Виктор Цой, Борис Ельцин, Сергей Шойгу, Подъячев, Съезд, Ясин, Цюрих,
Ирина Хакамада, ТОКАЕВ КАСЫМ-ЖОМАРТ, Ёлкин, Вьюгин, Царёв, Щёкин, Юдашкин, Эрнст."""

KK_NAMES = """Қасым-Жомарт Тоқаев, Нұрсұлтан Назарбаев, Әлихан Смайылов, Ерлан Қарин, Мәулен
Әшімбаев, Бауыржан Момышұлы, Абай Құнанбайұлы, Шоқан Уәлиханов, Ғабит Мүсірепов, Мұхтар
Әуезов, Жамбыл Жабаев, Айгүл, Ақмарал, Өскемен, Шымкент, Алматы, Астана, Қызылорда, Тараз,
Түркістан, Ақтөбе, Маңғыстау, Атырау, Қарағанды, Павлодар, Семей, Жезқазған, Талдықорған,
Көкшетау, Қостанай, Петропавл, саяси, Ілияс, Иса, Жібек, ҚАЗАҚСТАН РЕСПУБЛИКАСЫ, Сыйлық,
шай, Чапаев, Үкімет, Мәжіліс, Сенат, Ұлттық Банк, аю, биік."""

RU_VOWELS = "аеёиоуыэюя"
RU_CONSONANTS = "бвгджзйклмнпрстфхцчшщ"
KK_VOWELS = "аәеиоөұүыіу"
KK_CONSONANTS = "бвгғджзйкқлмнңпрстфхчшщ"


def _ru_word(rng: random.Random) -> str:
    """Russian spelling: ъ and ь only after a consonant; three letters or more, since a
    Title-case two-letter word ending in a sign (Дъ) is written like its upper case (ДЪ)."""
    letters = []
    for _ in range(rng.randint(3, 9)):
        pool = RU_VOWELS + RU_CONSONANTS
        if letters and letters[-1] in RU_CONSONANTS:
            pool += "ъь"
        letters.append(rng.choice(pool))
    return "".join(letters)


def _kk_word(rng: random.Random, scheme: str) -> str:
    """Kazakh spelling in the scheme's own letters, avoiding the merges it documents:
    й only after a vowel, и not after one; no и/й before а/у (ia/iu spell я/ю); no ш or щ
    next to ш or щ (şş/shsh spell щ); in kk-2018 no сх (sh)."""
    letters: list[str] = []
    while len(letters) < rng.randint(1, 9):
        letter = rng.choice(KK_VOWELS + KK_CONSONANTS)
        before = letters[-1] if letters else ""
        after_vowel = before in KK_VOWELS and before not in "и"
        if (letter == "й") != (after_vowel and letter in "йи") and letter in "йи":
            continue
        if before in "ий" and before and letter in "ау":
            continue
        if before in "шщ" and before and letter in "шщ" or (scheme == "kk-2018" and before == "с" and letter == "х"):
            continue
        if before == "й" and letter in "иі":
            continue
        letters.append(letter)
    return "".join(letters)


def _cased(rng: random.Random, word: str) -> str:
    return rng.choice([word, word.capitalize(), word.upper()])


def _phrases(words: list[str]) -> list[str]:
    return [" ".join(words[i:i + 4]) for i in range(0, len(words), 4)]


@pytest.mark.parametrize("scheme", ["iso9", "gost-7.79-b"])
def test_russian_names_round_trip(scheme):
    assert to_cyrillic(to_latin(RU_NAMES, "ru", scheme), "ru", scheme) == RU_NAMES


@pytest.mark.parametrize("scheme", ["iso9", "gost-7.79-b"])
def test_generated_russian_words_round_trip(scheme):
    rng = random.Random(f"ru-{scheme}")
    words = [_cased(rng, _ru_word(rng)) for _ in range(3000)]
    for phrase in _phrases(words):
        latin = to_latin(phrase, "ru", scheme)
        assert to_cyrillic(latin, "ru", scheme) == phrase, latin


@pytest.mark.parametrize("scheme", ["kk-2021", "kk-2018"])
def test_kazakh_names_round_trip(scheme):
    assert to_cyrillic(to_latin(KK_NAMES, "kk", scheme), "kk", scheme) == KK_NAMES


@pytest.mark.parametrize("scheme", ["kk-2021", "kk-2018"])
def test_generated_kazakh_words_round_trip(scheme):
    rng = random.Random(f"kk-{scheme}")
    words = [_cased(rng, _kk_word(rng, scheme)) for _ in range(3000)]
    for phrase in _phrases(words):
        latin = to_latin(phrase, "kk", scheme)
        assert to_cyrillic(latin, "kk", scheme) == phrase, latin


@pytest.mark.parametrize("scheme", ["iso9", "gost-7.79-b"])
def test_every_russian_letter_round_trips_in_every_case(scheme):
    for letter in RU_VOWELS + RU_CONSONANTS:
        for word in (f"б{letter}а", f"{letter}ба".capitalize(), f"Б{letter}А".upper()):
            assert to_cyrillic(to_latin(word, "ru", scheme), "ru", scheme) == word


@pytest.mark.parametrize("scheme", ["kk-2021", "kk-2018"])
def test_every_kazakh_letter_with_its_own_latin_letter_round_trips(scheme):
    for letter in "аәбвгғдежзиқклмнңоөпрстуұүфхчшыі":
        for word in (f"б{letter}н", f"{letter}бн".capitalize(), f"Б{letter}Н".upper()):
            assert to_cyrillic(to_latin(word, "kk", scheme), "kk", scheme) == word, word


@pytest.mark.parametrize("scheme", ["kk-2021", "kk-2018"])
def test_kazakh_documented_merges_read_back_the_common_letter(scheme):
    """The scheme descriptions name these: Һ reads back as Х, ц and ё as тс and ио."""
    back = to_cyrillic(to_latin("Һижра жиһаз цирк ёлка", "kk", scheme), "kk", scheme)
    assert back == "Хижра жихаз тсирк иолка"


def test_kazakh_short_i_after_vowel_reads_back_as_й():
    assert to_cyrillic("Aigül Qaiyrly oiyn", "kk", "kk-2021") == "Айгүл Қайырлы ойын"
    assert to_cyrillic("Aıgúl Qaıyrly oıyn", "kk", "kk-2018") == "Айгүл Қайырлы ойын"


KK_LOANS_THAT_DO_NOT_READ_BACK = {"Цой": "Тсой", "Хрущёв": "Хрущиов", "Юрий": "Юрии",
                                  "Подъезд": "Подезд", "Раиса": "Райса", "жиһаз": "жихаз"}


@pytest.mark.parametrize("scheme", ["kk-2021", "kk-2018"])
def test_kazakh_latin_is_reversible_only_for_native_spelling_as_its_note_says(scheme):
    """The flag alone would promise Цой back from Tsoi; the note names every loan-letter
    merge, and each example it gives is what the scheme really does."""
    info = next(s for s in schemes() if (s.lang, s.name) == ("kk", scheme))
    assert info.reversible is True
    assert info.reversible_note.startswith("Reversible for native Kazakh spelling only")
    for word, back in KK_LOANS_THAT_DO_NOT_READ_BACK.items():
        assert to_cyrillic(to_latin(word, "kk", scheme), "kk", scheme) == back
        assert f"{word} → {back}" in info.reversible_note


def test_every_scheme_says_for_which_text_its_flag_holds():
    for info in schemes():
        assert info.reversible_note, info.name
        assert info.reversible_note.startswith("Reversible" if info.reversible else "Not reversible")


def test_schemes_endpoint_adds_the_note_without_changing_the_other_fields(tmp_path):
    from fastapi.testclient import TestClient

    from service.api.app import create_app
    from service.config import Settings

    settings = Settings(models_dir=tmp_path, glossary_dir=tmp_path, glossary_reload_seconds=0)
    with TestClient(create_app(settings)) as client:
        rows = client.get("/transliterate/schemes").json()["schemes"]
    kk2021 = next(row for row in rows if (row["lang"], row["name"]) == ("kk", "kk-2021"))
    assert set(kk2021) == {"lang", "name", "title", "reversible", "description", "reversible_note"}
    assert kk2021["reversible"] is True and "native Kazakh" in kk2021["reversible_note"]
