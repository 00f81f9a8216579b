"""Import a term list (CSV, a column per language) as glossary entities for review.

Newsrooms arrive with spreadsheets, DeepL or Google/Amazon term lists. This turns one
into YAML entities in canonical format: ids are slugs of the English name, names come
from the language columns, and the output goes through a pull request like any edit
(lint and diff then show what it would do). It does not guess what it cannot know:
a row without en, ru or kk is an error naming the row, not a half entity.

Columns (header row, case-insensitive): en, ru, kk, kk-Latn; optional id, type,
description (or notes). Google's equivalent-term-set and Amazon's terminology CSVs have
exactly this shape, so our own exports import back.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from service.errors import InvalidInput
from service.glossary.fmt import dump_entities
from service.glossary.model import NAME_LANGS

REQUIRED_LANGS = ("en", "ru", "kk")
ENTITY_TYPES = ("person", "organization", "party", "place", "country")
NOTE_COLUMNS = ("description", "notes")


def slugify(text: str) -> str:
    """A stable id from a Latin-script name: Kassym-Jomart Tokayev -> kassym-jomart-tokayev."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _columns(header: list[str]) -> dict[str, int]:
    canonical = {lang.lower(): lang for lang in NAME_LANGS}
    columns = {}
    for index, raw in enumerate(header):
        name = raw.strip().lstrip("\ufeff")
        key = canonical.get(name.lower(), name.lower())
        columns[key] = index
    missing = [lang for lang in REQUIRED_LANGS if lang not in columns]
    if missing:
        raise InvalidInput(f"CSV header {header!r} lacks language column(s) {missing}; "
                           f"the header must name {', '.join(REQUIRED_LANGS)}", field="header")
    return columns


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return " ".join(row[index].split()) if index is not None and index < len(row) else ""


def rows_to_entities(rows: list[list[str]], entity_type: str | None) -> list[dict]:
    """Entities for every data row; every bad row is named in one error."""
    if not rows:
        raise InvalidInput("CSV file is empty; expected a header row of language codes",
                           field="file")
    columns = _columns(rows[0])
    entities, problems, used_ids = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        entity, problem = _row_entity(row, columns, entity_type, number)
        if problem:
            problems.append(problem)
            continue
        entity["id"] = _unique(entity["id"], used_ids)
        entities.append(entity)
    if problems:
        raise InvalidInput("CSV rows not imported: " + "; ".join(problems), field="file")
    return entities


def _row_entity(row: list[str], columns: dict[str, int], entity_type: str | None,
                number: int) -> tuple[dict, str | None]:
    names = {lang: _cell(row, columns, lang) for lang in NAME_LANGS if _cell(row, columns, lang)}
    missing = [lang for lang in REQUIRED_LANGS if lang not in names]
    if missing:
        return {}, f"row {number}: empty {', '.join(missing)}"
    kind = _cell(row, columns, "type") or entity_type
    if kind not in ENTITY_TYPES:
        return {}, (f"row {number}: type {kind!r} is not one of {', '.join(ENTITY_TYPES)} "
                    "(add a type column or pass --type)")
    entity_id = _cell(row, columns, "id") or slugify(names["en"])
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entity_id):
        return {}, f"row {number}: cannot make an id from {entity_id!r}; add an id column"
    entity = {"id": entity_id, "type": kind, "names": names}
    note = next((_cell(row, columns, c) for c in NOTE_COLUMNS if _cell(row, columns, c)), "")
    if note:
        entity["notes"] = note
    return entity, None


def _unique(entity_id: str, used: set[str]) -> str:
    candidate, number = entity_id, 2
    while candidate in used:
        candidate, number = f"{entity_id}-{number}", number + 1
    used.add(candidate)
    return candidate


def import_csv(path: Path, *, entity_type: str | None = None) -> str:
    """YAML text of the entities in a CSV term list (canonical format, ready for review)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"CSV file {str(path)!r} does not exist", field="file")
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.excel_tab if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") \
        else csv.excel
    rows = list(csv.reader(text.splitlines(), dialect))
    entities = rows_to_entities(rows, entity_type)
    header = (f"Imported from {path.name} by `python -m service glossary import`.\n"
              "Review names, add short forms and sources, then run lint and test.")
    return dump_entities(entities, header=header)
