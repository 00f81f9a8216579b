"""Canonical formatting of glossary YAML files, and reading them with source positions.

Editors change glossaries by pull request; a canonical layout keeps every diff down to
the lines that changed meaning. The formatter is a ruamel.yaml round trip, so comments
stay where editors put them; only key order, indentation, list style and blank lines
are made canonical. Formatting is idempotent: ``format_text(format_text(t)) ==
format_text(t)`` (the tests prove it on the shipped glossaries).

This module is also the one place that parses glossary files with positions, so lint,
examples and diff can point at ``file:line:column``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

LANGUAGE_ORDER = ["en", "ru", "kk", "kk-Latn"]
# Known keys in the order editors read an entity: identity, names, then evidence.
KEY_ORDER = [
    "id", "type", "gender", "kind", "names", "patronymic", "short", "variants", "former", "styles", "inflect",
    "parent", "country", "sources", "notes", "examples",
    # inside former names, examples and expected spans
    "name", "from", "to", "since", "until", "years",
    "text", "lang", "style", "expected", "entities", "surface", "start", "end",
]
FLOW_LIST_MAX_CHARS = 80  # names longer than this together are written one per line
GLOSSARY_SUFFIXES = (".yaml", ".yml")


@dataclass
class SourceFile:
    """One glossary file as editors wrote it: text, parsed tree and its path."""

    path: Path
    text: str
    data: Any  # CommentedSeq of entity mappings (or whatever the editor wrote)


class YamlSyntaxError(Exception):
    """A file is not valid YAML; carries the position ruamel reported (1-based)."""

    def __init__(self, path: Path, line: int, column: int, message: str):
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


def new_yaml() -> YAML:
    """The one YAML configuration used for reading and writing, so output is stable."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold: an example sentence or a note stays one line
    yaml.preserve_quotes = False
    yaml.allow_unicode = True
    return yaml


def glossary_files(directory: Path) -> list[Path]:
    """Every glossary file in a directory, sorted so reports come in a stable order."""
    return sorted(p for p in Path(directory).iterdir()
                  if p.is_file() and p.suffix in GLOSSARY_SUFFIXES)


def parse_text(text: str, path: Path) -> SourceFile:
    try:
        data = new_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise YamlSyntaxError(path, line, column, message or "invalid YAML") from exc
    return SourceFile(path=path, text=text, data=data)


def parse_file(path: Path) -> SourceFile:
    return parse_text(Path(path).read_text(encoding="utf-8"), Path(path))


def node_position(root: Any, path: Iterable[Any]) -> tuple[int, int]:
    """1-based (line, column) of the node at ``path`` (keys and indices) in a parsed tree.

    Falls back to the deepest ancestor that has a position, so a schema error about a
    missing key points at the mapping that lacks it.
    """
    line, column = 1, 1
    node = root
    if hasattr(node, "lc"):
        line, column = node.lc.line + 1, node.lc.col + 1
    for step in path:
        try:
            if isinstance(node, CommentedMap) and step in node:
                value_line, value_col = node.lc.value(step)
                key_line, key_col = node.lc.key(step)
                child = node[step]
                line, column = ((key_line + 1, key_col + 1) if isinstance(child, (dict, list))
                                else (value_line + 1, value_col + 1))
            elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
                item_line, item_col = node.lc.item(step)
                child = node[step]
                line, column = item_line + 1, item_col + 1
            else:
                break
        except (KeyError, TypeError, AttributeError):
            break
        node = child
    return line, column


def _key_rank(key: Any) -> tuple[int, int, str]:
    text = str(key)
    if text in LANGUAGE_ORDER:
        return (0, LANGUAGE_ORDER.index(text), text)
    if text in KEY_ORDER:
        return (1, KEY_ORDER.index(text), text)
    return (2, 0, text)


def _trailing_comment_slot(mapping: CommentedMap, key: Any) -> tuple[list, int] | None:
    """Where ruamel keeps the comment lines that follow ``mapping[key]`` (its last descendant)."""
    value = mapping[key]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        return _trailing_comment_slot(value, list(value.keys())[-1])
    if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
        last = len(value) - 1
        if isinstance(value[last], CommentedMap) and value[last]:
            return _trailing_comment_slot(value[last], list(value[last].keys())[-1])
        slots = value.ca.items.get(last)
        return (slots, 0) if slots else None
    slots = mapping.ca.items.get(key)
    return (slots, 2) if slots else None


