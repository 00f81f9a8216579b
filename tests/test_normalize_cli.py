"""`python -m service normalize` as a pipeline step: real subprocess, real glossary files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(args: list[str], stdin: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", "normalize", *args], input=stdin,
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={"PATH": "/usr/bin:/bin", **env})


def test_plain_text_in_json_out():
    done = run(["--lang", "en"], "Toqaev met Ablyazov.")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["text"] == "Tokayev met Ablyazov."
    assert out["entities"][0] == {"id": "kassym-jomart-tokayev", "type": "person", "start": 0, "end": 6,
                                  "surface": "Toqaev", "canonical": "Tokayev"}


def test_jsonl_bad_lines_are_reported_with_line_numbers_and_the_rest_processed():
    lines = [json.dumps({"id": "a", "text": "Тоқаевқа хат", "lang": "kk"}, ensure_ascii=False),
             "{not json",
             json.dumps({"id": "c", "text": "Tokaev", "lang": "de"}),
             json.dumps({"id": "d", "lang": "ru"}),
             json.dumps({"id": "e", "text": "Встреча с Тоқаевым"}, ensure_ascii=False)]
    done = run(["--jsonl", "--lang", "ru"], "\n".join(lines) + "\n")
    assert done.returncode == 1
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["id"] == "a" and out[0]["text"] == "Тоқаевқа хат"
    assert out[1]["line"] == 2 and out[1]["error"].startswith("invalid JSON")
    assert out[2] == {"id": "c", "line": 3, "error": "lang 'de' is not supported; allowed: en, ru, kk, kk-Latn"}
    assert out[3] == {"id": "d", "line": 4, "error": "missing 'text' (a string)"}
    assert out[4]["text"] == "Встреча с Токаевым"          # --lang is the default for lines without one
    assert "line 2: invalid JSON" in done.stderr


def test_style_and_glossary_dir_flags(tmp_path):
    (tmp_path / "places.yaml").write_text(
        "- id: x\n  type: place\n  names: {en: Xity, ru: Ксити, kk: Ксити}\n  variants: {en: [Old Xity]}\n",
        encoding="utf-8")
    done = run(["--lang", "en", "--glossary-dir", str(tmp_path)], "to Old Xity")
    assert json.loads(done.stdout)["text"] == "to Xity"
    done = run(["--lang", "en", "--style", "rferl"], "Tokayev")
    assert json.loads(done.stdout)["text"] == "Toqaev"


def test_glossary_dir_from_the_environment(tmp_path):
    (tmp_path / "places.yaml").write_text("- id: x\n  type: place\n  names: {en: Xity, ru: Ксити, kk: Ксити}\n",
                                          encoding="utf-8")
    done = run(["--lang", "en"], "Tokayev in Xity", AUDARMA_GLOSSARY_DIR=str(tmp_path))
    assert [e["id"] for e in json.loads(done.stdout)["entities"]] == ["x"]


def test_missing_lang_and_broken_glossary_are_clear_errors(tmp_path):
    done = run([], "Tokayev")
    assert done.returncode == 1 and "--lang is required" in done.stderr
    (tmp_path / "people.yaml").write_text("- id: x\n  type: person\n", encoding="utf-8")
    done = run(["--lang", "en", "--glossary-dir", str(tmp_path)], "Tokayev")
    assert done.returncode == 1 and "people.yaml:1:3" in done.stderr and "'names' is a required property" in done.stderr
