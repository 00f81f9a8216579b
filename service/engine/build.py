"""Build an Argos ``.argosmodel`` from an open OPUS-MT / Tatoeba-MT Marian model.

No Argos package for Kazakh exists, but the Helsinki-NLP Tatoeba-MT releases cover it
(``eng-trk`` with a ``>>kaz_Cyrl<<`` target token, ``trk-eng``). This module turns such a
release (the published ``opus-*.zip`` or an unpacked copy) or a Hugging Face Marian
directory into a package our engine and Argos itself load: an int8 CTranslate2 model,
the source SentencePiece model as ``sentencepiece.model``, the target one as
``target_sentencepiece.model`` (OPUS-MT keeps one per side), and ``metadata.json`` with
the language token the engine must put in front of every sentence.

Input is checked before any slow work: a wrong layout, an unknown language, a token the
vocabulary lacks or a multilingual model without a token would otherwise give a package
that loads fine and translates into the wrong language. The archive is written to a
temporary name and renamed, so an interrupted build never leaves a half-written package.
Nothing here runs on the serving path. A Hugging Face folder with ``model.safetensors``
is renamed back to Marian's checkpoint with numpy (service/engine/hf_marian.py) and goes
through the same converter as the zip; only a ``pytorch_model.bin``-only folder (or one
with separate source/target vocabularies) needs the optional ``transformers``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from service.errors import InvalidInput, UnsupportedLanguage

SUPPORTED_LANGUAGES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
# Tatoeba-MT labels are ISO 639-3 codes with an optional script: >>kaz_Cyrl<<, >>rus<<.
ISO639_3 = {"en": "eng", "ru": "rus", "kk": "kaz"}
QUANTIZATIONS = ("int8", "int8_float32", "int16", "float16", "float32")
LANGUAGE_TOKEN = re.compile(r">>[^<>\s]+<<")
MARIAN_EXPECTED = ("decoder.yml", "*.npz (model)", "*.vocab.yml", "source.spm", "target.spm")
HF_EXPECTED = ("config.json", "pytorch_model.bin or model.safetensors", "vocab.json",
               "source.spm", "target.spm")
TARGET_SPM_NAME = "target_sentencepiece.model"
HF_EXTRA_HINT = "pip install 'audarma[build-hf]'"
SANITY_SENTENCE = "Hello world."

Progress = Callable[[str], None]


def _silent(_: str) -> None:
    pass


@dataclass(frozen=True)
class BuildOptions:
    """What to build; ``out`` defaults to ``translate-FROM_TO-VERSION.argosmodel`` in cwd."""

    source: Path
    from_code: str
    to_code: str
    out: Path | None = None
    source_token: str | None = None
    target_prefix: str | None = None
    quantization: str = "int8"
    package_version: str = "1.0"
    license: str | None = None
    force: bool = False


@dataclass(frozen=True)
class BuildResult:
    path: Path
    metadata: dict
    size_bytes: int


@dataclass
class ModelFiles:
    """The files of one checkpoint, whichever format it came in."""

    kind: str                   # "marian-npz" or "huggingface-marian"
    root: Path
    weights: Path
    source_vocab: list[str]
    source_spm: Path
    target_spm: Path
    vocab_files: list[Path] = field(default_factory=list)
    readme: Path | None = None
    license_file: Path | None = None
    hf_config: dict | None = None   # config.json of a Hugging Face folder


# --------------------------------------------------------------------------- entry point

def build_package(options: BuildOptions, progress: Progress = _silent) -> BuildResult:
    """Validate, convert, assemble and atomically write the package."""
    _check_languages(options.from_code, options.to_code)
    _check_quantization(options.quantization)
    out = _output_path(options)
    source = Path(options.source).expanduser()
    if not source.exists():
        raise InvalidInput(f"SOURCE {source} does not exist", field="source")
    with tempfile.TemporaryDirectory(prefix="audarma-build-") as workdir:
        work = Path(workdir)
        progress(f"[1/6] reading {source}")
        files = locate_model_files(source, work / "unpacked")
        token = check_source_token(files.source_vocab, options.source_token, options.to_code)
        package_dir = work / "package" / _package_folder(options)
        package_dir.mkdir(parents=True)
        progress(f"[2/6] converting the {files.kind} model to CTranslate2 "
                 f"({options.quantization}); this can take a minute for a real model")
        converter_name = convert_model(files, package_dir / "model", options.quantization)
        progress("[3/6] checking the converted model translates")
        _check_model_runs(package_dir / "model", files.source_spm, token, options.target_prefix)
        progress("[4/6] writing metadata, tokenizers and README")
        metadata = _metadata(options, files, source, token, converter_name)
        _write_package_files(package_dir, files, metadata)
        progress(f"[5/6] writing {out}")
        _zip_atomically(package_dir, out)
    size = out.stat().st_size
    progress(f"[6/6] done: {out} ({size / 1e6:.1f} MB)")
    return BuildResult(out, metadata, size)


# --------------------------------------------------------------------------- validation

def _check_languages(from_code: str, to_code: str) -> None:
    allowed = ", ".join(SUPPORTED_LANGUAGES)
    for flag, code in (("--from", from_code), ("--to", to_code)):
        if code not in SUPPORTED_LANGUAGES:
            raise UnsupportedLanguage(
                f"{flag} {code!r} is not a supported language; use one of: {allowed}",
                field=flag.lstrip("-"))
    if from_code == to_code:
        raise InvalidInput(f"--from and --to are both {from_code!r}; a package translates "
                           "between two different languages", field="to")


def _check_quantization(quantization: str) -> None:
    if quantization not in QUANTIZATIONS:
        raise InvalidInput(f"--quantization {quantization!r} is not supported; use one of: "
                           f"{', '.join(QUANTIZATIONS)}", field="quantization")


def _output_path(options: BuildOptions) -> Path:
    out = Path(options.out or Path.cwd() / f"{_package_folder(options)}.argosmodel").expanduser()
    if out.suffix != ".argosmodel":
        raise InvalidInput(f"--out {out} must end in .argosmodel", field="out")
    if out.is_dir():
        raise InvalidInput(f"--out {out} is a directory; give a file name ending in "
                           ".argosmodel", field="out")
    if out.exists() and not options.force:
        raise InvalidInput(f"--out {out} already exists; pass --force to replace it",
                           field="out")
    if not out.parent.is_dir():
        raise InvalidInput(f"--out {out}: directory {out.parent} does not exist", field="out")
    return out


def _package_folder(options: BuildOptions) -> str:
    version = options.package_version.replace(".", "_")
    return f"translate-{options.from_code}_{options.to_code}-{version}"


def language_tokens(vocab: list[str]) -> list[str]:
    """The ``>>xxx<<`` target-language labels a multilingual model was trained with."""
    return [token for token in vocab if LANGUAGE_TOKEN.fullmatch(token)]


def check_source_token(vocab: list[str], token: str | None, to_code: str) -> str | None:
    """Require a token exactly when the model is multilingual, and one it knows."""
    labels = language_tokens(vocab)
    wanted = ISO639_3[to_code]
    if not labels:
        if token:
            raise InvalidInput(
                f"--source-token {token!r} given, but the model's vocabulary has no >>xxx<< "
                "language tokens: it is a single-target model; drop --source-token",
                field="source_token")
        return None
    suggestion = [t for t in labels if t[2:-2].split("_")[0] == wanted]
    hint = f"; for --to {to_code} use {' or '.join(suggestion)}" if suggestion else ""
    if not token:
        raise InvalidInput(
            f"the model is multilingual (its vocabulary has {len(labels)} language tokens: "
            f"{_shorten(labels)}) and needs --source-token to pick the target language{hint}",
            field="source_token")
    if not LANGUAGE_TOKEN.fullmatch(token):
        raise InvalidInput(f"--source-token {token!r} is not of the form >>xxx<< "
                           f"(for example '>>kaz_Cyrl<<'){hint}", field="source_token")
    if token not in labels:
        raise InvalidInput(
            f"--source-token {token!r} is not in the model's vocabulary; it has these "
            f"language tokens: {_shorten(labels)}{hint}", field="source_token")
    if token[2:-2].split("_")[0] != wanted:
        raise InvalidInput(
            f"--source-token {token!r} selects {token[2:-2]!r}, not --to {to_code} "
            f"({wanted}){hint}", field="source_token")
    return token


def _shorten(items: list[str], limit: int = 80) -> str:
    shown = " ".join(items[:limit])
    return shown + (f" … ({len(items) - limit} more)" if len(items) > limit else "")


# --------------------------------------------------------------------------- locating files

def locate_model_files(source: Path, unpack_dir: Path) -> ModelFiles:
    """Find the checkpoint's files in a release zip, an unpacked release or an HF folder."""
    if source.is_file():
        if not zipfile.is_zipfile(source):
            raise InvalidInput(
                f"SOURCE {source} is not a zip archive; give an OPUS-MT / Tatoeba-MT release "
                "zip (e.g. opus-2021-02-22.zip), its unpacked folder, or a Hugging Face "
                "Marian folder", field="source")
        root = _find_root(_safe_extract(source, unpack_dir))
        label = f"zip {source.name}"
    elif source.is_dir():
        root = _find_root(source)
        label = f"folder {source}"
    else:
        raise InvalidInput(f"SOURCE {source} is neither a file nor a folder", field="source")
    if (root / "config.json").is_file():
        return _huggingface_files(root, label)
    return _marian_files(root, label)


