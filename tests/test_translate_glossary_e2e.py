"""End to end through the real Argos/CTranslate2 path with copy-model packages.

The copy models output their input unchanged, so a name left in the source script comes
back in the "translation": enforcement must turn it into the target canonical (the
demanding reader never wants a Latin "Toqaev" inside Russian text).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from service.engine import Engine
from service.glossary import Glossary
from service.pipeline import translate_items
from tests.server import running_server

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine(models_dir):
    engine = Engine(models_dir)
    engine.load()
    return engine


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load(REPO / "glossaries")


def test_copy_model_latin_name_in_russian_output_becomes_the_russian_canonical(engine, glossary):
    [result] = translate_items(engine, ["President Toqaev said"], "en", "ru", glossary=glossary)
    assert result.text == "President Токаев said"
    assert result.target_entities[0]["surface"] == "Токаев"


def test_copy_model_possessive_left_in_latin_becomes_russian_genitive(engine, glossary):
    [result] = translate_items(engine, ["Toqaev's decision"], "en", "ru", glossary=glossary)
    assert result.text == "Токаева decision"


def test_copy_model_cyrillic_name_in_english_output_becomes_the_english_canonical(engine,
                                                                                   glossary):
    [result] = translate_items(engine, ["Президент Тоқаев мәлімдеді"], "kk", "en",
                               glossary=glossary, style="rferl")
    assert result.text == "Президент Toqaev мәлімдеді"


def test_copy_model_glossary_off_returns_the_input(engine, glossary):
    [result] = translate_items(engine, ["President Toqaev said"], "en", "ru", glossary=glossary,
                               use_glossary=False)
    assert result.text == "President Toqaev said"


@pytest.fixture(scope="module")
def server(models_dir):
    with running_server(models_dir, REPO / "glossaries") as base:
        yield base


def post(server, **body):
    return httpx.post(server + "/translate", json=body, timeout=30)


def test_http_glossary_on_off_style_and_entities(server):
    on = post(server, q="President Toqaev said", source="en", target="ru").json()
    off = post(server, q="President Toqaev said", source="en", target="ru", glossary=False).json()
    styled = post(server, q="Президент Токаев заявил", source="ru", target="en",
                  style="rferl").json()
    assert on["translatedText"] == "President Токаев said"
    assert on["entities"]["source"][0]["id"] == "kassym-jomart-tokayev"
    assert off["translatedText"] == "President Toqaev said"
    assert styled["translatedText"] == "Президент Toqaev заявил"
    assert on["path"] == ["en", "ru"] and on["warnings"] == []


def test_http_inline_terms_html_and_pivot(server):
    inline = post(server, q="Toqaev said", source="en", target="ru",
                  glossary_terms=[{"source": "Toqaev", "target": "Тоқаев"}]).json()
    html = post(server, q="<p>President <b>Toqaev</b></p>", source="en", target="ru",
                format="html").json()
    pivot = post(server, q=["Президент Токаев"], source="ru", target="kk").json()
    assert inline["translatedText"] == "Тоқаев said"
    assert html["translatedText"] == "<p>President <b>Токаев</b></p>"
    assert pivot["path"] == [["ru", "en", "kk"]]
    assert pivot["translatedText"] == ["Президент Тоқаев"]


def test_http_bad_inline_terms_get_a_400_naming_the_entry(server):
    response = post(server, q="x", source="en", target="ru",
                    glossary_terms=[{"source": "a", "target": ""}])
    assert response.status_code == 400
    assert "'glossary_terms[0].target' is empty" in response.json()["error"]


def test_a_quoted_party_name_keeps_one_pair_of_quotes_through_translation(engine, glossary):
    """The source is respelled for the model and the output rewritten to the canonical
    партия «Көше»; where the text already quotes the whole name, no second pair appears."""
    (result,) = translate_items(engine, ["Лидер «партии Коше» заявил."], "ru", "ru", glossary=glossary)
    assert result.text == "Лидер «партии Көше» заявил."
    (result,) = translate_items(engine, ["Лидер «партии Коше» заявил."], "ru", "en", glossary=glossary)
    assert "««" not in result.text and "»»" not in result.text and "«Көше»»" not in result.text
