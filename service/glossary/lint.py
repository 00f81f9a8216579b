"""Checks a glossary directory before merge and points every problem at file:line:column.

Editors change ``glossaries/`` by pull request; the reviewer should see behaviour, not
hunt for typos. Lint catches what a reviewer would miss: a spelling that two entities
claim (which one would the matcher pick?), a short form that is an ordinary word of the
language (it would fire on every sentence with "street" in it), a stray no-break space
that makes a name never match, a missing language.

Positions come from the ruamel.yaml tree (``fmt.parse_file``); behaviour (generated
variants and the rule behind each) comes from the real ``Glossary.load`` so lint judges
exactly what the server will match.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from service.glossary.fmt import (SourceFile, YamlSyntaxError, first_difference, format_text,
                                  glossary_files, node_position, parse_file)

REQUIRED_LANGUAGES = ("en", "ru", "kk")
COMMON_WORD_LANGUAGES = ("en", "ru", "kk")
DATA_DIR = Path(__file__).resolve().parent / "data" / "common_words"
# Rules whose spellings an editor wrote as the entity's own full name: never "common words".
FULL_NAME_PARTS = ("full",)
FREE_TEXT_KEYS = ("notes",)
# With these the loader would only repeat the same error, so behaviour checks wait.
LOAD_BLOCKING_CODES = {"yaml-syntax", "schema", "duplicate-id", "missing-language"}  # multi-line prose: newlines allowed, edges not checked


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    severity: str  # "error" | "warning"
    code: str
    message: str

    def human(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.code}]"


@dataclass
class LintReport:
    files: list[str] = field(default_factory=list)
    entities: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> str:
        return json.dumps({
            "ok": self.ok, "files": self.files, "entities": self.entities,
            "errors": len(self.errors), "warnings": len(self.findings) - len(self.errors),
            "findings": [asdict(f) for f in self.findings],
        }, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class EntityLocation:
    """Where an entity lives, so behaviour-level findings can point at source lines."""

    source: SourceFile
    index: int
    node: CommentedMap

    def position(self, *path: Any) -> tuple[int, int]:
        return node_position(self.source.data, (self.index, *path))


def display_path(path: Path, directory: Path) -> str:
    """Paths relative to the current directory when possible, as compilers print them."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- loading


def read_sources(directory: Path, report: LintReport) -> list[SourceFile]:
    """Parse every file; a YAML syntax error becomes a finding and the file is skipped."""
    sources = []
    for path in glossary_files(directory):
        report.files.append(display_path(path, directory))
        try:
            sources.append(parse_file(path))
        except YamlSyntaxError as exc:
            report.findings.append(Finding(display_path(path, directory), exc.line, exc.column,
                                           "error", "yaml-syntax", exc.message))
    return sources


def entity_locations(sources: list[SourceFile]) -> Iterator[EntityLocation]:
    for source in sources:
        if isinstance(source.data, CommentedSeq):
            for index, node in enumerate(source.data):
                if isinstance(node, CommentedMap):
                    yield EntityLocation(source, index, node)


# --------------------------------------------------------------------------- schema


def bare_message(exc: Exception) -> str:
    """The loader's message without the ``file:line:col:`` prefix it already carries."""
    message = str(getattr(exc, "message", None) or exc)
    prefix = ":".join(str(p) for p in (getattr(exc, "file", None), getattr(exc, "line", None),
                                       getattr(exc, "column", None)) if p is not None) + ": "
    return message[len(prefix):] if message.startswith(prefix) else message


def check_schema(sources: list[SourceFile], directory: Path) -> Iterator[Finding]:
    """Schema and consistency errors from the core loader, which owns glossaries/schema.json."""
    from service.glossary.loader import check_file

    for source in sources:
        name = display_path(source.path, directory)
        for error in check_file(source.path):
            code = "duplicate-id" if "duplicate id" in str(error) else "schema"
            line, column = _unexpected_key_position(source.data, error)
            yield Finding(name, line, column, "error", code, bare_message(error))


_UNEXPECTED = re.compile(r"'([^']+)' (?:was|were) unexpected")


