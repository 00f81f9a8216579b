"""The Dockerfile, checked without a Docker engine.

What can be proved here: the instructions (slim base, non-root user, HEALTHCHECK, no torch,
settings in the environment), that every COPY source exists and is not excluded by
.dockerignore, and that the RUN shell snippets hand our CLI arguments it accepts (the snippets
run under /bin/sh with ``python`` on PATH replaced by a recorder; the recorded arguments are
parsed by the real ``python -m service`` parser).
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.cli import build_parser

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = REPO / "Dockerfile"


@dataclass(frozen=True)
class Instruction:
    keyword: str
    value: str


def parse_dockerfile(text: str) -> list[Instruction]:
    """Join continuation lines, drop comments, split KEYWORD from the rest."""
    instructions, pending = [], ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if pending and line.lstrip().startswith("#"):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1]  # Docker joins continuation lines without a newline
            continue
        keyword, _, value = pending.strip().partition(" ")
        instructions.append(Instruction(keyword.upper(), value.strip()))
        pending = ""
    return instructions


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    return parse_dockerfile(DOCKERFILE.read_text())


def values(instructions: list[Instruction], keyword: str) -> list[str]:
    return [i.value for i in instructions if i.keyword == keyword]


def build_args(instructions: list[Instruction]) -> dict[str, str]:
    args = {}
    for value in values(instructions, "ARG"):
        name, _, default = value.partition("=")
        args[name] = shlex.split(default)[0] if default else ""
    return args


def test_both_stages_use_python_311_slim(instructions):
    assert instructions[0].keyword == "FROM"
    assert values(instructions, "FROM") == ["python:3.11-slim AS build", "python:3.11-slim"]


def test_the_wheel_is_built_with_a_compiler_and_the_image_checks_the_hot_path_compiled(instructions):
    """The compiler lives only in the build stage; the final stage refuses to finish if the
    glossary hot path came out as plain Python (a silent 1.3x slowdown otherwise)."""
    runs = values(instructions, "RUN")
    final_from = [n for n, i in enumerate(instructions) if i.keyword == "FROM"][-1]
    build_runs = [i.value for i in instructions[:final_from] if i.keyword == "RUN"]
    final_runs = [i.value for i in instructions[final_from:] if i.keyword == "RUN"]
    assert any("gcc" in run for run in build_runs) and any("pip wheel" in run for run in build_runs)
    assert not any("gcc" in run for run in final_runs)
    assert any("COMPILED" in run for run in final_runs)
    assert "--from=build /wheels /tmp/wheels" in values(instructions, "COPY")
    for copied in ("setup.py", "MANIFEST.in", "service/glossary/hotpath.pxd"):
        assert (REPO / copied).exists()
    assert len(runs) == len(build_runs) + len(final_runs)


def test_service_runs_as_a_non_root_user_created_in_the_image(instructions):
    users = values(instructions, "USER")
    assert users and users[-1] not in ("root", "0")
    assert any(f"useradd" in run and users[-1] in run for run in values(instructions, "RUN"))
    # the user switch comes before model installs, so the models belong to the service user
    keywords = [(i.keyword, i.value) for i in instructions]
    user_at = keywords.index(("USER", users[-1]))
    install_at = next(n for n, (k, v) in enumerate(keywords) if k == "RUN" and "models install" in v)
    assert user_at < install_at


def test_no_torch_and_a_build_step_that_fails_if_torch_is_installed(instructions):
    text = DOCKERFILE.read_text()
    installs = [run for run in values(instructions, "RUN") if "pip install" in run]
    assert installs and not any(re.search(r"\btorch\b", run.split("&&")[0]) for run in installs)
    assert any("find_spec('torch')" in run for run in installs)
    assert "argostranslate " not in text and "stanza" not in text


def test_healthcheck_probes_health_with_python_not_curl(instructions):
    (health,) = values(instructions, "HEALTHCHECK")
    assert "/health" in health and "curl" not in health and "wget" not in health
    command = health[health.index("CMD") + 3:].strip()
    argv = eval(command)  # exec form: a JSON/Python list of strings
    assert argv[:2] == ["python", "-c"]
    compile(argv[2], "<healthcheck>", "exec")


def test_settings_point_at_baked_models_and_glossaries(instructions):
    env = "\n".join(values(instructions, "ENV"))
    assert "AUDARMA_MODELS_DIR=/opt/audarma/models" in env
    assert "AUDARMA_GLOSSARY_DIR=/opt/audarma/glossaries" in env
    assert "glossaries /opt/audarma/glossaries" in values(instructions, "COPY")


def test_cmd_serves_on_all_interfaces_through_our_cli(instructions):
    (cmd,) = values(instructions, "CMD")
    argv = eval(cmd)
    assert argv[:4] == ["python", "-m", "service", "serve"]
    args = build_parser().parse_args(argv[3:])
    assert args.host == "0.0.0.0" and args.port == "8000"


def test_every_copy_source_exists_and_is_not_dockerignored(instructions):
    ignored = [line.strip() for line in (REPO / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    for value in values(instructions, "COPY"):
        *sources, _dest = value.split()
        if sources and sources[0].startswith("--from="):
            continue                    # copied from the build stage, not from the context
        for source in sources:
            assert (REPO / source).exists(), f"COPY source {source} is missing from the repo"
            assert not any(fnmatch.fnmatch(source, pattern) for pattern in ignored), source


def test_dockerignore_keeps_the_virtualenv_and_git_history_out():
    ignored = set((REPO / ".dockerignore").read_text().split())
    assert {".venv", ".git", "*.argosmodel"} <= ignored


def test_models_build_arg_defaults_to_english_russian_both_ways(instructions):
    assert build_args(instructions)["MODELS"] == "en:ru ru:en"
    assert build_args(instructions)["KK_MODELS"] == ""


# --------------------------------------------------------------------------- RUN snippets

def run_snippet(snippet: str, tmp_path: Path, env: dict[str, str]) -> list[list[str]]:
    """Run a RUN body under /bin/sh with a `python` that records its argv (one call per line)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "calls"
    recorder = bin_dir / "python"
    recorder.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done >> {log}\necho >> {log}\n')
    recorder.chmod(0o755)
    subprocess.run(["/bin/sh", "-c", snippet], check=True, timeout=30,
                   env={"PATH": f"{bin_dir}:{os.environ['PATH']}", **env})
    if not log.exists():
        return []
    return [line.strip("\0").split("\0") for line in log.read_text().splitlines() if line]


