"""lint: every problem at file:line:column with a code; exit status and JSON for CI."""

from __future__ import annotations

import json

import pytest

from service.cli import main
from service.glossary.lint import common_words, lint_directory
from tests.glossary_samples import (NAMESAKE, ORGANIZATIONS, PARTIES, PEOPLE, PLACES,
                                    write_glossary)


def codes(report):
    return [(f.file.rsplit("/", 1)[-1], f.line, f.column, f.code) for f in report.findings]


def test_clean_sample_glossary_has_no_errors(tmp_path):
    report = lint_directory(write_glossary(tmp_path))
    assert report.errors == [], [f.human() for f in report.errors]
    assert report.entities == 4


def test_unknown_field_points_at_the_field(tmp_path):
    bad = PLACES.replace("  type: place\n", "  type: place\n  colour: blue\n")
    report = lint_directory(write_glossary(tmp_path, places=bad), behaviour=False)
    assert ("places.yaml", 3, 3, "schema") in codes(report)
    assert "colour" in next(f for f in report.errors if f.code == "schema").message


def test_schema_error_deep_inside_points_at_the_value(tmp_path):
    bad = PLACES.replace("from: 2019", "from: twenty-nineteen")
    report = lint_directory(write_glossary(tmp_path, places=bad), behaviour=False)
    finding = next(f for f in report.findings if f.code == "schema")
    assert finding.line == 9 and "former[0].from" in finding.message


def test_duplicate_id_across_files_names_both_places(tmp_path):
    twin = PARTIES.replace("koshe-party", "astana")
    report = lint_directory(write_glossary(tmp_path, places=PLACES, parties=twin),
                            behaviour=False)
    finding = next(f for f in report.findings if f.code == "duplicate-id")
    assert finding.file.endswith("places.yaml") and finding.line == 1
    assert "parties.yaml:1" in finding.message


def test_missing_required_language_is_named(tmp_path):
    bad = PLACES.replace("    kk: Астана\n", "", 1)
    report = lint_directory(write_glossary(tmp_path, places=bad), behaviour=False)
    finding = next(f for f in report.findings if f.code == "missing-language")
    assert (finding.line, finding.column) == (3, 3) and "names.kk is missing" in finding.message


@pytest.mark.parametrize("value, code, fragment", [
    ('"Astana "', "stray-whitespace", "leading or trailing whitespace"),
    ("Ast\u00a0ana", "control-character", "U+00A0 NO-BREAK SPACE"),
    ("Ast\u200bana", "control-character", "U+200B ZERO WIDTH SPACE"),
    ("Ast  ana", "stray-whitespace", "double space"),
])
def test_stray_whitespace_and_control_characters_point_at_the_value(tmp_path, value, code, fragment):
    bad = PLACES.replace("    en: Astana\n", f"    en: {value}\n", 1)
    report = lint_directory(write_glossary(tmp_path, places=bad), behaviour=False)
    finding = next(f for f in report.findings if f.code == code)
    assert (finding.line, finding.column) == (4, 9)
    assert fragment in finding.message


def test_yaml_syntax_error_has_a_position(tmp_path):
    report = lint_directory(write_glossary(tmp_path, places="- id: x\n  names: [a\n"),
                            behaviour=False)
    finding = report.errors[0]
    assert finding.code == "yaml-syntax" and finding.line >= 2


def test_non_canonical_format_is_reported_at_first_changed_line(tmp_path):
    messy = PLACES.replace("- id: astana\n  type: place\n", "- type: place\n  id: astana\n")
    report = lint_directory(write_glossary(tmp_path, places=messy), behaviour=False)
    assert ("places.yaml", 1, 1, "format") in codes(report)


def test_common_word_lists_hold_a_few_hundred_words_each():
    for lang, word in (("en", "street"), ("en", "party"), ("en", "choice"),
                       ("ru", "улица"), ("ru", "выбор"), ("kk", "көше")):
        assert word in common_words(lang)
    assert all(len(common_words(lang)) >= 150 for lang in ("en", "ru", "kk"))


