"""Issue 4, "Glossary in /translate", end to end: real uvicorn server, real CTranslate2 path.

The copy-model packages return their input unchanged, so whatever name spelling reaches the
output is what the model was sent; every change between request and response below is the
glossary's doing (respelling before the model, enforcement after it).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.server import running_server

REPO = Path(__file__).resolve().parent.parent
TOKAYEV = "kassym-jomart-tokayev"
INLINE_LIMIT = 3


@pytest.fixture(scope="module")
def server(models_dir):
    with running_server(models_dir, REPO / "glossaries",
                        env={"AUDARMA_INLINE_TERMS_LIMIT": str(INLINE_LIMIT)}) as base:
        yield base


def post(server, **body) -> httpx.Response:
    return httpx.post(server + "/translate", json=body, timeout=30)


@pytest.mark.parametrize("source, target, text, expected, path", [
    ("en", "ru", "Toqaev's decision", "Токаева decision", ["en", "ru"]),
    ("en", "kk", "Toqaev's decision", "Тоқаевтың decision", ["en", "kk"]),
    ("ru", "en", "Президент Токаев", "Президент Tokayev", ["ru", "en"]),
    ("kk", "en", "Президент Тоқаев", "Президент Tokayev", ["kk", "en"]),
    ("ru", "kk", "Решение Токаева", "Решение Тоқаев", ["ru", "en", "kk"]),
    ("kk", "ru", "Тоқаевтың шешімі", "Токаев шешімі", ["kk", "en", "ru"]),
])
def test_every_pair_including_pivots_puts_the_target_canonical_in_the_output(
        server, source, target, text, expected, path):
    body = post(server, q=text, source=source, target=target).json()
    assert body["translatedText"] == expected
    assert body["path"] == path
    [src], [tgt] = body["entities"]["source"], body["entities"]["target"]
    assert src["id"] == tgt["id"] == TOKAYEV
    assert text[src["start"]:src["end"]] == src["surface"]
    assert expected[tgt["start"]:tgt["end"]] == tgt["surface"]
    assert body["warnings"] == []


def test_glossary_is_on_by_default_and_false_switches_it_off(server):
    on = post(server, q="President Toqaev said", source="en", target="ru").json()
    off = post(server, q="President Toqaev said", source="en", target="ru",
               glossary=False).json()
    assert on["translatedText"] == "President Токаев said"
    assert off["translatedText"] == "President Toqaev said"
    assert off["entities"] == {"source": [], "target": []} and off["warnings"] == []


def test_style_rferl_picks_the_house_spelling_in_english_output(server):
    default = post(server, q="Решение Токаева", source="ru", target="en").json()
    rferl = post(server, q="Решение Токаева", source="ru", target="en", style="rferl").json()
    assert default["translatedText"] == "Решение Tokayev"
    assert rferl["translatedText"] == "Решение Toqaev"
    assert rferl["entities"]["target"][0]["canonical"] == "Qasym-Zhomart Toqaev"


def test_unknown_style_and_non_boolean_glossary_get_400_naming_the_value(server):
    style = post(server, q="x", source="en", target="ru", style="bbc")
    flag = post(server, q="x", source="en", target="ru", glossary="maybe")
    assert style.status_code == 400
    assert style.json() == {"error": "unknown style 'bbc'; known styles: default, rferl",
                            "field": "style"}
    assert flag.status_code == 400 and "'maybe'" in flag.json()["error"]


def test_inline_term_overrides_the_file_glossary_in_both_request_shapes(server):
    as_list = post(server, q="Toqaev's decision", source="en", target="ru",
                   glossary_terms=[{"source": "Toqaev", "target": "Тоқаев"}]).json()
    as_map = post(server, q="Toqaev said", source="en", target="ru",
                  glossary_terms={"Toqaev": "Тоқаев"}).json()
    assert as_list["translatedText"] == "Тоқаева decision"
    assert as_map["translatedText"] == "Тоқаев said"
    assert as_map["entities"]["target"] == [{"id": "inline:0", "type": "inline", "start": 0,
                                             "end": 6, "surface": "Тоқаев",
                                             "canonical": "Тоқаев"}]


def test_inline_terms_apply_with_the_file_glossary_off(server):
    body = post(server, q="Toqaev met Ablyazov", source="en", target="ru", glossary=False,
                glossary_terms={"Toqaev": "Тоқаев"}).json()
    assert body["translatedText"] == "Тоқаев met Ablyazov"


@pytest.mark.parametrize("terms, status, message", [
    ("Toqaev", 400, "'glossary_terms' must be a list of {\"source\", \"target\"} objects"),
    ([{"source": "Toqaev"}], 400,
     "'glossary_terms[0]' must be an object with exactly the keys 'source' and 'target'"),
    ([{"source": "Toqaev", "target": 5}], 400, "'glossary_terms[0].target' must be a string"),
    ({"Toqaev": ""}, 400, "'glossary_terms[0].target' is empty"),
    ({" Toqaev": "Тоқаев"}, 400, "'glossary_terms[0].source' ' Toqaev' has surrounding"),
    ({"Toq\u200baev": "Тоқаев"}, 400, "contains the control character U+200B"),
    ({"...": "Тоқаев"}, 400, "'glossary_terms[0].source' '...' has no letters or digits"),
    ([{"source": "Toqaev", "target": "a"}, {"source": "TOQAEV", "target": "b"}], 400,
     "'glossary_terms[1].source' 'TOQAEV' duplicates 'glossary_terms[0].source'"),
    ({"a": "b", "c": "d", "e": "f", "g": "h"}, 413,
     f"'glossary_terms' has 4 terms; the limit is {INLINE_LIMIT}"),
    ({"a" * 201: "b"}, 413, "'glossary_terms[0].source' has 201 characters; the limit is 200"),
])
def test_bad_inline_terms_get_a_clear_error_naming_entry_and_limit(server, terms, status,
                                                                  message):
    response = post(server, q="Toqaev said", source="en", target="ru", glossary_terms=terms)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert response.json()["field"] == "glossary_terms"


def test_html_keeps_markup_and_reports_spans_into_the_html(server):
    source = '<p title="Toqaev">President <b>Toqaev&#39;s</b> decision &amp; more</p>'
    body = post(server, q=source, source="en", target="ru", format="html").json()
    assert body["translatedText"] == \
        '<p title="Toqaev">President <b>Токаева</b> decision &amp; more</p>'
    [src], [tgt] = body["entities"]["source"], body["entities"]["target"]
    assert source[src["start"]:src["end"]] == "Toqaev&#39;s"
    assert body["translatedText"][tgt["start"]:tgt["end"]] == "Токаева"


def test_a_list_gets_lists_aligned_with_q(server):
    q = ["President Toqaev said", "", "Kassym-Jomart Tokayev met Ablyazov in Almaty"]
    body = post(server, q=q, source="en", target="ru").json()
    assert body["translatedText"] == ["President Токаев said", "",
                                      "Касым-Жомарт Токаев met Аблязов in Алматы"]
    assert body["path"] == [["en", "ru"]] * 3
    assert body["warnings"] == [[], [], []]
    ids = [[e["id"] for e in item["target"]] for item in body["entities"]]
    assert ids == [[TOKAYEV], [], [TOKAYEV, "mukhtar-ablyazov", "almaty"]]


def test_auto_source_enforces_each_detected_language(server):
    body = post(server, q=["Президент Токаев заявил, что протесты вызваны террористами.",
                           "Президент Тоқаев наразылықтарды террористер тудырды деді."],
                source="auto", target="en").json()
    assert [d["language"] for d in body["detectedLanguage"]] == ["ru", "kk"]
    assert [t.split()[1] for t in body["translatedText"]] == ["Tokayev", "Tokayev"]
