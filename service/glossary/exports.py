"""Exports of the glossary for other translation tools.

Newsrooms run more than one engine; the glossary is the single source of spellings and
these exports carry it to the others, in the formats their docs specify:

- DeepL: one TSV per direction (source<TAB>target, no header). DeepL has glossaries for
  English and Russian but none for Kazakh, so only en->ru and ru->en are written. Every
  entry is checked against DeepL's rules: no duplicate source, no empty side, no control
  characters, no surrounding whitespace.
- Google Cloud Translation: an equivalent-term-set CSV (a header of language codes, one
  row per concept, a column per language).
- Amazon Translate: a custom-terminology CSV (header of language codes, first column the
  source for uni-directional use; upload as MULTI to use every column as a source).
- TBX-Basic (ISO 30042, TBX v3 DCA): one conceptEntry per entity, preferred/admitted/
  obsolete terms with their term type, for CAT tools.

Exports contain names the glossary *states* (canonical, short, variants, styles, former
names); generated variants stay inside audarma, whose matcher knows their grammar.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from service.errors import InvalidInput
from service.glossary.model import Entity

DEEPL_LANGS = ("en", "ru")          # DeepL glossary languages among ours (no Kazakh)
DEEPL_NOTE = "DeepL offers no Kazakh glossaries; kk names are not in the DeepL export"
TERM_LANGS = ("en", "ru", "kk")     # language codes Google and Amazon accept
TBX_LANGS = ("en", "ru", "kk", "kk-Latn")
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def load_entities(directory: Path) -> tuple[list[Entity], str]:
    """The entities as the server loads them (schema-checked), and the content version."""
    from service.glossary.loader import load_directory

    loaded = load_directory(Path(directory))
    return loaded.entities, loaded.version


# --------------------------------------------------------------------------- DeepL


@dataclass(frozen=True)
class Entry:
    source: str
    target: str
    entity_id: str


def deepl_problem(term: str) -> str | None:
    """Why DeepL would reject a term, or None."""
    if not term:
        return "empty"
    if term != term.strip():
        return "surrounding whitespace"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in term):
        return "control character"
    return None


def deepl_pairs(entity: Entity, source: str, target: str) -> Iterator[tuple[str, str]]:
    """Every stated spelling in ``source`` mapped to the spelling to print in ``target``."""
    if source not in entity.names or target not in entity.names:
        return
    canonical = entity.names[target]
    yield entity.names[source], canonical
    for short_source, short_target in zip(entity.short.get(source, []),
                                          entity.short.get(target, [])):
        yield short_source, short_target
    for variant in entity.variants.get(source, []):
        yield variant, canonical
    for style in entity.styles.values():
        if source in style.names:
            yield style.names[source], canonical
    for former in entity.former:
        if source in former.names and target in former.names:
            yield former.names[source], former.names[target]


def deepl_entries(entities: Iterable[Entity], source: str, target: str
                  ) -> tuple[list[Entry], list[str]]:
    """Entries for one direction and what was left out (DeepL rejects duplicate sources)."""
    entries: dict[str, Entry] = {}
    skipped: list[str] = []
    for entity in entities:
        for term_source, term_target in deepl_pairs(entity, source, target):
            problem = deepl_problem(term_source) or deepl_problem(term_target)
            if problem:
                skipped.append(f"{entity.id}: {term_source!r} -> {term_target!r}: {problem}")
                continue
            previous = entries.get(term_source)
            if previous is None:
                entries[term_source] = Entry(term_source, term_target, entity.id)
            elif previous.target != term_target:
                skipped.append(f"{entity.id}: {term_source!r} already maps to "
                               f"{previous.target!r} ({previous.entity_id})")
    return list(entries.values()), skipped


def deepl_tsv(entries: list[Entry]) -> str:
    return "".join(f"{e.source}\t{e.target}\n" for e in entries)


# --------------------------------------------------------------------------- term sets


def term_rows(entities: Iterable[Entity], langs: tuple[str, ...]) -> list[dict[str, str]]:
    """One row per concept: the canonical names, then each short form set (CSTO/ОДКБ/ҰҚШҰ)."""
    rows: list[dict[str, str]] = []
    for entity in entities:
        rows.append({lang: entity.names.get(lang, "") for lang in langs} | {"id": entity.id})
        count = max((len(entity.short.get(lang, [])) for lang in langs), default=0)
        for index in range(count):
            row = {lang: _nth(entity.short.get(lang, []), index) for lang in langs}
            if sum(1 for lang in langs if row[lang]) >= 2:
                rows.append(row | {"id": f"{entity.id}#short{index + 1}"})
    return _unique_rows(rows, langs)


def _nth(items: list[str], index: int) -> str:
    return items[index] if index < len(items) else ""


def _unique_rows(rows: list[dict[str, str]], langs: tuple[str, ...]) -> list[dict[str, str]]:
    """Drop a row whose term repeats one already exported in the same language column."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for row in rows:
        keys = {(lang, row[lang]) for lang in langs if row[lang]}
        if keys & seen:
            continue
        seen |= keys
        unique.append(row)
    return unique