def _unexpected_key_position(root: Any, error: Any) -> tuple[int, int]:
    """Point "unknown field" at the field itself rather than at the mapping holding it."""
    line, column = error.line or 1, error.column or 1
    match = _UNEXPECTED.search(str(error))
    if not match:
        return line, column
    for path, node in _mappings(root, ()):
        if match.group(1) in node and node_position(root, path) == (line, column):
            key_line, key_column = node.lc.key(match.group(1))
            return key_line + 1, key_column + 1
    return line, column


def _mappings(node: Any, path: tuple) -> Iterator[tuple[tuple, CommentedMap]]:
    if isinstance(node, CommentedMap):
        yield path, node
        for key, value in node.items():
            yield from _mappings(value, (*path, key))
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            yield from _mappings(value, (*path, index))


def _drop_repeats(findings: list[Finding]) -> list[Finding]:
    """A schema error at the place a specific check already explained adds nothing."""
    specific = {(f.file, f.line, f.column) for f in findings if f.code not in ("schema", "format")}
    return [f for f in findings
            if f.code != "schema" or (f.file, f.line, f.column) not in specific]


# --------------------------------------------------------------------------- raw checks


def check_entities(locations: list[EntityLocation], directory: Path) -> Iterator[Finding]:
    """Checks that need only the files: ids, languages, whitespace and control characters."""
    first_seen: dict[str, EntityLocation] = {}
    for location in locations:
        name = display_path(location.source.path, directory)
        entity_id = location.node.get("id")
        if isinstance(entity_id, str):
            other = first_seen.get(entity_id)
            if other is not None and other.source.path == location.source.path:
                pass  # the loader's consistency check reports duplicates within a file
            elif other is not None:
                line, column = location.position("id")
                other_line, _ = other.position("id")
                yield Finding(name, line, column, "error", "duplicate-id",
                              f"id {entity_id!r} is already used at "
                              f"{display_path(other.source.path, directory)}:{other_line}")
            else:
                first_seen[entity_id] = location
        yield from _missing_languages(location, name)
        yield from _patronymic_problems(location, name)
        for path, text in _strings(location.node, ()):
            yield from _text_problems(location, name, path, text)


def _missing_languages(location: EntityLocation, name: str) -> Iterator[Finding]:
    names = location.node.get("names")
    label = location.node.get("id", f"entity #{location.index + 1}")
    if not isinstance(names, dict):
        line, column = location.position()
        yield Finding(name, line, column, "error", "missing-language",
                      f"{label}: no `names` mapping; every entity needs names in "
                      f"{', '.join(REQUIRED_LANGUAGES)}")
        return
    for lang in REQUIRED_LANGUAGES:
        value = names.get(lang)
        if not isinstance(value, str) or not value.strip():
            line, column = location.position("names", lang) if lang in names \
                else location.position("names")
            yield Finding(name, line, column, "error", "missing-language",
                          f"{label}: names.{lang} is missing or empty; required languages: "
                          f"{', '.join(REQUIRED_LANGUAGES)}")


def _patronymic_problems(location: EntityLocation, name: str) -> Iterator[Finding]:
    """A patronymic belongs to a person, and to a language the person has a name in."""
    patronymic = location.node.get("patronymic")
    if not isinstance(patronymic, dict):
        return
    label = location.node.get("id", f"entity #{location.index + 1}")
    if location.node.get("type") != "person":
        line, column = location.position("patronymic")
        yield Finding(name, line, column, "error", "patronymic",
                      f"{label}: only persons have a patronymic (type is "
                      f"{location.node.get('type')!r})")
        return
    names = location.node.get("names") if isinstance(location.node.get("names"), dict) else {}
    for lang in patronymic:
        if lang not in names:
            line, column = location.position("patronymic", lang)
            yield Finding(name, line, column, "error", "patronymic",
                          f"{label}: patronymic.{lang} has no names.{lang} to go with it")


def _strings(node: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))
    elif isinstance(node, str):
        yield path, node


def _bad_character(text: str, allow_newlines: bool) -> str | None:
    for char in text:
        if allow_newlines and char in "\n":
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp") or (category == "Zs" and char != " "):
            return char
    return None


