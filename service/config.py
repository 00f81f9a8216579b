"""All configuration in one place.

Every setting has an environment variable (prefix ``AUDARMA_``) and a CLI flag of the
same name (``AUDARMA_MODELS_DIR`` <-> ``--models-dir``). Precedence: CLI flag, then
environment, then the default here. Nothing else in the code reads the environment.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

ENV_PREFIX = "AUDARMA_"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"


def _default_models_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "audarma" / "packages"


def _default_glossary_dir() -> Path:
    return REPO_ROOT / "glossaries"


@dataclass(frozen=True)
class Settings:
    """Runtime settings. ``help`` metadata feeds the CLI and the README table."""

    models_dir: Path = field(default_factory=_default_models_dir,
                             metadata={"help": "directory of installed Argos packages"})
    glossary_dir: Path = field(default_factory=_default_glossary_dir,
                               metadata={"help": "directory of glossary YAML files"})
    index_url: str = field(default=DEFAULT_INDEX_URL,
                           metadata={"help": "Argos package index (used only by `models install`)"})
    host: str = field(default="127.0.0.1", metadata={"help": "address to listen on"})
    port: int = field(default=8000, metadata={"help": "port to listen on"})
    inter_threads: int = field(default=1, metadata={"help": "CTranslate2 workers per model"})
    intra_threads: int = field(default=0, metadata={"help": "threads per CTranslate2 worker (0 = auto: cores-1 split among workers)"})
    max_batch_tokens: int = field(default=4096, metadata={"help": "tokens per CTranslate2 batch"})
    char_limit: int = field(default=20000, metadata={"help": "max characters in one text (413 above)"})
    batch_char_limit: int = field(default=100000,
                                  metadata={"help": "max characters in one request (413 above)"})
    batch_items_limit: int = field(default=256, metadata={"help": "max items in one batch request"})
    glossary_reload_seconds: float = field(
        default=2.0, metadata={"help": "how often the server checks glossary files (0 = never)"})
    default_style: str = field(default="default", metadata={"help": "glossary house style"})
    inline_terms_limit: int = field(
        default=200, metadata={"help": "max inline glossary terms (glossary_terms) per request"})
    alternatives_limit: int = field(
        default=3, metadata={"help": "max alternatives a /translate request may ask for"})
    log_level: str = field(default="info", metadata={"help": "log level"})

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _coerce(f, raw)
        return cls(**values)

    def with_args(self, args: argparse.Namespace) -> "Settings":
        """Overlay CLI flags that were given (None means 'not given')."""
        values = {}
        for f in fields(self):
            value = getattr(args, f.name, None)
            if value is not None:
                values[f.name] = _coerce(f, value)
        return replace(self, **values)


def _coerce(f, raw):
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    if "Path" in kind:
        return Path(raw).expanduser()
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    return str(raw)


def add_settings_arguments(parser: argparse.ArgumentParser, names: list[str] | None = None) -> None:
    """Add ``--flag`` for each setting (or the named ones); defaults stay None so env wins."""
    for f in fields(Settings):
        if names is not None and f.name not in names:
            continue
        flag = "--" + f.name.replace("_", "-")
        env = ENV_PREFIX + f.name.upper()
        parser.add_argument(flag, dest=f.name, default=None,
                            help=f"{f.metadata.get('help', '')} [env {env}]")


def load_settings(args: argparse.Namespace | None = None) -> Settings:
    settings = Settings.from_env()
    return settings.with_args(args) if args is not None else settings
