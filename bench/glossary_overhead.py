"""Glossary overhead per request: translate_items with the glossary on vs off, same paragraphs.

    .venv/bin/python bench/glossary_overhead.py [--models-dir DIR] [--rounds 7]

Each request is one paragraph of the corpus article (en→ru), as a client would send it.
Rounds alternate glossary off / on (and which goes first) so outside load hits both; the
best round of each side is compared. On a shared 2-core machine those whole-request ratios
swing by tens of percent either way, so the glossary's own work is also timed alone: the
model's output is recorded once and replayed, and only the pipeline runs (CPU time). The glossary is loaded once (as the server does) and reused by every request.
Default models: the realistic-size copy package the translate bench builds
(``bench/_serving.realistic_models_dir``), so translation time is a real model's.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from service.engine import Engine  # noqa: E402
from service.glossary import Glossary  # noqa: E402
from service.pipeline import translate_items  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"


def paragraphs(corpus: Path) -> list[str]:
    files = sorted(corpus.glob("*.txt")) if corpus.is_dir() else [corpus]
    return [p.strip() for f in files for p in f.read_text().split("\n\n") if p.strip()]


def one_round(engine, glossary, items: list[str], *, use_glossary: bool) -> tuple[float, float]:
    """(wall, CPU) seconds; CPU counts every thread of this process, CTranslate2's included."""
    wall, cpu = time.perf_counter(), time.process_time()
    for item in items:
        translate_items(engine, [item], "en", "ru", glossary=glossary, use_glossary=use_glossary)
    return time.perf_counter() - wall, time.process_time() - cpu


class Replay:
    """An engine that returns recorded outputs: times everything in the pipeline but the model."""

    ready = True

    def __init__(self, outputs: dict[str, str]):
        self.outputs = outputs

    def route(self, source: str, target: str) -> list[str]:
        return [source, target]

    def translate(self, texts: list[str], source: str, target: str):
        return SimpleNamespace(texts=[self.outputs.get(t, t) for t in texts],
                               path=[source, target])


def glossary_work_ms(glossary, items: list[str], outputs: dict[str, str], rounds: int,
                     **options) -> float:
    """CPU ms per request spent on the glossary alone (immune to other processes' load)."""
    replay = Replay(outputs)
    translate_items(replay, items[:1], "en", "ru", glossary=glossary, **options)
    best = None
    for _ in range(rounds):
        start = time.process_time()
        for item in items:
            translate_items(replay, [item], "en", "ru", glossary=glossary, **options)
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    return best / len(items) * 1000


def scenarios(glossary, engine, items: list[str]) -> list[tuple[str, dict, dict]]:
    """(name, recorded outputs, options): names kept, names dropped (fuzzy search), inline terms."""
    from service.glossary.enforce import prepare_source

    sent = {i: prepare_source(glossary, i, "en").text for i in items}
    copied = {s: engine.translate([s], "en", "ru").texts[0] for s in sent.values()}
    names = re.compile(r"Kassym-Jomart|Tokayev|Ablyazov|Astana|Almaty")
    dropped = {s: names.sub("Xyz", out) for s, out in copied.items()}
    terms = {f"Term{i}": f"Термин{i}" for i in range(20)} | {"Koshe": "Көше"}
    return [("names kept", copied, {}), ("names dropped (fuzzy search)", dropped, {}),
            ("21 inline terms", copied, {"inline_terms": terms})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--glossary-dir", type=Path, default=REPO / "glossaries")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    models = args.models_dir
    if models is None:
        from bench._serving import realistic_models_dir
        models = realistic_models_dir()
    engine = Engine(models)
    engine.load()
    glossary = Glossary.load(args.glossary_dir)
    items = paragraphs(args.corpus)
    one_round(engine, glossary, items, use_glossary=True)  # warm up caches and the model
    off, on = [], []
    for round_number in range(args.rounds):  # alternate which side goes first
        sides = [(off, False), (on, True)][::1 if round_number % 2 == 0 else -1]
        for results, use_glossary in sides:
            results.append(one_round(engine, glossary, items, use_glossary=use_glossary))
    n = len(items)
    print(f"models: {models}  paragraphs (requests): {n}  rounds: {args.rounds}")
    for label, column in (("wall", 0), ("CPU ", 1)):
        best_off = min(r[column] for r in off) / n * 1000
        best_on = min(r[column] for r in on) / n * 1000
        print(f"{label} best round: glossary off {best_off:.1f} ms/request, on {best_on:.1f} "
              f"ms/request, ratio {best_on / best_off:.3f}")
    model_ms = min(r[1] for r in off) / n * 1000
    print("glossary work alone, CPU ms/request (model output replayed), share of the "
          "glossary-off request:")
    for name, outputs, options in scenarios(glossary, engine, items):
        ms = glossary_work_ms(glossary, items, outputs, args.rounds, **options)
        print(f"  {name:30} {ms:6.2f} ms  = {ms / model_ms:.2%}")


if __name__ == "__main__":
    main()
