"""Concurrent throughput: N clients posting paragraphs for D seconds; requests/s, p50/p95 latency.

    python bench/throughput.py [CORPUS] [--clients 8] [--duration 30]

Each client posts the article's paragraphs one per request (JSON, en->ru, realistic-size copy
model), starting at a different paragraph, as fast as answers come back. The baseline, in
the same run, is the same paragraphs translated for the same duration by the same number of
threads calling the raw CTranslate2 translator (same package, same thread settings, the
engine's decoding options): the ratio shows what HTTP + pipeline cost under concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from bench._serving import (DEFAULT_CORPUS, corpus_text, cpu_seconds,  # noqa: E402
                            machine, realistic_models_dir, rss_mb, running_service, wait_until)
from bench.bench_translate import RawBaseline, engine_sentences  # noqa: E402


def paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


async def client_loop(client: httpx.AsyncClient, base: str, paragraphs: list[str], start: int,
                      deadline: float, latencies: list[float], errors: list[str]) -> None:
    index = start
    while time.perf_counter() < deadline:
        paragraph = paragraphs[index % len(paragraphs)]
        index += 1
        sent = time.perf_counter()
        response = await client.post(base + "/translate",
                                     json={"q": paragraph, "source": "en", "target": "ru"})
        if response.status_code != 200:
            errors.append(f"{response.status_code} {response.text[:200]}")
            continue
        latencies.append(time.perf_counter() - sent)


async def drive_service(base: str, paragraphs: list[str], clients: int,
                        duration: float) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=600, limits=limits) as client:
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(*(client_loop(client, base, paragraphs, i * len(paragraphs) // clients,
                                           deadline, latencies, errors) for i in range(clients)))
        return latencies, errors, time.perf_counter() - started


def drive_raw(baseline: RawBaseline, paragraphs: list[str], clients: int,
              duration: float) -> tuple[list[float], float]:
    """The same work from ``clients`` threads straight into CTranslate2."""
    sentences = [engine_sentences(p, "en") for p in paragraphs]
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def worker(start: int) -> None:
        index = start
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            baseline.translate(sentences[index % len(sentences)])
            index += 1
            with lock:
                latencies.append(time.perf_counter() - sent)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i * len(paragraphs) // clients,))
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started


def summary(name: str, latencies: list[float], elapsed: float) -> float:
    rate = len(latencies) / elapsed
    cuts = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
    print(f"{name}: {len(latencies)} paragraphs in {elapsed:.1f} s = {rate:.2f} req/s; "
          f"latency p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {cuts[18] * 1000:.0f} ms")
    return rate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per side")
    parser.add_argument("--inter-threads", type=int, default=1)
    parser.add_argument("--intra-threads", type=int, default=1)
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args(argv)

    paragraphs = paragraphs_of(corpus_text(args.corpus))
    models = realistic_models_dir()
    threads = dict(inter_threads=args.inter_threads, intra_threads=args.intra_threads)
    print(f"machine: {machine()}")
    print(f"{len(paragraphs)} paragraphs, {args.clients} clients, {args.duration:.0f} s per side, "
          f"threads inter={args.inter_threads} intra={args.intra_threads}")
    with running_service(models, **threads) as (proc, base, _):
        wait_until(base, "/ready", proc)
        httpx.post(base + "/translate", json={"q": paragraphs[0], "source": "en", "target": "ru"},
                   timeout=600).raise_for_status()
        cpu_before = cpu_seconds(proc.pid)
        latencies, errors, elapsed = asyncio.run(
            drive_service(base, paragraphs, args.clients, args.duration))
        service_cpu = cpu_seconds(proc.pid) - cpu_before
        rss = rss_mb(proc.pid)
    if errors:
        print(f"{len(errors)} failed requests, first: {errors[0]}")
    service_rate = summary("HTTP service   ", latencies, elapsed)
    print(f"server RSS after the run: {rss:.0f} MB; server CPU {service_cpu / len(latencies):.2f} s per paragraph")
    if args.skip_baseline:
        return 1 if errors else 0
    package_dir = models / "translate-en_ru"
    baseline = RawBaseline(package_dir, max_batch_tokens=4096, **threads)
    cpu_before = time.process_time()
    raw_latencies, raw_elapsed = drive_raw(baseline, paragraphs, args.clients, args.duration)
    raw_cpu = time.process_time() - cpu_before
    raw_rate = summary("raw CTranslate2", raw_latencies, raw_elapsed)
    print(f"raw CPU {raw_cpu / len(raw_latencies):.2f} s per paragraph")
    print(f"throughput ratio service/raw (req/s): {service_rate / raw_rate:.3f}; "
          f"CPU per paragraph service/raw: {(service_cpu / len(latencies)) / (raw_cpu / len(raw_latencies)):.3f}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
