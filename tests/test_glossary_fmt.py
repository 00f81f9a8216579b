"""fmt: canonical key order and list style, idempotent, comments kept, --check for CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli import main
from service.glossary.fmt import YamlSyntaxError, format_text, glossary_files
from tests.glossary_samples import PEOPLE, write_glossary

REPO_GLOSSARIES = Path(__file__).resolve().parent.parent / "glossaries"

MESSY = """\
# header: who maintains this file

-   names:   {kk: Көше, en: Koshe Party, ru: Партия «Көше»}
    type: party   # editors asked for this type
    id: koshe-party
    # short forms come after names
    short:
        kk:
          - Көше партиясы
    sources: [https://example.org/a]


- id: b
  type: place
  names: {en: B, ru: Б, kk: Б}
"""


def test_messy_file_gets_canonical_key_order_and_styles():
    out = format_text(MESSY)
    lines = out.splitlines()
    entity = lines[lines.index("- id: koshe-party"):]
    assert entity[0] == "- id: koshe-party"
    assert entity[1].startswith("  type: party ") and entity[1].endswith("# editors asked for this type")
    assert entity[2:6] == ["  names:", "    en: Koshe Party", "    ru: Партия «Көше»", "    kk: Көше"]
    assert "  short:\n    kk: [Көше партиясы]" in out
    assert "  sources:\n    - https://example.org/a" in out
    assert "\n\n- id: b\n" in out and "\n\n\n" not in out


def test_comments_stay_with_the_key_they_introduce():
    out = format_text(MESSY)
    assert out.startswith("# header: who maintains this file\n")
    assert "  # short forms come after names\n  short:" in out


# The first entity's keys are out of order, so its last key (notes) moves; ruamel keeps the
# comment lines after an item as the tail of that item's last key.
BETWEEN_ENTITIES = """\
- id: x-one
  type: place
  notes: first entity
  names:
    en: One
    ru: Один
    kk: Бір

# introduces the second entity
- id: x-two
  names: {en: Two, ru: Два, kk: Екі}
  sources: [https://example.org/two]
  type: place
# closes the file
"""


def test_comment_between_entities_stays_before_the_entity_it_introduces():
    out = format_text(BETWEEN_ENTITIES)
    assert "# introduces the second entity\n- id: x-two\n" in out
    first = out[:out.index("- id: x-two")]
    assert first.count("# introduces") == 1 and "  # introduces" not in first
    assert out.endswith("\n# closes the file\n")
    assert format_text(out) == out


@pytest.mark.parametrize("text", [MESSY, PEOPLE, BETWEEN_ENTITIES])
def test_formatting_is_idempotent(text):
    once = format_text(text)
    assert format_text(once) == once


def test_shipped_glossaries_are_a_fixed_point_of_fmt():
    for path in glossary_files(REPO_GLOSSARIES):
        text = path.read_text(encoding="utf-8")
        once = format_text(text, path)
        assert format_text(once, path) == once, path


def test_syntax_error_reports_line_and_column():
    with pytest.raises(YamlSyntaxError) as info:
        format_text("- id: a\n  names: [unclosed\n", Path("broken.yaml"))
    assert info.value.line >= 2 and "broken.yaml" in str(info.value)


def test_fmt_check_lists_changed_files_and_exits_1_without_writing(tmp_path, capsys):
    write_glossary(tmp_path, messy=MESSY, people=PEOPLE)
    before = (tmp_path / "messy.yaml").read_text(encoding="utf-8")
    assert main(["glossary", "fmt", str(tmp_path), "--check"]) == 1
    out = capsys.readouterr().out
    assert "would reformat" in out and "messy.yaml" in out and "people.yaml" not in out
    assert (tmp_path / "messy.yaml").read_text(encoding="utf-8") == before


def test_fmt_rewrites_then_check_passes(tmp_path):
    write_glossary(tmp_path, messy=MESSY)
    assert main(["glossary", "fmt", str(tmp_path)]) == 0
    assert (tmp_path / "messy.yaml").read_text(encoding="utf-8") == format_text(MESSY)
    assert main(["glossary", "fmt", str(tmp_path), "--check"]) == 0


def test_fmt_on_missing_directory_is_a_clear_error(tmp_path, capsys):
    assert main(["glossary", "fmt", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err
