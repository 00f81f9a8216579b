"""Install, list and remove Argos packages in *our* models directory.

`argostranslate.package.install_from_path` extracts straight into Argos's own settings
directory and trusts whatever it is given, so a dropped connection or a package for the
wrong languages ends up half-installed where the service would load it. Here every
install is staged in a hidden directory inside ``models_dir`` (same filesystem, so the
final ``rename`` is atomic), verified (size, sha256 when known, zip CRCs, layout,
metadata codes, tokenizer loads through ``argostranslate.package.Package``) and only
then renamed into place. Hidden entries (``.audarma-*``) are never packages: the
engine and :func:`list_installed` skip them, so a killed install leaves nothing loadable.

The argospm index (a JSON list of package entries) carries no size or checksum. An
entry may carry our optional ``size`` (bytes) and ``sha256`` fields, which mirrors and
the test index use; without them the archive is validated against the entry's metadata
and its sha256 is recorded in ``.audarma-install.json`` inside the installed package.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Iterator

from service.errors import InvalidInput, NotFound, PackageInstallError

HIDDEN_PREFIX = ".audarma-"
INSTALL_RECORD = ".audarma-install.json"
NETWORK_TIMEOUT_SECONDS = 30.0
CHUNK_BYTES = 1 << 16
SERVICE_CODES = ("en", "ru", "kk")  # pairs among these are listed first in "not in index" errors
INDEX_URL_HINT = "set another index with --index-url or AUDARMA_INDEX_URL"
KAZAKH_HINT = ("no Kazakh package exists in the Argos index: build one with "
               "`python -m service models build` (see docs/kazakh.md)")


@dataclass(frozen=True)
class IndexEntry:
    """One package offered by an index."""

    from_code: str
    to_code: str
    package_version: str
    argos_version: str
    links: tuple[str, ...]
    from_name: str = ""
    to_name: str = ""
    code: str = ""
    size: int | None = None
    sha256: str | None = None

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"


@dataclass(frozen=True)
class InstalledPackage:
    """A package as found on disk, with what we recorded when installing it."""

    from_code: str
    to_code: str
    from_name: str
    to_name: str
    package_version: str
    argos_version: str
    path: Path
    size_bytes: int
    sha256: str | None = None
    source: str | None = None
    installed_at: str | None = None
    target_prefix: str = ""
    source_token: str | None = None

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    def to_json(self) -> dict:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


@dataclass
class InstallResult:
    """What an install did: ``action`` is installed, replaced or unchanged."""

    package: InstalledPackage
    action: str
    replaced_version: str | None = None
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- listing

def list_installed(models_dir: Path) -> list[InstalledPackage]:
    """Packages in ``models_dir``, sorted by pair; staging and broken entries are skipped."""
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        return []
    found = []
    for child in sorted(models_dir.iterdir()):
        if child.name.startswith(".") or not child.is_dir():
            continue
        package = _read_installed(child)
        if package is not None:
            found.append(package)
    return sorted(found, key=lambda p: (p.from_code, p.to_code, p.path.name))


def _read_installed(directory: Path) -> InstalledPackage | None:
    try:
        metadata = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
        return None
    record = {}
    with contextlib.suppress(OSError, ValueError):
        record = json.loads((directory / INSTALL_RECORD).read_text(encoding="utf-8"))
    return InstalledPackage(
        from_code=str(metadata["from_code"]), to_code=str(metadata["to_code"]),
        from_name=str(metadata.get("from_name", "")), to_name=str(metadata.get("to_name", "")),
        package_version=str(metadata.get("package_version", "")),
        argos_version=str(metadata.get("argos_version", "")),
        path=directory, size_bytes=_tree_size(directory),
        sha256=record.get("sha256"), source=record.get("source"),
        installed_at=record.get("installed_at"),
        target_prefix=str(metadata.get("target_prefix", "") or ""),
        source_token=metadata.get("source_token"))


def _tree_size(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- index

def read_index(index_url: str) -> list[IndexEntry]:
    """Fetch and parse an argospm-format index (http(s), file:// or a local path)."""
    url = _as_url(index_url)
    try:
        with urllib.request.urlopen(url, timeout=NETWORK_TIMEOUT_SECONDS) as response:
            raw = response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PackageInstallError(
            f"cannot read the package index at {index_url} ({_reason(exc)}); {INDEX_URL_HINT}, "
            "or install a local file: python -m service models install PATH.argosmodel",
            field="index_url") from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise PackageInstallError(
            f"the package index at {index_url} is not valid JSON ({exc}); {INDEX_URL_HINT}",
            field="index_url") from exc
    if not isinstance(data, list):
        raise PackageInstallError(
            f"the package index at {index_url} is not a JSON list of packages; {INDEX_URL_HINT}",
            field="index_url")
    return [entry for item in data if (entry := _parse_entry(item, url)) is not None]


def _parse_entry(item: object, index_url: str) -> IndexEntry | None:
    """Translate entries only; relative links resolve against the index URL (mirrors)."""
    if not isinstance(item, dict) or item.get("type", "translate") != "translate":
        return None
    if not item.get("from_code") or not item.get("to_code") or not item.get("links"):
        return None
    size = item.get("size")
    sha = item.get("sha256")
    return IndexEntry(
        from_code=str(item["from_code"]), to_code=str(item["to_code"]),
        package_version=str(item.get("package_version", "")),
        argos_version=str(item.get("argos_version", "")),
        links=tuple(urllib.parse.urljoin(index_url, str(link)) for link in item["links"]),
        from_name=str(item.get("from_name", "")), to_name=str(item.get("to_name", "")),
        code=str(item.get("code", "")),
        size=int(size) if isinstance(size, int) and size > 0 else None,
        sha256=str(sha).lower() if isinstance(sha, str) and sha else None)


def find_entry(entries: list[IndexEntry], from_code: str, to_code: str,
               index_url: str) -> IndexEntry:
    """The newest entry for the pair, or an error that says what the index does have."""
    matches = [e for e in entries if e.from_code == from_code and e.to_code == to_code]
    if matches:
        return max(matches, key=lambda e: _version_key(e.package_version))
    focus = {from_code, to_code, *SERVICE_CODES}
    related = [e.pair for e in sorted(
        (e for e in entries if {e.from_code, e.to_code} & {from_code, to_code}),
        key=lambda e: (not {e.from_code, e.to_code} <= focus, e.from_code, e.to_code))]
    listed = ", ".join(related[:20]) + (f", ... ({len(related) - 20} more)" if len(related) > 20 else "")
    message = (f"the index at {index_url} has no {from_code}→{to_code} package; "
               f"it has {listed or 'no packages for these languages'} "
               f"({len(entries)} packages in all)")
    if "kk" in (from_code, to_code):
        message += f"; {KAZAKH_HINT}"
    raise NotFound(message, field="pair")


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


# --------------------------------------------------------------------------- install

def install_from_index(models_dir: Path, index_url: str, from_code: str, to_code: str,
                       progress: bool | None = None, force: bool = False) -> InstallResult:
    """Download the pair's package from the index and install it atomically.

    ``progress`` None shows a bar only when stderr is a terminal. An installed package of
    the same version is left alone unless ``force``.
    """
    models_dir = _ensure_dir(models_dir)
    entry = find_entry(read_index(index_url), from_code, to_code, index_url)
    current = _installed_pair(models_dir, from_code, to_code)
    if current and current.package_version == entry.package_version and not force:
        return InstallResult(current, "unchanged",
                             notes=[f"{entry.pair} {entry.package_version} is already installed"])
    with _install_lock(models_dir), _staging_dir(models_dir) as staging:
        archive = staging / "download.argosmodel"
        sha256, link = _download_first(entry, archive, progress)
        metadata = _validate_archive(archive, entry, link)
        return _install_archive(models_dir, staging, archive, sha256, metadata, source=link)


def install_from_file(models_dir: Path, path: Path, force: bool = False) -> InstallResult:
    """Install a local ``.argosmodel`` atomically; the same archive twice is a no-op."""
    models_dir = _ensure_dir(models_dir)
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"package file {path} does not exist or is not a file", field="path")
    sha256 = _file_sha256(path)
    with _install_lock(models_dir), _staging_dir(models_dir) as staging:
        metadata = _validate_archive(path, None, str(path))
        current = _installed_pair(models_dir, metadata["from_code"], metadata["to_code"])
        if current and current.sha256 == sha256 and not force:
            return InstallResult(current, "unchanged",
                                 notes=[f"{current.pair} from this file is already installed"])
        return _install_archive(models_dir, staging, path, sha256, metadata,
                                source=str(path.resolve()))


