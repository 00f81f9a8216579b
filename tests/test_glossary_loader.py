"""Glossary files: the seed content loads, and broken files are reported at file:line:column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from service.glossary import Glossary, GlossaryLoadError
from service.glossary.loader import check_file, load_directory

REPO = Path(__file__).resolve().parent.parent
GLOSSARY_DIR = REPO / "glossaries"

CORPUS_ENTITIES = {
    "kassym-jomart-tokayev": ("Kassym-Jomart Tokayev", "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"),
    "mukhtar-ablyazov": ("Mukhtar Ablyazov", "Мухтар Аблязов", "Мұхтар Әблязов"),
    "aigerim-tileuzhan": ("Aigerim Tileuzhan", "Айгерим Тилеужан", "Айгерім Тілеужан"),
    "prosecutor-generals-office-kz": ("Prosecutor General's Office", "Генеральная прокуратура", "Бас прокуратура"),
    "national-security-committee-kz": ("National Security Committee", "Комитет национальной безопасности",
                                       "Ұлттық қауіпсіздік комитеті"),
    "democratic-choice-of-kazakhstan": ("Democratic Choice of Kazakhstan", "Демократический выбор Казахстана",
                                        "Қазақстанның демократиялық таңдауы"),
    "koshe-party": ("Koshe Party", "партия «Көше»", "«Көше» партиясы"),
    "csto": ("Collective Security Treaty Organization", "Организация Договора о коллективной безопасности",
             "Ұжымдық қауіпсіздік туралы шарт ұйымы"),
    "kazakhstan": ("Kazakhstan", "Казахстан", "Қазақстан"),
    "russia": ("Russia", "Россия", "Ресей"),
    "astana": ("Astana", "Астана", "Астана"),
    "almaty": ("Almaty", "Алматы", "Алматы"),
    "mangystau-region": ("Mangystau Region", "Мангистауская область", "Маңғыстау облысы"),
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(json.loads((GLOSSARY_DIR / "schema.json").read_text()))


def test_seed_glossary_has_every_corpus_entity_in_three_languages():
    glossary = Glossary.load(GLOSSARY_DIR)
    for entity_id, (en, ru, kk) in CORPUS_ENTITIES.items():
        names = glossary.entities[entity_id].names
        assert (names["en"], names["ru"], names["kk"]) == (en, ru, kk)


def test_seed_files_pass_schema_and_consistency_checks():
    for path in sorted(GLOSSARY_DIR.glob("*.yaml")):
        assert check_file(path) == [], path.name


def test_version_is_a_content_hash_that_changes_with_the_files(tmp_path):
    write(tmp_path, "places.yaml", "- id: a\n  type: place\n  names: {en: A, ru: А, kk: А}\n")
    first = load_directory(tmp_path).version
    assert first == load_directory(tmp_path).version and len(first) == 64
    write(tmp_path, "places.yaml", "- id: a\n  type: place\n  names: {en: B, ru: Б, kk: Б}\n")
    assert load_directory(tmp_path).version != first


def test_unknown_field_is_reported_at_its_own_line_and_column(tmp_path):
    write(tmp_path, "people.yaml", "- id: x\n  type: person\n  names: {en: A B, ru: А Б, kk: А Б}\n  nmaes: 1\n")
    with pytest.raises(GlossaryLoadError) as info:
        Glossary.load(tmp_path)
    error = info.value
    assert (error.file, error.line, error.column) == ("people.yaml", 4, 3)
    assert str(error.message).startswith("people.yaml:4:3: [0].nmaes: unknown field")


def test_missing_language_names_the_field(tmp_path):
    write(tmp_path, "places.yaml", "- id: x\n  type: place\n  names:\n    en: X\n    ru: Икс\n")
    [error] = check_file(tmp_path / "places.yaml")
    assert error.line == 3 and "'kk' is a required property" in error.message


def test_empty_name_points_at_the_value(tmp_path):
    write(tmp_path, "places.yaml", "- id: x\n  type: place\n  names:\n    en: X\n    ru: Икс\n    kk:\n")
    [error] = check_file(tmp_path / "places.yaml")
    assert (error.line, error.column) == (6, 5) and "names.kk" in error.message


def test_yaml_syntax_error_has_position(tmp_path):
    write(tmp_path, "places.yaml", "- id: x\n  type: [place\n")
    with pytest.raises(GlossaryLoadError) as info:
        load_directory(tmp_path)
    assert info.value.file == "places.yaml" and info.value.line is not None
    assert "YAML syntax" in info.value.message


@pytest.mark.parametrize("text, expected", [
    ("- id: Bad_Id\n  type: place\n  names: {en: X, ru: Х, kk: Х}\n", "[0].id"),
    ("- id: x\n  type: planet\n  names: {en: X, ru: Х, kk: Х}\n", "'planet' is not one of"),
    ("- id: x\n  type: place\n  gender: male\n  names: {en: X, ru: Х, kk: Х}\n", "only persons have a gender"),
    ("- id: x\n  type: place\n  names: {en: X, ru: Х, kk: Х}\n  former:\n    - names: {en: Y}\n      from: 2000\n      to: 1990\n",
     "from 2000 is after to 1990"),
    ("- id: x\n  type: place\n  names: {en: X, ru: Х, kk: Х}\n  short: {de: [X]}\n", "'de' is not one of"),
])
def test_invalid_entities_are_rejected_with_a_readable_message(tmp_path, text, expected):
    write(tmp_path, "places.yaml", text)
    errors = check_file(tmp_path / "places.yaml")
    assert errors and expected in errors[0].message, [e.message for e in errors]


def test_duplicate_id_across_files_names_both_places(tmp_path):
    write(tmp_path, "a.yaml", "- id: x\n  type: place\n  names: {en: X, ru: Х, kk: Х}\n")
    write(tmp_path, "b.yaml", "- id: x\n  type: place\n  names: {en: Y, ru: У, kk: У}\n")
    with pytest.raises(GlossaryLoadError, match=r"b.yaml:1:1: id: duplicate id 'x' \(first defined at a.yaml:1\)"):
        load_directory(tmp_path)


def test_missing_directory_is_a_load_error(tmp_path):
    with pytest.raises(GlossaryLoadError, match="does not exist"):
        Glossary.load(tmp_path / "nope")


def test_yaml_1_2_strings_that_yaml_1_1_reads_as_booleans_still_load(tmp_path):
    write(tmp_path, "places.yaml", "- id: no-town\n  type: place\n  names: {en: 'No', ru: Но, kk: No}\n")
    [entity] = load_directory(tmp_path).entities
    assert entity.names["kk"] == "No" and entity.line == 1


def test_entity_line_numbers_come_from_the_file():
    entities = {e.id: e for e in load_directory(GLOSSARY_DIR).entities}
    text = (GLOSSARY_DIR / "people.yaml").read_text(encoding="utf-8").splitlines()
    assert text[entities["mukhtar-ablyazov"].line - 1] == "- id: mukhtar-ablyazov"
