"""Finding names: every form in shared/reference/declension.md, scripts and schemes, and the
false positives the matcher must not produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import UnsupportedLanguage
from service.glossary import Glossary, Variant
from service.glossary.model import Entity

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(REPO / "glossaries")


def whole(glossary: Glossary, text: str, lang: str):
    """The single mention that must cover the whole text."""
    mentions = glossary.find(text, lang)
    assert len(mentions) == 1, (text, mentions)
    m = mentions[0]
    assert (m.start, m.end, m.surface) == (0, len(text), text)
    return m


POSITIVE = [
    # Russian: masculine surname table (declension.md), singular and plural
    *[("ru", f, "kassym-jomart-tokayev") for f in
      ["Токаев", "Токаева", "Токаеву", "Токаевым", "Токаеве", "Токаевы", "Токаевых", "Токаевыми"]],
    # first name + surname, hyphenated first name declines both parts
    *[("ru", f, "kassym-jomart-tokayev") for f in
      ["Касым-Жомарт Токаев", "Касыма-Жомарта Токаева", "Касыму-Жомарту Токаеву",
       "Касымом-Жомартом Токаевым", "Касыме-Жомарте Токаеве", "Токаев Касым-Жомарт"]],
    *[("ru", f, "mukhtar-ablyazov") for f in ["Мухтар Аблязов", "Мухтара Аблязова", "Мухтару Аблязову",
                                              "Аблязовым", "Мұхтар Әблязов"]],
    ("ru", "Айгерим Тилеужан", "aigerim-tileuzhan"),
    *[("ru", f, "astana") for f in ["Астана", "Астаны", "Астане", "Астаной", "Астану",
                                    "Нур-Султан", "Нур-Султане", "Целиноград", "Акмолинск"]],
    ("ru", "Алматы", "almaty"), ("ru", "Алма-Ате", "almaty"), ("ru", "Алма-Аты", "almaty"),
    *[("ru", f, "mangystau-region") for f in ["Мангистауская область", "Мангистауской области",
                                              "Мангистаускую область", "Мангистауской областью", "Мангистау"]],
    *[("ru", f, "csto") for f in ["Организация Договора о коллективной безопасности",
                                  "Организации Договора о коллективной безопасности",
                                  "Организацией Договора о коллективной безопасности", "ОДКБ"]],
    ("ru", "КНБ", "national-security-committee-kz"),
    ("ru", "Комитета национальной безопасности", "national-security-committee-kz"),
    ("ru", "ДВК", "democratic-choice-of-kazakhstan"),
    ("ru", "Демократического выбора Казахстана", "democratic-choice-of-kazakhstan"),
    ("ru", "партии «Көше»", "koshe-party"),
    ("ru", "Генеральной прокуратуры", "prosecutor-generals-office-kz"),
    ("ru", "России", "russia"), ("ru", "Казахстане", "kazakhstan"),
    # Kazakh: case endings on the last word, vowel harmony (declension.md)
    *[("kk", f, "kassym-jomart-tokayev") for f in
      ["Тоқаев", "Тоқаевтың", "Тоқаевқа", "Тоқаевты", "Тоқаевта", "Тоқаевтан", "Тоқаевпен",
       "Қасым-Жомарт Тоқаевтың", "Қасым-Жомарт Тоқаев", "Токаевқа"]],
    *[("kk", f, "almaty") for f in
      ["Алматы", "Алматының", "Алматыға", "Алматыны", "Алматыда", "Алматыдан", "Алматымен"]],
    *[("kk", f, "aigerim-tileuzhan") for f in
      ["Тілеужан", "Тілеужанның", "Тілеужанға", "Тілеужанды", "Тілеужанда", "Тілеужаннан",
       "Тілеужанмен", "Айгерім Тілеужанға", "Айгерим Тілеужан"]],
    ("kk", "Маңғыстау облысында", "mangystau-region"), ("kk", "Маңғыстау облысының", "mangystau-region"),
    ("kk", "ҰҚШҰ", "csto"), ("kk", "ҰҚШҰ-ға", "csto"), ("kk", "ҰҚК", "national-security-committee-kz"),
    ("kk", "«Көше» партиясының", "koshe-party"), ("kk", "Ресейге", "russia"), ("kk", "Қазақстанда", "kazakhstan"),
    ("kk", "Мұхтар Әблязовтың", "mukhtar-ablyazov"),
    # Kazakh 2021 Latin (declension.md: -nyñ, -qa, -ty, -ta, -tan, -pen)
    *[("kk", f, "kassym-jomart-tokayev") for f in
      ["Toqaevtyñ", "Toqaevqa", "Toqaevty", "Toqaevta", "Toqaevtan", "Toqaevpen"]],
    # English: every spelling in romanization.md, possessives, upper case, surname first
    *[("en", f, "kassym-jomart-tokayev") for f in
      ["Kassym-Jomart Tokayev", "Kasym-Zhomart Tokayev", "Kasym-Zhomart Tokaev", "Qasym-Zhomart Toqaev",
       "Qasym-Jomart Toqaev", "TOKAYEV KASSYM-JOMART", "TOKAYEV Kassym-Jomart", "Kassym-Zhomart Tokayev",
       "Kasym-Jomart Tokayev", "Qasym-Zhomart Tokayev", "Tokayev", "Tokaev", "Toqaev", "Tokaiev",
       "Tokayev's", "Toqaev’s", "TOKAYEV", "Kassym-Jomart Tokayev's",
       # a family or a couple: the Tokayevs, the Toqaevs' house
       "Tokayevs", "Toqaevs", "Tokaevs", "TOKAYEVS"]],
    *[("en", f, "mukhtar-ablyazov") for f in ["Mukhtar Ablyazov", "Mukhtar Abliazov", "Ablyazov's", "Ablyazov"]],
    ("en", "Aigerim Tileuzhan", "aigerim-tileuzhan"),
    *[("en", f, "astana") for f in ["Astana", "ASTANA", "Nur-Sultan", "Tselinograd", "Akmolinsk", "Akmola"]],
    ("en", "Akmola Region", "akmola-region"),
    ("en", "Alma-Ata", "almaty"), ("en", "Almaty's", "almaty"),
    ("en", "Manghystau", "mangystau-region"), ("en", "Mangystau Region", "mangystau-region"),
    ("en", "Mangistau", "mangystau-region"),
    ("en", "Collective Security Treaty Organization", "csto"), ("en", "CSTO", "csto"),
    ("en", "Committee of National Security", "national-security-committee-kz"), ("en", "KNB", "national-security-committee-kz"),
    ("en", "Prosecutor-General's Office", "prosecutor-generals-office-kz"),
    ("en", "Prosecutor General’s Office", "prosecutor-generals-office-kz"),
    ("en", "Democratic Choice of Kazakhstan", "democratic-choice-of-kazakhstan"), ("en", "DVK", "democratic-choice-of-kazakhstan"),
    ("en", "Koshe (Street) Party", "koshe-party"), ("en", "Koshe Party", "koshe-party"),
    ("en", "Street Party", "koshe-party"),
    ("en", "Kazakhstan", "kazakhstan"), ("en", "Russia", "russia"), ("en", "Central Asia", "central-asia"),
    ("en", "Radio Free Europe/Radio Liberty", "rferl"), ("en", "RFE/RL", "rferl"),
    # Latin names in Cyrillic text and the other way round
    ("ru", "Tokayev", "kassym-jomart-tokayev"), ("kk", "Qasym-Jomart Toqaev", "kassym-jomart-tokayev"),
    ("en", "Токаев", "kassym-jomart-tokayev"),
]


@pytest.mark.parametrize("lang, text, entity_id", POSITIVE)
def test_mention_is_found_as_a_whole(glossary, lang, text, entity_id):
    assert whole(glossary, text, lang).entity_id == entity_id


NEGATIVE = [
    ("ru", "Токарев"),            # another surname one letter away
    ("ru", "Токаевский"),         # a longer word that is not a generated form
    ("ru", "Токаевой"),           # feminine oblique form: Tokayev is a man
    ("ru", "Касым"),              # given name alone
    ("ru", "Касым-Жомарт"),
    ("ru", "Верный"),             # Almaty's old name left out: an ordinary adjective
    ("ru", "казахский"),          # adjective, not the country
    ("en", "Tokayeva"),           # a woman, in English text
    ("en", "Tokayevist"),         # a longer word (the plural Tokayevs is a mention)
    ("en", "Tokayevses"),
    ("en", "Kassym-Jomart"),
    ("en", "Mukhtar"),
    ("en", "Street"),             # common word of the party's name
    ("en", "a street party"),     # ordinary phrase written in lowercase
    ("en", "Koshe"),
    ("en", "Central Asian"),      # adjective
    ("en", "Kazakh"),
    ("en", "Astanaisky"),
    ("en", "Almatyx"),
    ("en", "preCSTO"),
    ("kk", "көше"),               # 'street' in Kazakh
    ("kk", "Тоқаевтікі"),         # not one of the generated forms
    ("kk", "Астанасыз"),
]


@pytest.mark.parametrize("lang, text", NEGATIVE)
def test_not_a_mention(glossary, lang, text):
    assert glossary.find(text, lang) == []


def test_offsets_are_code_points_of_the_input(glossary):
    text = "В 2022 году Касым-Жомарт Токаев и Мухтар Аблязов, а также ОДКБ."
    found = [(m.entity_id, text[m.start:m.end]) for m in glossary.find(text, "ru")]
    assert found == [("kassym-jomart-tokayev", "Касым-Жомарт Токаев"),
                     ("mukhtar-ablyazov", "Мухтар Аблязов"), ("csto", "ОДКБ")]


def test_offsets_stay_exact_when_casefolding_changes_length(glossary):
    text = "Straße ﬁx: Toqaev and İİ Almaty"
    found = [(m.start, m.end, m.surface) for m in glossary.find(text, "en")]
    assert found == [(11, 17, "Toqaev"), (25, 31, "Almaty")]
    assert [text[s:e] for s, e, _ in found] == ["Toqaev", "Almaty"]


WIKIPEDIA_LEAD = ("Касы́м-Жома́рт Кеме́левич Тока́ев (каз. Қасым-Жомарт Кемелұлы Тоқаев; "
                  "род. 17 мая 1953, Алма-Ата́) — казахстанский государственный деятель")


def test_stress_marks_on_cyrillic_names_do_not_hide_them(glossary):
    """Russian Wikipedia leads and dictionaries mark stress (U+0301): the name is found, and
    its span, in the input's code points, keeps the marks."""
    found = [(m.entity_id, m.surface, WIKIPEDIA_LEAD[m.start:m.end]) for m in glossary.find(WIKIPEDIA_LEAD, "ru")]
    assert found == [("kassym-jomart-tokayev", "Касы́м-Жома́рт Кеме́левич Тока́ев", "Касы́м-Жома́рт Кеме́левич Тока́ев"),
                     ("kassym-jomart-tokayev", "Қасым-Жомарт Кемелұлы Тоқаев", "Қасым-Жомарт Кемелұлы Тоқаев"),
                     ("almaty", "Алма-Ата́", "Алма-Ата́")]


