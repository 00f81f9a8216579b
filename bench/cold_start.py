"""Cold start: process start -> /health -> /ready, model load separately, RSS after warm-up.

    python bench/cold_start.py [--runs 3] [--pairs en:ru,ru:en]

Goal: under 1.5 s to /ready beside the model load, i.e. (seconds to /ready) - (model load)
< 1.5. The model load is measured twice: by the server itself (``load_seconds`` in the
/ready body: glossary + engine load in the background loader) and in this process
(``Engine(models_dir).load()`` on the same packages, a baseline with no HTTP stack at all).
RSS is read from /proc after one warm-up translation.
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

from bench._serving import (machine, realistic_models_dir, rss_mb,  # noqa: E402
                            running_service, wait_until)

GOAL_SECONDS = 1.5
WARM_UP_TEXT = "The Kazakh authorities warned citizens against holding rallies on election day."


def one_start(models: Path, threads: dict) -> dict:
    with running_service(models, **threads) as (proc, base, started):
        health_at = wait_until(base, "/health", proc)
        ready_at = wait_until(base, "/ready", proc)
        body = httpx.get(base + "/ready", timeout=5).json()
        rss_ready = rss_mb(proc.pid)
        pair = body["packages"][0].split("->")
        httpx.post(base + "/translate", json={"q": WARM_UP_TEXT, "source": pair[0],
                                              "target": pair[1]}, timeout=120).raise_for_status()
        return {"health": health_at - started, "ready": ready_at - started,
                "server_load": body.get("load_seconds") or 0.0,
                "rss_ready": rss_ready, "rss_warm": rss_mb(proc.pid),
                "packages": len(body["packages"])}


def in_process_load(models: Path, threads: dict) -> float:
    """Seconds for Engine.load() alone (packages from disk into CTranslate2 + SentencePiece)."""
    from service.engine import Engine

    engine = Engine(models, **threads)
    started = time.perf_counter()
    engine.load()
    return time.perf_counter() - started


def each(runs: list[dict], key: str) -> str:
    return ", ".join(f"{run[key]:.2f}" for run in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pairs", default="en:ru,ru:en", help="realistic packages to install")
    parser.add_argument("--inter-threads", type=int, default=1)
    parser.add_argument("--intra-threads", type=int, default=1)
    args = parser.parse_args(argv)

    pairs = tuple(tuple(p.split(":")) for p in args.pairs.split(","))
    models = realistic_models_dir(pairs)
    threads = dict(inter_threads=args.inter_threads, intra_threads=args.intra_threads)
    print(f"machine: {machine()}")
    runs = [one_start(models, threads) for _ in range(args.runs)]
    load_alone = in_process_load(models, threads)

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    beside = med("ready") - med("server_load")
    print(f"{runs[0]['packages']} realistic package(s) (6+6 layers, d_model 512, int8); {args.runs} cold starts")
    print(f"process start -> /health : median {med('health'):.2f} s  ({each(runs, 'health')})")
    print(f"process start -> /ready  : median {med('ready'):.2f} s  ({each(runs, 'ready')})")
    print(f"model load, server-reported (glossary + engine): median {med('server_load'):.2f} s")
    print(f"model load, Engine.load() in this process: {load_alone:.2f} s")
    print(f"RSS at /ready {med('rss_ready'):.0f} MB, after warm-up translation {med('rss_warm'):.0f} MB")
    verdict = "met" if beside < GOAL_SECONDS else "MISSED"
    print(f"time to /ready beside model load: {beside:.2f} s (goal < {GOAL_SECONDS} s: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