def _attach_leading_comments(mapping: CommentedMap) -> None:
    """Re-home full-line comments onto the key they introduce, before keys are reordered.

    ruamel keeps a comment line as the tail of the value *before* it; moving that key
    would carry the comment away from the key the editor wrote it for.
    """
    keys = list(mapping.keys())
    for previous, key in zip(keys, keys[1:]):
        slot = _trailing_comment_slot(mapping, previous)
        if slot is None or slot[0][slot[1]] is None:
            continue
        token = slot[0][slot[1]]
        head, _, rest = token.value.partition("\n")
        lines = [line.strip() for line in rest.split("\n") if line.strip().startswith("#")]
        if not lines:
            continue
        token.value = head + "\n"
        text = "\n".join(line[1:].removeprefix(" ") for line in lines)
        mapping.yaml_set_comment_before_after_key(key, before=text, indent=0)


def _detach_trailing_comment_lines(item: Any) -> str | None:
    """Take the full-line comments that follow a mapping's last value out of the tree.

    ruamel stores the comment lines after a list item as the tail of the item's last key;
    reordering the item's keys would carry them into the middle of the item.
    """
    if not isinstance(item, CommentedMap) or not item or item.fa.flow_style():
        return None
    slot = _trailing_comment_slot(item, list(item.keys())[-1])
    if slot is None or slot[0][slot[1]] is None:
        return None
    token = slot[0][slot[1]]
    head, _, rest = token.value.partition("\n")
    lines = [line.strip() for line in rest.split("\n") if line.strip().startswith("#")]
    if not lines:
        return None
    token.value = head + "\n"
    return "\n".join(line[1:].removeprefix(" ") for line in lines)


def _attach_comments_between_items(sequence: CommentedSeq) -> None:
    """A comment line between two list items introduces the next item: keep it there."""
    for index in range(len(sequence) - 1):
        text = _detach_trailing_comment_lines(sequence[index])
        if text is not None:
            sequence.yaml_set_comment_before_after_key(index + 1, before=text, indent=0)


def _canonicalise(node: Any, parent_key: Any = None, depth: int = 0) -> None:
    """Reorder keys and choose styles in place; comments travel with their keys.

    Entity mappings are block style. A short list of names under a language key is one
    line (``en: [Tokayev]``); so is the ``names`` mapping of a former name
    (``- names: {en: Akmola, ru: Акмола, kk: Ақмола}``); everything else is one per line.
    """
    if isinstance(node, CommentedMap):
        _attach_leading_comments(node)
        for key in sorted(list(node.keys()), key=_key_rank):
            node.move_to_end(key)
        for key, value in node.items():
            _canonicalise(value, key, depth + 1)
        nested_names = parent_key == "names" and depth > 2
        if nested_names and _fits_on_one_line(node.values()) and not _has_comments(node):
            node.fa.set_flow_style()
        else:
            node.fa.set_block_style()
    elif isinstance(node, CommentedSeq):
        if not node.fa.flow_style():
            _attach_comments_between_items(node)
        for item in node:
            _canonicalise(item, None, depth + 1)
        is_name_list = str(parent_key) in LANGUAGE_ORDER
        if is_name_list and _fits_on_one_line(node) and not _has_comments(node):
            node.fa.set_flow_style()
        else:
            node.fa.set_block_style()


def _fits_on_one_line(items: Iterable[Any]) -> bool:
    items = list(items)
    if not items or not all(isinstance(item, (str, int, float)) for item in items):
        return False
    return sum(len(str(item)) + 6 for item in items) <= FLOW_LIST_MAX_CHARS


def _has_comments(node: Any) -> bool:
    return any(any(slot is not None for slot in slots) for slots in node.ca.items.values())


_TOP_ITEM = re.compile(r"^- ")


def _indent_comments_like_next_line(lines: list[str]) -> list[str]:
    """A full-line comment is indented like the line it introduces."""
    out = list(lines)
    indent = 0
    for index in range(len(out) - 1, -1, -1):
        stripped = out[index].lstrip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            out[index] = " " * indent + stripped
        else:
            indent = len(out[index]) - len(stripped)
    return out


