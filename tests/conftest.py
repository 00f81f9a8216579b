"""Shared pytest fixtures.

models_dir (session)
    A directory of installed test packages, laid out like ``python -m service models
    install`` leaves it (``<models_dir>/translate-<from>_<to>/metadata.json, model/,
    sentencepiece.model``). Pairs: en→ru, ru→en, en→kk, kk→en. All are *copy* models built
    by ``tools/build_test_package.py``: the real SentencePiece + CTranslate2 path runs, and
    the "translation" equals the input exactly, so tests can assert exact output.
    en→kk carries ``source_token: ">>kaz_Cyrl<<"`` in its metadata like the OPUS-MT
    English→Turkic model; its copy model is built to skip that token, so an engine that
    forgets to prepend it loses the first token of every sentence.
    ru→kk and kk→ru are deliberately absent: they pivot through English.
    Built once per builder version (hash of the builder and its corpus) under the system
    temp directory and reused by later sessions and by every xdist worker; treat it as
    read-only (copy it, or use ``make_package``, to get a directory you may change).

make_package(from_code, to_code, *, models_dir=None, kind="copy", size="tiny",
             source_token=None, target_prefix=None) -> Path   (function scope)
    Builds one package (about 0.2 s for tiny) and installs it as a directory inside
    ``models_dir`` (a fresh temporary directory when not given). Returns the package
    directory; its parent is the models directory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `pytest` without `python -m` still finds service/ and tools/
    sys.path.insert(0, str(REPO))

from tools import build_test_package as builder  # noqa: E402

KAZAKH_SOURCE_TOKEN = ">>kaz_Cyrl<<"
SESSION_PACKAGES = (
    ("en", "ru", None),
    ("ru", "en", None),
    ("en", "kk", KAZAKH_SOURCE_TOKEN),
    ("kk", "en", None),
)


def _builder_fingerprint() -> str:
    """Changes whenever the builder, its corpus or the pair list changes."""
    digest = hashlib.sha256(builder.BUILDER_VERSION.encode())
    for path in (Path(builder.__file__), builder.CORPUS_PATH):
        digest.update(path.read_bytes())
    digest.update(repr(SESSION_PACKAGES).encode())
    return digest.hexdigest()[:16]


def install_package_dir(models_dir: Path, from_code: str, to_code: str, **build_options) -> Path:
    """Build straight into the installed layout (no zip round trip: faster, same files)."""
    return builder.write_package_dir(models_dir / f"translate-{from_code}_{to_code}",
                                     from_code, to_code, **build_options)


def _build_models_dir(destination: Path) -> Path:
    """Build into a private directory, then rename: concurrent workers never see half a dir."""
    staging = Path(tempfile.mkdtemp(prefix=destination.name + ".tmp-", dir=destination.parent))
    for from_code, to_code, source_token in SESSION_PACKAGES:
        install_package_dir(staging, from_code, to_code, source_token=source_token)
    try:
        os.rename(staging, destination)
    except OSError:  # another worker won the race; its directory is identical
        shutil.rmtree(staging, ignore_errors=True)
    return destination


@pytest.fixture(scope="session")
def models_dir() -> Path:
    cache_root = Path(tempfile.gettempdir()) / f"audarma-test-models-{os.getuid()}"
    cache_root.mkdir(parents=True, exist_ok=True)
    destination = cache_root / _builder_fingerprint()
    if not (destination / "translate-kk_en" / "metadata.json").exists():
        _build_models_dir(destination)
    return destination


@pytest.fixture
def make_package(tmp_path_factory) -> Callable[..., Path]:
    def make(from_code: str, to_code: str, *, models_dir: Path | None = None,
             kind: str = "copy", size: str = "tiny", source_token: str | None = None,
             target_prefix: str | None = None, alignment_layer: int | None = None) -> Path:
        directory = Path(models_dir) if models_dir else tmp_path_factory.mktemp("models")
        directory.mkdir(parents=True, exist_ok=True)
        return install_package_dir(directory, from_code, to_code, kind=kind, size=size,
                                   source_token=source_token, target_prefix=target_prefix,
                                   alignment_layer=alignment_layer)
    return make
