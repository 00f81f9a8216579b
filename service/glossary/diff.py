"""What a glossary change does to behaviour, for the reviewer of a pull request.

A YAML diff shows that a line changed; the reviewer needs to know what the server will
now match. This compares two glossaries (directories, or git revisions read with
``git show REV:glossaries/...``) by loading both with the real ``Glossary.load`` and
reporting entities added/removed/changed, the fields that changed, the generated
spellings each entity gained or lost (with the rule behind each), and the collisions the
change introduces or resolves.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from service.errors import InvalidInput
from service.glossary.fmt import GLOSSARY_SUFFIXES, YamlSyntaxError, glossary_files, parse_file

HUMAN_VARIANT_LINES = 25  # per entity; --json has them all


@dataclass
class Side:
    """One side of the comparison: raw entities, generated spellings, collisions."""

    label: str
    raw: dict[str, dict] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # entity id -> file name
    spellings: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)
    collisions: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    error: str | None = None


@dataclass
class EntityChange:
    id: str
    status: str  # added | removed | changed
    file: str
    fields: list[dict] = field(default_factory=list)       # {path, before, after}
    spellings_added: list[list[str]] = field(default_factory=list)    # [lang, surface, rule]
    spellings_removed: list[list[str]] = field(default_factory=list)


@dataclass
class DiffResult:
    base: str
    head: str
    entities: list[EntityChange] = field(default_factory=list)
    new_collisions: list[dict] = field(default_factory=list)
    resolved_collisions: list[dict] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def human(self) -> str:
        counts = Counter(change.status for change in self.entities)
        lines = [f"glossary diff {self.base} -> {self.head}: "
                 f"{counts['added']} added, {counts['removed']} removed, "
                 f"{counts['changed']} changed"]
        for side, error in self.errors.items():
            lines.append(f"! {side} does not load: {error}")
        for change in self.entities:
            lines.extend(_human_entity(change))
        for title, items in (("new collisions", self.new_collisions),
                             ("resolved collisions", self.resolved_collisions)):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  [{c['lang']}] {c['surface']!r}: {' / '.join(c['entities'])}"
                             for c in items)
        if len(lines) == 1:
            lines.append("no change in behaviour")
        return "\n".join(lines)


def _human_entity(change: EntityChange) -> list[str]:
    mark = {"added": "+", "removed": "-", "changed": "~"}[change.status]
    lines = [f"{mark} {change.id} ({change.file})"]
    for item in change.fields:
        lines.append(f"    {item['path']}: {_show(item['before'])} -> {_show(item['after'])}")
    added, removed = change.spellings_added, change.spellings_removed
    if added or removed:
        by_lang = Counter(lang for lang, _, _ in added)
        summary = ", ".join(f"{lang} {n}" for lang, n in sorted(by_lang.items()))
        lines.append(f"    spellings: +{len(added)} -{len(removed)}"
                     + (f" (added: {summary})" if summary else ""))
        shown = [("-", s) for s in removed] + [("+", s) for s in added]
        for sign, (lang, surface, rule) in shown[:HUMAN_VARIANT_LINES]:
            lines.append(f"      {sign} [{lang}] {surface}  ({rule})")
        if len(shown) > HUMAN_VARIANT_LINES:
            lines.append(f"      ... {len(shown) - HUMAN_VARIANT_LINES} more (see --json)")
    return lines


def _show(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- sides


def read_side(directory: Path, label: str) -> Side:
    side = Side(label=label)
    for path in glossary_files(directory):
        try:
            data = parse_file(path).data
        except YamlSyntaxError as exc:
            side.error = f"{path.name}:{exc.line}:{exc.column}: {exc.message}"
            continue
        for entity in data if isinstance(data, CommentedSeq) else []:
            if isinstance(entity, CommentedMap) and isinstance(entity.get("id"), str):
                side.raw[entity["id"]] = _plain(entity)
                side.files[entity["id"]] = path.name
    _add_behaviour(side, directory)
    return side


def _add_behaviour(side: Side, directory: Path) -> None:
    from service.glossary import Glossary
    from service.glossary.lint import claims_by_spelling

    try:
        glossary = Glossary.load(Path(directory))
    except Exception as exc:  # the diff still shows field changes of a broken side
        from service.glossary.store import format_load_error

        side.error = side.error or format_load_error(exc, Path(side.label))
        return
    for key, claims in claims_by_spelling(glossary).items():
        for claim in claims:
            variant = claim.variant
            side.spellings.setdefault(claim.entity_id, set()).add(
                (variant.lang, variant.surface, variant.rule))
        if len(claims) > 1:
            side.collisions[key] = sorted(c.entity_id for c in claims)
    for entity_id in glossary.entities:
        side.spellings.setdefault(entity_id, set())


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted paths to leaves; lists of names stay lists so order changes read as one line."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


# --------------------------------------------------------------------------- compare


def compare(base: Side, head: Side) -> DiffResult:
    result = DiffResult(base=base.label, head=head.label)
    for side in (base, head):
        if side.error:
            result.errors[side.label] = side.error
    for entity_id in sorted(set(base.raw) | set(head.raw)):
        change = _entity_change(entity_id, base, head)
        if change is not None:
            result.entities.append(change)
    for key in sorted(set(head.collisions) - set(base.collisions)):
        result.new_collisions.append({"lang": key[0], "surface": key[1],
                                      "entities": head.collisions[key]})
    for key in sorted(set(base.collisions) - set(head.collisions)):
        result.resolved_collisions.append({"lang": key[0], "surface": key[1],
                                           "entities": base.collisions[key]})
    return result


def _entity_change(entity_id: str, base: Side, head: Side) -> EntityChange | None:
    before, after = base.raw.get(entity_id), head.raw.get(entity_id)
    status = "added" if before is None else "removed" if after is None else "changed"
    file = (head.files if after is not None else base.files).get(entity_id, "?")
    change = EntityChange(id=entity_id, status=status, file=file)
    old_fields, new_fields = _flatten(before or {}), _flatten(after or {})
    if status == "changed":
        for path in sorted(set(old_fields) | set(new_fields)):
            if old_fields.get(path) != new_fields.get(path):
                change.fields.append({"path": path, "before": old_fields.get(path),
                                      "after": new_fields.get(path)})
    elif status == "added":
        change.fields = [{"path": p, "before": None, "after": v}
                         for p, v in new_fields.items() if p.startswith("names.")]
    old = base.spellings.get(entity_id, set())
    new = head.spellings.get(entity_id, set())
    old_surfaces = {(lang, s) for lang, s, _ in old}
    new_surfaces = {(lang, s) for lang, s, _ in new}
    change.spellings_added = sorted([list(v) for v in new if (v[0], v[1]) not in old_surfaces])
    change.spellings_removed = sorted([list(v) for v in old if (v[0], v[1]) not in new_surfaces])
    if status == "changed" and not (change.fields or change.spellings_added
                                    or change.spellings_removed):
        return None
    return change


# --------------------------------------------------------------------------- git


def git_root(cwd: Path | None = None) -> Path:
    try:
        out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd,
                             capture_output=True, text=True, check=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        raise InvalidInput("not inside a git repository, so revisions cannot be read; "
                           "pass two directories instead") from exc
    return Path(out.stdout.strip())


def export_revision(revision: str, repo_path: str, target: Path, cwd: Path | None = None) -> None:
    """Write the glossary files of ``revision`` into ``target`` (git show, no checkout)."""
    root = git_root(cwd)
    listing = subprocess.run(["git", "ls-tree", "--name-only", f"{revision}:{repo_path}"],
                             cwd=root, capture_output=True, text=True)
    if listing.returncode != 0:
        raise InvalidInput(f"{revision!r} is neither a directory nor a git revision with "
                           f"{repo_path}/ ({listing.stderr.strip()})", field="revision")
    for name in listing.stdout.split("\n"):
        if name.endswith(GLOSSARY_SUFFIXES) or name == "schema.json":
            blob = subprocess.run(["git", "show", f"{revision}:{repo_path}/{name}"], cwd=root,
                                  capture_output=True, check=True)
            (target / name).write_bytes(blob.stdout)


def diff_sources(base: str, head: str, *, repo_path: str = "glossaries",
                 cwd: Path | None = None) -> DiffResult:
    """Each of base/head is an existing directory or else a git revision."""
    with tempfile.TemporaryDirectory(prefix="glossary-diff-") as tmp:
        sides = []
        for label, spec in (("base", base), ("head", head)):
            directory = Path(spec)
            if not directory.is_dir():
                directory = Path(tmp) / label
                directory.mkdir()
                export_revision(spec, repo_path, directory, cwd)
            sides.append(read_side(directory, spec))
        return compare(*sides)
