"""Glossary-enforced translation with the stand-in engine: exact outputs, every pair.

The stand-in inflects names it knows, transliterates unknown spellings letter by letter
without inflecting them, romanizes into English its own way ("Tokaev") and drops or mangles
names on cue, so each assertion below shows what enforcement adds over the raw model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.glossary import Glossary
from service.pipeline import translate_items
from tests.standin import StandInEngine

REPO = Path(__file__).resolve().parent.parent
TOKAYEV = "kassym-jomart-tokayev"


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load(REPO / "glossaries")


def one(engine, text, source, target, glossary, **options):
    [result] = translate_items(engine, [text], source, target, glossary=glossary, **options)
    return result


def test_en_to_ru_unknown_spelling_is_respelled_so_the_model_inflects_the_name(glossary):
    result = one(StandInEngine(), "Opposition activists have been piling on pressure on Toqaev.",
                 "en", "ru", glossary)
    assert result.text == "Оппозиционные активисты усиливают давление на Токаева."
    assert [(e["id"], e["start"], e["end"], e["surface"]) for e in result.source_entities] == \
        [(TOKAYEV, 53, 59, "Toqaev")]
    [target] = result.target_entities
    assert (target["id"], target["surface"]) == (TOKAYEV, "Токаева")
    assert result.text[target["start"]:target["end"]] == "Токаева"
    assert result.warnings == []


def test_glossary_off_leaves_the_models_raw_spelling_and_case(glossary):
    result = one(StandInEngine(), "Opposition activists have been piling on pressure on Toqaev.",
                 "en", "ru", glossary, use_glossary=False)
    assert result.text == "Оппозиционные активисты усиливают давление на Токаев."
    assert result.source_entities == result.target_entities == []


def test_en_to_kk_russian_style_spelling_gets_the_kazakh_canonical_with_its_ending(glossary):
    raw = one(StandInEngine(), "Tokayev faces five opponents.", "en", "kk", glossary,
              use_glossary=False)
    assert raw.text == "Токаевқа бес қарсылас қарсы шығады."
    result = one(StandInEngine(), "Tokayev faces five opponents.", "en", "kk", glossary)
    assert result.text == "Тоқаевқа бес қарсылас қарсы шығады."


@pytest.mark.parametrize("source, text", [
    ("ru", "Решение Токаева пригласить войска раскритиковали."),
    ("kk", "Тоқаевтың әскер шақыру туралы шешімі сынға ұшырады."),
])
def test_into_english_the_official_canonical_replaces_the_models_romanization(
        glossary, source, text):
    result = one(StandInEngine(), text, source, "en", glossary)
    assert result.text == "Tokayev's decision to invite troops was criticised."


def test_house_style_rferl_in_english_output(glossary):
    result = one(StandInEngine(), "Решение Токаева пригласить войска раскритиковали.", "ru",
                 "en", glossary, style="rferl")
    assert result.text == "Toqaev's decision to invite troops was criticised."


def test_full_name_into_russian_takes_the_case_the_model_chose(glossary):
    result = one(StandInEngine(), "Kassym-Jomart Tokayev's decision to invite troops was "
                 "criticised.", "en", "ru", glossary)
    assert result.text == "Решение Касыма-Жомарта Токаева пригласить войска раскритиковали."


def test_a_dropped_name_is_warned_about_and_nothing_is_inserted(glossary):
    engine = StandInEngine(drop=("terrorists",))
    result = one(engine, "President Tokayev said the protests were caused by terrorists.",
                 "en", "ru", glossary)
    assert result.text == "Президент заявил, что протесты вызвали террористы."
    assert result.target_entities == []
    assert result.warnings == [f"entity '{TOKAYEV}' ('Tokayev' at 10-17) not found in the output"]


def test_a_mangled_name_is_repaired_by_fuzzy_match_near_its_place(glossary):
    engine = StandInEngine(mangle={"Токаев": "Такаев"})
    result = one(engine, "Opposition activists have been piling on pressure on Tokayev.",
                 "en", "ru", glossary)
    assert result.text == "Оппозиционные активисты усиливают давление на Токаева."
    assert result.warnings == []


def test_a_name_mangled_beyond_the_threshold_is_only_warned_about(glossary):
    engine = StandInEngine(mangle={"Токаев": "Трактор"})
    result = one(engine, "Opposition activists have been piling on pressure on Tokayev.",
                 "en", "ru", glossary)
    assert "Трактора" in result.text
    assert len(result.warnings) == 1


def test_pivot_ru_to_kk_goes_through_english_and_enforces_at_the_end(glossary):
    engine = StandInEngine()
    result = one(engine, "Решение Токаева пригласить войска раскритиковали.", "ru", "kk",
                 glossary)
    assert result.path == ["ru", "en", "kk"]
    assert result.text == "Тоқаевтың әскер шақыру туралы шешімі сынға ұшырады."
    assert engine.calls == [(1, "ru", "en"), (1, "en", "kk")]


def test_a_batch_goes_to_the_engine_in_one_call_and_results_stay_aligned(glossary):
    engine = StandInEngine()
    results = translate_items(engine, ["Tokayev faces five opponents.", "",
                                       "The vote took place in Astana."],
                              "en", "ru", glossary=glossary)
    assert engine.calls == [(3, "en", "ru")]
    assert [r.text for r in results] == ["Токаеву противостоят пять соперников.", "",
                                         "Голосование прошло в Астане."]


def test_inline_term_overrides_the_file_and_takes_the_models_case(glossary):
    result = one(StandInEngine(), "Opposition activists have been piling on pressure on "
                 "Tokayev.", "en", "ru", glossary,
                 inline_terms=[{"source": "Tokayev", "target": "Тоқаев"}])
    assert result.text == "Оппозиционные активисты усиливают давление на Тоқаева."
    assert result.target_entities[0]["id"] == "inline:0"
    assert result.target_entities[0]["type"] == "inline"


def test_inline_term_repairs_a_letter_by_letter_transliteration(glossary):
    result = one(StandInEngine(), "A court in Almaty sentenced Aigerim Tileuzhan.", "en", "ru",
                 None, inline_terms={"Aigerim Tileuzhan": "Айгерим Тилеужан"})
    assert result.text == "Суд в Алматы приговорил Айгерим Тилеужан."


def test_unknown_style_is_rejected_naming_the_known_ones(glossary):
    from service.errors import InvalidInput
    with pytest.raises(InvalidInput, match="unknown style 'bbc'"):
        one(StandInEngine(), "Tokayev.", "en", "ru", glossary, style="bbc")


def test_html_entities_are_enforced_per_text_node_with_offsets_into_the_html(glossary):
    source = '<p title="Toqaev">President <b>Toqaev</b> said</p>'
    result = one(StandInEngine(), source, "en", "ru", glossary, format="html")
    assert result.text == '<p title="Toqaev">Президент <b>Токаев</b> заявил</p>'
    [src] = result.source_entities
    assert source[src["start"]:src["end"]] == "Toqaev" and src["start"] == 31
    [tgt] = result.target_entities
    assert result.text[tgt["start"]:tgt["end"]] == "Токаев"


def test_pivot_kk_to_ru_keeps_the_possessive_through_english_and_ends_in_russian_genitive(
        glossary):
    engine = StandInEngine()
    result = one(engine, "Тоқаевтың әскер шақыру туралы шешімі сынға ұшырады.", "kk", "ru",
                 glossary)
    assert result.path == ["kk", "en", "ru"]
    assert result.text == "Решение Токаева пригласить войска раскритиковали."
    assert engine.calls == [(1, "kk", "en"), (1, "en", "ru")]
    assert result.warnings == []


def test_inline_term_for_a_file_entity_wins_over_the_files_possessive_in_english_output(
        glossary):
    result = one(StandInEngine(), "Решение Токаева пригласить войска раскритиковали.", "ru",
                 "en", glossary, inline_terms={"Токаев": "Toqaev"})
    assert result.text == "Toqaev's decision to invite troops was criticised."
    assert [e["id"] for e in result.target_entities] == ["inline:0"]
