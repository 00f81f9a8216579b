"""`python -m service glossary ...`: the tools editors and CI use on ``glossaries/``.

    lint [DIR] [--json]            every mistake, as file:line:col: severity: message [code]
    fmt [DIR] [--check]            rewrite into canonical order and style
    test [DIR] [--json]            run the `examples` of every entity
    diff BASE HEAD [--json]        what a change does: entities, names, variants, collisions
    export --format F --out DIR    DeepL TSV, Google / Amazon CSV, TBX-Basic
    import --format csv FILE       CSV (a column per language) -> reviewable YAML entities

DIR defaults to the configured glossary directory (AUDARMA_GLOSSARY_DIR / --glossary-dir).
Exit status: 0 clean, 1 problems found, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXPORT_FORMATS = ("deepl", "google", "amazon", "tbx")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("glossary", help="lint, format, test, diff, export glossaries",
                                   description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="glossary_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: _usage(parser))

    lint = commands.add_parser("lint", help="check glossary files (exit 1 on errors)")
    _add_dir(lint)
    lint.add_argument("--json", action="store_true", help="machine-readable report")
    lint.set_defaults(func=run_lint)

    fmt = commands.add_parser("fmt", help="rewrite files in canonical format")
    _add_dir(fmt)
    fmt.add_argument("--check", action="store_true",
                     help="change nothing; list files that would change and exit 1")
    fmt.set_defaults(func=run_fmt)

    test = commands.add_parser("test", help="run every entity's examples")
    _add_dir(test)
    test.add_argument("--json", action="store_true", help="machine-readable report")
    test.set_defaults(func=run_test)

    diff = commands.add_parser("diff", help="behaviour change between two directories or git revisions")
    diff.add_argument("base", help="directory or git revision (e.g. origin/main)")
    diff.add_argument("head", nargs="?", default=None,
                      help="directory or git revision (default: the glossary directory)")
    diff.add_argument("--path", default="glossaries",
                      help="glossary directory inside the repository, for revisions")
    diff.add_argument("--json", action="store_true", help="machine-readable report")
    diff.set_defaults(func=run_diff)

    export = commands.add_parser("export", help="export for DeepL, Google, Amazon or TBX tools")
    _add_dir(export)
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--out", required=True, type=Path, help="output directory")
    export.set_defaults(func=run_export)

    imp = commands.add_parser("import", help="turn a CSV term list into YAML entities")
    imp.add_argument("file", type=Path, help="CSV with a header row of language codes")
    imp.add_argument("--format", default="csv", choices=("csv",))
    imp.add_argument("--type", dest="entity_type", default=None,
                     help="entity type when the CSV has no `type` column")
    imp.add_argument("--out", type=Path, default=None, help="write YAML here (default: stdout)")
    imp.set_defaults(func=run_import)


def _add_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", type=Path, default=None,
                        help="glossary directory (default: AUDARMA_GLOSSARY_DIR or ./glossaries)")
    parser.add_argument("--glossary-dir", dest="glossary_dir", default=None,
                        help="same as DIR [env AUDARMA_GLOSSARY_DIR]")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def glossary_dir(args: argparse.Namespace) -> Path:
    """DIR, then --glossary-dir, then Settings (env AUDARMA_GLOSSARY_DIR, then default)."""
    from service.config import load_settings
    from service.errors import InvalidInput

    directory = args.dir or load_settings(args).glossary_dir
    directory = Path(directory)
    if not directory.is_dir():
        raise InvalidInput(f"glossary directory {str(directory)!r} does not exist or is not a "
                           "directory; pass DIR or set AUDARMA_GLOSSARY_DIR", field="dir")
    return directory


def run_lint(args: argparse.Namespace) -> int:
    from service.glossary.lint import lint_directory

    report = lint_directory(glossary_dir(args))
    if args.json:
        print(report.to_json())
    else:
        for finding in report.findings:
            print(finding.human())
        errors, warnings = len(report.errors), len(report.findings) - len(report.errors)
        print(f"{len(report.files)} files, {report.entities} entities: "
              f"{errors} errors, {warnings} warnings", file=sys.stderr)
    return 0 if report.ok else 1


def run_fmt(args: argparse.Namespace) -> int:
    from service.glossary.fmt import YamlSyntaxError, format_directory
    from service.glossary.lint import display_path

    directory = glossary_dir(args)
    try:
        changes = format_directory(directory, write=not args.check)
    except YamlSyntaxError as exc:
        print(f"{display_path(exc.path, directory)}:{exc.line}:{exc.column}: error: "
              f"{exc.message} [yaml-syntax]", file=sys.stderr)
        return 1
    verb = "would reformat" if args.check else "reformatted"
    for change in changes:
        print(f"{verb} {display_path(change.path, directory)} "
              f"(first change at line {change.first_changed_line})")
    if not changes:
        print("all files are in canonical format", file=sys.stderr)
    return 1 if (args.check and changes) else 0


def run_test(args: argparse.Namespace) -> int:
    from service.glossary.examples import run_examples

    report = run_examples(glossary_dir(args))
    print(report.to_json() if args.json else report.human())
    return 0 if report.ok else 1


def run_diff(args: argparse.Namespace) -> int:
    from service.glossary.diff import diff_sources

    head = args.head if args.head is not None else str(glossary_dir(args))
    result = diff_sources(args.base, head, repo_path=args.path)
    print(result.to_json() if args.json else result.human())
    return 0


def run_export(args: argparse.Namespace) -> int:
    from service.glossary.exports import export_glossary

    written = export_glossary(glossary_dir(args), args.format, args.out)
    for path, note in written:
        print(f"wrote {path}" + (f"  ({note})" if note else ""))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from service.glossary.imports import import_csv

    yaml_text = import_csv(args.file, entity_type=args.entity_type)
    if args.out is None:
        sys.stdout.write(yaml_text)
    else:
        args.out.write_text(yaml_text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0
