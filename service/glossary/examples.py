"""Entity ``examples`` as tests: the editor's own sentences, run through the real glossary.

An editor who adds a short form or a variant knows the sentence that made it necessary.
Writing that sentence next to the entity turns it into a regression test: a later change
to variant generation or to another entity that breaks it fails CI with file:line.

    examples:
      - text: Тоқаевқа хат келді.          # required
        lang: kk                            # required: en | ru | kk
        style: rferl                        # optional house style
        expected: Тоқаевқа хат келді.       # optional: the whole normalised text
        entities:                           # optional: the mentions, exactly
          - surface: Тоқаевқа               # any of surface/start/end/id/canonical
      - text: Токарев выступил.
        lang: ru
        entities: []                        # a negative example: nothing may match

With neither ``expected`` nor ``entities`` the example passes when the entity it sits on
is found in the text.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from service.glossary.fmt import YamlSyntaxError, glossary_files, node_position, parse_file

SPAN_KEYS = ("id", "surface", "start", "end", "canonical")


@dataclass
class ExampleResult:
    file: str
    line: int
    entity_id: str
    text: str
    lang: str
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class ExamplesReport:
    results: list[ExampleResult] = field(default_factory=list)
    load_error: str | None = None

    @property
    def failed(self) -> list[ExampleResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return self.load_error is None and not self.failed

    def human(self) -> str:
        if self.load_error:
            return f"{self.load_error}: error: glossary does not load; no example ran [load]"
        lines = []
        for result in self.failed:
            for failure in result.failures:
                lines.append(f"{result.file}:{result.line}: FAIL {result.entity_id} "
                             f"[{result.lang}] {result.text!r}: {failure}")
        passed = len(self.results) - len(self.failed)
        lines.append(f"{len(self.results)} examples: {passed} passed, {len(self.failed)} failed")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps({"ok": self.ok, "load_error": self.load_error,
                           "passed": len(self.results) - len(self.failed),
                           "failed": len(self.failed),
                           "results": [dict(asdict(r), ok=r.ok) for r in self.results]},
                          ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class Example:
    file: Path
    line: int
    entity_id: str
    spec: dict


def collect_examples(directory: Path) -> list[Example]:
    """Every example in file order, with the line it starts on."""
    examples = []
    for path in glossary_files(directory):
        source = parse_file(path)
        if not isinstance(source.data, CommentedSeq):
            continue
        for index, entity in enumerate(source.data):
            if not isinstance(entity, CommentedMap):
                continue
            items = entity.get("examples") or []
            for number, spec in enumerate(items if isinstance(items, list) else []):
                line, _ = node_position(source.data, (index, "examples", number))
                examples.append(Example(path, line, str(entity.get("id", "?")),
                                        dict(spec) if isinstance(spec, dict) else {}))
    return examples


def run_examples(directory: Path, glossary: Any = None) -> ExamplesReport:
    """Load the glossary as the server does and check every example against it."""
    from service.glossary import Glossary, GlossaryLoadError
    from service.glossary.lint import display_path

    report = ExamplesReport()
    try:
        examples = collect_examples(Path(directory))
        glossary = glossary or Glossary.load(Path(directory))
    except YamlSyntaxError as exc:
        report.load_error = f"{display_path(exc.path, directory)}:{exc.line}:{exc.column}"
        return report
    except GlossaryLoadError as exc:
        file = getattr(exc, "file", directory)
        report.load_error = f"{display_path(Path(file), directory)}:{getattr(exc, 'line', 1)}"
        return report
    for example in examples:
        result = ExampleResult(display_path(example.file, directory), example.line,
                               example.entity_id, str(example.spec.get("text", "")),
                               str(example.spec.get("lang", "")))
        result.failures = check_example(glossary, example)
        report.results.append(result)
    return report


def check_example(glossary: Any, example: Example) -> list[str]:
    """The ways the glossary's behaviour differs from what the example says."""
    spec = example.spec
    text, lang = spec.get("text"), spec.get("lang")
    if not isinstance(text, str) or not text or not isinstance(lang, str):
        return ["an example needs `text` (non-empty) and `lang`"]
    try:
        result = glossary.normalize(text, lang, spec.get("style"))
    except Exception as exc:  # a library error is the example's failure, not a crash
        return [f"normalize raised {type(exc).__name__}: {getattr(exc, 'message', exc)}"]
    failures = []
    if "expected" in spec and result.text != spec["expected"]:
        failures.append(f"expected text {spec['expected']!r}, got {result.text!r}")
    mentions = [_mention_dict(m) for m in result.entities]
    if "entities" in spec:
        failures.extend(_compare_spans(spec["entities"] or [], mentions, example.entity_id))
    elif "expected" not in spec and not any(m["id"] == example.entity_id for m in mentions):
        found = ", ".join(f"{m['surface']!r}->{m['id']}" for m in mentions) or "nothing"
        failures.append(f"{example.entity_id} not found (found {found})")
    return failures


def _mention_dict(mention: Any) -> dict:
    return {key: getattr(mention, key, None) for key in (*SPAN_KEYS, "type")}


def _compare_spans(expected: list, actual: list[dict], default_id: str) -> list[str]:
    """Each expected span must match a distinct mention, and no mention may be left over."""
    failures, remaining = [], list(actual)
    for span in expected:
        if not isinstance(span, dict):
            failures.append(f"entity span {span!r} must be a mapping of {', '.join(SPAN_KEYS)}")
            continue
        wanted = {"id": default_id, **{k: span[k] for k in SPAN_KEYS if k in span}}
        match = next((m for m in remaining if all(m.get(k) == v for k, v in wanted.items())),
                     None)
        if match is None:
            failures.append(f"missing mention {_describe(wanted)}; found "
                            + (", ".join(_describe(m) for m in actual) or "no mentions"))
        else:
            remaining.remove(match)
    failures.extend(f"unexpected mention {_describe(m)}" for m in remaining)
    return failures


def _describe(span: dict) -> str:
    parts = [f"{k}={span[k]!r}" for k in SPAN_KEYS if span.get(k) is not None]
    return "{" + ", ".join(parts) + "}"