def remove(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage:
    """Remove the pair's package; it is first renamed out of sight so removal is atomic."""
    models_dir = Path(models_dir)
    current = _installed_pair(models_dir, from_code, to_code)
    if current is None:
        installed = ", ".join(p.pair for p in list_installed(models_dir)) or "none"
        raise NotFound(f"no {from_code}→{to_code} package is installed in {models_dir} "
                       f"(installed: {installed})", field="pair")
    with _install_lock(models_dir), _staging_dir(models_dir) as staging:
        os.rename(current.path, staging / "removed")
    return current


def _install_archive(models_dir: Path, staging: Path, archive: Path, sha256: str,
                     metadata: dict, source: str) -> InstallResult:
    """Extract a validated archive in staging, record where it came from, swap it in."""
    extracted = _extract(archive, staging / "extract")
    _check_loads(extracted, source)
    size = archive.stat().st_size
    record = {"sha256": sha256, "size": size, "source": source,
              "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (extracted / INSTALL_RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    previous = _installed_pair(models_dir, metadata["from_code"], metadata["to_code"])
    final = models_dir / _package_dir_name(metadata)
    _swap_into_place(extracted, final, previous, staging)
    package = _read_installed(final)
    assert package is not None  # validated above
    if previous is None:
        return InstallResult(package, "installed")
    return InstallResult(package, "replaced", replaced_version=previous.package_version)


def _package_dir_name(metadata: dict) -> str:
    """One directory per pair, so reinstalling or upgrading replaces instead of duplicating."""
    return f"translate-{metadata['from_code']}_{metadata['to_code']}"


def _swap_into_place(new: Path, final: Path, previous: InstalledPackage | None,
                     staging: Path) -> None:
    """Move the old package aside, rename the new one in, and put the old one back on failure."""
    aside = staging / "previous"
    moved_old = False
    if previous is not None:
        os.rename(previous.path, aside)
        moved_old = True
    elif final.exists():
        raise PackageInstallError(
            f"{final} exists but is not a readable package; move it away and retry", field="path")
    try:
        os.rename(new, final)
    except OSError as exc:
        if moved_old:
            os.rename(aside, previous.path)
        raise PackageInstallError(f"could not move the package into {final}: {exc}") from exc


# --------------------------------------------------------------------------- download

def _download_first(entry: IndexEntry, target: Path, progress: bool | None) -> tuple[str, str]:
    """Try each link in turn; return (sha256, link) of the first download that verifies."""
    failures = []
    for link in entry.links:
        try:
            return _download(link, target, entry, progress), link
        except PackageInstallError as exc:
            failures.append(exc.message)
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
    raise PackageInstallError(f"could not download {entry.pair}: " + "; ".join(failures),
                              field="links")


def _download(url: str, target: Path, entry: IndexEntry, progress: bool | None) -> str:
    try:
        with urllib.request.urlopen(url, timeout=NETWORK_TIMEOUT_SECONDS) as response, \
                open(target, "wb") as out:
            declared = _content_length(response)
            expected = entry.size or declared
            received, digest = _copy_stream(response, out, expected, url, progress)
    except PackageInstallError:
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PackageInstallError(f"{url}: download failed ({_reason(exc)})") from exc
    _check_size(url, received, declared, entry.size)
    if entry.sha256 and digest != entry.sha256:
        raise PackageInstallError(
            f"{url}: sha256 mismatch (index says {entry.sha256}, downloaded file is {digest})")
    return digest


def _copy_stream(response: IO[bytes], out: IO[bytes], expected: int | None, url: str,
                 progress: bool | None) -> tuple[int, str]:
    digest = hashlib.sha256()
    received = 0
    with _progress_bar(expected, url, progress) as bar:
        while chunk := response.read(CHUNK_BYTES):
            out.write(chunk)
            digest.update(chunk)
            received += len(chunk)
            bar(len(chunk))
            if expected is not None and received > expected:
                raise PackageInstallError(f"{url}: server sent more than the expected {expected} bytes")
    return received, digest.hexdigest()


def _check_size(url: str, received: int, declared: int | None, indexed: int | None) -> None:
    if declared is not None and received != declared:
        raise PackageInstallError(
            f"{url}: download interrupted: received {received} of {declared} bytes "
            "(Content-Length); nothing was installed, retry")
    if indexed is not None and received != indexed:
        raise PackageInstallError(
            f"{url}: size mismatch: index says {indexed} bytes, received {received}")


def _content_length(response) -> int | None:
    value = response.headers.get("Content-Length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@contextlib.contextmanager
def _progress_bar(total: int | None, url: str, progress: bool | None) -> Iterator:
    """A tqdm bar on stderr when asked, or when stderr is a terminal and not told otherwise."""
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        yield lambda n: None
        return
    from tqdm import tqdm

    name = PurePosixPath(urllib.parse.urlparse(url).path).name or url
    with tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=name,
              file=sys.stderr, leave=True) as bar:
        yield bar.update


# --------------------------------------------------------------------------- validation

def _validate_archive(archive: Path, expected: IndexEntry | None, source: str) -> dict:
    """Check the zip is one Argos package (for the expected pair) and is not corrupt."""
    if not zipfile.is_zipfile(archive):
        raise PackageInstallError(f"{source}: not an Argos package (not a zip archive)")
    try:
        with zipfile.ZipFile(archive) as zf:
            top = _single_top_folder(zf.namelist(), source)
            bad = zf.testzip()
            if bad is not None:
                raise PackageInstallError(f"{source}: corrupt archive (CRC error in {bad})")
            metadata = _read_metadata(zf, top, source)
            _require_layout(set(zf.namelist()), top, source)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackageInstallError(f"{source}: corrupt archive ({exc})") from exc
    if expected is not None:
        _match_entry(metadata, expected, source)
    return metadata


def _single_top_folder(names: list[str], source: str) -> str:
    tops = set()
    for name in names:
        path = PurePosixPath(name)
        if name.startswith("/") or ".." in path.parts or "\\" in name or ":" in path.parts[0]:
            raise PackageInstallError(f"{source}: unsafe path in archive: {name!r}")
        tops.add(path.parts[0])
    if len(tops) != 1 or not any("/" in n for n in names):
        raise PackageInstallError(
            f"{source}: an Argos package holds exactly one top folder; found {sorted(tops) or 'none'}")
    return tops.pop()


def _read_metadata(zf: zipfile.ZipFile, top: str, source: str) -> dict:
    try:
        metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
    except KeyError as exc:
        raise PackageInstallError(f"{source}: no {top}/metadata.json in the archive") from exc
    except ValueError as exc:
        raise PackageInstallError(f"{source}: metadata.json is not valid JSON ({exc})") from exc
    if not isinstance(metadata, dict):
        raise PackageInstallError(f"{source}: metadata.json is not a JSON object")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise PackageInstallError(f"{source}: metadata.json has no {key}")
        if "/" in metadata[key] or metadata[key].startswith("."):
            raise PackageInstallError(f"{source}: metadata.json {key}={metadata[key]!r} is not a language code")
    return metadata


def _require_layout(names: set[str], top: str, source: str) -> None:
    if f"{top}/model/model.bin" not in names:
        raise PackageInstallError(f"{source}: no CTranslate2 model ({top}/model/model.bin)")
    if not {f"{top}/sentencepiece.model", f"{top}/bpe.model"} & names:
        raise PackageInstallError(
            f"{source}: no tokenizer ({top}/sentencepiece.model or {top}/bpe.model)")


def _match_entry(metadata: dict, entry: IndexEntry, source: str) -> None:
    got = (metadata["from_code"], metadata["to_code"])
    if got != (entry.from_code, entry.to_code):
        raise PackageInstallError(
            f"{source}: the index offers {entry.pair} but the archive's metadata.json says "
            f"{got[0]}→{got[1]}; refusing to install")
    version = str(metadata.get("package_version", ""))
    if entry.package_version and version and version != entry.package_version:
        raise PackageInstallError(
            f"{source}: the index offers version {entry.package_version} but the archive's "
            f"metadata.json says {version}; refusing to install")


def _extract(archive: Path, destination: Path) -> Path:
    destination.mkdir()
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(destination)
    (top,) = list(destination.iterdir())
    return top


def _check_loads(package_dir: Path, source: str) -> None:
    """Let Argos's own package class read it (metadata + tokenizer), as the engine will."""
    from argostranslate.package import Package

    try:
        package = Package(package_dir)
    except Exception as exc:  # noqa: BLE001 - any failure here means "not a usable package"
        raise PackageInstallError(f"{source}: Argos cannot load the package ({exc})") from exc
    if getattr(package, "tokenizer", None) is None:
        raise PackageInstallError(f"{source}: Argos found no tokenizer in the package")


# --------------------------------------------------------------------------- helpers

def _installed_pair(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage | None:
    for package in list_installed(models_dir):
        if (package.from_code, package.to_code) == (from_code, to_code):
            return package
    return None


def _ensure_dir(models_dir: Path) -> Path:
    models_dir = Path(models_dir).expanduser()
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageInstallError(f"cannot create the models directory {models_dir}: {exc}",
                                  field="models_dir") from exc
    return models_dir


@contextlib.contextmanager
def _staging_dir(models_dir: Path) -> Iterator[Path]:
    """A hidden directory beside the packages (same filesystem: rename is atomic); always removed."""
    staging = Path(tempfile.mkdtemp(prefix=HIDDEN_PREFIX + "tmp-", dir=models_dir))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _install_lock(models_dir: Path, *, recover: bool = True) -> Iterator[None]:
    """Serialise installs into one directory (two `models install` runs, or a build and an
    install), and first finish what a killed one left behind (see recover_interrupted)."""
    with open(models_dir / (HIDDEN_PREFIX + "install.lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if recover:
                _recover_interrupted(models_dir)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover_interrupted(models_dir: Path) -> list[InstalledPackage]:
    """Undo what an install or removal killed half-way left behind; returns the packages put back.

    Every staging directory is made and emptied under the install lock, so one that exists
    while we hold the lock belongs to a process that died. An upgrade killed between moving
    the old package aside and renaming the new one in leaves the pair with no package and
    the old one in ``staging/previous``: it goes back in place. Everything else there
    (partial downloads, extractions, a removal's ``removed``) is deleted.
    """
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        return []
    with _install_lock(models_dir, recover=False):
        return _recover_interrupted(models_dir)


def _recover_interrupted(models_dir: Path) -> list[InstalledPackage]:
    restored = []
    for staging in sorted(models_dir.glob(HIDDEN_PREFIX + "tmp-*")):
        previous = _read_installed(staging / "previous") if staging.is_dir() else None
        if previous is not None and _installed_pair(models_dir, previous.from_code, previous.to_code) is None:
            final = models_dir / _package_dir_name({"from_code": previous.from_code,
                                                    "to_code": previous.to_code})
            if not final.exists():
                os.rename(staging / "previous", final)
                restored.append(_read_installed(final))
        shutil.rmtree(staging, ignore_errors=True)
    return [p for p in restored if p is not None]


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _as_url(location: str) -> str:
    """Accept a bare filesystem path as an index location (air-gapped mirrors)."""
    if urllib.parse.urlparse(location).scheme in ("http", "https", "file"):
        return location
    return Path(location).expanduser().resolve().as_uri()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    reason = getattr(exc, "reason", None)
    return str(reason or exc)
