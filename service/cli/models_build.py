"""`python -m service models build SOURCE --from en --to kk [--source-token '>>kaz_Cyrl<<']`.

Turns an OPUS-MT / Tatoeba-MT release zip (or a Hugging Face Marian folder) into an
``.argosmodel`` and optionally installs it, so Kazakh, which has no Argos package, can be
served offline. Progress goes to stderr so stdout stays a clean summary for scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from service.config import add_settings_arguments, load_settings

EXAMPLE = ("Example: python -m service models build opus1m+bt-2021-04-10.zip --from en --to kk "
           "--source-token '>>kaz_Cyrl<<' --install (see docs/kazakh.md)")


def register_build(models_subparsers: argparse._SubParsersAction) -> None:
    from service.engine.build import QUANTIZATIONS, SUPPORTED_LANGUAGES

    parser = models_subparsers.add_parser(
        "build", help="build an .argosmodel from an OPUS-MT / Tatoeba-MT Marian model",
        description="Convert an OPUS-MT / Tatoeba-MT release zip (decoder.yml, *.npz, "
                    "*.vocab.yml, source.spm, target.spm) or a Hugging Face Marian folder "
                    "into an Argos package with an int8 CTranslate2 model. " + EXAMPLE)
    parser.add_argument("source", metavar="SOURCE", type=Path,
                        help="release .zip, its unpacked folder, or a Hugging Face Marian folder")
    languages = ", ".join(SUPPORTED_LANGUAGES)
    parser.add_argument("--from", dest="from_code", required=True, metavar="CODE",
                        help=f"source language ({languages})")
    parser.add_argument("--to", dest="to_code", required=True, metavar="CODE",
                        help=f"target language ({languages})")
    parser.add_argument("--source-token", metavar="TOKEN",
                        help="language token put before every sentence, required for "
                             "multilingual models, e.g. '>>kaz_Cyrl<<'")
    parser.add_argument("--target-prefix", metavar="TOKEN",
                        help="token forced at the start of every output (rarely needed)")
    parser.add_argument("--out", type=Path, metavar="FILE.argosmodel",
                        help="output file (default: ./translate-FROM_TO-VERSION.argosmodel)")
    parser.add_argument("--quantization", default="int8", choices=QUANTIZATIONS,
                        help="CTranslate2 weight type (default int8)")
    parser.add_argument("--package-version", default="1.0", help="version in metadata.json")
    parser.add_argument("--license", help="licence to record (default: read the release's LICENSE)")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    parser.add_argument("--install", action="store_true",
                        help="install the package into the models directory afterwards")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    add_settings_arguments(parser, ["models_dir"])
    parser.set_defaults(func=run_build)


def run_build(args: argparse.Namespace) -> int:
    from service.engine.build import BuildOptions, build_package

    options = BuildOptions(
        source=args.source, from_code=args.from_code, to_code=args.to_code, out=args.out,
        source_token=args.source_token, target_prefix=args.target_prefix,
        quantization=args.quantization, package_version=args.package_version,
        license=args.license, force=args.force)
    result = build_package(options, progress=_stderr)
    summary = {"path": str(result.path), "size_bytes": result.size_bytes,
               "from_code": options.from_code, "to_code": options.to_code,
               "source_token": result.metadata.get("source_token"), "installed": None}
    if args.install:
        summary["installed"] = _install(result.path, load_settings(args).models_dir)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        token = summary["source_token"] or "none"
        print(f"built {result.path} ({options.from_code}→{options.to_code}, token {token})")
        if summary["installed"]:
            print(f"installed into {summary['installed']}")
    return 0


def _install(package: Path, models_dir: Path) -> str:
    from service.engine.install import install_from_file

    _stderr(f"installing into {models_dir}")
    result = install_from_file(models_dir, package, force=True)
    return str(result.package.path)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
