"""Translation works with every outbound connection blocked, and never tries to connect.

Runs in a fresh interpreter whose audit hook refuses (and records) every socket connect and
DNS lookup before anything of ours is imported, then serves a request in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent("""
    import json, sys, time
    attempts = []
    def hook(event, args):
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                     "urllib.Request"):
            attempts.append([event, repr(args)[:200]])
            raise PermissionError("network blocked by test: " + event)
    sys.addaudithook(hook)
    from fastapi.testclient import TestClient
    from service.api.app import create_app
    from service.config import Settings
    app = create_app(Settings(models_dir=sys.argv[1], glossary_dir=sys.argv[2],
                              glossary_reload_seconds=0))
    with TestClient(app) as client:
        deadline = time.monotonic() + 60
        while client.get("/ready").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        texts = ["President Tokayev spoke in Astana. The vote is on November 20.",
                 "Суд в Алматы вынес приговор.", "Тоқаев сайлауда жеңді."]
        out = []
        for text, source, target in [(texts[0], "en", "ru"), (texts[1], "ru", "kk"),
                                     (texts[2], "auto", "en")]:
            r = client.post("/translate", json={"q": text, "source": source, "target": target})
            out.append([r.status_code, r.json()])
    print(json.dumps({"attempts": attempts, "responses": out}, ensure_ascii=False))
""")


def test_translation_succeeds_with_network_blocked_and_attempts_no_connection(models_dir):
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(models_dir), str(REPO / "glossaries")],
                          cwd=REPO, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["attempts"] == []
    statuses = [status for status, _ in result["responses"]]
    assert statuses == [200, 200, 200], result["responses"]
    assert all(body["translatedText"] for _, body in result["responses"])
