"""The HTTP API's contract: LibreTranslate shapes, our extra fields, and clear 4xx for bad input.

The packages in ``models_dir`` are copy models (output == input), so a translation that
comes back exactly equal to its input proves the text went through the real Argos /
CTranslate2 path intact, sentence splitting and whitespace handling included.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings

REPO = Path(__file__).resolve().parent.parent
PLAIN = "The statement did not mention the group. It was issued on November 18."


def _wait_ready(client: TestClient, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get("/ready").status_code == 200:
            return
        time.sleep(0.05)
    raise AssertionError(f"not ready: {client.get('/ready').json()}")


@pytest.fixture(scope="module")
def client(models_dir):
    app = create_app(Settings(models_dir=models_dir, glossary_dir=REPO / "glossaries",
                              char_limit=500, batch_char_limit=2000, batch_items_limit=5,
                              glossary_reload_seconds=0))
    with TestClient(app) as c:
        _wait_ready(c)
        yield c


def test_translate_single_text_returns_string_and_path(client):
    r = client.post("/translate", json={"q": PLAIN, "source": "en", "target": "ru"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["translatedText"] == PLAIN
    assert body["path"] == ["en", "ru"]
    assert "detectedLanguage" not in body


def test_translate_list_returns_list_aligned_with_q(client):
    q = ["First text.", "", "Third text. With two sentences."]
    r = client.post("/translate", json={"q": q, "source": "en", "target": "ru"})
    assert r.status_code == 200, r.text
    assert r.json()["translatedText"] == q
    assert r.json()["path"] == [["en", "ru"]] * 3


def test_translate_accepts_form_body_like_libretranslate_clients(client):
    r = client.post("/translate", data={"q": "Hello there.", "source": "en", "target": "ru"})
    assert r.status_code == 200, r.text
    assert r.json()["translatedText"] == "Hello there."


def test_translate_keeps_paragraph_breaks_and_surrounding_whitespace(client):
    text = "  First sentence. Second one.\n\nThird paragraph here.\nA line.\n"
    r = client.post("/translate", json={"q": text, "source": "en", "target": "ru"})
    assert r.json()["translatedText"] == text


def test_translate_pivots_through_english_and_reports_path(client):
    r = client.post("/translate", json={"q": "Суд вынес приговор.", "source": "ru",
                                        "target": "kk"})
    assert r.status_code == 200, r.text
    assert r.json()["path"] == ["ru", "en", "kk"]
    assert r.json()["translatedText"] == "Суд вынес приговор."


def test_translate_auto_detects_each_item_and_reports_confidence(client):
    q = ["Суд вынес приговор активистке.", "Сот белсендіге үкім шығарды және бұл жаңалық."]
    r = client.post("/translate", json={"q": q, "source": "auto", "target": "en"})
    assert r.status_code == 200, r.text
    detected = r.json()["detectedLanguage"]
    assert [d["language"] for d in detected] == ["ru", "kk"]
    assert all(0 < d["confidence"] <= 100 for d in detected)
    assert r.json()["path"] == [["ru", "en"], ["kk", "en"]]


def test_translate_source_equal_to_target_returns_text_without_model(client):
    r = client.post("/translate", json={"q": PLAIN, "source": "en", "target": "en"})
    assert r.status_code == 200, r.text
    assert r.json()["translatedText"] == PLAIN
    assert r.json()["path"] == ["en"]


BAD_REQUESTS = [
    ({"source": "en", "target": "ru"}, 400, "'q'"),
    ({"q": "x", "target": "ru"}, 400, "'source'"),
    ({"q": "x", "source": "en"}, 400, "'target'"),
    ({"q": "x", "source": "de", "target": "ru"}, 400, "'de'"),
    ({"q": "x", "source": "en", "target": "auto"}, 400, "target"),
    ({"q": "x", "source": "en", "target": "ru", "format": "pdf"}, 400, "'pdf'"),
    ({"q": ["ok", 5], "source": "en", "target": "ru"}, 400, "q[1]"),
    ({"q": [], "source": "en", "target": "ru"}, 400, "empty list"),
    ({"q": None, "source": "en", "target": "ru"}, 400, "'q'"),
    ({"q": "x", "source": 5, "target": "ru"}, 400, "source"),
    ({"q": "x", "source": "en", "target": "ru", "glossary": "maybe"}, 400, "glossary"),
    ({"q": "x" * 501, "source": "en", "target": "ru"}, 413, "limit is 500"),
    ({"q": ["x"] * 6, "source": "en", "target": "ru"}, 413, "limit is 5"),
    ({"q": ["x" * 450] * 5, "source": "en", "target": "ru"}, 413, "limit per request is 2000"),
]


@pytest.mark.parametrize("payload,status,needle", BAD_REQUESTS,
                         ids=[f"{s}-{n}" for _, s, n in BAD_REQUESTS])
def test_translate_rejects_bad_input_with_message_naming_the_problem(client, payload, status,
                                                                     needle):
    r = client.post("/translate", json=payload)
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]


def test_translate_rejects_body_that_is_not_json(client):
    r = client.post("/translate", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert "not valid JSON" in r.json()["error"]


def test_translate_rejects_json_array_body(client):
    r = client.post("/translate", json=["q", "x"])
    assert r.status_code == 400
    assert "JSON object" in r.json()["error"]


def test_unknown_endpoint_answers_error_json(client):
    r = client.get("/nope")
    assert r.status_code == 404
    assert "/nope" in r.json()["error"]


def test_languages_lists_installed_codes_with_pivot_targets(client):
    langs = {l["code"]: l for l in client.get("/languages").json()}
    assert set(langs) == {"en", "ru", "kk"}
    assert sorted(langs["ru"]["targets"]) == ["en", "kk"]
    assert langs["kk"]["name"] == "Kazakh"


def test_detect_returns_libretranslate_shape(client):
    r = client.post("/detect", json={"q": "Қасым-Жомарт Тоқаев сайлауда жеңді."})
    assert r.status_code == 200, r.text
    best = r.json()[0]
    assert best["language"] == "kk" and best["confidence"] > 50


def test_detect_rejects_empty_text(client):
    r = client.post("/detect", json={"q": "   "})
    assert r.status_code == 400 and "'q' is empty" in r.json()["error"]


def test_health_and_ready_report_state(client):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["ready"] is True
    ready = client.get("/ready").json()
    assert {"en->ru", "ru->en", "en->kk", "kk->en"} <= set(ready["packages"])


def test_openapi_docs_carry_translate_examples(client):
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/translate"]["post"]["requestBody"]["content"]
    assert "q" in body["application/json"]["examples"]["text"]["value"]
    assert client.get("/docs").status_code == 200


def test_missing_pair_says_which_package_to_install(tmp_path, make_package):
    only_en_ru = tmp_path / "models"
    make_package("en", "ru", models_dir=only_en_ru)
    app = create_app(Settings(models_dir=only_en_ru, glossary_dir=REPO / "glossaries",
                              glossary_reload_seconds=0))
    with TestClient(app) as c:
        _wait_ready(c)
        r = c.post("/translate", json={"q": "Привет", "source": "ru", "target": "en"})
        assert r.status_code == 400
        assert "python -m service models install" in r.json()["error"]
        assert "ru" in r.json()["error"]


def test_empty_models_dir_starts_and_explains_how_to_install(tmp_path):
    app = create_app(Settings(models_dir=tmp_path / "none", glossary_dir=REPO / "glossaries",
                              glossary_reload_seconds=0))
    with TestClient(app) as c:
        deadline = time.monotonic() + 30
        while not c.get("/health").json()["ready"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert c.get("/languages").json() == []
        ready = c.get("/ready")
        assert ready.status_code == 503 and "models install" in ready.json()["error"]
        r = c.post("/translate", json={"q": "Hello", "source": "en", "target": "ru"})
        assert r.status_code == 400
        assert "python -m service models install --from en --to ru" in r.json()["error"]


def test_default_style_setting_applies_when_request_names_no_style(models_dir):
    app = create_app(Settings(models_dir=models_dir, glossary_dir=REPO / "glossaries",
                              glossary_reload_seconds=0, default_style="rferl"))
    with TestClient(app) as c:
        _wait_ready(c)
        house = c.post("/translate", json={"q": "Токаев победил.", "source": "ru",
                                           "target": "en"}).json()
        official = c.post("/translate", json={"q": "Токаев победил.", "source": "ru",
                                              "target": "en", "style": "default"}).json()
    assert house["translatedText"] == "Toqaev победил."
    assert official["translatedText"] == "Tokayev победил."


# A JSON "\ud800" escape decodes to a lone surrogate: valid JSON, but not encodable text.
LONE_SURROGATE_BODIES = [
    ("/translate", r'{"q": "a\ud800b", "source": "en", "target": "ru"}', "'q'"),
    ("/translate", r'{"q": ["ok", "a\udc00"], "source": "en", "target": "ru"}', "'q[1]'"),
    ("/translate", r'{"q": "a\ud800b", "source": "auto", "target": "ru", "format": "html"}',
     "'q'"),
    ("/translate", r'{"q": "hi", "source": "en", "target": "ru", "format": "\ud800"}',
     "'format'"),
    ("/translate", r'{"q": "hi", "source": "en", "target": "ru", "glossary_terms": {"hi": "\ud800"}}',
     "'glossary_terms.hi'"),
    ("/detect", r'{"q": "a\ud800b"}', "'q'"),
]


@pytest.mark.parametrize("url,raw,field", LONE_SURROGATE_BODIES,
                         ids=[f"{u}-{f}" for u, _, f in LONE_SURROGATE_BODIES])
def test_lone_surrogate_in_any_field_is_a_400_naming_the_field(client, url, raw, field):
    r = client.post(url, content=raw.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert field in r.json()["error"] and "surrogate" in r.json()["error"]


@pytest.mark.parametrize("url", ["/translate", "/detect"])
def test_deeply_nested_json_is_a_400_not_a_500(client, url):
    raw = b"[" * 100_000 + b"]" * 100_000
    r = client.post(url, content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert "nested" in r.json()["error"]


def test_auto_detection_of_html_reads_the_text_not_the_markup(client):
    q = ('<div class="article-content"><p style="font-weight:bold">'
         'Суд вынес приговор.</p></div>')
    r = client.post("/translate", json={"q": q, "source": "auto", "target": "en",
                                        "format": "html"})
    assert r.status_code == 200, r.text
    assert r.json()["detectedLanguage"]["language"] == "ru"
    assert r.json()["path"] == ["ru", "en"]


def test_alternatives_are_other_beam_translations_in_libretranslate_shape(client):
    single = client.post("/translate", json={"q": PLAIN, "source": "en", "target": "ru",
                                             "alternatives": 3}).json()
    alternatives = single["alternatives"]
    assert 1 <= len(alternatives) <= 3
    assert all(isinstance(a, str) and a.strip() for a in alternatives)
    assert single["translatedText"] not in alternatives and len(set(alternatives)) == len(alternatives)
    batch = client.post("/translate", data={"q": ["One.", "Two."], "source": "en",
                                            "target": "ru", "alternatives": "2"})
    assert batch.status_code == 200, batch.text
    assert len(batch.json()["alternatives"]) == 2
    assert all(len(per_item) <= 2 for per_item in batch.json()["alternatives"])
    none = client.post("/translate", json={"q": PLAIN, "source": "en", "target": "ru",
                                           "alternatives": 0})
    assert "alternatives" not in none.json()


def test_alternatives_get_the_same_glossary_enforcement_as_the_translation(client):
    """The copy model echoes the Latin spelling; enforcement writes the Russian canonical,
    in the translation and in every alternative that still carries the name."""
    q = "Toqaev met Ablyazov in Almaty."
    raw = client.post("/translate", json={"q": q, "source": "en", "target": "ru",
                                          "alternatives": 3, "glossary": False}).json()
    assert any("Toqaev" in a for a in raw["alternatives"])
    done = client.post("/translate", json={"q": q, "source": "en", "target": "ru",
                                           "alternatives": 3}).json()
    assert "Токаев" in done["translatedText"]
    assert done["alternatives"] and not any("Toqaev" in a for a in done["alternatives"])


def test_alternatives_through_a_pivot_come_from_the_last_hop(client):
    r = client.post("/translate", json={"q": "Тоқаев сайлауда жеңді.", "source": "kk",
                                        "target": "ru", "alternatives": 2}).json()
    assert r["path"] == ["kk", "en", "ru"]
    assert 1 <= len(r["alternatives"]) <= 2 and r["translatedText"] not in r["alternatives"]


def test_html_items_get_no_alternatives(client):
    r = client.post("/translate", json={"q": "<p>One <b>two</b>.</p>", "source": "en",
                                        "target": "ru", "format": "html", "alternatives": 2})
    assert r.status_code == 200, r.text
    assert r.json()["alternatives"] == []


def test_more_alternatives_than_the_limit_is_a_400_that_names_the_limit(client):
    r = client.post("/translate", json={"q": PLAIN, "source": "en", "target": "ru",
                                        "alternatives": 4})
    assert r.status_code == 400, r.text
    assert "the limit is 3" in r.json()["error"] and "AUDARMA_ALTERNATIVES_LIMIT" in r.json()["error"]


@pytest.mark.parametrize("value", ["abc", -1, 1.5, True, [1]])
def test_alternatives_that_are_not_a_count_are_a_400(client, value):
    r = client.post("/translate", json={"q": PLAIN, "source": "en", "target": "ru",
                                        "alternatives": value})
    assert r.status_code == 400, r.text
    assert "alternatives" in r.json()["error"]
