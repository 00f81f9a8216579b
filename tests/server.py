"""Start the real service (uvicorn in a subprocess) on a free loopback port for end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(models_dir: Path, glossary_dir: Path | None = None, *,
                   env: dict[str, str] | None = None, wait_ready: bool = True,
                   timeout: float = 60.0):
    """Yield the base URL of a running service; stop it afterwards, printing its log on failure."""
    port = free_port()
    cmd = [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--models-dir", str(models_dir), "--log-level", "warning"]
    if glossary_dir is not None:
        cmd += ["--glossary-dir", str(glossary_dir)]
    full_env = {**os.environ, **(env or {})}
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"audarma-test-server-{port}.log"
    with open(log_path, "w+") as log:
        proc = subprocess.Popen(cmd, cwd=REPO, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base, "/ready" if wait_ready else "/health", proc, timeout, log_path)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait(base: str, path: str, proc: subprocess.Popen, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(base + path, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"server not ready after {timeout} s:\n{log_path.read_text()}")
