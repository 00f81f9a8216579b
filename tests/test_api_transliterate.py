"""POST /transliterate and GET /transliterate/schemes: shapes, glossary names, clear 4xx."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from tests.server import running_server

REPO = Path(__file__).resolve().parent.parent
GLOSSARIES = REPO / "glossaries"


def _wait_for_glossary(app, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while app.state.audarma.glossaries.current is None:
        assert time.monotonic() < deadline, "glossary did not load"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    models = tmp_path_factory.mktemp("no-models")
    app = create_app(Settings(models_dir=models, glossary_dir=GLOSSARIES, char_limit=100,
                              glossary_reload_seconds=0))
    with TestClient(app) as c:
        _wait_for_glossary(app)
        yield c


def test_to_latin_reports_glossary_names_with_spans(client):
    r = client.post("/transliterate", json={"text": "Давление на Токаева.", "lang": "ru",
                                            "scheme": "icao"})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "text": "Davlenie na Tokayeva.", "scheme": "icao", "lang": "ru", "direction": "to_latin",
        "names": [{"start": 12, "end": 19, "surface": "Токаева",
                   "id": "kassym-jomart-tokayev", "replacement": "Tokayeva"}],
        "warnings": []}


def test_strict_gives_the_scheme_spelling(client):
    r = client.post("/transliterate", json={"text": "Қасым-Жомарт Тоқаев", "lang": "kk",
                                            "scheme": "ics-630", "strict": True})
    assert r.status_code == 200, r.text
    assert r.json()["text"] == "Qasym-Zhomart Toqaev" and r.json()["names"] == []


def test_to_cyrillic_uses_the_glossary_kazakh_name(client):
    r = client.post("/transliterate", json={"text": "Kassym-Jomart Tokayev", "lang": "kk",
                                            "scheme": "ics-630", "direction": "to_cyrillic"})
    assert r.status_code == 200, r.text
    assert r.json()["text"] == "Қасым-Жомарт Тоқаев"


def test_schemes_lists_both_languages_with_reversibility(client):
    r = client.get("/transliterate/schemes")
    assert r.status_code == 200
    rows = {(s["lang"], s["name"]): s["reversible"] for s in r.json()["schemes"]}
    assert rows[("ru", "iso9")] is True and rows[("kk", "ics-630")] is False
    assert len(rows) == 10


@pytest.mark.parametrize("body,field,message", [
    ({"text": "x", "lang": "uk", "scheme": "iso9"}, "lang", "allowed: ru, kk"),
    ({"text": "x", "lang": "ru", "scheme": "ics-630"}, "scheme",
     "allowed for ru: bgn-pcgn, icao, gost-7.79-b, iso9, press"),
    ({"text": "x", "lang": "ru", "scheme": "iso9", "direction": "up"}, "direction",
     "to_latin, to_cyrillic"),
    ({"lang": "ru", "scheme": "iso9"}, "text", "missing required field 'text'"),
    ({"text": 5, "lang": "ru", "scheme": "iso9"}, "text", "invalid value for 'text'"),
    ({"text": "x", "lang": "ru", "scheme": "iso9", "strict": "maybe"}, "strict",
     "invalid value for 'strict'"),
    ({"text": "x", "lang": "ru", "scheme": "iso9", "sheme": "x"}, "sheme",
     "invalid value for 'sheme'"),
])
def test_bad_input_is_400_naming_field_and_allowed_values(client, body, field, message):
    r = client.post("/transliterate", json=body)
    assert r.status_code == 400, r.text
    assert message in r.json()["error"] and r.json()["field"] == field


def test_unknown_style_is_400(client):
    r = client.post("/transliterate", json={"text": "Токаев", "lang": "ru", "scheme": "press",
                                            "style": "nyt"})
    assert r.status_code == 400, r.text
    assert "nyt" in r.json()["error"]


def test_text_over_char_limit_is_413_with_the_limit(client):
    r = client.post("/transliterate", json={"text": "а" * 101, "lang": "ru", "scheme": "iso9"})
    assert r.status_code == 413
    assert "101 characters; the limit is 100" in r.json()["error"]


def test_body_that_is_not_json_is_400(client):
    r = client.post("/transliterate", content=b"{text", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "JSON" in r.json()["error"]


def test_real_server_transliterates_over_http(tmp_path):
    with running_server(tmp_path, GLOSSARIES, wait_ready=False) as base:
        body = {"text": "Касым-Жомарт Токаев", "lang": "ru", "scheme": "bgn-pcgn"}
        deadline = time.monotonic() + 30
        while True:                       # the glossary loads in the background
            answer = httpx.post(base + "/transliterate", json=body, timeout=10).json()
            if not answer["warnings"] or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert answer["text"] == "Kassym-Jomart Tokayev"
        strict = httpx.post(base + "/transliterate", json={**body, "strict": True}).json()
        assert strict["text"] == "Kasym-Zhomart Tokayev"


def test_lone_surrogate_in_text_is_a_400_not_a_500(client):
    raw = r'{"text": "a\ud800b", "lang": "ru", "scheme": "iso9"}'.encode()
    r = client.post("/transliterate", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert "text" in r.json()["error"] and "surrogate" in r.json()["error"]