def _canonical_blank_lines(text: str) -> str:
    """One blank line between entities, none inside them, no trailing spaces."""
    lines = _indent_comments_like_next_line([line.rstrip() for line in text.split("\n")])
    out: list[str] = []
    for line in lines:
        if line == "":
            continue
        if _TOP_ITEM.match(line) and out:
            # keep a comment block that introduces this entity together with it
            start = len(out)
            while start > 0 and out[start - 1].startswith("#"):
                start -= 1
            if start > 0:
                out.insert(start, "")
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def format_text(text: str, path: Path = Path("<text>")) -> str:
    """The canonical form of a glossary file's text. Raises YamlSyntaxError."""
    source = parse_text(text, path)
    if source.data is None:
        return _canonical_blank_lines(text) if text.strip() else ""
    root_is_list = isinstance(source.data, CommentedSeq)
    # comment lines after the last entity close the file; they stay at its end
    closing = _detach_trailing_comment_lines(source.data[-1]) if root_is_list and source.data else None
    _canonicalise(source.data)
    buffer = io.StringIO()
    if root_is_list:
        _shift_comment_columns(source.data, 2)
    new_yaml().dump(source.data, buffer)
    text = buffer.getvalue()
    if root_is_list:
        text = _dedent_root_sequence(text)
    if closing is not None:
        text = text.rstrip("\n") + "\n\n" + "".join(f"# {line}\n" if line else "#\n"
                                                  for line in closing.split("\n"))
    return _canonical_blank_lines(text)


def _dedent_root_sequence(text: str) -> str:
    """Entities start at column 0 (``- id: ...``) while nested lists keep their offset.

    ruamel indents a root sequence like any other; the dump is shifted left by the
    offset, and comment columns were shifted right first so inline comments stay put.
    """
    return "\n".join(line[2:] if line.startswith("  ") else line for line in text.split("\n"))


def _comment_tokens(value: Any) -> Iterable[Any]:
    if isinstance(value, list):
        for item in value:
            yield from _comment_tokens(item)
    elif value is not None and hasattr(value, "start_mark"):
        yield value


def _shift_comment_columns(node: Any, shift: int) -> None:
    if isinstance(node, (CommentedMap, CommentedSeq)):
        tokens = list(_comment_tokens(node.ca.comment or []))
        for slots in node.ca.items.values():
            tokens.extend(_comment_tokens(slots))
        for token in tokens:
            token.start_mark.column += shift
        children = node.values() if isinstance(node, CommentedMap) else node
        for child in children:
            _shift_comment_columns(child, shift)


def dump_entities(entities: list[dict], header: str | None = None) -> str:
    """Canonical YAML for entities built in code (imports), with an optional comment header."""
    buffer = io.StringIO()
    new_yaml().dump(_to_commented(entities), buffer)
    body = format_text(buffer.getvalue())
    if header:
        body = "".join(f"# {line}\n" for line in header.splitlines()) + body
    return body


def _to_commented(value: Any) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _to_commented(item)
        return mapping
    if isinstance(value, (list, tuple)):
        return CommentedSeq(_to_commented(item) for item in value)
    return value


@dataclass
class FormatChange:
    path: Path
    first_changed_line: int  # 1-based line of the first difference, for lint messages


def first_difference(before: str, after: str) -> int:
    for number, (a, b) in enumerate(zip(before.split("\n"), after.split("\n")), start=1):
        if a != b:
            return number
    return min(len(before.split("\n")), len(after.split("\n")))


def check_file(path: Path) -> FormatChange | None:
    """The change fmt would make to a file, or None if it is already canonical."""
    text = Path(path).read_text(encoding="utf-8")
    formatted = format_text(text, Path(path))
    if formatted == text:
        return None
    return FormatChange(Path(path), first_difference(text, formatted))


def format_directory(directory: Path, *, write: bool) -> list[FormatChange]:
    """Format every glossary file; with write=False only report which would change."""
    changes = []
    for path in glossary_files(directory):
        text = path.read_text(encoding="utf-8")
        formatted = format_text(text, path)
        if formatted != text:
            changes.append(FormatChange(path, first_difference(text, formatted)))
            if write:
                path.write_text(formatted, encoding="utf-8")
    return changes