@pytest.mark.parametrize("lang, text, expected", [
    ("ru", "Тока́ев заявил", "Токаев заявил"),
    ("ru", "встреча с Тока́евым", "встреча с Токаевым"),          # the case form is kept
    ("ru", "ТОКА́ЕВ", "ТОКАЕВ"),
    ("ru", "Тока̀ев и Тока́́ев", "Токаев и Токаев"),             # grave, and a doubled mark
    ("kk", "Тоқа́евқа хат", "Тоқаевқа хат"),
    ("ru", "Straße, Тока́ев, İstanbul", "Straße, Токаев, İstanbul"),   # with folding that lengthens
])
def test_a_stressed_mention_is_normalised_to_the_plain_canonical_spelling(glossary, lang, text, expected):
    assert glossary.normalize(text, lang).text == expected


@pytest.mark.parametrize("lang, text", [
    ("en", "Toka\u0301yev said"),       # on a Latin letter the mark is part of the letter (NFD á)
    ("ru", "\u0301Токаев"),             # a mark that follows no Cyrillic letter starts a word
    ("ru", "Токаре́в"),                  # a stressed other name stays another name
])
def test_only_stress_marks_on_cyrillic_letters_are_dropped(glossary, lang, text):
    assert glossary.find(text, lang) == []