def snippet_containing(instructions: list[Instruction], text: str) -> str:
    (run,) = [v for v in values(instructions, "RUN") if text in v]
    return run


def test_models_arg_becomes_a_models_install_our_cli_accepts(instructions, tmp_path):
    snippet = snippet_containing(instructions, "models install")
    args = build_args(instructions)
    (call,) = run_snippet(snippet, tmp_path, {"MODELS": args["MODELS"], "INDEX_URL": args["INDEX_URL"]})
    assert call[:4] == ["-m", "service", "models", "install"]
    parsed = build_parser().parse_args(call[2:])
    assert parsed.targets == ["en:ru", "ru:en"] and parsed.index_url == args["INDEX_URL"]
    assert parsed.progress is False


def test_empty_models_arg_installs_nothing(instructions, tmp_path):
    snippet = snippet_containing(instructions, "models install")
    assert run_snippet(snippet, tmp_path, {"MODELS": "", "INDEX_URL": "x"}) == []


def test_kazakh_build_arg_runs_download_then_models_build_with_the_token(instructions, tmp_path):
    snippet = snippet_containing(instructions, "models build")
    spec = ("en:kk|https://example.org/eng-trk.zip|>>kaz_Cyrl<< "
            "kk:en|https://example.org/trk-eng.zip")  # the token field may be left out
    calls = run_snippet(snippet, tmp_path, {"KK_MODELS": spec})
    downloads = [c for c in calls if c[0] == "-c"]
    builds = [c for c in calls if c[2:4] == ["models", "build"]]
    assert [d[2:] for d in downloads] == [["https://example.org/eng-trk.zip", "/tmp/release.zip"],
                                          ["https://example.org/trk-eng.zip", "/tmp/release.zip"]]
    first, second = (build_parser().parse_args(b[2:]) for b in builds)
    assert (first.from_code, first.to_code, first.source_token) == ("en", "kk", ">>kaz_Cyrl<<")
    assert (second.from_code, second.to_code, second.source_token) == ("kk", "en", None)
    assert first.install and str(first.source) == "/tmp/release.zip"
    assert calls[-1][2:] == ["models", "list"]


def test_empty_kazakh_arg_builds_nothing(instructions, tmp_path):
    calls = run_snippet(snippet_containing(instructions, "models build"), tmp_path, {"KK_MODELS": ""})
    assert [c[2:] for c in calls] == [["models", "list"]]


def test_every_run_snippet_is_valid_sh(instructions):
    for run in values(instructions, "RUN"):
        subprocess.run(["/bin/sh", "-n", "-c", run], check=True, timeout=10)


# --------------------------------------------------------------------------- scripts/serve

def test_serve_script_is_strict_valid_bash_that_ends_in_the_serve_command():
    script = REPO / "scripts" / "serve"
    text = script.read_text()
    assert os.access(script, os.X_OK)
    assert "set -euo pipefail" in text
    subprocess.run(["bash", "-n", str(script)], check=True, timeout=10)
    last = [line for line in text.splitlines() if line.strip()][-1]
    assert last.startswith("exec ") and "-m service serve" in last
    assert "models install en:ru ru:en" in text
