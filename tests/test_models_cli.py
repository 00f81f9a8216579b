"""`python -m service models ...` against the loopback stand-in index, in-process and as a real process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli import main
try:  # tests/ on sys.path (no tests/__init__.py); site-packages has a foreign `tests` package
    from test_install_index import built_packages, index, index_entry  # noqa: F401
except ImportError:
    from tests.test_install_index import built_packages, index, index_entry  # noqa: F401

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def models(tmp_path) -> Path:
    return tmp_path / "models"


def run(*argv: str) -> int:
    return main(["models", *argv])


def run_process(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", "models", *argv], cwd=REPO,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=120)


def installed_pairs(models: Path, capsys) -> list[str]:
    capsys.readouterr()
    assert run("list", "--json", "--models-dir", str(models)) == 0
    return [f"{p['from_code']}:{p['to_code']}" for p in json.loads(capsys.readouterr().out)]


def test_install_pairs_list_and_remove_round_trip(index, models, capsys):
    assert run("install", "en:ru", "ru:en", "--models-dir", str(models),
               "--index-url", index.index_url, "--no-progress") == 0
    out = capsys.readouterr().out
    assert "installed en→ru 1.0" in out and "installed ru→en 1.0" in out

    assert run("list", "--models-dir", str(models)) == 0
    listing = capsys.readouterr().out
    assert "2 package(s)" in listing
    assert "en→ru  English → Russian" in listing and "version 1.0" in listing

    assert run("remove", "en:ru", "--models-dir", str(models)) == 0
    assert "removed en→ru 1.0" in capsys.readouterr().out
    assert installed_pairs(models, capsys) == ["ru:en"]


def test_from_to_both_installs_the_pair_in_both_directions(index, models, capsys):
    assert run("install", "--from", "en", "--to", "ru", "--both", "--models-dir", str(models),
               "--index-url", index.index_url, "--no-progress") == 0
    assert installed_pairs(models, capsys) == ["en:ru", "ru:en"]


def test_list_json_reports_versions_sha256_and_source(index, models, capsys):
    run("install", "en:ru", "--models-dir", str(models), "--index-url", index.index_url, "--no-progress")
    capsys.readouterr()
    run("list", "--json", "--models-dir", str(models))
    (package,) = json.loads(capsys.readouterr().out)
    assert package["package_version"] == "1.0" and len(package["sha256"]) == 64
    assert package["source"].endswith("/translate-en_ru.argosmodel")
    assert Path(package["path"]).name == "translate-en_ru"


def test_install_a_local_argosmodel_file(built_packages, models, capsys):  # noqa: F811
    assert run("install", str(built_packages["ru_en"]), "--models-dir", str(models)) == 0
    assert "installed ru→en" in capsys.readouterr().out
    assert run("install", str(built_packages["ru_en"]), "--models-dir", str(models)) == 0
    assert "already installed" in capsys.readouterr().out


def test_available_lists_the_index(index, capsys):
    assert run("available", "--index-url", index.index_url) == 0
    out = capsys.readouterr().out
    assert "2 package(s)" in out and "en:ru" in out and "ru:en" in out


def test_list_on_an_empty_directory_says_how_to_install(models, capsys):
    assert run("list", "--models-dir", str(models)) == 0
    assert "python -m service models install en:ru ru:en" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["install"], "say what to install"),
    (["install", "en-ru"], "pair 'en-ru' is not FROM:TO"),
    (["install", "--from", "en"], "--from and --to go together"),
    (["remove"], "say which pair to remove"),
    (["remove", "en:kk"], "no en→kk package is installed"),
])
def test_bad_arguments_exit_1_with_a_readable_message(argv, message, models, capsys):
    assert run(*argv, "--models-dir", str(models)) == 1
    assert message in capsys.readouterr().err


def test_kazakh_from_the_index_exits_1_and_points_to_models_build(index, models):
    result = run_process("install", "en:kk", "--models-dir", str(models), "--index-url", index.index_url)
    assert result.returncode == 1
    assert "no en→kk package" in result.stderr
    assert "python -m service models build" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_index_exits_1_naming_url_flag_and_env(models):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/index.json"
    result = run_process("install", "en:ru", "--models-dir", str(models), env={"AUDARMA_INDEX_URL": dead})
    assert result.returncode == 1
    assert dead in result.stderr and "--index-url" in result.stderr and "AUDARMA_INDEX_URL" in result.stderr
    assert not models.exists() or not any(p for p in models.iterdir() if not p.name.startswith(".audarma-install"))


def test_environment_sets_models_dir_and_index_for_a_real_process(index, models):
    env = {"AUDARMA_MODELS_DIR": str(models), "AUDARMA_INDEX_URL": index.index_url}
    assert run_process("install", "ru:en", env=env).returncode == 0
    listed = run_process("list", "--json", env=env)
    assert [p["to_code"] for p in json.loads(listed.stdout)] == ["en"]
    assert listed.stderr == ""


def test_interrupted_download_exits_1_and_installs_nothing(index, built_packages, models):  # noqa: F811
    data = built_packages["en_ru"].read_bytes()
    index.publish([index_entry("en", "ru", index.add_file("cut.argosmodel", data, mode="truncate"),
                               data, with_checks=False)])
    result = run_process("install", "en:ru", "--models-dir", str(models), "--index-url", index.index_url)
    assert result.returncode == 1 and "download interrupted" in result.stderr
    assert [p.name for p in models.iterdir()] == [".audarma-install.lock"]


def test_list_puts_back_a_package_whose_upgrade_was_killed_and_says_so(built_packages, models, capsys):  # noqa: F811
    run("install", str(built_packages["ru_en"]), "--models-dir", str(models))
    package = models / "translate-ru_en"
    (models / ".audarma-tmp-dead").mkdir()
    package.rename(models / ".audarma-tmp-dead" / "previous")
    capsys.readouterr()
    assert run("list", "--models-dir", str(models)) == 0
    captured = capsys.readouterr()
    assert "restored ru→en" in captured.err and "interrupted" in captured.err
    assert "ru→en" in captured.out and package.is_dir()
