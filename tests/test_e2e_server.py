"""End-to-end through a real uvicorn process: LibreTranslate clients work unchanged."""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path

import httpx
import pytest
from libretranslatepy import LibreTranslateAPI

from tests.server import running_server

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server(models_dir):
    with running_server(models_dir, REPO / "glossaries") as base:
        yield base


def test_libretranslatepy_translates_detects_and_lists_languages_unchanged(server):
    lt = LibreTranslateAPI(server + "/")
    text = "The court issued its ruling. Two days later, the vote took place."
    assert lt.translate(text, "en", "ru") == text
    assert lt.detect("Суд вынес приговор в Алматы.")[0]["language"] == "ru"
    codes = {lang["code"] for lang in lt.languages()}
    assert codes == {"en", "ru", "kk"}


def test_libretranslatepy_gets_400_with_readable_error_for_a_bad_language(server):
    lt = LibreTranslateAPI(server + "/")
    with pytest.raises(urllib.error.HTTPError) as info:
        lt.translate("Hello", "en", "de")
    assert info.value.code == 400
    assert "unsupported target language 'de'" in json.loads(info.value.read())["error"]


def test_server_handles_concurrent_requests_and_keeps_order(server):
    import concurrent.futures

    texts = [f"Sentence number {i} is here." for i in range(16)]

    def one(text):
        return httpx.post(server + "/translate", json={"q": text, "source": "en", "target": "kk"},
                          timeout=30).json()["translatedText"]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert list(pool.map(one, texts)) == texts
