"""Name accuracy: share of source entities that appear in the output in canonical spelling.

Runs the corpus-derived sentences (en, ru, kk renderings of the article's name mentions)
through the pipeline with the deterministic stand-in engine (and, with --models-dir, with
the installed real packages too), glossary on vs off, in the same run, and prints both
numbers and the ablation (respelling only, output enforcement only).

    .venv/bin/python bench/name_accuracy.py [--models-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.glossary import Glossary  # noqa: E402
from service.glossary.enforce import safe_render  # noqa: E402
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
PAIRS = [("en", "ru"), ("en", "kk"), ("ru", "en"), ("kk", "en"), ("ru", "kk")]


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


def _routable(engine, source: str, target: str) -> bool:
    try:
        engine.route(source, target)
        return True
    except Exception:
        return False


if __name__ == "__main__":
    main()