@pytest.mark.parametrize("lang, text, expected", [
    ("ru", "К.\u00a0Тоқаев заявил", "К.\u00a0Токаев заявил"),                  # no-break space after initials
    ("ru", "Қасым-Жомарт\u202fТоқаевқа", "Касыму-Жомарту\u202fТокаеву"),     # narrow no-break space
    ("en", "President Qasym-Zhomart\nToqaev said", "President Kassym-Jomart\nTokayev said"),   # wrapped line
    ("en", "the Democratic\u00a0Choice of\nKazakhstan", "the Democratic\u00a0Choice of\nKazakhstan"),
    ("en", "Kassym-Jomart\u2009Toqaev", "Kassym-Jomart\u2009Tokayev"),
])
def test_a_name_across_other_spaces_is_one_mention_and_keeps_its_spaces(glossary, lang, text, expected):
    """News typography puts no-break and thin spaces inside names, and extracted text wraps
    them across lines: the name is still one mention, and its spaces stay as they were."""
    result = glossary.normalize(text, lang)
    assert result.text == expected
    assert len(result.entities) == 1


@pytest.mark.parametrize("text", ["Kassym-Jomart\n\nTokayev", "Kassym-Jomart  Tokayev", "Kassym-Jomart\tTokayev",
                                  "Kassym-Jomart\r\nTokayev"])
