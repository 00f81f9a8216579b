"""The glossary HTTP routes through the real app (FastAPI TestClient)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(models_dir=tmp_path_factory.mktemp("no-models"), glossary_dir=REPO / "glossaries",
                        char_limit=200, glossary_reload_seconds=0)
    app = create_app(settings)
    with TestClient(app) as c:
        deadline = time.monotonic() + 60
        while app.state.audarma.glossaries.current is None:
            assert time.monotonic() < deadline, "glossary did not load"
            time.sleep(0.05)
        yield c


def test_normalize_keeps_form_and_reports_offsets(client):
    r = client.post("/normalize", json={"text": "Встреча с Тоқаевым в Нур-Султане", "lang": "ru"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["text"] == "Встреча с Токаевым в Астане"
    assert body["entities"][0] == {"id": "kassym-jomart-tokayev", "type": "person", "start": 10, "end": 18,
                                   "surface": "Тоқаевым", "canonical": "Токаевым"}


def test_normalize_kazakh_latin_text_keeps_the_names_in_latin(client):
    r = client.post("/normalize", json={"text": "Тоқаевқа hat jazdy", "lang": "kk-Latn"})
    assert r.status_code == 200, r.text
    assert r.json()["text"] == "Toqaevqa hat jazdy"
    assert r.json()["entities"][0]["canonical"] == "Toqaevqa"


def test_normalize_with_style(client):
    r = client.post("/normalize", json={"text": "Kassym-Jomart Tokayev", "lang": "en", "style": "rferl"})
    assert r.json()["text"] == "Qasym-Zhomart Toqaev"


@pytest.mark.parametrize("body, status, message", [
    ({"text": "x", "lang": "de"}, 400, "lang 'de' is not supported; allowed: en, ru, kk, kk-Latn"),
    ({"text": "x"}, 400, "missing required field 'lang'"),
    ({"text": "  ", "lang": "en"}, 400, "'text' is empty"),
    ({"lang": "en"}, 400, "missing required field 'text'"),
    ({"text": "x" * 201, "lang": "en"}, 413, "limit is 200"),
    ({"text": "x", "lang": "en", "style": "bbc"}, 400, "known styles: default, rferl"),
])
def test_normalize_bad_input(client, body, status, message):
    r = client.post("/normalize", json=body)
    assert r.status_code == status and message in r.json()["error"], r.text


def test_lookup_says_entity_and_rule(client):
    r = client.get("/glossary/lookup", params={"q": "Тоқаевтың", "lang": "kk"})
    assert r.status_code == 200
    [hit] = r.json()["hits"]
    assert (hit["entity_id"], hit["rules"], hit["form"]) == ("kassym-jomart-tokayev", ["inflect:kk"], "gen")
    assert client.get("/glossary/lookup", params={"q": "Токарев"}).json()["hits"] == []
    assert client.get("/glossary/lookup", params={"q": ""}).status_code == 400
    assert client.get("/glossary/lookup", params={"q": "x", "lang": "fr"}).status_code == 400


def test_entities_list_and_detail(client):
    listing = client.get("/glossary/entities").json()
    assert listing["count"] == len(listing["entities"]) >= 13
    detail = client.get("/glossary/entities/astana").json()
    assert detail["names"]["ru"] == "Астана"
    former = {v["surface"] for v in detail["variants"]["former"]}
    assert {"Nur-Sultan", "Нұр-Сұлтан", "Целиноград"} <= former
    assert any(v["surface"] == "Астаной" for v in detail["variants"]["inflect:ru"])
    r = client.get("/glossary/entities/nobody")
    assert r.status_code == 404 and "nobody" in r.json()["error"]
