"""`models build`: Marian release -> .argosmodel, checked against the real converter and runtime.

Every checkpoint here is generated in the test (tests/marian_fixture.py) in the layout of
the real OPUS-MT / Tatoeba-MT release zips, then built with the real CTranslate2 converter.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import ctranslate2
import numpy as np
import pytest
import sentencepiece

from service.engine.build import BuildOptions, build_package
from service.errors import InvalidInput, UnsupportedLanguage
from tests import marian_fixture as mf

REPO = Path(__file__).resolve().parent.parent
KAZ = ">>kaz_Cyrl<<"


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory) -> mf.MarianCheckpoint:
    """English -> {Kazakh, Turkish}, like eng-trk: the vocabulary has >>kaz_Cyrl<< and >>tur<<."""
    return mf.write_marian_release(tmp_path_factory.mktemp("eng-trk") / "release",
                                   source_lines=mf.ENGLISH_LINES,
                                   target_lines=mf.KAZAKH_LINES + mf.TURKISH_LINES)


@pytest.fixture(scope="module")
def multilingual_zip(multilingual, tmp_path_factory) -> Path:
    return mf.zip_release(multilingual, tmp_path_factory.mktemp("zip") / "opus-2021-02-22.zip")


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory) -> mf.MarianCheckpoint:
    """Kazakh -> English, single target like trk-eng: no language tokens."""
    return mf.write_marian_release(tmp_path_factory.mktemp("kaz-eng") / "release",
                                   source_lines=mf.KAZAKH_LINES, target_lines=mf.ENGLISH_LINES,
                                   language_tokens=(), release="opus-2020-06-28")


def build(source: Path, out: Path, **options) -> dict:
    options.setdefault("from_code", "en")
    options.setdefault("to_code", "kk")
    return build_package(BuildOptions(source=source, out=out, **options)).metadata


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", "models", "build", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def unpack(package: Path, destination: Path) -> Path:
    with zipfile.ZipFile(package) as archive:
        archive.extractall(destination)
        (top,) = {name.split("/")[0] for name in archive.namelist()}
    return destination / top


# --------------------------------------------------------------------------- happy paths

def test_release_zip_becomes_package_with_token_int8_model_and_both_tokenizers(
        multilingual_zip, tmp_path):
    out = tmp_path / "en_kk.argosmodel"
    metadata = build(multilingual_zip, out, source_token=KAZ)
    package = unpack(out, tmp_path / "unpacked")
    assert package.name == "translate-en_kk-1_0"
    on_disk = json.loads((package / "metadata.json").read_text(encoding="utf-8"))
    assert on_disk == metadata
    assert (on_disk["from_code"], on_disk["to_code"]) == ("en", "kk")
    assert (on_disk["from_name"], on_disk["to_name"]) == ("English", "Kazakh")
    assert on_disk["source_token"] == KAZ
    assert "target_prefix" not in on_disk
    assert on_disk["target_sentencepiece"] == "target_sentencepiece.model"
    assert on_disk["license"] == "Apache-2.0"
    origin = on_disk["source_model"]
    assert origin["file"] == "opus-2021-02-22.zip" and len(origin["sha256"]) == 64
    assert origin["language_tokens"] == [KAZ, ">>tur<<"]
    assert origin["quantization"] == "int8" and "MarianConverter" in origin["converter"]
    assert json.loads((package / "model" / "config.json").read_text())["add_source_eos"] is True
    assert KAZ in json.loads((package / "model" / "shared_vocabulary.json").read_text())
    for name in ("sentencepiece.model", "target_sentencepiece.model", "README.md", "LICENSE"):
        assert (package / name).is_file(), name
    assert "kaz_Cyrl" in (package / "README.md").read_text(encoding="utf-8")


def test_built_model_output_depends_on_the_language_token(multilingual_zip, tmp_path):
    """The fixture is only useful to the HTTP test if the token changes the output."""
    package = unpack(build_and_return(multilingual_zip, tmp_path), tmp_path / "u")
    translator = ctranslate2.Translator(str(package / "model"), intra_threads=1)
    pieces = sentencepiece.SentencePieceProcessor(
        model_file=str(package / "sentencepiece.model")).encode(mf.ENGLISH_LINES[0], out_type=str)
    outputs = {tuple(prefix): tuple(translator.translate_batch(
        [prefix + pieces], beam_size=1, max_decoding_length=20)[0].hypotheses[0])
        for prefix in ([KAZ], [">>tur<<"], [])}
    assert len(set(outputs.values())) == 3


def build_and_return(source: Path, tmp_path: Path) -> Path:
    out = tmp_path / "p.argosmodel"
    build(source, out, source_token=KAZ)
    return out


def test_argos_itself_loads_the_built_package(multilingual_zip, tmp_path):
    from argostranslate.package import Package

    package = Package(unpack(build_and_return(multilingual_zip, tmp_path), tmp_path / "u"))
    assert (package.from_code, package.to_code) == ("en", "kk")
    assert package.tokenizer.encode("Hello world")


def test_single_target_model_needs_no_token_and_records_none(bilingual, tmp_path):
    out = tmp_path / "kk_en.argosmodel"
    metadata = build(bilingual.directory, out, from_code="kk", to_code="en")
    assert "source_token" not in metadata
    assert metadata["source_model"]["language_tokens"] == []
    assert metadata["source_model"]["sha256"] is None  # a folder has no single file to hash


def test_unpacked_release_without_decoder_yml_and_wrapped_zip_both_build(multilingual, tmp_path):
    folder = tmp_path / "nodecoder"
    folder.mkdir()
    for name in multilingual.files:
        if name != "decoder.yml":
            (folder / name).write_bytes((multilingual.directory / name).read_bytes())
    build(folder, tmp_path / "a.argosmodel", source_token=KAZ)
    wrapped = tmp_path / "wrapped.zip"
    with zipfile.ZipFile(wrapped, "w") as archive:
        for name in multilingual.files:
            archive.write(multilingual.directory / name, arcname=f"eng-trk/{name}")
    assert build(wrapped, tmp_path / "b.argosmodel", source_token=KAZ)["source_token"] == KAZ


def test_cli_builds_reports_progress_on_stderr_and_installs(multilingual_zip, tmp_path):
    out = tmp_path / "en_kk.argosmodel"
    models = tmp_path / "models"
    result = run_cli(str(multilingual_zip), "--from", "en", "--to", "kk", "--source-token", KAZ,
                     "--out", str(out), "--install", "--models-dir", str(models), "--json")
    assert result.returncode == 0, result.stderr
    assert "[2/6] converting" in result.stderr and "[6/6] done" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["path"] == str(out) and summary["source_token"] == KAZ
    from service.engine.install import list_installed

    (installed,) = list_installed(models)
    assert (installed.from_code, installed.to_code, installed.source_token) == ("en", "kk", KAZ)
    assert str(installed.path) == summary["installed"]


def test_cli_quantization_float32_is_honoured(multilingual_zip, tmp_path):
    out = tmp_path / "f32.argosmodel"
    result = run_cli(str(multilingual_zip), "--from", "en", "--to", "kk", "--source-token", KAZ,
                     "--out", str(out), "--quantization", "float32")
    assert result.returncode == 0, result.stderr
    package = unpack(out, tmp_path / "u")
    int8 = unpack(build_and_return(multilingual_zip, tmp_path), tmp_path / "v")
    metadata = json.loads((package / "metadata.json").read_text())
    assert metadata["source_model"]["quantization"] == "float32"
    # linear weights take 4 bytes instead of 1 (the float32 position table is the same)
    assert (package / "model" / "model.bin").stat().st_size > \
        (int8 / "model" / "model.bin").stat().st_size + 50_000


# --------------------------------------------------------------------------- atomic writes

def test_existing_output_is_kept_unless_force(multilingual_zip, tmp_path):
    out = tmp_path / "x.argosmodel"
    out.write_bytes(b"previous")
    with pytest.raises(InvalidInput, match="already exists; pass --force"):
        build(multilingual_zip, out, source_token=KAZ)
    assert out.read_bytes() == b"previous"
    build(multilingual_zip, out, source_token=KAZ, force=True)
    assert zipfile.is_zipfile(out)


def test_failed_conversion_leaves_no_partial_file(multilingual, tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    for name in multilingual.files:
        (folder / name).write_bytes((multilingual.directory / name).read_bytes())
    weights = dict(np.load(folder / multilingual.model_file))
    config = bytes(weights["special:model.yml"].tobytes()).replace(
        b"transformer-ffn-activation: swish", b"transformer-ffn-activation: tanh")
    weights["special:model.yml"] = np.frombuffer(config, dtype=np.int8).copy()
    np.savez(folder / multilingual.model_file, **weights)
    with pytest.raises(InvalidInput, match="could not convert.*tanh"):
        build(folder, tmp_path / "out.argosmodel", source_token=KAZ)
    assert list(tmp_path.glob("*.argosmodel*")) == [] and list(tmp_path.glob(".*part")) == []


# --------------------------------------------------------------------------- bad input

def test_not_a_zip_is_rejected_with_what_to_give(tmp_path):
    bogus = tmp_path / "model.zip"
    bogus.write_text("not a zip")
    with pytest.raises(InvalidInput, match="is not a zip archive.*OPUS-MT"):
        build(bogus, tmp_path / "o.argosmodel", source_token=KAZ)


def test_missing_source_is_rejected(tmp_path):
    with pytest.raises(InvalidInput, match="does not exist"):
        build(tmp_path / "nope.zip", tmp_path / "o.argosmodel")


def test_zip_missing_target_spm_names_expected_and_found_files(multilingual, tmp_path):
    archive = mf.zip_release(multilingual, tmp_path / "r.zip", omit=("target.spm",))
    with pytest.raises(InvalidInput) as info:
        build(archive, tmp_path / "o.argosmodel", source_token=KAZ)
    message = info.value.message
    assert "missing target.spm" in message
    assert "Expected decoder.yml, *.npz (model), *.vocab.yml, source.spm, target.spm" in message
    assert "Found: LICENSE, README.md, decoder.yml" in message and "source.spm" in message


def test_zip_of_something_else_is_a_wrong_layout(tmp_path):
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.jpg", b"x")
        zf.writestr("b.jpg", b"y")
    with pytest.raises(InvalidInput, match="missing decoder.yml and any \\*.npz model.*"
                                           "Found: a.jpg, b.jpg"):
        build(archive, tmp_path / "o.argosmodel")


def test_decoder_yml_naming_an_absent_model_says_which(multilingual, tmp_path):
    archive = mf.zip_release(multilingual, tmp_path / "r.zip", omit=(multilingual.model_file,))
    with pytest.raises(InvalidInput, match=f"missing {multilingual.model_file} "
                                           "\\(named in decoder.yml\\)"):
        build(archive, tmp_path / "o.argosmodel", source_token=KAZ)


def test_npz_that_is_not_a_marian_model_is_rejected(multilingual, tmp_path):
    folder = tmp_path / "notmarian"
    folder.mkdir()
    for name in multilingual.files:
        (folder / name).write_bytes((multilingual.directory / name).read_bytes())
    np.savez(folder / multilingual.model_file, weights=np.zeros(3))
    with pytest.raises(InvalidInput, match="is not a Marian model: it lacks special:model.yml, "
                                           "Wemb"):
        build(folder, tmp_path / "o.argosmodel", source_token=KAZ)


def test_zip_with_path_traversal_entry_is_refused(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../escape.txt", b"x")
    with pytest.raises(InvalidInput, match="unsafe entry '../escape.txt'"):
        build(archive, tmp_path / "o.argosmodel")
    assert not (tmp_path.parent / "escape.txt").exists()


@pytest.mark.parametrize("flag,code", [("from_code", "de"), ("to_code", "kaz")])
def test_unknown_language_code_lists_supported_ones(multilingual_zip, tmp_path, flag, code):
    with pytest.raises(UnsupportedLanguage, match=f"'{code}' is not a supported language; "
                                                  "use one of: en, ru, kk"):
        build(multilingual_zip, tmp_path / "o.argosmodel", **{flag: code})


def test_same_source_and_target_language_is_rejected(multilingual_zip, tmp_path):
    with pytest.raises(InvalidInput, match="both 'kk'"):
        build(multilingual_zip, tmp_path / "o.argosmodel", from_code="kk", to_code="kk")


def test_multilingual_model_without_token_lists_tokens_and_suggests_one(multilingual_zip,
                                                                         tmp_path):
    with pytest.raises(InvalidInput) as info:
        build(multilingual_zip, tmp_path / "o.argosmodel")
    assert "multilingual" in info.value.message
    assert ">>kaz_Cyrl<< >>tur<<" in info.value.message
    assert "for --to kk use >>kaz_Cyrl<<" in info.value.message
    assert info.value.field == "source_token"


def test_token_missing_from_vocabulary_lists_the_tokens_it_has(multilingual_zip, tmp_path):
    with pytest.raises(InvalidInput, match="'>>kaz_Latn<<' is not in the model's vocabulary; "
                                           "it has these language tokens: >>kaz_Cyrl<< >>tur<<"):
        build(multilingual_zip, tmp_path / "o.argosmodel", source_token=">>kaz_Latn<<")


def test_token_for_another_language_is_rejected(multilingual_zip, tmp_path):
    with pytest.raises(InvalidInput, match="'>>tur<<' selects 'tur', not --to kk"):
        build(multilingual_zip, tmp_path / "o.argosmodel", source_token=">>tur<<")


def test_malformed_token_is_rejected(multilingual_zip, tmp_path):
    with pytest.raises(InvalidInput, match="'kaz_Cyrl' is not of the form >>xxx<<"):
        build(multilingual_zip, tmp_path / "o.argosmodel", source_token="kaz_Cyrl")


def test_token_for_single_target_model_is_rejected(bilingual, tmp_path):
    with pytest.raises(InvalidInput, match="no >>xxx<< language tokens.*drop --source-token"):
        build(bilingual.directory, tmp_path / "o.argosmodel", from_code="kk", to_code="en",
              source_token=">>eng<<")


def test_bad_quantization_and_output_name_are_rejected(multilingual_zip, tmp_path):
    with pytest.raises(InvalidInput, match="--quantization 'int4' is not supported"):
        build(multilingual_zip, tmp_path / "o.argosmodel", source_token=KAZ, quantization="int4")
    with pytest.raises(InvalidInput, match="must end in .argosmodel"):
        build(multilingual_zip, tmp_path / "o.zip", source_token=KAZ)


def test_hugging_face_bin_without_transformers_says_what_to_install(multilingual, tmp_path):
    try:
        import transformers  # noqa: F401
        pytest.skip("transformers is installed here")
    except ImportError:
        pass
    folder = tmp_path / "opus-mt-en-trk"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "marian"}))
    (folder / "vocab.json").write_text(json.dumps({"</s>": 0, "<unk>": 1, KAZ: 2, ">>tur<<": 3}))
    (folder / "pytorch_model.bin").write_bytes(b"\0" * 8)
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes((multilingual.directory / name).read_bytes())
    with pytest.raises(InvalidInput, match="no model.safetensors.*"
                                           "pip install 'audarma\\[build-hf\\]'"):
        build(folder, tmp_path / "o.argosmodel", source_token=KAZ)


def test_hugging_face_folder_missing_weights_names_them(multilingual, tmp_path):
    folder = tmp_path / "hf"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "marian"}))
    with pytest.raises(InvalidInput, match="missing pytorch_model.bin or model.safetensors.*"
                                           "Found: config.json"):
        build(folder, tmp_path / "o.argosmodel")


def test_cli_error_exits_1_with_message_and_writes_nothing(multilingual_zip, tmp_path):
    out = tmp_path / "o.argosmodel"
    result = run_cli(str(multilingual_zip), "--from", "en", "--to", "kk", "--source-token",
                     ">>uzb_Latn<<", "--out", str(out))
    assert result.returncode == 1
    assert "error: --source-token '>>uzb_Latn<<' is not in the model's vocabulary" in result.stderr
    assert not out.exists()