def test_cli_exit_status_and_human_format(tmp_path, capsys):
    bad = PLACES.replace("  type: place\n", "  type: place\n  colour: blue\n")
    directory = write_glossary(tmp_path, places=bad)
    assert main(["glossary", "lint", str(directory)]) == 1
    out = capsys.readouterr().out
    assert "places.yaml:3:3: error: " in out and out.rstrip().endswith("[schema]")


def test_cli_json_report(tmp_path, capsys):
    directory = write_glossary(tmp_path, places=PLACES.replace("    kk: Астана\n", "", 1))
    assert main(["glossary", "lint", str(directory), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["errors"] >= 1
    assert {"file", "line", "column", "severity", "code", "message"} <= set(report["findings"][0])


# ----------------------------------------------------------- behaviour (real Glossary)


def test_spelling_claimed_by_two_entities_shows_both_and_the_rule(tmp_path):
    directory = write_glossary(tmp_path, people=PEOPLE, zz_people=NAMESAKE)
    report = lint_directory(directory)
    finding = next(f for f in report.findings if f.code == "collision")
    assert finding.file.endswith("zz_people.yaml") and finding.line == 1
    assert "kassym-jomart-tokayev (rule" in finding.message
    assert "tokayev-namesake (rule" in finding.message
    assert "/people.yaml:2" in finding.message            # the other entity's place
    stated = ("spelling 'Tokayev' [en]", "spelling 'Токаев' [ru]", "spelling 'Тоқаев' [kk]")
    assert any(s in finding.message for s in stated), finding.message  # not a derived form


def test_short_form_equal_to_a_common_word_is_flagged_but_canonical_name_is_not(tmp_path):
    street = PARTIES.replace("    kk: Көше\n", "    kk: Көше\n  short:\n    en: [Street]\n")
    report = lint_directory(write_glossary(tmp_path, parties=street))
    found = [f for f in report.findings if f.code == "common-word"]
    assert len(found) == 1, [f.human() for f in report.findings]
    assert "'Street' [en]" in found[0].message and (found[0].line, found[0].column) == (8, 10)
    assert not any("'Көше' [kk]" in f.message for f in report.findings)


def test_kazakh_short_form_equal_to_common_word_is_flagged(tmp_path):
    party = PARTIES.replace("    kk: Көше\n", "    kk: Көше партиясы\n  short:\n    kk: [Көше]\n")
    report = lint_directory(write_glossary(tmp_path, parties=party))
    assert any(f.code == "common-word" and "'Көше' [kk]" in f.message for f in report.findings)


def test_a_patronymic_on_a_place_is_an_error_at_the_field(tmp_path):
    bad = PLACES.replace("  type: place\n", "  type: place\n  patronymic:\n    ru: Кемелевич\n", 1)
    report = lint_directory(write_glossary(tmp_path, places=bad), behaviour=False)
    finding = next(f for f in report.findings if f.code == "patronymic")
    assert finding.line == 3 and "only persons have a patronymic" in finding.message


def test_a_patronymic_in_a_language_the_person_has_no_name_in_is_an_error(tmp_path):
    people = PEOPLE.replace("  names:\n", "  patronymic:\n    ru: Кемелевич\n    kk-Latn: Kemelūly\n  names:\n", 1)
    people = people.replace("    kk-Latn: Qasym-Jomart Toqaev\n", "", 1)
    report = lint_directory(write_glossary(tmp_path, people=people), behaviour=False)
    finding = next(f for f in report.findings if f.code == "patronymic")
    assert "patronymic.kk-Latn has no names.kk-Latn" in finding.message


def test_a_patronymic_of_two_words_is_a_schema_error(tmp_path):
    people = PEOPLE.replace("  names:\n", "  patronymic:\n    ru: Кемелевич Второй\n  names:\n", 1)
    report = lint_directory(write_glossary(tmp_path, people=people), behaviour=False)
    assert any(f.code == "schema" and "patronymic" in f.message for f in report.findings)
