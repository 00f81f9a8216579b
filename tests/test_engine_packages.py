"""Finding installed packages and routing between languages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from service.engine import Engine
from service.engine.packages import find_route, scan_packages
from service.errors import PairNotInstalled


def pairs_of(models_dir: Path) -> list[tuple[str, str]]:
    return [p.pair for p in scan_packages(models_dir)]


def test_scan_reads_pairs_names_versions_and_source_token(models_dir):
    packages = {p.pair: p for p in scan_packages(models_dir)}
    assert sorted(packages) == [("en", "kk"), ("en", "ru"), ("kk", "en"), ("ru", "en")]
    en_kk = packages[("en", "kk")]
    assert (en_kk.from_name, en_kk.to_name, en_kk.version) == ("English", "Kazakh", "1.0")
    assert en_kk.source_token == ">>kaz_Cyrl<<" and en_kk.target_prefix == ""
    assert packages[("en", "ru")].source_token is None


def test_missing_or_empty_models_dir_means_no_packages(tmp_path):
    assert scan_packages(tmp_path / "absent") == []
    engine = Engine(tmp_path / "absent", intra_threads=1)
    engine.load()
    assert engine.ready and engine.packages() == [] and engine.languages() == []
    with pytest.raises(PairNotInstalled, match="models install --from en --to ru"):
        engine.translate(["Hi."], "en", "ru")


def test_incomplete_hidden_and_stray_entries_are_skipped(make_package, tmp_path):
    models = make_package("en", "ru").parent
    (models / ".audarma-tmp-123").mkdir()                      # install staging
    shutil.copytree(models / "translate-en_ru", models / ".audarma-tmp-123" / "x")
    (models / "notes.txt").write_text("not a package")
    broken = models / "translate-ru_en"
    broken.mkdir()
    (broken / "metadata.json").write_text('{"from_code": "ru", "to_code": "en"}')  # no model
    bad_json = models / "translate-kk_en"
    bad_json.mkdir()
    (bad_json / "metadata.json").write_text("{not json")
    assert pairs_of(models) == [("en", "ru")]


def test_highest_package_version_wins_for_a_pair(make_package, tmp_path):
    models = make_package("en", "ru").parent
    newer = models / "translate-en_ru-2"
    shutil.copytree(models / "translate-en_ru", newer)
    metadata = json.loads((newer / "metadata.json").read_text())
    metadata["package_version"] = "1.10"
    (newer / "metadata.json").write_text(json.dumps(metadata))
    (package,) = scan_packages(models)
    assert package.path == newer and package.version == "1.10"


def test_languages_list_pivot_targets(models_dir):
    engine = Engine(models_dir, intra_threads=1)
    engine.load()
    languages = {l.code: l for l in engine.languages()}
    assert languages["ru"].targets == ["en", "kk"]   # kk only through English
    assert languages["kk"].targets == ["en", "ru"]
    assert languages["en"].targets == ["kk", "ru"]
    assert languages["kk"].name == "Kazakh"


def test_languages_without_english_pivot_list_direct_targets_only(make_package, tmp_path):
    models = tmp_path / "m"
    make_package("ru", "en", models_dir=models)
    make_package("kk", "en", models_dir=models)
    engine = Engine(models, intra_threads=1)
    engine.load()
    assert {l.code: l.targets for l in engine.languages()} == {
        "en": [], "kk": ["en"], "ru": ["en"]}


KNOWN = {"en", "ru", "kk"}
ALL = {("en", "ru"), ("ru", "en"), ("en", "kk"), ("kk", "en")}


@pytest.mark.parametrize("pairs,source,target,path", [
    (ALL, "ru", "kk", ["ru", "en", "kk"]),
    (ALL | {("ru", "kk")}, "ru", "kk", ["ru", "kk"]),   # a direct package beats the pivot
    (ALL, "en", "en", ["en"]),
    (set(), "ru", "ru", ["ru"]),
])
def test_route_prefers_direct_then_english_pivot(pairs, source, target, path):
    assert find_route(pairs, KNOWN, source, target) == path


@pytest.mark.parametrize("pairs,source,target,named,not_named", [
    ({("ru", "en")}, "ru", "kk", ["en→kk", "models build"], ["install --from ru"]),
    ({("en", "kk")}, "ru", "kk", ["ru→en", "models install --from ru --to en"], ["build"]),
    (set(), "kk", "ru", ["kk→en", "en→ru", "--from kk --to en", "install --from en --to ru"],
     []),
    ({("ru", "en")}, "en", "ru", ["en→ru", "`python -m service models install --from en --to ru`"],
     ["through"]),
])
def test_missing_pair_message_lists_only_missing_packages(pairs, source, target, named,
                                                          not_named):
    with pytest.raises(PairNotInstalled) as info:
        find_route(pairs, KNOWN, source, target)
    for text in named:
        assert text in info.value.message
    for text in not_named:
        assert text not in info.value.message
    assert info.value.field == "target"
