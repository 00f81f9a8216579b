"""The compiled glossary: entities, generated variants and the matcher, built once.

Immutable after construction, so one instance can serve many threads and a reload is a
swap of the whole object (see ``service.glossary.store``).
"""

from __future__ import annotations

import gc
from datetime import datetime, timezone
from pathlib import Path

from service.errors import InvalidInput, NotFound
from service.glossary.loader import load_directory
from service.glossary.matcher import NameIndex
from service.glossary.model import (NAME_LANGS, TEXT_LANGS, Entity, LookupHit, Mention,
                                    NormalizeResult, Variant)
from service.glossary.gcpause import cyclic_gc_paused
from service.glossary.hotpath import normalize_hits
from service.glossary.normalize import check_lang, check_style, render_name
from service.glossary.variants import entity_variants, fold, group_by_rule, match_material


class Glossary:
    """Entities plus everything derived from them. Build with ``Glossary.load(directory)``."""

    def __init__(self, entities: list[Entity], *, version: str = "", directory: Path | None = None):
        self.entities: dict[str, Entity] = {e.id: e for e in entities}
        self.version = version
        self.directory = directory
        self.loaded_at = datetime.now(timezone.utc)
        self.index = _build_index(self.entities)
        self.styles: list[str] = sorted({s for e in entities for s in e.styles})
        self._variants: dict[str, list[Variant]] = {}
        self._renderings: dict[tuple, str] = {}       # (entity, part, form, ...) -> rendered name
        # The index is millions of long-lived tuples: without this, every cyclic-GC pass
        # during a request re-traverses them all (normalise speed varied 5x run to run).
        # Refcounting still frees an old glossary's objects after a reload.
        gc.freeze()

    @classmethod
    def load(cls, directory: Path) -> "Glossary":
        """Read every *.yaml in ``directory``; raises GlossaryLoadError(file, line, column, message)."""
        # Collect today's garbage cycles first: the freezes below move every object alive
        # at that moment out of the collector's reach for good, and a reload in a running
        # server would otherwise pin whatever cyclic garbage requests had left behind.
        gc.collect()
        with cyclic_gc_paused():        # parsing makes many objects and no cycles
            loaded = load_directory(Path(directory))
            gc.freeze()     # see _build_index (not on error: a traceback's cycles must stay collectable)
        return cls(loaded.entities, version=loaded.version, directory=Path(directory))

    def entity(self, entity_id: str) -> Entity:
        try:
            return self.entities[entity_id]
        except KeyError:
            raise NotFound(f"no entity with id {entity_id!r} in the glossary", field="id") from None

    def find(self, text: str, lang: str) -> list[Mention]:
        """Mentions in ``text``: leftmost-longest, Unicode word boundaries, code-point offsets."""
        check_lang(lang, TEXT_LANGS)
        return self.index.find(text, lang)

    def normalize(self, text: str, lang: str, style: str | None = None) -> NormalizeResult:
        """``text`` with every mention in its canonical spelling (in the mention's form)."""
        check_lang(lang, TEXT_LANGS)
        check_style(style, self.styles)
        if not isinstance(text, str) or not text or text.isspace():     # isspace: no copy of a long text
            raise InvalidInput("text must not be empty", field="text")
        if style == "default":
            style = None
        with cyclic_gc_paused():    # tens of thousands of hits and mentions, no cycles
            hits, origin = self.index.scan(text, lang)
            result = normalize_hits(text, lang, hits, origin, self.index, style, self._renderings)
            # Free the hits while the collector is still off. (When hits were tuples, those
            # still alive when it came back were all traversed by its first pass: 3-5% of a
            # dense text's time. Now they are one array, but nothing needs them past here.)
            del hits
        return result

    def render(self, entity_id: str, lang: str, *, part: str = "full", form: str | None = None,
               style: str | None = None) -> str:
        check_style(style, self.styles)
        return render_name(self.entity(entity_id), lang, part=part, form=form, style=style)

    def variants(self, entity_id: str) -> dict[str, list[Variant]]:
        """Every generated spelling of the entity, grouped by the rule that made it."""
        return group_by_rule(self._all_variants(entity_id))

    def _all_variants(self, entity_id: str) -> list[Variant]:
        cached = self._variants.get(entity_id)
        if cached is None:
            cached = self._variants[entity_id] = entity_variants(self.entity(entity_id))
        return cached

    def lookup(self, query: str, lang: str | None = None) -> list[LookupHit]:
        """Which entity a spelling belongs to and which rules produce it (case-insensitive)."""
        if lang is not None:
            check_lang(lang, NAME_LANGS)
        q = " ".join((query or "").split())
        if not q:
            raise InvalidInput("q must not be empty", field="q")
        text_lang = "kk" if lang == "kk-Latn" else (lang or "en")
        hits = []
        for m in self.index.find(q, text_lang, case_sensitive=False):
            if m.start != 0 or m.end != len(q):
                continue
            entity = self.entities[m.entity_id]
            listed = [v for v in self._all_variants(entity.id)
                      if fold(v.surface) == fold(q) and (lang is None or v.lang == lang)]
            exact = [v for v in listed if v.surface == q]
            listed = exact or listed
            rules = list(dict.fromkeys(v.rule for v in listed)) or [m.variant.rule]
            best = listed[0] if listed else m.variant
            hits.append(LookupHit(entity.id, entity.type, entity.names.get(text_lang, entity.names["en"]),
                                  q, best.lang, rules, best.part, best.form))
        return hits


def _build_index(entities: dict[str, Entity]) -> NameIndex:
    """Build with the cyclic GC paused: it would re-scan the growing index again and again
    (build time roughly halves); nothing built here forms reference cycles."""
    with cyclic_gc_paused():
        index = NameIndex(entities, {entity_id: match_material(e) for entity_id, e in entities.items()})
        gc.freeze()     # before the collector runs again: else its next pass walks every new object (~0.5 s)
        return index
