"""Installed Argos packages: finding them on disk and choosing a route between languages.

Why not ``argostranslate.package.get_installed_packages``: it looks in Argos's own data
directory and wants its settings module; we serve exactly what is in ``models_dir``. The
on-disk format is Argos's (one directory per package: metadata.json, model/,
sentencepiece.model), read directly so start-up stays fast. ``source_token`` is our own
metadata key (OPUS-MT multilingual models need e.g. ``>>kaz_Cyrl<<`` before each sentence).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from service.errors import PairNotInstalled, UnsupportedLanguage

log = logging.getLogger(__name__)

PIVOT = "en"
SERVICE_LANGUAGES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
KAZAKH_DOC = "docs/kazakh.md"


@dataclass(frozen=True)
class PackageInfo:
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    path: Path
    source_token: str | None = None
    target_prefix: str = ""
    # OPUS-MT keeps one SentencePiece model per side; Argos packages have one for both.
    target_sentencepiece: str | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)


@dataclass(frozen=True)
class LanguageInfo:
    code: str
    name: str
    targets: list[str]


def scan_packages(models_dir: Path) -> list[PackageInfo]:
    """Usable packages in ``models_dir``, one per pair (the highest version wins).

    Hidden directories (install staging) and directories that are not complete packages
    are skipped with a warning instead of failing the whole service.
    """
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        return []
    by_pair: dict[tuple[str, str], PackageInfo] = {}
    for child in sorted(models_dir.iterdir()):
        if child.name.startswith(".") or not child.is_dir():
            continue
        package = read_package(child)
        if package is None:
            continue
        current = by_pair.get(package.pair)
        if current is None or _version_key(package.version) > _version_key(current.version):
            by_pair[package.pair] = package
    return sorted(by_pair.values(), key=lambda p: p.pair)


def read_package(directory: Path) -> PackageInfo | None:
    try:
        metadata = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("skipping %s: no readable metadata.json (%s)", directory, exc)
        return None
    if not isinstance(metadata, dict) or not metadata.get("from_code") \
            or not metadata.get("to_code"):
        log.warning("skipping %s: metadata.json has no from_code/to_code", directory)
        return None
    if not (directory / "model" / "model.bin").is_file():
        log.warning("skipping %s: no CTranslate2 model at model/model.bin", directory)
        return None
    if not (directory / "sentencepiece.model").is_file():
        log.warning("skipping %s: only SentencePiece packages are supported", directory)
        return None
    from_code, to_code = str(metadata["from_code"]), str(metadata["to_code"])
    return PackageInfo(
        from_code=from_code, to_code=to_code,
        from_name=str(metadata.get("from_name") or SERVICE_LANGUAGES.get(from_code, from_code)),
        to_name=str(metadata.get("to_name") or SERVICE_LANGUAGES.get(to_code, to_code)),
        version=str(metadata.get("package_version", "")), path=directory,
        source_token=metadata.get("source_token") or None,
        target_prefix=str(metadata.get("target_prefix") or ""),
        target_sentencepiece=_target_sentencepiece(directory, metadata))


def _target_sentencepiece(directory: Path, metadata: dict) -> str | None:
    name = metadata.get("target_sentencepiece")
    if not name:
        return None
    if not (directory / str(name)).is_file():
        log.warning("%s: metadata names target_sentencepiece %r but the file is missing; "
                    "decoding with sentencepiece.model", directory, name)
        return None
    return str(name)


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def find_route(pairs: set[tuple[str, str]], known: set[str], source: str,
               target: str) -> list[str]:
    """Language path: [source] when equal, direct, or through English; else an error."""
    _check_language(source, known, "source")
    _check_language(target, known, "target")
    if source == target:
        return [source]
    if (source, target) in pairs:
        return [source, target]
    if (source, PIVOT) in pairs and (PIVOT, target) in pairs:
        return [source, PIVOT, target]
    raise PairNotInstalled(_missing_message(pairs, source, target), field="target")


def reachable_targets(pairs: set[tuple[str, str]], source: str) -> list[str]:
    direct = {t for s, t in pairs if s == source}
    pivoted = {t for s, t in pairs if s == PIVOT} if (source, PIVOT) in pairs else set()
    return sorted((direct | pivoted) - {source})


def _check_language(code: object, known: set[str], field: str) -> None:
    if not isinstance(code, str) or code not in known:
        raise UnsupportedLanguage(
            f"unsupported {field} language {code!r}; supported: {', '.join(sorted(known))}",
            field=field)


def install_hint(source: str, target: str) -> str:
    """The exact command that provides one package (Kazakh ones have to be built)."""
    if "kk" in (source, target):
        token = " --source-token '>>kaz_Cyrl<<'" if target == "kk" else ""
        return (f"{source}→{target} has no Argos package and must be built from an OPUS-MT "
                f"model: `python -m service models build MODEL.zip --from {source} --to "
                f"{target}{token} --install` (see {KAZAKH_DOC})")
    return f"`python -m service models install --from {source} --to {target}`"


def _missing_message(pairs: set[tuple[str, str]], source: str, target: str) -> str:
    if PIVOT in (source, target):
        needed = [(source, target)]
    else:
        needed = [pair for pair in ((source, PIVOT), (PIVOT, target)) if pair not in pairs]
    names = " and ".join(f"{s}→{t}" for s, t in needed)
    via = "" if PIVOT in (source, target) else f" (directly or through {PIVOT})"
    hints = "; ".join(install_hint(s, t) for s, t in needed)
    return (f"no installed package translates {source}→{target}{via}; install {names}: "
            f"{hints}")
