"""BLEU and chrF of an installed pair on a parallel test set, through the Engine library.

Users who build Kazakh packages from OPUS-MT models (docs/kazakh.md) need to know what
they got: this scores any installed pair (pivots included) on two line-aligned files and
compares it, in the same run, with the trivial baseline of copying the source sentence
unchanged (names, numbers and punctuation overlap, so the baseline is not zero). No HTTP:
the Engine is used directly, the way a data pipeline would.

    python bench/quality.py --src test.en --ref test.kk --from en --to kk \
        [--models-dir DIR] [--limit N] [--hyp-out hyp.kk] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from service.config import Settings  # noqa: E402

CHUNK_SENTENCES = 64  # lines per Engine.translate call: batches well, progress stays visible


def read_parallel(src: Path, ref: Path, limit: int | None) -> tuple[list[str], list[str]]:
    """Line-aligned files; a length mismatch means misaligned data, so refuse it."""
    for flag, path in (("--src", src), ("--ref", ref)):
        if not path.is_file():
            raise SystemExit(f"error: {flag} {path} does not exist")
    sources = src.read_text(encoding="utf-8").splitlines()
    references = ref.read_text(encoding="utf-8").splitlines()
    if len(sources) != len(references):
        raise SystemExit(f"error: --src has {len(sources)} lines but --ref has "
                         f"{len(references)}; the files must be line-aligned")
    pairs = [(s, r) for s, r in zip(sources, references) if s.strip()]
    if limit:
        pairs = pairs[:limit]
    if not pairs:
        raise SystemExit(f"error: --src {src} has no non-empty lines")
    return [s for s, _ in pairs], [r for _, r in pairs]


def translate_all(engine, sources: list[str], source: str, target: str) -> tuple[list[str], list[str], float]:
    hypotheses: list[str] = []
    path: list[str] = []
    started = time.perf_counter()
    for start in range(0, len(sources), CHUNK_SENTENCES):
        result = engine.translate(sources[start:start + CHUNK_SENTENCES], source, target)
        hypotheses.extend(result.texts)
        path = list(result.path)
        print(f"  {len(hypotheses)}/{len(sources)} sentences", file=sys.stderr, flush=True)
    return hypotheses, path, time.perf_counter() - started


def scores(hypotheses: list[str], references: list[str]) -> dict:
    import sacrebleu

    # Kazakh and Russian are space-delimited: the default 13a tokenizer is what the
    # Tatoeba-MT and WMT tables use, so numbers are comparable with theirs.
    bleu = sacrebleu.metrics.BLEU()
    chrf = sacrebleu.metrics.CHRF()
    bleu_score = bleu.corpus_score(hypotheses, [references])
    chrf_score = chrf.corpus_score(hypotheses, [references])
    return {"bleu": round(bleu_score.score, 2), "chrf": round(chrf_score.score, 2),
            "bleu_signature": str(bleu.get_signature()),
            "chrf_signature": str(chrf.get_signature())}


def _ratio(value: float, baseline: float) -> float | None:
    return round(value / baseline, 2) if baseline > 0 else None


def run(args: argparse.Namespace) -> dict:
    from service.engine import Engine

    sources, references = read_parallel(args.src, args.ref, args.limit)
    models_dir = args.models_dir or Settings.from_env().models_dir
    engine = Engine(models_dir)
    load_started = time.perf_counter()
    engine.load()
    load_seconds = time.perf_counter() - load_started
    hypotheses, path, seconds = translate_all(engine, sources, args.from_code, args.to_code)
    if args.hyp_out:
        args.hyp_out.write_text("\n".join(hypotheses) + "\n", encoding="utf-8")
    model = scores(hypotheses, references)
    baseline = scores(sources, references)
    return {
        "pair": f"{args.from_code}->{args.to_code}", "path": path,
        "models_dir": str(models_dir), "sentences": len(sources),
        "load_seconds": round(load_seconds, 2), "translate_seconds": round(seconds, 3),
        "sentences_per_second": round(len(sources) / seconds, 2) if seconds else None,
        "model": model, "baseline_copy_source": baseline,
        "ratio_bleu": _ratio(model["bleu"], baseline["bleu"]),
        "ratio_chrf": _ratio(model["chrf"], baseline["chrf"]),
    }


def print_report(report: dict) -> None:
    model, base = report["model"], report["baseline_copy_source"]
    print(f"pair {report['pair']}  path {' -> '.join(report['path'])}  "
          f"models {report['models_dir']}")
    print(f"sentences {report['sentences']}  load {report['load_seconds']} s  "
          f"translate {report['translate_seconds']} s  "
          f"{report['sentences_per_second']} sentences/s")
    print(f"model              BLEU {model['bleu']:6.2f}  chrF {model['chrf']:6.2f}")
    print(f"baseline (copy)    BLEU {base['bleu']:6.2f}  chrF {base['chrf']:6.2f}")
    print(f"ratio model/base   BLEU {report['ratio_bleu']}  chrF {report['ratio_chrf']}")
    print(f"signatures: {model['bleu_signature']} | {model['chrf_signature']}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, required=True, help="source sentences, one a line")
    parser.add_argument("--ref", type=Path, required=True, help="reference translations")
    parser.add_argument("--from", dest="from_code", required=True, help="source language code")
    parser.add_argument("--to", dest="to_code", required=True, help="target language code")
    parser.add_argument("--models-dir", type=Path,
                        help="installed packages (default: AUDARMA_MODELS_DIR or the settings "
                             "default)")
    parser.add_argument("--limit", type=int, help="score only the first N lines")
    parser.add_argument("--hyp-out", type=Path, help="write the translations here")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from service.errors import AudarmaError

    args = parse_args(argv)
    try:
        report = run(args)
    except AudarmaError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
