"""Translation pipeline: format handling, glossary before/after, the engine.

The HTTP route and the CLI both call ``translate_items``; it knows nothing of HTTP.
(Version 0: plain text through the engine. Glossary enforcement and format=html extend it.)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ItemResult:
    text: str
    path: list[str]
    source_entities: list[dict] = field(default_factory=list)
    target_entities: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def translate_items(engine, items: list[str], source: str, target: str, *,
                    format: str = "text", glossary=None, use_glossary: bool = True,
                    style: str | None = None, inline_terms: list[dict] | None = None
                    ) -> list[ItemResult]:
    """Translate every item in one engine call so all sentences share CTranslate2 batches."""
    translation = engine.translate(items, source, target)
    return [ItemResult(text=t, path=translation.path) for t in translation.texts]