def _safe_extract(archive: Path, destination: Path) -> Path:
    """Extract, refusing entries that would land outside ``destination``."""
    destination.mkdir(parents=True)
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                raise InvalidInput(f"zip {archive.name} has an unsafe entry {name!r}",
                                   field="source")
        try:
            zf.extractall(destination)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InvalidInput(f"zip {archive.name} could not be read: {exc}",
                               field="source") from exc
    return destination


def _find_root(directory: Path) -> Path:
    """Releases put files at the top; some re-zips add one wrapping folder."""
    entries = [p for p in directory.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return directory


def _listing(root: Path) -> str:
    names = sorted(p.name + ("/" if p.is_dir() else "") for p in root.iterdir())
    return ", ".join(names) if names else "nothing"


def _layout_error(label: str, root: Path, missing: str, expected: tuple[str, ...]) -> InvalidInput:
    return InvalidInput(
        f"{label} does not have the expected model layout: missing {missing}. Expected "
        f"{', '.join(expected)} (an OPUS-MT / Tatoeba-MT release) or "
        f"{', '.join(HF_EXPECTED)} (a Hugging Face Marian folder). Found: {_listing(root)}",
        field="source")


def _marian_files(root: Path, label: str) -> ModelFiles:
    model, vocabs = _marian_model_and_vocabs(root, label)
    for spm_name in ("source.spm", "target.spm"):
        if not (root / spm_name).is_file():
            raise _layout_error(label, root, spm_name, MARIAN_EXPECTED)
    _check_npz(model, label)
    from ctranslate2.converters.marian import load_vocab

    try:
        source_vocab = load_vocab(str(vocabs[0]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{label}: vocabulary {vocabs[0].name} is not a Marian YAML "
                           f"vocabulary: {exc}", field="source") from exc
    return ModelFiles("marian-npz", root, model, source_vocab, root / "source.spm",
                      root / "target.spm", vocabs, _optional(root, "README.md"),
                      _optional(root, "LICENSE"))


def _marian_model_and_vocabs(root: Path, label: str) -> tuple[Path, list[Path]]:
    """decoder.yml names them when present; otherwise there must be one of each."""
    decoder = root / "decoder.yml"
    if decoder.is_file():
        return _from_decoder_yml(decoder, root, label)
    models = sorted(root.glob("*.npz"))
    vocabs = sorted(root.glob("*.vocab.yml"))
    if not models:
        raise _layout_error(label, root, "decoder.yml and any *.npz model", MARIAN_EXPECTED)
    if len(models) > 1:
        raise InvalidInput(f"{label} has {len(models)} .npz models "
                           f"({', '.join(p.name for p in models)}) and no decoder.yml to say "
                           "which one to use", field="source")
    if len(vocabs) != 1:
        raise _layout_error(label, root, "a single *.vocab.yml vocabulary", MARIAN_EXPECTED)
    return models[0], [vocabs[0], vocabs[0]]


def _from_decoder_yml(decoder: Path, root: Path, label: str) -> tuple[Path, list[Path]]:
    import yaml

    try:
        config = yaml.safe_load(decoder.read_text(encoding="utf-8")) or {}
        model_names = list(config["models"])
        vocab_names = list(config["vocabs"])
    except (yaml.YAMLError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{label}: decoder.yml must list 'models' and 'vocabs' "
                           f"({type(exc).__name__}: {exc})", field="source") from exc
    if not model_names or not vocab_names:
        raise InvalidInput(f"{label}: decoder.yml lists no model or no vocabulary",
                           field="source")
    named = [root / str(name) for name in [model_names[0], *vocab_names]]
    for path in named:
        if not path.is_file():
            raise _layout_error(label, root, f"{path.name} (named in decoder.yml)",
                                MARIAN_EXPECTED)
    return named[0], named[1:]


def _check_npz(model: Path, label: str) -> None:
    """A Marian checkpoint carries its training config and embeddings; say so if not."""
    import numpy as np

    try:
        with np.load(model) as arrays:
            names = set(arrays.files)
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        raise InvalidInput(f"{label}: {model.name} is not a readable .npz file: {exc}",
                           field="source") from exc
    missing = [n for n in ("special:model.yml",) if n not in names]
    if not {"Wemb", "encoder_Wemb"} & names:
        missing.append("Wemb (or encoder_Wemb)")
    if missing:
        raise InvalidInput(f"{label}: {model.name} is not a Marian model: it lacks "
                           f"{', '.join(missing)}", field="source")


def _huggingface_files(root: Path, label: str) -> ModelFiles:
    weights = next((root / n for n in ("model.safetensors", "pytorch_model.bin")
                    if (root / n).is_file()), None)
    if weights is None:
        raise _layout_error(label, root, "pytorch_model.bin or model.safetensors", HF_EXPECTED)
    for name in ("vocab.json", "source.spm", "target.spm"):
        if not (root / name).is_file():
            raise _layout_error(label, root, name, HF_EXPECTED)
    from service.engine import hf_marian

    config = hf_marian.read_json_object(root / "config.json")
    if config.get("model_type") != "marian":
        raise InvalidInput(f"{label}: config.json has model_type "
                           f"{config.get('model_type')!r}; only 'marian' models are supported",
                           field="source")
    vocab = hf_marian.read_json_object(root / "vocab.json")
    tokens = hf_marian.vocabulary_tokens(vocab, root.name)
    return ModelFiles("huggingface-marian", root, weights, tokens, root / "source.spm",
                      root / "target.spm", [root / "vocab.json"],
                      _optional(root, "README.md"), _optional(root, "LICENSE"), config)


def _optional(root: Path, name: str) -> Path | None:
    path = root / name
    return path if path.is_file() else None


# --------------------------------------------------------------------------- conversion

def convert_model(files: ModelFiles, output_dir: Path, quantization: str) -> str:
    """Run CTranslate2's own converter; returns its name for the provenance record."""
    with tempfile.TemporaryDirectory(prefix="audarma-marian-") as scratch:
        converter = _converter(files, Path(scratch))
        try:
            converter.convert(str(output_dir), quantization=quantization)
        except (ValueError, KeyError, NotImplementedError) as exc:
            reason = " ".join(str(exc).split())
            raise InvalidInput(f"CTranslate2 could not convert {files.weights.name}: {reason}",
                               field="source") from exc
    return type(converter).__name__


def _converter(files: ModelFiles, scratch: Path):
    """Marian npz as is; a Hugging Face folder renamed back to one when numpy can."""
    from ctranslate2.converters import MarianConverter

    if files.kind == "marian-npz":
        return MarianConverter(str(files.weights), [str(v) for v in files.vocab_files])
    from service.engine import hf_marian

    obstacle = hf_marian.torch_free_obstacle(files.root, files.hf_config or {})
    if obstacle is None:
        npz, vocab = hf_marian.write_marian_checkpoint(files.root, files.hf_config or {},
                                                       scratch)
        return MarianConverter(str(npz), [str(vocab)])
    try:
        import transformers  # noqa: F401  (only checks the optional extra is installed)
        from ctranslate2.converters import TransformersConverter
    except ImportError as exc:
        raise InvalidInput(
            f"this Hugging Face folder cannot be converted without transformers: {obstacle}. "
            "Convert the weights to model.safetensors (one shared vocabulary) or run: "
            f"{HF_EXTRA_HINT} (transformers and torch, for the build only) — or give the "
            "OPUS-MT release zip instead, which needs neither", field="source") from exc
    return TransformersConverter(str(files.root))


def _check_model_runs(model_dir: Path, source_spm: Path, token: str | None,
                      target_prefix: str | None) -> None:
    """Translate one sentence so a broken conversion fails here, not at request time."""
    import ctranslate2
    import sentencepiece

    pieces = sentencepiece.SentencePieceProcessor(model_file=str(source_spm)).encode(
        SANITY_SENTENCE, out_type=str)
    tokens = ([token] if token else []) + pieces
    translator = ctranslate2.Translator(str(model_dir), device="cpu", inter_threads=1,
                                        intra_threads=1)
    prefix = [[target_prefix]] if target_prefix else None
    try:
        translator.translate_batch([tokens], target_prefix=prefix, max_decoding_length=16,
                                   beam_size=1)
    except (RuntimeError, ValueError) as exc:
        raise InvalidInput(f"the converted model does not run: {exc}", field="source") from exc
    finally:
        del translator


# --------------------------------------------------------------------------- assembly

def _metadata(options: BuildOptions, files: ModelFiles, source: Path, token: str | None,
              converter_name: str) -> dict:
    import ctranslate2

    metadata = {
        "package_version": options.package_version,
        "argos_version": "1.0",
        "from_code": options.from_code,
        "from_name": SUPPORTED_LANGUAGES[options.from_code],
        "to_code": options.to_code,
        "to_name": SUPPORTED_LANGUAGES[options.to_code],
        "type": "translate",
    }
    if token:
        metadata["source_token"] = token
    if options.target_prefix:
        metadata["target_prefix"] = options.target_prefix
    metadata["target_sentencepiece"] = TARGET_SPM_NAME
    metadata["license"] = options.license or _detect_license(files)
    metadata["source_model"] = {
        "format": files.kind,
        "file": source.name,
        "sha256": _sha256(source) if source.is_file() else None,
        "release": _release_title(files.readme),
        "weights": files.weights.name,
        "vocabularies": [v.name for v in files.vocab_files],
        "language_tokens": language_tokens(files.source_vocab),
        "converter": f"ctranslate2 {ctranslate2.__version__} {converter_name}",
        "quantization": options.quantization,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "built_with": "python -m service models build",
    }
    return metadata


def _detect_license(files: ModelFiles) -> str:
    text = files.license_file.read_text(encoding="utf-8", errors="replace") \
        if files.license_file else ""
    if "Apache" in text:
        return "Apache-2.0"
    if "Attribution 4.0" in text or "CC-BY 4.0" in text or "CC BY 4.0" in text:
        return "CC-BY-4.0"
    return "see LICENSE in the package" if text else "unknown: check the model's release page"


def _release_title(readme: Path | None) -> str | None:
    if readme is None:
        return None
    for line in readme.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip() or None
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_package_files(package_dir: Path, files: ModelFiles, metadata: dict) -> None:
    shutil.copyfile(files.source_spm, package_dir / "sentencepiece.model")
    shutil.copyfile(files.target_spm, package_dir / TARGET_SPM_NAME)
    if files.license_file:
        shutil.copyfile(files.license_file, package_dir / "LICENSE")
    (package_dir / "metadata.json").write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (package_dir / "README.md").write_text(_readme(files, metadata), encoding="utf-8")


def _readme(files: ModelFiles, metadata: dict) -> str:
    origin = metadata["source_model"]
    token = metadata.get("source_token")
    lines = [
        f"# {metadata['from_name']} → {metadata['to_name']} "
        f"({metadata['from_code']}→{metadata['to_code']})",
        "",
        f"Built by `{origin['built_with']}` from `{origin['file']}` "
        f"({origin['release'] or files.kind}) with {origin['converter']}, "
        f"{origin['quantization']} weights. Licence: {metadata['license']}.",
        "",
        (f"Every source sentence starts with the token `{token}`, which tells the "
         "multilingual model which language to write." if token else
         "The model has a single target language; no language token is needed."),
        "Source pieces come from `sentencepiece.model`; output pieces are decoded with "
        f"`{TARGET_SPM_NAME}`.",
        "",
    ]
    if files.readme:
        lines += ["## Original release notes", "",
                  files.readme.read_text(encoding="utf-8", errors="replace")]
    return "\n".join(lines) + "\n"


def _zip_atomically(package_dir: Path, out: Path) -> None:
    """Write next to the destination, then rename: readers never see half a package."""
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(package_dir.rglob("*")):
                if path.is_file():
                    archive.write(path, arcname=str(PurePosixPath(
                        package_dir.name, *path.relative_to(package_dir).parts)))
        os.chmod(temp, 0o644)
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
