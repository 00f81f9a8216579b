"""What the HTTP benchmarks share: the realistic-size model, a real uvicorn process, memory.

The model is built by tools/build_test_package.py (6+6 layers, d_model 512, int8, copy
weights: output as long as the input, so decoding cost is that of a real translation) and
installed with service.engine.install into var/bench/models (cached between runs).
"""

from __future__ import annotations

import contextlib
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "var" / "bench"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def realistic_models_dir(pairs: tuple[tuple[str, str], ...] = (("en", "ru"),)) -> Path:
    """A models directory holding realistic-size copy packages for ``pairs`` (built once)."""
    from service.engine.install import install_from_file
    from tools.build_test_package import BUILDER_VERSION, build_test_package

    models = CACHE / f"models-realistic-b{BUILDER_VERSION}"
    for from_code, to_code in pairs:
        archive = CACHE / f"translate-{from_code}_{to_code}-realistic-copy-b{BUILDER_VERSION}.argosmodel"
        if not archive.exists():
            CACHE.mkdir(parents=True, exist_ok=True)
            build_test_package(archive, from_code, to_code, size="realistic", kind="copy")
        install_from_file(models, archive)
    return models


def corpus_text(path: Path) -> str:
    """The article(s): a .txt file, or every .txt in a directory, joined by blank lines."""
    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    if not files:
        raise SystemExit(f"no .txt files in {path}")
    return "\n\n".join(f.read_text(encoding="utf-8").strip() for f in files)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_service(models_dir: Path, *, inter_threads: int, intra_threads: int,
                    extra_env: dict[str, str] | None = None):
    """Yield (process, base_url, started_at) for `python -m service serve`; stop it afterwards."""
    port = free_port()
    cmd = [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--models-dir", str(models_dir), "--inter-threads", str(inter_threads),
           "--intra-threads", str(intra_threads), "--log-level", "warning",
           "--glossary-reload-seconds", "0"]
    log_path = CACHE / f"server-{port}.log"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, **(extra_env or {})})
        try:
            yield proc, f"http://127.0.0.1:{port}", started
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_until(base: str, path: str, proc: subprocess.Popen, timeout: float = 120.0,
               interval: float = 0.005) -> float:
    """Poll until ``path`` answers 200; return time.perf_counter() at that moment."""
    deadline = time.perf_counter() + timeout
    with httpx.Client(timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"server exited with status {proc.returncode}; see {CACHE}/server-*.log")
            try:
                if client.get(base + path).status_code == 200:
                    return time.perf_counter()
            except httpx.TransportError:
                pass
            time.sleep(interval)
    raise SystemExit(f"{base}{path} not 200 after {timeout} s")


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> str:
    import ctranslate2

    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"CTranslate2 {ctranslate2.__version__}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all threads (Linux /proc). Robust to other load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
