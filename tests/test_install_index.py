"""Package install from a stand-in Argos index on loopback: happy path and every way it can fail.

The index server is a real ``http.server`` on 127.0.0.1 (port 0) serving index.json and
real ``.argosmodel`` files built by tools/build_test_package.py; it can also misbehave on
purpose (close the connection mid-body, 404). A failed install must leave ``models_dir``
exactly as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import socket
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from service.engine import install
from service.errors import InvalidInput, NotFound, PackageInstallError
from tools.build_test_package import build_test_package


# --------------------------------------------------------------------------- stand-in index

@dataclass
class Route:
    body: bytes
    mode: str = "ok"          # ok | truncate (full Content-Length, half the body, close) | 404


@dataclass
class StandInIndex:
    """A loopback HTTP server whose routes a test can change while it runs."""

    base: str
    routes: dict[str, Route]
    hits: dict[str, int] = field(default_factory=dict)

    @property
    def index_url(self) -> str:
        return self.base + "/index.json"

    def publish(self, entries: list[dict]) -> None:
        self.routes["/index.json"] = Route(json.dumps(entries).encode())

    def add_file(self, name: str, data: bytes, mode: str = "ok") -> str:
        self.routes["/" + name] = Route(data, mode)
        return self.base + "/" + name


@contextlib.contextmanager
def serve_index():
    routes: dict[str, Route] = {}
    hits: dict[str, int] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            hits[self.path] = hits.get(self.path, 0) + 1
            route = routes.get(self.path)
            if route is None or route.mode == "404":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            if route.mode == "truncate":
                self.wfile.write(route.body[: len(route.body) // 2])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            self.wfile.write(route.body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield StandInIndex(f"http://127.0.0.1:{server.server_address[1]}", routes, hits)
    finally:
        server.shutdown()
        server.server_close()


def index_entry(from_code: str, to_code: str, link: str, data: bytes | None = None, *,
                version: str = "1.0", with_checks: bool = True, **overrides) -> dict:
    """An argospm-format entry; ``size``/``sha256`` are our optional extension fields."""
    entry = {"package_version": version, "argos_version": "1.0", "from_code": from_code,
             "from_name": from_code.upper(), "to_code": to_code, "to_name": to_code.upper(),
             "links": [link], "code": f"translate-{from_code}_{to_code}"}
    if with_checks and data is not None:
        entry["size"] = len(data)
        entry["sha256"] = hashlib.sha256(data).hexdigest()
    entry.update(overrides)
    return entry


def repack(source: Path, target: Path, *, metadata: dict | None = None, top: str | None = None,
           drop: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """Copy an .argosmodel changing its metadata, top folder name, or dropping/adding members."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            original_top, _, rest = info.filename.partition("/")
            if drop and rest.startswith(drop):
                continue
            data = src.read(info.filename)
            if rest == "metadata.json" and metadata is not None:
                data = json.dumps({**json.loads(data), **metadata}).encode()
            dst.writestr(f"{top or original_top}/{rest}", data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return target.read_bytes()


def snapshot(models_dir: Path) -> list[tuple[str, int]]:
    """Every path under models_dir with its size, except our install lock file."""
    return sorted((str(p.relative_to(models_dir)), p.stat().st_size if p.is_file() else -1)
                  for p in models_dir.rglob("*") if p.name != ".audarma-install.lock")


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def built_packages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("index-packages")
    packages = {}
    for src, tgt in (("en", "ru"), ("ru", "en")):
        path = out / f"translate-{src}_{tgt}.argosmodel"
        build_test_package(path, src, tgt, size="tiny", kind="random")
        packages[f"{src}_{tgt}"] = path
    return packages


@pytest.fixture
def index(built_packages):
    with serve_index() as server:
        entries = []
        for pair, path in built_packages.items():
            src, tgt = pair.split("_")
            data = path.read_bytes()
            link = server.add_file(path.name, data)
            entries.append(index_entry(src, tgt, link, data))
        server.publish(entries)
        yield server


@pytest.fixture
def target(tmp_path) -> Path:
    return tmp_path / "models"


def install_fails(models_dir: Path, index: StandInIndex, match: str, pair=("en", "ru")) -> str:
    """Install must raise PackageInstallError matching ``match`` and change nothing on disk."""
    models_dir.mkdir(exist_ok=True)
    before = snapshot(models_dir)
    with pytest.raises(PackageInstallError, match=match) as info:
        install.install_from_index(models_dir, index.index_url, *pair, progress=False)
    assert snapshot(models_dir) == before
    assert not [p for p in models_dir.iterdir() if p.name.startswith(".audarma-tmp")]
    return info.value.message


# --------------------------------------------------------------------------- happy path

def test_install_from_index_places_a_loadable_package_and_records_its_sha256(index, target, built_packages):
    result = install.install_from_index(target, index.index_url, "en", "ru", progress=False)

    assert result.action == "installed"
    package = result.package
    assert (package.from_code, package.to_code, package.package_version) == ("en", "ru", "1.0")
    assert package.path == target / "translate-en_ru"
    assert (package.path / "model" / "model.bin").is_file()
    assert package.sha256 == hashlib.sha256(built_packages["en_ru"].read_bytes()).hexdigest()
    assert package.source == index.base + "/translate-en_ru.argosmodel"
    assert [p.name for p in target.iterdir() if not p.name.startswith(".audarma-install")] == ["translate-en_ru"]


def test_installed_package_translates_through_ctranslate2_and_sentencepiece(index, target):
    import ctranslate2
    import sentencepiece

    path = install.install_from_index(target, index.index_url, "en", "ru", progress=False).package.path
    sp = sentencepiece.SentencePieceProcessor(model_file=str(path / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(path / "model"), device="cpu", intra_threads=1)
    tokens = sp.encode("The court issued its ruling.", out_type=str)
    result = translator.translate_batch([tokens], max_decoding_length=8)
    assert result[0].hypotheses[0]  # random weights: any tokens, but the real path ran


def test_list_installed_shows_both_directions_with_names_and_versions(index, target):
    install.install_from_index(target, index.index_url, "en", "ru", progress=False)
    install.install_from_index(target, index.index_url, "ru", "en", progress=False)

    listed = install.list_installed(target)
    assert [(p.from_code, p.to_code, p.package_version) for p in listed] == [
        ("en", "ru", "1.0"), ("ru", "en", "1.0")]
    assert all(p.size_bytes > 0 and p.installed_at for p in listed)


def test_same_version_already_installed_is_not_downloaded_again(index, target):
    install.install_from_index(target, index.index_url, "en", "ru", progress=False)
    result = install.install_from_index(target, index.index_url, "en", "ru", progress=False)

    assert result.action == "unchanged"
    assert index.hits["/translate-en_ru.argosmodel"] == 1


def test_force_reinstalls_the_same_version(index, target):
    install.install_from_index(target, index.index_url, "en", "ru", progress=False)
    result = install.install_from_index(target, index.index_url, "en", "ru", progress=False, force=True)
    assert result.action == "replaced"
    assert index.hits["/translate-en_ru.argosmodel"] == 2


def test_newer_version_in_the_index_replaces_the_installed_package(index, target, built_packages, tmp_path):
    install.install_from_index(target, index.index_url, "en", "ru", progress=False)
    data = repack(built_packages["en_ru"], tmp_path / "v2.argosmodel", metadata={"package_version": "1.1"})
    index.publish([index_entry("en", "ru", index.add_file("v2.argosmodel", data), data, version="1.1")])

    result = install.install_from_index(target, index.index_url, "en", "ru", progress=False)

    assert (result.action, result.replaced_version) == ("replaced", "1.0")
    assert [(p.pair, p.package_version) for p in install.list_installed(target)] == [("en→ru", "1.1")]


def test_relative_links_resolve_against_the_index_url(index, target, built_packages):
    data = built_packages["en_ru"].read_bytes()
    index.publish([index_entry("en", "ru", "translate-en_ru.argosmodel", data)])
    assert install.install_from_index(target, index.index_url, "en", "ru", progress=False).action == "installed"


def test_second_link_is_used_when_the_first_fails(index, target, built_packages):
    data = built_packages["en_ru"].read_bytes()
    good = index.add_file("mirror.argosmodel", data)
    index.publish([index_entry("en", "ru", index.base + "/missing.argosmodel", data, links=[
        index.base + "/missing.argosmodel", good])])
    result = install.install_from_index(target, index.index_url, "en", "ru", progress=False)
    assert result.package.source == good


def test_index_without_size_or_checksum_still_installs_after_validation(index, target, built_packages):
    data = built_packages["en_ru"].read_bytes()
    index.publish([index_entry("en", "ru", index.add_file("plain.argosmodel", data), data, with_checks=False)])
    package = install.install_from_index(target, index.index_url, "en", "ru", progress=False).package
    assert package.sha256 == hashlib.sha256(data).hexdigest()


def test_progress_bar_goes_to_stderr_only_when_asked(index, target, capfd):
    install.install_from_index(target, index.index_url, "en", "ru", progress=False)
    assert capfd.readouterr().err == ""
    install.install_from_index(target, index.index_url, "ru", "en", progress=True)
    captured = capfd.readouterr()
    assert "translate-ru_en.argosmodel" in captured.err and "100%" in captured.err
    assert captured.out == ""


# --------------------------------------------------------------------------- failures

def test_connection_closed_mid_download_installs_nothing(index, target, built_packages):
    data = built_packages["en_ru"].read_bytes()
    index.publish([index_entry("en", "ru", index.add_file("cut.argosmodel", data, mode="truncate"),
                               data, with_checks=False)])
    message = install_fails(target, index, "interrupted")
    assert f"received {len(data) // 2} of {len(data)} bytes" in message


def test_truncated_file_served_in_full_fails_the_index_size_check(index, target, built_packages):
    data = built_packages["en_ru"].read_bytes()
    short = data[: len(data) - 1000]
    index.publish([index_entry("en", "ru", index.add_file("short.argosmodel", short), data)])
    install_fails(target, index, f"size mismatch: index says {len(data)} bytes, received {len(short)}")


def test_truncated_file_without_index_checks_fails_zip_validation(index, target, built_packages):
    short = built_packages["en_ru"].read_bytes()[:-1000]
    index.publish([index_entry("en", "ru", index.add_file("short.argosmodel", short), short,
                               with_checks=False)])
    install_fails(target, index, "not an Argos package|corrupt archive")


def test_wrong_checksum_is_rejected(index, target, built_packages):
    data = built_packages["en_ru"].read_bytes()
    index.publish([index_entry("en", "ru", index.add_file("x.argosmodel", data), data,
                               sha256="0" * 64)])
    install_fails(target, index, "sha256 mismatch")


def test_corrupted_bytes_inside_the_zip_fail_the_crc_check(index, target, built_packages):
    data = bytearray(built_packages["en_ru"].read_bytes())
    with zipfile.ZipFile(built_packages["en_ru"]) as zf:
        info = max(zf.infolist(), key=lambda i: i.compress_size)
        middle = info.header_offset + len(info.FileHeader()) + info.compress_size // 2
    data[middle] ^= 0xFF
    index.publish([index_entry("en", "ru", index.add_file("flip.argosmodel", bytes(data)), bytes(data))])
    install_fails(target, index, "corrupt archive")


def test_archive_whose_metadata_has_other_codes_is_refused(index, target, built_packages, tmp_path):
    data = repack(built_packages["en_ru"], tmp_path / "w.argosmodel", metadata={"to_code": "kk"})
    index.publish([index_entry("en", "ru", index.add_file("w.argosmodel", data), data)])
    install_fails(target, index, "index offers en→ru but the archive's metadata.json says en→kk")


def test_archive_whose_version_differs_from_the_index_is_refused(index, target, built_packages, tmp_path):
    data = repack(built_packages["en_ru"], tmp_path / "v.argosmodel", metadata={"package_version": "9.9"})
    index.publish([index_entry("en", "ru", index.add_file("v.argosmodel", data), data)])
    install_fails(target, index, "index offers version 1.0 .* says 9.9")


@pytest.mark.parametrize("change, match", [
    ({"drop": "model/"}, r"no CTranslate2 model"),
    ({"drop": "sentencepiece.model"}, r"no tokenizer"),
    ({"drop": "metadata.json"}, r"no .*metadata.json"),
    ({"extra": {"second/readme.txt": b"x"}}, r"exactly one top folder"),
    ({"extra": {"pkg/../../escape.txt": b"x"}}, r"unsafe path"),
])
def test_archive_with_a_bad_layout_is_refused(index, target, built_packages, tmp_path, change, match):
    data = repack(built_packages["en_ru"], tmp_path / "bad.argosmodel", **change)
    index.publish([index_entry("en", "ru", index.add_file("bad.argosmodel", data), data)])
    install_fails(target, index, match)


def test_not_a_zip_is_refused(index, target):
    data = b"<html>captive portal</html>"
    index.publish([index_entry("en", "ru", index.add_file("portal.argosmodel", data), data)])
    install_fails(target, index, "not a zip archive")


def test_every_link_failing_lists_each_failure(index, target):
    index.publish([index_entry("en", "ru", "", None, links=[
        index.base + "/gone1.argosmodel", index.base + "/gone2.argosmodel"])])
    message = install_fails(target, index, "could not download en→ru")
    assert "gone1" in message and "gone2" in message and "404" in message


def test_failed_upgrade_keeps_the_installed_package_working(index, target, built_packages, tmp_path):
    install.install_from_index(target, index.index_url, "en", "ru", progress=False)
    data = repack(built_packages["en_ru"], tmp_path / "v2.argosmodel", metadata={"package_version": "1.1"})
    index.publish([index_entry("en", "ru", index.add_file("v2.argosmodel", data, mode="truncate"),
                               data, version="1.1")])
    install_fails(target, index, "interrupted")
    assert [(p.pair, p.package_version) for p in install.list_installed(target)] == [("en→ru", "1.0")]


def test_unknown_pair_lists_what_the_index_has_and_how_to_get_kazakh(index, target):
    with pytest.raises(NotFound) as info:
        install.install_from_index(target, index.index_url, "en", "kk", progress=False)
    message = info.value.message
    assert "no en→kk package" in message and "en→ru, ru→en" in message
    assert "python -m service models build" in message and "docs/kazakh.md" in message


def test_unreachable_index_names_the_url_and_how_to_change_it(target):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/index.json"
    with pytest.raises(PackageInstallError) as info:
        install.install_from_index(target, dead, "en", "ru", progress=False)
    assert dead in info.value.message
    assert "--index-url" in info.value.message and "AUDARMA_INDEX_URL" in info.value.message


def test_index_that_is_not_json_is_reported(index, target):
    index.routes["/index.json"] = Route(b"<html>not json</html>")
    with pytest.raises(PackageInstallError, match="not valid JSON"):
        install.install_from_index(target, index.index_url, "en", "ru", progress=False)


def test_local_index_file_path_works_for_air_gapped_mirrors(built_packages, target, tmp_path):
    data = built_packages["en_ru"].read_bytes()
    (tmp_path / "index.json").write_text(json.dumps([
        index_entry("en", "ru", built_packages["en_ru"].as_uri(), data)]))
    result = install.install_from_index(target, str(tmp_path / "index.json"), "en", "ru", progress=False)
    assert result.action == "installed"


# --------------------------------------------------------------------------- files, list, remove

def test_install_from_file_then_same_file_again_is_unchanged(built_packages, target):
    first = install.install_from_file(target, built_packages["ru_en"])
    second = install.install_from_file(target, built_packages["ru_en"])
    assert (first.action, second.action) == ("installed", "unchanged")
    assert first.package.source == str(built_packages["ru_en"].resolve())


def test_install_from_a_missing_file_names_the_path(target, tmp_path):
    with pytest.raises(InvalidInput, match="nothere.argosmodel does not exist"):
        install.install_from_file(target, tmp_path / "nothere.argosmodel")


def test_bad_local_file_leaves_models_dir_unchanged(built_packages, target, tmp_path):
    install.install_from_file(target, built_packages["en_ru"])
    before = snapshot(target)
    bad = tmp_path / "bad.argosmodel"
    repack(built_packages["ru_en"], bad, drop="model/")
    with pytest.raises(PackageInstallError, match="no CTranslate2 model"):
        install.install_from_file(target, bad)
    assert snapshot(target) == before


def test_remove_deletes_only_that_pair(built_packages, target):
    install.install_from_file(target, built_packages["en_ru"])
    install.install_from_file(target, built_packages["ru_en"])
    removed = install.remove(target, "en", "ru")
    assert removed.pair == "en→ru" and not removed.path.exists()
    assert [p.pair for p in install.list_installed(target)] == ["ru→en"]
    assert not [p for p in target.iterdir() if p.name.startswith(".audarma-tmp")]


def test_removing_a_pair_that_is_not_installed_says_what_is(built_packages, target):
    install.install_from_file(target, built_packages["ru_en"])
    with pytest.raises(NotFound, match=r"no en→kk package is installed .*installed: ru→en"):
        install.remove(target, "en", "kk")


def test_list_skips_staging_leftovers_and_directories_without_metadata(built_packages, target):
    install.install_from_file(target, built_packages["en_ru"])
    (target / ".audarma-tmp-killed" / "extract" / "x").mkdir(parents=True)
    (target / "junk").mkdir()
    (target / "broken").mkdir()
    (target / "broken" / "metadata.json").write_text("{not json")
    assert [p.pair for p in install.list_installed(target)] == ["en→ru"]
    assert install.list_installed(target / "does-not-exist") == []


def test_an_upgrade_killed_between_its_two_renames_is_undone_by_the_next_install(built_packages, target):
    """The old package was moved into staging and the process died before the new one was
    renamed in: the pair has no package. The next locked operation puts the old one back."""
    install.install_from_file(target, built_packages["en_ru"])
    (installed,) = install.list_installed(target)
    staging = target / ".audarma-tmp-killed"
    staging.mkdir()
    installed.path.rename(staging / "previous")
    (staging / "extract").mkdir()
    assert install.list_installed(target) == []
    install.install_from_file(target, built_packages["ru_en"])
    assert [p.pair for p in install.list_installed(target)] == ["en→ru", "ru→en"]
    assert not staging.exists()


def test_recover_interrupted_reports_what_it_put_back_and_clears_dead_staging(built_packages, target):
    install.install_from_file(target, built_packages["en_ru"])
    (installed,) = install.list_installed(target)
    (target / ".audarma-tmp-a").mkdir()
    installed.path.rename(target / ".audarma-tmp-a" / "previous")
    (target / ".audarma-tmp-b" / "extract").mkdir(parents=True)     # a killed download
    restored = install.recover_interrupted(target)
    assert [p.pair for p in restored] == ["en→ru"]
    assert [p.pair for p in install.list_installed(target)] == ["en→ru"]
    assert not list(target.glob(".audarma-tmp-*"))
    assert install.recover_interrupted(target) == []


def test_a_killed_removal_is_finished_not_undone(built_packages, target):
    """A removal renames the package to staging/removed before deleting it: the pair stays removed."""
    install.install_from_file(target, built_packages["en_ru"])
    (installed,) = install.list_installed(target)
    (target / ".audarma-tmp-r").mkdir()
    installed.path.rename(target / ".audarma-tmp-r" / "removed")
    assert install.recover_interrupted(target) == []
    assert install.list_installed(target) == []
    assert not (target / ".audarma-tmp-r").exists()


def test_recovery_never_overwrites_a_package_installed_since(built_packages, target):
    install.install_from_file(target, built_packages["en_ru"])
    (installed,) = install.list_installed(target)
    (target / ".audarma-tmp-old").mkdir()
    installed.path.rename(target / ".audarma-tmp-old" / "previous")
    install.install_from_file(target, built_packages["en_ru"], force=True)     # recovers first
    assert [p.pair for p in install.list_installed(target)] == ["en→ru"]
    assert not list(target.glob(".audarma-tmp-*"))