def _text_problems(location: EntityLocation, name: str, path: tuple, text: str
                   ) -> Iterator[Finding]:
    line, column = location.position(*path)
    where = ".".join(str(p) for p in path)
    free_text = bool(path) and path[0] in FREE_TEXT_KEYS
    bad = _bad_character(text, allow_newlines=free_text)
    if bad is not None:
        yield Finding(name, line, column, "error", "control-character",
                      f"{where}: {_char_name(bad)} in {text!r}; names must be plain text "
                      "(retype the value without it)")
    if not free_text and text != text.strip():
        yield Finding(name, line, column, "error", "stray-whitespace",
                      f"{where}: leading or trailing whitespace in {text!r}")
    if not free_text and "  " in text:
        yield Finding(name, line, column, "error", "stray-whitespace",
                      f"{where}: double space in {text!r}")


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def check_format(sources: list[SourceFile], directory: Path) -> Iterator[Finding]:
    for source in sources:
        formatted = format_text(source.text, source.path)
        if formatted != source.text:
            line = first_difference(source.text, formatted)
            yield Finding(display_path(source.path, directory), line, 1, "error", "format",
                          "not in canonical format (key order, indentation or list style); "
                          f"run `python -m service glossary fmt {directory}`")


# --------------------------------------------------------------------------- behaviour


@dataclass(frozen=True)
class Claim:
    entity_id: str
    variant: Any  # service.glossary Variant(surface, lang, entity_id, rule, part, form)


def claims_by_spelling(glossary: Any) -> dict[tuple[str, str], list[Claim]]:
    """Every generated spelling, case-folded as the matcher sees it, with who claims it."""
    table: dict[tuple[str, str], dict[str, Claim]] = defaultdict(dict)
    for entity_id in sorted(glossary.entities):
        for variants in glossary.variants(entity_id).values():
            for variant in variants:
                key = (variant.lang, variant.surface.casefold())
                table[key].setdefault(entity_id, Claim(entity_id, variant))
    return {key: list(claims.values()) for key, claims in table.items()}


STATED_RULES = ("canonical", "short", "variant", "former")  # what editors wrote, not derived


def _basic_first(claim_key: tuple[tuple[str, str], list[Claim]]) -> tuple:
    """Order collisions so a spelling an editor wrote, in its base form, is the one shown."""
    (_, surface), claims = claim_key
    rules = [c.variant.rule for c in claims]
    stated = sum(1 for rule in rules if rule in STATED_RULES or rule.startswith("style:"))
    forms = sum(1 for c in claims if getattr(c.variant, "form", None) not in (None, "nom"))
    return (-stated, forms, len(surface), surface)


def collisions(glossary: Any) -> dict[tuple[str, str], list[tuple[tuple[str, str], list[Claim]]]]:
    """Spellings claimed by more than one entity, grouped by the pair of entities."""
    by_pair: dict[tuple[str, str], list] = defaultdict(list)
    for key, claims in claims_by_spelling(glossary).items():
        if len(claims) > 1:
            ids = tuple(sorted(c.entity_id for c in claims))
            by_pair[ids].append((key, claims))
    return {pair: sorted(items, key=_basic_first) for pair, items in by_pair.items()}


def describe_claim(claim: Claim) -> str:
    variant = claim.variant
    form = getattr(variant, "form", None)
    detail = f"rule {variant.rule}" + (f", form {form}" if form else "")
    return f"{claim.entity_id} ({detail})"


def check_collisions(glossary: Any, locations: dict[str, EntityLocation],
                     directory: Path) -> Iterator[Finding]:
    for pair, items in sorted(collisions(glossary).items()):
        (lang, _), claims = items[0]
        surface = claims[0].variant.surface
        anchor = _last_location(pair, locations)
        if anchor is None:
            continue
        line, column = anchor.position("id")
        others = [_where(locations.get(i), directory) for i in pair]
        more = f" (and {len(items) - 1} more spellings)" if len(items) > 1 else ""
        yield Finding(display_path(anchor.source.path, directory), line, column, "error",
                      "collision",
                      f"spelling {surface!r} [{lang}] is generated for "
                      + " and ".join(f"{describe_claim(c)} at {w}" for c, w in zip(
                          sorted(claims, key=lambda c: c.entity_id), others))
                      + more + "; make one of the names more specific or drop the short form")


def _last_location(ids: Iterable[str], locations: dict[str, EntityLocation]
                   ) -> EntityLocation | None:
    """Report at the later entity: that is usually the one the pull request added."""
    found = [locations[i] for i in ids if i in locations]
    if not found:
        return None
    return max(found, key=lambda loc: (str(loc.source.path), loc.index))


