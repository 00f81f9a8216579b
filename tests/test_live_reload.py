"""Live reload through a real uvicorn server: edit, break and fix glossary files on disk."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.glossary_samples import PLACES, write_glossary

REPO = Path(__file__).resolve().parent.parent


def renamed(name: str) -> str:
    """places.yaml with Astana's English name changed; the old name stays as a variant."""
    if name == "Astana":
        return PLACES
    return (PLACES.replace("    en: Astana\n", f"    en: {name}\n", 1)
            .replace("  former:\n", "  variants:\n    en: [Astana]\n  former:\n", 1))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def wait_for(predicate, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


@pytest.fixture
def server(tmp_path):
    glossaries = write_glossary(tmp_path / "glossaries")
    port = free_port()
    env = dict(os.environ, AUDARMA_GLOSSARY_DIR=str(glossaries),
               AUDARMA_MODELS_DIR=str(tmp_path / "models"), AUDARMA_GLOSSARY_RELOAD_SECONDS="0.2",
               AUDARMA_PORT=str(port), AUDARMA_LOG_LEVEL="warning")
    process = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: get(f"{base}/glossary/version")["version"])
        yield base, glossaries
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_edit_break_and_fix_a_glossary_file_while_serving(server):
    base, glossaries = server
    first = get(f"{base}/glossary/version")
    assert first["error"] is None and "places.yaml" in first["files"]

    (glossaries / "places.yaml").write_text(renamed("Astana City"), encoding="utf-8")
    second = wait_for(lambda: (v := get(f"{base}/glossary/version"))["version"] != first["version"] and v)
    assert second["error"] is None and second["loaded_at"] >= first["loaded_at"]
    normalized = post(f"{base}/normalize", {"text": "Astana today", "lang": "en"})
    assert normalized["text"].startswith("Astana City")

    (glossaries / "places.yaml").write_text(PLACES.replace("  type: place\n", "  type: planet\n"),
                                            encoding="utf-8")
    broken = wait_for(lambda: (v := get(f"{base}/glossary/version"))["error"] and v)
    assert broken["version"] == second["version"]          # last good glossary still served
    assert broken["error"].startswith("places.yaml:2")
    health = get(f"{base}/health")
    assert health["glossary_error"].startswith("places.yaml:2")
    assert post(f"{base}/normalize", {"text": "Astana today", "lang": "en"})["text"] \
        .startswith("Astana City")

    (glossaries / "places.yaml").write_text(PLACES, encoding="utf-8")
    fixed = wait_for(lambda: (v := get(f"{base}/glossary/version"))["error"] is None and v)
    assert fixed["version"] == first["version"]
    assert get(f"{base}/health")["glossary_error"] is None


def test_requests_during_reloads_each_see_one_consistent_glossary(tmp_path):
    """In process: a reader holding store.current keeps a whole glossary while files churn."""
    from service.glossary.store import GlossaryStore

    directory = write_glossary(tmp_path)
    store = GlossaryStore(directory, 0)
    store.check()
    errors: list[str] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            glossary = store.current                    # what a request does once
            name = glossary.entities["astana"].names["en"]
            result = glossary.normalize("Astana today", "en")
            if not result.text.startswith(name):
                errors.append(f"{name!r} vs {result.text!r}")

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for round_number in range(6):
            name = "Astana" if round_number % 2 else f"Astana Variant{round_number}"
            (directory / "places.yaml").write_text(renamed(name), encoding="utf-8")
            store.check()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == []
