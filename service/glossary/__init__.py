"""Glossary of named entities: load, generate every spelling, find and normalise mentions.

Library API (no HTTP needed)::

    from service.glossary import Glossary
    g = Glossary.load(Path("glossaries"))
    g.normalize("Тоқаевқа бес үміткер қарсы шықты.", "kk")
    g.find("Toqaev faces five opponents.", "en")
    g.lookup("Qasym-Zhomart Toqaev")

Contracts: docs/architecture.md; file format: docs/glossary.md and glossaries/schema.json.
"""

from service.glossary.compiled import Glossary
from service.glossary.hotpath import NormalizedMention
from service.glossary.model import (NAME_LANGS, PARTS, TEXT_LANGS, Entity, GlossaryLoadError,
                                    LookupHit, Mention, NormalizeResult, Variant)

__all__ = ["Glossary", "GlossaryLoadError", "Entity", "Variant", "Mention", "NormalizeResult",
           "NormalizedMention", "LookupHit", "NAME_LANGS", "TEXT_LANGS", "PARTS"]
