"""`python -m service transliterate` as a user runs it: real subprocess, real glossary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", "transliterate", *args],
                          cwd=REPO, input=stdin, capture_output=True, text=True, timeout=60)


def test_text_argument_with_glossary_spelling():
    done = _run("--lang", "ru", "--scheme", "bgn-pcgn", "Давление на Токаева.")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Davleniye na Tokayeva.\n"


def test_stdin_strict_and_to_cyrillic():
    done = _run("--lang", "kk", "--scheme", "ics-630", "--strict", "--to-cyrillic",
                stdin="Qasym-Zhomart Toqaev\nNursultan\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Қасым-Жомарт Тоқаев\nНұрсұлтан\n"


def test_list_schemes_marks_reversible_ones():
    done = _run("--list-schemes")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(lines) == 10
    assert any(line.split()[:3] == ["kk", "kk-2021", "reversible"] for line in lines)
    assert any(line.split()[:3] == ["ru", "press", "lossy"] for line in lines)


def test_unknown_scheme_exits_1_naming_allowed_schemes():
    done = _run("--lang", "kk", "--scheme", "iso9", "Тоқаев")
    assert done.returncode == 1
    assert "allowed for kk: kk-2021, kk-2018, bgn-pcgn, ics-630, icao" in done.stderr


def test_missing_lang_or_scheme_exits_2_with_hint():
    done = _run("Тоқаев")
    assert done.returncode == 2 and "--lang and --scheme are required" in done.stderr


def test_text_over_char_limit_is_refused():
    done = _run("--lang", "ru", "--scheme", "iso9", "--char-limit", "3", "Токаев")
    assert done.returncode == 1 and "the limit is 3" in done.stderr
