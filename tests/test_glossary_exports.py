"""Exports parse back with the csv module and xml.etree, and obey each tool's rules."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from service.cli import main
from service.errors import InvalidInput
from service.glossary.exports import deepl_problem
from service.glossary.imports import import_csv, slugify
from service.glossary.loader import load_directory
from tests.glossary_samples import write_glossary

TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def glossary_dir(tmp_path):
    return write_glossary(tmp_path / "glossaries")


def export(glossary_dir, tmp_path, fmt):
    out = tmp_path / f"out-{fmt}"
    assert main(["glossary", "export", str(glossary_dir), "--format", fmt, "--out", str(out)]) == 0
    return out


def read_tsv(path):
    text = path.read_text(encoding="utf-8")
    return [line.split("\t") for line in text.split("\n") if line]


def test_deepl_writes_one_file_per_supported_direction_and_no_kazakh(glossary_dir, tmp_path, capsys):
    out = export(glossary_dir, tmp_path, "deepl")
    assert sorted(p.name for p in out.iterdir()) == ["deepl-en-ru.tsv", "deepl-ru-en.tsv"]
    assert "no Kazakh" in capsys.readouterr().out
    en_ru = dict(read_tsv(out / "deepl-en-ru.tsv"))
    assert en_ru["Kassym-Jomart Tokayev"] == "Касым-Жомарт Токаев"
    assert en_ru["Tokayev"] == "Токаев"
    assert en_ru["Kassym-Zhomart Tokayev"] == "Касым-Жомарт Токаев"   # variant -> canonical
    assert en_ru["Qasym-Zhomart Toqaev"] == "Касым-Жомарт Токаев"     # house style -> canonical
    assert en_ru["CSTO"] == "ОДКБ"
    assert en_ru["Nur-Sultan"] == "Нур-Султан"                        # former name pair
    ru_en = dict(read_tsv(out / "deepl-ru-en.tsv"))
    assert ru_en["ОДКБ"] == "CSTO" and ru_en["Астана"] == "Astana"


@pytest.mark.parametrize("name", ["deepl-en-ru.tsv", "deepl-ru-en.tsv"])
def test_deepl_files_obey_deepl_entry_rules(glossary_dir, tmp_path, name):
    rows = read_tsv(export(glossary_dir, tmp_path, "deepl") / name)
    assert rows, "export is empty"
    assert all(len(row) == 2 for row in rows)
    sources = [row[0] for row in rows]
    assert len(sources) == len(set(sources)), "duplicate source entries"
    for row in rows:
        for term in row:
            assert deepl_problem(term) is None, (row, deepl_problem(term))


def test_deepl_leaves_out_a_source_claimed_twice_and_says_so(tmp_path, capsys):
    clash = """\
- id: a-one
  type: place
  names: {en: Same, ru: Один, kk: Бір}
- id: a-two
  type: place
  names: {en: Same, ru: Два, kk: Екі}