def test_a_blank_line_a_double_space_or_a_tab_is_not_inside_a_name(glossary, text):
    """A blank line ends a paragraph and a tab a field (TSV); a CRLF line break is two
    characters and, like a double space, stays a boundary."""
    found = [m.surface for m in glossary.find(text, "en")]
    assert found == ["Tokayev"]


def test_leftmost_longest_prefers_the_full_organisation_over_its_parts(glossary):
    text = "the Democratic Choice of Kazakhstan (DVK) met in Kazakhstan"
    found = [m.surface for m in glossary.find(text, "en")]
    assert found == ["Democratic Choice of Kazakhstan", "DVK", "Kazakhstan"]


def test_akmola_region_wins_over_the_former_city_name(glossary):
    [m] = glossary.find("Akmola Region", "en")
    assert m.entity_id == "akmola-region"


def test_surname_extends_over_a_given_name_in_any_spelling(glossary):
    [m] = glossary.find("President Kasym-Jomart Toqaev said", "en")
    assert m.surface == "Kasym-Jomart Toqaev" and m.variant.part == "full"


def test_hyphen_after_a_name_is_a_boundary(glossary):
    found = [m.surface for m in glossary.find("the Russia-led alliance and Tokayev-era laws", "en")]
    assert found == ["Russia", "Tokayev"]


def test_each_mention_records_rule_part_and_form(glossary):
    m = whole(glossary, "Касыма-Жомарта Токаева", "ru")
    assert (m.variant.part, m.variant.form, m.variant.lang) == ("full", "gen", "ru")
    m = whole(glossary, "Тоқаевқа", "kk")
    assert (m.variant.rule, m.variant.part, m.variant.form) == ("inflect:kk", "surname", "dat")
    m = whole(glossary, "Toqaev", "en")
    assert m.variant.rule in ("style:rferl", "translit:ics-630", "translit:kk-bgn-pcgn")


def test_unknown_language_is_rejected(glossary):
    with pytest.raises(UnsupportedLanguage, match="allowed: en, ru, kk, kk-Latn"):
        glossary.find("Tokayev", "de")


def test_variants_are_grouped_by_rule_and_cover_every_scheme(glossary):
    groups = glossary.variants("kassym-jomart-tokayev")
    for rule in ["canonical", "short", "variant", "style:rferl", "translit:bgn-pcgn", "translit:icao",
                 "translit:ics-630", "translit:kk-2021", "ru-rendering", "press:-ev/-yev", "inflect:ru",
                 "inflect:kk", "en:possessive", "upper", "surname-first"]:
        assert groups.get(rule), rule
    surfaces = {v.surface for vs in groups.values() for v in vs}
    assert {"TOKAYEV Kassym-Jomart", "Касыма-Жомарта Токаева", "Қасым-Жомарт Тоқаевтың",
            "Qasym-Zhomart Toqaev", "Kasym-Zhomart Tokaev", "Toqaevtyñ"} <= surfaces
    assert all(isinstance(v, Variant) and v.entity_id == "kassym-jomart-tokayev"
               for vs in groups.values() for v in vs)


def test_homonym_surnames_are_told_apart_by_the_given_name():
    people = [Entity("a-tokayev", "person", {"en": "Arman Tokayev", "ru": "Арман Токаев", "kk": "Арман Тоқаев"},
                     gender="male"),
              Entity("k-tokayev", "person", {"en": "Kassym Tokayev", "ru": "Касым Токаев", "kk": "Қасым Тоқаев"},
                     gender="male")]
    glossary = Glossary(people)
    found = [(m.entity_id, m.surface) for m in glossary.find("Kassym Tokayev met Arman Tokayev.", "en")]
    assert found == [("k-tokayev", "Kassym Tokayev"), ("a-tokayev", "Arman Tokayev")]


