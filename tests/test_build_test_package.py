"""The test-package builder makes real Argos packages that run through real CTranslate2."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

from tools.build_test_package import build_test_package, main

SENTENCES = [
    "Kazakh authorities have warned citizens against holding rallies on election day.",
    "Президент Касым-Жомарт Токаев баллотируется на внеочередных выборах 20 ноября.",
    "Президент Қасым-Жомарт Тоқаев кезектен тыс президент сайлауына түсті.",
    "Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі — «цитата», “quote”, 3,5 and 18.11.2022...",
    "Unseen characters still round-trip: Æsir, 漢字, 😀.",
    # 60+ tokens: the copy must stay aligned over long inputs too
    " ".join(["Thousands of people were detained during and after the January protests,"
              " officials said on Friday in Astana and Almaty."] * 3),
    " ".join(["Тоқаев реформалар парламентті күшейтеді деп мәлімдеді, ал Токаев заявил о"
              " реформах."] * 3),
]


def extract(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        zf.extractall(into)
    tops = {name.split("/")[0] for name in names}
    assert len(tops) == 1, f"an .argosmodel holds exactly one folder, got {tops}"
    return into / tops.pop()


def copy_through_ctranslate2(package_dir: Path, sentences: list[str]) -> list[str]:
    metadata = json.loads((package_dir / "metadata.json").read_text(encoding="utf-8"))
    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    tokens = sp.encode(sentences, out_type=str)
    if metadata.get("source_token"):
        tokens = [[metadata["source_token"]] + t for t in tokens]
    prefix = metadata.get("target_prefix")
    translator = ctranslate2.Translator(str(package_dir / "model"), intra_threads=1)
    results = translator.translate_batch(
        tokens, beam_size=2, max_decoding_length=400,
        target_prefix=[[prefix]] * len(tokens) if prefix else None)
    skip = 1 if prefix else 0
    return [sp.decode_pieces(r.hypotheses[0][skip:]) for r in results]


@pytest.fixture(scope="module")
def tiny_copy_package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "en_ru.argosmodel"
    return build_test_package(out, "en", "ru")


def test_copy_package_reproduces_english_russian_kazakh_exactly(tiny_copy_package, tmp_path):
    package_dir = extract(tiny_copy_package, tmp_path)
    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    assert max(len(t) for t in sp.encode(SENTENCES, out_type=str)) >= 60
    assert copy_through_ctranslate2(package_dir, SENTENCES) == SENTENCES


def test_archive_loads_as_an_argos_package_with_its_metadata(tiny_copy_package, tmp_path):
    from argostranslate.package import Package

    package = Package(extract(tiny_copy_package, tmp_path))
    assert (package.from_code, package.to_code) == ("en", "ru")
    assert (package.from_name, package.to_name) == ("English", "Russian")
    assert package.package_version and package.argos_version
    assert package.tokenizer.encode("Тоқаев")  # Argos's own tokenizer reads our model
    assert (package.package_path / "model" / "model.bin").is_file()


@pytest.mark.parametrize("source_token,target_prefix", [
    (">>kaz_Cyrl<<", None), (None, "__kk__"), (">>kaz_Cyrl<<", "__kk__")])
def test_copy_survives_source_token_and_target_prefix(tmp_path, source_token, target_prefix):
    archive = build_test_package(tmp_path / "p.argosmodel", "en", "kk",
                                 source_token=source_token, target_prefix=target_prefix)
    package_dir = extract(archive, tmp_path)
    metadata = json.loads((package_dir / "metadata.json").read_text(encoding="utf-8"))
    assert metadata.get("source_token") == source_token
    assert metadata.get("target_prefix") == target_prefix
    assert copy_through_ctranslate2(package_dir, SENTENCES[:4]) == SENTENCES[:4]


def test_copy_model_shifts_output_when_source_token_is_missing(tmp_path):
    """The source token is load-bearing: forgetting it must visibly break the copy."""
    package_dir = extract(build_test_package(tmp_path / "p.argosmodel", "en", "kk",
                                             source_token=">>kaz_Cyrl<<"), tmp_path)
    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package_dir / "model"), intra_threads=1)
    tokens = sp.encode("Hello there, Astana.", out_type=str)
    out = translator.translate_batch([tokens], max_decoding_length=50)[0].hypotheses[0]
    assert out != tokens


def test_realistic_copy_package_is_int8_six_layers_and_still_copies(tmp_path):
    package_dir = extract(build_test_package(tmp_path / "big.argosmodel", "ru", "en",
                                             size="realistic"), tmp_path)
    config = json.loads((package_dir / "model" / "config.json").read_text())
    assert config["add_source_eos"] is True
    assert (package_dir / "model" / "model.bin").stat().st_size > 20_000_000
    assert copy_through_ctranslate2(package_dir, SENTENCES[:3]) == SENTENCES[:3]


def test_random_package_runs_and_produces_output(tmp_path):
    package_dir = extract(build_test_package(tmp_path / "r.argosmodel", "kk", "en",
                                             kind="random"), tmp_path)
    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package_dir / "model"), intra_threads=1)
    result = translator.translate_batch([sp.encode("Сәлем, әлем!", out_type=str)],
                                        max_decoding_length=12)
    assert 0 < len(result[0].hypotheses[0]) <= 12


def test_given_sentencepiece_model_is_used_verbatim(tiny_copy_package, tmp_path):
    sp_model = extract(tiny_copy_package, tmp_path / "a") / "sentencepiece.model"
    archive = build_test_package(tmp_path / "b.argosmodel", "ru", "en", sp_model=sp_model)
    assert (extract(archive, tmp_path / "b") / "sentencepiece.model").read_bytes() == \
        sp_model.read_bytes()


@pytest.mark.parametrize("option,value", [("size", "huge"), ("kind", "trained")])
def test_unknown_size_or_kind_is_rejected(tmp_path, option, value):
    with pytest.raises(ValueError, match=option):
        build_test_package(tmp_path / "x.argosmodel", "en", "ru", **{option: value})
    assert not (tmp_path / "x.argosmodel").exists()


def test_command_line_writes_the_archive(tmp_path, capsys):
    out = tmp_path / "cli.argosmodel"
    assert main([str(out), "--from", "kk", "--to", "en", "--source-token", ">>kaz_Cyrl<<"]) == 0
    assert zipfile.is_zipfile(out) and "wrote" in capsys.readouterr().out
    assert not out.with_name(out.name + ".part").exists()


def test_models_dir_fixture_holds_the_four_copy_pairs(models_dir):
    pairs = sorted(p.name for p in models_dir.iterdir() if (p / "metadata.json").exists())
    assert pairs == ["translate-en_kk", "translate-en_ru", "translate-kk_en", "translate-ru_en"]
    en_kk = json.loads((models_dir / "translate-en_kk" / "metadata.json").read_text())
    assert en_kk["source_token"] == ">>kaz_Cyrl<<"
