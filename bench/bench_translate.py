"""The article through the HTTP service vs raw CTranslate2 on the same sentences. Goal: ratio <= 1.10.

    python bench/bench_translate.py [CORPUS] [--rounds 7] [--intra-threads 2]

Both sides use the same realistic-size model (6+6 layers, d_model 512, int8, copy weights),
the same thread settings and the engine's own decoding options (``decoding_options``: beam,
length cap relative to the input, token batching). The baseline is the minimum any server
must do: SentencePiece-encode the engine's unique sentences, one ``translate_batch``, decode.
The service side is one POST /translate of the whole article (a real uvicorn process, httpx
client, JSON in and out). Rounds alternate service and baseline so drift hits both.

Two ratios are printed. Wall clock (best round of each side) is what a client sees, but on
a shared 2-core machine other processes inflate it at random. CPU seconds (the server
process's user+system time from /proc for the service, this process's for the baseline,
all threads, medians) measure the work each side did and hardly move with outside load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from bench._serving import (DEFAULT_CORPUS, corpus_text, cpu_seconds,  # noqa: E402
                            machine, realistic_models_dir, running_service, wait_until)

GOAL = 1.10


class RawBaseline:
    """The same package loaded straight into CTranslate2, with the engine's settings."""

    def __init__(self, package_dir: Path, *, inter_threads: int, intra_threads: int,
                 max_batch_tokens: int):
        import ctranslate2
        import sentencepiece

        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
        self.translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu",
                                                 inter_threads=inter_threads,
                                                 intra_threads=intra_threads)
        self.max_batch_tokens = max_batch_tokens

    def translate(self, sentences: list[str]) -> tuple[list[str], float]:
        """Return the outputs and the seconds spent inside translate_batch alone."""
        from service.engine import decoding_options

        tokens = self.sp.encode(sentences, out_type=str)
        options = decoding_options(max(map(len, tokens)), max_batch_tokens=self.max_batch_tokens)
        started = time.perf_counter()
        results = self.translator.translate_batch(tokens, **options)
        batch_seconds = time.perf_counter() - started
        return self.sp.decode([r.hypotheses[0] for r in results]), batch_seconds


def engine_sentences(text: str, lang: str) -> list[str]:
    """Exactly the sentences the engine sends: split with its layout, de-duplicated."""
    from service.engine.splitter import TextLayout

    return list(dict.fromkeys(TextLayout(text, lang).sentences))


def post_article(client: httpx.Client, base: str, text: str, source: str, target: str) -> str:
    response = client.post(base + "/translate", json={"q": text, "source": source, "target": target})
    response.raise_for_status()
    return response.json()["translatedText"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS,
                        help="article .txt or a directory of them (default ../shared/corpus)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--inter-threads", type=int, default=1)
    parser.add_argument("--intra-threads", type=int, default=1)
    parser.add_argument("--max-batch-tokens", type=int, default=4096)
    args = parser.parse_args(argv)

    text = corpus_text(args.corpus)
    sentences = engine_sentences(text, "en")
    models = realistic_models_dir()
    package_dir = next(p for p in models.iterdir() if p.name == "translate-en_ru")
    threads = dict(inter_threads=args.inter_threads, intra_threads=args.intra_threads)
    print(f"machine: {machine()}")
    print(f"article: {len(text)} characters, {len(sentences)} unique sentences; "
          f"threads inter={args.inter_threads} intra={args.intra_threads}")

    baseline = RawBaseline(package_dir, max_batch_tokens=args.max_batch_tokens, **threads)
    wall = {"service": [], "raw": []}
    cpu = {"service": [], "raw": []}
    batch_times = []
    with running_service(models, **threads) as (proc, base, _), httpx.Client(timeout=600) as client:
        wait_until(base, "/ready", proc)
        served = post_article(client, base, text, "en", "ru")  # warm-up (both sides)
        raw_out, _ = baseline.translate(sentences)
        check_outputs(text, served, raw_out)
        for _ in range(args.rounds):
            cpu_before, started = cpu_seconds(proc.pid), time.perf_counter()
            post_article(client, base, text, "en", "ru")
            wall["service"].append(time.perf_counter() - started)
            cpu["service"].append(cpu_seconds(proc.pid) - cpu_before)
            cpu_before, started = time.process_time(), time.perf_counter()
            _, batch_seconds = baseline.translate(sentences)
            wall["raw"].append(time.perf_counter() - started)
            cpu["raw"].append(time.process_time() - cpu_before)
            batch_times.append(batch_seconds)
    report(wall, cpu, batch_times)
    return 0


def report(wall: dict[str, list[float]], cpu: dict[str, list[float]], batch: list[float]) -> None:
    def ms(values: list[float]) -> str:
        return (f"best {min(values) * 1000:8.1f} ms  median {statistics.median(values) * 1000:8.1f} ms"
                f"  (rounds: {', '.join(f'{v:.2f}' for v in values)} s)")

    print(f"HTTP service, POST /translate of the whole article  wall {ms(wall['service'])}")
    print(f"raw CTranslate2, encode+translate_batch+decode      wall {ms(wall['raw'])}")
    print(f"  (translate_batch alone: best {min(batch) * 1000:.1f} ms)")
    print(f"CPU seconds per article: service median {statistics.median(cpu['service']):.2f}, "
          f"raw median {statistics.median(cpu['raw']):.2f}")
    wall_ratio = min(wall["service"]) / min(wall["raw"])
    cpu_ratio = statistics.median(cpu["service"]) / statistics.median(cpu["raw"])
    for name, ratio in (("wall clock (best/best)", wall_ratio), ("CPU time (median/median)", cpu_ratio)):
        verdict = "met" if ratio <= GOAL else "MISSED"
        print(f"ratio service/raw, {name}: {ratio:.3f}  (goal <= {GOAL:.2f}: {verdict})")


def check_outputs(text: str, served: str, raw: list[str]) -> None:
    """The copy model returns its input: both sides must have done the full work."""
    if served != text:
        import difflib
        diff = "\n".join(list(difflib.unified_diff(text.splitlines(), served.splitlines(), lineterm=""))[:12])
        print(f"note: service output differs from the article (glossary enforcement?):\n{diff}")
    if not all(raw):
        raise SystemExit("raw CTranslate2 returned empty output")


if __name__ == "__main__":
    raise SystemExit(main())