CASE_FOLDED = [
    ("en", "tokayev", "kassym-jomart-tokayev"), ("en", "TOKAYEV", "kassym-jomart-tokayev"),
    ("en", "toqaev's", "kassym-jomart-tokayev"), ("en", "kassym-jomart tokayev", "kassym-jomart-tokayev"),
    ("en", "QASYM-ZHOMART TOQAEV", "kassym-jomart-tokayev"), ("en", "mukhtar ablyazov", "mukhtar-ablyazov"),
    ("ru", "токаева", "kassym-jomart-tokayev"), ("ru", "ТОКАЕВЫМ", "kassym-jomart-tokayev"),
    ("ru", "касыма-жомарта токаева", "kassym-jomart-tokayev"), ("ru", "аблязова", "mukhtar-ablyazov"),
    ("ru", "мангистауской области", "mangystau-region"), ("kk", "тоқаевқа", "kassym-jomart-tokayev"),
    ("kk", "ТОҚАЕВТЫҢ", "kassym-jomart-tokayev"), ("en", "collective security treaty organization", "csto"),
    ("en", "koshe party", "koshe-party"), ("en", "almaty's", "almaty"),
]


@pytest.mark.parametrize("lang, text, entity_id", CASE_FOLDED)
def test_lower_and_upper_case_mentions_of_distinctive_names_match(glossary, lang, text, entity_id):
    assert whole(glossary, text, lang).entity_id == entity_id


@pytest.fixture(scope="module")
def common_word_glossary() -> Glossary:
    """An organisation whose short forms are ordinary words (Union / Союз / Жол)."""
    return Glossary([Entity("light-union", "organization",
                            {"en": "Light Union", "ru": "Союз света", "kk": "Жарық одағы"},
                            short={"en": ["Union"], "ru": ["Союз"], "kk": ["Жол"]})])


@pytest.mark.parametrize("lang, text", [
    ("en", "a trade union"), ("en", "a light union of parties"), ("ru", "союз"), ("ru", "союза"),
    ("ru", "союзом писателей"), ("kk", "жол"), ("kk", "жолда"),
])
def test_common_word_spellings_need_a_capital(common_word_glossary, lang, text):
    assert common_word_glossary.find(text, lang) == []


@pytest.mark.parametrize("lang, text", [
    ("en", "Union"), ("en", "UNION"), ("en", "Light Union"), ("en", "LIGHT UNION"), ("ru", "Союза"),
    ("ru", "СОЮЗ"), ("ru", "союз света"), ("kk", "Жолда"), ("kk", "жарық одағы"),
])
def test_common_word_spellings_match_with_a_capital_or_in_a_distinctive_name(common_word_glossary, lang, text):
    assert whole(common_word_glossary, text, lang).entity_id == "light-union"


def test_find_and_normalize_agree_on_every_mention(glossary):
    """normalize takes a faster path than find; both must see the same mentions."""
    text = ("TOKAYEV Kassym-Jomart met «Көше» партиясы and toqaev's CSTO allies in Nur-Sultan; "
            "Мухтара Аблязова, the ДВК and Qasym-Zhomart Toqaev’s Prosecutor-General's Office. ") * 3
    for lang in ("en", "ru", "kk"):
        found = [(m.start, m.end, m.surface, m.entity_id) for m in glossary.find(text, lang)]
        result = glossary.normalize(text, lang)
        assert [(n.start, n.end, n.surface, n.id) for n in result.entities] == found
        assert len(found) >= 24


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "The Toqaevs met the press.", "The Tokayevs met the press."),
    ("en", "the Tokaevs' house", "the Tokayevs' house"),
    ("en", "THE TOQAEVS", "THE TOKAYEVS"),
    ("ru", "Приехали Tokayevs.", "Приехали Токаевы."),
    ("kk", "Tokayevs келді.", "Тоқаевтар келді."),
])
def test_a_surname_plural_is_a_mention_normalised_in_the_plural(glossary, lang, text, expected):
    """The Tokayevs (a family, a couple) is a mention of the person; normalised, it stays
    plural: in English the canonical surname + s, in Russian and Kazakh their plural."""
    assert glossary.normalize(text, lang).text == expected


def test_library_transliterations_get_no_plural(glossary):
    """GOST 7.79 and ISO 9 spellings are for catalogues, not news: no plural is indexed for
    them (each would be one more index entry per person)."""
    plurals = {v.surface for vs in glossary.variants("kassym-jomart-tokayev").values() for v in vs
               if v.form == "pl" and v.lang == "en"}
    assert "Tokayevs" in plurals and "Toqaevs" in plurals
    assert not any("ž" in s or "Tokaevy" in s for s in plurals)


def test_a_glossary_without_entities_normalises_to_the_text_itself():
    """No patterns: the scan returns an empty set of hits of the usual kind, not a bare list
    (the compiled rewrite accepts only Hits)."""
    empty = Glossary([])
    result = empty.normalize("Tokayev in Astana", "en")
    assert result.text == "Tokayev in Astana" and result.entities == []
    assert empty.find("Tokayev", "en") == []
