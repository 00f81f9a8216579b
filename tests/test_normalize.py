"""Normalisation, rendering and lookup through the library API (no HTTP)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import InvalidInput, NotFound, UnsupportedLanguage
from service.glossary import Glossary

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/corpus/rferl-2022-11-18-kazakh-election-rallies.txt")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(REPO / "glossaries")


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Tokaev said.", "Tokayev said."),
    ("en", "President Qasym-Zhomart Toqaev said.", "President Kassym-Jomart Tokayev said."),
    ("en", "Toqaev's decision", "Tokayev's decision"),
    ("en", "Toqaev’s decision", "Tokayev’s decision"),
    ("en", "TOQAEV WINS", "TOKAYEV WINS"),
    ("en", "TOQAEV Qasym-Zhomart", "TOKAYEV Kassym-Jomart"),
    ("en", "in Nur-Sultan and Alma-Ata", "in Astana and Almaty"),
    ("en", "the region of Manghystau", "the region of Mangystau"),
    ("en", "the Koshe (Street) Party", "the Koshe Party"),
    ("en", "Mukhtar Abliazov", "Mukhtar Ablyazov"),
    ("ru", "Указ Касыма-Жомарта Токаева", "Указ Касыма-Жомарта Токаева"),
    ("ru", "Встреча с Тоқаевым", "Встреча с Токаевым"),
    ("ru", "Заявление Toqaev's", "Заявление Токаева"),
    ("ru", "Заявил Tokayev", "Заявил Токаев"),
    ("ru", "В Нур-Султане и Целинограде", "В Астане и Астане"),
    ("ru", "Организацией Договора о коллективной безопасности", "Организацией Договора о коллективной безопасности"),
    ("kk", "Тоқаевқа бес үміткер қарсы шықты.", "Тоқаевқа бес үміткер қарсы шықты."),
    ("kk", "Токаевқа хат", "Тоқаевқа хат"),
    ("kk", "Toqaevqa hat", "Тоқаевқа hat"),
    # Kazakh in its Latin alphabet stays Latin (2021 alphabet), whatever script the name came in
    ("kk-Latn", "Prezident Toqaev saılauda jeñdi.", "Prezident Toqaev saılauda jeñdi."),
    ("kk-Latn", "Тоқаевқа hat, Tokayev", "Toqaevqa hat, Toqaev"),
    ("kk-Latn", "Nur-Sultanda mıtıng", "Astanada mıtıng"),
    ("kk-Latn", "ҰҚШҰ-ның", "ŪQŞŪ-nyñ"),
    ("kk", "Нұр-Сұлтанда", "Астанада"),
])
def test_mentions_become_the_canonical_name_in_the_same_form(glossary, lang, text, expected):
    assert glossary.normalize(text, lang).text == expected


@pytest.mark.parametrize("text, expected", [
    ("лидер «партии Коше» заявил", "лидер «партии Көше» заявил"),
    ("партия «Коше» заявила", "партия «Көше» заявила"),
    ("лидер «партии Коше", "лидер «партии «Көше»"),       # no closing quote: not a wrapped mention
])
def test_a_name_already_in_quotes_does_not_get_a_second_pair(glossary, text, expected):
    """The canonical партия «Көше» brings its own «…»; inside quotes the text has it keeps one pair."""
    assert glossary.normalize(text, "ru").text == expected


def test_style_prints_the_house_spelling(glossary):
    assert glossary.normalize("Tokayev and Kassym-Jomart Tokayev", "en", "rferl").text == \
        "Toqaev and Qasym-Zhomart Toqaev"
    assert glossary.normalize("Mangystau", "en", "rferl").text == "Manghystau"
    # a style that lists no Russian spelling keeps the default one
    assert glossary.normalize("Toqaev", "ru", "rferl").text == "Токаев"


def test_entities_carry_offsets_into_the_input(glossary):
    text = "Qasym-Zhomart Toqaev met Ablyazov's people in Almaty."
    result = glossary.normalize(text, "en")
    assert [(e.id, e.start, e.end, e.surface, e.canonical) for e in result.entities] == [
        ("kassym-jomart-tokayev", 0, 20, "Qasym-Zhomart Toqaev", "Kassym-Jomart Tokayev"),
        ("mukhtar-ablyazov", 25, 35, "Ablyazov's", "Ablyazov's"),
        ("almaty", 46, 52, "Almaty", "Almaty")]
    for e in result.entities:
        assert text[e.start:e.end] == e.surface


def test_corpus_article_every_mention_found_and_normalised(glossary):
    text = CORPUS.read_text(encoding="utf-8")
    result = glossary.normalize(text, "en")
    ids = {e.id for e in result.entities}
    assert ids >= {"prosecutor-generals-office-kz", "astana", "national-security-committee-kz",
                   "mukhtar-ablyazov", "democratic-choice-of-kazakhstan", "koshe-party",
                   "kassym-jomart-tokayev", "almaty", "aigerim-tileuzhan", "russia", "csto",
                   "mangystau-region"}
    assert "Toqaev" not in result.text and "President Kassym-Jomart Tokayev" in result.text
    assert glossary.normalize(text, "en", "rferl").text.count("Qasym-Zhomart Toqaev") == 1


def test_glossary_examples_hold(glossary):
    for entity in glossary.entities.values():
        for example in entity.examples:
            result = glossary.normalize(example.text, example.lang)
            assert entity.id in {e.id for e in result.entities}, (entity.id, example.text)
            if example.expected is not None:
                assert result.text == example.expected


@pytest.mark.parametrize("entity_id, lang, part, form, expected", [
    ("kassym-jomart-tokayev", "ru", "full", "gen", "Касыма-Жомарта Токаева"),
    ("kassym-jomart-tokayev", "ru", "surname", "ins", "Токаевым"),
    ("kassym-jomart-tokayev", "kk", "surname", "gen", "Тоқаевтың"),
    ("kassym-jomart-tokayev", "kk", "full", "dat", "Қасым-Жомарт Тоқаевқа"),
    ("kassym-jomart-tokayev", "en", "surname", "poss", "Tokayev's"),
    ("kassym-jomart-tokayev", "kk-Latn", "surname", "gen", "Toqaevtyñ"),
    ("mangystau-region", "ru", "full", "gen", "Мангистауской области"),
    ("csto", "ru", "short", "gen", "ОДКБ"),
    ("almaty", "ru", "full", "gen", "Алматы"),
    ("aigerim-tileuzhan", "ru", "full", "dat", "Айгерим Тилеужан"),
])
def test_render_applies_a_form_tag_to_the_canonical_name(glossary, entity_id, lang, part, form, expected):
    assert glossary.render(entity_id, lang, part=part, form=form) == expected


def test_lookup_names_entity_and_rule(glossary):
    [hit] = glossary.lookup("Qasym-Zhomart Toqaev")
    assert hit.entity_id == "kassym-jomart-tokayev" and "translit:ics-630" in hit.rules
    assert "upper" not in hit.rules
    [hit] = glossary.lookup("токаевым", "ru")
    assert (hit.rules, hit.part, hit.form) == (["inflect:ru"], "surname", "ins")
    assert glossary.lookup("Токарев") == []


@pytest.mark.parametrize("call, error, message", [
    (lambda g: g.normalize("x", "de"), UnsupportedLanguage, "lang 'de' is not supported; allowed: en, ru, kk, kk-Latn"),
    (lambda g: g.normalize("   ", "en"), InvalidInput, "text must not be empty"),
    (lambda g: g.normalize("x", "en", "bbc"), InvalidInput, "style 'bbc' is not defined in the glossary; known styles: default, rferl"),
    (lambda g: g.render("nobody", "en"), NotFound, "no entity with id 'nobody'"),
    (lambda g: g.render("almaty", "en", part="middle"), InvalidInput, "part 'middle'"),
    (lambda g: g.variants("nobody"), NotFound, "no entity with id 'nobody'"),
    (lambda g: g.lookup(""), InvalidInput, "q must not be empty"),
    (lambda g: g.lookup("Almaty", "xx"), UnsupportedLanguage, "lang 'xx'"),
])
def test_bad_input_gets_a_clear_error(glossary, call, error, message):
    with pytest.raises(error) as info:
        call(glossary)
    assert message in info.value.message