"""
    directory = write_glossary(tmp_path / "g", places=clash)
    out = export(directory, tmp_path, "deepl")
    rows = read_tsv(out / "deepl-en-ru.tsv")
    assert rows == [["Same", "Один"]]
    assert "already maps to 'Один'" in capsys.readouterr().out


@pytest.mark.parametrize("term, problem", [("", "empty"), (" Tokayev", "surrounding whitespace"),
                                           ("Toka\u200byev", "control character"),
                                           ("Toka\tyev", "control character"), ("Tokayev", None)])
def test_deepl_rules_name_the_problem(term, problem):
    assert deepl_problem(term) == problem


def test_google_equivalent_term_sets_have_a_column_per_language(glossary_dir, tmp_path):
    path = export(glossary_dir, tmp_path, "google") / "google-equivalent-terms.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert list(rows[0].keys()) == ["en", "ru", "kk", "description"]
    by_id = {row["description"]: row for row in rows}
    assert by_id["kassym-jomart-tokayev"] == {"en": "Kassym-Jomart Tokayev",
                                              "ru": "Касым-Жомарт Токаев",
                                              "kk": "Қасым-Жомарт Тоқаев",
                                              "description": "kassym-jomart-tokayev"}
    assert (by_id["csto#short1"]["en"], by_id["csto#short1"]["ru"],
            by_id["csto#short1"]["kk"]) == ("CSTO", "ОДКБ", "ҰҚШҰ")


def test_amazon_terminology_has_language_header_and_full_rows(glossary_dir, tmp_path):
    path = export(glossary_dir, tmp_path, "amazon") / "amazon-terminology.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["en", "ru", "kk"]
    assert ["Koshe Party", "Партия «Көше»", "Көше"] in rows
    assert ["Tokayev", "Токаев", "Тоқаев"] in rows
    assert all(len(row) == 3 and all(row) for row in rows)
    sources = [row[0] for row in rows[1:]]
    assert len(sources) == len(set(sources))


def test_tbx_basic_has_a_concept_per_entity_with_preferred_and_obsolete_terms(glossary_dir, tmp_path):
    path = export(glossary_dir, tmp_path, "tbx") / "glossary.tbx"
    root = ET.parse(path).getroot()
    assert root.tag == f"{TBX}tbx" and root.get("type") == "TBX-Basic"
    concepts = {c.get("id"): c for c in root.iter(f"{TBX}conceptEntry")}
    assert set(concepts) == {"kassym-jomart-tokayev", "csto", "astana", "koshe-party"}

    def terms(concept_id, lang):
        for section in concepts[concept_id].iter(f"{TBX}langSec"):
            if section.get(XML_LANG) == lang:
                return [(ts.find(f"{TBX}term").text,
                         {n.get("type"): n.text for n in ts.iter(f"{TBX}termNote")})
                        for ts in section.iter(f"{TBX}termSec")]
        return []

    kk = terms("kassym-jomart-tokayev", "kk")
    assert kk[0] == ("Қасым-Жомарт Тоқаев", {"termType": "fullForm",
                                             "administrativeStatus": "preferredTerm-admn-sts"})
    assert ("Тоқаев", {"termType": "shortForm", "administrativeStatus": "admittedTerm-admn-sts"}) in kk
    assert terms("kassym-jomart-tokayev", "kk-Latn")[0][0] == "Qasym-Jomart Toqaev"
    assert ("CSTO", {"termType": "acronym", "administrativeStatus": "admittedTerm-admn-sts"}) \
        in terms("csto", "en")
    assert ("Nur-Sultan", {"termType": "fullForm", "administrativeStatus": "obsoleteTerm-admn-sts"}) \
        in terms("astana", "en")


def test_export_of_a_broken_glossary_names_file_and_line(tmp_path, capsys):
    directory = write_glossary(tmp_path / "g", places="- id: x\n  type: place\n  names: {en: X}\n")
    assert main(["glossary", "export", str(directory), "--format", "tbx",
                 "--out", str(tmp_path / "o")]) == 1
    assert "places.yaml:3" in capsys.readouterr().err


def test_google_export_imports_back_as_the_same_names(glossary_dir, tmp_path):
    path = export(glossary_dir, tmp_path, "google") / "google-equivalent-terms.csv"
    imported_dir = tmp_path / "imported"
    imported_dir.mkdir()
    (imported_dir / "imported.yaml").write_text(import_csv(path, entity_type="place"),
                                                encoding="utf-8")
    imported = {e.names["en"]: e for e in load_directory(imported_dir).entities}
    original = load_directory(glossary_dir).entities
    for entity in original:
        assert imported[entity.names["en"]].names == {k: v for k, v in entity.names.items()
                                                      if k in ("en", "ru", "kk")}
    assert imported["Kassym-Jomart Tokayev"].id == "kassym-jomart-tokayev"
    assert imported["Kassym-Jomart Tokayev"].notes == "kassym-jomart-tokayev"


def test_import_output_is_canonical_yaml(tmp_path):
    from service.glossary.fmt import format_text

    source = tmp_path / "terms.csv"
    source.write_text("EN,RU,KK,type\nMukhtar Ablyazov,Мухтар Аблязов,Мұхтар Әблязов,person\n"
                      "Mukhtar Ablyazov,Мухтар Аблязов,Мұхтар Әблязов,person\n", encoding="utf-8")
    text = import_csv(source)
    assert format_text(text) == text
    assert "- id: mukhtar-ablyazov\n" in text and "- id: mukhtar-ablyazov-2\n" in text


@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("en,ru\nA,Б\n", "lacks language column(s) ['kk']"),
    ("en,ru,kk\nA,,Б\n", "row 2: empty ru"),
    ("en,ru,kk\nA,Б,Б\n", "row 2: type None is not one of"),
    ("en,ru,kk,type\nA,Б,Б,planet\n", "row 2: type 'planet'"),
    ("en,ru,kk,type\nАблязов,Б,Б,person\n", "cannot make an id"),
])
def test_import_rejects_bad_rows_naming_the_row(tmp_path, content, message):
    source = tmp_path / "terms.csv"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        import_csv(source)
    assert message in info.value.message


def test_import_cli_writes_yaml_file(tmp_path):
    source = tmp_path / "t.tsv"
    source.write_text("en\tru\tkk\nAlmaty\tАлматы\tАлматы\n", encoding="utf-8")
    out = tmp_path / "places.yaml"
    assert main(["glossary", "import", str(source), "--type", "place", "--out", str(out)]) == 0
    assert "- id: almaty\n  type: place\n" in out.read_text(encoding="utf-8")


def test_slugify_drops_diacritics():
    assert slugify("Kassym-Jomart Tokayev") == "kassym-jomart-tokayev"
    assert slugify("Qasym-Jomart Toqaev (2021)") == "qasym-jomart-toqaev-2021"
