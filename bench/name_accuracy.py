"""Name accuracy: share of source entities that appear in the output in canonical spelling.

Runs the corpus-derived sentences (en, ru, kk renderings of the article's name mentions)
through the pipeline with the deterministic stand-in engine (and, with --models-dir, with
the installed real packages too), glossary on vs off, in the same run, and prints both
numbers; then, for en→ru/kk, which source spelling to send the model (as written, the
official canonical, the RFE/RL style), scored against reference translations for spelling
and case, on the raw model output and after output enforcement.

    .venv/bin/python bench/name_accuracy.py [--models-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.glossary import Glossary  # noqa: E402
from service.glossary.enforce import (PreparedSource, apply_case, enforce_target,  # noqa: E402
                                      prepare_source, safe_render)
from service.pipeline import translate_items  # noqa: E402
from tests.standin import StandInEngine  # noqa: E402

# Sentences built from the article's mentions, in the spellings the article and the Russian
# and Kazakh press use (RFE/RL's "Toqaev", the official "Tokayev", ICAO "Tokaev", ...).
SENTENCES = {
    "en": ["Opposition activists have been piling on pressure on Toqaev.",
           "President Qasym-Zhomart Toqaev said the protests were caused by terrorists.",
           "Toqaev's decision to invite troops was criticised.",
           "Tokaev faces five opponents.",
           "Ablyazov called on citizens to protest against Tokayev.",
           "Troops from the CSTO arrived.",
           "The vote took place in Astana.",
           "A court in Almaty sentenced Aigerim Tileuzhan."],
    "ru": ["Оппозиционные активисты усиливают давление на Токаева.",
           "Президент Касым-Жомарт Токаев заявил, что протесты вызвали террористы.",
           "Решение Токаева пригласить войска раскритиковали.",
           "Токаеву противостоят пять соперников.",
           "Войска ОДКБ прибыли."],
    "kk": ["Оппозиция белсенділері Тоқаевқа қысым көрсетіп жатыр.",
           "Президент Қасым-Жомарт Тоқаев наразылықтарды террористер тудырды деді.",
           "Тоқаевтың әскер шақыру туралы шешімі сынға ұшырады.",
           "ҰҚШҰ әскерлері келді."],
}
PAIRS = [("en", "ru"), ("en", "kk"), ("ru", "en"), ("kk", "en"), ("ru", "kk"), ("kk", "ru")]

# Reference translations of SENTENCES["en"]: canonical names in the case the sentence needs.
# Scoring against them checks spelling AND grammatical form ("на Токаева", not "на Токаев").
REFERENCES = {
    "ru": ["Оппозиционные активисты усиливают давление на Токаева.",
           "Президент Касым-Жомарт Токаев заявил, что протесты вызвали террористы.",
           "Решение Токаева пригласить войска раскритиковали.",
           "Токаеву противостоят пять соперников.",
           "Аблязов призвал граждан протестовать против Токаева.",
           "Войска ОДКБ прибыли.",
           "Голосование прошло в Астане.",
           "Суд в Алматы приговорил Айгерим Тилеужан."],
    "kk": ["Оппозиция белсенділері Тоқаевқа қысым көрсетіп жатыр.",
           "Президент Қасым-Жомарт Тоқаев наразылықтарды террористер тудырды деді.",
           "Тоқаевтың әскер шақыру туралы шешімі сынға ұшырады.",
           "Тоқаевқа бес қарсылас қарсы шығады.",
           "Әблязов азаматтарды Тоқаевқа қарсы наразылыққа шақырды.",
           "ҰҚШҰ әскерлері келді.",
           "Дауыс беру Астанада өтті.",
           "Алматыда сот Айгерім Тілеужанды соттады."],
}
# What the pipeline could send the model for an English mention (docs/glossary-translation.md).
SOURCE_STRATEGIES = ("as written", "official canonical", "style:rferl")


def canonical_hits(glossary, text: str, lang: str, source_entities: list[str]) -> int:
    """Source entities whose mention in the output is spelled exactly as the canonical."""
    found = [m for m in glossary.find(text, lang)
             if m.surface == safe_render(glossary, m.entity_id, lang,
                                         part=m.variant.part or "full", form=m.variant.form)]
    hits, pool = 0, [m.entity_id for m in found]
    for entity in source_entities:
        if entity in pool:
            pool.remove(entity)
            hits += 1
    return hits


def score(engine, glossary, pairs, *, use_glossary: bool) -> tuple[int, int]:
    hits = total = 0
    for source, target in pairs:
        sentences = SENTENCES[source]
        expected = [[m.entity_id for m in glossary.find(s, source)] for s in sentences]
        results = translate_items(engine, sentences, source, target, glossary=glossary,
                                  use_glossary=use_glossary)
        for result, entities in zip(results, expected):
            total += len(entities)
            hits += canonical_hits(glossary, result.text, target, entities)
    return hits, total


def respell(glossary, text: str, lang: str, strategy: str) -> PreparedSource:
    """The source with every mention sent the way ``strategy`` says, in its own form."""
    pieces, cursor, mentions = [], 0, glossary.find(text, lang)
    style = strategy.removeprefix("style:") if strategy.startswith("style:") else None
    for m in mentions:
        new = m.surface
        if strategy != "as written":
            new = apply_case(m.surface, safe_render(glossary, m.entity_id, lang,
                                                    part=m.variant.part or "full",
                                                    form=m.variant.form, style=style))
        pieces += [text[cursor:m.start], new]
        cursor = m.end
    respelled = "".join(pieces + [text[cursor:]])
    return prepare_source(glossary, respelled, lang, normalise=False)


def reference_hits(glossary, output: str, reference: str, lang: str) -> tuple[int, int]:
    """Reference name mentions (entity, exact surface) that the output reproduces."""
    pool = [(m.entity_id, m.surface) for m in glossary.find(output, lang)]
    wanted = [(m.entity_id, m.surface) for m in glossary.find(reference, lang)]
    hits = 0
    for item in wanted:
        if item in pool:
            pool.remove(item)
            hits += 1
    return hits, len(wanted)


def source_variant_table(engine, glossary) -> list[tuple[str, str, str, str]]:
    """en→ru/kk reference accuracy per source spelling, raw model and after enforcement."""
    rows = []
    for strategy in SOURCE_STRATEGIES:
        for target in ("ru", "kk"):
            prepared = [respell(glossary, s, "en", strategy) for s in SENTENCES["en"]]
            outputs = engine.translate([p.text for p in prepared], "en", target).texts
            raw = [reference_hits(glossary, o, r, target)
                   for o, r in zip(outputs, REFERENCES[target])]
            fixed = [reference_hits(glossary, enforce_target(glossary, o, target, expected=p,
                                                             foreign_langs=("en",)).text,
                                    r, target)
                     for o, p, r in zip(outputs, prepared, REFERENCES[target])]
            rows.append((strategy, f"en>{target}", _ratio(raw), _ratio(fixed)))
    return rows


def _ratio(pairs: list[tuple[int, int]]) -> str:
    hits, total = sum(h for h, _ in pairs), sum(t for _, t in pairs)
    return f"{hits}/{total} = {hits / max(total, 1):.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary-dir", type=Path, default=REPO / "glossaries")
    parser.add_argument("--models-dir", type=Path, default=None,
                        help="also score the real engine over these installed packages")
    args = parser.parse_args()
    glossary = Glossary.load(args.glossary_dir)
    engines = [("stand-in", StandInEngine(), PAIRS)]
    if args.models_dir is not None:
        from service.engine import Engine
        real = Engine(args.models_dir)
        real.load()
        pairs = [p for p in PAIRS if _routable(real, *p)]
        engines.append((f"argos:{args.models_dir}", real, pairs))
    for name, engine, pairs in engines:
        off = score(engine, glossary, pairs, use_glossary=False)
        on = score(engine, glossary, pairs, use_glossary=True)
        print(f"{name}: pairs {', '.join(a + '>' + b for a, b in pairs)}")
        print(f"  glossary off: {off[0]}/{off[1]} = {off[0] / max(off[1], 1):.1%}")
        print(f"  glossary on : {on[0]}/{on[1]} = {on[0] / max(on[1], 1):.1%}")
        if {("en", "ru"), ("en", "kk")} <= set(pairs):
            print("  source spelling sent to the model -> names right in spelling AND case")
            print(f"  {'strategy':20} {'pair':6} {'raw model':16} {'after enforcement':16}")
            for strategy, pair, raw, fixed in source_variant_table(engine, glossary):
                print(f"  {strategy:20} {pair:6} {raw:16} {fixed:16}")


def _routable(engine, source: str, target: str) -> bool:
    try:
        engine.route(source, target)
        return True
    except Exception:
        return False


if __name__ == "__main__":
    main()