def google_csv(entities: Iterable[Entity]) -> str:
    """Equivalent term set: header of language codes plus `description` (the entity id)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*TERM_LANGS, "description"])
    for row in term_rows(entities, TERM_LANGS):
        writer.writerow([*(row[lang] for lang in TERM_LANGS), row["id"]])
    return buffer.getvalue()


def amazon_csv(entities: Iterable[Entity]) -> str:
    """Custom terminology: header of language codes, terms only (Amazon allows no extras)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TERM_LANGS)
    for row in term_rows(entities, TERM_LANGS):
        if all(row[lang] for lang in TERM_LANGS):  # Amazon needs every column filled
            writer.writerow([row[lang] for lang in TERM_LANGS])
    return buffer.getvalue()


# --------------------------------------------------------------------------- TBX


def _term_type(term: str) -> str:
    letters = [c for c in term if c.isalpha()]
    return "acronym" if letters and all(c.isupper() for c in letters) and " " not in term \
        else "shortForm"


def tbx_terms(entity: Entity, lang: str) -> Iterator[tuple[str, str, str]]:
    """(term, termType, administrativeStatus) for one language section, preferred first."""
    if lang in entity.names:
        yield entity.names[lang], "fullForm", "preferredTerm-admn-sts"
    for short in entity.short.get(lang, []):
        yield short, _term_type(short), "admittedTerm-admn-sts"
    for variant in entity.variants.get(lang, []):
        yield variant, "variant", "admittedTerm-admn-sts"
    for style in entity.styles.values():
        if lang in style.names:
            yield style.names[lang], "variant", "admittedTerm-admn-sts"
    for former in entity.former:
        if lang in former.names:
            yield former.names[lang], "fullForm", "obsoleteTerm-admn-sts"


def tbx_document(entities: Iterable[Entity], version: str) -> str:
    ET.register_namespace("", TBX_NS)
    root = ET.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    header = ET.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
    file_desc = ET.SubElement(header, f"{{{TBX_NS}}}fileDesc")
    source_desc = ET.SubElement(file_desc, f"{{{TBX_NS}}}sourceDesc")
    ET.SubElement(source_desc, f"{{{TBX_NS}}}p").text = f"audarma glossary {version}"
    body = ET.SubElement(ET.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    for entity in entities:
        concept = ET.SubElement(body, f"{{{TBX_NS}}}conceptEntry", {"id": entity.id})
        ET.SubElement(concept, f"{{{TBX_NS}}}descrip", {"type": "subjectField"}).text = entity.type
        if entity.notes:
            ET.SubElement(concept, f"{{{TBX_NS}}}descrip", {"type": "definition"}).text = \
                entity.notes
        for lang in TBX_LANGS:
            _tbx_lang_section(concept, entity, lang)
    ET.indent(root, space="  ")
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return declaration + ET.tostring(root, encoding="unicode") + "\n"


def _tbx_lang_section(concept: ET.Element, entity: Entity, lang: str) -> None:
    seen: set[str] = set()
    section = None
    for term, term_type, status in tbx_terms(entity, lang):
        if term in seen:
            continue
        seen.add(term)
        if section is None:
            section = ET.SubElement(concept, f"{{{TBX_NS}}}langSec", {XML_LANG: lang})
        term_sec = ET.SubElement(section, f"{{{TBX_NS}}}termSec")
        ET.SubElement(term_sec, f"{{{TBX_NS}}}term").text = term
        ET.SubElement(term_sec, f"{{{TBX_NS}}}termNote", {"type": "termType"}).text = term_type
        ET.SubElement(term_sec, f"{{{TBX_NS}}}termNote",
                      {"type": "administrativeStatus"}).text = status


# --------------------------------------------------------------------------- entry point


def export_glossary(directory: Path, fmt: str, out: Path) -> list[tuple[Path, str]]:
    """Write the export files into ``out``; returns (path, note) for each file written."""
    entities, version = load_entities(directory)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "deepl":
        return _write_deepl(entities, out)
    if fmt == "google":
        return [(_write(out / "google-equivalent-terms.csv", google_csv(entities)),
                 "upload as an equivalent term set glossary")]
    if fmt == "amazon":
        return [(_write(out / "amazon-terminology.csv", amazon_csv(entities)),
                 "import with --terminology-data Format=CSV,Directionality=MULTI")]
    if fmt == "tbx":
        return [(_write(out / "glossary.tbx", tbx_document(entities, version)), "TBX-Basic")]
    raise InvalidInput(f"unknown export format {fmt!r}; choose deepl, google, amazon or tbx",
                       field="format")


def _write_deepl(entities: list[Entity], out: Path) -> list[tuple[Path, str]]:
    written = []
    for source, target in ((DEEPL_LANGS[0], DEEPL_LANGS[1]), (DEEPL_LANGS[1], DEEPL_LANGS[0])):
        entries, skipped = deepl_entries(entities, source, target)
        note = f"{len(entries)} entries"
        if skipped:
            note += f"; left out {len(skipped)}: " + "; ".join(skipped[:3])
        written.append((_write(out / f"deepl-{source}-{target}.tsv", deepl_tsv(entries)), note))
    written.append((out, DEEPL_NOTE))
    return written


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path
