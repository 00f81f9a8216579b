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


FULL_ENTITY = {
    "id": "qasym-x", "type": "person", "gender": "male",
    "names": {"en": "Qasym X", "ru": "Касым Х", "kk": "Қасым Х", "kk-Latn": "Qasym X"},
    "short": {"en": ["X"], "ru": ["Х"]},
    "variants": {"en": ["Kasym X"]},
    "former": [{"names": {"en": "Old X"}, "from": 1990, "to": 2000}],
    "styles": {"rferl": {"en": "Qasym Kh", "short": {"en": ["Kh"]}}},
    "inflect": {"ru": "surname", "kk": "phrase"},
    "sources": ["https://example.org"],
    "notes": "n",
    "examples": [{"text": "Qasym X spoke.", "lang": "en", "expected": "Qasym X spoke.",
                  "entities": [{"id": "qasym-x", "start": 0, "end": 7}]}],
}
WRONG_VALUES = [None, 0, -1, 1.5, True, "", " padded", "Bad Id", [], ["X", "X"], {}, {"zz": 1}]


def _mutations(node, path=()):
    """Every document made by one wrong edit: a value replaced, a key removed, a key added."""
    yield path, "add-key", None
    if isinstance(node, dict):
        for key, value in node.items():
            yield path + (key,), "remove", None
            yield from _mutations(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _mutations(value, path + (index,))
    for wrong in WRONG_VALUES:
        yield path, "replace", wrong


def _apply(document, path, action, value):
    import copy
    document = copy.deepcopy(document)
    if not path:
        return value if action == "replace" else document
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if action == "remove":
        del parent[path[-1]]
    elif action == "replace":
        parent[path[-1]] = value
    elif isinstance(parent[path[-1]], dict):
        parent[path[-1]]["unexpected"] = "x"
    return document


def test_fast_schema_check_rejects_everything_jsonschema_rejects():
    """The load path validates with fastjsonschema (10x faster); it must never accept a file
    the schema forbids, or a broken edit would load without the positioned error."""
    from service.glossary.loader import _is_valid, _validator
    assert _is_valid([FULL_ENTITY]) and _validator().is_valid([FULL_ENTITY])
    checked = 0
    for path, action, value in _mutations([FULL_ENTITY]):
        document = _apply([FULL_ENTITY], path, action, value)
        if not _validator().is_valid(document):
            checked += 1
            assert not _is_valid(document), (path, action, value)
    assert checked > 300


def test_seed_glossary_takes_the_fast_path():
    from service.glossary.loader import _fast_tree
    for path in sorted(GLOSSARY_DIR.glob("*.yaml")):
        assert _fast_tree(path.read_bytes()) is not None, path.name


def test_event_builder_reads_files_exactly_as_pyyaml_does():
    import yaml
    from service.glossary.loader import _plain_tree
    for path in sorted(GLOSSARY_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert _plain_tree(text) == yaml.safe_load(text), path.name
    years = "- id: a\n  type: place\n  names: {en: A, ru: А, kk: А}\n  former: [{names: {en: B}, from: 1990, to: 2001}]\n"
    assert _plain_tree(years)[0]["former"][0] == {"names": {"en": "B"}, "from": 1990, "to": 2001}


@pytest.mark.parametrize("text", [
    "- &a {id: x, type: place, names: {en: X, ru: Х, kk: Х}}\n- *a\n",            # anchors
    "- id: x\n  id: y\n  type: place\n  names: {en: X, ru: Х, kk: Х}\n",           # duplicate key
    "- !place {id: x, type: place, names: {en: X, ru: Х, kk: Х}}\n",               # application tag
    "- <<: {type: place}\n  id: x\n  names: {en: X, ru: Х, kk: Х}\n",               # merge key
    "- {id: x, type: place, names: {en: X, ru: Х, kk: Х}}\n---\n- {id: y}\n",      # two documents
])
def test_yaml_features_a_glossary_does_not_use_leave_the_fast_path(tmp_path, text):
    """Duplicate keys in particular: libyaml keeps the last one silently, ruamel reports it."""
    from service.glossary.loader import _fast_tree
    assert _fast_tree(text.encode()) is None


def test_duplicate_key_is_reported_not_silently_overwritten(tmp_path):
    write(tmp_path, "places.yaml", "- id: x\n  type: place\n  names: {en: X, ru: Х, kk: Х}\n  type: country\n")
    with pytest.raises(GlossaryLoadError) as info:
        load_directory(tmp_path)
    assert info.value.line == 4 and "type" in info.value.message
