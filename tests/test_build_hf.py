"""`models build` from a Hugging Face Marian folder, without torch or transformers.

The folder is written from the same generated Marian checkpoint as the release zip
(tests/marian_fixture.py: transformers' parameter names, transposed matrices, an appended
<pad> row), so both routes must give packages that translate token for token alike through
the real CTranslate2 runtime.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import ctranslate2
import numpy as np
import pytest
import sentencepiece
from safetensors.numpy import load_file, save_file

from service.engine.build import BuildOptions, build_package
from service.errors import InvalidInput
from tests import marian_fixture as mf

REPO = Path(__file__).resolve().parent.parent
KAZ = ">>kaz_Cyrl<<"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> mf.MarianCheckpoint:
    return mf.write_marian_release(tmp_path_factory.mktemp("eng-trk") / "release",
                                   source_lines=mf.ENGLISH_LINES,
                                   target_lines=mf.KAZAKH_LINES + mf.TURKISH_LINES)


@pytest.fixture(scope="module")
def hf_folder(release, tmp_path_factory) -> Path:
    return mf.write_huggingface_folder(release, tmp_path_factory.mktemp("hf") / "opus-mt-en-trk")


@pytest.fixture(scope="module")
def zip_package(release, tmp_path_factory) -> Path:
    archive = mf.zip_release(release, tmp_path_factory.mktemp("zip") / "opus-2021-02-22.zip")
    return unpack(build(archive, tmp_path_factory.mktemp("zip-out") / "p.argosmodel"),
                  tmp_path_factory.mktemp("zip-unpacked"))


def build(source: Path, out: Path, **options) -> Path:
    options.setdefault("source_token", KAZ)
    build_package(BuildOptions(source=source, out=out, from_code="en", to_code="kk", **options))
    return out


def unpack(package: Path, destination: Path) -> Path:
    with zipfile.ZipFile(package) as archive:
        archive.extractall(destination)
        (top,) = {name.split("/")[0] for name in archive.namelist()}
    return destination / top


def translations(package: Path, token: str) -> list[tuple[str, ...]]:
    """Output pieces for every English fixture sentence with ``token`` in front."""
    spm = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    batch = [[token] + spm.encode(line, out_type=str) for line in mf.ENGLISH_LINES]
    translator = ctranslate2.Translator(str(package / "model"), intra_threads=1)
    results = translator.translate_batch(batch, beam_size=2, max_decoding_length=24)
    return [tuple(result.hypotheses[0]) for result in results]


def copy_folder(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination)
    return destination


def rewrite_tensors(folder: Path, change) -> None:
    tensors = load_file(str(folder / "model.safetensors"))
    change(tensors)
    save_file(tensors, str(folder / "model.safetensors"))


def rewrite_json(path: Path, change) -> None:
    value = json.loads(path.read_text(encoding="utf-8"))
    change(value)
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


# --------------------------------------------------------------------------- happy paths

def test_safetensors_folder_translates_token_for_token_like_the_release_zip(
        hf_folder, zip_package, tmp_path):
    hf_package = unpack(build(hf_folder, tmp_path / "hf.argosmodel"), tmp_path / "u")
    for token in (KAZ, ">>tur<<"):
        from_zip, from_hf = translations(zip_package, token), translations(hf_package, token)
        assert from_hf == from_zip
        assert all(len(pieces) > 1 for pieces in from_hf)
    assert translations(hf_package, KAZ) != translations(hf_package, ">>tur<<")
    # <pad>, which transformers appended, is dropped again: same vocabulary as Marian's
    assert (hf_package / "model" / "shared_vocabulary.json").read_text() == \
        (zip_package / "model" / "shared_vocabulary.json").read_text()


def test_safetensors_folder_package_records_its_origin_and_token(hf_folder, tmp_path):
    package = unpack(build(hf_folder, tmp_path / "hf.argosmodel"), tmp_path / "u")
    metadata = json.loads((package / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["source_token"] == KAZ
    origin = metadata["source_model"]
    assert origin["format"] == "huggingface-marian"
    assert origin["weights"] == "model.safetensors"
    assert "MarianConverter" in origin["converter"]
    assert origin["language_tokens"] == [KAZ, ">>tur<<"]
    assert metadata["license"] == "Apache-2.0"


def test_float16_weights_as_published_translate_like_the_rounded_release(tmp_path):
    """Helsinki-NLP's Hub copies are float16; the build widens them to Marian's float32."""
    release = mf.write_marian_release(tmp_path / "release", source_lines=mf.ENGLISH_LINES,
                                      target_lines=mf.KAZAKH_LINES + mf.TURKISH_LINES, seed=11)
    mf.round_weights_to_float16(release)
    folder = mf.write_huggingface_folder(release, tmp_path / "hf16", dtype=np.float16,
                                         positions=True,
                                         extra_embedding_copies=("lm_head.weight",))
    assert load_file(str(folder / "model.safetensors"))["model.shared.weight"].dtype == \
        np.float16
    from_zip = unpack(build(release.directory, tmp_path / "z.argosmodel"), tmp_path / "z")
    from_hf = unpack(build(folder, tmp_path / "h.argosmodel"), tmp_path / "h")
    assert translations(from_hf, KAZ) == translations(from_zip, KAZ)


def test_cli_builds_a_hugging_face_folder_and_reports_progress(hf_folder, tmp_path):
    out = tmp_path / "en_kk.argosmodel"
    result = subprocess.run(
        [sys.executable, "-m", "service", "models", "build", str(hf_folder), "--from", "en",
         "--to", "kk", "--source-token", KAZ, "--out", str(out), "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "converting the huggingface-marian model" in result.stderr
    assert json.loads(result.stdout)["source_token"] == KAZ and zipfile.is_zipfile(out)


def test_hugging_face_route_never_imports_torch_or_transformers(hf_folder, tmp_path):
    code = ("import sys; from pathlib import Path; "
            "from service.engine.build import BuildOptions, build_package; "
            f"build_package(BuildOptions(source=Path({str(hf_folder)!r}), "
            f"out=Path({str(tmp_path / 'p.argosmodel')!r}), from_code='en', to_code='kk', "
            f"source_token={KAZ!r})); "
            "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------- bad input

def test_folder_without_any_weights_file_names_both_formats(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")
    (folder / "model.safetensors").unlink()
    with pytest.raises(InvalidInput, match="missing pytorch_model.bin or model.safetensors.*"
                                           "Found: LICENSE, README.md, config.json"):
        build(folder, tmp_path / "o.argosmodel")


def test_config_of_another_model_type_is_rejected(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")
    rewrite_json(folder / "config.json", lambda c: c.update(model_type="t5"))
    with pytest.raises(InvalidInput, match="config.json has model_type 't5'; only 'marian'"):
        build(folder, tmp_path / "o.argosmodel")


def test_vocab_json_without_the_token_lists_the_tokens_it_has(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")

    def rename_token(vocab: dict) -> None:
        vocab[">>kaz_Latn<<"] = vocab.pop(KAZ)

    rewrite_json(folder / "vocab.json", rename_token)
    with pytest.raises(InvalidInput, match="'>>kaz_Cyrl<<' is not in the model's vocabulary; "
                                           "it has these language tokens: >>kaz_Latn<< >>tur<<"):
        build(folder, tmp_path / "o.argosmodel")


def test_weight_of_the_wrong_shape_names_tensor_shapes_and_config(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")
    name = "model.encoder.layers.0.fc1.weight"
    rewrite_tensors(folder, lambda t: t.update({name: t[name][:48]}))
    with pytest.raises(InvalidInput, match=f"{name} has shape \\(48, 32\\), expected \\(64, 32\\) "
                                           "\\(config.json d_model 32, encoder_ffn_dim 64\\)"):
        build(folder, tmp_path / "o.argosmodel")
    assert not (tmp_path / "o.argosmodel").exists()


def test_vocab_json_and_embedding_of_different_sizes_are_rejected(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")
    rewrite_json(folder / "vocab.json", lambda v: v.update({"▁extra": len(v)}))
    with pytest.raises(InvalidInput, match="model.shared.weight has shape \\(\\d+, 32\\), "
                                           "expected \\(\\d+, 32\\) \\(vocab.json has"):
        build(folder, tmp_path / "o.argosmodel")


def test_missing_tensor_is_named(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")
    name = "model.decoder.layers.0.encoder_attn.v_proj.bias"
    rewrite_tensors(folder, lambda t: t.pop(name))
    with pytest.raises(InvalidInput, match=f"lacks the tensor {name} \\(expected shape \\(32,\\)"):
        build(folder, tmp_path / "o.argosmodel")


def test_more_layers_than_config_says_is_rejected(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")

    def add_layer(tensors: dict) -> None:
        for name in [n for n in tensors if n.startswith("model.encoder.layers.0.")]:
            tensors[name.replace("layers.0.", "layers.1.")] = tensors[name]

    rewrite_tensors(folder, add_layer)
    with pytest.raises(InvalidInput, match="tensors config.json does not account for: "
                                           "model.encoder.layers.1.*check encoder_layers"):
        build(folder, tmp_path / "o.argosmodel")


def test_untied_output_embedding_is_refused_without_transformers(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")
    rewrite_tensors(folder, lambda t: t.update(
        {"lm_head.weight": t["model.shared.weight"] * 2}))
    with pytest.raises(InvalidInput, match="lm_head.weight differs from model.shared.weight"):
        build(folder, tmp_path / "o.argosmodel")


def test_corrupt_safetensors_file_is_reported(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")
    (folder / "model.safetensors").write_bytes(b"\0" * 8)
    with pytest.raises(InvalidInput, match="model.safetensors is not a readable safetensors"):
        build(folder, tmp_path / "o.argosmodel")


def test_vocab_json_with_gaps_in_ids_is_rejected(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")
    rewrite_json(folder / "vocab.json", lambda v: v.update({"</s>": 10_000}))
    with pytest.raises(InvalidInput, match="vocab.json must map \\d+ tokens to the ids 0\\.\\."):
        build(folder, tmp_path / "o.argosmodel")


def test_unknown_activation_is_rejected(hf_folder, tmp_path):
    folder = copy_folder(hf_folder, tmp_path / "hf")
    rewrite_json(folder / "config.json", lambda c: c.update(activation_function="tanh"))
    with pytest.raises(InvalidInput, match="activation_function 'tanh' is not one Marian has"):
        build(folder, tmp_path / "o.argosmodel")


def _without_transformers() -> None:
    try:
        import transformers  # noqa: F401
    except ImportError:
        return
    pytest.skip("transformers is installed here; its route is taken instead")


def test_pytorch_bin_only_folder_says_convert_or_install_the_extra(hf_folder, tmp_path):
    _without_transformers()
    folder = copy_folder(hf_folder, tmp_path / "hf")
    (folder / "model.safetensors").rename(folder / "pytorch_model.bin")
    with pytest.raises(InvalidInput) as info:
        build(folder, tmp_path / "o.argosmodel")
    message = info.value.message
    assert "has pytorch_model.bin but no model.safetensors" in message
    assert "Convert the weights to model.safetensors" in message
    assert "pip install 'audarma[build-hf]'" in message


def test_separate_vocabularies_need_the_transformers_route(hf_folder, tmp_path):
    _without_transformers()
    folder = copy_folder(hf_folder, tmp_path / "hf")
    rewrite_json(folder / "tokenizer_config.json", lambda c: c.update(separate_vocabs=True))
    with pytest.raises(InvalidInput, match="source and target vocabularies are separate.*"
                                           "audarma\\[build-hf\\]"):
        build(folder, tmp_path / "o.argosmodel")