def _where(location: EntityLocation | None, directory: Path) -> str:
    if location is None:
        return "?"
    return f"{display_path(location.source.path, directory)}:{location.position('id')[0]}"


@lru_cache(maxsize=None)
def common_words(lang: str) -> frozenset[str]:
    path = DATA_DIR / f"{lang}.txt"
    if not path.is_file():
        return frozenset()
    words = (line.strip().casefold() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def check_common_words(glossary: Any, locations: dict[str, EntityLocation],
                       directory: Path) -> Iterator[Finding]:
    """A spelling that is an ordinary word, unless it is the entity's own full name.

    Көше (the Koshe party) may be canonical: editors chose that name. A short form or a
    surname alone equal to a common word would fire on ordinary prose.
    """
    seen: set[tuple[str, str, str]] = set()
    for entity_id in sorted(glossary.entities):
        location = locations.get(entity_id)
        for variants in glossary.variants(entity_id).values():
            for variant in variants:
                word = variant.surface.casefold()
                key = (entity_id, variant.lang, word)
                if key in seen or word not in common_words(variant.lang):
                    continue
                if getattr(variant, "part", None) in FULL_NAME_PARTS:
                    continue
                seen.add(key)
                yield _common_word_finding(location, variant, directory)


def _common_word_finding(location: EntityLocation | None, variant: Any,
                         directory: Path) -> Finding:
    file, line, column = "?", 1, 1
    if location is not None:
        file = display_path(location.source.path, directory)
        path = _path_of_string(location.node, variant.surface) or ("id",)
        line, column = location.position(*path)
    return Finding(file, line, column, "error", "common-word",
                   f"{variant.entity_id}: {variant.surface!r} [{variant.lang}] "
                   f"(rule {variant.rule}, part {getattr(variant, 'part', '?')}) is a common "
                   f"{variant.lang} word and would match ordinary text; remove it or use a "
                   "longer form")


def _path_of_string(node: Any, surface: str) -> tuple | None:
    for path, text in _strings(node, ()):
        if text.casefold() == surface.casefold():
            return path
    return None


def check_behaviour(directory: Path, locations: list[EntityLocation]) -> Iterator[Finding]:
    """Load the glossary as the server does; report load errors, collisions, common words."""
    try:
        from service.glossary import Glossary, GlossaryLoadError
    except ImportError as exc:  # a build without the compiled glossary: say what was skipped
        yield Finding(display_path(Path(directory), directory), 1, 1, "warning", "skipped",
                      f"collision and common-word checks skipped: {exc}")
        return
    try:
        glossary = Glossary.load(Path(directory))
    except GlossaryLoadError as exc:
        yield load_error_finding(exc, directory)
        return
    by_id = {loc.node.get("id"): loc for loc in locations if isinstance(loc.node.get("id"), str)}
    yield from check_collisions(glossary, by_id, directory)
    yield from check_common_words(glossary, by_id, directory)


def load_error_finding(exc: Exception, directory: Path) -> Finding:
    file = getattr(exc, "file", None) or getattr(exc, "path", None) or directory
    path = Path(file) if Path(file).is_absolute() else Path(directory) / file
    return Finding(display_path(path, directory), int(getattr(exc, "line", 1) or 1),
                   int(getattr(exc, "column", 1) or 1), "error", "load", bare_message(exc))


# --------------------------------------------------------------------------- entry point


def lint_directory(directory: Path, *, behaviour: bool = True) -> LintReport:
    """Everything lint knows, in file order; behaviour checks run only on files that parse."""
    directory = Path(directory)
    report = LintReport()
    sources = read_sources(directory, report)
    locations = list(entity_locations(sources))
    report.entities = len(locations)
    found = [*check_schema(sources, directory), *check_entities(locations, directory),
             *check_format(sources, directory)]
    report.findings.extend(_drop_repeats(found))
    blocking = {f.code for f in report.errors} & LOAD_BLOCKING_CODES
    if behaviour and not blocking:
        report.findings.extend(check_behaviour(directory, locations))
    report.findings.sort(key=lambda f: (f.file, f.line, f.column, f.code))
    return report
