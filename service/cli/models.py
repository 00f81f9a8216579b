"""`python -m service models list | available | install | remove`.

Pairs are written ``en:ru``; ``install en:ru ru:en`` is what the Dockerfile's ``MODELS``
build argument expands to, and ``--from en --to ru --both`` is the same thing spelled
out. A path ending in ``.argosmodel`` installs that file instead of reading the index.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from service.config import add_settings_arguments, load_settings
from service.errors import InvalidInput

PATH_FLAGS = ["models_dir"]
INDEX_FLAGS = ["models_dir", "index_url"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="list, install and remove translation packages")
    models = parser.add_subparsers(dest="models_command", metavar="ACTION")
    parser.set_defaults(func=lambda args: _help(parser))
    _register_list(models)
    _register_available(models)
    _register_install(models)
    _register_remove(models)
    try:
        from service.cli.models_build import register_build
    except ImportError:
        pass
    else:
        register_build(models)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _register_list(models: argparse._SubParsersAction) -> None:
    parser = models.add_parser("list", help="installed packages, languages and versions")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    add_settings_arguments(parser, PATH_FLAGS)
    parser.set_defaults(func=run_list)


def _register_available(models: argparse._SubParsersAction) -> None:
    parser = models.add_parser("available", help="packages offered by the index")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    add_settings_arguments(parser, INDEX_FLAGS)
    parser.set_defaults(func=run_available)


def _register_install(models: argparse._SubParsersAction) -> None:
    parser = models.add_parser(
        "install", help="install pairs from the index, or .argosmodel files",
        description="Examples: `models install en:ru ru:en`, `models install --from en --to ru "
                    "--both`, `models install ./translate-en_kk.argosmodel`.")
    parser.add_argument("targets", nargs="*", metavar="PAIR_OR_FILE",
                        help="FROM:TO pair from the index, or a path to a .argosmodel file")
    _add_pair_flags(parser)
    parser.add_argument("--both", action="store_true",
                        help="with --from/--to or pairs: also install the reverse direction")
    parser.add_argument("--force", action="store_true",
                        help="reinstall even if the same version (or file) is installed")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show a download progress bar (stderr)")
    bar.add_argument("--no-progress", dest="progress", action="store_false",
                     help="never show a progress bar (default: only on a terminal)")
    add_settings_arguments(parser, INDEX_FLAGS)
    parser.set_defaults(func=run_install)


def _register_remove(models: argparse._SubParsersAction) -> None:
    parser = models.add_parser("remove", help="remove installed pairs")
    parser.add_argument("targets", nargs="*", metavar="PAIR", help="FROM:TO pair")
    _add_pair_flags(parser)
    parser.add_argument("--both", action="store_true", help="also remove the reverse direction")
    add_settings_arguments(parser, PATH_FLAGS)
    parser.set_defaults(func=run_remove)


def _add_pair_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="from_code", metavar="CODE", help="source language code")
    parser.add_argument("--to", dest="to_code", metavar="CODE", help="target language code")


# --------------------------------------------------------------------------- actions

def run_list(args: argparse.Namespace) -> int:
    from service.engine.install import list_installed, recover_interrupted

    settings = load_settings(args)
    if os.access(settings.models_dir, os.W_OK):
        for restored in recover_interrupted(settings.models_dir):
            print(f"restored {restored.pair} {restored.package_version}: an upgrade of it was "
                  "interrupted before the new package was in place", file=sys.stderr)
    packages = list_installed(settings.models_dir)
    if args.json:
        print(json.dumps([p.to_json() for p in packages], ensure_ascii=False, indent=2))
        return 0
    if not packages:
        print(f"no packages installed in {settings.models_dir}\n"
              "install en<->ru with: python -m service models install en:ru ru:en")
        return 0
    print(f"{len(packages)} package(s) in {settings.models_dir}")
    for p in packages:
        names = f"{p.from_name or p.from_code} → {p.to_name or p.to_code}"
        token = f"  source token {p.source_token}" if p.source_token else ""
        print(f"  {p.from_code}→{p.to_code}  {names:<24} version {p.package_version or '?':<6} "
              f"{_megabytes(p.size_bytes):>8}  {p.path.name}{token}")
    return 0


def run_available(args: argparse.Namespace) -> int:
    from service.engine.install import read_index

    settings = load_settings(args)
    entries = read_index(settings.index_url)
    if args.json:
        print(json.dumps([{"from_code": e.from_code, "to_code": e.to_code,
                           "package_version": e.package_version, "links": list(e.links)}
                          for e in entries], ensure_ascii=False, indent=2))
        return 0
    print(f"{len(entries)} package(s) in {settings.index_url}")
    for e in sorted(entries, key=lambda e: (e.from_code, e.to_code)):
        print(f"  {e.from_code}:{e.to_code}  {e.from_name} → {e.to_name}  version {e.package_version}")
    return 0


def run_install(args: argparse.Namespace) -> int:
    from service.engine.install import install_from_file, install_from_index

    settings = load_settings(args)
    files, pairs = _split_targets(args)
    if not files and not pairs:
        raise InvalidInput("say what to install: a pair like en:ru, --from en --to ru, "
                           "or a path to a .argosmodel file", field="targets")
    for path in files:
        _report(install_from_file(settings.models_dir, path, force=args.force))
    for from_code, to_code in pairs:
        _report(install_from_index(settings.models_dir, settings.index_url, from_code, to_code,
                                   progress=args.progress, force=args.force))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from service.engine.install import remove

    settings = load_settings(args)
    files, pairs = _split_targets(args)
    if files:
        raise InvalidInput(f"remove takes pairs like en:ru, not files: {files[0]}", field="targets")
    if not pairs:
        raise InvalidInput("say which pair to remove: en:ru or --from en --to ru", field="targets")
    for from_code, to_code in pairs:
        removed = remove(settings.models_dir, from_code, to_code)
        print(f"removed {removed.pair} {removed.package_version} ({removed.path})")
    return 0


# --------------------------------------------------------------------------- parsing

def _split_targets(args: argparse.Namespace) -> tuple[list[str], list[tuple[str, str]]]:
    """Separate files from FROM:TO pairs; --both adds each pair's reverse (deduplicated)."""
    files, pairs = [], []
    for target in args.targets:
        if target.endswith(".argosmodel") or "/" in target or os.path.isfile(target):
            files.append(target)
        else:
            pairs.append(_parse_pair(target))
    if args.from_code or args.to_code:
        if not (args.from_code and args.to_code):
            raise InvalidInput("--from and --to go together (e.g. --from en --to ru)",
                               field="from" if not args.from_code else "to")
        pairs.append((args.from_code.strip().lower(), args.to_code.strip().lower()))
    if args.both:
        pairs += [(b, a) for a, b in pairs]
    return files, list(dict.fromkeys(pairs))


def _parse_pair(text: str) -> tuple[str, str]:
    parts = text.replace("->", ":").split(":")
    if len(parts) != 2 or not all(p.strip().isalpha() for p in parts):
        raise InvalidInput(f"pair {text!r} is not FROM:TO with two language codes (e.g. en:ru)",
                           field="targets")
    return parts[0].strip().lower(), parts[1].strip().lower()


def _report(result) -> None:
    p = result.package
    if result.action == "unchanged":
        print(f"{p.pair} {p.package_version} already installed in {p.path} (--force reinstalls)")
    elif result.action == "replaced":
        print(f"replaced {p.pair} {result.replaced_version} with {p.package_version} in {p.path}")
    else:
        print(f"installed {p.pair} {p.package_version} in {p.path} (sha256 {p.sha256[:12]}…)")
    sys.stdout.flush()


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
